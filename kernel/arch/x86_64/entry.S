/* SPDX-License-Identifier: MIT */
/*
 * Interrupt and exception entry. One 16-byte stub per vector pushes a
 * zero error code where the CPU does not push one, then the vector number,
 * and joins trap_common, which saves the general registers as a
 * struct trap_frame and calls x86_trap(). cpu.c points the IDT at
 * x86_trap_stubs + 16 * vector.
 */
#include <arch/gprs.inc>
#include <arch/trap.h>

#define STUB_SIZE 16

	.section .text
	.balign STUB_SIZE
	.globl x86_trap_stubs
x86_trap_stubs:
	.set vec, 0
	.rept 256
	.balign STUB_SIZE
	/* Vectors with a CPU-pushed error code (SDM Vol. 3A, Table 6-1). */
	.if (vec == 8) || (vec == 10) || (vec == 11) || (vec == 12) || (vec == 13) || (vec == 14) || (vec == 17) || (vec == 21) || (vec == 29) || (vec == 30)
	.else
	pushq	$0
	.endif
	pushq	$vec
	jmp	trap_common
	.set vec, vec + 1
	.endr

/* Offset of the saved CS in the frame, after the vector and error code. */
#define FRAME_CS_AFTER_VEC 24

/*
 * XXX: GS is chosen by the saved CS alone. An NMI that lands on the first
 * instruction of x86_syscall_entry, or between the SWAPGS and the
 * SYSRETQ/IRETQ of the way back, runs with the user GS base, so
 * this_cpu() is wrong in nmi(); the panic-stop path does not use it, an
 * unexpected NMI's log line would. The fix is an NMI entry that reads
 * IA32_GS_BASE instead of trusting CS.
 */
trap_common:
	testb	$3, FRAME_CS_AFTER_VEC(%rsp)
	jz	1f
	swapgs				/* from user mode: kernel GS base */
1:	PUSH_GPRS
	movq	%rsp, %rdi
	cld
	/*
	 * Interrupt gates leave RFLAGS.AC as it was: from user mode that
	 * would lift SMAP in the kernel. IRETQ restores it for a copy that
	 * was interrupted.
	 */
	cmpb	$0, x86_smap(%rip)
	je	3f
	clac
3:	call	x86_trap
	POP_GPRS
	testb	$3, FRAME_CS_AFTER_VEC(%rsp)
	jz	2f
	swapgs
2:	addq	$16, %rsp		/* vector and error code */
	iretq
