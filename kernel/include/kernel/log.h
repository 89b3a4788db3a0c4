/* SPDX-License-Identifier: MIT */
/*
 * The kernel log: one call with a level and a subsystem prefix. Every line
 * reads "[   12.345678] [pmm] info: ...", stamped from the cycle counter.
 *
 * A file sets its prefix once, before including this header:
 *	#define LOG_SUBSYS "pmm"
 */
#ifndef KERNEL_LOG_H
#define KERNEL_LOG_H

#include <kernel/compiler.h>

enum log_level {
	LOG_ERROR,
	LOG_WARN,
	LOG_INFO,
	LOG_DEBUG,
};

#ifndef LOG_SUBSYS
#define LOG_SUBSYS "kernel"
#endif

/* Lines above this level are dropped. Set from the "log=" option. */
extern enum log_level log_max_level;

void klog(enum log_level level, const char *subsys, const char *fmt, ...)
    __printf(3, 4);
void kvlog(enum log_level level, const char *subsys, const char *fmt,
	   va_list ap);

/* Raw console output, no prefix, no level: for panics and banners. */
void kprintf(const char *fmt, ...) __printf(1, 2);
void kvprintf(const char *fmt, va_list ap);

/*
 * Copy up to len bytes of the kept log, starting offset bytes after the
 * oldest byte still kept, into out (kernel memory); returns the count,
 * 0 past the end. Takes the console lock with interrupts off.
 */
size_t log_ring_read(char *out, size_t len, uint64_t offset);

#define log_error(...) klog(LOG_ERROR, LOG_SUBSYS, __VA_ARGS__)
#define log_warn(...)  klog(LOG_WARN, LOG_SUBSYS, __VA_ARGS__)
#define log_info(...)  klog(LOG_INFO, LOG_SUBSYS, __VA_ARGS__)
#define log_debug(...) klog(LOG_DEBUG, LOG_SUBSYS, __VA_ARGS__)

#endif
