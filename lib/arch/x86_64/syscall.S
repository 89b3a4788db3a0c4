/* SPDX-License-Identifier: MIT */
/*
 * x86_64 system-call stubs (include/slate/syscall.h, ipc.h): the number
 * goes in rax, arguments in rdi rsi rdx r10 r8 r9; `syscall` clobbers
 * rcx and r11 and the status comes back in rax. Call numbers are passed
 * in from C, so no number is written twice.
 */
	.text

/* slate_status_t slate_syscall6(nr, a0, a1, a2, a3, a4, a5): the SysV
   argument registers shifted by one, a5 from the stack. */
	.globl slate_syscall6
	.type slate_syscall6, @function
slate_syscall6:
	movq	%rdi, %rax
	movq	%rsi, %rdi
	movq	%rdx, %rsi
	movq	%rcx, %rdx
	movq	%r8, %r10
	movq	%r9, %r8
	movq	8(%rsp), %r9
	syscall
	ret
	.size slate_syscall6, . - slate_syscall6

/*
 * slate_status_t slate_ipc_trap(nr, handle, struct slate_msg *msg):
 * rdi = handle, rsi = info, rdx r10 r8 r9 = words 0..3 in; on success
 * rsi, rdx r10 r8 r9 are the message and rdi the badge. The offsets are
 * those of struct slate_msg, checked by static asserts in lib/sys.c.
 */
	.globl slate_ipc_trap
	.type slate_ipc_trap, @function
slate_ipc_trap:
	pushq	%rdx			/* msg, for after the trap */
	movq	%rdi, %rax
	movl	%esi, %edi		/* handles are 32-bit: zero-extend */
	movq	%rdx, %rcx
	movq	0(%rcx), %rsi
	movq	8(%rcx), %rdx
	movq	16(%rcx), %r10
	movq	24(%rcx), %r8
	movq	32(%rcx), %r9
	syscall
	popq	%rcx
	testq	%rax, %rax
	js	1f			/* failed: leave *msg alone */
	movq	%rsi, 0(%rcx)
	movq	%rdx, 8(%rcx)
	movq	%r10, 16(%rcx)
	movq	%r8, 24(%rcx)
	movq	%r9, 32(%rcx)
	movq	%rdi, 40(%rcx)
1:	ret
	.size slate_ipc_trap, . - slate_ipc_trap

/*
 * A new thread (lib/thread.c) starts here with rdi = its struct
 * slate_thread * and rsp at the top of its stack.
 */
	.globl slate_thread_entry
	.type slate_thread_entry, @function
slate_thread_entry:
	xorl	%ebp, %ebp
	andq	$-16, %rsp
	call	slate_thread_main
	ud2				/* slate_thread_main never returns */
	.size slate_thread_entry, . - slate_thread_entry

/*
 * _Noreturn slate_thread_finish(notify, bits, nr_signal, nr_exit):
 * signal the joiner, then exit, touching no memory in between: once the
 * joiner wakes it may free this thread's stack.
 */
	.globl slate_thread_finish
	.type slate_thread_finish, @function
slate_thread_finish:
	movq	%rcx, %r12		/* syscall clobbers rcx */
	movq	%rdx, %rax
	movl	%edi, %edi
	syscall
	movq	%r12, %rax
	syscall
	ud2				/* THREAD_EXIT does not return */
	.size slate_thread_finish, . - slate_thread_finish

	.section .note.GNU-stack, "", @progbits
