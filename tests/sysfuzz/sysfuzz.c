/* SPDX-License-Identifier: MIT */
/*
 * sysfuzz: issues random system calls with random arguments, for ever or
 * until it has made CALLS of them (argv: sysfuzz SEED CALLS). Every
 * number in range is called, and some out of range; arguments are drawn
 * from a weighted mix of random words, small integers, handles it holds
 * (live, closed, of each type), user pointers (writable, read-only,
 * unmapped, unaligned, kernel-half, straddling the end of a mapping),
 * sizes, flags, rights and deadlines. It reports through a page shared
 * with its watchdog (sysfuzz.h), which kills it if it stops making
 * progress and starts another (tests/system/test_fuzz.c).
 *
 * Calls that would end or block this process for good (exit, killing
 * itself, unmapping its own code, a call nobody answers) are "tamed":
 * turned into harmless variants, except once in a while (WILD_ONE_IN)
 * so the watchdog's paths run too. The fuzzer never touches its own
 * memory through pointers it hands the kernel, except the arena and
 * read-only pages it maps for that purpose.
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include <slate/sys.h>
#include <slate/thread.h>

#include "sysfuzz.h"

#define PAGE          4096ull
#define ARENA_PAGES   8
#define RO_PAGES      2
#define POOL_SIZE     48
#define WILD_ONE_IN   20000 /* calls left untamed */
#define DEATH_ONE_IN  20000 /* tamed self-destructions let through */
#define LOG_ONE_IN    5000  /* debug logs that print */
#define SUB_QUOTA     64    /* pages for the process it creates */
#define HELPER_STACK  (64 * 1024)
#define STACK_GUARD   (1ull << 20) /* around the main thread's stack */
#define MS            1000000ull
#define CLOCK_EVERY   32
#define KERNEL_HALF_X 0xffff800000000000ull
#define KERNEL_HALF_A 0xffff000000000000ull
#define USER_END      0x0000800000000000ull

/* What an argument is, so it can be drawn from the right mix. */
enum arg_kind {
	A_ANY,
	A_HANDLE,
	A_PROC,
	A_THREAD,
	A_EP,
	A_NOTIFY,
	A_VMO,
	A_PTR,
	A_ADDR,
	A_SIZE,
	A_OFFSET,
	A_FLAGS,
	A_RIGHTS,
	A_DEADLINE,
	A_INT,
	A_BITS,
	A_INFO,
	A_CPU,
	A_PC,
	A_STACK,
	A_KINDS
};

/* The arguments each call takes (include/slate/syscall.h). Calls added
   later and not listed here get A_ANY for every argument. */
static const uint8_t signature[SLATE_SYS_COUNT][6] = {
    [SLATE_SYS_DEBUG_LOG] = {A_PTR, A_SIZE},
    [SLATE_SYS_HANDLE_CLOSE] = {A_HANDLE},
    [SLATE_SYS_HANDLE_DUPLICATE] = {A_HANDLE, A_RIGHTS},
    [SLATE_SYS_HANDLE_MINT] = {A_EP, A_RIGHTS, A_INT},
    [SLATE_SYS_HANDLE_INFO] = {A_HANDLE, A_PTR},
    [SLATE_SYS_THREAD_CREATE] = {A_PROC, A_PC, A_STACK, A_INT},
    [SLATE_SYS_THREAD_START] = {A_THREAD},
    [SLATE_SYS_THREAD_SLEEP] = {A_DEADLINE},
    [SLATE_SYS_THREAD_SET_PRIORITY] = {A_THREAD, A_INT},
    [SLATE_SYS_THREAD_SET_AFFINITY] = {A_THREAD, A_CPU},
    [SLATE_SYS_THREAD_SET_IPC_BUFFER] = {A_ADDR},
    [SLATE_SYS_PROCESS_CREATE] = {A_PTR, A_SIZE, A_SIZE},
    [SLATE_SYS_PROCESS_EXIT] = {A_INT},
    [SLATE_SYS_PROCESS_KILL] = {A_PROC},
    [SLATE_SYS_PROCESS_WAIT] = {A_PROC, A_DEADLINE, A_PTR},
    [SLATE_SYS_IPC_CALL] = {A_EP, A_INFO, A_ANY, A_ANY, A_ANY, A_ANY},
    [SLATE_SYS_IPC_RECV] = {A_EP, A_DEADLINE},
    [SLATE_SYS_IPC_REPLY_RECV] = {A_EP, A_INFO, A_ANY, A_ANY, A_ANY, A_ANY},
    [SLATE_SYS_NOTIFY_SIGNAL] = {A_NOTIFY, A_BITS},
    [SLATE_SYS_NOTIFY_WAIT] = {A_NOTIFY, A_DEADLINE},
    [SLATE_SYS_VMO_CREATE] = {A_SIZE, A_FLAGS},
    [SLATE_SYS_VMO_CREATE_PHYS] = {A_HANDLE, A_ADDR, A_SIZE, A_FLAGS},
    [SLATE_SYS_VM_MAP] = {A_PROC, A_VMO, A_OFFSET, A_SIZE, A_ADDR, A_FLAGS},
    [SLATE_SYS_VM_UNMAP] = {A_PROC, A_ADDR, A_SIZE},
    [SLATE_SYS_VM_PROTECT] = {A_PROC, A_ADDR, A_SIZE, A_FLAGS},
    [SLATE_SYS_VMO_SET_PAGER] = {A_VMO, A_EP},
    [SLATE_SYS_PAGER_SUPPLY] = {A_VMO, A_OFFSET, A_PTR},
    [SLATE_SYS_IRQ_CREATE] = {A_HANDLE, A_INT, A_NOTIFY, A_INT},
    [SLATE_SYS_IRQ_ACK] = {A_HANDLE},
    [SLATE_SYS_SYSTEM_INFO] = {A_PTR},
    [SLATE_SYS_SYSTEM_STATS] = {A_PTR},
    [SLATE_SYS_HANDLE_GIVE] = {A_PROC, A_HANDLE},
    [SLATE_SYS_PAGER_FAIL] = {A_VMO, A_OFFSET},
    [SLATE_SYS_RESOURCE_CREATE] = {A_HANDLE, A_INT, A_ADDR, A_SIZE},
    [SLATE_SYS_IOPORT_ENABLE] = {A_HANDLE, A_INT, A_SIZE},
    [SLATE_SYS_VMO_PHYS] = {A_VMO, A_OFFSET},
    [SLATE_SYS_VMO_CLONE] = {A_VMO, A_OFFSET, A_SIZE, A_FLAGS},
    /* The children hold no system resource: these can only fail. */
    [SLATE_SYS_LOG_READ] = {A_HANDLE, A_PTR, A_SIZE, A_OFFSET},
    [SLATE_SYS_PROCESS_LIST] = {A_HANDLE, A_PTR, A_INT},
    [SLATE_SYS_PROCESS_KILL_KOID] = {A_HANDLE, A_INT},
    [SLATE_SYS_POWEROFF] = {A_HANDLE},
};

/* A handle value the fuzzer has seen, and what it named. */
struct pool_entry {
	slate_handle_t value;
	uint32_t type; /* enum slate_object_type */
	bool live;     /* false once closed or moved away */
};

/* A range of our own memory the fuzzer must not unmap or protect. */
struct range {
	uint64_t start, end;
};

static struct sysfuzz_shared *shared;
static uint64_t rng_state;
static struct pool_entry pool[POOL_SIZE];
static unsigned pool_count;
static struct range keep[8];
static unsigned nkeep;
static uint64_t self_koid;
static slate_handle_t helper_ep; /* the echo thread's own endpoint handle */
static uint64_t echo_koid;       /* the endpoint the echo thread serves */
static uintptr_t arena, ro, exit_stack_top;
static struct slate_ipc_buffer *ipc_buf;
static volatile uintptr_t helper_sp;
static uint64_t now;
static const char log_text[] = "sysfuzz: a debug log line\n";
extern const char __ehdr_start[];
extern char _end[];

/* ---- randomness ---- */

/* splitmix64: small, and good enough to pick arguments. */
static uint64_t rnd(void)
{
	uint64_t z = (rng_state += 0x9e3779b97f4a7c15ull);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
	return z ^ (z >> 31);
}

static uint64_t below(uint64_t n)
{
	return n ? rnd() % n : 0;
}

static bool one_in(uint64_t n)
{
	return below(n) == 0;
}

/* ---- the handle pool ---- */

static void pool_add(slate_handle_t h, uint32_t type)
{
	struct pool_entry *e;

	if (pool_count < POOL_SIZE) {
		e = &pool[pool_count++];
	} else {
		/* Keep the table bounded: close what drops out of the pool. */
		e = &pool[below(POOL_SIZE)];
		if (e->live && e->value != helper_ep)
			slate_handle_close(e->value);
	}
	*e = (struct pool_entry){h, type, true};
}

static void pool_forget(slate_handle_t h)
{
	for (unsigned i = 0; i < pool_count; i++)
		if (pool[i].value == h)
			pool[i].live = false;
}

static uint32_t pool_type(slate_handle_t h)
{
	for (unsigned i = 0; i < pool_count; i++)
		if (pool[i].value == h && pool[i].live)
			return pool[i].type;
	return SLATE_OBJ_NONE;
}

/* A pooled handle of type (any type for NONE), live or not. */
static slate_handle_t pool_pick(uint32_t type, bool want_live)
{
	unsigned start = (unsigned)below(pool_count);

	for (unsigned i = 0; i < pool_count; i++) {
		const struct pool_entry *e = &pool[(start + i) % pool_count];

		if ((type == SLATE_OBJ_NONE || e->type == type) &&
		    e->live == want_live)
			return e->value;
	}
	return pool_count ? pool[start].value : 0;
}

static uint64_t gen_handle(uint32_t type)
{
	switch (below(20)) {
	case 0 ... 10:
		return pool_pick(type, true);
	case 11 ... 14:
		return pool_pick(SLATE_OBJ_NONE, true);
	case 15:
		return pool_pick(SLATE_OBJ_NONE, false); /* closed, stale */
	case 16:
	case 17:
		return below(48);
	case 18:
		return (uint32_t)rnd();
	default:
		return rnd(); /* upper bits are not part of a handle */
	}
}

/* ---- argument generators ---- */

static uint64_t gen_kernel_ptr(void)
{
	switch (below(5)) {
	case 0:
		return KERNEL_HALF_X + below(1ull << 40);
	case 1:
		return KERNEL_HALF_A + below(1ull << 40);
	case 2:
		return 0xffffffff80000000ull + below(1ull << 30);
	case 3:
		return USER_END - 1 - below(64); /* the last user bytes */
	default:
		return 0x8000000000000000ull + below(PAGE);
	}
}

/* A user pointer for a buffer the kernel reads or writes. */
static uint64_t gen_ptr(void)
{
	uint64_t arena_size = ARENA_PAGES * PAGE;

	switch (below(20)) {
	case 0 ... 5:
		return arena + (below(arena_size) & ~7ull);
	case 6:
	case 7:
		return arena + below(arena_size); /* unaligned */
	case 8:
	case 9:
		return arena + arena_size - 1 - below(64); /* straddles */
	case 10:
	case 11:
		return ro + below(RO_PAGES * PAGE); /* read-only */
	case 12:
		return (uintptr_t)__ehdr_start + below(PAGE); /* code, R X */
	case 13:
		return below(0x400000); /* null and low, never mapped */
	case 14:
	case 15:
		return gen_kernel_ptr();
	case 16:
		return 0x400000 + below(USER_END - 0x400000);
	default:
		return rnd();
	}
}

/* A page address for mappings and the IPC buffer: mostly the arena. */
static uint64_t gen_addr(void)
{
	switch (below(10)) {
	case 0 ... 3:
		return arena + below(ARENA_PAGES + 2) * PAGE;
	case 4:
		return ro + below(RO_PAGES + 1) * PAGE;
	case 5:
		return 0;
	case 6:
		return (0x400000 + below(USER_END - 0x400000)) & ~(PAGE - 1);
	case 7:
		return arena + 1 + below(PAGE - 1);
	case 8:
		return gen_kernel_ptr() & ~(PAGE - 1);
	default:
		return rnd();
	}
}

static uint64_t gen_size(void)
{
	static const uint64_t sizes[] = {
	    0,        1,         7,          8,          24,
	    32,       PAGE - 1,  PAGE,       PAGE + 1,   2 * PAGE,
	    3 * PAGE, 64 * 1024, 1ull << 20, 1ull << 30, 1ull << 40,
	    ~0ull,    -PAGE,     1ull << 63, 31,         32 * PAGE,
	};

	switch (below(4)) {
	case 0:
		return below(4 * PAGE);
	case 1:
		return rnd() >> below(64);
	default:
		return sizes[below(sizeof(sizes) / sizeof(sizes[0]))];
	}
}

static uint64_t gen_offset(void)
{
	switch (below(6)) {
	case 0 ... 2:
		return below(8) * PAGE;
	case 3:
		return below(8 * PAGE);
	case 4:
		return -PAGE * (1 + below(4));
	default:
		return rnd();
	}
}

/*
 * Deadlines near the clock, read every CLOCK_EVERY calls: mostly POLL
 * or already past (both end at once), a few up to 10 ms ahead, which
 * leave the fuzzer waiting that long.
 */
static uint64_t gen_deadline(void)
{
	switch (below(100)) {
	case 0 ... 79:
		return SLATE_TIME_POLL;
	case 80 ... 96:
		return 1 + below(now); /* already past */
	case 97 ... 98:
		return now + below(MS);
	default:
		return now + below(10 * MS);
	}
}

static uint64_t gen_int(void)
{
	switch (below(8)) {
	case 0:
		return 0;
	case 1:
		return 1;
	case 2:
		return ~0ull;
	case 3 ... 5:
		return below(64);
	case 6:
		return (uint32_t)rnd();
	default:
		return rnd();
	}
}

static uint64_t gen_info(void)
{
	uint64_t label = one_in(8) ? rnd() >> 16 : below(16);
	uint64_t words = one_in(8) ? below(256) : below(8);
	uint64_t handles = one_in(8) ? below(8) : below(3);
	uint64_t info = SLATE_MSG_INFO(label, words, handles);

	return one_in(10) ? info ^ (1ull << below(64)) : info;
}

/* Any kind of value, for arguments of unknown meaning. */
static uint64_t gen(enum arg_kind kind);

static uint64_t gen_any(void)
{
	return gen((enum arg_kind)(1 + below(A_KINDS - 1)));
}

static uint64_t gen(enum arg_kind kind)
{
	switch (kind) {
	case A_HANDLE:
		return gen_handle(SLATE_OBJ_NONE);
	case A_PROC:
		return gen_handle(SLATE_OBJ_PROCESS);
	case A_THREAD:
		return gen_handle(SLATE_OBJ_THREAD);
	case A_EP:
		return gen_handle(SLATE_OBJ_ENDPOINT);
	case A_NOTIFY:
		return gen_handle(SLATE_OBJ_NOTIFICATION);
	case A_VMO:
		return gen_handle(SLATE_OBJ_VMO);
	case A_PTR:
		return gen_ptr();
	case A_ADDR:
		return gen_addr();
	case A_SIZE:
		return gen_size();
	case A_OFFSET:
		return gen_offset();
	case A_FLAGS:
		return one_in(4) ? rnd() >> below(64) : below(16);
	case A_RIGHTS:
		return one_in(4) ? rnd() : below(SLATE_RIGHTS_ALL + 1);
	case A_DEADLINE:
		return gen_deadline();
	case A_INT:
		return gen_int();
	case A_BITS:
		return one_in(3) ? rnd() : 1ull << below(64);
	case A_INFO:
		return gen_info();
	case A_CPU:
		return one_in(4) ? rnd() : below(8) - 1;
	case A_PC:
	case A_STACK:
		return gen_ptr();
	default:
		return rnd();
	}
}

/* A syscall number: every one in range, and some that are not. */
static uint64_t gen_nr(void)
{
	switch (below(40)) {
	case 0:
		return SLATE_SYS_COUNT + below(64);
	case 1:
		return rnd();
	case 2:
		return (1ull << 32) + below(SLATE_SYS_COUNT); /* high bits */
	default:
		return below(SLATE_SYS_COUNT);
	}
}

/* ---- taming: calls that would end or stall this process ---- */

static uint64_t koid_of(uint64_t h)
{
	struct slate_handle_info info;

	if (slate_handle_info((slate_handle_t)h, &info))
		return 0;
	return info.koid;
}

static bool is_self(uint64_t h)
{
	return koid_of(h) == self_koid;
}

static bool overlaps_kept(uint64_t addr, uint64_t len)
{
	uint64_t end = addr + len < addr ? ~0ull : addr + len;

	for (unsigned i = 0; i < nkeep; i++)
		if (addr < keep[i].end && keep[i].start < end)
			return true;
	return false;
}

/* A live endpoint handle other than the echo thread's: calls block. */
static bool unanswered_endpoint(uint64_t h)
{
	struct slate_handle_info info;

	if (slate_handle_info((slate_handle_t)h, &info))
		return false;
	return info.type == SLATE_OBJ_ENDPOINT && info.koid != echo_koid;
}

static bool is_endpoint(uint64_t h)
{
	struct slate_handle_info info;

	return !slate_handle_info((slate_handle_t)h, &info) &&
	       info.type == SLATE_OBJ_ENDPOINT;
}

/*
 * XXX: a process that never started and holds a handle to itself (or
 * to one of its threads) is never freed (docs/limitations.md), so
 * process and thread handles are never given to another process.
 */
static bool makes_cycle(uint64_t target, uint64_t h)
{
	struct slate_handle_info info;

	if (is_self(target) || slate_handle_info((slate_handle_t)h, &info))
		return false;
	return info.type == SLATE_OBJ_PROCESS || info.type == SLATE_OBJ_THREAD;
}

static bool in(uint64_t p, uintptr_t start, uint64_t len)
{
	return p >= start && p - start < len;
}

/*
 * Only a fixed line reaches the console, never random bytes: a pointer
 * the kernel could read gets a length over the limit, others (which
 * fault) keep theirs. Applies to wild calls too.
 */
static void tame_debug_log(uint64_t *call)
{
	uint64_t *a = &call[1];

	if (call[0] != SLATE_SYS_DEBUG_LOG)
		return;
	if (one_in(LOG_ONE_IN)) {
		a[0] = (uintptr_t)log_text;
		a[1] = 1 + below(sizeof(log_text) - 1);
	} else if (!a[1] || in(a[0], arena, ARENA_PAGES * PAGE) ||
		   in(a[0], ro, RO_PAGES * PAGE) ||
		   in(a[0], (uintptr_t)__ehdr_start, PAGE)) {
		a[1] |= 1ull << 62;
	}
}

/* Rewrite a call that would kill or stall us into a harmless one. */
static void tame(uint64_t *call)
{
	uint64_t *a = &call[1];
	bool let_die = one_in(DEATH_ONE_IN);

	switch (call[0]) {
	case SLATE_SYS_THREAD_EXIT:
	case SLATE_SYS_PROCESS_EXIT:
		if (!let_die)
			call[0] = SLATE_SYS_THREAD_YIELD;
		break;
	case SLATE_SYS_PROCESS_KILL:
		if (!let_die && is_self(a[0]))
			a[0] = 0;
		break;
	case SLATE_SYS_THREAD_CREATE:
		if (!let_die && is_self(a[0]))
			a[1] = (uintptr_t)slate_thread_exit,
			a[2] = exit_stack_top;
		break;
	case SLATE_SYS_VM_UNMAP:
	case SLATE_SYS_VM_PROTECT:
		if (!let_die && overlaps_kept(a[1], a[2]) && is_self(a[0]))
			a[2] = 0;
		break;
	case SLATE_SYS_IPC_CALL:
		if (!let_die && unanswered_endpoint(a[0]))
			a[0] = helper_ep;
		break;
	case SLATE_SYS_IPC_REPLY_RECV:
		/* Nobody calls this thread: a receive would wait for ever. */
		if (!let_die && is_endpoint(a[0]))
			a[0] = 0;
		break;
	case SLATE_SYS_HANDLE_CLOSE:
		if (a[0] == helper_ep)
			a[0] = 0;
		break;
	case SLATE_SYS_HANDLE_GIVE:
		if (a[1] == helper_ep || makes_cycle(a[0], a[1]))
			a[1] = 0;
		break;
	default:
		break;
	}
}

/* Random handles and words in the IPC buffer before a call sends one. */
static void fill_ipc_buffer(void)
{
	for (unsigned i = 0; i < SLATE_MSG_HANDLES; i++) {
		uint64_t h = gen_handle(SLATE_OBJ_NONE);

		ipc_buf->handles[i] = h == helper_ep ? 0 : (slate_handle_t)h;
	}
	ipc_buf->words[SLATE_MSG_REG_WORDS + below(8)] = rnd();
}

/* ---- one call ---- */

/* Make up a call in call[0..6] (number, arguments) and make it. */
static slate_status_t fuzz_one(uint64_t *call)
{
	uint64_t *a = &call[1];
	bool wild = one_in(WILD_ONE_IN);

	call[0] = gen_nr();
	for (unsigned i = 0; i < 6; i++) {
		enum arg_kind k = call[0] < SLATE_SYS_COUNT
				      ? (enum arg_kind)signature[call[0]][i]
				      : A_ANY;

		/* Deadlines stay deadlines, or waits would end the child. */
		if (k != A_DEADLINE && (wild || one_in(8)))
			k = A_ANY;
		a[i] = k == A_ANY ? gen_any() : gen(k);
	}
	if (!wild)
		tame(call);
	tame_debug_log(call);
	if (call[0] == SLATE_SYS_IPC_CALL ||
	    call[0] == SLATE_SYS_IPC_REPLY_RECV)
		fill_ipc_buffer();

	shared->nr = call[0];
	memcpy(shared->args, a, sizeof(shared->args));
	return slate_syscall6(call[0], a[0], a[1], a[2], a[3], a[4], a[5]);
}

/* What a successful call made: the pool learns the new handle. */
static void learn(const uint64_t *call, slate_status_t st)
{
	static const uint8_t makes[SLATE_SYS_COUNT] = {
	    [SLATE_SYS_THREAD_CREATE] = SLATE_OBJ_THREAD,
	    [SLATE_SYS_PROCESS_CREATE] = SLATE_OBJ_PROCESS,
	    [SLATE_SYS_ENDPOINT_CREATE] = SLATE_OBJ_ENDPOINT,
	    [SLATE_SYS_NOTIFY_CREATE] = SLATE_OBJ_NOTIFICATION,
	    [SLATE_SYS_VMO_CREATE] = SLATE_OBJ_VMO,
	    [SLATE_SYS_VMO_CREATE_PHYS] = SLATE_OBJ_VMO,
	    [SLATE_SYS_VMO_CLONE] = SLATE_OBJ_VMO,
	    [SLATE_SYS_IRQ_CREATE] = SLATE_OBJ_INTERRUPT,
	    [SLATE_SYS_RESOURCE_CREATE] = SLATE_OBJ_RESOURCE,
	};
	uint64_t nr = call[0];

	if (st < 0 || nr >= SLATE_SYS_COUNT)
		return;
	if (nr == SLATE_SYS_HANDLE_CLOSE) {
		pool_forget((slate_handle_t)call[1]);
	} else if (nr == SLATE_SYS_HANDLE_DUPLICATE ||
		   nr == SLATE_SYS_HANDLE_MINT) {
		pool_add((slate_handle_t)st,
			 pool_type((slate_handle_t)call[1]));
	} else if (nr == SLATE_SYS_HANDLE_GIVE) {
		uint32_t type = pool_type((slate_handle_t)call[2]);

		pool_forget((slate_handle_t)call[2]);
		if (is_self(call[1]))
			pool_add((slate_handle_t)st, type);
	} else if (makes[nr] && st > 0) {
		pool_add((slate_handle_t)st, makes[nr]);
	}
}

static void count(slate_status_t st)
{
	unsigned i = st >= 0 ? 0 : (unsigned)-st;

	shared->status[i < SYSFUZZ_NSTATUS - 1 ? i : SYSFUZZ_NSTATUS - 1]++;
}

/* ---- setup ---- */

/* The echo thread: answers every call on the echo endpoint. */
static void *echo(void *arg)
{
	struct slate_msg m;
	slate_status_t st;
	uintptr_t here = (uintptr_t)&m;

	helper_sp = here;
	slate_thread_set_ipc_buffer(arg);
	for (;;) {
		st = slate_ipc_recv(helper_ep, &m);
		while (st == 0) {
			m.info = SLATE_MSG_INFO(SLATE_MSG_LABEL(m.info), 2, 0);
			st = slate_ipc_reply_recv(helper_ep, &m);
		}
		slate_thread_sleep((slate_time_t)slate_clock_get() + MS);
	}
	return NULL;
}

/* Map a new VMO of pages read-write (or read-only) anywhere. */
static uintptr_t map_new(uint64_t pages, uint32_t flags, slate_handle_t *vmo)
{
	slate_status_t v = slate_vmo_create(pages * PAGE, 0);
	slate_status_t addr;

	if (v < 0)
		return 0;
	addr = slate_vm_map(slate_self_process(), (slate_handle_t)v, 0,
			    pages * PAGE, 0, flags);
	if (vmo)
		*vmo = (slate_handle_t)v;
	else
		slate_handle_close((slate_handle_t)v);
	return addr < 0 ? 0 : (uintptr_t)addr;
}

static void keep_range(uintptr_t start, uint64_t len)
{
	keep[nkeep++] = (struct range){start, start + len};
}

/* The arena, with an unmapped page after it, and read-only pages. */
static int map_buffers(void)
{
	slate_handle_t v;
	uintptr_t page;

	arena = map_new(ARENA_PAGES + 1, SLATE_VM_READ | SLATE_VM_WRITE, &v);
	if (!arena)
		return 10;
	if (slate_vm_unmap(slate_self_process(), arena + ARENA_PAGES * PAGE,
			   PAGE))
		return 11;
	pool_add(v, SLATE_OBJ_VMO);
	for (uint64_t i = 0; i < ARENA_PAGES * PAGE; i += 8)
		*(uint64_t *)(arena + i) = rnd();
	ro = map_new(RO_PAGES, SLATE_VM_READ, &v);
	if (!ro)
		return 12;
	pool_add(v, SLATE_OBJ_VMO);

	ipc_buf = (void *)map_new(1, SLATE_VM_READ | SLATE_VM_WRITE, NULL);
	page = map_new(1, SLATE_VM_READ | SLATE_VM_WRITE, NULL);
	if (!ipc_buf || !page || slate_thread_set_ipc_buffer(ipc_buf))
		return 13;
	exit_stack_top = page + PAGE - 64;
	keep_range((uintptr_t)ipc_buf, PAGE);
	keep_range(page, PAGE);
	return 0;
}

/* One object of each kind the fuzzer may create, and a closed handle. */
static int make_objects(void)
{
	slate_status_t h;

	pool_add(slate_start_handle(SLATE_START_SELF_PROCESS),
		 SLATE_OBJ_PROCESS);
	pool_add(slate_start_handle(SLATE_START_SELF_THREAD), SLATE_OBJ_THREAD);
	h = slate_endpoint_create();
	if (h < 0)
		return 20;
	pool_add((slate_handle_t)h, SLATE_OBJ_ENDPOINT);
	echo_koid = koid_of(h);
	h = slate_handle_duplicate((slate_handle_t)h,
				   SLATE_RIGHT_READ | SLATE_RIGHT_WRITE);
	if (h < 0)
		return 21;
	helper_ep = (slate_handle_t)h;
	if ((h = slate_notify_create()) < 0)
		return 22;
	pool_add((slate_handle_t)h, SLATE_OBJ_NOTIFICATION);
	if ((h = slate_vmo_create(3 * PAGE, 0)) < 0)
		return 23;
	pool_add((slate_handle_t)h, SLATE_OBJ_VMO);
	if ((h = slate_vmo_create(PAGE, SLATE_VMO_CONTIGUOUS)) < 0)
		return 24;
	pool_add((slate_handle_t)h, SLATE_OBJ_VMO);
	if ((h = slate_process_create("fuzzed", 6, SUB_QUOTA)) < 0)
		return 25;
	pool_add((slate_handle_t)h, SLATE_OBJ_PROCESS);
	if ((h = slate_thread_new((slate_handle_t)h, 0x400000, 0x500000, 0)) <
	    0)
		return 26;
	pool_add((slate_handle_t)h, SLATE_OBJ_THREAD);
	if ((h = slate_notify_create()) < 0)
		return 27;
	slate_handle_close((slate_handle_t)h);
	pool_add((slate_handle_t)h, SLATE_OBJ_NOTIFICATION);
	pool_forget((slate_handle_t)h);
	return 0;
}

/* The echo thread, on a stack the fuzzer must leave alone. */
static int start_echo(void)
{
	uintptr_t page = map_new(1, SLATE_VM_READ | SLATE_VM_WRITE, NULL);
	struct slate_thread *t;

	if (!page || slate_thread_create(&t, echo, (void *)page, HELPER_STACK))
		return 30;
	while (!helper_sp)
		slate_thread_yield();
	keep_range(page, PAGE);
	keep_range(helper_sp - HELPER_STACK, 2 * HELPER_STACK);
	return 0;
}

static int setup(slate_handle_t vmo)
{
	slate_status_t addr;
	struct slate_handle_info info;
	uintptr_t here = (uintptr_t)&info;
	int err;

	addr = slate_vm_map(slate_self_process(), vmo, 0, PAGE, 0,
			    SLATE_VM_READ | SLATE_VM_WRITE);
	if (addr < 0)
		return 2;
	shared = (void *)(uintptr_t)addr;
	if (slate_handle_info(slate_self_process(), &info))
		return 3;
	self_koid = info.koid;
	keep_range((uintptr_t)addr, PAGE);
	keep_range((uintptr_t)__ehdr_start,
		   (uintptr_t)_end - (uintptr_t)__ehdr_start);
	keep_range(here - STACK_GUARD, 2 * STACK_GUARD);
	if ((err = map_buffers()) || (err = make_objects()) ||
	    (err = start_echo()))
		return err;
	return 0;
}

static uint64_t number(const char *s)
{
	uint64_t n = 0;

	while (*s >= '0' && *s <= '9')
		n = n * 10 + (uint64_t)(*s++ - '0');
	return n;
}

int main(int argc, char **argv)
{
	slate_handle_t vmo = slate_start_handle(SYSFUZZ_START_SHARED);
	uint64_t seed = argc > 1 ? number(argv[1]) : 1;
	uint64_t calls = argc > 2 ? number(argv[2]) : ~0ull;
	int err;

	rng_state = seed;
	if (!vmo)
		return 1;
	if ((err = setup(vmo)))
		return err;
	shared->seed = seed;
	shared->magic = SYSFUZZ_MAGIC;
	while (shared->calls < calls) {
		uint64_t call[7];
		slate_status_t st;

		if (shared->calls % CLOCK_EVERY == 0)
			now = (uint64_t)slate_clock_get();
		st = fuzz_one(call);
		learn(call, st);
		count(st);
		__atomic_store_n(&shared->calls, shared->calls + 1,
				 __ATOMIC_RELEASE);
	}
	return 0;
}
