/* SPDX-License-Identifier: MIT */
/*
 * Host tests of the command-line parser: values reach their handlers,
 * unknown, malformed and oversized words produce warnings and nothing
 * else, and numbers parse with overflow detection.
 */
#include <string.h>

#include <kernel/cmdline.h>
#include "check.h"

static char got_level[64];
static int got_flag;
static unsigned warnings_seen;
static char last_warned[CMDLINE_WORD_MAX];

static const char *level_handler(const char *v)
{
	if (strcmp(v, "debug") && strcmp(v, "info"))
		return "bad level";
	strcpy(got_level, v);
	return NULL;
}

static const char *flag_handler(const char *v)
{
	if (*v)
		return "takes no value";
	got_flag++;
	return NULL;
}

static const struct cmdline_option opts[] = {
    {"log", level_handler, "log=..."},
    {"poweroff", flag_handler, "poweroff"},
};

static void warn(const char *word, const char *reason)
{
	warnings_seen++;
	strncpy(last_warned, word, sizeof(last_warned) - 1);
}

static unsigned parse(const char *line)
{
	got_level[0] = '\0';
	got_flag = 0;
	warnings_seen = 0;
	last_warned[0] = '\0';
	return cmdline_parse(line, opts, 2, warn);
}

static void good_options_reach_handlers(void)
{
	CHECK(parse("  log=debug\tpoweroff\n") == 0);
	CHECK(strcmp(got_level, "debug") == 0);
	CHECK(got_flag == 1);
	CHECK(parse("") == 0 && warnings_seen == 0);
}

static void bad_options_warn_and_continue(void)
{
	CHECK(parse("bogus=1 log=shouting poweroff=3 =x poweroff") == 4);
	CHECK(warnings_seen == 4);
	CHECK(got_flag == 1); /* the good word after the bad ones */
	CHECK(strcmp(got_level, "") == 0);
	CHECK(parse("nosuch") == 1 && strcmp(last_warned, "nosuch") == 0);
	CHECK(parse("log=shouting") == 1);
	CHECK(strcmp(last_warned, "log=shouting") == 0);
}

static void long_words_are_refused(void)
{
	char line[600];

	memset(line, 'a', sizeof(line) - 1);
	line[sizeof(line) - 1] = '\0';
	CHECK(parse(line) == 1);
	memcpy(line + 300, " log=info ", 10);
	CHECK(parse(line) == 2);
	CHECK(strcmp(got_level, "info") == 0);
}

static void numbers(void)
{
	unsigned long long v;

	CHECK(cmdline_parse_u64("0", &v) && v == 0);
	CHECK(cmdline_parse_u64("18446744073709551615", &v) && v == ~0ull);
	CHECK(!cmdline_parse_u64("18446744073709551616", &v));
	CHECK(cmdline_parse_u64("0xFFff", &v) && v == 0xffff);
	CHECK(!cmdline_parse_u64("0x", &v));
	CHECK(!cmdline_parse_u64("", &v));
	CHECK(!cmdline_parse_u64("12a", &v));
	CHECK(!cmdline_parse_u64("-1", &v));
}

int main(void)
{
	RUN(good_options_reach_handlers);
	RUN(bad_options_warn_and_continue);
	RUN(long_words_are_refused);
	RUN(numbers);
	return check_failures != 0;
}
