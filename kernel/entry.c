/* SPDX-License-Identifier: MIT */
/*
 * Kernel entry and exit, shared by every architecture (see
 * <kernel/trap.h>): the big kernel lock, the scheduler on the way out,
 * and what happens to a process that faults.
 */
#define LOG_SUBSYS "trap"
#include <kernel/arch.h>
#include <kernel/bkl.h>
#include <kernel/log.h>
#include <kernel/panic.h>
#include <kernel/process.h>
#include <kernel/sched.h>
#include <kernel/smp.h>
#include <kernel/trap.h>
#include <kernel/uvm.h>
#include <kernel/vm.h>
#include <slate/status.h>

/*
 * From user mode this CPU never holds the lock. The system-call entries
 * call this half directly, so the hot path has no branch on from_user.
 *
 * in_user goes false before spinning on the lock: a CPU shooting down
 * TLB entries waits, holding the lock, only for CPUs in user mode, and
 * stops waiting for this one as soon as it sees the store. The flush it
 * asked for is done here once the lock is ours, before any user memory
 * is touched; tlb_pending is set under the lock, so taking the lock
 * makes it visible and no stronger ordering is needed.
 */
__hot_path void trap_enter_user(void)
{
	struct cpu *c = this_cpu();

	c->user_entries++;
	WRITE_ONCE(c->in_user, false);
	bkl_lock();
	tlb_service_pending(c);
}

/*
 * In kernel mode this CPU holds the lock unless the trap interrupted the
 * idle loop or early boot; a fault in a user copy arrives with it held.
 * Kernel-mode traps never switch threads, so a small per-CPU stack
 * remembers which of them took it.
 */
void trap_enter(struct trap_frame *tf, bool from_user)
{
	struct cpu *c = this_cpu();
	bool take;

	if (from_user) {
		trap_enter_user();
		return;
	}
	take = !bkl_held();
	if (take)
		bkl_lock();
	ASSERT(c->ktrap_depth < ARRAY_SIZE(c->ktrap_took_bkl));
	c->ktrap_took_bkl[c->ktrap_depth++] = take;
}

/* A kill or a reschedule on the way out; returns this CPU after it. */
static __noinline struct cpu *trap_exit_slow(void)
{
	struct cpu *c = this_cpu();

	do {
		if (c->current->killed)
			thread_exit_current();
		sched_reschedule();
		c = this_cpu();
	} while (c->current->killed || c->need_resched);
	return c;
}

/*
 * Back to user mode: this is where preemption and kills land. in_user
 * is set before the lock is dropped, so a CPU that takes the lock to
 * shoot down TLB entries sees it (see trap_enter_user).
 */
__hot_path void trap_exit_user(void)
{
	struct cpu *c = this_cpu();

	if (unlikely(c->current->killed || c->need_resched))
		c = trap_exit_slow();
	WRITE_ONCE(c->in_user, true);
	bkl_unlock();
}

void trap_exit(struct trap_frame *tf, bool from_user)
{
	struct cpu *c = this_cpu();

	if (from_user) {
		trap_exit_user();
		return;
	}
	ASSERT(c->ktrap_depth > 0);
	if (c->ktrap_took_bkl[--c->ktrap_depth])
		bkl_unlock();
}

static void kill_faulting(struct trap_frame *tf, const char *what,
			  uintptr_t addr)
{
	struct thread *t = sched_current();

	/* XXX: not rate limited; a process can only die once, which bounds it.
	 */
	log_warn("%s[%s]: %s at %#llx, pc %#llx sp %#llx: killed",
		 t->proc->name, t->name, what, (unsigned long long)addr,
		 (unsigned long long)arch_frame_pc(tf),
		 (unsigned long long)arch_frame_sp(tf));
	process_kill(t->proc, PROCESS_EXIT_FAULT);
}

/* What a fault that uvm_user_fault could not resolve was, for the log. */
static const char *fault_what(slate_status_t err, unsigned access)
{
	switch (err) {
	case SLATE_ERR_FAULT:
		return access & VM_EXEC    ? "bad instruction fetch"
		       : access & VM_WRITE ? "bad write"
					   : "bad read";
	case SLATE_ERR_PEER_CLOSED:
		return "fault on a page whose pager is gone";
	case SLATE_ERR_NOT_FOUND:
		return "fault on a page its pager failed";
	case SLATE_ERR_QUOTA:
		return "fault over quota";
	default:
		return "fault out of memory";
	}
}

void user_fault(struct trap_frame *tf, uintptr_t addr, unsigned access)
{
	slate_status_t err = uvm_user_fault(addr, access);

	if (!err)
		return;
	if (sched_current()->killed)
		return; /* killed while waiting for a pager */
	kill_faulting(tf, fault_what(err, access), addr);
}

void user_exception(struct trap_frame *tf, const char *what, uintptr_t addr)
{
	kill_faulting(tf, what, addr);
}
