/* SPDX-License-Identifier: MIT */
/* aarch64 per-thread state saved by arch_context_switch. */
#ifndef ARCH_THREAD_H
#define ARCH_THREAD_H

#include <stdint.h>

struct arch_thread {
	uint64_t ksp;       /* kernel stack pointer while switched out */
	uint64_t tpidr_el0; /* user TLS register */
	uint64_t fpcr, fpsr;
	uint64_t q[64] __attribute__((aligned(16))); /* v0..v31, 128 bits each */
};

#endif
