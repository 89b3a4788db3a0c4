/* SPDX-License-Identifier: MIT */
/*
 * The EL1 exception vector table (Arm ARM, VBAR_EL1 and
 * "Exception vectors"):
 * 16 entries of 128 bytes, 2 KiB aligned. Every entry saves a complete
 * struct trap_frame on the kernel stack and calls C.
 *
 * From EL0, SP_EL1 is the current thread's kstack_top (the last return to
 * user mode left it there), so the frame lands exactly on
 * thread_user_frame(): the generic code reads and edits the user's
 * registers in place, and aarch64_eret_user restores them from there.
 *
 * Stack overflow: a synchronous exception taken at EL1 first asks the MMU
 * (AT S1E1W) whether the frame it is about to push would land on a mapped
 * page. If not, SP has run into a guard page, and the frame goes on this
 * CPU's emergency stack instead, so the report can still be printed.
 * SP_EL0 serves as the scratch register for that check: while the kernel
 * runs, the user's SP_EL0 is already saved in the frame of the entry from
 * EL0 and is restored from there.
 */
#include <arch/percpu.h>
#include <arch/trap.h>

/* PAR_EL1.F: the address translation failed (Arm ARM, PAR_EL1). */
#define PAR_F_BIT 0

/* Save x0-x30 and the exception registers; SP must already hold room. */
.macro save_regs, from_el0
	stp	x0, x1, [sp, #16 * 0]
	stp	x2, x3, [sp, #16 * 1]
	stp	x4, x5, [sp, #16 * 2]
	stp	x6, x7, [sp, #16 * 3]
	stp	x8, x9, [sp, #16 * 4]
	stp	x10, x11, [sp, #16 * 5]
	stp	x12, x13, [sp, #16 * 6]
	stp	x14, x15, [sp, #16 * 7]
	stp	x16, x17, [sp, #16 * 8]
	stp	x18, x19, [sp, #16 * 9]
	stp	x20, x21, [sp, #16 * 10]
	stp	x22, x23, [sp, #16 * 11]
	stp	x24, x25, [sp, #16 * 12]
	stp	x26, x27, [sp, #16 * 13]
	stp	x28, x29, [sp, #16 * 14]
	.if \from_el0
	mrs	x21, sp_el0
	mov	x29, xzr		/* backtraces stop at user space */
	.else
	add	x21, sp, #TF_SIZE
	.endif
	stp	x30, x21, [sp, #TF_X30]
	mrs	x22, elr_el1
	mrs	x23, spsr_el1
	stp	x22, x23, [sp, #TF_ELR]
	mrs	x24, esr_el1
	mrs	x25, far_el1
	stp	x24, x25, [sp, #TF_ESR]
.endm

.macro restore_regs_eret, to_el0
	ldp	x22, x23, [sp, #TF_ELR]
	msr	elr_el1, x22
	msr	spsr_el1, x23
	.if \to_el0
	ldr	x21, [sp, #TF_SP]
	msr	sp_el0, x21
	.endif
	ldp	x0, x1, [sp, #16 * 0]
	ldp	x2, x3, [sp, #16 * 1]
	ldp	x4, x5, [sp, #16 * 2]
	ldp	x6, x7, [sp, #16 * 3]
	ldp	x8, x9, [sp, #16 * 4]
	ldp	x10, x11, [sp, #16 * 5]
	ldp	x12, x13, [sp, #16 * 6]
	ldp	x14, x15, [sp, #16 * 7]
	ldp	x16, x17, [sp, #16 * 8]
	ldp	x18, x19, [sp, #16 * 9]
	ldp	x20, x21, [sp, #16 * 10]
	ldp	x22, x23, [sp, #16 * 11]
	ldp	x24, x25, [sp, #16 * 12]
	ldp	x26, x27, [sp, #16 * 13]
	ldp	x28, x29, [sp, #16 * 14]
	ldr	x30, [sp, #TF_X30]
	add	sp, sp, #TF_SIZE
	eret
.endm

/* An entry that saves a frame and hands it to a C function. */
.macro vector_entry, handler, from_el0, kind
	.balign	128
	sub	sp, sp, #TF_SIZE
	save_regs \from_el0
	mov	x0, sp
	mov	x1, #\kind
	bl	\handler
	.if \from_el0
	b	ret_user
	.else
	b	ret_kernel
	.endif
.endm

	.text
	.balign	2048
	.globl	aarch64_vectors
aarch64_vectors:
	/* Current EL with SP_EL0: the kernel never runs on SP_EL0. */
	vector_entry aarch64_bad_trap, 0, TRAP_KIND_SP0
	vector_entry aarch64_bad_trap, 0, TRAP_KIND_SP0
	vector_entry aarch64_bad_trap, 0, TRAP_KIND_SP0
	vector_entry aarch64_bad_trap, 0, TRAP_KIND_SP0

	/* Current EL with SP_EL1: the kernel itself. */
	.balign	128
	b	el1_sync
	vector_entry aarch64_irq, 0, 0	/* kind: from_user = false */
	vector_entry aarch64_bad_trap, 0, TRAP_KIND_FIQ
	vector_entry aarch64_bad_trap, 0, TRAP_KIND_SERROR

	/* Lower EL in AArch64: user space. */
	vector_entry aarch64_sync_lower, 1, 0
	vector_entry aarch64_irq, 1, 1	/* kind: from_user = true */
	vector_entry aarch64_bad_trap, 1, TRAP_KIND_FIQ
	vector_entry aarch64_bad_trap, 1, TRAP_KIND_SERROR

	/* Lower EL in AArch32: not supported, so never taken. */
	vector_entry aarch64_bad_trap, 1, TRAP_KIND_AARCH32
	vector_entry aarch64_bad_trap, 1, TRAP_KIND_AARCH32
	vector_entry aarch64_bad_trap, 1, TRAP_KIND_AARCH32
	vector_entry aarch64_bad_trap, 1, TRAP_KIND_AARCH32
	/* Fails to assemble if an entry outgrew its 128 bytes. */
	.org	aarch64_vectors + 0x800

/* The frame-to-be must sit on mapped memory, or SP is in a guard page. */
el1_sync:
	msr	sp_el0, x0
	sub	x0, sp, #TF_SIZE
	at	s1e1w, x0
	isb
	mrs	x0, par_el1
	tbnz	x0, #PAR_F_BIT, el1_sync_overflow
	mrs	x0, sp_el0
	sub	sp, sp, #TF_SIZE
	save_regs 0
	mov	x0, sp
	bl	aarch64_sync_current
	b	ret_kernel

/*
 * Move to the emergency stack: swap SP and x0 without a third register
 * (sp += x0; x0 = sp - x0; sp -= x0), park the overflowed SP just above
 * the frame, and put it in the frame once the registers are saved.
 */
el1_sync_overflow:
	mrs	x0, tpidr_el1
	ldr	x0, [x0, #CPU_ARCH_EMERGENCY_SP]
	add	sp, sp, x0
	sub	x0, sp, x0
	sub	sp, sp, x0
	str	x0, [sp, #-16]!
	sub	sp, sp, #TF_SIZE
	mrs	x0, sp_el0		/* the interrupted x0 */
	save_regs 0
	ldr	x21, [sp, #TF_SIZE]
	str	x21, [sp, #TF_SP]
	mov	x0, sp
	bl	aarch64_stack_overflow
	b	.

ret_kernel:
	restore_regs_eret 0

/*
 * aarch64_eret_user(tf): enter user mode with the registers in tf, which
 * must be thread_user_frame() of the current thread, so that SP_EL1 ends
 * up at its kstack_top. Interrupts must be masked.
 */
	.globl	aarch64_eret_user
	.type	aarch64_eret_user, %function
aarch64_eret_user:
	mov	sp, x0
ret_user:
	restore_regs_eret 1
	.size	aarch64_eret_user, . - aarch64_eret_user
