/* SPDX-License-Identifier: MIT */
/*
 * Handles moving in IPC messages: a handle in flight is never seen as
 * closed (an endpoint whose only handle travels keeps its waiting
 * receivers and callers), every check is made before anything moves
 * (a refused message leaves the sender's handles in place, in calls and
 * in replies), and handles held by a server that dies close with it.
 */
#include <stdbool.h>

#include <slate/spawn.h>
#include <slate/sys.h>
#include <slate/thread.h>

#include "child/child.h"
#include "sltest.h"

#define LABEL_KEEP   1 /* the keeper keeps the handle the call carries */
#define LABEL_RETURN 2 /* the keeper replies with the handle it kept */
#define LABEL_PING   3 /* a waiter answers with its id in word 0 */

#define MS          1000000ull
#define WAIT_LONG   (5000 * MS) /* a deadline no passing test reaches */
#define QUOTA_PAGES 512

/* One IPC buffer per thread: the kernel pins the page it is in. */
static struct slate_ipc_buffer main_buf __attribute__((aligned(4096)));
static struct slate_ipc_buffer keeper_buf __attribute__((aligned(4096)));

/* The handle the keeper holds; a value in this process's table. */
static volatile slate_handle_t kept;

/* The keeper: a server on arg that holds one handle and gives it back. */
static void *keeper(void *arg)
{
	slate_handle_t ep = (slate_handle_t)(uintptr_t)arg;
	struct slate_msg m;
	slate_status_t st;

	if (slate_thread_set_ipc_buffer(&keeper_buf) != 0)
		return (void *)1;
	st = slate_ipc_recv(ep, &m);
	while (st == 0) {
		m.info = SLATE_MSG_INFO(SLATE_MSG_LABEL(m.info), 0, 0);
		if (SLATE_MSG_LABEL(m.info) == LABEL_KEEP) {
			kept = keeper_buf.handles[0];
		} else if (SLATE_MSG_LABEL(m.info) == LABEL_RETURN) {
			keeper_buf.handles[0] = kept;
			m.info = SLATE_MSG_INFO(LABEL_RETURN, 0, 1);
		}
		st = slate_ipc_reply_recv(ep, &m);
	}
	return NULL;
}

/*
 * A thread that calls ep (moving give, if not 0) or receives on it; a
 * receiver that gets a message answers it with id through reply_ep and
 * then waits there (ep unless changed before the call) until that
 * endpoint closes.
 */
struct waiter {
	struct slate_ipc_buffer buf; /* first: it must be page-aligned */
	slate_handle_t ep, give, reply_ep;
	bool call;
	uint64_t id;
	int started, done;
	slate_status_t st;
	struct slate_thread *thread;
} __attribute__((aligned(4096)));

static struct waiter waiters[3];

static void *waiter_main(void *arg)
{
	struct waiter *w = arg;
	struct slate_msg m = {.info = SLATE_MSG_INFO(LABEL_PING, 0, 0)};

	if (slate_thread_set_ipc_buffer(&w->buf) != 0)
		return (void *)1;
	__atomic_store_n(&w->started, 1, __ATOMIC_SEQ_CST);
	if (w->call) {
		w->buf.handles[0] = w->give;
		m.info = SLATE_MSG_INFO(LABEL_PING, 0, w->give ? 1 : 0);
		w->st = slate_ipc_call(w->ep, &m);
	} else {
		w->st = slate_ipc_recv_deadline(w->ep, &m,
						slate_clock_get() + WAIT_LONG);
	}
	__atomic_store_n(&w->done, 1, __ATOMIC_SEQ_CST);
	if (!w->call && w->st == 0) {
		m.info = SLATE_MSG_INFO(LABEL_PING, 1, 0);
		m.words[0] = w->id;
		slate_ipc_reply_recv(
		    __atomic_load_n(&w->reply_ep, __ATOMIC_SEQ_CST), &m);
	}
	slate_thread_set_ipc_buffer(NULL);
	return NULL;
}

static bool is_done(struct waiter *w)
{
	return __atomic_load_n(&w->done, __ATOMIC_SEQ_CST);
}

static void sleep_ms(uint64_t ms)
{
	slate_thread_sleep(slate_clock_get() + ms * MS);
}

/*
 * Start w and give it time to block. Nothing tells us it has; the
 * tests below pass whatever the timing, and only catch the bug they are
 * for when the waiter did block first, which 20 ms makes all but sure.
 */
static const char *waiter_start(struct waiter *w, slate_handle_t ep, bool call,
				slate_handle_t give, uint64_t id)
{
	w->ep = ep;
	w->call = call;
	w->give = give;
	w->id = id;
	w->reply_ep = ep;
	w->started = w->done = 0;
	w->st = 1;
	if (slate_thread_create(&w->thread, waiter_main, w, 0))
		return "thread_create failed";
	for (unsigned i = 0; i < 1000 && !w->started; i++)
		sleep_ms(1);
	if (!__atomic_load_n(&w->started, __ATOMIC_SEQ_CST))
		return "the waiter never started";
	sleep_ms(20);
	return NULL;
}

static slate_handle_t keeper_start(struct slate_thread **t)
{
	slate_status_t ep = slate_endpoint_create();

	if (ep <= 0 || slate_thread_create(t, keeper, (void *)(uintptr_t)ep, 0))
		return SLATE_HANDLE_INVALID;
	return (slate_handle_t)ep;
}

/* Close the keeper's endpoint, which ends its loop, and join it. */
static void keeper_stop(slate_handle_t ep, struct slate_thread *t)
{
	slate_handle_close(ep);
	slate_thread_join(t, NULL);
}

/* Send h to the keeper (LABEL_KEEP); h is gone from here after. */
static slate_status_t keep(slate_handle_t ep, slate_handle_t h)
{
	struct slate_msg m = {.info = SLATE_MSG_INFO(LABEL_KEEP, 0, 1)};

	main_buf.handles[0] = h;
	return slate_ipc_call(ep, &m);
}

/* Ask the keeper for its handle back; *h is its new value here. */
static slate_status_t give_back(slate_handle_t ep, slate_handle_t *h)
{
	struct slate_msg m = {.info = SLATE_MSG_INFO(LABEL_RETURN, 0, 0)};
	slate_status_t st = slate_ipc_call(ep, &m);

	if (st == 0 && SLATE_MSG_NHANDLES(m.info) == 1)
		*h = main_buf.handles[0];
	return st;
}

static bool handle_is(slate_handle_t h, uint32_t type)
{
	struct slate_handle_info info;

	return slate_handle_info(h, &info) == 0 && info.type == type;
}

/* Call ep with LABEL_PING; the id of the waiter that answered, or 0. */
static uint64_t ping(slate_handle_t ep)
{
	struct slate_msg m = {.info = SLATE_MSG_INFO(LABEL_PING, 0, 0)};

	return slate_ipc_call(ep, &m) == 0 ? m.words[0] : 0;
}

SLTEST(xfer_only_handle_keeps_receivers)
{
	struct waiter *w1 = &waiters[0], *w2 = &waiters[1];
	struct slate_thread *kt;
	slate_handle_t f = keeper_start(&kt), back = 0;
	slate_status_t e = slate_endpoint_create();
	const char *why;
	uint64_t a, b;

	SLTEST_CHECK(f != SLATE_HANDLE_INVALID && e > 0);
	SLTEST_CHECK_EQ(slate_thread_set_ipc_buffer(&main_buf), 0);
	why = waiter_start(w1, (slate_handle_t)e, false, 0, 1);
	if (why)
		return why;

	/* e is the endpoint's only handle: it travels in a call... */
	SLTEST_CHECK_EQ(keep(f, (slate_handle_t)e), 0);
	SLTEST_CHECK(!handle_is((slate_handle_t)e, SLATE_OBJ_ENDPOINT));
	if (is_done(w1))
		return sltest_fail("the call woke the receiver with %lld",
				   (long long)w1->st);
	why = waiter_start(w2, kept, false, 0, 2);
	if (why)
		return why;

	/* ...and back in a reply. */
	SLTEST_CHECK_EQ(give_back(f, &back), 0);
	SLTEST_CHECK(handle_is(back, SLATE_OBJ_ENDPOINT));
	if (is_done(w1) || is_done(w2))
		return sltest_fail("the reply woke a receiver with %lld",
				   (long long)(is_done(w1) ? w1->st : w2->st));

	/* Both still wait on the same endpoint, and each gets a call. */
	__atomic_store_n(&w1->reply_ep, back, __ATOMIC_SEQ_CST);
	__atomic_store_n(&w2->reply_ep, back, __ATOMIC_SEQ_CST);
	a = ping(back);
	b = ping(back);
	SLTEST_CHECK(a + b == 3 && a * b == 2);
	SLTEST_CHECK_EQ(slate_handle_close(back), 0); /* ends their waits */
	slate_thread_join(w1->thread, NULL);
	slate_thread_join(w2->thread, NULL);
	SLTEST_CHECK_EQ(w1->st, 0);
	SLTEST_CHECK_EQ(w2->st, 0);
	keeper_stop(f, kt);
	SLTEST_CHECK_EQ(slate_thread_set_ipc_buffer(NULL), 0);
	return NULL;
}

SLTEST(xfer_only_read_handle_keeps_callers)
{
	struct waiter *c = &waiters[0], *r = &waiters[1];
	struct slate_thread *kt;
	slate_handle_t f = keeper_start(&kt), back = 0;
	slate_status_t e = slate_endpoint_create(), wr;
	const char *why;

	SLTEST_CHECK(f != SLATE_HANDLE_INVALID && e > 0);
	wr = slate_handle_duplicate((slate_handle_t)e, SLATE_RIGHT_WRITE);
	SLTEST_CHECK(wr > 0);
	SLTEST_CHECK_EQ(slate_thread_set_ipc_buffer(&main_buf), 0);
	why = waiter_start(c, (slate_handle_t)wr, true, 0, 0);
	if (why)
		return why;

	/* The caller waits while the only handle that can receive travels. */
	SLTEST_CHECK_EQ(keep(f, (slate_handle_t)e), 0);
	SLTEST_CHECK_EQ(give_back(f, &back), 0);
	if (is_done(c))
		return sltest_fail("moving the READ handle woke the caller "
				   "with %lld",
				   (long long)c->st);

	/* A receiver on the handle that came back takes the call. */
	why = waiter_start(r, back, false, 0, 7);
	if (why)
		return why;
	slate_thread_join(c->thread, NULL);
	SLTEST_CHECK_EQ(c->st, 0);
	SLTEST_CHECK_EQ(slate_handle_close((slate_handle_t)wr), 0);
	SLTEST_CHECK_EQ(slate_handle_close(back), 0);
	slate_thread_join(r->thread, NULL);
	SLTEST_CHECK_EQ(r->st, 0);
	keeper_stop(f, kt);
	SLTEST_CHECK_EQ(slate_thread_set_ipc_buffer(NULL), 0);
	return NULL;
}

/* A call carrying handles h[0..n) that the kernel must refuse. */
static slate_status_t call_with(slate_handle_t ep, const slate_handle_t *h,
				unsigned n)
{
	struct slate_msg m = {.info = SLATE_MSG_INFO(LABEL_KEEP, 0, n)};

	for (unsigned i = 0; i < n; i++)
		main_buf.handles[i] = h[i];
	return slate_ipc_call(ep, &m);
}

SLTEST(xfer_refused_leaves_handles)
{
	struct waiter *c = &waiters[0];
	struct slate_thread *kt;
	slate_handle_t f = keeper_start(&kt), back = 0;
	slate_status_t v = slate_vmo_create(4096, 0), nt, g;
	slate_handle_t h[2];
	const char *why;

	SLTEST_CHECK(f != SLATE_HANDLE_INVALID && v > 0);
	nt = slate_handle_duplicate((slate_handle_t)v, SLATE_RIGHT_READ);
	SLTEST_CHECK(nt > 0);
	SLTEST_CHECK_EQ(slate_thread_set_ipc_buffer(&main_buf), 0);

	/* The sender's checks: the first handle stays with the rest. */
	h[0] = (slate_handle_t)v;
	h[1] = (slate_handle_t)nt; /* no SLATE_RIGHT_TRANSFER */
	SLTEST_CHECK_EQ(call_with(f, h, 2), SLATE_ERR_ACCESS);
	h[1] = (slate_handle_t)v;
	SLTEST_CHECK_EQ(call_with(f, h, 2), SLATE_ERR_INVALID);
	h[1] = 12345;
	SLTEST_CHECK_EQ(call_with(f, h, 2), SLATE_ERR_BAD_HANDLE);
	SLTEST_CHECK(handle_is((slate_handle_t)v, SLATE_OBJ_VMO));
	SLTEST_CHECK(handle_is((slate_handle_t)nt, SLATE_OBJ_VMO));

	/* A receiver without an IPC buffer cannot take handles. */
	g = slate_endpoint_create();
	SLTEST_CHECK(g > 0);
	why = waiter_start(c, (slate_handle_t)g, true, (slate_handle_t)v, 0);
	if (why)
		return why;
	SLTEST_CHECK_EQ(slate_thread_set_ipc_buffer(NULL), 0);
	for (unsigned i = 0; i < 1000 && !is_done(c); i++) {
		struct slate_msg m;

		SLTEST_CHECK_EQ(slate_ipc_recv_deadline((slate_handle_t)g, &m,
							SLATE_TIME_POLL),
				SLATE_ERR_WOULD_BLOCK);
		sleep_ms(1);
	}
	slate_thread_join(c->thread, NULL);
	SLTEST_CHECK_EQ(c->st, SLATE_ERR_TOO_BIG);
	SLTEST_CHECK(handle_is((slate_handle_t)v, SLATE_OBJ_VMO));

	/* Nor can a caller take a reply's handles: the server keeps them. */
	SLTEST_CHECK_EQ(slate_thread_set_ipc_buffer(&main_buf), 0);
	SLTEST_CHECK_EQ(keep(f, (slate_handle_t)v), 0);
	SLTEST_CHECK_EQ(slate_thread_set_ipc_buffer(NULL), 0);
	SLTEST_CHECK_EQ(give_back(f, &back), SLATE_ERR_TOO_BIG);
	SLTEST_CHECK(handle_is(kept, SLATE_OBJ_VMO));
	SLTEST_CHECK_EQ(slate_thread_set_ipc_buffer(&main_buf), 0);
	SLTEST_CHECK_EQ(give_back(f, &back), 0);
	SLTEST_CHECK(handle_is(back, SLATE_OBJ_VMO));
	SLTEST_CHECK(!handle_is(kept, SLATE_OBJ_VMO));

	slate_handle_close(back);
	slate_handle_close((slate_handle_t)nt);
	slate_handle_close((slate_handle_t)g);
	keeper_stop(f, kt);
	SLTEST_CHECK_EQ(slate_thread_set_ipc_buffer(NULL), 0);
	return NULL;
}

SLTEST(xfer_dying_server_closes_handles)
{
	const char *argv[] = {CHILD_PROGRAM, "take", NULL};
	struct waiter *w = &waiters[0], *c = &waiters[1], *q = &waiters[2];
	slate_status_t f = slate_endpoint_create(), e = slate_endpoint_create();
	slate_status_t v = slate_vmo_create(4096, 0), theirs, fw;
	struct slate_spawn_handle give;
	slate_handle_t p;
	int64_t status;
	const char *why;

	SLTEST_CHECK(f > 0 && e > 0 && v > 0);
	theirs = slate_handle_duplicate(
	    (slate_handle_t)f, SLATE_RIGHT_READ | SLATE_RIGHT_TRANSFER);
	SLTEST_CHECK(theirs > 0);
	give = (struct slate_spawn_handle){(slate_handle_t)theirs,
					   CHILD_START_ENDPOINT};
	SLTEST_CHECK_EQ(
	    slate_spawn(CHILD_PROGRAM, argv, &give, 1, QUOTA_PAGES, &p), 0);
	/* Keep only the right to call: the child alone can receive. */
	fw = slate_handle_duplicate((slate_handle_t)f, SLATE_RIGHT_WRITE);
	SLTEST_CHECK(fw > 0);
	SLTEST_CHECK_EQ(slate_handle_close((slate_handle_t)f), 0);

	/* The child takes e, the only handle of the endpoint w waits on. */
	why = waiter_start(w, (slate_handle_t)e, false, 0, 1);
	if (why)
		return why;
	why = waiter_start(c, (slate_handle_t)fw, true, (slate_handle_t)e, 0);
	if (why)
		return why;
	for (unsigned i = 0; i < 1000; i++) {
		if (!handle_is((slate_handle_t)e, SLATE_OBJ_ENDPOINT))
			break;
		sleep_ms(1);
	}
	SLTEST_CHECK(!handle_is((slate_handle_t)e, SLATE_OBJ_ENDPOINT));
	SLTEST_CHECK(!is_done(w));

	/* A second call waits in the queue with v when the child dies. */
	why = waiter_start(q, (slate_handle_t)fw, true, (slate_handle_t)v, 0);
	if (why)
		return why;
	SLTEST_CHECK(!is_done(q));
	SLTEST_CHECK_EQ(slate_process_kill(p), 0);
	SLTEST_CHECK_EQ(slate_process_wait(p, SLATE_TIME_INFINITE, &status), 0);
	slate_handle_close(p);
	slate_thread_join(c->thread, NULL);
	SLTEST_CHECK_EQ(c->st, SLATE_ERR_PEER_CLOSED);
	slate_thread_join(q->thread, NULL);
	SLTEST_CHECK_EQ(q->st, SLATE_ERR_PEER_CLOSED);
	SLTEST_CHECK(handle_is((slate_handle_t)v, SLATE_OBJ_VMO));

	/* e closed with the child's table: w learns nobody can call. */
	slate_thread_join(w->thread, NULL);
	SLTEST_CHECK_EQ(w->st, SLATE_ERR_PEER_CLOSED);
	slate_handle_close((slate_handle_t)v);
	slate_handle_close((slate_handle_t)fw);
	return NULL;
}
