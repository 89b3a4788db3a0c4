/* SPDX-License-Identifier: MIT */
/* The kernel stack protector's canary (kernel/stack_protector.c). */
#ifndef KERNEL_STACK_PROTECTOR_H
#define KERNEL_STACK_PROTECTOR_H

/*
 * Replace the build-time canary with a random one. Called once by
 * kmain, on the boot CPU, before any other CPU starts.
 */
void stack_guard_init(void);

#endif
