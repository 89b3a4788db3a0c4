/* SPDX-License-Identifier: MIT */
/*
 * The one skeleton every Slate server is written to. A server is a table
 * of message handlers (struct svc_server) and a state pointer; it has no
 * main loop of its own. Where it runs is decided by whoever wires it up:
 *
 *   - alone: a thin main() creates an endpoint and calls svc_serve(),
 *     which receives each request, dispatches it, and replies;
 *   - coalesced: several servers share one process, and a client in that
 *     process holds a local svc_conn, so svc_call() runs the handler as a
 *     plain function call on the client's own thread, with no IPC.
 *
 * Clients cannot tell the two apart: svc_call() gives the same status
 * and the same reply words either way. That is what lets the system
 * manifest move a server without a code change.
 *
 * The protocol on the wire: the request's label is the operation, its
 * words are the arguments; the reply's label is 0 on success or the
 * negated SLATE_ERR_* status, and its words are the results.
 *
 * Handles travel too (svc_call_handles): up to SLATE_MSG_HANDLES each
 * way, through the calling thread's IPC buffer on the remote path and
 * moved by value on the local one, with the same checks and the same
 * outcome (a request's handles leave the caller either way).
 *
 * The heartbeat: a request labelled SVC_LABEL_PING is answered by the
 * skeleton itself, on both paths, with its words unchanged; no handler
 * sees it. So every server can be watched by init's supervisor, and a
 * client can tell a live endpoint from a dead one, with no server code.
 *
 * Kernel messages (a pager's SLATE_PAGER_FAULT) are dispatched by label
 * like any request when the table has an entry for them; they have no
 * caller, so the reply svc_serve sends goes nowhere.
 *
 * A server's handlers run one at a time (svc_serve is one thread; local
 * calls happen on the client's thread): a server reached both ways at
 * once needs its own lock. XXX: words past the fourth are not carried
 * by svc_call yet; a request with more is refused with SLATE_ERR_TOO_BIG.
 */
#ifndef SLATE_SERVER_H
#define SLATE_SERVER_H

#include <stdbool.h>
#include <stdint.h>

#include <slate/sys.h>

/*
 * Reserved for the skeleton's heartbeat: the highest label a user
 * message may carry. A server's own operations must use other labels.
 */
#define SVC_LABEL_PING (SLATE_MSG_LABEL_KERNEL - 1)

/* What a handler gets: the request, rewritten in place as the reply. */
struct svc_request {
	uint64_t label;  /* the operation (read only) */
	uint64_t badge;  /* the caller's badge, from its handle or conn */
	unsigned nwords; /* request words that arrived; set for the reply */
	uint64_t words[SLATE_MSG_REG_WORDS];
	bool local; /* a direct call inside a coalesced group */
	/*
	 * Handles that came with the request, now in this process. A
	 * handler keeps one by setting its entry to SLATE_HANDLE_INVALID;
	 * the skeleton closes every entry left after the handler returns.
	 */
	unsigned nhandles;
	slate_handle_t handles[SLATE_MSG_HANDLES];
	/*
	 * Handles for the reply (each needs SLATE_RIGHT_TRANSFER): they
	 * move to the caller on SLATE_OK and are closed on an error.
	 */
	unsigned nreply_handles;
	slate_handle_t reply_handles[SLATE_MSG_HANDLES];
};

/*
 * A handler checks its arguments, does the work and leaves its results
 * in req->words (setting req->nwords) and req->reply_handles. It
 * returns SLATE_OK or a negative SLATE_ERR_*, which reaches the client
 * as svc_call's status.
 */
typedef slate_status_t (*svc_handler)(void *state, struct svc_request *req);

struct svc_op {
	uint64_t label;
	unsigned min_words; /* shorter requests get SLATE_ERR_INVALID */
	svc_handler fn;
};

struct svc_server {
	const char *name; /* prefixes the server's log lines */
	const struct svc_op *ops;
	unsigned nops;
	/*
	 * Called once before the first request and again after a restart,
	 * to (re)build the state; NULL if there is nothing to do. A
	 * failure stops svc_serve / svc_conn_local with that status.
	 */
	slate_status_t (*init)(void *state);
};

/*
 * Run the handler for req (label, words, badge already filled in). An
 * unknown label or too few words give SLATE_ERR_INVALID without calling
 * anything; SVC_LABEL_PING gives SLATE_OK with the words unchanged. The reply
 * words are valid only on SLATE_OK.
 */
slate_status_t svc_dispatch(const struct svc_server *s, void *state,
			    struct svc_request *req);

/*
 * Initialise the server, then receive on endpoint (a handle with READ)
 * and answer requests until a receive fails, for example with
 * SLATE_ERR_PEER_CLOSED when no client handle is left. Returns that
 * status, or init's failure. The calling thread gets an IPC buffer of
 * its own (a page mapped here, released on return) for handles.
 */
slate_status_t svc_serve(const struct svc_server *s, void *state,
			 slate_handle_t endpoint);

/* How a client reaches a server: through an endpoint, or directly. */
struct svc_conn {
	const struct svc_server *local; /* non-NULL: same process */
	void *state;                    /* the local server's state */
	uint64_t badge;                 /* what local handlers see */
	slate_handle_t endpoint;        /* otherwise: a handle with WRITE */
};

/* A connection through an endpoint handle (badged or not). */
struct svc_conn svc_conn_remote(slate_handle_t endpoint);

/*
 * A connection to a server in this process; runs its init first, so
 * call this once per server, not once per client. badge stands in for
 * the badge a minted handle would carry.
 */
slate_status_t svc_conn_local(struct svc_conn *out, const struct svc_server *s,
			      void *state, uint64_t badge);

/*
 * Send a request (msg->info's label and words) and wait for the answer;
 * on SLATE_OK msg holds the reply words. Returns the handler's status,
 * or the kernel's if the IPC itself failed (the server is gone:
 * SLATE_ERR_PEER_CLOSED). A message with more than SLATE_MSG_REG_WORDS
 * words or with handles gets SLATE_ERR_TOO_BIG on either path.
 */
slate_status_t svc_call(const struct svc_conn *c, struct slate_msg *msg);

/*
 * svc_call with handles. buf is the calling thread's IPC buffer, the one
 * it registered with slate_thread_set_ipc_buffer (the kernel reads and
 * writes that one on the remote path). The request's handles are
 * buf->handles[0 .. SLATE_MSG_NHANDLES(msg->info)): each needs TRANSFER
 * (SLATE_ERR_ACCESS), they must be distinct (SLATE_ERR_INVALID), and
 * once the request is delivered they have left the caller, whatever the
 * handler answers. On SLATE_OK the reply's handles are in
 * buf->handles[0 .. SLATE_MSG_NHANDLES(msg->info)).
 */
slate_status_t svc_call_handles(const struct svc_conn *c, struct slate_msg *msg,
				struct slate_ipc_buffer *buf);

/*
 * Ping the server (SVC_LABEL_PING) with cookie and check that the
 * answer carries it back: SLATE_OK if the server is alive and its
 * receive loop is running, SLATE_ERR_PEER_CLOSED if it is gone,
 * SLATE_ERR_INVALID if the answer is wrong. Blocks while the server is
 * busy (or hung): the caller needs its own deadline.
 */
slate_status_t svc_ping(const struct svc_conn *c, uint64_t cookie);

#endif
