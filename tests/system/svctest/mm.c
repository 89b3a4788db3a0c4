/* SPDX-License-Identifier: MIT */
/*
 * The memory manager's system test (test.manifest): three clients of
 * the mm service.
 *
 *	mmuser	allocates, maps and touches memory (zero at first, writes
 *		kept), checks STATS counts it, is refused what is over
 *		its limit, frees it and sees the frames come back; makes
 *		the shared region and waits for mmpeer's answer in it
 *	mmpeer	opens the shared region, reads what mmuser wrote there
 *		and answers
 *	mmhog	allocates two regions that each fit its limit but not
 *		together, and touches both: the memory manager fails the
 *		fault that goes over and the kernel kills it (-257)
 */
#include <stdio.h>
#include <string.h>

#include <slate/mm_client.h>
#include <slate/names_client.h>

#include "svctest.h"

#define PAGE         4096ull
#define SHARED_KEY   0x5348415245ull /* "SHARE" */
#define SHARED_PAGES 4
#define MAGIC        0x6d6d6d6d00000000ull
#define ANSWER       0x616e737765720000ull
#define WAIT_NS      5000000000ull
#define FREE_PAGES   64
#define SLACK        8   /* frames other processes may take or free meanwhile */
#define HOG_LIMIT    128 /* pages: test.manifest gives mmhog memory 512K */

static struct slate_ipc_buffer mm_buf __attribute__((aligned(4096)));

static volatile uint64_t *map(slate_handle_t vmo, uint64_t size)
{
	slate_status_t a = slate_vm_map(slate_self_process(), vmo, 0, size, 0,
					SLATE_VM_READ | SLATE_VM_WRITE);

	return a > 0 ? (volatile uint64_t *)(uintptr_t)a : NULL;
}

static void unmap(volatile uint64_t *p, uint64_t size)
{
	slate_vm_unmap(slate_self_process(), (uintptr_t)p, size);
}

static uint64_t free_frames(void)
{
	struct slate_system_info info = {0};

	slate_system_info(&info);
	return info.free_frames;
}

static uint64_t my_pages(const struct svc_conn *mm)
{
	struct slate_mm_stats s = {0};

	slate_mm_stats(mm, &s);
	return s.pages;
}

/* Touch pages pages: each must read zero, then keep what is written. */
static bool touch(volatile uint64_t *p, uint64_t pages, uint64_t seed)
{
	bool ok = true;

	for (uint64_t i = 0; i < pages; i++) {
		ok &= p[i * PAGE / 8] == 0 && p[i * PAGE / 8 + 511] == 0;
		p[i * PAGE / 8] = seed + i;
	}
	for (uint64_t i = 0; i < pages; i++)
		ok &= p[i * PAGE / 8] == seed + i;
	return ok;
}

static void user_alloc(const struct svc_conn *mm)
{
	struct slate_mm_region r = {0}, big;
	struct slate_mm_stats s = {0};
	volatile uint64_t *p;

	CHECK_EQ("mm_stats", slate_mm_stats(mm, &s), SLATE_OK);
	CHECK_EQ("mm_stats_limit_is_quota", s.limit, 256);
	CHECK_EQ("mm_stats_nothing_yet", s.pages, 0);
	CHECK_EQ("mm_alloc", slate_mm_alloc(mm, &mm_buf, 16 * PAGE, 0, &r),
		 SLATE_OK);
	CHECK_EQ("mm_alloc_untouched_costs_nothing", my_pages(mm), 0);
	p = map(r.vmo, 16 * PAGE);
	check("mm_alloc_maps", p != NULL, "vm_map failed", 0);
	if (!p)
		return;
	check("mm_pages_zero_then_kept", touch(p, 16, 0x1000), "bad contents",
	      0);
	CHECK_EQ("mm_stats_counts_touched", my_pages(mm), 16);
	CHECK_EQ("mm_alloc_over_limit_refused",
		 slate_mm_alloc(mm, &mm_buf, 241 * PAGE, 0, &big),
		 SLATE_ERR_QUOTA);
	CHECK_EQ("mm_alloc_zero_refused",
		 slate_mm_alloc(mm, &mm_buf, 0, 0, &big), SLATE_ERR_INVALID);
	CHECK_EQ("mm_alloc_bad_flags_refused",
		 slate_mm_alloc(mm, &mm_buf, PAGE, 1, &big), SLATE_ERR_INVALID);
	CHECK_EQ("mm_free_unknown_refused", slate_mm_free(mm, 9999),
		 SLATE_ERR_NOT_FOUND);
	unmap(p, 16 * PAGE);
	slate_handle_close(r.vmo);
	CHECK_EQ("mm_free", slate_mm_free(mm, r.id), SLATE_OK);
	CHECK_EQ("mm_free_twice_refused", slate_mm_free(mm, r.id),
		 SLATE_ERR_NOT_FOUND);
	CHECK_EQ("mm_free_uncharges", my_pages(mm), 0);
}

/* FREE gives the frames back to the system. */
static void user_frames(const struct svc_conn *mm)
{
	struct slate_mm_region r = {0};
	volatile uint64_t *p;
	uint64_t before, touched, after;

	if (slate_mm_alloc(mm, &mm_buf, FREE_PAGES * PAGE, 0, &r) ||
	    !(p = map(r.vmo, FREE_PAGES * PAGE))) {
		check("mm_free_returns_frames", false, "alloc or map failed",
		      0);
		return;
	}
	before = free_frames();
	touch(p, FREE_PAGES, 0);
	touched = free_frames();
	unmap(p, FREE_PAGES * PAGE);
	slate_handle_close(r.vmo);
	slate_mm_free(mm, r.id);
	after = free_frames();
	printf("svctest mmuser: free frames %llu, touched %llu, freed %llu\n",
	       (unsigned long long)before, (unsigned long long)touched,
	       (unsigned long long)after);
	/*
	 * Other services start, exit and free memory meanwhile: a little
	 * slack either way, far less than the pages counted.
	 */
	check("mm_touch_takes_frames", touched + FREE_PAGES <= before + SLACK,
	      "fewer frames taken than pages touched", before - touched);
	check("mm_free_returns_frames", after + SLACK >= touched + FREE_PAGES,
	      "frames not returned", after - touched);
}

/* Wait until *word is want (up to WAIT_NS); false if it never is. */
static bool wait_for(volatile uint64_t *word, uint64_t want)
{
	slate_time_t until = slate_clock_get() + WAIT_NS;

	while (*word != want && slate_clock_get() < until)
		slate_thread_sleep(slate_clock_get() + 1000000);
	return *word == want;
}

static void user_share(const struct svc_conn *mm)
{
	struct slate_mm_region r = {0}, again;
	uint64_t size = SHARED_PAGES * PAGE;
	volatile uint64_t *p;

	CHECK_EQ("mm_share_create",
		 slate_mm_share(mm, &mm_buf, SHARED_KEY, size,
				SLATE_MM_SHARE_CREATE, &r),
		 SLATE_OK);
	CHECK_EQ("mm_share_create_twice_refused",
		 slate_mm_share(mm, &mm_buf, SHARED_KEY, size,
				SLATE_MM_SHARE_CREATE, &again),
		 SLATE_ERR_EXISTS);
	CHECK_EQ(
	    "mm_share_key_zero_refused",
	    slate_mm_share(mm, &mm_buf, 0, size, SLATE_MM_SHARE_CREATE, &again),
	    SLATE_ERR_INVALID);
	p = map(r.vmo, size);
	if (!p) {
		check("mm_share_answered", false, "vm_map failed", 0);
		return;
	}
	for (unsigned i = 1; i < SHARED_PAGES; i++)
		p[i * PAGE / 8] = MAGIC + i;
	p[0] = MAGIC; /* last: mmpeer looks for it */
	check("mm_share_answered", wait_for(&p[1], ANSWER),
	      "mmpeer never answered", (long long)p[1]);
	unmap(p, size);
	slate_handle_close(r.vmo);
	CHECK_EQ("mm_share_free", slate_mm_free(mm, r.id), SLATE_OK);
}

int run_mmuser(void)
{
	struct svc_conn mm = slate_mm_conn();
	struct svc_conn anon;
	struct slate_mm_region r;
	struct slate_mm_stats s;
	slate_handle_t looked_up = SLATE_HANDLE_INVALID;
	struct svc_conn names = slate_names_conn();

	if (slate_thread_set_ipc_buffer(&mm_buf) != SLATE_OK)
		return 3;
	user_alloc(&mm);
	user_frames(&mm);
	user_share(&mm);

	/* The name service's handle carries no client badge. */
	while (slate_names_lookup(&names, &mm_buf, SLATE_MM_NAME, &looked_up) ==
	       SLATE_ERR_NOT_FOUND)
		slate_thread_sleep(slate_clock_get() + 1000000);
	anon = svc_conn_remote(looked_up);
	CHECK_EQ("mm_unbadged_alloc_refused",
		 slate_mm_alloc(&anon, &mm_buf, PAGE, 0, &r), SLATE_ERR_ACCESS);
	CHECK_EQ("mm_unbadged_stats", slate_mm_stats(&anon, &s), SLATE_OK);
	CHECK_EQ("mm_unbadged_stats_no_limit", s.limit, 0);
	return 0;
}

int run_mmpeer(void)
{
	struct svc_conn mm = slate_mm_conn();
	struct slate_mm_region r = {0};
	uint64_t size = SHARED_PAGES * PAGE;
	slate_time_t until = slate_clock_get() + WAIT_NS;
	volatile uint64_t *p;
	slate_status_t st;
	bool ok = true;

	if (slate_thread_set_ipc_buffer(&mm_buf) != SLATE_OK)
		return 3;
	while ((st = slate_mm_share(&mm, &mm_buf, SHARED_KEY, size, 0, &r)) ==
		   SLATE_ERR_NOT_FOUND &&
	       slate_clock_get() < until)
		slate_thread_sleep(slate_clock_get() + 1000000);
	CHECK_EQ("mm_share_open", st, SLATE_OK);
	if (st != SLATE_OK || !(p = map(r.vmo, size)))
		return 1;
	check("mm_share_sees_writes", wait_for(&p[0], MAGIC),
	      "mmuser's write never arrived", (long long)p[0]);
	for (unsigned i = 1; i < SHARED_PAGES; i++)
		ok &= p[i * PAGE / 8] == MAGIC + i;
	check("mm_share_every_page", ok, "a page differs", 0);
	CHECK_EQ("mm_share_others_free_refused", slate_mm_free(&mm, r.id),
		 SLATE_ERR_NOT_FOUND);
	p[1] = ANSWER;
	unmap(p, size);
	slate_handle_close(r.vmo);
	return 0;
}

int run_mmhog(void)
{
	struct svc_conn mm = slate_mm_conn();
	struct slate_mm_region a = {0}, b = {0};
	uint64_t half = HOG_LIMIT * 3 / 4;
	volatile uint64_t *pa, *pb;

	if (slate_thread_set_ipc_buffer(&mm_buf) != SLATE_OK)
		return 3;
	CHECK_EQ("mm_hog_over_limit_refused",
		 slate_mm_alloc(&mm, &mm_buf, (HOG_LIMIT + 1) * PAGE, 0, &a),
		 SLATE_ERR_QUOTA);
	CHECK_EQ("mm_hog_alloc_a",
		 slate_mm_alloc(&mm, &mm_buf, half * PAGE, 0, &a), SLATE_OK);
	CHECK_EQ("mm_hog_alloc_b",
		 slate_mm_alloc(&mm, &mm_buf, half * PAGE, 0, &b), SLATE_OK);
	pa = map(a.vmo, half * PAGE);
	pb = map(b.vmo, half * PAGE);
	if (!pa || !pb)
		return 1;
	touch(pa, half, 0);
	CHECK_EQ("mm_hog_within_limit", my_pages(&mm), half);
	printf("svctest mmhog: touching past my limit\n");
	touch(pb, half, 0); /* the memory manager fails the fault: killed */
	check("mm_hog_killed", false, "touched past its limit and lived",
	      (long long)my_pages(&mm));
	return 0;
}
