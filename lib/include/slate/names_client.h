/* SPDX-License-Identifier: MIT */
/*
 * Calling the name service (<slate/names.h>, docs/services.md) through
 * the server skeleton, so it works the same whether the name service is
 * in another process or coalesced with the caller. Calls that carry a
 * handle need the calling thread's IPC buffer (registered with
 * slate_thread_set_ipc_buffer), passed as buf.
 */
#ifndef SLATE_NAMES_CLIENT_H
#define SLATE_NAMES_CLIENT_H

#include <slate/names.h>
#include <slate/server.h>

/*
 * A connection to the name service through the handle init gave this
 * process (SLATE_START_NAMES); its endpoint is SLATE_HANDLE_INVALID if
 * there is none, and calls then fail with SLATE_ERR_BAD_HANDLE.
 */
struct svc_conn slate_names_conn(void);

/* Publish endpoint under name; the handle moves, whatever the answer. */
slate_status_t slate_names_register(const struct svc_conn *names,
				    struct slate_ipc_buffer *buf,
				    const char *name, slate_handle_t endpoint);

/* Find name; on SLATE_OK *out is a handle to call it (WRITE, TRANSFER). */
slate_status_t slate_names_lookup(const struct svc_conn *names,
				  struct slate_ipc_buffer *buf,
				  const char *name, slate_handle_t *out);

slate_status_t slate_names_unregister(const struct svc_conn *names,
				      const char *name);

/*
 * init only: let the service whose handle carries badge register
 * (SLATE_NAMES_ALLOW_REGISTER) or look up (SLATE_NAMES_ALLOW_LOOKUP)
 * name.
 */
slate_status_t slate_names_allow(const struct svc_conn *names,
				 enum slate_names_op op, uint64_t badge,
				 const char *name);

/*
 * A connection that heals: to whichever server is registered under a
 * name now. A call that finds the server gone (SLATE_ERR_PEER_CLOSED)
 * drops the endpoint; the next call looks the name up again, and waits
 * (up to wait_ns, polling every millisecond) until the name leads to a
 * server that answers a ping (SVC_LABEL_PING): a restarted server keeps
 * its name registered, so until it registers again lookups return the
 * dead endpoint. A request flagged NAMES_CONN_IDEMPOTENT is sent again,
 * once, on the new server; any other request returns
 * SLATE_ERR_PEER_CLOSED, because the dead server may or may not have
 * carried it out. Register-only messages (no handles); one thread at a
 * time (buf is the calling thread's IPC buffer, for the lookups).
 */
struct names_conn {
	struct svc_conn names;        /* the name service */
	struct slate_ipc_buffer *buf; /* the calling thread's */
	char name[SLATE_NAMES_MAX + 1];
	slate_time_t wait_ns;    /* how long to wait for a live server */
	slate_handle_t endpoint; /* SLATE_HANDLE_INVALID: look up again */
	uint64_t connects;       /* live servers found, the first included */
	uint64_t retries;        /* idempotent requests sent again */
};

#define NAMES_CONN_IDEMPOTENT 1u

/* Set c up; nothing is looked up until the first call. */
slate_status_t names_conn_init(struct names_conn *c,
			       const struct svc_conn *names,
			       struct slate_ipc_buffer *buf, const char *name,
			       slate_time_t wait_ns);

/*
 * svc_call through c, reconnecting as above. Besides the server's own
 * answers: SLATE_ERR_PEER_CLOSED when the server died with the request
 * (not idempotent) or during its one retry, or no live server answered
 * within wait_ns; SLATE_ERR_NOT_FOUND if the name stayed unregistered;
 * the name service's errors (SLATE_ERR_ACCESS: no lookup grant).
 */
slate_status_t names_conn_call(struct names_conn *c, struct slate_msg *msg,
			       unsigned flags);

/* Close the endpoint c holds. */
void names_conn_close(struct names_conn *c);

#endif
