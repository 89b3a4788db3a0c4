/* SPDX-License-Identifier: MIT */
/*
 * Memory allocation and process exit for native programs. The allocator
 * (lib/malloc.c) takes memory from the kernel in VMOs mapped into this
 * process; it is thread safe. Every block is 16-byte aligned.
 */
#ifndef SLATE_LIBC_STDLIB_H
#define SLATE_LIBC_STDLIB_H

#include <stddef.h>

#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1

void *malloc(size_t size);
void *calloc(size_t n, size_t size);
/* realloc(p, 0) frees p and returns NULL. */
void *realloc(void *p, size_t size);
void free(void *p);

/* Flush output and end the process with status. */
_Noreturn void exit(int status);
/* Report "abort() called" and end the process with status 134. */
_Noreturn void abort(void);

/*
 * The environment the parent passed (struct slate_start_info's envp):
 * a NULL-ended array of "NAME=value" strings, never NULL itself.
 * getenv returns the value of the first entry named name, or NULL.
 */
extern char **environ;
char *getenv(const char *name);

#endif
