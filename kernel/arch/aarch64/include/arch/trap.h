/* SPDX-License-Identifier: MIT */
/*
 * The aarch64 trap frame: what vectors.S saves on every exception. The
 * offsets are shared with assembly; static asserts in trap.c keep the two
 * in step.
 */
#ifndef ARCH_TRAP_H
#define ARCH_TRAP_H

#define TF_X30  240
#define TF_SP   248
#define TF_ELR  256
#define TF_SPSR 264
#define TF_ESR  272
#define TF_FAR  280
#define TF_SIZE 288 /* a multiple of 16, so SP stays aligned */

/* Which vector an unexpected exception came through (aarch64_bad_trap). */
#define TRAP_KIND_SP0     0 /* current EL, SP_EL0: the kernel never uses it */
#define TRAP_KIND_FIQ     1
#define TRAP_KIND_SERROR  2
#define TRAP_KIND_AARCH32 3

#ifndef __ASSEMBLY__
#include <stdint.h>

struct trap_frame {
	uint64_t x[31]; /* x0 .. x30 (x29 is the frame pointer, x30 lr) */
	uint64_t sp;    /* SP at the exception: SP_EL0 if from EL0 */
	uint64_t elr;   /* where the exception was taken */
	uint64_t spsr;  /* PSTATE then */
	uint64_t esr;   /* syndrome */
	uint64_t far;   /* faulting address, for aborts */
};
#endif

#endif
