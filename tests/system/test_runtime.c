/* SPDX-License-Identifier: MIT */
/*
 * The runtime itself on the real kernel: threads, formatted output and
 * the stack protector's canary.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <slate/sys.h>
#include <slate/thread.h>

#include "sltest.h"

#define NTHREADS 4

extern uintptr_t __stack_chk_guard;

static void *square(void *arg)
{
	uintptr_t n = (uintptr_t)arg;
	volatile char scratch[512]; /* uses the stack for real */

	memset((char *)scratch, (int)n, sizeof(scratch));
	return (void *)(n * n + scratch[100] - (char)n);
}

SLTEST(threads_run_and_join)
{
	struct slate_thread *t[NTHREADS];
	void *result;

	for (uintptr_t i = 0; i < NTHREADS; i++)
		SLTEST_CHECK_EQ(
		    slate_thread_create(&t[i], square, (void *)(i + 2), 0), 0);
	for (uintptr_t i = 0; i < NTHREADS; i++) {
		SLTEST_CHECK_EQ(slate_thread_join(t[i], &result), 0);
		SLTEST_CHECK_EQ((uintptr_t)result, (i + 2) * (i + 2));
	}
	return NULL;
}

SLTEST(snprintf_formats)
{
	char buf[64];

	SLTEST_CHECK_EQ(snprintf(buf, sizeof(buf), "%5d|%-3s|%#x|%02u", -42,
				 "ab", 255u, 7u),
			17);
	SLTEST_CHECK(strcmp(buf, "  -42|ab |0xff|07") == 0);
	SLTEST_CHECK_EQ(snprintf(buf, 4, "%s", "truncated"), 9);
	SLTEST_CHECK(strcmp(buf, "tru") == 0);
	return NULL;
}

SLTEST(long_lines_are_printed)
{
	char line[600];

	memset(line, 'x', sizeof(line) - 1);
	line[sizeof(line) - 1] = '\0';
	SLTEST_CHECK_EQ(printf("[sltest] %s\n", line), 9 + 599 + 1);
	return NULL;
}

SLTEST(stack_canary_is_set)
{
	SLTEST_CHECK(__stack_chk_guard != 0);
	SLTEST_CHECK((__stack_chk_guard & 0xff) == 0);
	return NULL;
}
