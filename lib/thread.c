/* SPDX-License-Identifier: MIT */
/*
 * Threads over SLATE_SYS_THREAD_CREATE and THREAD_START. Each thread
 * gets a malloc'd stack and a notification: the new thread enters
 * slate_thread_entry (lib/arch/<arch>/syscall.S), which calls
 * slate_thread_main here; when fn returns, slate_thread_finish signals
 * the notification and exits without touching the stack again, so the
 * joiner may free the stack as soon as it wakes.
 */
#include <stdint.h>
#include <stdlib.h>

#include <slate/sys.h>
#include <slate/thread.h>

#define DONE_BIT 1u

struct slate_thread {
	slate_handle_t thread; /* the kernel thread */
	slate_handle_t done;   /* notification: DONE_BIT when fn returned */
	void *(*fn)(void *);
	void *arg;
	void *result; /* fn's return value, once DONE_BIT is set */
	void *stack;
};

void slate_thread_entry(void);
_Noreturn void slate_thread_main(struct slate_thread *t);
_Noreturn void slate_thread_finish(slate_handle_t notify, uint64_t bits,
				   uint64_t nr_signal, uint64_t nr_exit);

_Noreturn void slate_thread_main(struct slate_thread *t)
{
	t->result = t->fn(t->arg);
	slate_thread_finish(t->done, DONE_BIT, SLATE_SYS_NOTIFY_SIGNAL,
			    SLATE_SYS_THREAD_EXIT);
}

/* Undo a half-made thread. */
static void discard(struct slate_thread *t)
{
	if (t->thread)
		slate_handle_close(t->thread);
	if (t->done)
		slate_handle_close(t->done);
	free(t->stack);
	free(t);
}

slate_status_t slate_thread_create(struct slate_thread **out,
				   void *(*fn)(void *), void *arg,
				   size_t stack_size)
{
	struct slate_thread *t;
	slate_status_t st;
	uintptr_t top;

	if (out == NULL || fn == NULL)
		return SLATE_ERR_INVALID;
	if (stack_size == 0)
		stack_size = SLATE_THREAD_STACK_DEFAULT;
	t = calloc(1, sizeof(*t));
	if (t == NULL)
		return SLATE_ERR_NO_MEMORY;
	t->fn = fn;
	t->arg = arg;
	t->stack = malloc(stack_size);
	if (t->stack == NULL) {
		discard(t);
		return SLATE_ERR_NO_MEMORY;
	}
	/* Both ABIs want sp 16-byte aligned at a function's entry. */
	top = ((uintptr_t)t->stack + stack_size) & ~(uintptr_t)15;

	st = slate_notify_create();
	if (st >= 0) {
		t->done = (slate_handle_t)st;
		st = slate_thread_new(slate_self_process(),
				      (uintptr_t)slate_thread_entry, top,
				      (uintptr_t)t);
	}
	if (st >= 0) {
		/* Before it runs: the new thread may look for itself in *out.
		 */
		t->thread = (slate_handle_t)st;
		*out = t;
		st = slate_thread_start(t->thread);
	}
	if (st < 0) {
		*out = NULL;
		discard(t);
		return st;
	}
	return SLATE_OK;
}

slate_status_t slate_thread_join(struct slate_thread *t, void **result)
{
	slate_status_t bits;

	if (t == NULL)
		return SLATE_ERR_INVALID;
	/* A wait can end early (SLATE_ERR_INTERRUPTED); wait again. */
	do {
		bits = slate_notify_wait(t->done, SLATE_TIME_INFINITE);
		if (bits < 0 && bits != SLATE_ERR_INTERRUPTED)
			return bits;
	} while (bits < 0 || !(bits & DONE_BIT));
	if (result)
		*result = t->result;
	discard(t);
	return SLATE_OK;
}

slate_handle_t slate_thread_handle(const struct slate_thread *t)
{
	return t ? t->thread : SLATE_HANDLE_INVALID;
}
