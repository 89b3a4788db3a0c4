/* SPDX-License-Identifier: MIT */
/*
 * IPC and notifications between two threads of this process: a call
 * reaches a receiver with its label, words and the caller's badge, and
 * the reply comes back in the same registers; notification bits raised
 * by one thread are seen by another.
 */
#include <stdint.h>

#include <slate/sys.h>
#include <slate/thread.h>

#include "sltest.h"

#define LABEL_ASK   7
#define LABEL_REPLY 8
#define BADGE       0x1234abcdull
#define ROUNDS      3

/* What the server saw, checked by the test once the replies are in. */
struct server_log {
	slate_handle_t ep;
	slate_status_t status;
	uint64_t badge[ROUNDS];
	uint64_t label[ROUNDS];
};

/*
 * Answer calls with each word plus 100 and the label LABEL_REPLY until
 * the receive fails: once the test has closed every handle to the
 * endpoint, no one can call, and the kernel says so (PEER_CLOSED).
 */
static void *echo_server(void *arg)
{
	struct server_log *log = arg;
	struct slate_msg m;
	slate_status_t st = slate_ipc_recv(log->ep, &m);

	for (int i = 0; st == SLATE_OK; i++) {
		if (i < ROUNDS) {
			log->badge[i] = m.badge;
			log->label[i] = SLATE_MSG_LABEL(m.info);
		}
		for (int w = 0; w < SLATE_MSG_REG_WORDS; w++)
			m.words[w] += 100;
		m.info = SLATE_MSG_INFO(LABEL_REPLY, SLATE_MSG_REG_WORDS, 0);
		st = slate_ipc_reply_recv(log->ep, &m);
	}
	log->status = st;
	return NULL;
}

SLTEST(ipc_call_reply_and_badge)
{
	static struct server_log log;
	struct slate_thread *server;
	slate_status_t ep = slate_endpoint_create(), minted, readonly;
	struct slate_msg m;

	SLTEST_CHECK(ep > 0);
	minted =
	    slate_handle_mint((slate_handle_t)ep, SLATE_RIGHT_WRITE, BADGE);
	SLTEST_CHECK(minted > 0);
	log.ep = (slate_handle_t)ep;
	SLTEST_CHECK_EQ(slate_thread_create(&server, echo_server, &log, 0), 0);

	for (uint64_t i = 0; i < ROUNDS; i++) {
		m = (struct slate_msg){
		    .info = SLATE_MSG_INFO(LABEL_ASK, 4, 0),
		    .words = {i, i + 1, i + 2, UINT64_MAX - i},
		};
		SLTEST_CHECK_EQ(slate_ipc_call((slate_handle_t)minted, &m), 0);
		SLTEST_CHECK_EQ(SLATE_MSG_LABEL(m.info), LABEL_REPLY);
		SLTEST_CHECK_EQ(SLATE_MSG_NWORDS(m.info), 4);
		SLTEST_CHECK(m.words[0] == i + 100 && m.words[1] == i + 101 &&
			     m.words[2] == i + 102 &&
			     m.words[3] == UINT64_MAX - i + 100);
		SLTEST_CHECK_EQ(log.badge[i], BADGE);
		SLTEST_CHECK_EQ(log.label[i], LABEL_ASK);
	}
	/* A receive-only handle cannot call. */
	readonly = slate_handle_duplicate((slate_handle_t)ep, SLATE_RIGHT_READ);
	SLTEST_CHECK(readonly > 0);
	SLTEST_CHECK_EQ(slate_ipc_call((slate_handle_t)readonly, &m),
			SLATE_ERR_ACCESS);

	/* With every handle gone the server's wait ends, and so does it. */
	SLTEST_CHECK_EQ(slate_handle_close((slate_handle_t)readonly), 0);
	SLTEST_CHECK_EQ(slate_handle_close((slate_handle_t)minted), 0);
	SLTEST_CHECK_EQ(slate_handle_close((slate_handle_t)ep), 0);
	SLTEST_CHECK_EQ(slate_thread_join(server, NULL), 0);
	SLTEST_CHECK_EQ(log.status, SLATE_ERR_PEER_CLOSED);
	return NULL;
}

/* What the checking server saw; the test reads it after each reply. */
struct check_log {
	slate_handle_t ep;
	unsigned calls;           /* calls received */
	slate_status_t bad_reply; /* its first try at replying */
	slate_status_t status;    /* how its receive loop ended */
};

/*
 * Answer each call with word 0 plus one, after first trying to reply
 * with a label only the kernel may send: that reply must be refused
 * and leave the caller waiting for the good one.
 */
static void *checking_server(void *arg)
{
	struct check_log *log = arg;
	struct slate_msg m;
	slate_status_t st = slate_ipc_recv(log->ep, &m);

	while (st == SLATE_OK) {
		struct slate_msg bad = {
		    .info = SLATE_MSG_INFO(SLATE_MSG_LABEL_KERNEL, 1, 0)};

		log->calls++;
		log->bad_reply = slate_ipc_reply_recv(log->ep, &bad);
		m.words[0]++;
		m.info = SLATE_MSG_INFO(LABEL_REPLY, 1, 0);
		st = slate_ipc_reply_recv(log->ep, &m);
	}
	log->status = st;
	return NULL;
}

/* One call of info with word 0 set to 5; the status, and the reply. */
static slate_status_t call_with(slate_handle_t h, uint64_t info,
				uint64_t *word0)
{
	struct slate_msg m = {.info = info, .words = {5}};
	slate_status_t st = slate_ipc_call(h, &m);

	*word0 = m.words[0];
	return st;
}

/*
 * The kernel's IPC fastpath (register-only messages to a waiting
 * receiver) must refuse exactly what the general path refuses: every
 * bad call here is made while the server waits in receive, which is
 * when the fastpath would take it, and none of them may reach it.
 */
SLTEST(ipc_waiting_receiver_refuses_bad_calls)
{
	static struct check_log log;
	struct slate_thread *server;
	slate_status_t ep = slate_endpoint_create(), readonly;
	slate_status_t closed = slate_endpoint_create();
	slate_handle_t h;
	uint64_t w;

	SLTEST_CHECK(ep > 0 && closed > 0);
	SLTEST_CHECK_EQ(slate_handle_close((slate_handle_t)closed), 0);
	h = (slate_handle_t)ep;
	readonly = slate_handle_duplicate(h, SLATE_RIGHT_READ);
	SLTEST_CHECK(readonly > 0);
	log = (struct check_log){.ep = h};
	SLTEST_CHECK_EQ(slate_thread_create(&server, checking_server, &log, 0),
			0);

	/* The refused reply left this call waiting for the real one. */
	SLTEST_CHECK_EQ(call_with(h, SLATE_MSG_INFO(LABEL_ASK, 1, 0), &w), 0);
	SLTEST_CHECK_EQ(w, 6);
	SLTEST_CHECK_EQ(log.bad_reply, SLATE_ERR_INVALID);

	SLTEST_CHECK_EQ(
	    call_with(h, SLATE_MSG_INFO(SLATE_MSG_LABEL_KERNEL, 1, 0), &w),
	    SLATE_ERR_INVALID);
	SLTEST_CHECK_EQ(
	    call_with(h, SLATE_MSG_INFO(LABEL_ASK, 1, 0) | 0x800, &w),
	    SLATE_ERR_TOO_BIG);
	SLTEST_CHECK_EQ(call_with(h, SLATE_MSG_INFO(LABEL_ASK, 65, 0), &w),
			SLATE_ERR_TOO_BIG);
	SLTEST_CHECK_EQ(call_with((slate_handle_t)readonly,
				  SLATE_MSG_INFO(LABEL_ASK, 1, 0), &w),
			SLATE_ERR_ACCESS);
	SLTEST_CHECK_EQ(call_with((slate_handle_t)closed,
				  SLATE_MSG_INFO(LABEL_ASK, 1, 0), &w),
			SLATE_ERR_BAD_HANDLE);
	SLTEST_CHECK_EQ(log.calls, 1);

	/* The server is still there, and saw only the good calls. */
	SLTEST_CHECK_EQ(call_with(h, SLATE_MSG_INFO(LABEL_ASK, 1, 0), &w), 0);
	SLTEST_CHECK_EQ(w, 6);
	SLTEST_CHECK_EQ(log.calls, 2);

	SLTEST_CHECK_EQ(slate_handle_close((slate_handle_t)readonly), 0);
	SLTEST_CHECK_EQ(slate_handle_close(h), 0);
	SLTEST_CHECK_EQ(slate_thread_join(server, NULL), 0);
	SLTEST_CHECK_EQ(log.status, SLATE_ERR_PEER_CLOSED);
	return NULL;
}

SLTEST(ipc_recv_poll_finds_nothing)
{
	slate_status_t ep = slate_endpoint_create();
	struct slate_msg m = {.info = 0xdead};

	SLTEST_CHECK(ep > 0);
	SLTEST_CHECK_EQ(
	    slate_ipc_recv_deadline((slate_handle_t)ep, &m, SLATE_TIME_POLL),
	    SLATE_ERR_WOULD_BLOCK);
	SLTEST_CHECK(m.info == 0xdead); /* untouched on failure */
	SLTEST_CHECK_EQ(slate_ipc_recv_deadline(12345, &m, SLATE_TIME_POLL),
			SLATE_ERR_BAD_HANDLE);
	SLTEST_CHECK_EQ(slate_handle_close((slate_handle_t)ep), 0);
	return NULL;
}

static void *raise_bits(void *arg)
{
	slate_handle_t n = (slate_handle_t)(uintptr_t)arg;

	return (void *)(intptr_t)slate_notify_signal(n, 0x5);
}

SLTEST(notify_signal_wakes_waiter)
{
	slate_status_t n = slate_notify_create(), bits;
	struct slate_thread *t;
	void *st;

	SLTEST_CHECK(n > 0);
	SLTEST_CHECK_EQ(
	    slate_thread_create(&t, raise_bits, (void *)(uintptr_t)n, 0), 0);
	bits = slate_notify_wait((slate_handle_t)n, SLATE_TIME_INFINITE);
	SLTEST_CHECK(bits > 0 && (bits & 0x5) == 0x5);
	SLTEST_CHECK_EQ(slate_thread_join(t, &st), 0);
	SLTEST_CHECK_EQ((intptr_t)st, 0);
	SLTEST_CHECK_EQ(slate_notify_signal(12345, 1), SLATE_ERR_BAD_HANDLE);
	SLTEST_CHECK_EQ(slate_handle_close((slate_handle_t)n), 0);
	return NULL;
}
