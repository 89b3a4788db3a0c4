/* SPDX-License-Identifier: MIT */
/*
 * Process start and end for native programs: slate_start is called by
 * crt0 (lib/arch/<arch>/crt0.S) with the start information the kernel or
 * the parent left (include/slate/start.h). It checks it, seeds the stack
 * protector, runs constructors and calls main(argc, argv); main's return
 * value becomes the process's exit status.
 */
#include <assert.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <kernel/fmt.h>
#include <slate/sys.h>

#include "internal.h"

int main(int argc, char **argv);

/* Set once by slate_start, before main; read-only afterwards. */
static const struct slate_start_info *start_info;

/*
 * The canary -fstack-protector-strong compares against. Its low byte is
 * kept zero, so a string overflow that copies up to a NUL cannot rewrite
 * the canary with itself.
 */
uintptr_t __stack_chk_guard;

/* Set once by slate_start, before main (an empty array if none). */
char **environ;

/* Constructor table, bounded by lib/user.ld. */
typedef void (*init_fn)(void);
extern const init_fn __init_array_start[], __init_array_end[];

_Noreturn void __stack_chk_fail(void);
_Noreturn void slate_start(const struct slate_start_info *info);

const struct slate_start_info *slate_start_info(void)
{
	return start_info;
}

slate_handle_t slate_start_handle(enum slate_start_handle kind)
{
	for (uint32_t i = 0; start_info && i < start_info->nhandles; i++)
		if (start_info->handle_kinds[i] == (uint32_t)kind)
			return start_info->handles[i];
	return SLATE_HANDLE_INVALID;
}

slate_handle_t slate_self_process(void)
{
	return slate_start_handle(SLATE_START_SELF_PROCESS);
}

_Noreturn void libslate_fatal(int status, const char *fmt, ...)
{
	char line[256];
	va_list ap;
	int n;

	n = fmt_snprintf(line, sizeof(line), "libslate: ");
	va_start(ap, fmt);
	n += fmt_vsnprintf(line + n, sizeof(line) - (size_t)n - 1, fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(line) - 2)
		n = (int)sizeof(line) - 2;
	line[n++] = '\n';
	slate_debug_log(line, (size_t)n);
	slate_process_exit(status);
}

_Noreturn void __stack_chk_fail(void)
{
	libslate_fatal(LIBSLATE_ABORT_STATUS, "stack smashing detected");
}

_Noreturn void abort(void)
{
	slate_output_flush();
	libslate_fatal(LIBSLATE_ABORT_STATUS, "abort() called");
}

_Noreturn void __assert_fail(const char *cond, const char *file, int line,
			     const char *func)
{
	slate_output_flush();
	libslate_fatal(LIBSLATE_ABORT_STATUS,
		       "%s:%d: %s: assertion '%s' failed", file, line, func,
		       cond);
}

_Noreturn void exit(int status)
{
	slate_output_flush();
	slate_process_exit(status);
}

/*
 * A canary from the clock, stirred with the splitmix64 finaliser so its
 * bits do not follow the clock's. XXX: the clock is guessable to within a
 * few bits by a local attacker; a kernel entropy call should replace it.
 */
static uintptr_t make_canary(const void *salt)
{
	uint64_t x = slate_clock_get() ^ (uint64_t)(uintptr_t)salt;

	x += 0x9e3779b97f4a7c15ull;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
	x ^= x >> 31;
	return (uintptr_t)x & ~(uintptr_t)0xff;
}

/* Whether the start information can be used at all. */
static bool start_info_ok(const struct slate_start_info *info)
{
	return info && info->magic == SLATE_START_MAGIC &&
	       info->nhandles <= SLATE_START_MAX_HANDLES &&
	       (info->argc == 0 || info->argv != 0) &&
	       (info->envc == 0 || info->envp != 0);
}

/*
 * argv or envp as C wants it: n pointers and a NULL. The start
 * information promises only the n pointers, so they are copied into a
 * longer array rather than trusting a NULL to follow them.
 */
static char **make_vector(uint64_t at, uint32_t n)
{
	char *const *given = (char *const *)(uintptr_t)at;
	char **v = calloc((size_t)n + 1, sizeof(*v));

	if (v == NULL)
		libslate_fatal(127, "no memory for %u arguments", n);
	for (uint32_t i = 0; i < n; i++)
		v[i] = given[i];
	return v;
}

char *getenv(const char *name)
{
	size_t len = strlen(name);

	for (char **e = environ; e && *e; e++)
		if (!strncmp(*e, name, len) && (*e)[len] == '=')
			return *e + len + 1;
	return NULL;
}

/*
 * The canary changes here, so this function must not check it; it never
 * returns, so nothing else on the stack outlives the change either.
 */
__attribute__((no_stack_protector)) _Noreturn void
slate_start(const struct slate_start_info *info)
{
	if (!start_info_ok(info))
		libslate_fatal(127, "bad start information at %p", info);
	start_info = info;
	__stack_chk_guard = make_canary(info);

	for (const init_fn *fn = __init_array_start; fn < __init_array_end;
	     fn++)
		(*fn)();
	environ = make_vector(info->envp, info->envc);
	exit(main((int)info->argc, make_vector(info->argv, info->argc)));
}
