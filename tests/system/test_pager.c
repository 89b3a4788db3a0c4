/* SPDX-License-Identifier: MIT */
/*
 * User-space pagers (include/slate/pager.h): a pager thread or this
 * process serves a VMO that other threads, or a child process, touch.
 * Contents arrive as supplied, the fault messages say what was touched,
 * many threads waiting for one page all get it, a failed page or a dead
 * pager kills the faulting process instead of hanging it, and nothing
 * leaks.
 */
#include <stdbool.h>
#include <stdint.h>

#include <slate/pager.h>
#include <slate/sys.h>
#include <slate/thread.h>

#include "sltest.h"

#define PAGE          4096
#define BADGE         0x5ea1
#define LABEL_GO      1 /* a user call on the pager endpoint */
#define WAITERS       8
#define FAULT_STATUS  SLATE_EXIT_FAULT
#define KILLED_STATUS SLATE_EXIT_KILLED
#define CHILD_QUOTA   256
#define EXIT_SUPPLIED 42
#define MS            1000000ull

/* The words a supplied page holds: recognisable per VMO offset. */
static uint64_t pattern(uint64_t off, unsigned i)
{
	return 0x70a6e000000000ull + off * 1000 + i;
}

static uint64_t page_buf[PAGE / 8] __attribute__((aligned(PAGE)));

static slate_status_t supply_pattern(slate_handle_t vmo, uint64_t off)
{
	for (unsigned i = 0; i < PAGE / 8; i++)
		page_buf[i] = pattern(off, i);
	return slate_pager_supply(vmo, off, (uintptr_t)page_buf);
}

/* A VMO of pages pages whose pager is ep, called through a badged handle. */
struct paged {
	slate_handle_t ep;  /* READ and WRITE: the pager receives on it */
	slate_handle_t vmo; /* all rights */
	uint64_t koid;
	volatile uint64_t *map; /* mapped read-write in this process */
	uint64_t size;
};

static const char *paged_create(struct paged *pg, uint64_t pages, bool map)
{
	slate_status_t ep = slate_endpoint_create();
	slate_status_t vmo = slate_vmo_create(pages * PAGE, 0);
	slate_status_t badged, addr;
	struct slate_handle_info info;

	if (ep <= 0 || vmo <= 0)
		return "endpoint or VMO creation failed";
	badged =
	    slate_handle_mint((slate_handle_t)ep, SLATE_RIGHT_WRITE, BADGE);
	if (badged <= 0 ||
	    slate_vmo_set_pager((slate_handle_t)vmo, (slate_handle_t)badged))
		return "attaching the pager failed";
	/* The VMO keeps the endpoint; the handle is no longer needed. */
	slate_handle_close((slate_handle_t)badged);
	slate_handle_info((slate_handle_t)vmo, &info);
	*pg = (struct paged){.ep = (slate_handle_t)ep,
			     .vmo = (slate_handle_t)vmo,
			     .koid = info.koid,
			     .size = pages * PAGE};
	if (!map)
		return NULL;
	addr = slate_vm_map(slate_self_process(), pg->vmo, 0, pg->size, 0,
			    SLATE_VM_READ | SLATE_VM_WRITE);
	if (addr <= 0)
		return "mapping the paged VMO failed";
	pg->map = (volatile uint64_t *)(uintptr_t)addr;
	return NULL;
}

static void paged_destroy(struct paged *pg)
{
	if (pg->map)
		slate_vm_unmap(slate_self_process(), (uintptr_t)pg->map,
			       pg->size);
	slate_handle_close(pg->vmo);
	slate_handle_close(pg->ep);
}

/* ---- a pager thread serving threads of this process ---- */

struct served {
	struct paged pg;
	unsigned faults;     /* fault messages received */
	uint64_t offsets[4]; /* of the first four */
	uint64_t access[4];
	bool bad_message;        /* a label, koid or badge was wrong */
	slate_status_t last_err; /* of a supply */
};

/* Serve `faults` fault messages (arg: struct served), then return. */
static void *pager_thread(void *arg)
{
	struct served *s = arg;
	unsigned want = s->faults;
	struct slate_msg m;

	s->faults = 0;
	while (s->faults < want && slate_ipc_recv(s->pg.ep, &m) == 0) {
		uint64_t off = m.words[SLATE_PAGER_FAULT_OFFSET];

		if (SLATE_MSG_LABEL(m.info) != SLATE_PAGER_FAULT ||
		    m.words[SLATE_PAGER_FAULT_KOID] != s->pg.koid ||
		    m.badge != BADGE)
			s->bad_message = true;
		if (s->faults < 4) {
			s->offsets[s->faults] = off;
			s->access[s->faults] =
			    m.words[SLATE_PAGER_FAULT_ACCESS];
		}
		s->faults++;
		s->last_err = supply_pattern(s->pg.vmo, off);
	}
	return NULL;
}

SLTEST(pager_supplies_what_threads_touch)
{
	struct served s = {.faults = 2};
	struct slate_thread *pager;
	const char *why = paged_create(&s.pg, 4, true);
	uint64_t got_read, got_write;

	if (why)
		return why;
	SLTEST_CHECK_EQ(slate_thread_create(&pager, pager_thread, &s, 0), 0);
	got_read = s.pg.map[2 * PAGE / 8 + 5]; /* page 2, read */
	s.pg.map[0] = 99;                      /* page 0, write */
	got_write = s.pg.map[1];
	SLTEST_CHECK_EQ(slate_thread_join(pager, NULL), 0);

	SLTEST_CHECK_EQ(got_read, pattern(2 * PAGE, 5));
	SLTEST_CHECK_EQ(got_write, pattern(0, 1));
	SLTEST_CHECK_EQ(s.pg.map[0], 99);
	SLTEST_CHECK_EQ(s.faults, 2);
	SLTEST_CHECK(!s.bad_message);
	SLTEST_CHECK_EQ(s.last_err, 0);
	SLTEST_CHECK_EQ(s.offsets[0], 2 * PAGE);
	SLTEST_CHECK_EQ(s.access[0], SLATE_VM_READ);
	SLTEST_CHECK_EQ(s.offsets[1], 0);
	SLTEST_CHECK_EQ(s.access[1], SLATE_VM_WRITE);
	paged_destroy(&s.pg);
	return NULL;
}

SLTEST(pager_dead_pager_can_be_replaced)
{
	struct served s = {.faults = 1};
	struct slate_thread *pager;
	const char *why = paged_create(&s.pg, 2, true);
	slate_status_t ep = slate_endpoint_create(), badged;
	uint64_t got;

	if (why)
		return why;
	SLTEST_CHECK(ep > 0);
	badged =
	    slate_handle_mint((slate_handle_t)ep, SLATE_RIGHT_WRITE, BADGE);
	SLTEST_CHECK(badged > 0);
	/* No handle can receive from the first pager any more. */
	SLTEST_CHECK_EQ(slate_handle_close(s.pg.ep), 0);
	s.pg.ep = (slate_handle_t)ep;
	SLTEST_CHECK_EQ(slate_vmo_set_pager(s.pg.vmo, (slate_handle_t)badged),
			0);
	slate_handle_close((slate_handle_t)badged);
	SLTEST_CHECK_EQ(slate_thread_create(&pager, pager_thread, &s, 0), 0);
	got = s.pg.map[PAGE / 8 + 9];
	SLTEST_CHECK_EQ(slate_thread_join(pager, NULL), 0);
	SLTEST_CHECK_EQ(got, pattern(PAGE, 9));
	SLTEST_CHECK(!s.bad_message);
	paged_destroy(&s.pg);
	return NULL;
}

/* ---- many threads on one page, another page meanwhile ---- */

struct crowd {
	struct paged pg;
	unsigned faults_page1; /* fault messages for page 1 */
	unsigned faults_other;
	bool page2_supplied;
	volatile unsigned page1_done; /* readers of page 1 finished */
};

/*
 * Supply page 2 at once, but page 1 only when this process calls with
 * LABEL_GO; stop after that call.
 */
static void *crowd_pager(void *arg)
{
	struct crowd *c = arg;
	struct slate_msg m;
	slate_status_t st = slate_ipc_recv(c->pg.ep, &m);

	while (st == 0) {
		uint64_t off = m.words[SLATE_PAGER_FAULT_OFFSET];

		if (SLATE_MSG_LABEL(m.info) == LABEL_GO) {
			supply_pattern(c->pg.vmo, PAGE);
			m.info = SLATE_MSG_INFO(LABEL_GO, 0, 0);
			slate_ipc_reply_recv(c->pg.ep, &m);
			break; /* ends when the endpoint is closed */
		}
		if (off == PAGE) {
			c->faults_page1++;
		} else {
			c->faults_other++;
			c->page2_supplied = supply_pattern(c->pg.vmo, off) == 0;
		}
		st = slate_ipc_recv(c->pg.ep, &m);
	}
	return NULL;
}

static struct crowd *the_crowd;

static void *read_page1(void *arg)
{
	uint64_t v = the_crowd->pg.map[PAGE / 8 + (uintptr_t)arg];

	__atomic_fetch_add(&the_crowd->page1_done, 1, __ATOMIC_SEQ_CST);
	return (void *)(uintptr_t)v;
}

static void *read_page2(void *arg)
{
	return (void *)(uintptr_t)the_crowd->pg.map[2 * PAGE / 8 + 7];
}

SLTEST(pager_wakes_every_waiter_of_a_page)
{
	static struct crowd c;
	struct slate_thread *pager, *readers[WAITERS], *other;
	struct slate_msg go = {.info = SLATE_MSG_INFO(LABEL_GO, 0, 0)};
	const char *why = paged_create(&c.pg, 4, true);
	void *v;

	if (why)
		return why;
	the_crowd = &c;
	SLTEST_CHECK_EQ(slate_thread_create(&pager, crowd_pager, &c, 0), 0);
	for (uintptr_t i = 0; i < WAITERS; i++)
		SLTEST_CHECK_EQ(
		    slate_thread_create(&readers[i], read_page1, (void *)i, 0),
		    0);
	/* Page 2 is served while every reader of page 1 still waits. */
	SLTEST_CHECK_EQ(slate_thread_create(&other, read_page2, NULL, 0), 0);
	SLTEST_CHECK_EQ(slate_thread_join(other, &v), 0);
	SLTEST_CHECK_EQ((uintptr_t)v, pattern(2 * PAGE, 7));
	SLTEST_CHECK_EQ(c.page1_done, 0);

	slate_thread_sleep(slate_clock_get() + 30 * MS); /* let them all wait */
	SLTEST_CHECK_EQ(slate_ipc_call(c.pg.ep, &go), 0);
	for (uintptr_t i = 0; i < WAITERS; i++) {
		SLTEST_CHECK_EQ(slate_thread_join(readers[i], &v), 0);
		SLTEST_CHECK_EQ((uintptr_t)v, pattern(PAGE, i));
	}
	SLTEST_CHECK_EQ(c.page1_done, WAITERS);
	paged_destroy(&c.pg); /* the pager's last receive ends */
	SLTEST_CHECK_EQ(slate_thread_join(pager, NULL), 0);
	SLTEST_CHECK_EQ(c.faults_page1, 1); /* one message for eight waiters */
	SLTEST_CHECK_EQ(c.faults_other, 1);
	SLTEST_CHECK(c.page2_supplied);
	return NULL;
}

/* ---- arguments ---- */

SLTEST(pager_set_pager_checks_arguments)
{
	slate_status_t ep = slate_endpoint_create();
	slate_status_t vmo = slate_vmo_create(2 * PAGE, 0);
	slate_status_t contig = slate_vmo_create(PAGE, SLATE_VMO_CONTIGUOUS);
	slate_status_t ro_vmo, ro_ep, addr;
	slate_handle_t self = slate_self_process();

	SLTEST_CHECK(ep > 0 && vmo > 0 && contig > 0);
	ro_vmo = slate_handle_duplicate((slate_handle_t)vmo,
					SLATE_RIGHT_READ | SLATE_RIGHT_MAP);
	ro_ep = slate_handle_duplicate((slate_handle_t)ep, SLATE_RIGHT_READ);
	SLTEST_CHECK(ro_vmo > 0 && ro_ep > 0);

	SLTEST_CHECK_EQ(slate_vmo_set_pager(0, (slate_handle_t)ep),
			SLATE_ERR_BAD_HANDLE);
	SLTEST_CHECK_EQ(slate_vmo_set_pager((slate_handle_t)vmo, 12345),
			SLATE_ERR_BAD_HANDLE);
	SLTEST_CHECK_EQ(
	    slate_vmo_set_pager((slate_handle_t)ep, (slate_handle_t)ep),
	    SLATE_ERR_WRONG_TYPE);
	SLTEST_CHECK_EQ(
	    slate_vmo_set_pager((slate_handle_t)vmo, (slate_handle_t)vmo),
	    SLATE_ERR_WRONG_TYPE);
	SLTEST_CHECK_EQ(
	    slate_vmo_set_pager((slate_handle_t)ro_vmo, (slate_handle_t)ep),
	    SLATE_ERR_ACCESS);
	SLTEST_CHECK_EQ(
	    slate_vmo_set_pager((slate_handle_t)vmo, (slate_handle_t)ro_ep),
	    SLATE_ERR_ACCESS);
	SLTEST_CHECK_EQ(
	    slate_vmo_set_pager((slate_handle_t)contig, (slate_handle_t)ep),
	    SLATE_ERR_INVALID);

	/* A VMO that already has a page keeps the kernel's zero fill. */
	addr = slate_vm_map(self, (slate_handle_t)vmo, 0, 2 * PAGE, 0,
			    SLATE_VM_READ | SLATE_VM_WRITE);
	SLTEST_CHECK(addr > 0);
	*(volatile uint64_t *)(uintptr_t)addr = 1;
	SLTEST_CHECK_EQ(
	    slate_vmo_set_pager((slate_handle_t)vmo, (slate_handle_t)ep),
	    SLATE_ERR_BAD_STATE);
	slate_vm_unmap(self, (uintptr_t)addr, 2 * PAGE);

	slate_handle_close((slate_handle_t)ro_ep);
	slate_handle_close((slate_handle_t)ro_vmo);
	slate_handle_close((slate_handle_t)contig);
	slate_handle_close((slate_handle_t)vmo);
	slate_handle_close((slate_handle_t)ep);
	return NULL;
}

SLTEST(pager_supply_and_fail_check_arguments)
{
	struct paged pg;
	const char *why = paged_create(&pg, 2, false);
	slate_status_t plain = slate_vmo_create(PAGE, 0);
	slate_status_t ro, second_ep;
	uintptr_t src = (uintptr_t)page_buf;

	if (why)
		return why;
	SLTEST_CHECK(plain > 0);
	ro = slate_handle_duplicate(pg.vmo, SLATE_RIGHT_READ);
	second_ep = slate_endpoint_create();
	SLTEST_CHECK(ro > 0 && second_ep > 0);

	SLTEST_CHECK_EQ(slate_pager_supply(0, 0, src), SLATE_ERR_BAD_HANDLE);
	SLTEST_CHECK_EQ(slate_pager_supply(pg.ep, 0, src),
			SLATE_ERR_WRONG_TYPE);
	SLTEST_CHECK_EQ(slate_pager_supply((slate_handle_t)ro, 0, src),
			SLATE_ERR_ACCESS);
	SLTEST_CHECK_EQ(slate_pager_supply((slate_handle_t)plain, 0, src),
			SLATE_ERR_BAD_STATE);
	SLTEST_CHECK_EQ(slate_pager_supply(pg.vmo, 100, src),
			SLATE_ERR_INVALID);
	SLTEST_CHECK_EQ(slate_pager_supply(pg.vmo, 2 * PAGE, src),
			SLATE_ERR_INVALID);
	SLTEST_CHECK_EQ(slate_pager_supply(pg.vmo, ~0ull & ~(PAGE - 1ull), src),
			SLATE_ERR_INVALID);
	SLTEST_CHECK_EQ(slate_pager_supply(pg.vmo, 0, 8), SLATE_ERR_FAULT);
	SLTEST_CHECK_EQ(slate_pager_supply(pg.vmo, 0, ~0ull - PAGE),
			SLATE_ERR_FAULT);

	SLTEST_CHECK_EQ(slate_pager_fail(0, 0), SLATE_ERR_BAD_HANDLE);
	SLTEST_CHECK_EQ(slate_pager_fail((slate_handle_t)ro, 0),
			SLATE_ERR_ACCESS);
	SLTEST_CHECK_EQ(slate_pager_fail((slate_handle_t)plain, 0),
			SLATE_ERR_BAD_STATE);
	SLTEST_CHECK_EQ(slate_pager_fail(pg.vmo, 1), SLATE_ERR_INVALID);
	SLTEST_CHECK_EQ(slate_pager_fail(pg.vmo, 0), SLATE_ERR_NOT_FOUND);

	/* A live pager is not replaced. */
	SLTEST_CHECK_EQ(slate_vmo_set_pager(pg.vmo, (slate_handle_t)second_ep),
			SLATE_ERR_BAD_STATE);
	/* A page may be supplied before anyone asks, but only once. */
	SLTEST_CHECK_EQ(supply_pattern(pg.vmo, PAGE), 0);
	SLTEST_CHECK_EQ(supply_pattern(pg.vmo, PAGE), SLATE_ERR_EXISTS);

	slate_handle_close((slate_handle_t)second_ep);
	slate_handle_close((slate_handle_t)ro);
	slate_handle_close((slate_handle_t)plain);
	paged_destroy(&pg);
	return NULL;
}

SLTEST(pager_supplied_ahead_needs_no_message)
{
	struct paged pg;
	const char *why = paged_create(&pg, 2, false);
	struct slate_msg m;
	slate_status_t addr;

	if (why)
		return why;
	SLTEST_CHECK_EQ(supply_pattern(pg.vmo, PAGE), 0);
	addr = slate_vm_map(slate_self_process(), pg.vmo, PAGE, PAGE, 0,
			    SLATE_VM_READ);
	SLTEST_CHECK(addr > 0);
	SLTEST_CHECK_EQ(((volatile uint64_t *)(uintptr_t)addr)[3],
			pattern(PAGE, 3));
	SLTEST_CHECK_EQ(slate_ipc_recv_deadline(pg.ep, &m, SLATE_TIME_POLL),
			SLATE_ERR_WOULD_BLOCK);
	/* Nor can anyone but the kernel send a fault message. */
	m.info = SLATE_MSG_INFO(SLATE_PAGER_FAULT, 0, 0);
	SLTEST_CHECK_EQ(slate_ipc_call(pg.ep, &m), SLATE_ERR_INVALID);
	slate_vm_unmap(slate_self_process(), (uintptr_t)addr, PAGE);
	paged_destroy(&pg);
	return NULL;
}

/* ---- a child process faulting on code its pager serves ---- */

/*
 * The child's only thread starts at the first byte of a paged VMO mapped
 * read-execute, so its first instruction fetch asks this process. What
 * the pager may supply there: PROCESS_EXIT(EXIT_SUPPLIED).
 */
#if defined(__x86_64__)
static const uint8_t exit_code[] = {
    0xb8, SLATE_SYS_PROCESS_EXIT,
    0,    0,
    0, /* mov $nr, %eax */
    0xbf, EXIT_SUPPLIED,
    0,    0,
    0,          /* mov $42, %edi */
    0x0f, 0x05, /* syscall */
};
#else
#define A64_MOVZ(rd, imm) (0xd2800000u | ((uint32_t)(imm) << 5) | (rd))
static const uint32_t exit_code[] = {
    A64_MOVZ(8, SLATE_SYS_PROCESS_EXIT), /* mov x8, #nr */
    A64_MOVZ(0, EXIT_SUPPLIED),          /* mov x0, #42 */
    0xd4000001u,                         /* svc #0 */
};
#endif

struct child {
	struct paged pg;
	slate_handle_t proc, thread;
};

static const char *child_start(struct child *c)
{
	slate_status_t p = slate_process_create("paged", 5, CHILD_QUOTA);
	slate_status_t addr, t;
	const char *why = paged_create(&c->pg, 1, false);

	if (why)
		return why;
	if (p <= 0)
		return "process creation failed";
	addr = slate_vm_map((slate_handle_t)p, c->pg.vmo, 0, PAGE, 0,
			    SLATE_VM_READ | SLATE_VM_EXEC);
	if (addr <= 0)
		return "mapping into the child failed";
	t = slate_thread_new((slate_handle_t)p, (uintptr_t)addr,
			     (uintptr_t)addr + PAGE, 0);
	if (t <= 0 || slate_thread_start((slate_handle_t)t))
		return "starting the child's thread failed";
	c->proc = (slate_handle_t)p;
	c->thread = (slate_handle_t)t;
	return NULL;
}

/* Receive the child's fault; check it is an instruction fetch at 0. */
static const char *child_fault(struct child *c)
{
	struct slate_msg m;
	slate_status_t st = slate_ipc_recv_deadline(
	    c->pg.ep, &m, slate_clock_get() + 5000 * MS);

	if (st)
		return sltest_fail("no fault message: %lld", (long long)st);
	if (SLATE_MSG_LABEL(m.info) != SLATE_PAGER_FAULT ||
	    m.words[SLATE_PAGER_FAULT_OFFSET] != 0 ||
	    m.words[SLATE_PAGER_FAULT_ACCESS] != SLATE_VM_EXEC ||
	    m.badge != BADGE)
		return sltest_fail("wrong fault message: label %#llx offset "
				   "%llu access %llu",
				   (unsigned long long)SLATE_MSG_LABEL(m.info),
				   (unsigned long long)m.words[0],
				   (unsigned long long)m.words[1]);
	return NULL;
}

static int64_t child_end(struct child *c)
{
	int64_t status = 0;

	if (slate_process_wait(c->proc, SLATE_TIME_INFINITE, &status))
		status = 1;
	slate_handle_close(c->thread);
	slate_handle_close(c->proc);
	paged_destroy(&c->pg); /* closes the endpoint if still open */
	return status;
}

enum child_ending {
	CHILD_SUPPLIED,   /* the pager supplies exit_code */
	CHILD_FAILED,     /* the pager fails the page */
	CHILD_PAGER_GONE, /* the pager closes its endpoint after the fault */
	CHILD_KILLED,     /* the parent kills it while it waits */
};

/* Run one child to the given ending; *status is its exit status. */
static const char *child_run(enum child_ending how, int64_t *status)
{
	struct child c;
	const char *why = child_start(&c);

	if (!why)
		why = child_fault(&c);
	if (why)
		return why;
	switch (how) {
	case CHILD_SUPPLIED:
		for (unsigned i = 0; i < sizeof(exit_code); i++)
			((uint8_t *)page_buf)[i] =
			    ((const uint8_t *)exit_code)[i];
		if (slate_pager_supply(c.pg.vmo, 0, (uintptr_t)page_buf))
			return "supply failed";
		break;
	case CHILD_FAILED:
		if (slate_pager_fail(c.pg.vmo, 0))
			return "fail failed";
		break;
	case CHILD_PAGER_GONE:
		slate_handle_close(c.pg.ep);
		c.pg.ep = 0;
		break;
	case CHILD_KILLED:
		if (slate_process_kill(c.proc))
			return "kill failed";
		break;
	}
	*status = child_end(&c);
	return NULL;
}

SLTEST(pager_supplies_code_to_a_child)
{
	int64_t status = 0;
	const char *why = child_run(CHILD_SUPPLIED, &status);

	if (why)
		return why;
	SLTEST_CHECK_EQ(status, EXIT_SUPPLIED);
	return NULL;
}

SLTEST(pager_failing_a_page_kills_the_child)
{
	int64_t status = 0;
	const char *why = child_run(CHILD_FAILED, &status);

	if (why)
		return why;
	SLTEST_CHECK_EQ(status, FAULT_STATUS);
	return NULL;
}

SLTEST(pager_gone_kills_the_child)
{
	int64_t status = 0;
	const char *why = child_run(CHILD_PAGER_GONE, &status);
	struct child c;

	if (why)
		return why;
	SLTEST_CHECK_EQ(status, FAULT_STATUS);

	/* Closed as the child starts: killed at its fault all the same. */
	why = child_start(&c);
	if (why)
		return why;
	SLTEST_CHECK_EQ(slate_handle_close(c.pg.ep), 0);
	c.pg.ep = 0;
	SLTEST_CHECK_EQ(child_end(&c), FAULT_STATUS);
	return NULL;
}

SLTEST(pager_children_leak_nothing)
{
	static const enum child_ending endings[] = {
	    CHILD_SUPPLIED, CHILD_FAILED, CHILD_PAGER_GONE, CHILD_KILLED};
	static const int64_t want[] = {EXIT_SUPPLIED, FAULT_STATUS,
				       FAULT_STATUS, KILLED_STATUS};
	struct slate_system_info before, after;
	int64_t status;
	const char *why = child_run(CHILD_KILLED, &status); /* warms caches */

	if (why)
		return why;
	SLTEST_CHECK_EQ(slate_system_info(&before), 0);
	for (unsigned i = 0; i < 8; i++) {
		why = child_run(endings[i % 4], &status);
		if (why)
			return why;
		SLTEST_CHECK_EQ(status, want[i % 4]);
	}
	SLTEST_CHECK_EQ(slate_system_info(&after), 0);
	SLTEST_CHECK_EQ(after.objects, before.objects);
	SLTEST_CHECK_EQ(after.free_frames, before.free_frames);
	return NULL;
}
