/* SPDX-License-Identifier: MIT */
/*
 * Processes: a child that faults is killed with a clear status, one
 * that is killed reports that, and either way every frame and kernel
 * object it held comes back (counted before and after).
 */
#include <stdbool.h>

#include <slate/sys.h>

#include "sltest.h"

#define CHILD_QUOTA_PAGES 256
#define KILLED_STATUS     SLATE_EXIT_KILLED
#define FAULT_STATUS      SLATE_EXIT_FAULT

/*
 * A child with a touched memory mapping and one thread started at an
 * address where nothing is mapped, so it faults at once; or, with
 * start false, a thread that never runs and a kill.
 */
static const char *run_child(bool start, int64_t *status)
{
	slate_status_t p = slate_process_create("child", 5, CHILD_QUOTA_PAGES);
	slate_status_t vmo = slate_vmo_create(16 * 4096, 0);
	slate_status_t addr, t;

	if (p <= 0 || vmo <= 0)
		return "process or VMO creation failed";
	addr = slate_vm_map((slate_handle_t)p, (slate_handle_t)vmo, 0,
			    16 * 4096, 0, SLATE_VM_READ | SLATE_VM_WRITE);
	if (addr <= 0)
		return "mapping into the child failed";
	t = slate_thread_new((slate_handle_t)p, 0x10000, 0x20000, 0);
	if (t <= 0)
		return "thread creation failed";
	if (start ? slate_thread_start((slate_handle_t)t)
		  : slate_process_kill((slate_handle_t)p))
		return "start or kill failed";
	if (slate_process_wait((slate_handle_t)p, SLATE_TIME_INFINITE, status))
		return "wait failed";
	slate_handle_close((slate_handle_t)t);
	slate_handle_close((slate_handle_t)vmo);
	slate_handle_close((slate_handle_t)p);
	return NULL;
}

SLTEST(faulting_child_is_killed)
{
	int64_t status = 0;
	const char *why = run_child(true, &status);

	if (why)
		return why;
	SLTEST_CHECK_EQ(status, FAULT_STATUS);
	return NULL;
}

SLTEST(killed_child_reports_it)
{
	int64_t status = 0;
	const char *why = run_child(false, &status);

	if (why)
		return why;
	SLTEST_CHECK_EQ(status, KILLED_STATUS);
	return NULL;
}

SLTEST(children_leak_nothing)
{
	struct slate_system_info before, after;
	int64_t status;
	const char *why = run_child(true, &status); /* warms caches */

	if (why)
		return why;
	SLTEST_CHECK_EQ(slate_system_info(&before), 0);
	for (int i = 0; i < 20 && !why; i++)
		why = run_child(i & 1, &status);
	if (why)
		return why;
	SLTEST_CHECK_EQ(slate_system_info(&after), 0);
	SLTEST_CHECK_EQ(after.objects, before.objects);
	SLTEST_CHECK_EQ(after.free_frames, before.free_frames);
	return NULL;
}

SLTEST(process_calls_check_arguments)
{
	int64_t status;
	slate_status_t vmo = slate_vmo_create(4096, 0);

	SLTEST_CHECK_EQ(slate_process_create("x", 1, 0), SLATE_ERR_INVALID);
	SLTEST_CHECK_EQ(slate_process_create((const char *)8, 4, 16),
			SLATE_ERR_FAULT);
	SLTEST_CHECK_EQ(slate_process_create("x", 1000, 16), SLATE_ERR_INVALID);
	SLTEST_CHECK_EQ(slate_process_kill((slate_handle_t)vmo),
			SLATE_ERR_WRONG_TYPE);
	SLTEST_CHECK_EQ(slate_process_wait(0, 0, &status),
			SLATE_ERR_BAD_HANDLE);
	SLTEST_CHECK_EQ(
	    slate_thread_new((slate_handle_t)vmo, 0x1000, 0x2000, 0),
	    SLATE_ERR_WRONG_TYPE);
	SLTEST_CHECK_EQ(slate_thread_new(slate_self_process(), 0, 0x2000, 0),
			SLATE_ERR_INVALID);
	slate_handle_close((slate_handle_t)vmo);
	return NULL;
}

/* Found by the syscall fuzzer: names went to the console unfiltered. */
SLTEST(process_names_are_printable)
{
	static const struct {
		const char *name;
		size_t len;
	} bad[] = {{"\x1b[2J", 4},
		   {"a\nb", 3},
		   {"del\x7f", 4},
		   {"\xc3\xa9t\xc3\xa9", 5},
		   {"nul\0x", 5}};
	slate_status_t p;

	for (unsigned i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
		SLTEST_CHECK_EQ(
		    slate_process_create(bad[i].name, bad[i].len, 16),
		    SLATE_ERR_INVALID);
	p = slate_process_create("ok ~name-1!", 11, 16);
	SLTEST_CHECK(p > 0);
	slate_process_kill((slate_handle_t)p);
	SLTEST_CHECK_EQ(slate_handle_close((slate_handle_t)p), 0);
	return NULL;
}
