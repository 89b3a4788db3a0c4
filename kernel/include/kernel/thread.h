/* SPDX-License-Identifier: MIT */
/*
 * Threads: the unit the scheduler runs. Each has its own kernel stack
 * (KSTACK_SIZE, above a guard page); the top of that stack holds the
 * thread's user registers as a struct trap_frame, and below it the
 * kernel runs the thread's system calls, so a thread can block anywhere
 * in the kernel simply by switching away.
 *
 * Locking: every field not marked otherwise is protected by the big
 * kernel lock [bkl]. [imm] means immutable after thread_create.
 */
#ifndef KERNEL_THREAD_H
#define KERNEL_THREAD_H

#include <kernel/compiler.h>
#include <kernel/list.h>
#include <kernel/object.h>
#include <arch/thread.h>
#include <arch/trap.h>
#include <slate/object.h>
#include <slate/types.h>

struct process;
struct endpoint;

enum thread_state {
	THREAD_NEW,      /* created, never started */
	THREAD_RUNNABLE, /* on a run queue */
	THREAD_RUNNING,  /* some CPU's current thread */
	THREAD_BLOCKED,  /* waiting: see block_reason */
	THREAD_DEAD,     /* exited; its stack is freed once switched away */
};

/* What a blocked thread waits for; what its waker must undo. */
enum block_reason {
	BLOCK_NONE,
	BLOCK_SLEEP,     /* only the deadline */
	BLOCK_IPC_SEND,  /* on ep->senders, message not yet taken */
	BLOCK_IPC_RECV,  /* on ep->receivers */
	BLOCK_IPC_REPLY, /* message taken; waiting for reply_from */
	BLOCK_NOTIFY,    /* on a notification's waiters */
	BLOCK_PROC_WAIT, /* on a process's exit waiters */
	BLOCK_PAGER,     /* on a page fault a pager must resolve */
};

#define THREAD_PRIO_MIN     SLATE_PRIORITY_MIN
#define THREAD_PRIO_DEFAULT SLATE_PRIORITY_DEFAULT
#define THREAD_PRIO_MAX     SLATE_PRIORITY_MAX

struct thread {
	struct kobj obj;         /* KOBJ_THREAD */
	struct arch_thread arch; /* saved context; [owner CPU] */
	uintptr_t kstack_top;    /* [imm] */
	struct process *proc;    /* [imm] NULL for idle threads */
	char name[16];           /* [imm] for logs */

	enum thread_state state;
	enum block_reason block;
	uint8_t priority; /* THREAD_PRIO_MIN .. THREAD_PRIO_MAX */
	int8_t affinity;  /* CPU index it must run on, or -1 */
	uint8_t cpu;      /* CPU whose queue or current it is */
	unsigned slice;   /* ticks left in its time slice */
	struct thread *rq_next;
	bool killed; /* exit at the next return to user mode */

	struct list_node proc_link; /* in proc->threads */

	/* Sleeping with a deadline: on the timer list while armed. */
	slate_time_t deadline;
	struct list_node timer_link;
	slate_status_t wake_status; /* what the blocking call returns */

	/* Generic wait queue membership (notification, process wait). */
	struct list_node wait_link;
	void *wait_obj;

	/* IPC, see ipc.c. */
	struct endpoint *ipc_ep;       /* endpoint it is queued on */
	struct list_node ipc_link;     /* on ipc_ep's senders or receivers */
	struct thread *reply_from;     /* caller this thread owes a reply */
	struct thread *reply_to;       /* server that owes this caller */
	uint64_t ipc_badge;            /* badge of the handle it called */
	uint64_t ipc_info;             /* message info while queued */
	uint64_t ipc_words[4];         /* register words while queued */
	slate_handle_t ipc_handles[4]; /* handles to move, as checked */
	uintptr_t ipc_buffer_uva;      /* user address of its IPC buffer */
	struct slate_ipc_buffer *ipc_buffer; /* kernel view, or NULL */
	struct vmo *ipc_buffer_vmo;          /* holds the buffer's page */

	/* Runtime accounting, in cycles. */
	uint64_t run_cycles;
	uint64_t run_since;
};

static inline struct trap_frame *thread_user_frame(struct thread *t)
{
	return (struct trap_frame *)(t->kstack_top - sizeof(struct trap_frame));
}

struct cpu;

/*
 * Create a thread in process p (charged to p's quota), not yet started:
 * 0 and *out with one reference, or an error. p must not be dying.
 */
slate_status_t thread_create(struct process *p, const char *name,
			     struct thread **out);
/* Start a new thread in user mode at pc with stack sp. */
void thread_start_user(struct thread *t, uintptr_t pc, uintptr_t sp,
		       uint64_t arg0, uint64_t arg1);
/* Start a new thread whose user frame the caller has filled in. */
void thread_start_prepared(struct thread *t);
/* The idle thread of CPU c, wrapping the context that calls this. */
struct thread *thread_create_idle(struct cpu *c);

/* End the current thread; its stack is freed after the switch away. */
__noreturn void thread_exit_current(void);
/* Make t exit at its next return to user mode, waking it if blocked. */
void thread_kill(struct thread *t);
/* Free a dead thread's stack once no CPU runs on it (sched.c). */
void thread_reap(struct thread *t);
/* Undo what t's block reason put it on; sched_wake calls this. */
void thread_unblock_cleanup(struct thread *t);

#endif
