/* SPDX-License-Identifier: MIT */
/*
 * The kernel heap: slab caches of power-of-two sizes from 16 to 2048
 * bytes, and whole frames from the frame allocator above that.
 */
#ifndef KERNEL_HEAP_H
#define KERNEL_HEAP_H

#include <kernel/compiler.h>

void heap_init(void);
void *kmalloc(size_t size);
void *kzalloc(size_t size);
void kfree(void *p);

struct heap_stats {
	uint64_t slab_pages; /* frames held by slab caches */
	uint64_t large_allocs;
	uint64_t live_objects;
};
void heap_get_stats(struct heap_stats *st);

#endif
