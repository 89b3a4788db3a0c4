/* SPDX-License-Identifier: MIT */
/*
 * VM_PROTECT and THREAD_SET_PRIORITY: every argument check, permissions
 * that take effect (a write to a page made read-only kills the writer),
 * mappings split where the range ends, and a higher-priority thread
 * that runs before a lower one on the same CPU.
 */
#include <stdint.h>

#include <slate/spawn.h>
#include <slate/sys.h>
#include <slate/thread.h>

#include "child/child.h"
#include "sltest.h"

#define PAGE_SIZE   4096u
#define QUOTA_PAGES 256
#define RW          (SLATE_VM_READ | SLATE_VM_WRITE)

SLTEST(vm_protect_checks_arguments)
{
	slate_handle_t self = slate_self_process();
	slate_status_t vmo = slate_vmo_create(2 * PAGE_SIZE, 0), a, ro, weak;
	slate_status_t ep = slate_endpoint_create();

	SLTEST_CHECK(vmo > 0 && ep > 0);
	a = slate_vm_map(self, (slate_handle_t)vmo, 0, PAGE_SIZE, 0, RW);
	SLTEST_CHECK(a > 0);
	SLTEST_CHECK_EQ(slate_vm_protect(12345, (uintptr_t)a, PAGE_SIZE, 1),
			SLATE_ERR_BAD_HANDLE);
	SLTEST_CHECK_EQ(slate_vm_protect((slate_handle_t)ep, (uintptr_t)a,
					 PAGE_SIZE, SLATE_VM_READ),
			SLATE_ERR_WRONG_TYPE);
	SLTEST_CHECK_EQ(
	    slate_vm_protect(self, (uintptr_t)a + 1, PAGE_SIZE, SLATE_VM_READ),
	    SLATE_ERR_INVALID);
	SLTEST_CHECK_EQ(slate_vm_protect(self, (uintptr_t)a, 0, SLATE_VM_READ),
			SLATE_ERR_INVALID);
	SLTEST_CHECK_EQ(
	    slate_vm_protect(self, (uintptr_t)a, PAGE_SIZE, 1u << 7),
	    SLATE_ERR_INVALID);
	SLTEST_CHECK_EQ(slate_vm_protect(self, (uintptr_t)a, PAGE_SIZE,
					 SLATE_VM_WRITE | SLATE_VM_EXEC),
			SLATE_ERR_ACCESS);
	/* Past the mapping's end, and in the kernel half. */
	SLTEST_CHECK_EQ(
	    slate_vm_protect(self, (uintptr_t)a, 2 * PAGE_SIZE, SLATE_VM_READ),
	    SLATE_ERR_NOT_FOUND);
	SLTEST_CHECK_EQ(slate_vm_protect(self, (uintptr_t)0xffff800000000000ull,
					 PAGE_SIZE, SLATE_VM_READ),
			SLATE_ERR_INVALID);

	/* No more than the VMO handle allowed when it was mapped. */
	ro = slate_handle_duplicate((slate_handle_t)vmo,
				    SLATE_RIGHT_READ | SLATE_RIGHT_MAP);
	SLTEST_CHECK(ro > 0);
	a = slate_vm_map(self, (slate_handle_t)ro, PAGE_SIZE, PAGE_SIZE, 0,
			 SLATE_VM_READ);
	SLTEST_CHECK(a > 0);
	SLTEST_CHECK_EQ(slate_vm_protect(self, (uintptr_t)a, PAGE_SIZE, RW),
			SLATE_ERR_ACCESS);
	SLTEST_CHECK_EQ(slate_vm_protect(self, (uintptr_t)a, PAGE_SIZE, 0),
			SLATE_OK);

	/* A process handle without WRITE cannot change mappings. */
	weak = slate_handle_duplicate(self, SLATE_RIGHT_READ);
	SLTEST_CHECK(weak > 0);
	SLTEST_CHECK_EQ(slate_vm_protect((slate_handle_t)weak, (uintptr_t)a,
					 PAGE_SIZE, SLATE_VM_READ),
			SLATE_ERR_ACCESS);
	slate_handle_close((slate_handle_t)weak);
	slate_handle_close((slate_handle_t)ro);
	slate_handle_close((slate_handle_t)vmo);
	slate_handle_close((slate_handle_t)ep);
	return NULL;
}

SLTEST(vm_protect_splits_and_keeps_contents)
{
	slate_handle_t self = slate_self_process();
	slate_status_t vmo = slate_vmo_create(3 * PAGE_SIZE, 0), a;
	volatile uint8_t *p;

	SLTEST_CHECK(vmo > 0);
	a = slate_vm_map(self, (slate_handle_t)vmo, 0, 3 * PAGE_SIZE, 0, RW);
	SLTEST_CHECK(a > 0);
	p = (volatile uint8_t *)(uintptr_t)a;
	for (unsigned i = 0; i < 3; i++)
		p[i * PAGE_SIZE] = (uint8_t)(0x10 + i);
	SLTEST_CHECK_EQ(slate_vm_protect(self, (uintptr_t)a + PAGE_SIZE,
					 PAGE_SIZE, SLATE_VM_READ),
			SLATE_OK);
	for (unsigned i = 0; i < 3; i++)
		SLTEST_CHECK_EQ(p[i * PAGE_SIZE], 0x10 + i);
	/* Both neighbours are still writable. */
	p[0] = 0x20;
	p[2 * PAGE_SIZE] = 0x22;
	SLTEST_CHECK(p[0] == 0x20 && p[2 * PAGE_SIZE] == 0x22);
	/* Back to read-write, then one unmap for all three pieces. */
	SLTEST_CHECK_EQ(slate_vm_protect(self, (uintptr_t)a, 3 * PAGE_SIZE, RW),
			SLATE_OK);
	p[PAGE_SIZE] = 0x21;
	SLTEST_CHECK_EQ(p[PAGE_SIZE], 0x21);
	SLTEST_CHECK_EQ(slate_vm_unmap(self, (uintptr_t)a, 3 * PAGE_SIZE),
			SLATE_OK);
	slate_handle_close((slate_handle_t)vmo);
	return NULL;
}

SLTEST(vm_protect_read_only_write_faults)
{
	const char *argv[] = {CHILD_PROGRAM, "protect", NULL};
	slate_handle_t child;
	int64_t status = 0;

	SLTEST_CHECK_EQ(
	    slate_spawn(CHILD_PROGRAM, argv, NULL, 0, QUOTA_PAGES, &child), 0);
	SLTEST_CHECK_EQ(slate_process_wait(child, SLATE_TIME_INFINITE, &status),
			0);
	SLTEST_CHECK_EQ(status, SLATE_EXIT_FAULT);
	slate_handle_close(child);
	return NULL;
}

SLTEST(thread_priority_checks_arguments)
{
	slate_handle_t me = slate_start_handle(SLATE_START_SELF_THREAD);
	slate_status_t ep = slate_endpoint_create();

	SLTEST_CHECK(ep > 0);
	SLTEST_CHECK_EQ(slate_thread_set_priority(12345, 1),
			SLATE_ERR_BAD_HANDLE);
	SLTEST_CHECK_EQ(slate_thread_set_priority((slate_handle_t)ep, 1),
			SLATE_ERR_WRONG_TYPE);
	SLTEST_CHECK_EQ(slate_thread_set_priority(me, SLATE_PRIORITY_MAX + 1),
			SLATE_ERR_INVALID);
	/* No thread raises another (or itself) above its own priority. */
	SLTEST_CHECK_EQ(
	    slate_thread_set_priority(me, SLATE_PRIORITY_DEFAULT + 1),
	    SLATE_ERR_ACCESS);
	SLTEST_CHECK_EQ(slate_thread_set_priority(me, SLATE_PRIORITY_DEFAULT),
			SLATE_OK);
	slate_handle_close((slate_handle_t)ep);
	return NULL;
}

struct race {
	volatile int order[2];
	volatile int next;
	struct slate_thread *self; /* the thread that lowers itself */
};

static void *note_turn(void *arg)
{
	struct race *r = arg;

	r->order[r->next++] = 1;
	return NULL;
}

/*
 * On one CPU, a thread that drops below a runnable thread of higher
 * priority runs only once that one is done: lower it, and the other
 * records its turn before this one gets the CPU back. Run on a thread
 * of its own, since a lowered thread can never raise itself again.
 */
static void *lower_and_race(void *arg)
{
	struct race *r = arg;
	slate_handle_t me = slate_thread_handle(r->self);
	struct slate_thread *t;

	if (slate_thread_set_affinity(me, 0) ||
	    slate_thread_create(&t, note_turn, r, 0) ||
	    slate_thread_set_affinity(slate_thread_handle(t), 0))
		return (void *)"could not set up the two threads";
	/* Below the new thread (default priority): it must run first. */
	if (slate_thread_set_priority(me, SLATE_PRIORITY_DEFAULT - 1))
		return (void *)"could not lower the priority";
	r->order[r->next++] = 2;
	if (slate_thread_join(t, NULL))
		return (void *)"join failed";
	return NULL;
}

SLTEST(thread_priority_orders_the_cpu)
{
	static struct race r;
	void *why;

	r = (struct race){{0, 0}, 0, NULL};
	SLTEST_CHECK_EQ(slate_thread_create(&r.self, lower_and_race, &r, 0),
			SLATE_OK);
	SLTEST_CHECK_EQ(slate_thread_join(r.self, &why), SLATE_OK);
	if (why)
		return why;
	SLTEST_CHECK(r.order[0] == 1 && r.order[1] == 2);
	return NULL;
}
