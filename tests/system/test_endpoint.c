/* SPDX-License-Identifier: MIT */
/*
 * IPC through endpoints (include/slate/ipc.h): call and reply with the
 * message in registers, badges, long messages and handles through the
 * IPC buffer, timeouts, and every error a caller can provoke. The
 * server is a second thread of this process, so both sides are real
 * threads the kernel schedules, on any CPU.
 */
#include <slate/ipc.h>
#include <slate/sys.h>
#include <slate/thread.h>
#include <stdlib.h>

#include "sltest.h"

#define LABEL_ADD  1 /* reply with every word plus one */
#define LABEL_LONG 2 /* check a long message with a VMO handle */
#define LABEL_STOP 3 /* reply, then leave the loop */

/* One IPC buffer per thread: the kernel pins the page it is in. */
static struct slate_ipc_buffer client_buf __attribute__((aligned(4096)));
static struct slate_ipc_buffer server_buf __attribute__((aligned(4096)));

static uint64_t long_reply(void)
{
	struct slate_handle_info info;
	uint64_t sum = 0;

	for (unsigned i = SLATE_MSG_REG_WORDS; i < 10; i++)
		sum += server_buf.words[i];
	if (slate_handle_info(server_buf.handles[0], &info) != 0 ||
	    info.type != SLATE_OBJ_VMO)
		return 0;
	slate_handle_close(server_buf.handles[0]);
	return sum;
}

/* The server loop: arg is the endpoint handle. */
static void *server(void *arg)
{
	slate_handle_t ep = (slate_handle_t)(uintptr_t)arg;
	struct slate_msg m;
	slate_status_t st;

	if (slate_thread_set_ipc_buffer(&server_buf) != 0)
		return (void *)1;
	st = slate_ipc_recv(ep, &m);
	while (st == 0) {
		uint64_t label = SLATE_MSG_LABEL(m.info);

		if (label == LABEL_LONG)
			m.words[0] = long_reply();
		else
			for (unsigned i = 0; i < SLATE_MSG_REG_WORDS; i++)
				m.words[i] = m.words[i] + 1 + m.badge;
		m.info = SLATE_MSG_INFO(label, SLATE_MSG_REG_WORDS, 0);
		if (label == LABEL_STOP) {
			slate_ipc_reply_recv(ep, &m); /* returns when closed */
			break;
		}
		st = slate_ipc_reply_recv(ep, &m);
	}
	return NULL;
}

struct pair {
	slate_handle_t ep;
	struct slate_thread *server;
};

static const char *start_server(struct pair *p)
{
	slate_status_t ep = slate_endpoint_create();

	if (ep <= 0)
		return "endpoint_create failed";
	p->ep = (slate_handle_t)ep;
	if (slate_thread_create(&p->server, server, (void *)(uintptr_t)ep, 0))
		return "thread_create failed";
	return NULL;
}

static void stop_server(struct pair *p)
{
	struct slate_msg m = {.info = SLATE_MSG_INFO(LABEL_STOP, 0, 0)};

	slate_ipc_call(p->ep, &m);
	slate_handle_close(p->ep); /* wakes the server's last recv */
	slate_thread_join(p->server, NULL);
}

SLTEST(ipc_call_reply_in_registers)
{
	struct pair p;
	const char *why = start_server(&p);
	struct slate_msg m = {.info = SLATE_MSG_INFO(LABEL_ADD, 4, 0),
			      .words = {10, 20, 30, 40}};

	if (why)
		return why;
	SLTEST_CHECK_EQ(slate_ipc_call(p.ep, &m), 0);
	SLTEST_CHECK_EQ(m.words[0], 11);
	SLTEST_CHECK_EQ(m.words[3], 41);
	SLTEST_CHECK_EQ(SLATE_MSG_LABEL(m.info), LABEL_ADD);
	stop_server(&p);
	return NULL;
}

SLTEST(ipc_badge_names_the_caller)
{
	struct pair p;
	const char *why = start_server(&p);
	struct slate_msg m = {.info = SLATE_MSG_INFO(LABEL_ADD, 4, 0)};
	slate_status_t minted;

	if (why)
		return why;
	minted = slate_handle_mint(p.ep, SLATE_RIGHT_WRITE, 1000);
	SLTEST_CHECK(minted > 0);
	SLTEST_CHECK_EQ(slate_ipc_call((slate_handle_t)minted, &m), 0);
	SLTEST_CHECK_EQ(m.words[0], 1001); /* the server added the badge */
	/* A badged handle cannot be re-badged, nor gain rights. */
	SLTEST_CHECK_EQ(
	    slate_handle_mint((slate_handle_t)minted, SLATE_RIGHT_WRITE, 7),
	    SLATE_ERR_ACCESS);
	SLTEST_CHECK_EQ(slate_handle_close((slate_handle_t)minted), 0);
	stop_server(&p);
	return NULL;
}

SLTEST(ipc_long_message_moves_a_handle)
{
	struct pair p;
	const char *why = start_server(&p);
	struct slate_msg m = {.info = SLATE_MSG_INFO(LABEL_LONG, 10, 1)};
	slate_status_t vmo = slate_vmo_create(4096, 0);
	struct slate_handle_info info;

	if (why)
		return why;
	SLTEST_CHECK(vmo > 0);
	SLTEST_CHECK_EQ(slate_thread_set_ipc_buffer(&client_buf), 0);
	for (unsigned i = SLATE_MSG_REG_WORDS; i < 10; i++)
		client_buf.words[i] = i;
	client_buf.handles[0] = (slate_handle_t)vmo;
	SLTEST_CHECK_EQ(slate_ipc_call(p.ep, &m), 0);
	SLTEST_CHECK_EQ(m.words[0], 4 + 5 + 6 + 7 + 8 + 9);
	/* The handle moved: it is gone from this process. */
	SLTEST_CHECK_EQ(slate_handle_info((slate_handle_t)vmo, &info),
			SLATE_ERR_BAD_HANDLE);
	stop_server(&p);
	SLTEST_CHECK_EQ(slate_thread_set_ipc_buffer(NULL), 0);
	return NULL;
}

SLTEST(ipc_bad_messages_are_refused)
{
	slate_status_t ep = slate_endpoint_create();
	slate_status_t vmo = slate_vmo_create(4096, 0);
	slate_status_t wo;
	struct slate_msg m = {.info = SLATE_MSG_INFO(1, 0, 0)};

	SLTEST_CHECK(ep > 0 && vmo > 0);
	SLTEST_CHECK_EQ(slate_ipc_call(0, &m), SLATE_ERR_BAD_HANDLE);
	SLTEST_CHECK_EQ(slate_ipc_call((slate_handle_t)vmo, &m),
			SLATE_ERR_WRONG_TYPE);
	m.info = SLATE_MSG_INFO(1, SLATE_MSG_WORDS + 1, 0);
	SLTEST_CHECK_EQ(slate_ipc_call((slate_handle_t)ep, &m),
			SLATE_ERR_TOO_BIG);
	/* Words past the registers need an IPC buffer. */
	m.info = SLATE_MSG_INFO(1, 8, 0);
	SLTEST_CHECK_EQ(slate_ipc_call((slate_handle_t)ep, &m),
			SLATE_ERR_BAD_STATE);
	/* Without READ a handle cannot receive; without WRITE, not call. */
	wo = slate_handle_duplicate((slate_handle_t)ep, SLATE_RIGHT_WRITE);
	SLTEST_CHECK(wo > 0);
	SLTEST_CHECK_EQ(slate_ipc_recv((slate_handle_t)wo, &m),
			SLATE_ERR_ACCESS);
	/* Once no handle can receive, calls fail instead of hanging. */
	SLTEST_CHECK_EQ(slate_handle_close((slate_handle_t)ep), 0);
	m.info = SLATE_MSG_INFO(1, 0, 0);
	SLTEST_CHECK_EQ(slate_ipc_call((slate_handle_t)wo, &m),
			SLATE_ERR_PEER_CLOSED);
	slate_handle_close((slate_handle_t)wo);
	slate_handle_close((slate_handle_t)vmo);
	return NULL;
}

SLTEST(ipc_recv_times_out)
{
	slate_status_t ep = slate_endpoint_create();
	struct slate_msg m;
	slate_time_t t0 = slate_clock_get();

	SLTEST_CHECK(ep > 0);
	SLTEST_CHECK_EQ(
	    slate_ipc_recv_deadline((slate_handle_t)ep, &m, SLATE_TIME_POLL),
	    SLATE_ERR_WOULD_BLOCK);
	SLTEST_CHECK_EQ(
	    slate_ipc_recv_deadline((slate_handle_t)ep, &m, t0 + 20000000),
	    SLATE_ERR_TIMED_OUT);
	SLTEST_CHECK(slate_clock_get() >= t0 + 20000000);
	slate_handle_close((slate_handle_t)ep);
	return NULL;
}

SLTEST(notify_signal_and_wait)
{
	slate_status_t n = slate_notify_create();
	slate_time_t t0 = slate_clock_get();

	SLTEST_CHECK(n > 0);
	SLTEST_CHECK_EQ(slate_notify_wait((slate_handle_t)n, SLATE_TIME_POLL),
			SLATE_ERR_WOULD_BLOCK);
	SLTEST_CHECK_EQ(slate_notify_signal((slate_handle_t)n, 0x5), 0);
	SLTEST_CHECK_EQ(slate_notify_signal((slate_handle_t)n, 0x8), 0);
	SLTEST_CHECK_EQ(slate_notify_wait((slate_handle_t)n, SLATE_TIME_POLL),
			0xd);
	SLTEST_CHECK_EQ(slate_notify_wait((slate_handle_t)n, t0 + 10000000),
			SLATE_ERR_TIMED_OUT);
	SLTEST_CHECK_EQ(slate_notify_signal((slate_handle_t)n, 0),
			SLATE_ERR_INVALID);
	SLTEST_CHECK_EQ(slate_notify_signal((slate_handle_t)n, 1ull << 63),
			SLATE_ERR_INVALID);
	slate_handle_close((slate_handle_t)n);
	return NULL;
}
