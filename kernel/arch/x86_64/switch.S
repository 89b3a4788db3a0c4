/* SPDX-License-Identifier: MIT */
/*
 * Kernel stack switching between threads, and the first code a new
 * thread runs. Only the callee-saved registers of the System V ABI are
 * kept on the stack across a switch; the caller (arch_context_switch)
 * has already dealt with FPU state and the TLS base.
 */

	.section .text

/* x86_switch_stack(uint64_t *save_ksp, uint64_t load_ksp) */
	.globl x86_switch_stack
x86_switch_stack:
	pushq	%rbp
	pushq	%rbx
	pushq	%r12
	pushq	%r13
	pushq	%r14
	pushq	%r15
	movq	%rsp, (%rdi)
	movq	%rsi, %rsp
	popq	%r15
	popq	%r14
	popq	%r13
	popq	%r12
	popq	%rbx
	popq	%rbp
	ret

/*
 * Where a new thread's first switch returns to: arch_thread_init left
 * the function in %rbx, its argument in %r12 and %rbp zero (the end of
 * the frame-pointer chain), with %rsp 16-byte aligned.
 */
	.globl x86_thread_start
x86_thread_start:
	movq	%r12, %rdi
	call	*%rbx
	ud2				/* a thread function must not return */
