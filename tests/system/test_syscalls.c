/* SPDX-License-Identifier: MIT */
/*
 * System calls whose behaviour follows from include/slate/ alone: the
 * debug log, the clock, handle closing and information, unknown call
 * numbers, system information and the start information.
 */
#include <stdint.h>
#include <string.h>

#include <slate/sys.h>

#include "sltest.h"

/*
 * Addresses no process can read: the unmapped first page, a low
 * address below every program (they are linked at 0x400000), and the
 * start of the kernel half on both architectures.
 */
static const uintptr_t bad_pointers[] = {
    0x10,
    0x1000,
    0xffff800000000000ull,
};

SLTEST(debug_log_bad_pointer_faults)
{
	for (size_t i = 0; i < sizeof(bad_pointers) / sizeof(bad_pointers[0]);
	     i++)
		SLTEST_CHECK_EQ(
		    slate_debug_log((const char *)bad_pointers[i], 5),
		    SLATE_ERR_FAULT);
	return NULL;
}

SLTEST(debug_log_good_pointer_works)
{
	static const char line[] = "[sltest] (a line written directly)\n";

	SLTEST_CHECK(slate_debug_log(line, sizeof(line) - 1) >= 0);
	return NULL;
}

SLTEST(clock_is_monotonic)
{
	slate_time_t first = slate_clock_get(), prev = first, now;

	SLTEST_CHECK(first > 0);
	for (int i = 0; i < 10000; i++) {
		now = slate_clock_get();
		if (now < prev)
			return sltest_fail("read %d went back from %llu to "
					   "%llu ns",
					   i, (unsigned long long)prev,
					   (unsigned long long)now);
		prev = now;
	}
	/* And it moves: a nanosecond clock must tick within a million
	   system calls on any machine. */
	for (int i = 0; i < 1000000 && now == first; i++)
		now = slate_clock_get();
	SLTEST_CHECK(now > first);
	return NULL;
}

SLTEST(handle_close_bad_handle)
{
	SLTEST_CHECK_EQ(slate_handle_close(0), SLATE_ERR_BAD_HANDLE);
	SLTEST_CHECK_EQ(slate_handle_close(12345), SLATE_ERR_BAD_HANDLE);
	SLTEST_CHECK_EQ(slate_handle_close(UINT32_MAX), SLATE_ERR_BAD_HANDLE);
	return NULL;
}

SLTEST(unknown_syscall_number)
{
	/* 2^32 + 0 would be DEBUG_LOG if the kernel read only 32 bits. */
	static const uint64_t numbers[] = {SLATE_SYS_COUNT, SLATE_SYS_COUNT + 1,
					   0x7fffffff, (1ull << 32),
					   UINT64_MAX};

	for (size_t i = 0; i < sizeof(numbers) / sizeof(numbers[0]); i++)
		SLTEST_CHECK_EQ(slate_syscall6(numbers[i], 0x10, 5, 0, 0, 0, 0),
				SLATE_ERR_NO_SYSCALL);
	return NULL;
}

SLTEST(handle_info_checks_its_arguments)
{
	struct slate_handle_info info;
	slate_handle_t self = slate_self_process();

	SLTEST_CHECK_EQ(slate_handle_info(12345, &info), SLATE_ERR_BAD_HANDLE);
	SLTEST_CHECK(self != SLATE_HANDLE_INVALID);
	SLTEST_CHECK_EQ(slate_handle_info(self, (void *)0x10), SLATE_ERR_FAULT);
	return NULL;
}

SLTEST(start_info_is_sound)
{
	const struct slate_start_info *si = slate_start_info();
	struct slate_handle_info info;
	slate_handle_t thread = slate_start_handle(SLATE_START_SELF_THREAD);

	SLTEST_CHECK(si != NULL && si->magic == SLATE_START_MAGIC);
	SLTEST_CHECK(si->nhandles <= SLATE_START_MAX_HANDLES);
	SLTEST_CHECK_EQ(slate_handle_info(slate_self_process(), &info), 0);
	SLTEST_CHECK_EQ(info.type, SLATE_OBJ_PROCESS);
	SLTEST_CHECK_EQ(info.rights, SLATE_RIGHTS_ALL);
	SLTEST_CHECK(info.koid != 0);
	if (thread != SLATE_HANDLE_INVALID) {
		SLTEST_CHECK_EQ(slate_handle_info(thread, &info), 0);
		SLTEST_CHECK_EQ(info.type, SLATE_OBJ_THREAD);
	}
	return NULL;
}

SLTEST(system_info_is_plausible)
{
	struct slate_system_info si;

	memset(&si, 0xa5, sizeof(si));
	SLTEST_CHECK_EQ(slate_system_info(&si), 0);
	SLTEST_CHECK_EQ(si.page_size, 4096);
	SLTEST_CHECK(si.ncpus >= 1);
	SLTEST_CHECK(si.total_frames > 0 && si.free_frames <= si.total_frames);
	SLTEST_CHECK(si.objects > 0);
	SLTEST_CHECK_EQ(slate_system_info((void *)0x10), SLATE_ERR_FAULT);
	return NULL;
}

SLTEST(system_stats_count_entries_and_switches)
{
	struct slate_system_stats a, b;

	SLTEST_CHECK_EQ(slate_system_stats(&a), 0);
	slate_thread_yield();
	SLTEST_CHECK_EQ(slate_system_stats(&b), 0);
	/* The yield and the second stats call entered the kernel. */
	SLTEST_CHECK(b.user_entries >= a.user_entries + 2);
	SLTEST_CHECK(b.as_switches >= a.as_switches);
	SLTEST_CHECK(b.context_switches >= a.context_switches);
	SLTEST_CHECK_EQ(slate_system_stats((void *)0x10), SLATE_ERR_FAULT);
	return NULL;
}
