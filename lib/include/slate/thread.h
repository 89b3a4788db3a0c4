/* SPDX-License-Identifier: MIT */
/*
 * Threads of a native program. slate_thread_create allocates a stack,
 * creates a kernel thread in this process and starts it running
 * fn(arg); when fn returns, the thread signals its joiner and exits.
 * slate_thread_join waits for that and frees what the thread used.
 * Every thread must be joined once, or its stack and handles leak.
 */
#ifndef SLATE_THREAD_H
#define SLATE_THREAD_H

#include <stddef.h>

#include <slate/types.h>

#define SLATE_THREAD_STACK_DEFAULT (64 * 1024)

struct slate_thread;

/*
 * Start fn(arg) on a new thread with a stack of stack_size bytes (0 for
 * the default). Returns 0, or a negative SLATE_ERR_* with *out NULL.
 * *out is set before the thread starts, so fn may read it to find its
 * own struct slate_thread.
 */
slate_status_t slate_thread_create(struct slate_thread **out,
				   void *(*fn)(void *), void *arg,
				   size_t stack_size);

/* Wait for t to finish, store fn's result (if result) and free t. */
slate_status_t slate_thread_join(struct slate_thread *t, void **result);

/* The kernel handle of t, for the slate_thread_set_* calls. */
slate_handle_t slate_thread_handle(const struct slate_thread *t);

#endif
