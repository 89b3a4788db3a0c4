/* SPDX-License-Identifier: MIT */
/*
 * In-kernel self-tests, chosen with "selftest=all" or "selftest=a,b,c".
 * Each result is one serial line the test runner reads:
 *	[selftest] PASS pmm (1234 us)
 *	[selftest] FAIL heap: kmalloc(64) returned unaligned 0x...
 * and a summary line "selftest: N passed, M failed".
 */
#ifndef KERNEL_SELFTEST_H
#define KERNEL_SELFTEST_H

#include <kernel/compiler.h>

struct selftest {
	const char *name;
	/* Returns NULL on success, or a message saying what went wrong. */
	const char *(*run)(void);
	/* Only run when named explicitly, never by "all" (e.g. "fault"). */
	bool explicit_only;
};

#define SELFTEST_DEFINE(id, explicit_)                                  \
	static const char *selftest_fn_##id(void);                      \
	static const struct selftest selftest_##id                      \
	    __attribute__((used, section("selftests"), aligned(8))) = { \
		.name = #id,                                            \
		.run = selftest_fn_##id,                                \
		.explicit_only = (explicit_),                           \
	};                                                              \
	static const char *selftest_fn_##id(void)

#define SELFTEST(id)          SELFTEST_DEFINE(id, false)
#define SELFTEST_EXPLICIT(id) SELFTEST_DEFINE(id, true)

/* A failure message with values; the buffer is per-test, static. */
const char *selftest_failf(const char *fmt, ...) __printf(1, 2);

#define SELFTEST_CHECK(cond)                                                   \
	do {                                                                   \
		if (!(cond))                                                   \
			return selftest_failf("%s:%d: %s", __FILE__, __LINE__, \
					      #cond);                          \
	} while (0)

/* Run the tests the command line selected; returns the failure count. */
unsigned selftest_run_selected(void);
bool selftest_requested(void);

#endif
