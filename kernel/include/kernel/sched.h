/* SPDX-License-Identifier: MIT */
/*
 * The scheduler: preemptive, 32 priorities, round robin within one, a
 * run queue per CPU. A woken thread goes to an idle CPU if there is one
 * (which is all the load balancing a 2-8 core machine needs at wakeup),
 * otherwise back to the CPU it last ran on; the tick moves surplus work
 * from a busy CPU's queue to an idle one. Idle CPUs halt.
 *
 * Locking: everything here runs under the big kernel lock.
 */
#ifndef KERNEL_SCHED_H
#define KERNEL_SCHED_H

#include <kernel/smp.h>
#include <kernel/thread.h>

#define SCHED_SLICE_TICKS 2 /* 20 ms at the 100 Hz tick */

/* Once, on the boot CPU, before any CPU calls sched_run_idle. */
void sched_init(void);
/*
 * Turn the calling boot context into this CPU's idle thread and run the
 * scheduler for ever. Takes the big kernel lock.
 */
__noreturn void sched_run_idle(void);

static inline struct thread *sched_current(void)
{
	return this_cpu()->current;
}

/* Make a new or blocked thread runnable (on a CPU chosen here). */
void sched_make_runnable(struct thread *t);

/*
 * Block the current thread for reason until woken by sched_wake, or until
 * deadline (SLATE_TIME_INFINITE for none) passes, when it is woken with
 * SLATE_ERR_TIMED_OUT. Returns the status its waker gave.
 */
slate_status_t sched_block(enum block_reason reason, slate_time_t deadline);

/*
 * Wake a blocked thread with the status its blocking call will return.
 * Removes it from the timer list and from whatever queue its block
 * reason put it on.
 */
void sched_wake(struct thread *t, slate_status_t status);

/*
 * Switch straight to next (runnable or freshly unblocked, not on any
 * queue) without a trip through the run queues: the IPC fastpath. The
 * current thread must already be blocked or requeued by the caller.
 * next inherits the rest of the current thread's time slice.
 */
void sched_switch_to(struct thread *next);

/*
 * Block the current thread for reason (no deadline) and switch straight
 * to next, which the caller has already taken off every queue.
 */
slate_status_t sched_block_to(enum block_reason reason, struct thread *next);

/* Take t off the timer list, if its deadline is armed. */
void sched_disarm(struct thread *t);

/* Bookkeeping in a thread that has just been switched to (new ones too). */
void sched_finish_switch(void);

/* Give up the CPU to an equal or higher priority thread, if any. */
void sched_yield(void);
/* Pick the best thread for this CPU and switch to it. */
void sched_reschedule(void);

/* Take a runnable thread off its queue (before it is killed). */
void sched_dequeue(struct thread *t);

/* Pin t to cpu (or -1: any), moving it there if needed. */
void sched_set_affinity(struct thread *t, int cpu);

/* Change a thread's priority, requeueing it if it is waiting to run. */
void sched_set_priority(struct thread *t, unsigned prio);

#endif
