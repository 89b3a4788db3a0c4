/* SPDX-License-Identifier: MIT */
/*
 * The syscall fuzzer's watchdog: keeps a few sysfuzz children
 * (tests/sysfuzz/) making random system calls until they have made
 * sltest_fuzz_calls between them ("calls=N"), replacing each child that
 * ends, and killing each that makes no progress for STALL_NS. The seed
 * ("seed=N", else the clock) decides every child's seed. Afterwards the
 * kernel must still work (an IPC round trip with a new process, a child
 * that exits 0) and, once every child is reaped, hold no more kernel
 * objects than before and no fewer free frames than before less
 * FRAME_SLACK_PAGES (see below).
 *
 * The children get only their own process and thread and their report
 * page (a VMO the watchdog made for them): no handle of sltest's own and
 * no resource, so whatever they manage to do is the kernel's doing.
 */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include <slate/spawn.h>
#include <slate/sys.h>

#include "../sysfuzz/sysfuzz.h"
#include "child/child.h"
#include "sltest.h"

#define MAX_SLOTS         3
#define CHILD_QUOTA_PAGES 1024
#define CHILD_CALLS       50000 /* a child ends after these */
/* No call completed for this long: killed. Generous, since a vCPU of
   a loaded host can be starved for a while (guest time is host time). */
#define STALL_NS          1000000000ull
#define REAP_NS           10000000000ull  /* for a child to end once killed */
#define POLL_NS           5000000ull      /* how often the watchdog looks */
#define GIVE_UP_NS        600000000000ull /* the whole run, guest time */
#define REPORT_MAX        8               /* diagnosis lines printed */
#define PAGE              4096

/*
 * Freed kernel stacks and slab pages stay with the kernel for reuse
 * (docs/limitations.md), so free frames may stay below where they began
 * by what the children's threads and objects once held at their peak.
 * Each child's quota bounds that: its pages are the slack per slot.
 */
#define FRAME_SLACK_PAGES(slots) ((uint64_t)(slots)*CHILD_QUOTA_PAGES)

/* One running child and its report page. */
struct slot {
	slate_handle_t vmo;
	volatile struct sysfuzz_shared *shared;
	slate_handle_t process; /* 0: none running */
	uint64_t seed;
	uint64_t last_calls;
	slate_time_t last_progress;
};

struct totals {
	uint64_t calls, started, finished, exited, faulted, self_killed;
	uint64_t timed_out, stopped, reports;
	uint64_t status[SYSFUZZ_NSTATUS];
	const char *why; /* set when the run must fail */
};

static uint64_t base_seed, next_child;

static slate_status_t make_slot(struct slot *s)
{
	slate_status_t v = slate_vmo_create(PAGE, 0), addr;

	if (v < 0)
		return v;
	addr = slate_vm_map(slate_self_process(), (slate_handle_t)v, 0, PAGE, 0,
			    SLATE_VM_READ | SLATE_VM_WRITE);
	if (addr < 0) {
		slate_handle_close((slate_handle_t)v);
		return addr;
	}
	*s = (struct slot){.vmo = (slate_handle_t)v,
			   .shared = (void *)(uintptr_t)addr};
	return 0;
}

static void free_slot(struct slot *s)
{
	slate_vm_unmap(slate_self_process(), (uintptr_t)s->shared, PAGE);
	slate_handle_close(s->vmo);
}

/* Start a sysfuzz child with seed making at most calls calls. */
static slate_status_t spawn_fuzzer(struct slot *s, uint64_t seed,
				   uint64_t calls)
{
	char seed_arg[24], calls_arg[24];
	const char *argv[] = {SYSFUZZ_PROGRAM, seed_arg, calls_arg, NULL};
	struct slate_spawn_handle give = {0, SYSFUZZ_START_SHARED};
	slate_status_t dup = slate_handle_duplicate(
	    s->vmo, SLATE_RIGHT_READ | SLATE_RIGHT_WRITE | SLATE_RIGHT_MAP |
			SLATE_RIGHT_TRANSFER);
	slate_status_t st;

	if (dup < 0)
		return dup;
	snprintf(seed_arg, sizeof(seed_arg), "%llu", (unsigned long long)seed);
	snprintf(calls_arg, sizeof(calls_arg), "%llu",
		 (unsigned long long)calls);
	memset((void *)s->shared, 0, PAGE);
	give.handle = (slate_handle_t)dup;
	st = slate_spawn(SYSFUZZ_PROGRAM, argv, &give, 1, CHILD_QUOTA_PAGES,
			 &s->process);
	if (st)
		slate_handle_close((slate_handle_t)dup);
	s->seed = seed;
	s->last_calls = 0;
	s->last_progress = slate_clock_get();
	return st;
}

static void report(struct totals *t, const struct slot *s, const char *what)
{
	volatile const uint64_t *a = s->shared->args;

	if (t->reports++ >= REPORT_MAX)
		return;
	printf("[sltest] syscall_fuzz: child seed %llu %s after %llu calls; "
	       "last call %llu (%#llx, %#llx, %#llx, %#llx, %#llx, %#llx)\n",
	       (unsigned long long)s->seed, what,
	       (unsigned long long)s->shared->calls,
	       (unsigned long long)s->shared->nr, (unsigned long long)a[0],
	       (unsigned long long)a[1], (unsigned long long)a[2],
	       (unsigned long long)a[3], (unsigned long long)a[4],
	       (unsigned long long)a[5]);
}

/* Add up an ended child's report and classify how it ended. */
static void account(struct totals *t, struct slot *s, int64_t status,
		    bool killed_by_us)
{
	t->calls += s->shared->calls;
	for (unsigned i = 0; i < SYSFUZZ_NSTATUS; i++)
		t->status[i] += s->shared->status[i];
	if (s->shared->magic != SYSFUZZ_MAGIC && !killed_by_us) {
		t->why = sltest_fail("a sysfuzz child failed its setup, "
				     "status %lld",
				     (long long)status);
		return;
	}
	if (killed_by_us)
		return;
	if (status == 0) {
		t->finished++;
	} else if (status == -257) {
		t->faulted++;
	} else if (status == -256) {
		t->self_killed++;
	} else {
		t->exited++;
		if (status == 134) /* libslate abort: worth a look */
			report(t, s, "aborted");
	}
}

/* Reap the slot's child, killing it first if asked. */
static void reap(struct totals *t, struct slot *s, bool kill)
{
	int64_t status = 0;
	slate_status_t st;

	if (kill)
		slate_process_kill(s->process);
	/* A child that outlives its kill is a kernel bug: say so, not hang. */
	st = slate_process_wait(s->process, slate_clock_get() + REAP_NS,
				&status);
	if (st == SLATE_ERR_TIMED_OUT) {
		report(t, s, "did not end within 10 s of its kill");
		t->why = "a fuzz child outlived its kill (kernel bug)";
	} else if (st) {
		t->why = "process_wait on a fuzz child failed";
	}
	account(t, s, status, kill);
	slate_handle_close(s->process);
	s->process = 0;
}

/* Look after one slot: start, account for or kill its child. */
static void watch(struct totals *t, struct slot *s, uint64_t remaining)
{
	slate_time_t now = slate_clock_get();
	int64_t status;
	uint64_t calls;

	if (!s->process) {
		uint64_t n = remaining < CHILD_CALLS ? remaining : CHILD_CALLS;

		if (spawn_fuzzer(s, base_seed + next_child++, n))
			t->why = "could not start a sysfuzz child";
		else
			t->started++;
		return;
	}
	if (slate_process_wait(s->process, SLATE_TIME_POLL, &status) == 0) {
		reap(t, s, false);
		return;
	}
	calls = s->shared->calls;
	if (calls != s->last_calls) {
		s->last_calls = calls;
		s->last_progress = now;
	} else if (now - s->last_progress > STALL_NS) {
		report(t, s, "stalled");
		t->timed_out++;
		reap(t, s, true);
	}
}

/* Calls made so far, by ended children and running ones. */
static uint64_t calls_so_far(const struct totals *t, const struct slot *s,
			     unsigned n)
{
	uint64_t calls = t->calls;

	for (unsigned i = 0; i < n; i++)
		if (s[i].process)
			calls += s[i].shared->calls;
	return calls;
}

static void fuzz(struct totals *t, struct slot *slots, unsigned n,
		 uint64_t target)
{
	slate_time_t start = slate_clock_get();
	uint64_t done;

	while (!t->why && (done = calls_so_far(t, slots, n)) < target) {
		for (unsigned i = 0; i < n && !t->why; i++)
			watch(t, &slots[i], target - done);
		if (slate_clock_get() - start > GIVE_UP_NS)
			t->why = "the fuzzers made too little progress";
		slate_thread_sleep(slate_clock_get() + POLL_NS);
	}
	for (unsigned i = 0; i < n; i++) {
		if (slots[i].process) {
			t->stopped++;
			reap(t, &slots[i], true);
		}
	}
}

/* The kernel still works: a new process answers a call, one exits 0. */
static const char *health_check(void)
{
	const char *serve[] = {CHILD_PROGRAM, "serve", NULL};
	const char *exit0[] = {CHILD_PROGRAM, "exit", "0", NULL};
	struct slate_msg m = {.info = SLATE_MSG_INFO(CHILD_LABEL_SEQ, 1, 0)};
	struct slate_spawn_handle give = {0, CHILD_START_ENDPOINT};
	slate_status_t ep = slate_endpoint_create(), theirs;
	slate_handle_t p;
	int64_t status = -1;

	SLTEST_CHECK(ep > 0);
	theirs = slate_handle_duplicate(
	    (slate_handle_t)ep, SLATE_RIGHT_READ | SLATE_RIGHT_TRANSFER);
	SLTEST_CHECK(theirs > 0);
	give.handle = (slate_handle_t)theirs;
	SLTEST_CHECK_EQ(slate_spawn(CHILD_PROGRAM, serve, &give, 1, 256, &p),
			0);
	SLTEST_CHECK_EQ(slate_ipc_call((slate_handle_t)ep, &m), 0);
	SLTEST_CHECK_EQ(m.words[1], 1);
	m = (struct slate_msg){.info = SLATE_MSG_INFO(CHILD_LABEL_STOP, 1, 0),
			       .words = {1}};
	SLTEST_CHECK_EQ(slate_ipc_call((slate_handle_t)ep, &m),
			SLATE_ERR_PEER_CLOSED);
	SLTEST_CHECK_EQ(slate_process_wait(p, SLATE_TIME_INFINITE, &status), 0);
	SLTEST_CHECK_EQ(status, 0);
	slate_handle_close(p);
	slate_handle_close((slate_handle_t)ep);

	SLTEST_CHECK_EQ(slate_spawn(CHILD_PROGRAM, exit0, NULL, 0, 256, &p), 0);
	SLTEST_CHECK_EQ(slate_process_wait(p, SLATE_TIME_INFINITE, &status), 0);
	SLTEST_CHECK_EQ(status, 0);
	slate_handle_close(p);
	return NULL;
}

static void print_totals(const struct totals *t, slate_time_t ns)
{
	printf("[sltest] syscall_fuzz: %llu calls in %llu ms guest time; "
	       "children: %llu started, %llu finished, %llu exited, "
	       "%llu faulted, %llu killed themselves, %llu timed out, "
	       "%llu stopped\n",
	       (unsigned long long)t->calls, (unsigned long long)(ns / 1000000),
	       (unsigned long long)t->started, (unsigned long long)t->finished,
	       (unsigned long long)t->exited, (unsigned long long)t->faulted,
	       (unsigned long long)t->self_killed,
	       (unsigned long long)t->timed_out,
	       (unsigned long long)t->stopped);
	printf("[sltest] syscall_fuzz: statuses: ok %llu",
	       (unsigned long long)t->status[0]);
	for (unsigned i = 1; i + 1 < SYSFUZZ_NSTATUS; i++)
		if (t->status[i])
			printf(", %d: %llu", -(int)i,
			       (unsigned long long)t->status[i]);
	printf(", other: %llu\n",
	       (unsigned long long)t->status[SYSFUZZ_NSTATUS - 1]);
}

/* Warm the loader and the health check's paths before counting. */
static const char *warm_up(struct slot *s)
{
	int64_t status = -1;
	const char *why = health_check();

	if (why)
		return why;
	SLTEST_CHECK_EQ(spawn_fuzzer(s, 0, 0), 0);
	SLTEST_CHECK_EQ(
	    slate_process_wait(s->process, SLATE_TIME_INFINITE, &status), 0);
	SLTEST_CHECK_EQ(status, 0);
	SLTEST_CHECK_EQ(s->shared->magic, SYSFUZZ_MAGIC);
	slate_handle_close(s->process);
	s->process = 0;
	return NULL;
}

SLTEST(syscall_fuzz)
{
	static struct slot slots[MAX_SLOTS];
	static struct totals t;
	struct slate_system_info before, after;
	unsigned n;
	slate_time_t start;
	const char *why;

	SLTEST_CHECK_EQ(slate_system_info(&before), 0);
	n = before.ncpus > 1 ? MAX_SLOTS : 2;
	base_seed = sltest_fuzz_seed ? sltest_fuzz_seed : slate_clock_get();
	printf("[sltest] syscall_fuzz: seed %llu, %llu calls, %u children at "
	       "a time (repeat with seed=N)\n",
	       (unsigned long long)base_seed,
	       (unsigned long long)sltest_fuzz_calls, n);
	for (unsigned i = 0; i < n; i++)
		SLTEST_CHECK_EQ(make_slot(&slots[i]), 0);
	if ((why = warm_up(&slots[0])))
		return why;
	SLTEST_CHECK_EQ(slate_system_info(&before), 0);

	start = slate_clock_get();
	memset(&t, 0, sizeof(t));
	fuzz(&t, slots, n, sltest_fuzz_calls);
	print_totals(&t, slate_clock_get() - start);
	if (t.why)
		return t.why;
	if ((why = health_check()))
		return why;

	SLTEST_CHECK_EQ(slate_system_info(&after), 0);
	printf("[sltest] syscall_fuzz: objects %llu -> %llu, free frames "
	       "%llu -> %llu\n",
	       (unsigned long long)before.objects,
	       (unsigned long long)after.objects,
	       (unsigned long long)before.free_frames,
	       (unsigned long long)after.free_frames);
	for (unsigned i = 0; i < n; i++)
		free_slot(&slots[i]);
	SLTEST_CHECK(t.calls >= sltest_fuzz_calls);
	SLTEST_CHECK_EQ(after.objects, before.objects);
	SLTEST_CHECK(after.free_frames + FRAME_SLACK_PAGES(n) >=
		     before.free_frames);
	return NULL;
}
