/* SPDX-License-Identifier: MIT */
/*
 * The in-kernel self-test runner. "selftest=all" runs every test not
 * marked explicit; "selftest=a,b" runs the named ones, in that order.
 * A name that matches no test is reported, not silently skipped.
 */
#define LOG_SUBSYS "selftest"
#include <kernel/clock.h>
#include <kernel/cmdline.h>
#include <kernel/fmt.h>
#include <kernel/log.h>
#include <kernel/selftest.h>
#include <kernel/string.h>

extern const struct selftest __selftests_start[], __selftests_end[];

static char selftest_list[CMDLINE_WORD_MAX];
static char selftest_msg[200];

static const char *selftest_option(const char *value)
{
	if (!*value)
		return "expected a list of test names or 'all'";
	strlcpy(selftest_list, value, sizeof(selftest_list));
	return NULL;
}
CMDLINE_OPTION(selftest, "selftest", selftest_option,
	       "selftest=all|name[,name...]");

bool selftest_requested(void)
{
	return selftest_list[0] != '\0';
}

const char *selftest_failf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fmt_vsnprintf(selftest_msg, sizeof(selftest_msg), fmt, ap);
	va_end(ap);
	return selftest_msg;
}

static bool run_one(const struct selftest *t)
{
	uint64_t start = clock_ns();
	const char *err = t->run();
	uint64_t us = (clock_ns() - start) / 1000;

	if (err) {
		kprintf("[selftest] FAIL %s: %s\n", t->name, err);
		return false;
	}
	kprintf("[selftest] PASS %s (%llu us)\n", t->name,
		(unsigned long long)us);
	return true;
}

static const struct selftest *find_test(const char *name, size_t len)
{
	for (const struct selftest *t = __selftests_start; t < __selftests_end;
	     t++) {
		if (strlen(t->name) == len && strncmp(t->name, name, len) == 0)
			return t;
	}
	return NULL;
}

unsigned selftest_run_selected(void)
{
	unsigned passed = 0, failed = 0;
	const char *p = selftest_list;

	if (strcmp(p, "all") == 0) {
		for (const struct selftest *t = __selftests_start;
		     t < __selftests_end; t++) {
			if (!t->explicit_only)
				run_one(t) ? passed++ : failed++;
		}
	} else {
		while (*p) {
			size_t len = 0;
			const struct selftest *t;

			while (p[len] && p[len] != ',')
				len++;
			t = find_test(p, len);
			if (t)
				run_one(t) ? passed++ : failed++;
			else if (len)
				log_warn("no self-test named '%.*s'", (int)len,
					 p);
			p += len + (p[len] == ',');
		}
	}
	kprintf("selftest: %u passed, %u failed\n", passed, failed);
	return failed;
}
