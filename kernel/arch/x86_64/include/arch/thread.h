/* SPDX-License-Identifier: MIT */
/* x86_64 per-thread state saved by arch_context_switch. */
#ifndef ARCH_THREAD_H
#define ARCH_THREAD_H

#include <stdint.h>

/* Size of the FXSAVE image (SDM Vol. 1, 10.5.1 "FXSAVE Area"). */
#define X86_FXSAVE_SIZE 512

struct arch_thread {
	uint64_t ksp;     /* kernel stack pointer while switched out */
	uint64_t fs_base; /* user TLS base (IA32_FS_BASE) */
	uint8_t fpu[X86_FXSAVE_SIZE] __attribute__((aligned(16)));
};

struct thread;

/*
 * Set a thread's user TLS base (IA32_FS_BASE), for the Linux shim's
 * arch_prctl(ARCH_SET_FS). Takes effect at once if t is running here.
 * x86_64 only: aarch64 user space writes TPIDR_EL0 itself.
 */
void arch_thread_set_tls(struct thread *t, uint64_t base);

#endif
