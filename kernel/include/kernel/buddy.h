/* SPDX-License-Identifier: MIT */
/*
 * A binary buddy allocator over page frame numbers. Pure logic with no
 * locking and no knowledge of where memory is: the frame allocator (pmm.c)
 * wraps it, and the host unit tests drive it directly.
 */
#ifndef KERNEL_BUDDY_H
#define KERNEL_BUDDY_H

#include <stdbool.h>
#include <stdint.h>

#define BUDDY_MAX_ORDER 11 /* blocks of 1 .. 1024 frames (4 MiB) */
#define BUDDY_NONE      UINT32_MAX

/* One entry per frame in the span; 12 bytes. */
struct buddy_frame {
	uint32_t next; /* free list links, frame index or BUDDY_NONE */
	uint32_t prev;
	uint8_t order; /* order of the block this frame heads */
	uint8_t state; /* BUDDY_FRAME_* */
	uint16_t unused;
};

enum {
	BUDDY_FRAME_RESERVED = 0, /* not managed: hole, firmware, kernel */
	BUDDY_FRAME_FREE_HEAD,    /* heads a free block of 'order' */
	BUDDY_FRAME_ALLOC_HEAD,   /* heads an allocated block of 'order' */
	BUDDY_FRAME_TAIL,         /* inside a block headed elsewhere */
	BUDDY_FRAME_PINNED,       /* never handed out, even if donated */
};

struct buddy {
	uint64_t base_pfn;    /* frame number of frames[0] */
	uint32_t nframes;     /* frames covered by the span */
	uint32_t free_frames; /* frames currently free */
	struct buddy_frame *frames;
	uint32_t free_head[BUDDY_MAX_ORDER];
};

/* Bytes of metadata needed for a span of nframes frames. */
static inline uint64_t buddy_meta_size(uint64_t nframes)
{
	return nframes * sizeof(struct buddy_frame);
}

/* Every frame starts reserved; buddy_add_range() donates usable ones. */
void buddy_init(struct buddy *b, uint64_t base_pfn, uint32_t nframes,
		struct buddy_frame *meta);
void buddy_add_range(struct buddy *b, uint64_t pfn, uint64_t count);
/* Keep frames out for good; call before buddy_add_range() covers them. */
void buddy_pin_range(struct buddy *b, uint64_t pfn, uint64_t count);

/* Allocate 2^order contiguous frames; returns the first pfn or 0 on none. */
uint64_t buddy_alloc(struct buddy *b, unsigned order);
/* Free a block; returns false (and changes nothing) on a bad pfn/order. */
bool buddy_free(struct buddy *b, uint64_t pfn, unsigned order);
/* Order of the allocated block starting at pfn, or -1 if it is not one. */
int buddy_block_order(const struct buddy *b, uint64_t pfn);

/* Walk the structure and check every invariant; for tests. */
bool buddy_check(const struct buddy *b);

#endif
