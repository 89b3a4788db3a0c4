/* SPDX-License-Identifier: MIT */
/*
 * IPC under load between two processes: sltest calls a spawned
 * sltest-child server sltest_round_trips times ("rounds=N"; 2000 by
 * default, a million in make test's own run), each side on its own CPU
 * when there is more than one. Every call carries a sequence number
 * that both sides check, so a message lost or delivered twice fails the
 * test; the rate is printed for comparison between runs.
 */
#include <stdio.h>

#include <slate/spawn.h>
#include <slate/sys.h>

#include "child/child.h"
#include "sltest.h"

#define SERVER_QUOTA_PAGES 256
#define ANY_CPU            ((uint64_t)-1)

/* Pin (or with ANY_CPU unpin) the calling thread. */
static slate_status_t pin_self(uint64_t cpu)
{
	return slate_syscall6(SLATE_SYS_THREAD_SET_AFFINITY,
			      slate_start_handle(SLATE_START_SELF_THREAD), cpu,
			      0, 0, 0, 0);
}

/* The server on CPU 1 (or anywhere, with one CPU), serving ep. */
static slate_status_t start_server(slate_handle_t ep, unsigned ncpus,
				   slate_handle_t *child)
{
	const char *pinned[] = {CHILD_PROGRAM, "serve", "1", NULL};
	const char *anywhere[] = {CHILD_PROGRAM, "serve", NULL};
	struct slate_spawn_handle give = {0, CHILD_START_ENDPOINT};
	slate_status_t theirs =
	    slate_handle_duplicate(ep, SLATE_RIGHT_READ | SLATE_RIGHT_TRANSFER);
	slate_status_t st;

	if (theirs < 0)
		return theirs;
	give.handle = (slate_handle_t)theirs;
	st = slate_spawn(CHILD_PROGRAM, ncpus > 1 ? pinned : anywhere, &give, 1,
			 SERVER_QUOTA_PAGES, child);
	if (st)
		slate_handle_close((slate_handle_t)theirs);
	return st;
}

/* n calls; the first whose reply is not the expected one fails. */
static const char *round_trips(slate_handle_t ep, uint64_t n)
{
	for (uint64_t i = 0; i < n; i++) {
		struct slate_msg m = {.info =
					  SLATE_MSG_INFO(CHILD_LABEL_SEQ, 1, 0),
				      .words = {i}};
		slate_status_t st = slate_ipc_call(ep, &m);

		if (st)
			return sltest_fail("call %llu failed: %lld",
					   (unsigned long long)i,
					   (long long)st);
		/* The reply to this call, and the server saw i + 1 calls. */
		if (m.words[0] != i || m.words[1] != i + 1)
			return sltest_fail("call %llu: reply for %llu after "
					   "%llu calls",
					   (unsigned long long)i,
					   (unsigned long long)m.words[0],
					   (unsigned long long)m.words[1]);
	}
	return NULL;
}

static void report(uint64_t n, slate_time_t ns, unsigned ncpus)
{
	uint64_t ms = ns / 1000000;

	printf("[sltest] ipc_stress_across_cpus: %llu round trips between "
	       "processes on %u cpus in %llu ms guest time, %llu per second\n",
	       (unsigned long long)n, ncpus, (unsigned long long)ms,
	       (unsigned long long)(ms ? n * 1000 / ms : 0));
}

SLTEST(ipc_stress_across_cpus)
{
	struct slate_system_info si;
	struct slate_msg stop;
	uint64_t n = sltest_round_trips;
	slate_status_t ep = slate_endpoint_create();
	slate_handle_t child;
	slate_time_t start;
	int64_t status = -1;
	const char *why;

	SLTEST_CHECK(ep > 0);
	SLTEST_CHECK_EQ(slate_system_info(&si), 0);
	if (si.ncpus > 1)
		SLTEST_CHECK_EQ(pin_self(0), 0);
	SLTEST_CHECK_EQ(start_server((slate_handle_t)ep, si.ncpus, &child), 0);

	start = slate_clock_get();
	why = round_trips((slate_handle_t)ep, n);
	if (!why)
		report(n, slate_clock_get() - start, si.ncpus);

	/* The server checks the count and ends without replying. */
	stop = (struct slate_msg){
	    .info = SLATE_MSG_INFO(CHILD_LABEL_STOP, 1, 0), .words = {n}};
	SLTEST_CHECK_EQ(slate_ipc_call((slate_handle_t)ep, &stop),
			SLATE_ERR_PEER_CLOSED);
	SLTEST_CHECK_EQ(slate_process_wait(child, SLATE_TIME_INFINITE, &status),
			0);
	slate_handle_close(child);
	slate_handle_close((slate_handle_t)ep);
	pin_self(ANY_CPU);
	if (why)
		return why;
	SLTEST_CHECK_EQ(status, 0); /* the server saw every number once */
	return NULL;
}
