/* SPDX-License-Identifier: MIT */
/*
 * Formatted output into a buffer: the subset of printf the kernel uses
 * (%d %i %u %x %X %o %c %s %p %%, with 0/-/width/precision and the hh, h,
 * l, ll, z length modifiers). Host unit tests compare it with libc.
 */
#ifndef KERNEL_FMT_H
#define KERNEL_FMT_H

#include <stdarg.h>
#include <stddef.h>

/* Like vsnprintf: always terminates, returns the untruncated length. */
int fmt_vsnprintf(char *buf, size_t size, const char *fmt, va_list ap);
int fmt_snprintf(char *buf, size_t size, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

#endif
