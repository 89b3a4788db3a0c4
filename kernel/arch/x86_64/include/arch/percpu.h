/* SPDX-License-Identifier: MIT */
/*
 * x86_64 per-CPU state. GS base points at the CPU's struct cpu, whose first
 * field is a pointer to itself, so "mov %gs:0" finds it in one load.
 */
#ifndef ARCH_PERCPU_H
#define ARCH_PERCPU_H

#include <stdint.h>

struct cpu;

/* Bytes of the I/O permission bitmap: one bit per port, 0x10000 ports. */
#define X86_IOMAP_BYTES 8192

/*
 * Task state segment (SDM Vol. 3A, 8.7 "Task Management in 64-bit Mode"),
 * followed by the I/O permission bitmap (SDM Vol. 1, 19.5.2 "I/O
 * Permission Bit Map") and the all-ones byte the SDM requires after it.
 * iomap_base points at iomap while a process with I/O ports runs, and
 * past the segment limit otherwise, which makes every port fault.
 */
struct x86_tss {
	uint32_t reserved0;
	uint64_t rsp[3];
	uint64_t reserved1;
	uint64_t ist[7];
	uint64_t reserved2;
	uint16_t reserved3;
	uint16_t iomap_base;
	uint8_t iomap[X86_IOMAP_BYTES + 1]; /* 1 bit = port denied */
} __attribute__((packed));

struct arch_cpu {
	uint64_t gdt[8]; /* see GDT_* in cpu.c */
	struct x86_tss tss;
	uint64_t iomap_version; /* ioport_map copied into tss.iomap, 0 none */
	uint32_t apic_id;
};

static inline struct cpu *arch_this_cpu(void)
{
	struct cpu *c;

	__asm__ volatile("movq %%gs:0, %0" : "=r"(c));
	return c;
}

#endif
