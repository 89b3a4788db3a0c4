/* SPDX-License-Identifier: MIT */
/*
 * The figures slbench measures (docs/benchmarks.md): a system call that
 * does nothing, an IPC call and reply between two processes and between
 * two threads of one process, each on one CPU and on two, a
 * notification waking a waiting thread, a thread switch, and mapping
 * and unmapping one page.
 */
#include <stdlib.h>

#include <slate/spawn.h>
#include <slate/sys.h>
#include <slate/thread.h>

#include "arch.h"
#include "slbench.h"

/* No call has this number: the kernel dispatches it and says so. */
#define NULL_SYSCALL_NR 0xffff
#define NOTIFY_PING     1ull
#define NOTIFY_STOP     2ull

uint64_t bench_self_thread(void)
{
	return slate_start_handle(SLATE_START_SELF_THREAD);
}

const char *bench_pin(uint64_t thread, unsigned cpu)
{
	if (slate_thread_set_affinity((slate_handle_t)thread, cpu))
		return "cannot set a thread's CPU affinity";
	/* A running thread moves when it next enters the kernel. */
	slate_thread_yield();
	return NULL;
}

unsigned bench_cpus(void)
{
	struct slate_system_info si;

	return slate_system_info(&si) ? 1 : si.ncpus;
}

/* ---- null system call ---- */

static void null_syscall_run(void *ctx, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		bench_trap(NULL_SYSCALL_NR);
}

/* ---- IPC between two threads ---- */

struct ipc_pair {
	slate_handle_t ep;
	struct slate_thread *server;
};

/* Reply to every call with its own message until the endpoint goes. */
static void *ipc_server(void *arg)
{
	struct ipc_pair *p = arg;
	struct slate_msg m;
	slate_status_t st = slate_ipc_recv(p->ep, &m);

	while (st == SLATE_OK)
		st = slate_ipc_reply_recv(p->ep, &m);
	return NULL;
}

static const char *ipc_setup_on(void **ctx, unsigned server_cpu)
{
	struct ipc_pair *p = calloc(1, sizeof(*p));
	slate_status_t ep = slate_endpoint_create();

	if (!p || ep <= 0)
		return "cannot create the endpoint";
	if (server_cpu >= bench_cpus())
		return "needs a second CPU (boot with --smp 2)";
	p->ep = (slate_handle_t)ep;
	if (slate_thread_create(&p->server, ipc_server, p, 0))
		return "cannot start the server thread";
	*ctx = p;
	return bench_pin(slate_thread_handle(p->server), server_cpu);
}

static const char *ipc_same_cpu_setup(void **ctx)
{
	return ipc_setup_on(ctx, 0);
}

static const char *ipc_cross_cpu_setup(void **ctx)
{
	return ipc_setup_on(ctx, 1);
}

/* The loop both IPC figures time: one-word calls on ep. */
static void ipc_calls(slate_handle_t ep, unsigned n)
{
	struct slate_msg m = {.info = SLATE_MSG_INFO(BENCH_LABEL_ECHO, 1, 0)};

	for (unsigned i = 0; i < n; i++)
		slate_ipc_call(ep, &m);
}

static void ipc_run(void *ctx, unsigned n)
{
	struct ipc_pair *p = ctx;

	ipc_calls(p->ep, n);
}

/* Closing the only handle wakes the server with PEER_CLOSED. */
static void ipc_teardown(void *ctx)
{
	struct ipc_pair *p = ctx;

	slate_handle_close(p->ep);
	slate_thread_join(p->server, NULL);
	free(p);
}

/* ---- IPC between two processes ---- */

/* Pages the server process may use: its image, stack and tables. */
#define SERVER_QUOTA_PAGES 256

struct ipc_procs {
	slate_handle_t ep;
	slate_handle_t server; /* the process */
};

/* A copy of slbench serving ep's calls on server_cpu (server.c). */
static const char *ipc_procs_setup_on(void **ctx, const char *server_cpu)
{
	const char *argv[] = {BENCH_PROGRAM, BENCH_SERVE_ARG, server_cpu, NULL};
	struct slate_spawn_handle give = {0, SLATE_START_USER};
	struct ipc_procs *p = calloc(1, sizeof(*p));
	slate_status_t ep = slate_endpoint_create();
	slate_status_t theirs;

	if (!p || ep <= 0)
		return "cannot create the endpoint";
	if ((unsigned)(server_cpu[0] - '0') >= bench_cpus())
		return "needs a second CPU (boot with --smp 2)";
	p->ep = (slate_handle_t)ep;
	theirs = slate_handle_duplicate(p->ep, SLATE_RIGHT_READ |
						   SLATE_RIGHT_TRANSFER);
	if (theirs <= 0)
		return "cannot duplicate the endpoint";
	give.handle = (slate_handle_t)theirs;
	if (slate_spawn(BENCH_PROGRAM, argv, &give, 1, SERVER_QUOTA_PAGES,
			&p->server))
		return "cannot spawn the server process";
	*ctx = p;
	return NULL;
}

static const char *ipc_procs_same_cpu_setup(void **ctx)
{
	return ipc_procs_setup_on(ctx, "0");
}

static const char *ipc_procs_cross_cpu_setup(void **ctx)
{
	return ipc_procs_setup_on(ctx, "1");
}

static void ipc_procs_run(void *ctx, unsigned n)
{
	struct ipc_procs *p = ctx;

	ipc_calls(p->ep, n);
}

/*
 * The stop call is not answered: the server exits, which wakes it with
 * PEER_CLOSED. A server that is not there any more is not waited for.
 */
static void ipc_procs_teardown(void *ctx)
{
	struct ipc_procs *p = ctx;
	struct slate_msg stop = {.info =
				     SLATE_MSG_INFO(BENCH_LABEL_STOP, 0, 0)};
	int64_t status;

	slate_ipc_call(p->ep, &stop);
	slate_process_wait(p->server, SLATE_TIME_INFINITE, &status);
	slate_handle_close(p->server);
	slate_handle_close(p->ep);
	free(p);
}

/* ---- notifications ---- */

struct notify_pair {
	slate_handle_t ping, pong;
	struct slate_thread *partner;
};

static void *notify_partner(void *arg)
{
	struct notify_pair *p = arg;
	slate_status_t bits;

	while ((bits = slate_notify_wait(p->ping, SLATE_TIME_INFINITE)) > 0 &&
	       !(bits & NOTIFY_STOP))
		slate_notify_signal(p->pong, NOTIFY_PING);
	return NULL;
}

static const char *notify_setup(void **ctx)
{
	struct notify_pair *p = calloc(1, sizeof(*p));
	slate_status_t ping = slate_notify_create();
	slate_status_t pong = slate_notify_create();

	if (!p || ping <= 0 || pong <= 0)
		return "cannot create the notifications";
	p->ping = (slate_handle_t)ping;
	p->pong = (slate_handle_t)pong;
	if (slate_thread_create(&p->partner, notify_partner, p, 0))
		return "cannot start the partner thread";
	*ctx = p;
	return bench_pin(slate_thread_handle(p->partner), 0);
}

/* Two signals, each waking the other thread: ops_per_run is 2. */
static void notify_run(void *ctx, unsigned n)
{
	struct notify_pair *p = ctx;

	for (unsigned i = 0; i < n; i++) {
		slate_notify_signal(p->ping, NOTIFY_PING);
		slate_notify_wait(p->pong, SLATE_TIME_INFINITE);
	}
}

static void notify_teardown(void *ctx)
{
	struct notify_pair *p = ctx;

	slate_notify_signal(p->ping, NOTIFY_STOP);
	slate_thread_join(p->partner, NULL);
	slate_handle_close(p->ping);
	slate_handle_close(p->pong);
	free(p);
}

/* ---- thread switch ---- */

struct yield_pair {
	volatile int stop;
	struct slate_thread *partner;
};

static void *yield_partner(void *arg)
{
	struct yield_pair *p = arg;

	while (!p->stop)
		slate_thread_yield();
	return NULL;
}

static const char *yield_setup(void **ctx)
{
	struct yield_pair *p = calloc(1, sizeof(*p));

	if (!p)
		return "out of memory";
	if (slate_thread_create(&p->partner, yield_partner, p, 0))
		return "cannot start the partner thread";
	*ctx = p;
	return bench_pin(slate_thread_handle(p->partner), 0);
}

/* Each yield here and the partner's answer: ops_per_run is 2. */
static void yield_run(void *ctx, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		slate_thread_yield();
}

static void yield_teardown(void *ctx)
{
	struct yield_pair *p = ctx;

	p->stop = 1;
	slate_thread_join(p->partner, NULL);
	free(p);
}

/* ---- map and unmap ---- */

struct map_ctx {
	slate_handle_t vmo;
};

static const char *map_setup(void **ctx)
{
	struct map_ctx *m = calloc(1, sizeof(*m));
	slate_status_t vmo = slate_vmo_create(4096, 0);

	if (!m || vmo <= 0)
		return "cannot create the VMO";
	m->vmo = (slate_handle_t)vmo;
	*ctx = m;
	return NULL;
}

/* Lazily mapped and never touched: no page is allocated or freed. */
static void map_run(void *ctx, unsigned n)
{
	struct map_ctx *m = ctx;
	slate_handle_t self = slate_self_process();

	for (unsigned i = 0; i < n; i++) {
		slate_status_t a = slate_vm_map(self, m->vmo, 0, 4096, 0,
						SLATE_VM_READ | SLATE_VM_WRITE);

		if (a > 0)
			slate_vm_unmap(self, (uintptr_t)a, 4096);
	}
}

static void map_teardown(void *ctx)
{
	struct map_ctx *m = ctx;

	slate_handle_close(m->vmo);
	free(m);
}

const struct bench_case bench_cases[] = {
    {"null_syscall", 20, 1, NULL, null_syscall_run, NULL},
    {"ipc_roundtrip_processes_same_cpu", 20, 1, ipc_procs_same_cpu_setup,
     ipc_procs_run, ipc_procs_teardown},
    {"ipc_roundtrip_processes_cross_cpu", 2000, 1, ipc_procs_cross_cpu_setup,
     ipc_procs_run, ipc_procs_teardown},
    {"ipc_roundtrip_threads_same_cpu", 5000, 1, ipc_same_cpu_setup, ipc_run,
     ipc_teardown},
    {"ipc_roundtrip_threads_cross_cpu", 2000, 1, ipc_cross_cpu_setup, ipc_run,
     ipc_teardown},
    {"notify_signal_wake", 5000, 2, notify_setup, notify_run, notify_teardown},
    {"thread_switch_yield", 5000, 2, yield_setup, yield_run, yield_teardown},
    {"map_unmap_page", 5000, 1, map_setup, map_run, map_teardown},
    {0},
};
