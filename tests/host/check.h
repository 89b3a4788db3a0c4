/* SPDX-License-Identifier: MIT */
/*
 * A minimal harness for host unit tests. Each test is a function; CHECK
 * ends it with a FAIL line naming the condition, and a test that returns
 * normally prints PASS. tests/host/host.mk counts the lines.
 */
#ifndef TESTS_HOST_CHECK_H
#define TESTS_HOST_CHECK_H

#include <stdio.h>

static unsigned check_failures;

#define CHECK(cond)                                                           \
	do {                                                                  \
		if (!(cond)) {                                                \
			printf("FAIL %s: %s (%s:%d)\n", check_current, #cond, \
			       __FILE__, __LINE__);                           \
			check_failures++;                                     \
			return;                                               \
		}                                                             \
	} while (0)

static const char *check_current;

#define RUN(test)                                   \
	do {                                        \
		unsigned before = check_failures;   \
		check_current = #test;              \
		test();                             \
		if (check_failures == before)       \
			printf("PASS %s\n", #test); \
	} while (0)

#endif
