/* SPDX-License-Identifier: MIT */
/*
 * The kernel's own symbol table, linked into the image in a second link
 * pass, so a panic backtrace can name functions.
 */
#ifndef KERNEL_KSYMS_H
#define KERNEL_KSYMS_H

#include <kernel/compiler.h>

/* Name of the function containing addr and the offset into it, or NULL. */
const char *ksym_lookup(uintptr_t addr, uintptr_t *offset);

/* Print a frame-pointer backtrace starting at (fp, pc). */
void backtrace_print(uintptr_t fp, uintptr_t pc);

#endif
