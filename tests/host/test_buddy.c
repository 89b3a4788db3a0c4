/* SPDX-License-Identifier: MIT */
/*
 * Host tests of the buddy allocator: alignment, splitting and merging,
 * holes and pinned frames, bad frees, and a long random workload checked
 * against a shadow map of which frames are handed out.
 */
#include <stdlib.h>
#include <string.h>

#include <kernel/buddy.h>
#include "check.h"

#define SPAN 4096 /* frames */
#define BASE 1024 /* base pfn, aligned like pmm.c aligns it */

static struct buddy_frame meta[SPAN];
static struct buddy b;

static void fresh(void)
{
	buddy_init(&b, BASE, SPAN, meta);
	buddy_add_range(&b, BASE, SPAN);
}

static void all_free_merges_to_max_blocks(void)
{
	fresh();
	CHECK(b.free_frames == SPAN);
	CHECK(buddy_check(&b));
	/* 4096 frames are exactly four blocks of order 10. */
	for (int k = 0; k < BUDDY_MAX_ORDER - 1; k++)
		CHECK(b.free_head[k] == BUDDY_NONE);
	CHECK(b.free_head[BUDDY_MAX_ORDER - 1] != BUDDY_NONE);
}

static void blocks_are_aligned_and_split(void)
{
	uint64_t a, c;

	fresh();
	a = buddy_alloc(&b, 0);
	c = buddy_alloc(&b, 3);
	CHECK(a >= BASE && a < BASE + SPAN);
	CHECK(c % 8 == 0 && c != a);
	CHECK(buddy_block_order(&b, c) == 3);
	CHECK(b.free_frames == SPAN - 9);
	CHECK(buddy_check(&b));
	CHECK(buddy_free(&b, a, 0));
	CHECK(buddy_free(&b, c, 3));
	CHECK(b.free_frames == SPAN);
	CHECK(b.free_head[BUDDY_MAX_ORDER - 1] != BUDDY_NONE);
	CHECK(buddy_check(&b));
}

static void bad_frees_change_nothing(void)
{
	uint64_t a;

	fresh();
	a = buddy_alloc(&b, 2);
	CHECK(!buddy_free(&b, a, 1));        /* wrong order */
	CHECK(!buddy_free(&b, a + 1, 0));    /* inside a block */
	CHECK(!buddy_free(&b, BASE - 1, 0)); /* below the span */
	CHECK(!buddy_free(&b, BASE + SPAN, 0));
	CHECK(buddy_free(&b, a, 2));
	CHECK(!buddy_free(&b, a, 2)); /* double free */
	CHECK(b.free_frames == SPAN);
	CHECK(buddy_check(&b));
}

static void holes_and_pins_are_never_handed_out(void)
{
	uint64_t got = 0, pfn;

	buddy_init(&b, BASE, SPAN, meta);
	buddy_pin_range(&b, BASE + 100, 10);
	buddy_add_range(&b, BASE, 2000);    /* hole from 2000 on */
	buddy_add_range(&b, BASE + 100, 5); /* pinned: ignored */
	buddy_add_range(&b, BASE, 50);      /* twice: ignored */
	CHECK(b.free_frames == 2000 - 10);
	while ((pfn = buddy_alloc(&b, 0)) != 0) {
		CHECK(pfn >= BASE && pfn < BASE + 2000);
		CHECK(pfn < BASE + 100 || pfn >= BASE + 110);
		got++;
	}
	CHECK(got == 2000 - 10);
	CHECK(b.free_frames == 0);
	CHECK(buddy_check(&b));
}

static void exhaustion_and_too_large(void)
{
	fresh();
	CHECK(buddy_alloc(&b, BUDDY_MAX_ORDER) == 0);
	for (int i = 0; i < 4; i++)
		CHECK(buddy_alloc(&b, BUDDY_MAX_ORDER - 1) != 0);
	CHECK(buddy_alloc(&b, 0) == 0);
	CHECK(b.free_frames == 0);
}

static void random_workload_matches_shadow(void)
{
	static uint8_t owner[SPAN];
	struct {
		uint64_t pfn;
		unsigned order;
	} live[512];
	unsigned nlive = 0;

	fresh();
	memset(owner, 0, sizeof(owner));
	srand(12345);
	for (int step = 0; step < 200000; step++) {
		if (nlive < 512 && (rand() % 3 != 0 || nlive == 0)) {
			unsigned order = (unsigned)(rand() % 6);
			uint64_t pfn = buddy_alloc(&b, order);

			if (!pfn)
				continue;
			CHECK((pfn - BASE) % (1u << order) == 0);
			for (unsigned i = 0; i < (1u << order); i++) {
				CHECK(!owner[pfn - BASE + i]);
				owner[pfn - BASE + i] = 1;
			}
			live[nlive].pfn = pfn;
			live[nlive++].order = order;
		} else {
			unsigned i = (unsigned)rand() % nlive;

			for (unsigned j = 0; j < (1u << live[i].order); j++)
				owner[live[i].pfn - BASE + j] = 0;
			CHECK(buddy_free(&b, live[i].pfn, live[i].order));
			live[i] = live[--nlive];
		}
		if (step % 10000 == 0)
			CHECK(buddy_check(&b));
	}
	while (nlive) {
		nlive--;
		CHECK(buddy_free(&b, live[nlive].pfn, live[nlive].order));
	}
	CHECK(b.free_frames == SPAN);
	CHECK(buddy_check(&b));
}

int main(void)
{
	RUN(all_free_merges_to_max_blocks);
	RUN(blocks_are_aligned_and_split);
	RUN(bad_frees_change_nothing);
	RUN(holes_and_pins_are_never_handed_out);
	RUN(exhaustion_and_too_large);
	RUN(random_workload_matches_shadow);
	return check_failures != 0;
}
