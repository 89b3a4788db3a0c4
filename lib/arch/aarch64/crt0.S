/* SPDX-License-Identifier: MIT */
/*
 * aarch64 process entry. The kernel starts the first thread here with
 * x0 = struct slate_start_info * and a 16-byte aligned stack
 * (include/slate/start.h); slate_start (lib/start.c) does the rest.
 */
	.section .text.start, "ax"
	.globl _start
	.type _start, %function
_start:
	/* End the frame-record chain; keep sp aligned, as AAPCS64 and the
	   hardware's stack alignment check require. */
	mov	x29, xzr
	mov	x30, xzr
	mov	x9, sp
	and	x9, x9, #~15
	mov	sp, x9
	bl	slate_start
	brk	#0x1			/* slate_start never returns */
	.size _start, . - _start

	.section .note.GNU-stack, "", %progbits
