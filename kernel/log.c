/* SPDX-License-Identifier: MIT */
/*
 * The kernel log on the serial console. Each line carries the time since
 * the kernel's first instruction, the subsystem and the level, and lines
 * from different CPUs never interleave. The last SLATE_LOG_RING_SIZE
 * bytes are also kept in a ring that LOG_READ hands to user space (a
 * debug shell's `log`), since the console itself belongs to the
 * user-space console driver once it runs.
 */
#define LOG_SUBSYS "log"
#include <kernel/arch.h>
#include <kernel/bootinfo.h>
#include <kernel/clock.h>
#include <kernel/cmdline.h>
#include <kernel/fmt.h>
#include <kernel/log.h>
#include <kernel/panic.h>
#include <kernel/spinlock.h>
#include <kernel/string.h>
#include <slate/object.h>

#define LOG_LINE_MAX 256

enum log_level log_max_level = LOG_INFO;

/* Serialises console output so lines stay whole. */
static struct spinlock log_lock = SPINLOCK_INIT;

static const char *const log_level_names[] = {
    [LOG_ERROR] = "error",
    [LOG_WARN] = "warn",
    [LOG_INFO] = "info",
    [LOG_DEBUG] = "debug",
};

/*
 * What was written to the console, minus the CR of each CR LF: byte i of
 * the log since boot is ring[i % size] while i >= log_total - size.
 * [log_lock]
 */
static char log_ring[SLATE_LOG_RING_SIZE];
static uint64_t log_total;

static void console_write(const char *s)
{
	for (; *s; s++) {
		if (*s == '\n')
			arch_console_putc('\r');
		arch_console_putc(*s);
		log_ring[log_total++ % SLATE_LOG_RING_SIZE] = *s;
	}
}

/*
 * Take the console lock, unless a panic is being reported: then the lock
 * may be held by the CPU that faulted, and the report matters more.
 */
static unsigned long log_lock_acquire(void)
{
	if (panic_in_progress)
		return arch_irq_save();
	return spin_lock_irqsave(&log_lock);
}

static void log_lock_release(unsigned long flags)
{
	if (panic_in_progress)
		arch_irq_restore(flags);
	else
		spin_unlock_irqrestore(&log_lock, flags);
}

void kvprintf(const char *fmt, va_list ap)
{
	char line[LOG_LINE_MAX];
	unsigned long flags;

	fmt_vsnprintf(line, sizeof(line), fmt, ap);
	flags = log_lock_acquire();
	console_write(line);
	log_lock_release(flags);
}

size_t log_ring_read(char *out, size_t len, uint64_t offset)
{
	unsigned long flags = log_lock_acquire();
	uint64_t kept =
	    log_total < SLATE_LOG_RING_SIZE ? log_total : SLATE_LOG_RING_SIZE;
	uint64_t first = log_total - kept;
	size_t n = 0;

	for (; n < len && offset + n < kept; n++)
		out[n] = log_ring[(first + offset + n) % SLATE_LOG_RING_SIZE];
	log_lock_release(flags);
	return n;
}

void kprintf(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	kvprintf(fmt, ap);
	va_end(ap);
}

void kvlog(enum log_level level, const char *subsys, const char *fmt,
	   va_list ap)
{
	char line[LOG_LINE_MAX];
	uint64_t us;
	unsigned long flags;
	int n;

	if (level > log_max_level)
		return;
	us = clock_cycles_to_ns(arch_cycles() - boot_cycles_at_entry) / 1000;
	n = fmt_snprintf(
	    line, sizeof(line),
	    "[%5llu.%06llu] [%s] %s: ", (unsigned long long)(us / 1000000),
	    (unsigned long long)(us % 1000000), subsys, log_level_names[level]);
	if (n < (int)sizeof(line))
		fmt_vsnprintf(line + n, sizeof(line) - n, fmt, ap);
	flags = log_lock_acquire();
	console_write(line);
	console_write("\n");
	log_lock_release(flags);
}

void klog(enum log_level level, const char *subsys, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	kvlog(level, subsys, fmt, ap);
	va_end(ap);
}

static const char *log_option(const char *value)
{
	for (unsigned i = 0; i < ARRAY_SIZE(log_level_names); i++) {
		if (strcmp(value, log_level_names[i]) == 0) {
			log_max_level = (enum log_level)i;
			return NULL;
		}
	}
	return "expected error, warn, info or debug";
}
CMDLINE_OPTION(log, "log", log_option, "log=error|warn|info|debug");
