/* SPDX-License-Identifier: MIT */
/* aarch64 inline CPU hooks: interrupt masking, the cycle counter, idling. */
#ifndef ARCH_CPU_H
#define ARCH_CPU_H

#include <stdint.h>

/* PSTATE.I, as DAIF reads it (Arm ARM, DAIF). */
#define AARCH64_DAIF_I (1ul << 7)

/* e_machine of native programs (gABI: EM_AARCH64). */
#define ARCH_ELF_MACHINE 183

static inline void arch_cpu_relax(void)
{
	__asm__ volatile("yield" ::: "memory");
}

static inline void arch_irq_enable(void)
{
	__asm__ volatile("msr daifclr, #2" ::: "memory");
}

static inline void arch_irq_disable(void)
{
	__asm__ volatile("msr daifset, #2" ::: "memory");
}

static inline unsigned long arch_irq_save(void)
{
	unsigned long flags;

	__asm__ volatile("mrs %0, daif; msr daifset, #2"
			 : "=r"(flags)::"memory");
	return flags;
}

static inline void arch_irq_restore(unsigned long flags)
{
	if (!(flags & AARCH64_DAIF_I))
		arch_irq_enable();
}

/*
 * Wait for an interrupt, then take it. WFI wakes on a pending interrupt
 * even while it is masked, so unmasking afterwards cannot miss a wakeup.
 */
static inline void arch_cpu_idle(void)
{
	__asm__ volatile("dsb sy; wfi; msr daifclr, #2" ::: "memory");
}

/*
 * The virtual counter; under QEMU -icount it counts guest instructions.
 * The ISB keeps the read from being done early, ahead of older code
 * (Arm ARM, CNTVCT_EL0).
 */
static inline uint64_t arch_cycles(void)
{
	uint64_t v;

	__asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(v)::"memory");
	return v;
}

#endif
