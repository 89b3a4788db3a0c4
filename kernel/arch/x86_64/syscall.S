/* SPDX-License-Identifier: MIT */
/*
 * The SYSCALL entry and the two ways back to user mode.
 *
 * SYSCALL (SDM Vol. 3A, 5.8.8) leaves the user rip in %rcx and rflags in
 * %r11, masks the FMASK flags and changes nothing else: not the stack,
 * not GS. The entry swaps to the kernel GS base, parks the user %rsp in
 * struct cpu, moves to the current thread's kernel stack top and builds
 * the same struct trap_frame an interrupt from user mode would, so the
 * frame is thread_user_frame() and everything after this file treats
 * both alike.
 */
#include <arch/gprs.inc>
#include <arch/trap.h>
#include <arch/x86.h>

	.section .text
	.balign 16
	.globl x86_syscall_entry
x86_syscall_entry:
	swapgs
	movq	%rsp, %gs:X86_CPU_SCRATCH
	movq	%gs:X86_CPU_ENTRY_SP, %rsp
	/* What an interrupt would push, then the vector and error slots. */
	pushq	$X86_SEL_UDATA
	pushq	%gs:X86_CPU_SCRATCH
	pushq	%r11
	pushq	$X86_SEL_UCODE
	pushq	%rcx
	pushq	$0
	pushq	$X86_VEC_SYSCALL
	PUSH_GPRS
	movq	%rsp, %rdi
	/* End the kernel's frame-pointer chain: never walk into user memory. */
	xorl	%ebp, %ebp
	call	x86_syscall
	ud2				/* x86_syscall never returns */

/*
 * x86_iret_to_user(tf): the general way back, for any (sanitised) frame.
 * tf is the top of the current kernel stack, so nothing below it is
 * needed any more. Interrupts are masked until IRETQ loads rflags.
 */
	.globl x86_iret_to_user
x86_iret_to_user:
	movq	%rdi, %rsp
	POP_GPRS
	addq	$16, %rsp		/* vector and error code */
	swapgs
	iretq

/*
 * x86_sysret_to_user(tf): the fast way back from an unmodified syscall
 * frame, whose rcx and r11 equal its rip and rflags and whose rip is
 * canonical (arch_return_to_user checks: SYSRET to a non-canonical rip
 * faults in kernel mode on the user stack on Intel CPUs, SDM Vol. 2B
 * SYSRET "Operation").
 */
	.globl x86_sysret_to_user
x86_sysret_to_user:
	movq	%rdi, %rsp
	POP_GPRS
	movq	TF_RSP - TF_VECTOR(%rsp), %rsp
	swapgs
	sysretq
