/* SPDX-License-Identifier: MIT */
/* arch_call_on_stack(top, fn, arg): run fn(arg) on a new stack, for good. */
	.text
	.globl arch_call_on_stack
	.type arch_call_on_stack, %function
arch_call_on_stack:
	mov	sp, x0
	mov	x29, xzr		/* end of the frame-pointer chain */
	mov	x30, xzr
	mov	x0, x2
	blr	x1
1:	wfi
	b	1b
	.size arch_call_on_stack, . - arch_call_on_stack
