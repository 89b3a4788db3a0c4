/* SPDX-License-Identifier: MIT */
/*
 * The supervisor's fault-injection test (heal.manifest, booted by
 * tools/test-all as {arch}-heal). Roles:
 *
 *	heal	a server on init's serve endpoint, registered as "heal":
 *		HEAL_ECHO answers each word plus one; HEAL_CRASH makes a
 *		bad memory access, HEAL_HANG stops answering for ever,
 *		HEAL_STOP exits 0
 *	steady	the same server as "steady", never faulted: it must not
 *		notice anything
 *	healer	runs a load thread that calls "heal" continuously through
 *		a reconnecting names_conn and checks every reply, while
 *		it kills heal HEAL_KILLS times through init's control
 *		endpoint, makes it crash HEAL_CRASHES times and hang
 *		HEAL_HANGS times (the heartbeat must catch those); after
 *		each fault it waits for the load to get answers again
 *	crashy	crashes at once, every time (its restart limit must end it)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <slate/names_client.h>
#include <slate/supervisor.h>
#include <slate/thread.h>

#include "svctest.h"

enum { HEAL_ECHO = 1, HEAL_CRASH, HEAL_HANG, HEAL_STOP };

#define HEAL_KILLS      50
#define HEAL_CRASHES    5
#define HEAL_HANGS      3
#define HEAL_FAULTS     (HEAL_KILLS + HEAL_CRASHES + HEAL_HANGS)
#define HEAL_WAIT_NS    5000000000ull  /* for a restarted server */
#define HEAL_RECOVER_NS 10000000000ull /* for the load to get answers */
#define MS              1000000ull

/* ---- heal and steady: the servers ---- */

static uint64_t served; /* HEAL_ECHO requests answered by this instance */

static slate_status_t heal_echo(void *state, struct svc_request *req)
{
	req->words[0]++;
	req->words[1]++;
	req->words[2] = ++served;
	req->nwords = 3;
	return SLATE_OK;
}

static slate_status_t heal_crash(void *state, struct svc_request *req)
{
	*(volatile uint64_t *)8 = 1; /* unmapped: the kernel kills us */
	return SLATE_ERR_BAD_STATE;
}

static slate_status_t heal_hang(void *state, struct svc_request *req)
{
	for (;;)
		slate_thread_sleep(SLATE_TIME_INFINITE);
}

static slate_status_t heal_stop(void *state, struct svc_request *req)
{
	exit(0); /* a clean exit: "restart on-failure" leaves it down */
}

static const struct svc_op heal_ops[] = {
    {HEAL_ECHO, 2, heal_echo},
    {HEAL_CRASH, 0, heal_crash},
    {HEAL_HANG, 0, heal_hang},
    {HEAL_STOP, 0, heal_stop},
};
static const struct svc_server heal_server = {"heal", heal_ops, 4, NULL};

static struct slate_ipc_buffer main_buf __attribute__((aligned(4096)));
static struct slate_ipc_buffer load_buf __attribute__((aligned(4096)));

/* Serve on the endpoint init made (its heartbeats come there too). */
int run_heal_server(const char *name)
{
	slate_handle_t ep = slate_start_handle(SLATE_START_SERVE);
	struct svc_conn names = slate_names_conn();
	slate_status_t pub, st;

	if (slate_thread_set_ipc_buffer(&main_buf) != SLATE_OK || !ep)
		return 2;
	pub = slate_handle_duplicate(ep, SLATE_RIGHT_WRITE |
					     SLATE_RIGHT_DUPLICATE |
					     SLATE_RIGHT_TRANSFER);
	st = slate_names_register(&names, &main_buf, name,
				  pub < 0 ? SLATE_HANDLE_INVALID
					  : (slate_handle_t)pub);
	if (st != SLATE_OK) {
		printf("svctest %s: cannot register: %lld\n", name,
		       (long long)st);
		return 2;
	}
	svc_serve(&heal_server, NULL, ep);
	return 1;
}

int run_crashy(void)
{
	*(volatile uint64_t *)8 = 1;
	return 1;
}

/* ---- healer: the load ---- */

struct load {
	struct names_conn conn;          /* connects: [atomic] read by main */
	uint64_t ok, clear, lost, wrong; /* [atomic] */
	bool stop;                       /* [atomic] */
	slate_status_t odd;              /* the last unexpected error */
};

static void load_count(uint64_t *n)
{
	__atomic_add_fetch(n, 1, __ATOMIC_RELEASE);
}

static uint64_t load_read(uint64_t *n)
{
	return __atomic_load_n(n, __ATOMIC_ACQUIRE);
}

/* One request, its answer checked: right, clear error, lost or wrong. */
static void load_one(struct load *l, uint64_t seq)
{
	struct slate_msg m = {.info = SLATE_MSG_INFO(HEAL_ECHO, 2, 0),
			      .words = {seq, ~seq}};
	slate_status_t st =
	    names_conn_call(&l->conn, &m, NAMES_CONN_IDEMPOTENT);

	if (st == SLATE_OK && m.words[0] == seq + 1 && m.words[1] == ~seq + 1)
		load_count(&l->ok);
	else if (st == SLATE_OK)
		load_count(&l->wrong);
	else if (st == SLATE_ERR_PEER_CLOSED)
		load_count(&l->clear);
	else {
		l->odd = st;
		load_count(&l->lost);
	}
}

static void *load_thread(void *arg)
{
	struct load *l = arg;

	slate_thread_set_ipc_buffer(&load_buf);
	for (uint64_t seq = 1; !__atomic_load_n(&l->stop, __ATOMIC_ACQUIRE);
	     seq++)
		load_one(l, seq);
	names_conn_close(&l->conn);
	return NULL;
}

/* ---- healer: the faults ---- */

enum fault { FAULT_KILL, FAULT_CRASH, FAULT_HANG };

struct healer {
	struct load load;
	struct svc_conn control;
	struct names_conn heal;   /* the main thread's, for CRASH/HANG */
	struct names_conn steady; /* must never notice a thing */
	uint64_t steady_served;
	bool steady_ok;
	unsigned injected, recovered;
	slate_time_t outage[HEAL_FAULTS];
};

static slate_status_t control_call(struct healer *h, uint64_t op,
				   const char *name, struct slate_msg *m)
{
	*m = (struct slate_msg){.info =
				    SLATE_MSG_INFO(op, SLATE_NAMES_WORDS, 0)};
	slate_names_pack(name, m->words);
	return svc_call(&h->control, m);
}

/* A request the server dies of: only a clear error may come back. */
static slate_status_t fatal_request(struct healer *h, uint64_t op)
{
	struct slate_msg m = {.info = SLATE_MSG_INFO(HEAL_ECHO, 2, 0)};
	slate_status_t st;

	/* Reach the live instance first, not a dead endpoint. */
	st = names_conn_call(&h->heal, &m, NAMES_CONN_IDEMPOTENT);
	if (st != SLATE_OK)
		return st;
	m = (struct slate_msg){.info = SLATE_MSG_INFO(op, 0, 0)};
	return names_conn_call(&h->heal, &m, 0);
}

static bool inject(struct healer *h, enum fault f)
{
	struct slate_msg m;
	slate_status_t st;

	if (f == FAULT_KILL)
		return control_call(h, SLATE_SUPERVISOR_KILL, "heal", &m) ==
		       SLATE_OK;
	st = fatal_request(h, f == FAULT_CRASH ? HEAL_CRASH : HEAL_HANG);
	return st == SLATE_ERR_PEER_CLOSED;
}

/* Wait until the load reconnected and got an answer from the new one. */
static bool wait_recovered(struct healer *h, uint64_t connects_before)
{
	slate_time_t until = slate_clock_get() + HEAL_RECOVER_NS;
	uint64_t ok = 0;
	bool reconnected = false;

	while (slate_clock_get() < until) {
		if (!reconnected &&
		    load_read(&h->load.conn.connects) > connects_before) {
			reconnected = true;
			ok = load_read(&h->load.ok);
		}
		if (reconnected && load_read(&h->load.ok) > ok)
			return true;
		slate_thread_sleep(slate_clock_get() + MS);
	}
	return false;
}

/* steady answers each call with its count of answers: one more each. */
static void check_steady(struct healer *h)
{
	struct slate_msg m = {.info = SLATE_MSG_INFO(HEAL_ECHO, 2, 0)};
	slate_status_t st = names_conn_call(&h->steady, &m, 0);

	if (st != SLATE_OK || m.words[2] != h->steady_served + 1)
		h->steady_ok = false;
	h->steady_served = m.words[2];
}

static void fault_once(struct healer *h, enum fault f)
{
	uint64_t before = load_read(&h->load.conn.connects);
	slate_time_t t0 = slate_clock_get();

	if (!inject(h, f)) {
		printf("svctest healer: fault %u (kind %d) not injected\n",
		       h->injected + 1, (int)f);
		return;
	}
	h->injected++;
	if (wait_recovered(h, before))
		h->outage[h->recovered++] = slate_clock_get() - t0;
	else
		printf("svctest healer: no recovery after fault %u\n",
		       h->injected);
	check_steady(h);
}

/* Insertion sort: at most HEAL_FAULTS values, and no qsort here. */
static void sort_times(slate_time_t *t, unsigned n)
{
	for (unsigned i = 1; i < n; i++)
		for (unsigned j = i; j > 0 && t[j - 1] > t[j]; j--) {
			slate_time_t x = t[j];

			t[j] = t[j - 1];
			t[j - 1] = x;
		}
}

static void report(struct healer *h)
{
	struct load *l = &h->load;
	slate_time_t median = 0, max = 0;

	sort_times(h->outage, h->recovered);
	if (h->recovered) {
		median = h->outage[h->recovered / 2];
		max = h->outage[h->recovered - 1];
	}
	printf("[svctest] heal: faults %u (kill %u, crash %u, hang %u), "
	       "recovered %u; requests ok %llu, clear errors %llu, lost "
	       "%llu, wrong %llu; outage seen by the client median %llu "
	       "us, max %llu us\n",
	       h->injected, HEAL_KILLS, HEAL_CRASHES, HEAL_HANGS, h->recovered,
	       (unsigned long long)l->ok, (unsigned long long)l->clear,
	       (unsigned long long)l->lost, (unsigned long long)l->wrong,
	       (unsigned long long)median / 1000,
	       (unsigned long long)max / 1000);
	if (l->lost)
		printf("svctest healer: last unexpected error %lld\n",
		       (long long)l->odd);
	CHECK_EQ("heal_faults_injected", h->injected, HEAL_FAULTS);
	CHECK_EQ("heal_all_recovered", h->recovered, HEAL_FAULTS);
	CHECK_EQ("heal_none_lost", l->lost, 0);
	CHECK_EQ("heal_none_wrong", l->wrong, 0);
	check("heal_load_kept_going", l->ok > HEAL_FAULTS * 2,
	      "too few answers", (long long)l->ok);
	check("heal_steady_undisturbed", h->steady_ok,
	      "steady restarted or failed", (long long)h->steady_served);
}

/* What init says about heal, and what it refuses. */
static void check_control(struct healer *h)
{
	struct slate_msg m;

	CHECK_EQ("heal_control_status",
		 control_call(h, SLATE_SUPERVISOR_STATUS, "heal", &m),
		 SLATE_OK);
	CHECK_EQ("heal_supervisor_restarts", m.words[0], h->injected);
	CHECK_EQ("heal_running", m.words[1], 1);
	CHECK_EQ("heal_control_other_refused",
		 control_call(h, SLATE_SUPERVISOR_KILL, "steady", &m),
		 SLATE_ERR_ACCESS);
	CHECK_EQ("heal_control_unknown_refused",
		 control_call(h, SLATE_SUPERVISOR_STATUS, "ghost", &m),
		 SLATE_ERR_ACCESS);
	m = (struct slate_msg){.info = SLATE_MSG_INFO(SLATE_SUPERVISOR_KILL,
						      SLATE_NAMES_WORDS, 0)};
	CHECK_EQ("heal_control_bad_name_refused", svc_call(&h->control, &m),
		 SLATE_ERR_INVALID);
}

/* A clean exit is not a failure: heal must stay down. */
static void stop_heal(struct healer *h)
{
	struct slate_msg m = {.info = SLATE_MSG_INFO(HEAL_STOP, 0, 0)};
	slate_time_t until = slate_clock_get() + HEAL_WAIT_NS;
	uint64_t restarts = h->injected;

	CHECK_EQ("heal_stopped", names_conn_call(&h->heal, &m, 0),
		 SLATE_ERR_PEER_CLOSED);
	do {
		slate_thread_sleep(slate_clock_get() + 10 * MS);
		control_call(h, SLATE_SUPERVISOR_STATUS, "heal", &m);
	} while (m.words[1] && slate_clock_get() < until);
	CHECK_EQ("heal_clean_exit_not_restarted",
		 m.words[1] * 1000 + m.words[0], restarts);
	m = (struct slate_msg){.info = SLATE_MSG_INFO(HEAL_STOP, 0, 0)};
	CHECK_EQ("heal_steady_stopped", names_conn_call(&h->steady, &m, 0),
		 SLATE_ERR_PEER_CLOSED);
}

static struct healer healer;

static void run_faults(struct healer *h)
{
	for (unsigned i = 0; i < HEAL_KILLS; i++)
		fault_once(h, FAULT_KILL);
	for (unsigned i = 0; i < HEAL_CRASHES; i++)
		fault_once(h, FAULT_CRASH);
	for (unsigned i = 0; i < HEAL_HANGS; i++)
		fault_once(h, FAULT_HANG);
}

int run_healer(void)
{
	struct healer *h = &healer;
	struct svc_conn names = slate_names_conn();
	struct slate_thread *load;
	slate_time_t t0 = slate_clock_get();

	h->control = svc_conn_remote(slate_start_handle(SLATE_START_CONTROL));
	h->steady_ok = true;
	if (slate_thread_set_ipc_buffer(&main_buf) != SLATE_OK ||
	    names_conn_init(&h->heal, &names, &main_buf, "heal",
			    HEAL_WAIT_NS) != SLATE_OK ||
	    names_conn_init(&h->steady, &names, &main_buf, "steady",
			    HEAL_WAIT_NS) != SLATE_OK ||
	    names_conn_init(&h->load.conn, &names, &load_buf, "heal",
			    HEAL_WAIT_NS) != SLATE_OK)
		return 2;
	check_steady(h);
	if (slate_thread_create(&load, load_thread, &h->load, 0) != SLATE_OK)
		return 2;
	while (load_read(&h->load.ok) < 10 &&
	       slate_clock_get() < t0 + 5000 * MS)
		slate_thread_sleep(slate_clock_get() + MS);

	run_faults(h);
	__atomic_store_n(&h->load.stop, true, __ATOMIC_RELEASE);
	slate_thread_join(load, NULL);
	report(h);
	check_control(h);
	stop_heal(h);
	printf("svctest healer: done in %llu ms\n",
	       (unsigned long long)(slate_clock_get() - t0) / MS);
	return 0;
}
