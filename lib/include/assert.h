/* SPDX-License-Identifier: MIT */
/*
 * assert() for native programs: a failed one prints the condition, file,
 * line and function to the debug log and ends the process with status
 * 134, as abort() does. Defining NDEBUG removes the checks.
 */
#ifndef SLATE_LIBC_ASSERT_H
#define SLATE_LIBC_ASSERT_H

_Noreturn void __assert_fail(const char *cond, const char *file, int line,
			     const char *func);

#ifndef static_assert
#define static_assert _Static_assert
#endif

#endif

/* Outside the guard, as C requires: NDEBUG may change between includes. */
#undef assert
#ifdef NDEBUG
#define assert(cond) ((void)0)
#else
#define assert(cond) \
	((cond) ? (void)0 : __assert_fail(#cond, __FILE__, __LINE__, __func__))
#endif
