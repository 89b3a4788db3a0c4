/* SPDX-License-Identifier: MIT */
/*
 * Thread lifetime: creation with a guarded kernel stack, the first entry
 * into user mode, exit, kill, and undoing a block when a thread is woken
 * early.
 */
#define LOG_SUBSYS "thread"
#include <kernel/arch.h>
#include <kernel/bkl.h>
#include <kernel/heap.h>
#include <kernel/ipc.h>
#include <kernel/log.h>
#include <kernel/panic.h>
#include <kernel/process.h>
#include <kernel/quota.h>
#include <kernel/sched.h>
#include <kernel/smp.h>
#include <kernel/string.h>
#include <kernel/trap.h>
#include <kernel/uvm.h>
#include <slate/status.h>

/* What a thread costs its process: the struct and its kernel stack. */
#define THREAD_CHARGE (sizeof(struct thread) + KSTACK_SIZE)

static struct thread *thread_alloc(const char *name)
{
	struct thread *t = kzalloc(sizeof(*t));

	if (!t)
		return NULL;
	kobj_init(&t->obj, SLATE_OBJ_THREAD);
	strlcpy(t->name, name, sizeof(t->name));
	t->priority = THREAD_PRIO_DEFAULT;
	t->affinity = -1;
	t->deadline = SLATE_TIME_INFINITE;
	return t;
}

slate_status_t thread_create(struct process *p, const char *name,
			     struct thread **out)
{
	slate_status_t err;
	struct thread *t;
	uintptr_t stack;

	if (p->dying)
		return SLATE_ERR_BAD_STATE;
	err = quota_charge(p->quota, THREAD_CHARGE);
	if (err)
		return err;
	stack = kstack_alloc();
	t = stack ? thread_alloc(name) : NULL;
	if (!t) {
		if (stack)
			kstack_free(stack);
		quota_uncharge(p->quota, THREAD_CHARGE);
		return SLATE_ERR_NO_MEMORY;
	}
	t->kstack_top = stack;
	t->proc = p;
	t->cpu = (uint8_t)this_cpu()->index;
	kobj_get(&p->obj);
	list_add_tail(&p->threads, &t->proc_link);
	*out = t;
	return SLATE_OK;
}

/* The first code a user thread runs, on its own kernel stack. */
static __noreturn void thread_user_entry(void *arg)
{
	struct thread *t = arg;

	sched_finish_switch();
	trap_exit(thread_user_frame(t), true);
	arch_return_to_user(thread_user_frame(t));
}

void thread_start_user(struct thread *t, uintptr_t pc, uintptr_t sp,
		       uint64_t arg0, uint64_t arg1)
{
	arch_user_frame_init(thread_user_frame(t), pc, sp, arg0, arg1);
	thread_start_prepared(t);
}

void thread_start_prepared(struct thread *t)
{
	ASSERT(t->state == THREAD_NEW);
	arch_thread_init(t, thread_user_entry, t);
	kobj_get(&t->obj); /* the scheduler's, dropped by thread_reap */
	t->proc->live_threads++;
	sched_make_runnable(t);
}

struct thread *thread_create_idle(struct cpu *c)
{
	struct thread *t = thread_alloc("idle");

	if (!t)
		panic("thread_create_idle: no memory for cpu %u", c->index);
	t->kstack_top = c->stack_top;
	t->priority = THREAD_PRIO_MIN;
	t->affinity = (int8_t)c->index;
	t->cpu = (uint8_t)c->index;
	return t;
}

/* A dying thread must not leave anyone waiting on it. */
static void thread_release_ipc(struct thread *t)
{
	if (t->reply_from) {
		struct thread *caller = t->reply_from;

		t->reply_from = NULL;
		caller->reply_to = NULL;
		sched_wake(caller, SLATE_ERR_PEER_CLOSED);
	}
	if (t->ipc_buffer_vmo)
		ipc_buffer_release(t);
}

void thread_exit_current(void)
{
	struct thread *t = sched_current();
	struct cpu *c = this_cpu();

	BKL_ASSERT_HELD();
	thread_release_ipc(t);
	list_remove(&t->proc_link);
	t->state = THREAD_DEAD;
	c->reap = t;
	sched_reschedule();
	panic("thread_exit_current: dead thread %s was switched back to",
	      t->name);
}

void thread_kill(struct thread *t)
{
	t->killed = true;
	switch (t->state) {
	case THREAD_NEW:
		/* Never ran: nobody else refers to it but handles. */
		list_remove(&t->proc_link);
		t->state = THREAD_DEAD;
		break;
	case THREAD_BLOCKED:
		sched_wake(t, SLATE_ERR_INTERRUPTED);
		break;
	case THREAD_RUNNING:
		if (t != sched_current())
			arch_send_ipi(t->cpu, IPI_RESCHED);
		break;
	default:
		break; /* runnable: it dies when it next runs */
	}
}

void thread_reap(struct thread *t)
{
	struct process *p = t->proc;

	ASSERT(t->state == THREAD_DEAD);
	kstack_free(t->kstack_top);
	t->kstack_top = 0;
	quota_uncharge(p->quota, KSTACK_SIZE);
	process_thread_gone(p);
	kobj_put(&t->obj);
}

void thread_destroy(struct kobj *obj)
{
	struct thread *t = container_of(obj, struct thread, obj);
	struct process *p = t->proc;

	ASSERT(t->state == THREAD_NEW || t->state == THREAD_DEAD);
	if (t->state == THREAD_NEW)
		list_remove(&t->proc_link);
	if (t->kstack_top) {
		kstack_free(t->kstack_top);
		quota_uncharge(p->quota, KSTACK_SIZE);
	}
	quota_uncharge(p->quota, sizeof(struct thread));
	kfree(t);
	kobj_put(&p->obj);
}

void thread_unblock_cleanup(struct thread *t)
{
	switch (t->block) {
	case BLOCK_IPC_SEND:
	case BLOCK_IPC_RECV:
	case BLOCK_IPC_REPLY:
		ipc_cancel(t);
		break;
	case BLOCK_NOTIFY:
	case BLOCK_PROC_WAIT:
	case BLOCK_PAGER:
		if (list_linked(&t->wait_link))
			list_remove(&t->wait_link);
		t->wait_obj = NULL;
		break;
	default:
		break;
	}
}
