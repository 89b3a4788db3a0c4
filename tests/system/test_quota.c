/* SPDX-License-Identifier: MIT */
/*
 * Quotas: a process that allocates without end, kernel objects or
 * memory, is stopped at its own quota. It gets SLATE_ERR_QUOTA (or, for
 * a page it touches, is killed for it); everyone else goes on, and when
 * it is gone every frame and object it had comes back.
 */
#include <stdint.h>

#include <slate/spawn.h>
#include <slate/sys.h>

#include "child/child.h"
#include "sltest.h"

#define HOG_QUOTA_PAGES 128 /* far below what the system has free */

static const char *spawn_and_wait(const char *mode, int64_t *status)
{
	const char *argv[] = {CHILD_PROGRAM, mode, NULL};
	slate_handle_t child;

	SLTEST_CHECK_EQ(
	    slate_spawn(CHILD_PROGRAM, argv, NULL, 0, HOG_QUOTA_PAGES, &child),
	    0);
	SLTEST_CHECK_EQ(slate_process_wait(child, SLATE_TIME_INFINITE, status),
			0);
	SLTEST_CHECK_EQ(slate_handle_close(child), 0);
	return NULL;
}

/*
 * Run sltest-child in mode with a small quota and store its exit
 * status. A first run warms the caches that are kept once grown (the
 * kernel heap's slabs, the page tables of this process's mapping of
 * the boot archive), so the second one must give back every frame.
 */
static const char *run_hog(const char *mode, int64_t *status)
{
	struct slate_system_info before, after;
	const char *why = spawn_and_wait(mode, status);
	slate_status_t ep;

	if (why)
		return why;
	SLTEST_CHECK_EQ(slate_system_info(&before), 0);
	why = spawn_and_wait(mode, status);
	if (why)
		return why;

	/* The rest of the system was not touched by it. */
	ep = slate_endpoint_create();
	SLTEST_CHECK(ep > 0);
	SLTEST_CHECK_EQ(slate_handle_close((slate_handle_t)ep), 0);
	SLTEST_CHECK_EQ(slate_system_info(&after), 0);
	SLTEST_CHECK_EQ(after.free_frames, before.free_frames);
	SLTEST_CHECK_EQ(after.objects, before.objects);
	return NULL;
}

SLTEST(quota_stops_an_object_hog)
{
	int64_t status = -1;
	const char *why = run_hog("hog-objects", &status);

	if (why)
		return why;
	SLTEST_CHECK_EQ(status, 0); /* it saw SLATE_ERR_QUOTA, nothing else */
	return NULL;
}

SLTEST(quota_stops_a_memory_hog)
{
	int64_t status = -1;
	const char *why = run_hog("hog-memory", &status);

	if (why)
		return why;
	SLTEST_CHECK_EQ(status, SLATE_EXIT_FAULT);
	return NULL;
}
