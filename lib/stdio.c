/* SPDX-License-Identifier: MIT */
/*
 * printf and friends over the kernel debug log. Output collects in one
 * process-wide line buffer and goes to the kernel a whole line at a time
 * (each SLATE_SYS_DEBUG_LOG call carries one line, ending in '\n', which
 * the kernel drops as it adds its own), so concurrent printers never
 * split each other's lines. A line longer than the buffer is sent in
 * buffer-sized pieces, each shown as a line of its own.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kernel/fmt.h>
#include <slate/lock.h>
#include <slate/sys.h>

/*
 * The longest piece of a line sent in one call, '\n' included. The
 * kernel accepts 1024 bytes a call but today shows only the first 254
 * characters of each (kernel/log.c), and loses the line break with the
 * rest, so longer lines go out in pieces that each arrive whole.
 */
#define LINE_MAX   240
#define FORMAT_BUF 256

static struct slate_lock out_lock = SLATE_LOCK_INIT;
static char out_line[LINE_MAX]; /* [out_lock] */
static size_t out_used;         /* [out_lock] */

/* Send what is buffered. Called with out_lock held. */
static void out_emit(void)
{
	if (out_used)
		slate_debug_log(out_line, out_used);
	out_used = 0;
}

/* Append n bytes, sending each line as it completes. [out_lock] */
static void out_put(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		out_line[out_used++] = s[i];
		if (s[i] == '\n' || out_used == LINE_MAX)
			out_emit();
	}
}

static void out_write(const char *s, size_t n)
{
	slate_lock(&out_lock);
	out_put(s, n);
	slate_unlock(&out_lock);
}

void slate_output_flush(void)
{
	slate_lock(&out_lock);
	out_emit();
	slate_unlock(&out_lock);
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	return fmt_vsnprintf(buf, size, fmt, ap);
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = fmt_vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return n;
}

/*
 * Format on the stack when it fits, which is nearly always, and on the
 * heap when not; if even that fails the output is cut at the stack
 * buffer's size rather than lost.
 */
int vprintf(const char *fmt, va_list ap)
{
	char small[FORMAT_BUF];
	char *buf = small;
	va_list again;
	int n;

	va_copy(again, ap);
	n = fmt_vsnprintf(small, sizeof(small), fmt, ap);
	if ((size_t)n >= sizeof(small)) {
		buf = malloc((size_t)n + 1);
		if (buf)
			fmt_vsnprintf(buf, (size_t)n + 1, fmt, again);
		else
			buf = small;
	}
	va_end(again);
	out_write(buf, buf == small && (size_t)n >= sizeof(small)
			   ? sizeof(small) - 1
			   : (size_t)n);
	if (buf != small)
		free(buf);
	return n;
}

int printf(const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vprintf(fmt, ap);
	va_end(ap);
	return n;
}

int puts(const char *s)
{
	slate_lock(&out_lock);
	out_put(s, strlen(s));
	out_put("\n", 1);
	slate_unlock(&out_lock);
	return 0;
}

int putchar(int c)
{
	char ch = (char)c;

	out_write(&ch, 1);
	return (unsigned char)c;
}
