/* SPDX-License-Identifier: MIT */
/*
 * The scheduler (see <kernel/sched.h>): per-CPU priority run queues, the
 * switch itself, blocking with deadlines, and the idle loop. Everything
 * runs under the big kernel lock with interrupts masked.
 */
#define LOG_SUBSYS "sched"
#include <kernel/arch.h>
#include <kernel/bkl.h>
#include <kernel/clock.h>
#include <kernel/log.h>
#include <kernel/panic.h>
#include <kernel/process.h>
#include <kernel/sched.h>
#include <kernel/trap.h>
#include <kernel/smp.h>
#include <kernel/uvm.h>
#include <slate/status.h>

/* Threads with a deadline, soonest first. [bkl] */
static struct list_node sched_timers = LIST_HEAD_INIT(sched_timers);

/* ---- run queues ---- */

static void rq_push(struct cpu *c, struct thread *t, bool front)
{
	unsigned p = t->priority;

	t->rq_next = NULL;
	if (!c->rq_head[p]) {
		c->rq_head[p] = c->rq_tail[p] = t;
	} else if (front) {
		t->rq_next = c->rq_head[p];
		c->rq_head[p] = t;
	} else {
		c->rq_tail[p]->rq_next = t;
		c->rq_tail[p] = t;
	}
	c->rq_bitmap |= 1u << p;
	c->rq_count++;
	t->cpu = (uint8_t)c->index;
	t->state = THREAD_RUNNABLE;
}

/* Highest priority with a queued thread, or -1. */
static int rq_top(const struct cpu *c)
{
	return c->rq_bitmap ? 31 - __builtin_clz(c->rq_bitmap) : -1;
}

static struct thread *rq_pop(struct cpu *c, int p)
{
	struct thread *t = c->rq_head[p];

	c->rq_head[p] = t->rq_next;
	if (!c->rq_head[p]) {
		c->rq_tail[p] = NULL;
		c->rq_bitmap &= ~(1u << p);
	}
	t->rq_next = NULL;
	c->rq_count--;
	return t;
}

void sched_dequeue(struct thread *t)
{
	struct cpu *c = &cpus[t->cpu];
	struct thread **pp = &c->rq_head[t->priority];
	struct thread *prev = NULL;

	if (t->state != THREAD_RUNNABLE)
		return;
	while (*pp && *pp != t) {
		prev = *pp;
		pp = &(*pp)->rq_next;
	}
	ASSERT(*pp == t);
	*pp = t->rq_next;
	if (c->rq_tail[t->priority] == t)
		c->rq_tail[t->priority] = prev;
	if (!c->rq_head[t->priority])
		c->rq_bitmap &= ~(1u << t->priority);
	c->rq_count--;
	t->rq_next = NULL;
	t->state = THREAD_BLOCKED;
}

static bool cpu_is_idle(const struct cpu *c)
{
	return c->online && c->current == c->idle && c->rq_count == 0;
}

/* Where a thread that became runnable should wait. */
static struct cpu *pick_cpu(struct thread *t)
{
	struct cpu *last = &cpus[t->cpu];

	if (t->affinity >= 0)
		return &cpus[t->affinity];
	if (!last->online || cpu_is_idle(last))
		return last->online ? last : this_cpu();
	for (unsigned i = 0; i < ncpus; i++)
		if (cpu_is_idle(&cpus[i]))
			return &cpus[i];
	return last;
}

/* Ask c to reschedule if t should preempt what it runs now. */
static void kick(struct cpu *c, struct thread *t)
{
	struct thread *cur = c->current;

	if (cur && cur != c->idle && cur->priority >= t->priority)
		return;
	if (c == this_cpu())
		c->need_resched = true;
	else
		arch_send_ipi(c->index, IPI_RESCHED);
}

void sched_make_runnable(struct thread *t)
{
	struct cpu *c = pick_cpu(t);

	BKL_ASSERT_HELD();
	if (!t->slice)
		t->slice = SCHED_SLICE_TICKS;
	rq_push(c, t, false);
	kick(c, t);
}

/* ---- switching ---- */

/* Runs in the thread that has just been switched to. */
void sched_finish_switch(void)
{
	struct cpu *c = this_cpu();
	struct thread *dead = c->reap;

	c->current->run_since = arch_cycles();
	if (dead) {
		c->reap = NULL;
		thread_reap(dead);
	}
}

/*
 * Counted because instruction counts under icount hide what a root load
 * costs on hardware: the write itself and, without PCIDs or ASIDs in
 * use, every user TLB entry (docs/benchmarks.md).
 */
static void load_address_space(struct thread *next)
{
	struct cpu *c = this_cpu();
	uint64_t root = next->proc ? uvm_root(next->proc->as) : 0;

	if (c->user_root != root) {
		c->user_root = root;
		c->as_switches++;
		arch_vm_user_switch(root);
	}
}

static void switch_to(struct thread *next)
{
	struct cpu *c = this_cpu();
	struct thread *prev = c->current;
	uint64_t now = arch_cycles();

	prev->run_cycles += now - prev->run_since;
	if (prev == next) {
		prev->run_since = now;
		prev->state = THREAD_RUNNING;
		return;
	}
	next->state = THREAD_RUNNING;
	next->cpu = (uint8_t)c->index;
	c->current = next;
	c->switches++;
	if (prev == c->idle || next == c->idle)
		clock_cpu_busy(next != c->idle); /* tickless while idle */
	load_address_space(next);
	arch_context_switch(prev, next);
	sched_finish_switch();
}

void sched_reschedule(void)
{
	struct cpu *c = this_cpu();
	struct thread *cur = c->current;
	int top = rq_top(c);
	struct thread *next;

	BKL_ASSERT_HELD();
	c->need_resched = false;
	if (cur->state == THREAD_RUNNING && cur->affinity >= 0 &&
	    cur->affinity != (int)c->index) {
		/* Moved away by sched_set_affinity: go there. */
		rq_push(&cpus[cur->affinity], cur, true);
		kick(&cpus[cur->affinity], cur);
		top = rq_top(c);
	} else if (cur->state == THREAD_RUNNING && cur != c->idle) {
		if (top < (int)cur->priority ||
		    (top == (int)cur->priority && cur->slice > 0))
			return; /* keep running */
		rq_push(c, cur, cur->slice > 0);
		top = rq_top(c);
	}
	if (top >= 0) {
		next = rq_pop(c, top);
	} else {
		next = c->idle;
	}
	if (!next->slice)
		next->slice = SCHED_SLICE_TICKS;
	switch_to(next);
}

void sched_switch_to(struct thread *next)
{
	struct thread *cur = sched_current();

	BKL_ASSERT_HELD();
	next->slice = MAX(cur->slice, 1u);
	switch_to(next);
}

slate_status_t sched_block_to(enum block_reason reason, struct thread *next)
{
	struct thread *t = sched_current();

	t->state = THREAD_BLOCKED;
	t->block = reason;
	t->wake_status = SLATE_OK;
	sched_disarm(next);
	sched_switch_to(next);
	return t->wake_status;
}

void sched_yield(void)
{
	struct thread *cur = sched_current();

	cur->slice = 0;
	sched_reschedule();
}

void sched_set_priority(struct thread *t, unsigned prio)
{
	bool queued = t->state == THREAD_RUNNABLE;

	if (queued)
		sched_dequeue(t);
	t->priority = (uint8_t)prio;
	if (queued)
		sched_make_runnable(t);
	else if (t == sched_current())
		this_cpu()->need_resched = true;
}

void sched_set_affinity(struct thread *t, int cpu)
{
	t->affinity = (int8_t)cpu;
	if (t->state == THREAD_RUNNABLE && cpu >= 0 && t->cpu != cpu) {
		sched_dequeue(t);
		sched_make_runnable(t);
	} else if (t->state == THREAD_RUNNING && cpu >= 0 && t->cpu != cpu) {
		if (t == sched_current())
			this_cpu()->need_resched = true;
		else
			arch_send_ipi(t->cpu, IPI_RESCHED);
	}
}

void smp_ipi_handle(enum ipi_kind kind)
{
	/* IPI_TLB was served by trap_enter; a reschedule waits for exit. */
	if (kind == IPI_RESCHED)
		this_cpu()->need_resched = true;
}

/* ---- blocking and deadlines ---- */

static void timer_arm(struct thread *t, slate_time_t deadline)
{
	struct list_node *pos;

	t->deadline = deadline;
	list_for_each(pos, &sched_timers)
	{
		struct thread *o = list_entry(pos, struct thread, timer_link);

		if (o->deadline > deadline)
			break;
	}
	list_insert_between(&t->timer_link, pos->prev, pos);
	/*
	 * A new earliest deadline: this CPU's timer takes it, busy or idle,
	 * and whichever CPU's timer fires first passes the next one on.
	 */
	if (list_first(&sched_timers) == &t->timer_link)
		clock_timer_update();
}

slate_status_t sched_block(enum block_reason reason, slate_time_t deadline)
{
	struct thread *t = sched_current();

	BKL_ASSERT_HELD();
	ASSERT(t != this_cpu()->idle);
	if (deadline != SLATE_TIME_INFINITE)
		timer_arm(t, deadline);
	t->state = THREAD_BLOCKED;
	t->block = reason;
	t->wake_status = SLATE_OK;
	sched_reschedule();
	return t->wake_status;
}

void sched_disarm(struct thread *t)
{
	if (list_linked(&t->timer_link))
		list_remove(&t->timer_link);
}

void sched_wake(struct thread *t, slate_status_t status)
{
	BKL_ASSERT_HELD();
	if (t->state != THREAD_BLOCKED)
		return;
	sched_disarm(t);
	thread_unblock_cleanup(t);
	t->block = BLOCK_NONE;
	t->wake_status = status;
	sched_make_runnable(t);
}

slate_time_t sched_next_deadline(void)
{
	struct list_node *first = list_first(&sched_timers);

	return first ? list_entry(first, struct thread, timer_link)->deadline
		     : SLATE_TIME_INFINITE;
}

void sched_expire_timers(void)
{
	slate_time_t now = clock_ns();
	struct list_node *pos;

	while ((pos = list_first(&sched_timers))) {
		struct thread *t = list_entry(pos, struct thread, timer_link);

		if (t->deadline > now)
			break;
		sched_wake(t, t->block == BLOCK_SLEEP ? SLATE_OK
						      : SLATE_ERR_TIMED_OUT);
	}
}

/* Move one queued thread from a CPU with a backlog to an idle one. */
static void balance(void)
{
	struct cpu *busy = this_cpu();
	int top = rq_top(busy);
	struct thread *t;

	if (top < 0 || busy->current == busy->idle)
		return;
	for (unsigned i = 0; i < ncpus; i++) {
		if (!cpu_is_idle(&cpus[i]))
			continue;
		t = busy->rq_head[top];
		if (t->affinity >= 0)
			return;
		t = rq_pop(busy, top);
		rq_push(&cpus[i], t, false);
		arch_send_ipi(i, IPI_RESCHED);
		return;
	}
}

void sched_tick(void)
{
	struct cpu *c = this_cpu();
	struct thread *cur = c->current;

	if (!cur)
		return; /* before the scheduler runs on this CPU */
	BKL_ASSERT_HELD();
	if (cur != c->idle && cur->slice && --cur->slice == 0)
		c->need_resched = true;
	balance();
}

/* ---- idle ---- */

void sched_init(void)
{
	for (unsigned i = 0; i < MAX_CPUS; i++)
		cpus[i].rq_bitmap = 0;
}

__noreturn void sched_run_idle(void)
{
	struct cpu *c = this_cpu();

	arch_irq_disable();
	bkl_lock();
	c->idle = thread_create_idle(c);
	c->current = c->idle;
	c->idle->state = THREAD_RUNNING;
	c->idle->run_since = arch_cycles();
	for (;;) {
		if (c->rq_count || c->need_resched) {
			sched_reschedule();
			continue;
		}
		bkl_unlock();
		arch_cpu_idle(); /* an interrupt comes and goes in here */
		arch_irq_disable();
		bkl_lock();
	}
}
