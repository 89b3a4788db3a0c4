/* SPDX-License-Identifier: MIT */
/*
 * aarch64 system-call stubs (include/slate/syscall.h, ipc.h): the number
 * goes in x8, arguments in x0..x5, `svc #0` traps and the status comes
 * back in x0. Call numbers are passed in from C, so no number is
 * written twice.
 */
	.text

/* slate_status_t slate_syscall6(nr, a0, a1, a2, a3, a4, a5) */
	.globl slate_syscall6
	.type slate_syscall6, %function
slate_syscall6:
	mov	x8, x0
	mov	x0, x1
	mov	x1, x2
	mov	x2, x3
	mov	x3, x4
	mov	x4, x5
	mov	x5, x6
	svc	#0
	ret
	.size slate_syscall6, . - slate_syscall6

/*
 * slate_status_t slate_ipc_trap(nr, handle, struct slate_msg *msg):
 * x0 = handle, x1 = info, x2..x5 = words 0..3 in; on success x1..x5 are
 * the message and x6 the badge. The offsets are those of struct
 * slate_msg, checked by static asserts in lib/sys.c.
 */
	.globl slate_ipc_trap
	.type slate_ipc_trap, %function
slate_ipc_trap:
	str	x2, [sp, #-16]!		/* msg, for after the trap */
	mov	x8, x0
	mov	w0, w1			/* handles are 32-bit: zero-extend */
	mov	x9, x2
	ldp	x1, x2, [x9]
	ldp	x3, x4, [x9, #16]
	ldr	x5, [x9, #32]
	svc	#0
	ldr	x9, [sp], #16
	tbnz	x0, #63, 1f		/* failed: leave *msg alone */
	stp	x1, x2, [x9]
	stp	x3, x4, [x9, #16]
	stp	x5, x6, [x9, #32]
1:	ret
	.size slate_ipc_trap, . - slate_ipc_trap

/*
 * A new thread (lib/thread.c) starts here with x0 = its struct
 * slate_thread * and sp at the top of its stack.
 */
	.globl slate_thread_entry
	.type slate_thread_entry, %function
slate_thread_entry:
	mov	x29, xzr
	mov	x30, xzr
	bl	slate_thread_main
	brk	#0x1			/* slate_thread_main never returns */
	.size slate_thread_entry, . - slate_thread_entry

/*
 * _Noreturn slate_thread_finish(notify, bits, nr_signal, nr_exit):
 * signal the joiner, then exit, touching no memory in between: once the
 * joiner wakes it may free this thread's stack.
 */
	.globl slate_thread_finish
	.type slate_thread_finish, %function
slate_thread_finish:
	mov	x19, x3
	mov	x8, x2
	mov	w0, w0
	svc	#0
	mov	x8, x19
	svc	#0
	brk	#0x1			/* THREAD_EXIT does not return */
	.size slate_thread_finish, . - slate_thread_finish

	.section .note.GNU-stack, "", %progbits
