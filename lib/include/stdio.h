/* SPDX-License-Identifier: MIT */
/*
 * Formatted output for native programs. Everything printed goes to the
 * kernel's debug log (SLATE_SYS_DEBUG_LOG) a whole line at a time, so
 * lines from different threads and processes never interleave mid-line.
 * The formatter is the kernel's own (kernel/fmt.c): %d %i %u %x %X %o %c
 * %s %p %% with flags, width, precision and hh h l ll z; no floating
 * point. There are no FILE streams.
 */
#ifndef SLATE_LIBC_STDIO_H
#define SLATE_LIBC_STDIO_H

#include <stdarg.h>
#include <stddef.h>

#define SLATE_PRINTF(a, b) __attribute__((format(printf, a, b)))

int printf(const char *fmt, ...) SLATE_PRINTF(1, 2);
int vprintf(const char *fmt, va_list ap);
int snprintf(char *buf, size_t size, const char *fmt, ...) SLATE_PRINTF(3, 4);
int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int puts(const char *s);
int putchar(int c);

/* Send out a partly written line now (exit does this too). */
void slate_output_flush(void);

#endif
