/* SPDX-License-Identifier: MIT */
/*
 * The server skeleton (<slate/server.h>): two servers, one calling the
 * other, give the same answers when each runs on its own thread behind
 * an endpoint and when both are coalesced into direct calls.
 *
 * "counter" keeps a running total; "front" answers ADD_TWICE by calling
 * counter's ADD twice, so a request crosses two servers.
 */
#include <stdint.h>

#include <slate/server.h>
#include <slate/thread.h>

#include "sltest.h"

enum { COUNTER_ADD = 1, COUNTER_GET, COUNTER_WHO };
enum { FRONT_ADD_TWICE = 1 };

#define COUNTER_BADGE 0x77
#define COUNTER_LIMIT 1000000

struct counter {
	uint64_t total;
	unsigned inits;
	bool saw_local, saw_remote;
};

static slate_status_t counter_init(void *state)
{
	struct counter *c = state;

	c->total = 0;
	c->inits++;
	return SLATE_OK;
}

static void note_path(struct counter *c, const struct svc_request *req)
{
	if (req->local)
		c->saw_local = true;
	else
		c->saw_remote = true;
}

static slate_status_t counter_add(void *state, struct svc_request *req)
{
	struct counter *c = state;

	note_path(c, req);
	if (req->words[0] > COUNTER_LIMIT - c->total)
		return SLATE_ERR_TOO_BIG; /* checked before anything changes */
	c->total += req->words[0];
	req->words[0] = c->total;
	req->nwords = 1;
	return SLATE_OK;
}

static slate_status_t counter_get(void *state, struct svc_request *req)
{
	struct counter *c = state;

	req->words[0] = c->total;
	req->nwords = 1;
	return SLATE_OK;
}

static slate_status_t counter_who(void *state, struct svc_request *req)
{
	req->words[0] = req->badge;
	req->nwords = 1;
	return SLATE_OK;
}

static const struct svc_op counter_ops[] = {
    {COUNTER_ADD, 1, counter_add},
    {COUNTER_GET, 0, counter_get},
    {COUNTER_WHO, 0, counter_who},
};
static const struct svc_server counter_server = {
    .name = "counter",
    .ops = counter_ops,
    .nops = sizeof(counter_ops) / sizeof(counter_ops[0]),
    .init = counter_init,
};

struct front {
	struct svc_conn counter;
};

static slate_status_t front_add_twice(void *state, struct svc_request *req)
{
	struct front *f = state;
	slate_status_t st = SLATE_OK;
	struct slate_msg m;

	for (int i = 0; i < 2 && st == SLATE_OK; i++) {
		/* A call leaves the reply in m: build each request anew. */
		m = (struct slate_msg){.info =
					   SLATE_MSG_INFO(COUNTER_ADD, 1, 0),
				       .words = {req->words[0]}};
		st = svc_call(&f->counter, &m);
	}
	req->words[0] = m.words[0];
	req->nwords = 1;
	return st;
}

static const struct svc_op front_ops[] = {
    {FRONT_ADD_TWICE, 1, front_add_twice},
};
static const struct svc_server front_server = {
    .name = "front",
    .ops = front_ops,
    .nops = 1,
};

/* One request; returns its status and stores the first reply word. */
static slate_status_t ask(const struct svc_conn *c, uint64_t label,
			  unsigned nwords, uint64_t arg, uint64_t *out)
{
	struct slate_msg m = {.info = SLATE_MSG_INFO(label, nwords, 0),
			      .words = {arg}};
	slate_status_t st = svc_call(c, &m);

	*out = st == SLATE_OK ? m.words[0] : UINT64_MAX;
	return st;
}

/*
 * The script both placements must answer identically: a call through
 * two servers, direct calls, a handler's own error (with no effect),
 * an unknown operation and a request that is too short.
 */
static const char *run_script(const struct svc_conn *front,
			      const struct svc_conn *counter)
{
	uint64_t v;

	SLTEST_CHECK_EQ(ask(front, FRONT_ADD_TWICE, 1, 5, &v), SLATE_OK);
	SLTEST_CHECK_EQ(v, 10);
	SLTEST_CHECK_EQ(ask(counter, COUNTER_ADD, 1, 3, &v), SLATE_OK);
	SLTEST_CHECK_EQ(v, 13);
	SLTEST_CHECK_EQ(ask(counter, COUNTER_ADD, 1, COUNTER_LIMIT, &v),
			SLATE_ERR_TOO_BIG);
	SLTEST_CHECK_EQ(ask(counter, COUNTER_GET, 0, 0, &v), SLATE_OK);
	SLTEST_CHECK_EQ(v, 13);
	SLTEST_CHECK_EQ(ask(counter, COUNTER_WHO, 0, 0, &v), SLATE_OK);
	SLTEST_CHECK_EQ(v, COUNTER_BADGE);
	SLTEST_CHECK_EQ(ask(counter, 99, 0, 0, &v), SLATE_ERR_INVALID);
	SLTEST_CHECK_EQ(ask(counter, COUNTER_ADD, 0, 0, &v), SLATE_ERR_INVALID);
	SLTEST_CHECK_EQ(ask(front, FRONT_ADD_TWICE, 5, 1, &v),
			SLATE_ERR_TOO_BIG);
	return NULL;
}

SLTEST(server_coalesced_calls_are_direct)
{
	static struct counter counter;
	static struct front front;
	struct svc_conn to_counter, to_front;

	counter = (struct counter){0};
	SLTEST_CHECK_EQ(svc_conn_local(&to_counter, &counter_server, &counter,
				       COUNTER_BADGE),
			SLATE_OK);
	front.counter = to_counter;
	SLTEST_CHECK_EQ(svc_conn_local(&to_front, &front_server, &front, 0),
			SLATE_OK);
	const char *why = run_script(&to_front, &to_counter);
	if (why)
		return why;
	SLTEST_CHECK(counter.saw_local && !counter.saw_remote);
	SLTEST_CHECK_EQ(counter.inits, 1);
	return NULL;
}

struct serving {
	const struct svc_server *server;
	void *state;
	slate_handle_t ep;
	slate_status_t status;
};

static void *serve_thread(void *arg)
{
	struct serving *s = arg;

	s->status = svc_serve(s->server, s->state, s->ep);
	return NULL;
}

/* Start server on its own thread behind a new endpoint. */
static const char *start_serving(struct serving *s, struct slate_thread **t)
{
	slate_status_t ep = slate_endpoint_create();

	SLTEST_CHECK(ep > 0);
	s->ep = (slate_handle_t)ep;
	SLTEST_CHECK_EQ(slate_thread_create(t, serve_thread, s, 0), SLATE_OK);
	return NULL;
}

SLTEST(server_separate_gives_same_answers)
{
	static struct counter counter;
	static struct front front;
	struct serving sc = {&counter_server, &counter, 0, 0};
	struct serving sf = {&front_server, &front, 0, 0};
	struct slate_thread *tc, *tf;
	slate_status_t badged;
	const char *why;

	counter = (struct counter){0};
	why = start_serving(&sc, &tc);
	if (!why)
		why = start_serving(&sf, &tf);
	if (why)
		return why;
	badged = slate_handle_mint(sc.ep, SLATE_RIGHT_WRITE, COUNTER_BADGE);
	SLTEST_CHECK(badged > 0);
	front.counter = svc_conn_remote((slate_handle_t)badged);
	struct svc_conn to_counter = svc_conn_remote((slate_handle_t)badged);
	struct svc_conn to_front = svc_conn_remote(sf.ep);

	why = run_script(&to_front, &to_counter);
	if (why)
		return why;
	SLTEST_CHECK(counter.saw_remote && !counter.saw_local);

	/* Closing every handle ends each server's loop. */
	SLTEST_CHECK_EQ(slate_handle_close(sf.ep), SLATE_OK);
	SLTEST_CHECK_EQ(slate_thread_join(tf, NULL), SLATE_OK);
	SLTEST_CHECK_EQ(sf.status, SLATE_ERR_PEER_CLOSED);
	SLTEST_CHECK_EQ(slate_handle_close((slate_handle_t)badged), SLATE_OK);
	SLTEST_CHECK_EQ(slate_handle_close(sc.ep), SLATE_OK);
	SLTEST_CHECK_EQ(slate_thread_join(tc, NULL), SLATE_OK);
	SLTEST_CHECK_EQ(sc.status, SLATE_ERR_PEER_CLOSED);
	/* A call to a server that is gone says so. */
	uint64_t v;
	SLTEST_CHECK(ask(&to_front, FRONT_ADD_TWICE, 1, 1, &v) < 0);
	return NULL;
}
