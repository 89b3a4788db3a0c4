/* SPDX-License-Identifier: MIT */
/*
 * The server skeleton (see <slate/server.h>): dispatch by label, the
 * receive-and-reply loop for a server alone in its process, and calls
 * that are IPC or a direct function call depending on where the server
 * was placed.
 */
#include <stdio.h>
#include <string.h>

#include <slate/server.h>

/* A reply's label carries the status: 0, or the negated error. */
static uint64_t status_to_label(slate_status_t st)
{
	return st < 0 ? (uint64_t)-st : 0;
}

static slate_status_t label_to_status(uint64_t label)
{
	return label ? -(slate_status_t)label : SLATE_OK;
}

static const struct svc_op *find_op(const struct svc_server *s, uint64_t label)
{
	for (unsigned i = 0; i < s->nops; i++)
		if (s->ops[i].label == label)
			return &s->ops[i];
	return NULL;
}

slate_status_t svc_dispatch(const struct svc_server *s, void *state,
			    struct svc_request *req)
{
	const struct svc_op *op = find_op(s, req->label);

	if (!op || req->nwords < op->min_words)
		return SLATE_ERR_INVALID;
	return op->fn(state, req);
}

/* Turn a received message into a request, and the outcome into a reply. */
static void serve_one(const struct svc_server *s, void *state,
		      struct slate_msg *m)
{
	struct svc_request req = {
	    .label = SLATE_MSG_LABEL(m->info),
	    .badge = m->badge,
	    .nwords = SLATE_MSG_NWORDS(m->info),
	};
	slate_status_t st;

	memcpy(req.words, m->words, sizeof(req.words));
	/* From a raw IPC client: svc_call would not have sent it. */
	if (req.nwords > SLATE_MSG_REG_WORDS || SLATE_MSG_NHANDLES(m->info))
		st = SLATE_ERR_TOO_BIG;
	else
		st = svc_dispatch(s, state, &req);
	if (st != SLATE_OK || req.nwords > SLATE_MSG_REG_WORDS)
		req.nwords = 0;
	m->info = SLATE_MSG_INFO(status_to_label(st), req.nwords, 0);
	memcpy(m->words, req.words, sizeof(m->words));
}

slate_status_t svc_serve(const struct svc_server *s, void *state,
			 slate_handle_t endpoint)
{
	struct slate_msg m;
	slate_status_t st = s->init ? s->init(state) : SLATE_OK;

	if (st != SLATE_OK) {
		printf("%s: init failed: %lld\n", s->name, (long long)st);
		return st;
	}
	st = slate_ipc_recv(endpoint, &m);
	while (st == SLATE_OK) {
		serve_one(s, state, &m);
		st = slate_ipc_reply_recv(endpoint, &m);
	}
	return st;
}

struct svc_conn svc_conn_remote(slate_handle_t endpoint)
{
	return (struct svc_conn){.endpoint = endpoint};
}

slate_status_t svc_conn_local(struct svc_conn *out, const struct svc_server *s,
			      void *state, uint64_t badge)
{
	slate_status_t st = s->init ? s->init(state) : SLATE_OK;

	if (st != SLATE_OK)
		return st;
	*out = (struct svc_conn){.local = s, .state = state, .badge = badge};
	return SLATE_OK;
}

/* The coalesced path: the same checks and reply shape, no kernel. */
static slate_status_t call_local(const struct svc_conn *c,
				 struct slate_msg *msg)
{
	struct svc_request req = {
	    .label = SLATE_MSG_LABEL(msg->info),
	    .badge = c->badge,
	    .nwords = SLATE_MSG_NWORDS(msg->info),
	    .local = true,
	};
	slate_status_t st;

	memcpy(req.words, msg->words, sizeof(req.words));
	st = svc_dispatch(c->local, c->state, &req);
	if (st != SLATE_OK)
		return st;
	if (req.nwords > SLATE_MSG_REG_WORDS)
		req.nwords = 0;
	msg->info = SLATE_MSG_INFO(0, req.nwords, 0);
	memcpy(msg->words, req.words, sizeof(msg->words));
	msg->badge = 0;
	return SLATE_OK;
}

slate_status_t svc_call(const struct svc_conn *c, struct slate_msg *msg)
{
	struct slate_msg m = *msg;
	slate_status_t st;

	/* Both paths refuse what only the IPC buffer could carry. */
	if (SLATE_MSG_NWORDS(msg->info) > SLATE_MSG_REG_WORDS ||
	    SLATE_MSG_NHANDLES(msg->info))
		return SLATE_ERR_TOO_BIG;
	if (c->local)
		return call_local(c, msg);
	st = slate_ipc_call(c->endpoint, &m);
	if (st != SLATE_OK)
		return st;
	st = label_to_status(SLATE_MSG_LABEL(m.info));
	if (st == SLATE_OK)
		*msg = m;
	return st;
}
