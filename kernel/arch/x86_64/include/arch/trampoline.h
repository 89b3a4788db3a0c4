/* SPDX-License-Identifier: MIT */
/* x86_64-private: where the AP trampoline lives and its parameter block. */
#ifndef ARCH_TRAMPOLINE_H
#define ARCH_TRAMPOLINE_H

/* Inside the low 1 MiB, which the kernel keeps for itself. */
#define TRAMPOLINE_BASE 0x8000
#define TRAMPOLINE_PML4 0x9000
#define TRAMPOLINE_PDPT 0xa000
#define TRAMPOLINE_PD   0xb000

#define TRAMP_PARAM_CR3   0 /* temporary tables, below 4 GiB */
#define TRAMP_PARAM_STACK 8
#define TRAMP_PARAM_CPU   16
#define TRAMP_PARAM_ENTRY 24
#define TRAMP_PARAMS_SIZE 32

#ifndef __ASSEMBLY__
#include <stdint.h>

struct tramp_params {
	uint64_t cr3;
	uint64_t stack;
	uint64_t cpu;
	uint64_t entry;
};
_Static_assert(sizeof(struct tramp_params) == TRAMP_PARAMS_SIZE,
	       "trampoline.S reserves TRAMP_PARAMS_SIZE bytes");
#endif

#endif
