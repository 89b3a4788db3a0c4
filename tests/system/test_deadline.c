/* SPDX-License-Identifier: MIT */
/*
 * Deadlines (docs/abi.md): a receive or a sleep never ends before its
 * deadline. How late it ends depends on the host (TCG timing is noisy),
 * so lateness is printed, not asserted; under tools/guest --icount it
 * is deterministic and docs/limitations.md quotes it.
 */
#include <stdio.h>

#include <slate/sys.h>

#include "sltest.h"

#define WAITS 31         /* odd, so the median is one of them */
#define AHEAD 2000000ull /* 2 ms */

static void sort(uint64_t *v, unsigned n)
{
	for (unsigned i = 1; i < n; i++)
		for (unsigned j = i; j > 0 && v[j - 1] > v[j]; j--) {
			uint64_t t = v[j];

			v[j] = v[j - 1];
			v[j - 1] = t;
		}
}

/* Wait WAITS times, 2 ms ahead each; the lateness of each in *late. */
static const char *wait_many(slate_handle_t ep, uint64_t *late)
{
	for (unsigned i = 0; i < WAITS; i++) {
		slate_time_t deadline = slate_clock_get() + AHEAD, now;
		struct slate_msg m;

		if (ep)
			SLTEST_CHECK_EQ(
			    slate_ipc_recv_deadline(ep, &m, deadline),
			    SLATE_ERR_TIMED_OUT);
		else
			SLTEST_CHECK_EQ(slate_thread_sleep(deadline), 0);
		now = slate_clock_get();
		if (now < deadline)
			return sltest_fail(
			    "woke %llu ns early",
			    (unsigned long long)(deadline - now));
		late[i] = now - deadline;
	}
	sort(late, WAITS);
	return NULL;
}

SLTEST(deadlines_are_never_early)
{
	slate_status_t ep = slate_endpoint_create();
	uint64_t recv[WAITS], sleep[WAITS];
	const char *why;

	SLTEST_CHECK(ep > 0);
	why = wait_many((slate_handle_t)ep, recv);
	if (!why)
		why = wait_many(SLATE_HANDLE_INVALID, sleep);
	slate_handle_close((slate_handle_t)ep);
	if (why)
		return why;
	printf("[sltest] deadline lateness (median of %u, max), us: "
	       "recv %llu %llu, sleep %llu %llu\n",
	       WAITS, (unsigned long long)recv[WAITS / 2] / 1000,
	       (unsigned long long)recv[WAITS - 1] / 1000,
	       (unsigned long long)sleep[WAITS / 2] / 1000,
	       (unsigned long long)sleep[WAITS - 1] / 1000);
	return NULL;
}

/*
 * A deadline already in the past (but not SLATE_TIME_POLL) times out at
 * once rather than at some later tick: the one-shot timer is set for a
 * moment that has passed, so it fires immediately. Printed, not
 * asserted, like the lateness above.
 */
SLTEST(past_deadlines_time_out)
{
	slate_status_t ep = slate_endpoint_create(), n = slate_notify_create();
	slate_time_t before;
	struct slate_msg m;

	SLTEST_CHECK(ep > 0 && n > 0);
	before = slate_clock_get();
	SLTEST_CHECK_EQ(slate_ipc_recv_deadline((slate_handle_t)ep, &m, 1),
			SLATE_ERR_TIMED_OUT);
	SLTEST_CHECK_EQ(slate_notify_wait((slate_handle_t)n, 1),
			SLATE_ERR_TIMED_OUT);
	printf("[sltest] two waits with past deadlines took %llu us\n",
	       (unsigned long long)(slate_clock_get() - before) / 1000);
	slate_handle_close((slate_handle_t)ep);
	slate_handle_close((slate_handle_t)n);
	return NULL;
}
