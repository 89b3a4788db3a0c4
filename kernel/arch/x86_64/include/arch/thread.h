/* SPDX-License-Identifier: MIT */
/* x86_64 per-thread state saved by arch_context_switch. */
#ifndef ARCH_THREAD_H
#define ARCH_THREAD_H

#include <stdint.h>

struct arch_thread {
	uint64_t ksp;     /* kernel stack pointer while switched out */
	uint64_t fs_base; /* user TLS base (IA32_FS_BASE) */
	uint8_t fpu[512] __attribute__((aligned(16))); /* FXSAVE area */
};

#endif
