/* SPDX-License-Identifier: MIT */
/*
 * Starting programs (<slate/spawn.h>) and moving handles into another
 * process (SLATE_SYS_HANDLE_GIVE): the child runs with its argv and its
 * own handles, every failure leaves no process, frame or object behind,
 * and each error of HANDLE_GIVE is reported as documented.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <kernel/elf.h>
#include <slate/spawn.h>
#include <slate/sys.h>

#include "child/child.h"
#include "sltest.h"

#define QUOTA_PAGES 512

/* Spawn sltest-child with argv and wait for its exit status. */
static slate_status_t run(const char *const *argv, int64_t *status)
{
	slate_handle_t p;
	slate_status_t st =
	    slate_spawn(CHILD_PROGRAM, argv, NULL, 0, QUOTA_PAGES, &p);

	if (st)
		return st;
	st = slate_process_wait(p, SLATE_TIME_INFINITE, status);
	slate_handle_close(p);
	return st;
}

SLTEST(spawn_passes_argv)
{
	const char *argv[] = {CHILD_PROGRAM, "argv", "hello", "",
			      "slate",       NULL};
	int64_t status = -1;

	SLTEST_CHECK_EQ(run(argv, &status), 0);
	SLTEST_CHECK_EQ(status, 5 * 1000 + 4 + 5 + 0 + 5);
	return NULL;
}

SLTEST(spawn_gives_self_handles)
{
	const char *argv[] = {CHILD_PROGRAM, "self", NULL};
	int64_t status = -1;

	SLTEST_CHECK_EQ(run(argv, &status), 0);
	SLTEST_CHECK_EQ(status, 0);
	return NULL;
}

SLTEST(spawn_moves_handles_to_the_child)
{
	const char *argv[] = {CHILD_PROGRAM, "serve", NULL};
	struct slate_spawn_handle give;
	struct slate_msg m = {.info = SLATE_MSG_INFO(CHILD_LABEL_SEQ, 1, 0)};
	slate_status_t ep = slate_endpoint_create();
	slate_status_t theirs;
	slate_handle_t p;
	int64_t status = -1;

	SLTEST_CHECK(ep > 0);
	theirs = slate_handle_duplicate(
	    (slate_handle_t)ep, SLATE_RIGHT_READ | SLATE_RIGHT_TRANSFER);
	SLTEST_CHECK(theirs > 0);
	give = (struct slate_spawn_handle){(slate_handle_t)theirs,
					   CHILD_START_ENDPOINT};
	SLTEST_CHECK_EQ(
	    slate_spawn(CHILD_PROGRAM, argv, &give, 1, QUOTA_PAGES, &p), 0);
	/* Moved, not copied. */
	SLTEST_CHECK_EQ(slate_handle_close((slate_handle_t)theirs),
			SLATE_ERR_BAD_HANDLE);

	SLTEST_CHECK_EQ(slate_ipc_call((slate_handle_t)ep, &m), 0);
	SLTEST_CHECK_EQ(m.words[1], 1);
	m = (struct slate_msg){.info = SLATE_MSG_INFO(CHILD_LABEL_STOP, 1, 0),
			       .words = {1}};
	SLTEST_CHECK_EQ(slate_ipc_call((slate_handle_t)ep, &m),
			SLATE_ERR_PEER_CLOSED);
	slate_handle_close((slate_handle_t)ep);
	SLTEST_CHECK_EQ(slate_process_wait(p, SLATE_TIME_INFINITE, &status), 0);
	SLTEST_CHECK_EQ(status, 0);
	slate_handle_close(p);
	return NULL;
}

/* A copy of this program with one byte changed. */
static const char *corrupt_copy(size_t at, uint8_t value, void **copy,
				size_t *size)
{
	const void *image;

	if (slate_bootfs_find(CHILD_PROGRAM, &image, size))
		return "sltest-child is not in the boot archive";
	*copy = malloc(*size);
	if (!*copy)
		return "no memory for a copy";
	memcpy(*copy, image, *size);
	((uint8_t *)*copy)[at] = value;
	return NULL;
}

SLTEST(spawn_errors_leave_nothing_behind)
{
	struct slate_system_info before, after;
	const char *argv[] = {CHILD_PROGRAM, "exit", "0", NULL};
	struct slate_spawn_handle bad = {12345, SLATE_START_USER};
	slate_handle_t p = 0;
	int64_t status;
	void *elf;
	size_t size;
	const char *why = corrupt_copy(0, 0x7e, &elf, &size); /* magic */

	if (why)
		return why;
	SLTEST_CHECK_EQ(run(argv, &status), 0); /* warms caches */
	SLTEST_CHECK_EQ(slate_system_info(&before), 0);

	SLTEST_CHECK_EQ(
	    slate_spawn("no-such-program", NULL, NULL, 0, QUOTA_PAGES, &p),
	    SLATE_ERR_NOT_FOUND);
	SLTEST_CHECK_EQ(
	    slate_spawn_image("bad", elf, size, NULL, NULL, 0, QUOTA_PAGES, &p),
	    SLATE_ERR_INVALID);
	SLTEST_CHECK_EQ(
	    slate_spawn_image("short", elf, 10, NULL, NULL, 0, QUOTA_PAGES, &p),
	    SLATE_ERR_INVALID);
	SLTEST_CHECK_EQ(
	    slate_spawn(CHILD_PROGRAM, argv, &bad, 1, QUOTA_PAGES, &p),
	    SLATE_ERR_BAD_HANDLE);
	SLTEST_CHECK_EQ(slate_spawn(CHILD_PROGRAM, argv, &bad,
				    SLATE_SPAWN_MAX_HANDLES + 1, QUOTA_PAGES,
				    &p),
			SLATE_ERR_INVALID);
	SLTEST_CHECK_EQ(slate_spawn(CHILD_PROGRAM, argv, NULL, 0, 0, &p),
			SLATE_ERR_INVALID);
	/* Too small for the process, then for its thread: the second fails
	   part way through, with the image and stack already mapped. */
	SLTEST_CHECK_EQ(slate_spawn(CHILD_PROGRAM, argv, NULL, 0, 1, &p),
			SLATE_ERR_QUOTA);
	SLTEST_CHECK_EQ(slate_spawn(CHILD_PROGRAM, argv, NULL, 0, 2, &p),
			SLATE_ERR_QUOTA);
	SLTEST_CHECK_EQ(p, 0);

	SLTEST_CHECK_EQ(slate_system_info(&after), 0);
	SLTEST_CHECK_EQ(after.objects, before.objects);
	SLTEST_CHECK_EQ(after.free_frames, before.free_frames);
	free(elf);
	return NULL;
}

SLTEST(spawn_refuses_long_argv)
{
	static char big[SLATE_SPAWN_ARGS_MAX];
	const char *argv[] = {CHILD_PROGRAM, big, NULL};
	slate_handle_t p;

	memset(big, 'x', sizeof(big) - 1);
	SLTEST_CHECK_EQ(
	    slate_spawn(CHILD_PROGRAM, argv, NULL, 0, QUOTA_PAGES, &p),
	    SLATE_ERR_TOO_BIG);
	return NULL;
}

SLTEST(spawn_keeps_handles_on_failure)
{
	const char *argv[] = {CHILD_PROGRAM, "exit", "0", NULL};
	slate_status_t ep = slate_endpoint_create();
	struct slate_spawn_handle give = {(slate_handle_t)ep, SLATE_START_USER};
	slate_handle_t p;

	SLTEST_CHECK(ep > 0);
	SLTEST_CHECK_EQ(slate_spawn(CHILD_PROGRAM, argv, &give, 1, 2, &p),
			SLATE_ERR_QUOTA);
	SLTEST_CHECK_EQ(slate_handle_close((slate_handle_t)ep), 0);
	return NULL;
}

SLTEST(spawn_many_children_leak_nothing)
{
	struct slate_system_info before, after;
	const char *argv[] = {CHILD_PROGRAM, "exit", "7", NULL};
	int64_t status;

	SLTEST_CHECK_EQ(run(argv, &status), 0);
	SLTEST_CHECK_EQ(slate_system_info(&before), 0);
	for (int i = 0; i < 10; i++) {
		status = -1;
		SLTEST_CHECK_EQ(run(argv, &status), 0);
		SLTEST_CHECK_EQ(status, 7);
	}
	SLTEST_CHECK_EQ(slate_system_info(&after), 0);
	SLTEST_CHECK_EQ(after.objects, before.objects);
	SLTEST_CHECK_EQ(after.free_frames, before.free_frames);
	return NULL;
}

/* Spawn program with argv and envp; its status, and why on failure. */
static slate_status_t run_env(const char *program, const char *const *argv,
			      const char *const *envp, int64_t *status,
			      char *why, size_t why_size)
{
	struct slate_spawn_opts opts = {envp, why, why_size};
	slate_handle_t p;
	slate_status_t st =
	    slate_spawn_opts(program, argv, NULL, 0, QUOTA_PAGES, &opts, &p);

	if (st)
		return st;
	st = slate_process_wait(p, SLATE_TIME_INFINITE, status);
	slate_handle_close(p);
	return st;
}

SLTEST(spawn_static_and_pie_with_environment)
{
	const char *argv[] = {"x",      "env",    "HOME=/slate",
			      "EMPTY=", "LANG=C", NULL};
	const char *envp[] = {"HOME=/slate", "EMPTY=", "LANG=C", NULL};
	const char *no_env[] = {"x", "env", NULL};
	int64_t status = -1;

	SLTEST_CHECK_EQ(run_env(CHILD_PROGRAM, argv, envp, &status, NULL, 0),
			0);
	SLTEST_CHECK_EQ(status, CHILD_ENV_STATIC + 3);
	SLTEST_CHECK_EQ(
	    run_env(CHILD_PIE_PROGRAM, argv, envp, &status, NULL, 0), 0);
	SLTEST_CHECK_EQ(status, CHILD_ENV_PIE + 3);
	/* A variable that is missing, and one that differs. */
	SLTEST_CHECK_EQ(
	    run_env(CHILD_PIE_PROGRAM, argv, NULL, &status, NULL, 0), 0);
	SLTEST_CHECK_EQ(status, 10 + 2);
	envp[2] = "LANG=D";
	SLTEST_CHECK_EQ(run_env(CHILD_PROGRAM, argv, envp, &status, NULL, 0),
			0);
	SLTEST_CHECK_EQ(status, 10 + 4);
	SLTEST_CHECK_EQ(
	    run_env(CHILD_PIE_PROGRAM, no_env, NULL, &status, NULL, 0), 0);
	SLTEST_CHECK_EQ(status, CHILD_ENV_PIE);
	return NULL;
}

static bool contains(const char *s, const char *part)
{
	for (size_t n = strlen(part); *s; s++)
		if (!strncmp(s, part, n))
			return true;
	return false;
}

/* R_X86_64_64 or R_AARCH64_ABS64: a symbol's address, never loaded. */
#if defined(__x86_64__)
#define TEST_MACHINE EM_X86_64
#define TEST_ABS64   1
#else
#define TEST_MACHINE EM_AARCH64
#define TEST_ABS64   257
#endif

/* A copy of the PIE whose relocation 0 has type r_info. */
static void *pie_with_reloc(uint64_t r_info, size_t *size)
{
	const void *image;
	struct elf_image img;
	struct elf_relocs r;
	uint8_t *copy;

	if (slate_bootfs_find(CHILD_PIE_PROGRAM, &image, size) ||
	    elf_parse(image, *size, TEST_MACHINE, &img) ||
	    elf_relocs(image, *size, &img, &r) || r.count == 0)
		return NULL;
	copy = malloc(*size);
	if (copy) {
		memcpy(copy, image, *size);
		memcpy(copy + r.offset + 8, &r_info, sizeof(r_info));
	}
	return copy;
}

SLTEST(spawn_pie_refuses_other_relocations)
{
	uint64_t abs64 = TEST_ABS64 | 1ull << 32;
	struct slate_system_info before, after;
	const char *argv[] = {"x", "env", NULL};
	struct slate_spawn_opts opts;
	char why[128] = "";
	int64_t status;
	size_t size;
	void *elf = pie_with_reloc(abs64, &size);
	slate_handle_t p = 0;

	SLTEST_CHECK(elf != NULL);
	SLTEST_CHECK_EQ(
	    run_env(CHILD_PIE_PROGRAM, argv, NULL, &status, NULL, 0),
	    0); /* warms caches */
	SLTEST_CHECK_EQ(slate_system_info(&before), 0);
	opts = (struct slate_spawn_opts){NULL, why, sizeof(why)};
	SLTEST_CHECK_EQ(slate_spawn_image_opts("bad-pie", elf, size, argv, NULL,
					       0, QUOTA_PAGES, &opts, &p),
			SLATE_ERR_INVALID);
	SLTEST_CHECK(contains(why, "cannot relocate"));
	SLTEST_CHECK(contains(why, "other than RELATIVE"));
	SLTEST_CHECK_EQ(p, 0);
	SLTEST_CHECK_EQ(
	    run_env("no-such-program", argv, NULL, &status, why, sizeof(why)),
	    SLATE_ERR_NOT_FOUND);
	SLTEST_CHECK(contains(why, "no such program"));
	SLTEST_CHECK_EQ(slate_system_info(&after), 0);
	SLTEST_CHECK_EQ(after.objects, before.objects);
	SLTEST_CHECK_EQ(after.free_frames, before.free_frames);
	free(elf);
	return NULL;
}

/* A process that never runs, to give handles to. */
static slate_handle_t empty_process(void)
{
	slate_status_t p = slate_process_create("empty", 5, 64);

	return p > 0 ? (slate_handle_t)p : 0;
}

SLTEST(handle_give_moves_the_handle)
{
	slate_handle_t p = empty_process();
	slate_status_t n = slate_notify_create();
	slate_status_t given;

	SLTEST_CHECK(p && n > 0);
	given = slate_handle_give(p, (slate_handle_t)n);
	SLTEST_CHECK(given > 0);
	SLTEST_CHECK_EQ(slate_handle_close((slate_handle_t)n),
			SLATE_ERR_BAD_HANDLE);
	/* Giving to oneself is a move within the table. */
	n = slate_notify_create();
	given = slate_handle_give(slate_self_process(), (slate_handle_t)n);
	SLTEST_CHECK(given > 0 && given != n);
	SLTEST_CHECK_EQ(slate_notify_signal((slate_handle_t)given, 1), 0);
	SLTEST_CHECK_EQ(slate_handle_close((slate_handle_t)n),
			SLATE_ERR_BAD_HANDLE);
	slate_handle_close((slate_handle_t)given);
	slate_process_kill(p);
	slate_handle_close(p);
	return NULL;
}

SLTEST(handle_give_checks_arguments)
{
	struct slate_system_info before, after;
	slate_handle_t p = empty_process();
	slate_status_t n = slate_notify_create();
	slate_status_t weak_p, weak_n, dead;
	int64_t status;

	SLTEST_CHECK(p && n > 0);
	weak_p =
	    slate_handle_duplicate(p, SLATE_RIGHTS_ALL & ~SLATE_RIGHT_MANAGE);
	weak_n = slate_handle_duplicate((slate_handle_t)n, SLATE_RIGHT_SIGNAL);
	dead = empty_process();
	SLTEST_CHECK(weak_p > 0 && weak_n > 0 && dead);
	slate_process_kill((slate_handle_t)dead);
	SLTEST_CHECK_EQ(slate_process_wait((slate_handle_t)dead,
					   SLATE_TIME_INFINITE, &status),
			0);
	SLTEST_CHECK_EQ(slate_system_info(&before), 0);

	SLTEST_CHECK_EQ(slate_handle_give(0, (slate_handle_t)n),
			SLATE_ERR_BAD_HANDLE);
	SLTEST_CHECK_EQ(slate_handle_give((slate_handle_t)n, (slate_handle_t)n),
			SLATE_ERR_WRONG_TYPE);
	SLTEST_CHECK_EQ(
	    slate_handle_give((slate_handle_t)weak_p, (slate_handle_t)n),
	    SLATE_ERR_ACCESS);
	SLTEST_CHECK_EQ(slate_handle_give(p, 12345), SLATE_ERR_BAD_HANDLE);
	SLTEST_CHECK_EQ(slate_handle_give(p, 0), SLATE_ERR_BAD_HANDLE);
	SLTEST_CHECK_EQ(slate_handle_give(p, (slate_handle_t)weak_n),
			SLATE_ERR_ACCESS);
	SLTEST_CHECK_EQ(
	    slate_handle_give((slate_handle_t)dead, (slate_handle_t)n),
	    SLATE_ERR_BAD_STATE);
	/* Upper bits of the registers are not part of the handle. */
	SLTEST_CHECK_EQ(
	    slate_syscall6(SLATE_SYS_HANDLE_GIVE, 1ull << 40, 0, 0, 0, 0, 0),
	    SLATE_ERR_BAD_HANDLE);

	/* Every failure left both handles where they were. */
	SLTEST_CHECK_EQ(slate_notify_signal((slate_handle_t)n, 1), 0);
	SLTEST_CHECK_EQ(slate_notify_signal((slate_handle_t)weak_n, 1), 0);
	SLTEST_CHECK_EQ(slate_system_info(&after), 0);
	SLTEST_CHECK_EQ(after.objects, before.objects);
	SLTEST_CHECK_EQ(after.free_frames, before.free_frames);

	slate_handle_close((slate_handle_t)n);
	slate_handle_close((slate_handle_t)weak_n);
	slate_handle_close((slate_handle_t)weak_p);
	slate_handle_close((slate_handle_t)dead);
	slate_process_kill(p);
	slate_handle_close(p);
	return NULL;
}

SLTEST(handle_give_quota_leaves_handle)
{
	/* Two pages: room for the process, not for a big handle table. */
	slate_status_t p = slate_process_create("tiny", 4, 2);
	slate_status_t n = 0, st = 0;
	int given = 0;

	SLTEST_CHECK(p > 0);
	while (given < 4096) {
		n = slate_notify_create();
		SLTEST_CHECK(n > 0);
		st = slate_handle_give((slate_handle_t)p, (slate_handle_t)n);
		if (st < 0)
			break;
		given++;
	}
	SLTEST_CHECK_EQ(st, SLATE_ERR_QUOTA);
	SLTEST_CHECK(given >= 32);
	SLTEST_CHECK_EQ(slate_handle_close((slate_handle_t)n), 0);
	slate_process_kill((slate_handle_t)p);
	slate_handle_close((slate_handle_t)p);
	return NULL;
}
