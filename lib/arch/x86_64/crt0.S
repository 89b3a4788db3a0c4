/* SPDX-License-Identifier: MIT */
/*
 * x86_64 process entry. The kernel starts the first thread here with
 * rdi = struct slate_start_info * and a 16-byte aligned stack
 * (include/slate/start.h); slate_start (lib/start.c) does the rest.
 */
	.section .text.start, "ax"
	.globl _start
	.type _start, @function
_start:
	/* End the frame-pointer chain, and make the alignment certain:
	   after the call, slate_start sees rsp + 8 aligned, as the SysV
	   ABI requires. */
	xorl	%ebp, %ebp
	andq	$-16, %rsp
	call	slate_start
	ud2				/* slate_start never returns */
	.size _start, . - _start

	.section .note.GNU-stack, "", @progbits
