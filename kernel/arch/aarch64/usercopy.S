/* SPDX-License-Identifier: MIT */
/*
 * Copies between kernel and user memory, with unprivileged loads and
 * stores (LDTR, STTR: Arm ARM, "Load/store unprivileged"). These check
 * the access against EL0's permissions, so a copy can never read or write
 * through a user pointer what the user itself could not: kernel memory
 * faults, and a write to a read-only or copy-on-write user page takes a
 * permission fault that uvm_fault() sees as a write. They are also not
 * subject to PAN, which therefore stays set all the time; no window
 * exists in which an ordinary kernel load could reach user memory.
 * (PSTATE.UAO, which would make them privileged, is kept clear.)
 *
 * Every user access is listed in __ex_table with the copy's fixup: a
 * fault that uvm_fault() cannot resolve resumes there and returns -1.
 * User accesses are 8 bytes only at 8-byte aligned user addresses, so no
 * access straddles two pages and FAR always names the page at fault.
 */

/* Record that the instruction at \insn may fault and resume at \fixup. */
.macro extable insn, fixup
	.pushsection __ex_table, "a"
	.balign	8
	.quad	\insn, \fixup
	.popsection
.endm

/*
 * int arch_copy_from_user(void *dst, const void *usrc, size_t n)
 * x0 = dst (kernel), x1 = usrc (user), x2 = n. Returns 0 or -1.
 */
	.text
	.globl	arch_copy_from_user
	.type	arch_copy_from_user, %function
arch_copy_from_user:
	cbz	x2, 4f
1:	tst	x1, #7			/* bytes until usrc is aligned */
	b.eq	2f
10:	ldtrb	w3, [x1]
	strb	w3, [x0], #1
	add	x1, x1, #1
	subs	x2, x2, #1
	b.ne	1b
	b	4f
2:	cmp	x2, #8			/* aligned 8-byte words */
	b.lo	3f
11:	ldtr	x3, [x1]
	str	x3, [x0], #8
	add	x1, x1, #8
	sub	x2, x2, #8
	b	2b
3:	cbz	x2, 4f			/* the tail */
12:	ldtrb	w3, [x1]
	strb	w3, [x0], #1
	add	x1, x1, #1
	sub	x2, x2, #1
	b	3b
4:	mov	w0, #0
	ret
	extable	10b, copy_fault
	extable	11b, copy_fault
	extable	12b, copy_fault
	.size	arch_copy_from_user, . - arch_copy_from_user

/*
 * int arch_copy_to_user(void *udst, const void *src, size_t n)
 * x0 = udst (user), x1 = src (kernel), x2 = n. Returns 0 or -1.
 */
	.globl	arch_copy_to_user
	.type	arch_copy_to_user, %function
arch_copy_to_user:
	cbz	x2, 4f
1:	tst	x0, #7
	b.eq	2f
	ldrb	w3, [x1], #1
20:	sttrb	w3, [x0]
	add	x0, x0, #1
	subs	x2, x2, #1
	b.ne	1b
	b	4f
2:	cmp	x2, #8
	b.lo	3f
	ldr	x3, [x1], #8
21:	sttr	x3, [x0]
	add	x0, x0, #8
	sub	x2, x2, #8
	b	2b
3:	cbz	x2, 4f
	ldrb	w3, [x1], #1
22:	sttrb	w3, [x0]
	add	x0, x0, #1
	sub	x2, x2, #1
	b	3b
4:	mov	w0, #0
	ret
	extable	20b, copy_fault
	extable	21b, copy_fault
	extable	22b, copy_fault
	.size	arch_copy_to_user, . - arch_copy_to_user

/* Both copies are leaves with no frame: the fixup just returns -1. */
copy_fault:
	mov	w0, #-1
	ret
