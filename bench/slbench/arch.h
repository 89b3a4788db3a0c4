/* SPDX-License-Identifier: MIT */
/*
 * What slbench needs from the machine: a counter that reads guest
 * instructions under QEMU -icount, and the cheapest possible trap into
 * the kernel. One definition per architecture, nothing else differs.
 */
#ifndef SLBENCH_ARCH_H
#define SLBENCH_ARCH_H

#include <stdint.h>

#if defined(__x86_64__)

#define BENCH_ARCH "x86_64"

/* The TSC: under -icount shift=0 it advances once per instruction. */
static inline uint64_t bench_ticks(void)
{
	uint32_t lo, hi;

	__asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
	return (uint64_t)hi << 32 | lo;
}

static inline uint64_t bench_ticks_to_insns(uint64_t ticks)
{
	return ticks;
}

/* A trap with nothing for the kernel to do but dispatch and return. */
static inline int64_t bench_trap(uint64_t nr)
{
	int64_t ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(nr)
			 : "rcx", "r11", "memory");
	return ret;
}

#elif defined(__aarch64__)

#define BENCH_ARCH "aarch64"

/*
 * CNTVCT_EL0, which the kernel lets EL0 read. Under -icount it ticks
 * once every 16 instructions in our QEMU; CNTFRQ_EL0 says how many
 * ticks make a second, and a second is 10^9 instructions.
 */
static inline uint64_t bench_ticks(void)
{
	uint64_t v;

	__asm__ volatile("isb; mrs %0, cntvct_el0" : "=r"(v)::"memory");
	return v;
}

static inline uint64_t bench_ticks_to_insns(uint64_t ticks)
{
	uint64_t hz;

	__asm__ volatile("mrs %0, cntfrq_el0" : "=r"(hz));
	/* Split so that no product overflows 64 bits (hz < 2^32). */
	return ticks / hz * 1000000000u + ticks % hz * 1000000000u / hz;
}

static inline int64_t bench_trap(uint64_t nr)
{
	register uint64_t x8 __asm__("x8") = nr;
	register int64_t x0 __asm__("x0");

	__asm__ volatile("svc #0"
			 : "=r"(x0)
			 : "r"(x8)
			 : "x1", "x2", "x3", "x4", "x5", "x6", "memory");
	return x0;
}

#else
#error "slbench: unknown architecture"
#endif

#endif
