/* SPDX-License-Identifier: MIT */
/*
 * Client calls of the name service: pack the name, call through the
 * skeleton, unpack the answer (see <slate/names_client.h>).
 */
#include <string.h>

#include <slate/names_client.h>

struct svc_conn slate_names_conn(void)
{
	return svc_conn_remote(slate_start_handle(SLATE_START_NAMES));
}

/* A request with the name in words[first ..]; false if it cannot be. */
static bool name_msg(struct slate_msg *m, uint64_t label, unsigned first,
		     const char *name, unsigned nhandles)
{
	*m = (struct slate_msg){
	    .info = SLATE_MSG_INFO(label, first + SLATE_NAMES_WORDS, nhandles),
	};
	return slate_names_pack(name, &m->words[first]);
}

slate_status_t slate_names_register(const struct svc_conn *names,
				    struct slate_ipc_buffer *buf,
				    const char *name, slate_handle_t endpoint)
{
	struct slate_msg m;

	if (!buf)
		return SLATE_ERR_BAD_STATE;
	if (!name_msg(&m, SLATE_NAMES_REGISTER, 0, name, 1)) {
		slate_handle_close(endpoint); /* it moves, whatever happens */
		return SLATE_ERR_INVALID;
	}
	buf->handles[0] = endpoint;
	return svc_call_handles(names, &m, buf);
}

slate_status_t slate_names_lookup(const struct svc_conn *names,
				  struct slate_ipc_buffer *buf,
				  const char *name, slate_handle_t *out)
{
	struct slate_msg m;
	slate_status_t st;

	if (!buf)
		return SLATE_ERR_BAD_STATE;
	if (!name_msg(&m, SLATE_NAMES_LOOKUP, 0, name, 0))
		return SLATE_ERR_INVALID;
	st = svc_call_handles(names, &m, buf);
	if (st != SLATE_OK)
		return st;
	if (SLATE_MSG_NHANDLES(m.info) != 1)
		return SLATE_ERR_INVALID; /* not the name service */
	*out = buf->handles[0];
	return SLATE_OK;
}

slate_status_t slate_names_unregister(const struct svc_conn *names,
				      const char *name)
{
	struct slate_msg m;

	if (!name_msg(&m, SLATE_NAMES_UNREGISTER, 0, name, 0))
		return SLATE_ERR_INVALID;
	return svc_call(names, &m);
}

slate_status_t slate_names_allow(const struct svc_conn *names,
				 enum slate_names_op op, uint64_t badge,
				 const char *name)
{
	struct slate_msg m;

	if (op != SLATE_NAMES_ALLOW_REGISTER && op != SLATE_NAMES_ALLOW_LOOKUP)
		return SLATE_ERR_INVALID;
	if (!name_msg(&m, op, 1, name, 0))
		return SLATE_ERR_INVALID;
	m.words[0] = badge;
	return svc_call(names, &m);
}

slate_status_t names_conn_init(struct names_conn *c,
			       const struct svc_conn *names,
			       struct slate_ipc_buffer *buf, const char *name,
			       slate_time_t wait_ns)
{
	uint64_t words[SLATE_NAMES_WORDS];

	if (!buf || !slate_names_pack(name, words))
		return SLATE_ERR_INVALID;
	*c = (struct names_conn){
	    .names = *names, .buf = buf, .wait_ns = wait_ns};
	memcpy(c->name, name, strlen(name) + 1);
	return SLATE_OK;
}

void names_conn_close(struct names_conn *c)
{
	if (c->endpoint != SLATE_HANDLE_INVALID)
		slate_handle_close(c->endpoint);
	c->endpoint = SLATE_HANDLE_INVALID;
}

/* Look the name up once; SLATE_OK if what it gives answers a ping. */
static slate_status_t try_connect(struct names_conn *c)
{
	slate_handle_t h;
	slate_status_t st = slate_names_lookup(&c->names, c->buf, c->name, &h);
	struct svc_conn conn;

	if (st != SLATE_OK)
		return st;
	conn = svc_conn_remote(h);
	st = svc_ping(&conn, c->connects + 1);
	if (st != SLATE_OK) {
		slate_handle_close(h);
		return st;
	}
	c->endpoint = h;
	c->connects++;
	return SLATE_OK;
}

/*
 * Find a live server under the name, waiting while lookups find nothing
 * or only a dead endpoint (a server between instances). XXX: this polls
 * the name service every millisecond; it has no blocking lookup.
 */
static slate_status_t reconnect(struct names_conn *c)
{
	slate_time_t until = slate_clock_get() + c->wait_ns;
	slate_status_t st;

	names_conn_close(c);
	for (;;) {
		st = try_connect(c);
		if (st != SLATE_ERR_PEER_CLOSED && st != SLATE_ERR_NOT_FOUND)
			return st;
		if (slate_clock_get() >= until)
			return st;
		slate_thread_sleep(slate_clock_get() + 1000000);
	}
}

static slate_status_t call_once(struct names_conn *c, struct slate_msg *msg)
{
	struct svc_conn conn = svc_conn_remote(c->endpoint);
	slate_status_t st = svc_call(&conn, msg);

	if (st == SLATE_ERR_PEER_CLOSED)
		names_conn_close(c); /* the next call looks the name up */
	return st;
}

slate_status_t names_conn_call(struct names_conn *c, struct slate_msg *msg,
			       unsigned flags)
{
	struct slate_msg request = *msg;
	slate_status_t st;

	if (c->endpoint == SLATE_HANDLE_INVALID) {
		st = reconnect(c);
		if (st != SLATE_OK)
			return st;
	}
	st = call_once(c, msg);
	if (st != SLATE_ERR_PEER_CLOSED || !(flags & NAMES_CONN_IDEMPOTENT))
		return st;
	st = reconnect(c);
	if (st != SLATE_OK)
		return st;
	c->retries++;
	*msg = request;
	return call_once(c, msg);
}
