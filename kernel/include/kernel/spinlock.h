/* SPDX-License-Identifier: MIT */
/*
 * Ticket spinlocks. Fair between CPUs, which matters once run queues and
 * the frame allocator are hammered by four CPUs at once. The _irqsave forms
 * also mask interrupts on this CPU, for data an interrupt handler touches.
 */
#ifndef KERNEL_SPINLOCK_H
#define KERNEL_SPINLOCK_H

#include <kernel/compiler.h>
#include <arch/cpu.h>

struct spinlock {
	uint32_t next;    /* ticket handed to the next arrival */
	uint32_t serving; /* ticket that holds the lock */
};

#define SPINLOCK_INIT \
	{             \
		0, 0  \
	}

/* Out of line: the loop's alignment padding stays off the fast path. */
static inline __noinline void spin_wait(struct spinlock *l, uint32_t me)
{
	while (__atomic_load_n(&l->serving, __ATOMIC_ACQUIRE) != me)
		arch_cpu_relax();
}

static inline void spin_lock(struct spinlock *l)
{
	uint32_t me = __atomic_fetch_add(&l->next, 1, __ATOMIC_RELAXED);

	if (unlikely(__atomic_load_n(&l->serving, __ATOMIC_ACQUIRE) != me))
		spin_wait(l, me);
}

static inline void spin_unlock(struct spinlock *l)
{
	__atomic_store_n(&l->serving, l->serving + 1, __ATOMIC_RELEASE);
}

static inline unsigned long spin_lock_irqsave(struct spinlock *l)
{
	unsigned long flags = arch_irq_save();

	spin_lock(l);
	return flags;
}

static inline void spin_unlock_irqrestore(struct spinlock *l,
					  unsigned long flags)
{
	spin_unlock(l);
	arch_irq_restore(flags);
}

#endif
