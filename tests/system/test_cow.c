/* SPDX-License-Identifier: MIT */
/*
 * Copy-on-write clones (VMO_CLONE): a clone reads what its source held,
 * writes on either side stay private, clones of clones work, closing
 * them in any order gives back every frame, a copy over quota kills
 * only the writer, and bad arguments are refused.
 */
#include <stdint.h>

#include <slate/object.h>
#include <slate/rights.h>
#include <slate/spawn.h>
#include <slate/status.h>
#include <slate/sys.h>

#include "child/child.h"
#include "sltest.h"

#define PAGE       4096u
#define PAGE_WORDS (PAGE / sizeof(uint64_t))
#define MANY_PAGES 256
#define HOG_QUOTA  128 /* pages: less than MANY_PAGES copies */

static slate_handle_t self(void)
{
	return slate_self_process();
}

/* A read-write mapping of pages of vmo, or NULL. */
static volatile uint64_t *map_rw(slate_status_t vmo, uint64_t pages)
{
	slate_status_t a;

	if (vmo <= 0)
		return NULL;
	a = slate_vm_map(self(), (slate_handle_t)vmo, 0, pages * PAGE, 0,
			 SLATE_VM_READ | SLATE_VM_WRITE);
	return a > 0 ? (volatile uint64_t *)(uintptr_t)a : NULL;
}

static slate_status_t unmap(volatile uint64_t *p, uint64_t pages)
{
	return slate_vm_unmap(self(), (uintptr_t)p, pages * PAGE);
}

/* The first word of each page of p: what the tests write and check. */
static uint64_t *word(volatile uint64_t *p, uint64_t page)
{
	return (uint64_t *)&p[page * PAGE_WORDS];
}

static void fill(volatile uint64_t *p, uint64_t pages)
{
	for (uint64_t i = 0; i < pages; i++)
		*word(p, i) = COW_WORD(i);
}

SLTEST(cow_clone_shares_then_diverges)
{
	slate_status_t v = slate_vmo_create(4 * PAGE, 0), c;
	volatile uint64_t *p = map_rw(v, 4), *q;

	SLTEST_CHECK(p != NULL);
	fill(p, 3); /* page 3 is never touched before the clone */
	c = slate_vmo_clone((slate_handle_t)v, 0, 4 * PAGE, 0);
	SLTEST_CHECK(c > 0);
	q = map_rw(c, 4);
	SLTEST_CHECK(q != NULL);
	for (uint64_t i = 0; i < 3; i++)
		SLTEST_CHECK_EQ(*word(q, i), COW_WORD(i));
	SLTEST_CHECK_EQ(*word(q, 3), 0);

	/* The source's writable mapping, filled before the clone. */
	*word(p, 0) = 1;
	SLTEST_CHECK_EQ(*word(q, 0), COW_WORD(0));
	*word(q, 1) = 2;
	SLTEST_CHECK_EQ(*word(p, 1), COW_WORD(1));
	*word(p, 2) = 3;
	*word(q, 2) = 4;
	SLTEST_CHECK_EQ(*word(p, 2), 3);
	SLTEST_CHECK_EQ(*word(q, 2), 4);
	*word(p, 3) = 5; /* the clone's snapshot of an untouched page: 0 */
	SLTEST_CHECK_EQ(*word(q, 3), 0);
	SLTEST_CHECK_EQ(*word(p, 0), 1);
	SLTEST_CHECK_EQ(*word(q, 1), 2);

	SLTEST_CHECK_EQ(unmap(p, 4), 0);
	SLTEST_CHECK_EQ(unmap(q, 4), 0);
	SLTEST_CHECK_EQ(slate_handle_close((slate_handle_t)v), 0);
	SLTEST_CHECK_EQ(slate_handle_close((slate_handle_t)c), 0);
	return NULL;
}

/* A system call storing into a shared page copies it like a store. */
SLTEST(cow_kernel_write_is_private)
{
	slate_status_t v = slate_vmo_create(PAGE, 0), c;
	volatile uint64_t *p = map_rw(v, 1), *q;
	struct slate_handle_info *info;

	SLTEST_CHECK(p != NULL);
	p[0] = p[1] = p[2] = 0x1111;
	c = slate_vmo_clone((slate_handle_t)v, 0, PAGE, 0);
	q = map_rw(c, 1);
	SLTEST_CHECK(q != NULL);
	info = (struct slate_handle_info *)(uintptr_t)q;
	SLTEST_CHECK_EQ(slate_handle_info((slate_handle_t)c, info), 0);
	SLTEST_CHECK_EQ(info->type, SLATE_OBJ_VMO);
	SLTEST_CHECK_EQ(info->rights, SLATE_RIGHT_READ | SLATE_RIGHT_WRITE |
					  SLATE_RIGHT_EXEC | SLATE_RIGHT_MAP |
					  SLATE_RIGHT_DUPLICATE |
					  SLATE_RIGHT_TRANSFER);
	SLTEST_CHECK_EQ(p[0], 0x1111);
	SLTEST_CHECK_EQ(p[2], 0x1111);
	SLTEST_CHECK_EQ(unmap(p, 1), 0);
	SLTEST_CHECK_EQ(unmap(q, 1), 0);
	SLTEST_CHECK_EQ(slate_handle_close((slate_handle_t)v), 0);
	SLTEST_CHECK_EQ(slate_handle_close((slate_handle_t)c), 0);
	return NULL;
}

/* P, a clone C1 of its pages 1..3, and a clone C2 of C1's pages 1..2. */
SLTEST(cow_clone_of_clone)
{
	slate_status_t v = slate_vmo_create(4 * PAGE, 0), c1, c2;
	volatile uint64_t *p = map_rw(v, 4), *q, *r;

	SLTEST_CHECK(p != NULL);
	fill(p, 4);
	c1 = slate_vmo_clone((slate_handle_t)v, PAGE, 3 * PAGE, 0);
	q = map_rw(c1, 3);
	SLTEST_CHECK(q != NULL);
	SLTEST_CHECK_EQ(*word(q, 0), COW_WORD(1));
	*word(q, 1) = 0xc1;
	c2 = slate_vmo_clone((slate_handle_t)c1, PAGE, 2 * PAGE, 0);
	r = map_rw(c2, 2);
	SLTEST_CHECK(r != NULL);
	SLTEST_CHECK_EQ(*word(r, 0), 0xc1);
	SLTEST_CHECK_EQ(*word(r, 1), COW_WORD(3));

	*word(p, 3) = 0x90; /* shared by all three */
	*word(r, 0) = 0xc2;
	SLTEST_CHECK_EQ(*word(q, 2), COW_WORD(3));
	SLTEST_CHECK_EQ(*word(r, 1), COW_WORD(3));
	SLTEST_CHECK_EQ(*word(q, 1), 0xc1);
	SLTEST_CHECK_EQ(*word(p, 2), COW_WORD(2));
	SLTEST_CHECK_EQ(*word(r, 0), 0xc2);

	/* Closing the middle one leaves the others their pages. */
	SLTEST_CHECK_EQ(unmap(q, 3), 0);
	SLTEST_CHECK_EQ(slate_handle_close((slate_handle_t)c1), 0);
	SLTEST_CHECK_EQ(*word(r, 1), COW_WORD(3));
	*word(r, 1) = 0xc3;
	SLTEST_CHECK_EQ(*word(p, 3), 0x90);
	SLTEST_CHECK_EQ(unmap(p, 4), 0);
	SLTEST_CHECK_EQ(unmap(r, 2), 0);
	SLTEST_CHECK_EQ(slate_handle_close((slate_handle_t)v), 0);
	SLTEST_CHECK_EQ(slate_handle_close((slate_handle_t)c2), 0);
	return NULL;
}

SLTEST(cow_many_pages)
{
	slate_status_t v = slate_vmo_create(MANY_PAGES * PAGE, 0), c;
	volatile uint64_t *p = map_rw(v, MANY_PAGES), *q;

	SLTEST_CHECK(p != NULL);
	fill(p, MANY_PAGES);
	c = slate_vmo_clone((slate_handle_t)v, 0, MANY_PAGES * PAGE, 0);
	q = map_rw(c, MANY_PAGES);
	SLTEST_CHECK(q != NULL);
	for (uint64_t i = 0; i < MANY_PAGES; i += 2)
		*word(q, i) = ~i;
	for (uint64_t i = 0; i < MANY_PAGES; i += 3)
		*word(p, i) = i;
	for (uint64_t i = 0; i < MANY_PAGES; i++) {
		uint64_t want_p = i % 3 ? COW_WORD(i) : i;
		uint64_t want_q = i % 2 ? COW_WORD(i) : ~i;

		if (*word(p, i) != want_p || *word(q, i) != want_q)
			return sltest_fail(
			    "page %llu: source %#llx, clone %#llx",
			    (unsigned long long)i,
			    (unsigned long long)*word(p, i),
			    (unsigned long long)*word(q, i));
	}
	SLTEST_CHECK_EQ(unmap(p, MANY_PAGES), 0);
	SLTEST_CHECK_EQ(unmap(q, MANY_PAGES), 0);
	SLTEST_CHECK_EQ(slate_handle_close((slate_handle_t)v), 0);
	SLTEST_CHECK_EQ(slate_handle_close((slate_handle_t)c), 0);
	return NULL;
}

/*
 * A source, a clone and a clone of the clone, each with pages of its
 * own and pages shared, closed in the order given by order[]: the
 * handles of v[order[0]], v[order[1]], v[order[2]].
 */
static const char *three_generations(const unsigned order[3])
{
	const uint64_t n = 16;
	slate_status_t v[3];
	volatile uint64_t *m[3];

	v[0] = slate_vmo_create(n * PAGE, 0);
	m[0] = map_rw(v[0], n);
	SLTEST_CHECK(m[0] != NULL);
	fill(m[0], n - 2);
	v[1] = slate_vmo_clone((slate_handle_t)v[0], 0, n * PAGE, 0);
	m[1] = map_rw(v[1], n);
	SLTEST_CHECK(m[1] != NULL);
	for (uint64_t i = 0; i < n; i += 4)
		*word(m[1], i) = i;
	v[2] = slate_vmo_clone((slate_handle_t)v[1], 0, n * PAGE, 0);
	m[2] = map_rw(v[2], n);
	SLTEST_CHECK(m[2] != NULL);
	for (uint64_t i = 1; i < n; i += 3) {
		*word(m[2], i) = i;
		*word(m[0], i + 1 < n ? i + 1 : 0) = i;
	}
	SLTEST_CHECK_EQ(*word(m[2], 5), COW_WORD(5));
	SLTEST_CHECK_EQ(*word(m[1], 4), 4);
	for (unsigned i = 0; i < 3; i++)
		SLTEST_CHECK_EQ(unmap(m[i], n), 0);
	for (unsigned i = 0; i < 3; i++)
		SLTEST_CHECK_EQ(slate_handle_close((slate_handle_t)v[order[i]]),
				0);
	return NULL;
}

SLTEST(cow_close_in_every_order_frees_every_frame)
{
	static const unsigned orders[6][3] = {{0, 1, 2}, {0, 2, 1}, {1, 0, 2},
					      {1, 2, 0}, {2, 0, 1}, {2, 1, 0}};
	struct slate_system_info before, after;
	const char *why = three_generations(orders[0]); /* warm caches */

	if (why)
		return why;
	for (unsigned k = 0; k < 6; k++) {
		SLTEST_CHECK_EQ(slate_system_info(&before), 0);
		why = three_generations(orders[k]);
		if (why)
			return why;
		SLTEST_CHECK_EQ(slate_system_info(&after), 0);
		if (after.free_frames != before.free_frames ||
		    after.objects != before.objects)
			return sltest_fail(
			    "order %u %u %u: %lld frames, %lld "
			    "objects not given back",
			    orders[k][0], orders[k][1], orders[k][2],
			    (long long)(before.free_frames - after.free_frames),
			    (long long)(after.objects - before.objects));
	}
	return NULL;
}

/* Give a child handle h (moved) as SLATE_START_USER; wait for it. */
static const char *run_child(const char *mode, const char *pages,
			     slate_handle_t h, uint64_t quota, int64_t *status)
{
	const char *argv[] = {CHILD_PROGRAM, mode, pages, NULL};
	struct slate_spawn_handle give = {h, SLATE_START_USER};
	slate_handle_t child;

	SLTEST_CHECK_EQ(
	    slate_spawn(CHILD_PROGRAM, argv, &give, 1, quota, &child), 0);
	SLTEST_CHECK_EQ(slate_process_wait(child, SLATE_TIME_INFINITE, status),
			0);
	SLTEST_CHECK_EQ(slate_handle_close(child), 0);
	return NULL;
}

SLTEST(cow_child_writes_its_clone_privately)
{
	slate_status_t v = slate_vmo_create(8 * PAGE, 0), c;
	volatile uint64_t *p = map_rw(v, 8);
	int64_t status = -1;
	const char *why;

	SLTEST_CHECK(p != NULL);
	fill(p, 8);
	c = slate_vmo_clone((slate_handle_t)v, 0, 8 * PAGE, 0);
	SLTEST_CHECK(c > 0);
	why = run_child("cow-write", "8", (slate_handle_t)c, 256, &status);
	if (why)
		return why;
	SLTEST_CHECK_EQ(status, 0);
	for (uint64_t i = 0; i < 8; i++)
		SLTEST_CHECK_EQ(*word(p, i), COW_WORD(i));
	SLTEST_CHECK_EQ(unmap(p, 8), 0);
	SLTEST_CHECK_EQ(slate_handle_close((slate_handle_t)v), 0);
	return NULL;
}

/*
 * A child with a small quota clones our big VMO and writes to every
 * page: the copies are its own, so it is killed over quota, our pages
 * are untouched, and everything it had comes back.
 */
static const char *cow_hog(slate_handle_t v, int64_t *status)
{
	slate_status_t ro =
	    slate_handle_duplicate(v, SLATE_RIGHT_READ | SLATE_RIGHT_TRANSFER);

	SLTEST_CHECK(ro > 0);
	return run_child("cow-hog", "256", (slate_handle_t)ro, HOG_QUOTA,
			 status);
}

SLTEST(cow_fault_over_quota_kills_the_writer)
{
	slate_status_t v = slate_vmo_create(MANY_PAGES * PAGE, 0);
	volatile uint64_t *p = map_rw(v, MANY_PAGES);
	struct slate_system_info before, after;
	int64_t status = -1;
	const char *why;

	SLTEST_CHECK(p != NULL);
	fill(p, MANY_PAGES);
	/*
	 * Two runs to warm up: the first turns our pages into shared
	 * records, which stay after it; the second is the first to find
	 * them there, and may grow a heap cache on that path.
	 */
	for (int k = 0; k < 2; k++) {
		why = cow_hog((slate_handle_t)v, &status);
		if (why)
			return why;
	}
	SLTEST_CHECK_EQ(slate_system_info(&before), 0);
	why = cow_hog((slate_handle_t)v, &status);
	if (why)
		return why;
	SLTEST_CHECK_EQ(slate_system_info(&after), 0);
	SLTEST_CHECK_EQ(status, SLATE_EXIT_FAULT);
	SLTEST_CHECK_EQ(after.free_frames, before.free_frames);
	SLTEST_CHECK_EQ(after.objects, before.objects);
	for (uint64_t i = 0; i < MANY_PAGES; i++)
		SLTEST_CHECK_EQ(*word(p, i), COW_WORD(i));
	*word(p, 0) = 7; /* ours again alone: written in place */
	SLTEST_CHECK_EQ(unmap(p, MANY_PAGES), 0);
	SLTEST_CHECK_EQ(slate_handle_close((slate_handle_t)v), 0);
	return NULL;
}

SLTEST(cow_clone_bad_arguments)
{
	slate_status_t v = slate_vmo_create(2 * PAGE, 0);
	slate_status_t dma = slate_vmo_create(PAGE, SLATE_VMO_CONTIGUOUS);
	slate_status_t ep = slate_endpoint_create();
	slate_status_t noread, c;
	volatile uint64_t *p = map_rw(v, 2);
	slate_handle_t h = (slate_handle_t)v;

	SLTEST_CHECK(p != NULL && dma > 0 && ep > 0);
	p[0] = 1;
	SLTEST_CHECK_EQ(slate_vmo_clone(h, 1, PAGE, 0), SLATE_ERR_INVALID);
	SLTEST_CHECK_EQ(slate_vmo_clone(h, 0, PAGE + 8, 0), SLATE_ERR_INVALID);
	SLTEST_CHECK_EQ(slate_vmo_clone(h, 0, 0, 0), SLATE_ERR_INVALID);
	SLTEST_CHECK_EQ(slate_vmo_clone(h, PAGE, 2 * PAGE, 0),
			SLATE_ERR_INVALID);
	SLTEST_CHECK_EQ(slate_vmo_clone(h, 3 * PAGE, PAGE, 0),
			SLATE_ERR_INVALID);
	SLTEST_CHECK_EQ(slate_vmo_clone(h, PAGE, ~0ull - PAGE + 1, 0),
			SLATE_ERR_INVALID);
	SLTEST_CHECK_EQ(slate_vmo_clone(h, 0, PAGE, 1), SLATE_ERR_INVALID);
	SLTEST_CHECK_EQ(slate_vmo_clone((slate_handle_t)ep, 0, PAGE, 0),
			SLATE_ERR_WRONG_TYPE);
	SLTEST_CHECK_EQ(slate_vmo_clone(12345, 0, PAGE, 0),
			SLATE_ERR_BAD_HANDLE);
	noread = slate_handle_duplicate(h, SLATE_RIGHT_MAP | SLATE_RIGHT_WRITE);
	SLTEST_CHECK(noread > 0);
	SLTEST_CHECK_EQ(slate_vmo_clone((slate_handle_t)noread, 0, PAGE, 0),
			SLATE_ERR_ACCESS);
	SLTEST_CHECK_EQ(slate_vmo_clone((slate_handle_t)dma, 0, PAGE, 0),
			SLATE_ERR_NOT_SUPPORTED);

	/* None of that changed the source: it is still written in place. */
	p[1] = 2;
	SLTEST_CHECK_EQ(p[0], 1);

	/* A clone holding shared pages cannot be given a pager. */
	c = slate_vmo_clone(h, 0, PAGE, 0);
	SLTEST_CHECK(c > 0);
	SLTEST_CHECK_EQ(
	    slate_vmo_set_pager((slate_handle_t)c, (slate_handle_t)ep),
	    SLATE_ERR_BAD_STATE);

	SLTEST_CHECK_EQ(unmap(p, 2), 0);
	SLTEST_CHECK_EQ(slate_handle_close((slate_handle_t)c), 0);
	SLTEST_CHECK_EQ(slate_handle_close((slate_handle_t)noread), 0);
	SLTEST_CHECK_EQ(slate_handle_close(h), 0);
	SLTEST_CHECK_EQ(slate_handle_close((slate_handle_t)dma), 0);
	SLTEST_CHECK_EQ(slate_handle_close((slate_handle_t)ep), 0);
	return NULL;
}

/* A VMO with a pager is refused: its missing pages are not zero. */
SLTEST(cow_clone_of_paged_vmo_refused)
{
	slate_status_t v = slate_vmo_create(PAGE, 0);
	slate_status_t ep = slate_endpoint_create();

	SLTEST_CHECK(v > 0 && ep > 0);
	SLTEST_CHECK_EQ(
	    slate_vmo_set_pager((slate_handle_t)v, (slate_handle_t)ep), 0);
	SLTEST_CHECK_EQ(slate_vmo_clone((slate_handle_t)v, 0, PAGE, 0),
			SLATE_ERR_NOT_SUPPORTED);
	SLTEST_CHECK_EQ(slate_handle_close((slate_handle_t)v), 0);
	SLTEST_CHECK_EQ(slate_handle_close((slate_handle_t)ep), 0);
	return NULL;
}
