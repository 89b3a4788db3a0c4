/* SPDX-License-Identifier: MIT */
/*
 * The big kernel lock. Every kernel object, handle table, run queue and
 * address-space structure is protected by this one lock, held from kernel
 * entry (trap_enter) to kernel exit (trap_exit), with interrupts masked
 * throughout. Switching threads inside the kernel hands the lock to the
 * next thread on the same CPU.
 *
 * Why one lock: the kernel's critical sections are short (seL4 makes the
 * same choice for the same reason), a single lock makes every syscall
 * handler obviously atomic, and the CPUs Slate targets have 2 to 8
 * cores. XXX: with many CPUs doing IPC at once this lock becomes the
 * bottleneck; per-object locks would be the next step.
 */
#ifndef KERNEL_BKL_H
#define KERNEL_BKL_H

#include <kernel/compiler.h>
#include <kernel/panic.h>

void bkl_lock(void);
void bkl_unlock(void);
/* True if this CPU holds the lock. */
bool bkl_held(void);

#define BKL_ASSERT_HELD() DEBUG_ASSERT(bkl_held())

#endif
