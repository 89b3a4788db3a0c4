/* SPDX-License-Identifier: MIT */
/*
 * arch_copy_from_user and arch_copy_to_user: one copy loop for both
 * directions (the generic caller has checked that the user side lies in
 * the user half). Each instruction that touches user memory is listed in
 * the exception table: a page fault there is first offered to
 * uvm_fault() and retried (REP MOVS resumes where it stopped, its
 * registers say how far it got), else resumed at the fixup, which makes
 * the copy return -1.
 *
 * With SMAP on, supervisor accesses to user pages fault unless RFLAGS.AC
 * is set (SDM Vol. 3A, 4.6.1 "Determination of Access Rights"): STAC
 * and CLAC bracket the copy. They are #UD on CPUs without SMAP, hence
 * the check of x86_smap.
 */

/* One exception-table entry: the faulting instruction, where to go. */
.macro EXTABLE fault, fixup
	.pushsection .x86_extable, "a"
	.balign 8
	.quad	\fault, \fixup
	.popsection
.endm

.macro SMAP_OPEN
	cmpb	$0, x86_smap(%rip)
	je	.Lno_stac\@
	stac
.Lno_stac\@:
.endm

.macro SMAP_CLOSE
	cmpb	$0, x86_smap(%rip)
	je	.Lno_clac\@
	clac
.Lno_clac\@:
.endm

	.section .text
	.balign 16
	.globl arch_copy_from_user
	.globl arch_copy_to_user
/* int arch_copy_*(void *dst, const void *src, size_t n) */
arch_copy_from_user:
arch_copy_to_user:
	SMAP_OPEN
	movq	%rdx, %rcx
	shrq	$3, %rcx
.Lcopy_words:
	rep movsq
	movl	%edx, %ecx
	andl	$7, %ecx
.Lcopy_bytes:
	rep movsb
	SMAP_CLOSE
	xorl	%eax, %eax
	ret
.Lcopy_fault:
	SMAP_CLOSE
	movl	$-1, %eax
	ret

	EXTABLE .Lcopy_words, .Lcopy_fault
	EXTABLE .Lcopy_bytes, .Lcopy_fault
