/* SPDX-License-Identifier: MIT */
/*
 * Stopping the kernel with a readable report, and the three kinds of check:
 * ASSERT (always on: memory is already corrupt if it fails), DEBUG_ASSERT
 * (debug builds only) and static_assert (compile time).
 */
#ifndef KERNEL_PANIC_H
#define KERNEL_PANIC_H

#include <kernel/compiler.h>

struct trap_frame;

/* Prints "PANIC: <message>", the registers if any, a backtrace, and stops. */
__noreturn void panic(const char *fmt, ...) __printf(1, 2);
__noreturn void panic_frame(const struct trap_frame *tf, const char *fmt, ...)
    __printf(2, 3);

/* Set while a panic is being reported; other code stays quiet then. */
extern volatile bool panic_in_progress;

#define ASSERT(cond)                                                        \
	do {                                                                \
		if (unlikely(!(cond)))                                      \
			panic("%s: assertion failed: %s (%s:%d)", __func__, \
			      #cond, __FILE__, __LINE__);                   \
	} while (0)

#ifdef SLATE_DEBUG
#define DEBUG_ASSERT(cond) ASSERT(cond)
#else
#define DEBUG_ASSERT(cond) ((void)0)
#endif

#endif
