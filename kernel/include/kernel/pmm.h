/* SPDX-License-Identifier: MIT */
/*
 * The physical frame allocator. Frames are 4 KiB; contiguous power-of-two
 * blocks are available for DMA buffers and page tables.
 */
#ifndef KERNEL_PMM_H
#define KERNEL_PMM_H

#include <kernel/compiler.h>

struct boot_info;

/* Build the allocator from the boot memory map, minus reserved ranges. */
void pmm_init(const struct boot_info *bi);

/* Allocate 2^order contiguous frames; returns a physical address or 0. */
uint64_t pmm_alloc(unsigned order);
/* One zeroed frame, the common case for page tables. 0 on failure. */
uint64_t pmm_alloc_zeroed(void);
void pmm_free(uint64_t pa, unsigned order);
/* Order of the allocated block starting at pa, or -1 if it is not one. */
int pmm_block_order(uint64_t pa);

uint64_t pmm_free_frames(void);
uint64_t pmm_total_frames(void);

/* Convenience for sizes: smallest order whose block holds bytes. */
unsigned pmm_order_for(uint64_t bytes);

#endif
