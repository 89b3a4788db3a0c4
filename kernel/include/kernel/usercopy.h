/* SPDX-License-Identifier: MIT */
/*
 * Copying between the kernel and user memory. The range is checked to
 * lie in the user half first, then the arch copies with faults caught:
 * a page not yet touched is faulted in, anything else makes the copy
 * fail with SLATE_ERR_FAULT instead of crashing the kernel.
 */
#ifndef KERNEL_USERCOPY_H
#define KERNEL_USERCOPY_H

#include <kernel/compiler.h>
#include <slate/types.h>

slate_status_t copy_from_user(void *dst, uintptr_t usrc, size_t n);
slate_status_t copy_to_user(uintptr_t udst, const void *src, size_t n);

#endif
