/* SPDX-License-Identifier: MIT */
/*
 * sltest, the user-space system test suite: tests that run as a real
 * process on the real kernel under QEMU, started as the first process
 * with the kernel option init=sltest.
 *
 * A test is a function that returns NULL when it passes or a message
 * saying what went wrong:
 *
 *	SLTEST(clock_is_monotonic)
 *	{
 *		SLTEST_CHECK(a <= b);
 *		return NULL;
 *	}
 *
 * Each test prints "[sltest] PASS name" or "[sltest] FAIL name: why";
 * the last line is "sltest: N passed, M failed" (tools read these).
 */
#ifndef SLTEST_H
#define SLTEST_H

#include <stddef.h>
#include <stdint.h>

/* Round trips the IPC stress test makes: the argument "rounds=N", or
   this default, small enough for every make test run. */
#define SLTEST_ROUND_TRIPS_DEFAULT 2000
extern uint64_t sltest_round_trips;

/* Calls the syscall fuzzer makes ("calls=N"; make test runs a million)
   and its seed ("seed=N"; by default taken from the clock). */
#define SLTEST_FUZZ_CALLS_DEFAULT 20000
extern uint64_t sltest_fuzz_calls;
extern uint64_t sltest_fuzz_seed;

struct sltest_case {
	const char *name;
	const char *(*run)(void);
	struct sltest_case *next;
};

/* Add a test to the suite; SLTEST does this before main runs. */
void sltest_register(struct sltest_case *c);

/* A failure message built like printf, valid until the next test. */
const char *sltest_fail(const char *fmt, ...)
    __attribute__((format(printf, 1, 2)));

#define SLTEST(test)                                                     \
	static const char *sltest_##test(void);                          \
	static struct sltest_case sltest_case_##test = {                 \
	    .name = #test,                                               \
	    .run = sltest_##test,                                        \
	};                                                               \
	__attribute__((constructor)) static void sltest_add_##test(void) \
	{                                                                \
		sltest_register(&sltest_case_##test);                    \
	}                                                                \
	static const char *sltest_##test(void)

/* Fail the current test unless cond holds. */
#define SLTEST_CHECK(cond)                                                \
	do {                                                              \
		if (!(cond))                                              \
			return sltest_fail("%s (%s:%d)", #cond, __FILE__, \
					   __LINE__);                     \
	} while (0)

/* Fail unless two integers are equal, showing both. */
#define SLTEST_CHECK_EQ(got, want)                                             \
	do {                                                                   \
		long long got_ = (long long)(got), want_ = (long long)(want);  \
		if (got_ != want_)                                             \
			return sltest_fail("%s is %lld, expected %s = %lld "   \
					   "(%s:%d)",                          \
					   #got, got_, #want, want_, __FILE__, \
					   __LINE__);                          \
	} while (0)

#endif
