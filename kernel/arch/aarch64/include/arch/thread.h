/* SPDX-License-Identifier: MIT */
/*
 * aarch64 per-thread state saved by arch_context_switch (switch.S). The
 * offsets are shared with assembly; static asserts in thread.c keep the
 * two in step.
 */
#ifndef ARCH_THREAD_H
#define ARCH_THREAD_H

#define ARCH_THREAD_KSP   0
#define ARCH_THREAD_TPIDR 8
#define ARCH_THREAD_FPCR  16 /* fpcr, then fpsr at +8 */
#define ARCH_THREAD_Q     32 /* q0..q31, 16 bytes each */

/* The switch frame on a switched-out kernel stack: x19..x30. */
#define SWITCH_FRAME_SIZE 96

#ifndef __ASSEMBLY__
#include <stdint.h>

/*
 * FP/SIMD is saved eagerly on every switch: the kernel itself is built
 * with -mgeneral-regs-only, so the user's q registers are still live
 * whenever the kernel decides to switch.
 */
struct arch_thread {
	uint64_t ksp;       /* kernel stack pointer while switched out */
	uint64_t tpidr_el0; /* user TLS register */
	uint64_t fpcr, fpsr;
	uint64_t q[64]
	    __attribute__((aligned(16))); /* v0..v31, 128 bits each */
};
#endif

#endif
