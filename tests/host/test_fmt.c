/* SPDX-License-Identifier: MIT */
/*
 * Host tests of the kernel's vsnprintf: every supported conversion is
 * compared with the C library's output, plus truncation rules.
 */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <kernel/fmt.h>
#include "check.h"

/* The cases below probe edge cases on purpose. */
#pragma clang diagnostic ignored "-Wformat"
#pragma clang diagnostic ignored "-Wformat-invalid-specifier"

/* Format with both and compare text and return value. */
#define SAME(...)                                                              \
	do {                                                                   \
		char mine[128], libc[128];                                     \
		int a = fmt_snprintf(mine, sizeof(mine), __VA_ARGS__);         \
		int b = snprintf(libc, sizeof(libc), __VA_ARGS__);             \
		if (a != b || strcmp(mine, libc) != 0) {                       \
			printf("  mine \"%s\" (%d), libc \"%s\" (%d)\n", mine, \
			       a, libc, b);                                    \
		}                                                              \
		CHECK(a == b && strcmp(mine, libc) == 0);                      \
	} while (0)

static void integers_match_libc(void)
{
	SAME("%d %i %u", 0, -1, 4000000000u);
	SAME("%d", INT32_MIN);
	SAME("%lld %llu", (long long)INT64_MIN, (unsigned long long)UINT64_MAX);
	SAME("%ld %lu %zu", -5L, 7UL, (size_t)123);
	SAME("%hhd %hhu %hd %hu", 300, 300, 70000, 70000);
	SAME("%x %X %o %#x %#X %#o", 0xbeefu, 0xbeefu, 8u, 255u, 255u, 8u);
	SAME("%#x %#o", 0u, 0u);
	SAME("%lx", 0xffffffff80000000ul);
}

static void width_precision_flags_match_libc(void)
{
	SAME("[%5d] [%-5d] [%05d] [%+d] [% d]", 42, 42, 42, 42, 42);
	SAME("[%05d] [%-05d] [%5.3d] [%.0d]", -42, -42, 7, 0);
	SAME("[%*d] [%-*d] [%.*d]", 6, 1, 6, 1, 4, 1);
	SAME("[%*d]", -6, 1);
	SAME("[%#018lx]", 0xffffffff80101234ul);
	SAME("[%10s] [%-10s] [%.2s] [%c] [%3c]", "abc", "abc", "abc", 'x', 'y');
	SAME("%%");
	SAME("[%016llx]", 0x1234ull);
}

static void pointers_and_null_strings(void)
{
	char buf[64];
	const char *null = NULL;

	fmt_snprintf(buf, sizeof(buf), "%p", (void *)0xffff800000001000ul);
	CHECK(strcmp(buf, "0xffff800000001000") == 0);
	fmt_snprintf(buf, sizeof(buf), "%s", null);
	CHECK(strcmp(buf, "(null)") == 0);
}

static void truncation_is_safe(void)
{
	char buf[8];
	int n;

	memset(buf, 'Z', sizeof(buf));
	n = fmt_snprintf(buf, 4, "%s", "abcdef");
	CHECK(n == 6);
	CHECK(strcmp(buf, "abc") == 0);
	CHECK(buf[4] == 'Z');
	n = fmt_snprintf(buf, 0, "%d", 12345);
	CHECK(n == 5);
	CHECK(buf[0] == 'a');
	n = fmt_snprintf(buf, 1, "x");
	CHECK(n == 1 && buf[0] == '\0');
}

static void unknown_conversions_are_shown(void)
{
	char buf[32];

	fmt_snprintf(buf, sizeof(buf), "a%qb");
	CHECK(strcmp(buf, "a%qb") == 0);
	fmt_snprintf(buf, sizeof(buf), "end%");
	CHECK(strcmp(buf, "end") == 0);
}

int main(void)
{
	RUN(integers_match_libc);
	RUN(width_precision_flags_match_libc);
	RUN(pointers_and_null_strings);
	RUN(truncation_is_safe);
	RUN(unknown_conversions_are_shown);
	return check_failures != 0;
}
