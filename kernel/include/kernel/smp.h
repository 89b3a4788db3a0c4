/* SPDX-License-Identifier: MIT */
/*
 * Per-CPU data and CPU bring-up. Each CPU finds its own struct cpu through
 * an architecture register (GS base on x86_64, TPIDR_EL1 on aarch64).
 */
#ifndef KERNEL_SMP_H
#define KERNEL_SMP_H

#include <kernel/compiler.h>
#include <arch/percpu.h>

#define MAX_CPUS         16
#define SCHED_PRIORITIES 32

struct thread;

/*
 * Locking: fields are written only by the CPU they describe, except where
 * noted; other CPUs may read them racily for statistics.
 */
struct cpu {
	struct cpu *self;     /* must stay first: arch code loads it */
	uintptr_t entry_sp;   /* kernel stack top for syscall entry */
	uintptr_t scratch;    /* x86_64 syscall entry parks the user rsp */
	unsigned index;       /* 0 .. ncpus-1, immutable after boot */
	uint64_t hwid;        /* APIC id or MPIDR affinity, immutable */
	volatile bool online; /* set once by the CPU itself */
	uint64_t ticks;       /* scheduler ticks taken */
	uintptr_t stack_top;  /* kernel stack for this CPU's boot thread */
	struct arch_cpu arch; /* arch-private per-CPU state */

	/* Scheduler state, [bkl]. */
	struct thread *current;
	struct thread *idle;
	struct thread *rq_head[SCHED_PRIORITIES];
	struct thread *rq_tail[SCHED_PRIORITIES];
	uint32_t rq_bitmap; /* bit p: rq_head[p] is not empty */
	unsigned rq_count;
	bool need_resched;
	struct thread *reap;   /* exited thread to free once switched away */
	uint64_t switches;     /* context switches done here */
	uint64_t user_root;    /* user page table root loaded, 0 if none */
	uint64_t as_switches;  /* page-table root loads (user_root changes) */
	uint64_t user_entries; /* syscalls, faults, interrupts from user */

	/* The one-shot timer (clock.c), this CPU only, interrupts masked. */
	uint64_t timer_irqs; /* timer interrupts taken (ticks or deadlines) */
	uint64_t tick_next;  /* cycle count of the next tick, while busy */
	uint64_t timer_at;   /* what the timer is set to, 0: stopped */

	/* Kernel-mode traps in progress and whether each took the bkl. */
	unsigned ktrap_depth;
	bool ktrap_took_bkl[4];

	/* TLB shootdown mailbox (tlb.c): set by others, cleared here. */
	uint32_t tlb_pending; /* atomic */
	bool in_user;         /* atomic: running user code (uvm.c) */
	uint64_t tlb_stats;
};

/* Offsets used by assembly; checked with static_assert in smp.c. */
#define CPU_ENTRY_SP_OFFSET 8
#define CPU_SCRATCH_OFFSET  16

extern struct cpu cpus[MAX_CPUS];
extern unsigned ncpus; /* CPUs found; those online are marked so */

static inline struct cpu *this_cpu(void)
{
	return arch_this_cpu();
}

/* Start every CPU arch_init found; returns how many are online. */
unsigned smp_boot(void);
unsigned smp_online_count(void);
__noreturn void smp_secondary_entry(struct cpu *c);

/* Allocate a kernel stack with an unmapped guard page below it. */
uintptr_t kstack_alloc(void);
/* Give back a stack from kstack_alloc, by its top. */
void kstack_free(uintptr_t top);
/* True if addr is in the guard page below some kernel stack. */
bool kstack_is_guard(uintptr_t addr);

#define KSTACK_SIZE (16 * 1024)

#endif
