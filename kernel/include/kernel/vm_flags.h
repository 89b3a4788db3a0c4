/* SPDX-License-Identifier: MIT */
/* Mapping attributes, shared by the generic VM code and <arch/mmu.h>. */
#ifndef KERNEL_VM_FLAGS_H
#define KERNEL_VM_FLAGS_H

#define VM_READ   (1u << 0)
#define VM_WRITE  (1u << 1)
#define VM_EXEC   (1u << 2)
#define VM_USER   (1u << 3)
#define VM_DEVICE (1u << 4) /* uncached device memory */
#define VM_GLOBAL (1u << 5) /* survives address-space switches */

#endif
