/* SPDX-License-Identifier: MIT */
/*
 * Starting user space: the first process, init, loaded from the boot
 * archive with every authority the kernel has to give, which init then
 * hands out as the system manifest says.
 */
#ifndef KERNEL_USERBOOT_H
#define KERNEL_USERBOOT_H

#include <kernel/compiler.h>

struct boot_info;
struct process;

/* Create init from the boot archive; false (logged) if there is none. */
bool userboot_start(const struct boot_info *bi);
/* A process ended; if it is init, report it (and power off if asked). */
void userboot_process_ended(struct process *p);

#endif
