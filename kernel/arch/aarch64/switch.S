/* SPDX-License-Identifier: MIT */
/*
 * The kernel-stack switch between threads, and the first instructions a
 * new thread runs. Only callee-saved state is kept on the stack (AAPCS64:
 * x19..x28, the frame pointer x29 and the link register x30); the FP/SIMD
 * registers and TPIDR_EL0 belong to the user and go to struct
 * arch_thread.
 */
#include <arch/thread.h>

/* The kernel is built -mgeneral-regs-only; this file alone needs FP. */
	.arch_extension fp
	.arch_extension simd

/* Save or load all of q0..q31 at [\base]. */
.macro fpsimd op, base
	\op	q0, q1, [\base, #32 * 0]
	\op	q2, q3, [\base, #32 * 1]
	\op	q4, q5, [\base, #32 * 2]
	\op	q6, q7, [\base, #32 * 3]
	\op	q8, q9, [\base, #32 * 4]
	\op	q10, q11, [\base, #32 * 5]
	\op	q12, q13, [\base, #32 * 6]
	\op	q14, q15, [\base, #32 * 7]
	\op	q16, q17, [\base, #32 * 8]
	\op	q18, q19, [\base, #32 * 9]
	\op	q20, q21, [\base, #32 * 10]
	\op	q22, q23, [\base, #32 * 11]
	\op	q24, q25, [\base, #32 * 12]
	\op	q26, q27, [\base, #32 * 13]
	\op	q28, q29, [\base, #32 * 14]
	\op	q30, q31, [\base, #32 * 15]
.endm

/*
 * aarch64_switch(prev, next): x0 and x1 are the struct arch_thread of
 * the two threads. Returns on next's stack, into whatever next was doing
 * when it last switched away (or into aarch64_thread_start).
 */
	.text
	.globl	aarch64_switch
	.type	aarch64_switch, %function
aarch64_switch:
	stp	x29, x30, [sp, #-SWITCH_FRAME_SIZE]!
	stp	x19, x20, [sp, #16 * 1]
	stp	x21, x22, [sp, #16 * 2]
	stp	x23, x24, [sp, #16 * 3]
	stp	x25, x26, [sp, #16 * 4]
	stp	x27, x28, [sp, #16 * 5]
	mov	x9, sp
	str	x9, [x0, #ARCH_THREAD_KSP]
	mrs	x9, tpidr_el0
	str	x9, [x0, #ARCH_THREAD_TPIDR]
	mrs	x9, fpcr
	mrs	x10, fpsr
	stp	x9, x10, [x0, #ARCH_THREAD_FPCR]
	add	x9, x0, #ARCH_THREAD_Q
	fpsimd	stp, x9

	add	x9, x1, #ARCH_THREAD_Q
	fpsimd	ldp, x9
	ldp	x9, x10, [x1, #ARCH_THREAD_FPCR]
	msr	fpcr, x9
	msr	fpsr, x10
	ldr	x9, [x1, #ARCH_THREAD_TPIDR]
	msr	tpidr_el0, x9
	ldr	x9, [x1, #ARCH_THREAD_KSP]
	mov	sp, x9
	ldp	x19, x20, [sp, #16 * 1]
	ldp	x21, x22, [sp, #16 * 2]
	ldp	x23, x24, [sp, #16 * 3]
	ldp	x25, x26, [sp, #16 * 4]
	ldp	x27, x28, [sp, #16 * 5]
	ldp	x29, x30, [sp], #SWITCH_FRAME_SIZE
	ret
	.size	aarch64_switch, . - aarch64_switch

/*
 * A new thread's first switch "returns" here with x19 = fn, x20 = arg
 * (arch_thread_init put them in its switch frame). fn must not return.
 */
	.globl	aarch64_thread_start
	.type	aarch64_thread_start, %function
aarch64_thread_start:
	mov	x29, xzr		/* end of the frame-pointer chain */
	mov	x30, xzr
	mov	x0, x20
	blr	x19
	mov	x0, x19
	bl	aarch64_thread_returned
	.size	aarch64_thread_start, . - aarch64_thread_start

/* For the self-test: v0's low 64 bits, which the switch must keep. */
	.globl	aarch64_fp_d0_set
	.type	aarch64_fp_d0_set, %function
aarch64_fp_d0_set:
	fmov	d0, x0
	ret
	.size	aarch64_fp_d0_set, . - aarch64_fp_d0_set

	.globl	aarch64_fp_d0_get
	.type	aarch64_fp_d0_get, %function
aarch64_fp_d0_get:
	fmov	x0, d0
	ret
	.size	aarch64_fp_d0_get, . - aarch64_fp_d0_get
