/* SPDX-License-Identifier: MIT */
/*
 * Binary buddy allocator over frame numbers.
 *
 * A block of order k is 2^k frames, aligned to 2^k frames relative to the
 * span's base. Its buddy is found by flipping bit k of its index. Freeing
 * merges a block with its buddy while the buddy is free and of the same
 * order. Each order has a doubly-linked free list threaded through the
 * per-frame metadata by index, so no memory is used outside the array.
 *
 * This file is pure logic: no locks, no addresses. The caller serialises.
 */
#include <kernel/buddy.h>

static struct buddy_frame *frame_at(const struct buddy *b, uint32_t idx)
{
	return &b->frames[idx];
}

static void list_push(struct buddy *b, unsigned order, uint32_t idx)
{
	struct buddy_frame *f = frame_at(b, idx);
	uint32_t head = b->free_head[order];

	f->prev = BUDDY_NONE;
	f->next = head;
	if (head != BUDDY_NONE)
		frame_at(b, head)->prev = idx;
	b->free_head[order] = idx;
	f->order = (uint8_t)order;
	f->state = BUDDY_FRAME_FREE_HEAD;
}

static void list_remove(struct buddy *b, unsigned order, uint32_t idx)
{
	struct buddy_frame *f = frame_at(b, idx);

	if (f->prev != BUDDY_NONE)
		frame_at(b, f->prev)->next = f->next;
	else
		b->free_head[order] = f->next;
	if (f->next != BUDDY_NONE)
		frame_at(b, f->next)->prev = f->prev;
	f->next = f->prev = BUDDY_NONE;
}

void buddy_init(struct buddy *b, uint64_t base_pfn, uint32_t nframes,
		struct buddy_frame *meta)
{
	b->base_pfn = base_pfn;
	b->nframes = nframes;
	b->free_frames = 0;
	b->frames = meta;
	for (unsigned k = 0; k < BUDDY_MAX_ORDER; k++)
		b->free_head[k] = BUDDY_NONE;
	for (uint32_t i = 0; i < nframes; i++)
		meta[i] = (struct buddy_frame){BUDDY_NONE, BUDDY_NONE, 0,
					       BUDDY_FRAME_RESERVED, 0};
}

/*
 * Insert a free block and merge it upward with free buddies. Frames inside
 * a block are always TAIL, so a merge only has to demote the two heads.
 */
static void free_block(struct buddy *b, uint32_t idx, unsigned order)
{
	while (order + 1 < BUDDY_MAX_ORDER) {
		uint32_t buddy = idx ^ (1u << order);
		struct buddy_frame *bf;

		if (buddy >= b->nframes)
			break;
		bf = frame_at(b, buddy);
		if (bf->state != BUDDY_FRAME_FREE_HEAD || bf->order != order)
			break;
		list_remove(b, order, buddy);
		bf->state = BUDDY_FRAME_TAIL;
		frame_at(b, idx)->state = BUDDY_FRAME_TAIL;
		if (buddy < idx)
			idx = buddy;
		order++;
	}
	list_push(b, order, idx);
}

/* Clip [*pfn, *end) to the span; false if nothing is left. */
static bool clip_range(const struct buddy *b, uint64_t *pfn, uint64_t *end)
{
	if (*pfn < b->base_pfn)
		*pfn = b->base_pfn;
	if (*end > b->base_pfn + b->nframes)
		*end = b->base_pfn + b->nframes;
	return *pfn < *end;
}

void buddy_pin_range(struct buddy *b, uint64_t pfn, uint64_t count)
{
	uint64_t end = pfn + count;

	if (!clip_range(b, &pfn, &end))
		return;
	for (uint64_t p = pfn; p < end; p++) {
		struct buddy_frame *f =
		    frame_at(b, (uint32_t)(p - b->base_pfn));

		if (f->state == BUDDY_FRAME_RESERVED)
			f->state = BUDDY_FRAME_PINNED;
	}
}

/* How many of the n frames from idx on are still unmanaged, in a row. */
static uint32_t reserved_run(const struct buddy *b, uint32_t idx, uint32_t n)
{
	uint32_t i = 0;

	while (i < n && b->frames[idx + i].state == BUDDY_FRAME_RESERVED)
		i++;
	return i;
}

/*
 * Donate frames in the largest aligned blocks that fit, so that adding
 * all of RAM costs one pass over the metadata rather than one merge
 * cascade per frame. Frames already managed or pinned are skipped.
 */
void buddy_add_range(struct buddy *b, uint64_t pfn, uint64_t count)
{
	uint64_t end = pfn + count;
	uint32_t i, e;

	if (!clip_range(b, &pfn, &end))
		return;
	i = (uint32_t)(pfn - b->base_pfn);
	e = (uint32_t)(end - b->base_pfn);
	while (i < e) {
		unsigned k = 0;
		uint32_t run;

		while (k + 1 < BUDDY_MAX_ORDER && !(i & ((2u << k) - 1)) &&
		       i + (2u << k) <= e)
			k++;
		run = reserved_run(b, i, 1u << k);
		if (run == 0) {
			i++;
			continue;
		}
		while ((1u << k) > run)
			k--;
		for (uint32_t t = 1; t < (1u << k); t++)
			frame_at(b, i + t)->state = BUDDY_FRAME_TAIL;
		b->free_frames += 1u << k;
		free_block(b, i, k);
		i += 1u << k;
	}
}

uint64_t buddy_alloc(struct buddy *b, unsigned order)
{
	unsigned k = order;
	uint32_t idx;

	if (order >= BUDDY_MAX_ORDER)
		return 0;
	while (k < BUDDY_MAX_ORDER && b->free_head[k] == BUDDY_NONE)
		k++;
	if (k == BUDDY_MAX_ORDER)
		return 0;
	idx = b->free_head[k];
	list_remove(b, k, idx);
	/* Split down, returning upper halves to the free lists. */
	while (k > order) {
		k--;
		list_push(b, k, idx + (1u << k));
	}
	frame_at(b, idx)->order = (uint8_t)order;
	frame_at(b, idx)->state = BUDDY_FRAME_ALLOC_HEAD;
	b->free_frames -= 1u << order;
	return b->base_pfn + idx;
}

int buddy_block_order(const struct buddy *b, uint64_t pfn)
{
	const struct buddy_frame *f;

	if (pfn < b->base_pfn || pfn - b->base_pfn >= b->nframes)
		return -1;
	f = &b->frames[pfn - b->base_pfn];
	if (f->state != BUDDY_FRAME_ALLOC_HEAD)
		return -1;
	return f->order;
}

bool buddy_free(struct buddy *b, uint64_t pfn, unsigned order)
{
	if (buddy_block_order(b, pfn) != (int)order)
		return false;
	b->free_frames += 1u << order;
	free_block(b, (uint32_t)(pfn - b->base_pfn), order);
	return true;
}

/* Every block on a free list is aligned, in range, and marked free. */
static bool check_lists(const struct buddy *b, uint64_t *listed)
{
	*listed = 0;
	for (unsigned k = 0; k < BUDDY_MAX_ORDER; k++) {
		uint32_t prev = BUDDY_NONE;

		for (uint32_t i = b->free_head[k]; i != BUDDY_NONE;
		     i = b->frames[i].next) {
			const struct buddy_frame *f = &b->frames[i];

			if (i >= b->nframes || (i & ((1u << k) - 1)) ||
			    i + (1u << k) > b->nframes)
				return false;
			if (f->state != BUDDY_FRAME_FREE_HEAD ||
			    f->order != k || f->prev != prev)
				return false;
			*listed += 1u << k;
			if (*listed > b->nframes)
				return false; /* a cycle */
			prev = i;
		}
	}
	return true;
}

bool buddy_check(const struct buddy *b)
{
	uint64_t listed, heads = 0;

	if (!check_lists(b, &listed) || listed != b->free_frames)
		return false;
	/* Count free heads in the array: each must be on a list. */
	for (uint32_t i = 0; i < b->nframes; i++) {
		const struct buddy_frame *f = &b->frames[i];

		if (f->state == BUDDY_FRAME_FREE_HEAD)
			heads += 1u << f->order;
	}
	return heads == listed;
}
