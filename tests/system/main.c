/* SPDX-License-Identifier: MIT */
/*
 * The sltest runner: runs every registered test in the order the files
 * were linked and registered, or only those named as arguments (an
 * argument "rounds=N" sets the stress tests' round trips instead, and
 * "calls=N" and "seed=N" the syscall fuzzer's calls and seed), and
 * prints one line per test and a summary. The exit status is 0 when
 * everything passed and 1 otherwise.
 */
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "sltest.h"

static struct sltest_case *first, **last = &first;

uint64_t sltest_round_trips = SLTEST_ROUND_TRIPS_DEFAULT;
uint64_t sltest_fuzz_calls = SLTEST_FUZZ_CALLS_DEFAULT;
uint64_t sltest_fuzz_seed; /* 0: from the clock */
static char fail_message[256];

void sltest_register(struct sltest_case *c)
{
	c->next = NULL;
	*last = c;
	last = &c->next;
}

const char *sltest_fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(fail_message, sizeof(fail_message), fmt, ap);
	va_end(ap);
	return fail_message;
}

/* The "name=N" parameters and what each sets. */
static const struct {
	const char *prefix;
	uint64_t *value;
} parameters[] = {
    {"rounds=", &sltest_round_trips},
    {"calls=", &sltest_fuzz_calls},
    {"seed=", &sltest_fuzz_seed},
};

/* Whether arg was a parameter, which then sets its value (if not 0). */
static bool parameter(const char *arg)
{
	for (size_t i = 0; i < sizeof(parameters) / sizeof(parameters[0]);
	     i++) {
		size_t len = strlen(parameters[i].prefix);
		uint64_t n = 0;

		if (strncmp(arg, parameters[i].prefix, len) != 0)
			continue;
		for (arg += len; *arg >= '0' && *arg <= '9'; arg++)
			n = n * 10 + (uint64_t)(*arg - '0');
		if (n)
			*parameters[i].value = n;
		return true;
	}
	return false;
}

/* Whether c was asked for: every test if no names were given. */
static bool selected(const struct sltest_case *c, int argc, char **argv)
{
	bool named = false;

	for (int i = 1; i < argc; i++) {
		if (parameter(argv[i]))
			continue;
		named = true;
		if (strcmp(argv[i], c->name) == 0)
			return true;
	}
	return !named;
}

int main(int argc, char **argv)
{
	unsigned passed = 0, failed = 0;

	for (struct sltest_case *c = first; c; c = c->next) {
		const char *why;

		if (!selected(c, argc, argv))
			continue;
		why = c->run();
		if (why) {
			printf("[sltest] FAIL %s: %s\n", c->name, why);
			failed++;
		} else {
			printf("[sltest] PASS %s\n", c->name);
			passed++;
		}
	}
	printf("sltest: %u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}
