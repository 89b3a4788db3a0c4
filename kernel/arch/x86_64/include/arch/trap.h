/* SPDX-License-Identifier: MIT */
/*
 * The x86_64 trap frame: what entry.S (or the syscall entry) pushes, then
 * what the CPU pushed. The layout is shared with assembly; the static
 * asserts in trap.c and syscall.c keep the two in step.
 */
#ifndef ARCH_TRAP_H
#define ARCH_TRAP_H

#ifndef __ASSEMBLY__
#include <stdint.h>

struct trap_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error;
	/* Pushed by the CPU (SDM Vol. 3A, 6.14.2 "64-Bit Mode Stack Frame"). */
	uint64_t rip, cs, rflags, rsp, ss;
};
#endif

/* Byte offsets into struct trap_frame, for assembly. */
#define TF_RCX    (12 * 8)
#define TF_R11    (4 * 8)
#define TF_VECTOR (15 * 8)
#define TF_RIP    (17 * 8)
#define TF_RSP    (20 * 8)
#define TF_SIZE   (22 * 8)

/* Interrupt vectors above the 32 exceptions. */
#define X86_VEC_TIMER       0x20
#define X86_VEC_IRQ_BASE    0x30 /* IOAPIC lines: vector = base + GSI */
#define X86_VEC_IRQ_LIMIT   0xf0 /* first vector after the IOAPIC range */
#define X86_VEC_IPI_STOP    0xf0
#define X86_VEC_IPI_RESCHED 0xf1
#define X86_VEC_IPI_TLB     0xf2
#define X86_VEC_SPURIOUS    0xff

/*
 * Frame kinds that are not hardware vectors, kept in the vector field so
 * arch_return_to_user knows how the frame was made: by the syscall entry
 * (eligible for SYSRET), or by arch_user_frame_init.
 */
#define X86_VEC_SYSCALL 0x100
#define X86_VEC_FRESH   0x101

/* Interrupt stack table slots in the TSS. */
#define X86_IST_DOUBLE_FAULT 1
#define X86_IST_NMI          2

#endif
