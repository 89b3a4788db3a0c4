/* SPDX-License-Identifier: MIT */
/*
 * sltest-child: the program sltest spawns to test the loader and IPC
 * between processes. argv[1] picks what it does:
 *
 *	argv A B ...	exit with 1000 * argc + the bytes of argv[1..]
 *	self		exit 0 if its start handles are its own process and
 *			thread with every right, a small number otherwise
 *	serve [CPU]	pin itself to CPU (if given), then answer calls on
 *			its SLATE_START_USER endpoint (see serve() below);
 *			exit 0 when told to stop with every sequence
 *			number in order and none missing, 1 otherwise
 *	exit N		exit with status N (0 or more)
 *	env N=V ...	check that getenv(N) is V for each argument and that
 *			a table of pointers (relocated, in a PIE) reads
 *			right: exit CHILD_ENV_STATIC, or CHILD_ENV_PIE if
 *			its code runs at the PIE base, plus the count of
 *			variables; 10 + i if argument i was wrong, 2 if
 *			the table was
 *	hog-objects	create endpoints until the kernel refuses: exit 0 if
 *			it said SLATE_ERR_QUOTA after at least one, 1 if
 *			it said anything else, 2 if it never refused
 *	hog-memory	touch the pages of a 64 MiB VMO until killed for
 *			going over its quota (exit 1 if it never was)
 *	protect		map two pages read-write, make the first read-only,
 *			then write to it: the kernel must kill it (exit 1
 *			if the write went through, 2..4 on an earlier step)
 *	take		receive one message on its SLATE_START_USER endpoint
 *			into an IPC buffer, keep what it carried, never
 *			reply, and wait to be killed
 *	cow-write N	map the N-page VMO given as SLATE_START_USER
 *			read-write, check that page i starts with the word
 *			COW_WORD(i), then overwrite every page: exit 0, 2
 *			if it could not map, 3 on a wrong word
 *	cow-hog N	clone the N-page VMO given as SLATE_START_USER,
 *			then write to every page of the clone until killed
 *			for going over its quota (exit 1 if it never was,
 *			2 if the clone or mapping failed)
 */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <slate/sys.h>

#include "child.h"

/* A decimal number, or 0 for anything else: the arguments are ours. */
static uint64_t number(const char *s)
{
	uint64_t n = 0;

	while (*s >= '0' && *s <= '9')
		n = n * 10 + (uint64_t)(*s++ - '0');
	return n;
}

static int check_self(void)
{
	struct slate_handle_info p, t;

	if (slate_handle_info(slate_start_handle(SLATE_START_SELF_PROCESS),
			      &p) ||
	    slate_handle_info(slate_start_handle(SLATE_START_SELF_THREAD), &t))
		return 2;
	if (p.type != SLATE_OBJ_PROCESS || p.rights != SLATE_RIGHTS_ALL)
		return 3;
	if (t.type != SLATE_OBJ_THREAD || t.rights != SLATE_RIGHTS_ALL)
		return 4;
	return 0;
}

static int argv_sum(int argc, char **argv)
{
	int sum = 1000 * argc;

	for (int i = 1; i < argc; i++)
		sum += (int)strlen(argv[i]);
	return sum;
}

/*
 * The sequence server: each call carries the caller's sequence number
 * in word 0, which must be exactly one more than the last; the reply
 * carries it back in word 0 and the count of calls seen in word 1, so
 * both sides notice a message lost or delivered twice.
 */
static int serve(int argc, char **argv)
{
	slate_handle_t ep = slate_start_handle(CHILD_START_ENDPOINT);
	uint64_t expect = 0;
	bool in_order = true;
	struct slate_msg m;
	slate_status_t st;

	if (argc > 2 && slate_thread_set_affinity(
			    slate_start_handle(SLATE_START_SELF_THREAD),
			    (uint32_t)number(argv[2])))
		return 2;
	st = slate_ipc_recv(ep, &m);
	while (st == 0 && SLATE_MSG_LABEL(m.info) == CHILD_LABEL_SEQ) {
		if (m.words[0] != expect)
			in_order = false;
		expect = m.words[0] + 1;
		m.words[1] = expect;
		m.info = SLATE_MSG_INFO(CHILD_LABEL_SEQ, 2, 0);
		st = slate_ipc_reply_recv(ep, &m);
	}
	if (st != 0)
		return 3;
	/*
	 * The stop call carries how many calls the caller made. It gets no
	 * reply: exiting wakes the caller with SLATE_ERR_PEER_CLOSED, and
	 * the exit status is the verdict (the endpoint handle this process
	 * holds would keep a receive waiting for ever).
	 */
	return in_order && m.words[0] == expect ? 0 : 1;
}

#define HOG_LIMIT     100000
#define HOG_VMO_BYTES (64ull << 20)

static int hog_objects(void)
{
	slate_status_t st = 0;
	unsigned made = 0;

	while (made < HOG_LIMIT && (st = slate_endpoint_create()) > 0)
		made++;
	if (made == HOG_LIMIT)
		return 2;
	printf("sltest-child: %u endpoints, then status %lld\n", made,
	       (long long)st);
	return st == SLATE_ERR_QUOTA && made > 0 ? 0 : 1;
}

static int hog_memory(void)
{
	slate_status_t vmo = slate_vmo_create(HOG_VMO_BYTES, 0);
	slate_status_t a =
	    vmo > 0
		? slate_vm_map(slate_self_process(), (slate_handle_t)vmo, 0,
			       HOG_VMO_BYTES, 0, SLATE_VM_READ | SLATE_VM_WRITE)
		: vmo;
	volatile uint8_t *p = (volatile uint8_t *)(uintptr_t)a;

	if (a <= 0)
		return 3;
	for (uint64_t off = 0; off < HOG_VMO_BYTES; off += 4096)
		p[off] = 1;
	return 1;
}

static int write_after_protect(void)
{
	const uint64_t page = 4096;
	slate_handle_t self = slate_self_process();
	slate_status_t vmo = slate_vmo_create(2 * page, 0);
	slate_status_t a =
	    vmo > 0 ? slate_vm_map(self, (slate_handle_t)vmo, 0, 2 * page, 0,
				   SLATE_VM_READ | SLATE_VM_WRITE)
		    : vmo;
	volatile uint8_t *p = (volatile uint8_t *)(uintptr_t)a;

	if (a <= 0)
		return 2;
	p[0] = 0x5a;
	p[page] = 0xa5;
	if (slate_vm_protect(self, (uintptr_t)a, page, SLATE_VM_READ))
		return 3;
	/* The second page keeps its permissions, the first its contents. */
	p[page] = 0x11;
	if (p[0] != 0x5a)
		return 4;
	p[0] = 0x22; /* must fault */
	return 1;
}

/* Hold the handles of one message until killed: a server that hangs. */
static int take(void)
{
	static struct slate_ipc_buffer buf __attribute__((aligned(4096)));
	slate_handle_t ep = slate_start_handle(CHILD_START_ENDPOINT);
	struct slate_msg m;

	if (slate_thread_set_ipc_buffer(&buf) || slate_ipc_recv(ep, &m))
		return 2;
	slate_thread_sleep(SLATE_TIME_INFINITE);
	return 3;
}

/* Map the VMO this child was given read-write, or 0. */
static volatile uint64_t *map_given(slate_handle_t vmo, uint64_t pages)
{
	slate_status_t a =
	    slate_vm_map(slate_self_process(), vmo, 0, pages * 4096, 0,
			 SLATE_VM_READ | SLATE_VM_WRITE);

	return a > 0 ? (volatile uint64_t *)(uintptr_t)a : NULL;
}

static int cow_write(uint64_t pages)
{
	volatile uint64_t *p =
	    map_given(slate_start_handle(SLATE_START_USER), pages);

	if (!p || !pages)
		return 2;
	for (uint64_t i = 0; i < pages; i++)
		if (p[i * 512] != COW_WORD(i))
			return 3;
	for (uint64_t i = 0; i < pages; i++)
		p[i * 512] = ~0ull;
	return 0;
}

static int cow_hog(uint64_t pages)
{
	slate_status_t c = slate_vmo_clone(slate_start_handle(SLATE_START_USER),
					   0, pages * 4096, 0);
	volatile uint64_t *p =
	    c > 0 ? map_given((slate_handle_t)c, pages) : NULL;

	if (!p)
		return 2;
	for (uint64_t i = 0; i < pages; i++)
		p[i * 512] = i;
	return 1;
}

/*
 * Pointers in data: a PIE reads them right only once relocated. Not
 * static, so the compiler cannot fold the reads away.
 */
const char *child_relocated[] = {"slate", "pie"};

static int check_env(int argc, char **argv)
{
	int n = 0;

	if (strcmp(child_relocated[0], "slate") ||
	    strcmp(child_relocated[1], "pie"))
		return 2;
	for (int i = 2; i < argc; i++) {
		char name[64];
		const char *eq = strchr(argv[i], '=');
		const char *value;

		if (!eq || (size_t)(eq - argv[i]) >= sizeof(name))
			return 10 + i;
		memcpy(name, argv[i], (size_t)(eq - argv[i]));
		name[eq - argv[i]] = 0;
		value = getenv(name);
		if (!value || strcmp(value, eq + 1))
			return 10 + i;
		n++;
	}
	if ((uintptr_t)&check_env >= CHILD_PIE_BASE)
		return CHILD_ENV_PIE + n;
	return CHILD_ENV_STATIC + n;
}

int main(int argc, char **argv)
{
	const char *mode = argc > 1 ? argv[1] : "";

	if (strcmp(mode, "argv") == 0)
		return argv_sum(argc, argv);
	if (strcmp(mode, "self") == 0)
		return check_self();
	if (strcmp(mode, "serve") == 0)
		return serve(argc, argv);
	if (strcmp(mode, "hog-objects") == 0)
		return hog_objects();
	if (strcmp(mode, "hog-memory") == 0)
		return hog_memory();
	if (strcmp(mode, "protect") == 0)
		return write_after_protect();
	if (strcmp(mode, "take") == 0)
		return take();
	if (strcmp(mode, "cow-write") == 0 && argc > 2)
		return cow_write(number(argv[2]));
	if (strcmp(mode, "cow-hog") == 0 && argc > 2)
		return cow_hog(number(argv[2]));
	if (strcmp(mode, "env") == 0)
		return check_env(argc, argv);
	if (strcmp(mode, "exit") == 0 && argc > 2)
		return (int)number(argv[2]);
	printf("sltest-child: unknown mode '%s'\n", mode);
	return 127;
}
