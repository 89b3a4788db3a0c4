/* SPDX-License-Identifier: MIT */
/*
 * The x86_64 trap frame: what entry.S pushes, then what the CPU pushed.
 * The layout is shared with assembly; the static asserts in trap.c keep
 * the two in step.
 */
#ifndef ARCH_TRAP_H
#define ARCH_TRAP_H

#include <stdint.h>

struct trap_frame {
	uint64_t r15, r14, r13, r12, r11, r10, r9, r8;
	uint64_t rbp, rdi, rsi, rdx, rcx, rbx, rax;
	uint64_t vector, error;
	/* Pushed by the CPU (SDM Vol. 3A, 6.14.2 "64-Bit Mode Stack Frame"). */
	uint64_t rip, cs, rflags, rsp, ss;
};

/* Interrupt vectors above the 32 exceptions. */
#define X86_VEC_TIMER    0x20
#define X86_VEC_IPI_STOP 0xf0
#define X86_VEC_SPURIOUS 0xff

/* Interrupt stack table slots in the TSS. */
#define X86_IST_DOUBLE_FAULT 1
#define X86_IST_NMI          2

#endif
