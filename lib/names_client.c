/* SPDX-License-Identifier: MIT */
/*
 * Client calls of the name service: pack the name, call through the
 * skeleton, unpack the answer (see <slate/names_client.h>).
 */
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
