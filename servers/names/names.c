/* SPDX-License-Identifier: MIT */
/*
 * The name service's handlers. Every check comes before any change: a
 * refused request leaves the tables as they were (handles that came with
 * it are closed by the skeleton).
 *
 * A name whose server died keeps its entry: the endpoint handle kept
 * here has no READ, so once the server's last receiving handle is gone,
 * calls through any copy fail at once with SLATE_ERR_PEER_CLOSED rather
 * than hang, and the restarted server (same badge, same grants)
 * registers again, replacing the dead endpoint. XXX: until then lookups
 * hand out the dead endpoint; the name service cannot tell it is dead.
 */
#include <stdio.h>
#include <string.h>

#include "names.h"

static const struct names_grant *grant_find(const struct names_state *ns,
					    uint64_t badge,
					    enum names_grant_kind kind,
					    const char *name)
{
	for (unsigned i = 0; i < NAMES_MAX_GRANTS; i++) {
		const struct names_grant *g = &ns->grant[i];

		if (g->badge == badge && g->kind == kind &&
		    !strcmp(g->name, name))
			return g;
	}
	return NULL;
}

static struct names_entry *entry_find(struct names_state *ns, const char *name)
{
	for (unsigned i = 0; i < NAMES_MAX_ENTRIES; i++)
		if (!strcmp(ns->entry[i].name, name))
			return &ns->entry[i];
	return NULL;
}

static bool may(const struct names_state *ns, uint64_t badge,
		enum names_grant_kind kind, const char *name)
{
	return badge != 0 && grant_find(ns, badge, kind, name);
}

/* The name in words[first ..]; false if malformed. */
static bool request_name(const struct svc_request *req, unsigned first,
			 char name[SLATE_NAMES_MAX + 1])
{
	return slate_names_unpack(&req->words[first], name);
}

/* An endpoint handle callers may copy and call, but never receive on. */
static bool publishable(slate_handle_t h)
{
	struct slate_handle_info info;
	uint32_t need = SLATE_RIGHT_WRITE | SLATE_RIGHT_DUPLICATE;

	if (slate_handle_info(h, &info) != SLATE_OK)
		return false;
	return info.type == SLATE_OBJ_ENDPOINT &&
	       (info.rights & need) == need &&
	       !(info.rights & SLATE_RIGHT_READ);
}

static slate_status_t names_register(void *state, struct svc_request *req)
{
	struct names_state *ns = state;
	char name[SLATE_NAMES_MAX + 1];
	struct names_entry *e;

	if (!request_name(req, 0, name))
		return SLATE_ERR_INVALID;
	if (!may(ns, req->badge, NAMES_MAY_REGISTER, name))
		return SLATE_ERR_ACCESS;
	if (req->nhandles != 1 || !publishable(req->handles[0]))
		return SLATE_ERR_INVALID;
	e = entry_find(ns, name);
	if (!e)
		e = entry_find(ns, "");
	if (!e)
		return SLATE_ERR_NO_MEMORY;

	if (e->endpoint)
		slate_handle_close(e->endpoint); /* a restarted server's */
	memcpy(e->name, name, sizeof(e->name));
	e->owner = req->badge;
	e->endpoint = req->handles[0];
	req->handles[0] = SLATE_HANDLE_INVALID; /* kept */
	req->nwords = 0;
	return SLATE_OK;
}

static slate_status_t names_lookup(void *state, struct svc_request *req)
{
	struct names_state *ns = state;
	char name[SLATE_NAMES_MAX + 1];
	struct names_entry *e;
	slate_status_t copy;

	if (!request_name(req, 0, name))
		return SLATE_ERR_INVALID;
	if (!may(ns, req->badge, NAMES_MAY_LOOKUP, name))
		return SLATE_ERR_ACCESS;
	e = entry_find(ns, name);
	if (!e)
		return SLATE_ERR_NOT_FOUND;
	copy = slate_handle_duplicate(e->endpoint,
				      SLATE_RIGHT_WRITE | SLATE_RIGHT_TRANSFER);
	if (copy < 0)
		return copy;

	req->reply_handles[0] = (slate_handle_t)copy;
	req->nreply_handles = 1;
	req->nwords = 0;
	return SLATE_OK;
}

static slate_status_t names_unregister(void *state, struct svc_request *req)
{
	struct names_state *ns = state;
	char name[SLATE_NAMES_MAX + 1];
	struct names_entry *e;

	if (!request_name(req, 0, name))
		return SLATE_ERR_INVALID;
	if (!may(ns, req->badge, NAMES_MAY_REGISTER, name))
		return SLATE_ERR_ACCESS;
	e = entry_find(ns, name);
	if (!e)
		return SLATE_ERR_NOT_FOUND;
	if (e->owner != req->badge)
		return SLATE_ERR_ACCESS;

	slate_handle_close(e->endpoint);
	*e = (struct names_entry){0};
	req->nwords = 0;
	return SLATE_OK;
}

/* ALLOW_REGISTER and ALLOW_LOOKUP: badge in word 0, the name after. */
static slate_status_t names_allow(struct names_state *ns,
				  struct svc_request *req,
				  enum names_grant_kind kind)
{
	char name[SLATE_NAMES_MAX + 1];
	struct names_grant *g = NULL;

	if (req->badge != 0)
		return SLATE_ERR_ACCESS; /* only init's unbadged handle */
	if (req->words[0] == 0 || !request_name(req, 1, name))
		return SLATE_ERR_INVALID;
	if (grant_find(ns, req->words[0], kind, name))
		return SLATE_OK; /* init says it again after a restart */
	for (unsigned i = 0; i < NAMES_MAX_GRANTS && !g; i++)
		if (ns->grant[i].badge == 0)
			g = &ns->grant[i];
	if (!g)
		return SLATE_ERR_NO_MEMORY;

	g->badge = req->words[0];
	g->kind = kind;
	memcpy(g->name, name, sizeof(g->name));
	req->nwords = 0;
	return SLATE_OK;
}

static slate_status_t names_allow_register(void *state, struct svc_request *req)
{
	return names_allow(state, req, NAMES_MAY_REGISTER);
}

static slate_status_t names_allow_lookup(void *state, struct svc_request *req)
{
	return names_allow(state, req, NAMES_MAY_LOOKUP);
}

/* A fresh start, or a restart: nothing is granted or registered. */
static slate_status_t names_init(void *state)
{
	struct names_state *ns = state;

	for (unsigned i = 0; i < NAMES_MAX_ENTRIES; i++)
		if (ns->entry[i].endpoint)
			slate_handle_close(ns->entry[i].endpoint);
	memset(ns, 0, sizeof(*ns));
	return SLATE_OK;
}

static const struct svc_op names_ops[] = {
    {SLATE_NAMES_REGISTER, SLATE_NAMES_WORDS, names_register},
    {SLATE_NAMES_LOOKUP, SLATE_NAMES_WORDS, names_lookup},
    {SLATE_NAMES_UNREGISTER, SLATE_NAMES_WORDS, names_unregister},
    {SLATE_NAMES_ALLOW_REGISTER, 1 + SLATE_NAMES_WORDS, names_allow_register},
    {SLATE_NAMES_ALLOW_LOOKUP, 1 + SLATE_NAMES_WORDS, names_allow_lookup},
};

const struct svc_server names_server = {
    .name = "names",
    .ops = names_ops,
    .nops = sizeof(names_ops) / sizeof(names_ops[0]),
    .init = names_init,
};
