/* SPDX-License-Identifier: MIT */
/*
 * What architecture trap code calls in the generic kernel. Every entry
 * into the kernel from user mode, and every interrupt, is bracketed:
 *
 *	trap_enter(tf, from_user);
 *	... one of the handlers below ...
 *	trap_exit(tf, from_user);
 *
 * trap_enter takes the big kernel lock unless this CPU already holds it
 * (a fault inside a user copy); trap_exit, when returning to user mode,
 * runs the scheduler if needed, may switch to another thread (coming
 * back here much later), finishes off a thread that was killed, and
 * releases the lock. The kernel itself runs with interrupts masked; only
 * the idle loop and boot code before sched_start() take interrupts in
 * kernel mode. NMIs and panic IPIs bypass all of this.
 */
#ifndef KERNEL_TRAP_H
#define KERNEL_TRAP_H

#include <kernel/arch.h>

struct trap_frame;

void trap_enter(struct trap_frame *tf, bool from_user);
void trap_exit(struct trap_frame *tf, bool from_user);
/* The from_user halves, for system-call entries that know they are. */
void trap_enter_user(void);
void trap_exit_user(void);

/* A system call from user mode: number and arguments are in tf. */
void syscall_dispatch(struct trap_frame *tf);

/*
 * A page fault from user mode at addr; access is VM_READ, VM_WRITE or
 * VM_EXEC. Resolves it (zero fill, copy on write, a pager) or kills the
 * faulting process with a log line naming it, the address and the pc.
 */
void user_fault(struct trap_frame *tf, uintptr_t addr, unsigned access);

/*
 * Resolve a fault at a user address in the current address space without
 * blocking; true if the access may now be retried. Used by user_fault
 * and by the arch handler for faults inside arch_copy_*_user.
 */
bool uvm_fault(uintptr_t addr, unsigned access);

/* Any other exception from user mode (what names it, e.g. "undefined
 * instruction"); kills the faulting process. */
void user_exception(struct trap_frame *tf, const char *what, uintptr_t addr);

/* A device interrupt on a line claimed through arch_irq_line_claim. */
void irq_deliver(unsigned line);

/* The scheduler tick, on a CPU running a thread (from clock_timer_irq). */
void sched_tick(void);
/* Wake every thread whose deadline has passed, on any CPU. [bkl] */
void sched_expire_timers(void);
/* The earliest deadline of a blocked thread, or SLATE_TIME_INFINITE. */
slate_time_t sched_next_deadline(void);

/* An IPI of the given kind arrived (the arch has acknowledged it). */
void smp_ipi_handle(enum ipi_kind kind);

#endif
