/* SPDX-License-Identifier: MIT */
/*
 * aarch64 per-CPU state. TPIDR_EL1 holds the CPU's struct cpu pointer;
 * user space cannot read it, and nothing else in the kernel uses it.
 */
#ifndef ARCH_PERCPU_H
#define ARCH_PERCPU_H

/*
 * Offsets used by assembly, checked against the C layout by static
 * asserts in arch.c and trap.c.
 */
#define CPU_ARCH_EMERGENCY_SP 64 /* offsetof(struct cpu, arch.emergency_sp) */
#define BOOT_ARGS_TTBR1       0
#define BOOT_ARGS_SP          8
#define BOOT_ARGS_CPU         16

#ifndef __ASSEMBLY__
#include <stdint.h>

struct cpu;

/*
 * What a secondary CPU needs before its MMU is on. It reads this with
 * the MMU and caches off, so the writer cleans it to the point of
 * coherency first.
 */
struct aarch64_boot_args {
	uint64_t ttbr1; /* physical address of the kernel root table */
	uint64_t sp;    /* top of the CPU's kernel stack (virtual) */
	uint64_t cpu;   /* its struct cpu (virtual) */
};

struct arch_cpu {
	/* Top of the stack a stack overflow is reported on; immutable. */
	uint64_t emergency_sp;
	struct aarch64_boot_args boot;
	volatile uint8_t *gicr; /* this CPU's redistributor (RD_base) */
};

static inline struct cpu *arch_this_cpu(void)
{
	struct cpu *c;

	__asm__ volatile("mrs %0, tpidr_el1" : "=r"(c));
	return c;
}
#endif

#endif
