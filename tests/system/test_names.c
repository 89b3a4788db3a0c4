/* SPDX-License-Identifier: MIT */
/*
 * The name service's handlers (servers/names/names.c) in this process:
 * the same script run with the service on its own thread behind an
 * endpoint and coalesced into direct calls, which also checks that the
 * server skeleton carries handles the same way on both paths.
 */
#include <slate/names_client.h>
#include <slate/thread.h>

#include "../../servers/names/names.h"
#include "sltest.h"

#define OWNER  1 /* may register "svc" */
#define LOOKER 2 /* may look "svc" up */

static struct slate_ipc_buffer buf __attribute__((aligned(4096)));

struct names_conns {
	struct svc_conn init, owner, looker;
};

/* A handle to ep that may be published: call and copy, never receive. */
static slate_handle_t callable(slate_handle_t ep)
{
	slate_status_t h = slate_handle_duplicate(
	    ep,
	    SLATE_RIGHT_WRITE | SLATE_RIGHT_DUPLICATE | SLATE_RIGHT_TRANSFER);

	return h < 0 ? SLATE_HANDLE_INVALID : (slate_handle_t)h;
}

static uint64_t koid(slate_handle_t h)
{
	struct slate_handle_info info = {0};

	slate_handle_info(h, &info);
	return info.koid;
}

static const char *check_refusals(const struct names_conns *c)
{
	slate_handle_t h;
	slate_status_t ep = slate_endpoint_create();

	SLTEST_CHECK(ep > 0);
	SLTEST_CHECK_EQ(slate_names_lookup(&c->owner, &buf, "svc", &h),
			SLATE_ERR_ACCESS);
	SLTEST_CHECK_EQ(slate_names_lookup(&c->looker, &buf, "other", &h),
			SLATE_ERR_ACCESS);
	SLTEST_CHECK_EQ(slate_names_register(&c->looker, &buf, "svc",
					     callable((slate_handle_t)ep)),
			SLATE_ERR_ACCESS);
	SLTEST_CHECK_EQ(slate_names_allow(&c->owner, SLATE_NAMES_ALLOW_LOOKUP,
					  OWNER, "svc"),
			SLATE_ERR_ACCESS);
	/* A handle that could receive is refused, and still consumed. */
	SLTEST_CHECK_EQ(
	    slate_names_register(&c->owner, &buf, "svc", (slate_handle_t)ep),
	    SLATE_ERR_INVALID);
	SLTEST_CHECK_EQ(slate_handle_close((slate_handle_t)ep),
			SLATE_ERR_BAD_HANDLE);
	return NULL;
}

/*
 * Register, look up, call through the copy; then the server "dies" (its
 * only receiving handle closes) and registers a new endpoint.
 */
static const char *run_names_script(const struct names_conns *c)
{
	slate_status_t ep = slate_endpoint_create(), ep2;
	struct slate_msg m = {.info = SLATE_MSG_INFO(1, 0, 0)};
	struct slate_handle_info info;
	slate_handle_t found;
	const char *why;

	SLTEST_CHECK(ep > 0);
	SLTEST_CHECK_EQ(slate_names_allow(&c->init, SLATE_NAMES_ALLOW_REGISTER,
					  OWNER, "svc"),
			SLATE_OK);
	SLTEST_CHECK_EQ(slate_names_allow(&c->init, SLATE_NAMES_ALLOW_LOOKUP,
					  LOOKER, "svc"),
			SLATE_OK);
	SLTEST_CHECK_EQ(slate_names_lookup(&c->looker, &buf, "svc", &found),
			SLATE_ERR_NOT_FOUND);
	SLTEST_CHECK_EQ(slate_names_register(&c->owner, &buf, "svc",
					     callable((slate_handle_t)ep)),
			SLATE_OK);
	SLTEST_CHECK_EQ(slate_names_lookup(&c->looker, &buf, "svc", &found),
			SLATE_OK);
	SLTEST_CHECK_EQ(slate_handle_info(found, &info), SLATE_OK);
	SLTEST_CHECK_EQ(info.rights, SLATE_RIGHT_WRITE | SLATE_RIGHT_TRANSFER);
	SLTEST_CHECK_EQ(info.koid, koid((slate_handle_t)ep));
	why = check_refusals(c);
	if (why)
		return why;

	/* The server dies: calls through the copy fail at once. */
	SLTEST_CHECK_EQ(slate_handle_close((slate_handle_t)ep), SLATE_OK);
	SLTEST_CHECK_EQ(slate_ipc_call(found, &m), SLATE_ERR_PEER_CLOSED);
	slate_handle_close(found);
	/* Its restart registers again, and lookups find the new one. */
	ep2 = slate_endpoint_create();
	SLTEST_CHECK(ep2 > 0);
	SLTEST_CHECK_EQ(slate_names_register(&c->owner, &buf, "svc",
					     callable((slate_handle_t)ep2)),
			SLATE_OK);
	SLTEST_CHECK_EQ(slate_names_lookup(&c->looker, &buf, "svc", &found),
			SLATE_OK);
	SLTEST_CHECK_EQ(koid(found), koid((slate_handle_t)ep2));
	slate_handle_close(found);
	SLTEST_CHECK_EQ(slate_names_unregister(&c->looker, "svc"),
			SLATE_ERR_ACCESS);
	SLTEST_CHECK_EQ(slate_names_unregister(&c->owner, "svc"), SLATE_OK);
	SLTEST_CHECK_EQ(slate_names_lookup(&c->looker, &buf, "svc", &found),
			SLATE_ERR_NOT_FOUND);
	slate_handle_close((slate_handle_t)ep2);
	return NULL;
}

SLTEST(names_coalesced)
{
	static struct names_state state;
	struct names_conns c;
	const char *why;

	SLTEST_CHECK_EQ(slate_thread_set_ipc_buffer(&buf), SLATE_OK);
	SLTEST_CHECK_EQ(svc_conn_local(&c.init, &names_server, &state, 0),
			SLATE_OK);
	c.owner = c.init;
	c.owner.badge = OWNER;
	c.looker = c.init;
	c.looker.badge = LOOKER;
	why = run_names_script(&c);
	slate_thread_set_ipc_buffer(NULL);
	return why;
}

struct names_serving {
	slate_handle_t ep;
	slate_status_t status;
};

static void *names_thread(void *arg)
{
	static struct names_state state;
	struct names_serving *s = arg;

	s->status = svc_serve(&names_server, &state, s->ep);
	return NULL;
}

SLTEST(names_separate)
{
	struct names_serving s = {0};
	struct slate_thread *t;
	struct names_conns c;
	slate_status_t ep = slate_endpoint_create(), owner, looker;
	const char *why;

	SLTEST_CHECK(ep > 0);
	s.ep = (slate_handle_t)ep;
	owner = slate_handle_mint(s.ep, SLATE_RIGHT_WRITE, OWNER);
	looker = slate_handle_mint(s.ep, SLATE_RIGHT_WRITE, LOOKER);
	SLTEST_CHECK(owner > 0 && looker > 0);
	SLTEST_CHECK_EQ(slate_thread_set_ipc_buffer(&buf), SLATE_OK);
	SLTEST_CHECK_EQ(slate_thread_create(&t, names_thread, &s, 0), SLATE_OK);
	c.init = svc_conn_remote(s.ep);
	c.owner = svc_conn_remote((slate_handle_t)owner);
	c.looker = svc_conn_remote((slate_handle_t)looker);
	why = run_names_script(&c);
	slate_handle_close((slate_handle_t)owner);
	slate_handle_close((slate_handle_t)looker);
	slate_handle_close(s.ep); /* ends the server's loop */
	slate_thread_join(t, NULL);
	slate_thread_set_ipc_buffer(NULL);
	if (why)
		return why;
	SLTEST_CHECK_EQ(s.status, SLATE_ERR_PEER_CLOSED);
	return NULL;
}
