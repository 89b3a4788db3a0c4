/* SPDX-License-Identifier: MIT */
/*
 * Host tests of the console line discipline: what a user typing at the
 * console sees echoed, and what a program reading it gets, for editing,
 * end of file, signals, raw mode and a line too long to keep.
 */
#include <string.h>

#include "../../drivers/console/ldisc.h"
#include "check.h"

static struct ldisc ld;
static char echoed[65536];
static size_t echoed_len;
static enum ldisc_event last;

/* Type s (NUL-free) and collect what was echoed. */
static void type(const char *s)
{
	echoed_len = 0;
	for (; *s; s++) {
		last = ldisc_input(&ld, (uint8_t)*s);
		memcpy(echoed + echoed_len, ld.echo, ld.echo_len);
		echoed_len += ld.echo_len;
	}
	echoed[echoed_len] = '\0';
}

/* Read up to n bytes into a NUL-terminated string; returns the count. */
static long take(char *out, size_t n)
{
	long got = ldisc_read(&ld, (uint8_t *)out, n);

	out[got > 0 ? got : 0] = '\0';
	return got;
}

static void fresh(void)
{
	ldisc_init(&ld);
}

static void a_line_is_echoed_and_read(void)
{
	char buf[64];

	fresh();
	type("ls -l");
	CHECK(!ldisc_readable(&ld) && last == LDISC_NONE);
	type("\r");
	CHECK(last == LDISC_READABLE && strcmp(echoed, "\r\n") == 0);
	CHECK(take(buf, sizeof(buf)) == 6 && strcmp(buf, "ls -l\n") == 0);
	CHECK(!ldisc_readable(&ld) && take(buf, sizeof(buf)) == -1);
}

static void editing_keys_edit(void)
{
	char buf[64];

	fresh();
	type("ab\x7f");
	CHECK(strcmp(echoed, "ab\b \b") == 0);
	type("c\n");
	CHECK(take(buf, sizeof(buf)) == 3 && strcmp(buf, "ac\n") == 0);

	type("\x7f\b"); /* nothing to erase: no echo */
	CHECK(echoed_len == 0);
	type("junk\x15"
	     "def\n"); /* ^U kills the line */
	CHECK(take(buf, sizeof(buf)) == 4 && strcmp(buf, "def\n") == 0);

	type("one two  \x17"
	     "x\n"); /* ^W erases blanks, then a word */
	CHECK(take(buf, sizeof(buf)) == 6 && strcmp(buf, "one x\n") == 0);

	type("\x01"); /* a control character shows as ^A */
	CHECK(strcmp(echoed, "^A") == 0);
	type("\x7f"); /* and takes two columns to erase */
	CHECK(strcmp(echoed, "\b \b\b \b") == 0);
}

static void ctrl_d_ends_lines_and_files(void)
{
	char buf[64];

	fresh();
	type("abc\x04");
	CHECK(last == LDISC_READABLE && strcmp(echoed, "abc") == 0);
	CHECK(take(buf, sizeof(buf)) == 3 && strcmp(buf, "abc") == 0);
	CHECK(!ldisc_readable(&ld));
	type("\x04"); /* on an empty line: end of file, read as 0 */
	CHECK(ldisc_readable(&ld) && take(buf, sizeof(buf)) == 0);
	CHECK(!ldisc_readable(&ld));
}

static void reads_stop_at_line_ends(void)
{
	char buf[64];

	fresh();
	type("a\nhello\n");
	CHECK(take(buf, sizeof(buf)) == 2 && strcmp(buf, "a\n") == 0);
	CHECK(take(buf, 2) == 2 && strcmp(buf, "he") == 0);
	CHECK(take(buf, sizeof(buf)) == 4 && strcmp(buf, "llo\n") == 0);
	CHECK(take(buf, sizeof(buf)) == -1);
}

static void signal_keys_signal_and_flush(void)
{
	char buf[64];

	fresh();
	type("queued\npartial\x03");
	CHECK(last == LDISC_SIGINT &&
	      strcmp(echoed, "queued\r\npartial^C") == 0);
	CHECK(!ldisc_readable(&ld));
	type("\x1c");
	CHECK(last == LDISC_SIGQUIT);
	type("\x1a");
	CHECK(last == LDISC_SIGTSTP);

	ldisc_set_mode(&ld, LDISC_DEFAULT_MODE & ~LDISC_ISIG);
	type("\x03\n"); /* without ISIG, ^C is data */
	CHECK(last == LDISC_READABLE);
	CHECK(take(buf, sizeof(buf)) == 2 && buf[0] == 3 && buf[1] == '\n');
}

static void raw_mode_passes_bytes_at_once(void)
{
	char buf[64];

	fresh();
	type("ed"); /* being edited when the program goes raw */
	ldisc_set_mode(&ld, LDISC_ONLCR);
	CHECK(ldisc_readable(&ld));
	type("\x7f\x03q");
	CHECK(last == LDISC_READABLE && echoed_len == 0);
	CHECK(take(buf, sizeof(buf)) == 5);
	CHECK(memcmp(buf, "ed\x7f\x03q", 5) == 0);

	type("xy");
	ldisc_set_mode(&ld, LDISC_DEFAULT_MODE); /* back: "xy" is a line */
	CHECK(take(buf, sizeof(buf)) == 2 && strcmp(buf, "xy") == 0);
}

static void a_long_line_is_cut_not_lost(void)
{
	static char line[5001], buf[LDISC_BUF_SIZE + 8];

	fresh();
	memset(line, 'x', 5000);
	type(line);
	CHECK(strchr(echoed, '\a') != NULL); /* a bell for each dropped byte */
	type("\n");
	CHECK(last == LDISC_READABLE);
	CHECK(take(buf, sizeof(buf)) == LDISC_BUF_SIZE);
	CHECK(buf[LDISC_BUF_SIZE - 2] == 'x' &&
	      buf[LDISC_BUF_SIZE - 1] == '\n');
}

static void the_line_queue_is_bounded(void)
{
	char buf[8];

	fresh();
	for (int i = 0; i < LDISC_MAX_LINES + 5; i++)
		type("\n");
	CHECK(strcmp(echoed, "\a") == 0);
	for (int i = 0; i < LDISC_MAX_LINES; i++)
		CHECK(take(buf, sizeof(buf)) == 1);
	CHECK(take(buf, sizeof(buf)) == -1);
}

static void output_ends_lines_with_cr_nl(void)
{
	uint8_t out[16];

	fresh();
	CHECK(ldisc_output(&ld, (const uint8_t *)"a\nb", 3, out) == 4);
	CHECK(memcmp(out, "a\r\nb", 4) == 0);
	ldisc_set_mode(&ld, LDISC_DEFAULT_MODE & ~LDISC_ONLCR);
	CHECK(ldisc_output(&ld, (const uint8_t *)"a\nb", 3, out) == 3);
}

int main(void)
{
	RUN(a_line_is_echoed_and_read);
	RUN(editing_keys_edit);
	RUN(ctrl_d_ends_lines_and_files);
	RUN(reads_stop_at_line_ends);
	RUN(signal_keys_signal_and_flush);
	RUN(raw_mode_passes_bytes_at_once);
	RUN(a_long_line_is_cut_not_lost);
	RUN(the_line_queue_is_bounded);
	RUN(output_ends_lines_with_cr_nl);
	return check_failures ? 1 : 0;
}
