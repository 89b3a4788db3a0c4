/* SPDX-License-Identifier: MIT */
/*
 * x86_64 per-CPU state. GS base points at the CPU's struct cpu, whose first
 * field is a pointer to itself, so "mov %gs:0" finds it in one load.
 */
#ifndef ARCH_PERCPU_H
#define ARCH_PERCPU_H

#include <stdint.h>

struct cpu;

/* Task state segment (SDM Vol. 3A, 8.7 "Task Management in 64-bit Mode"). */
struct x86_tss {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
} __attribute__((packed));

struct arch_cpu {
	uint64_t gdt[8]; /* see GDT_* in cpu.c */
	struct x86_tss tss;
	uint32_t apic_id;
};

static inline struct cpu *arch_this_cpu(void)
{
	struct cpu *c;

	__asm__ volatile("movq %%gs:0, %0" : "=r"(c));
	return c;
}

#endif
