/* SPDX-License-Identifier: MIT */
/*
 * System powers (SLATE_RESOURCE_SYSTEM): LOG_READ, PROCESS_LIST,
 * PROCESS_KILL_KOID and POWEROFF each need a resource covering their
 * power, refuse every other handle, and check their arguments. sltest
 * runs as init and so holds the root resource, from which it narrows.
 */
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include <slate/spawn.h>
#include <slate/sys.h>

#include "child/child.h"
#include "sltest.h"

#define QUOTA_PAGES 512
#define LIST_MAX    64

static slate_handle_t root(void)
{
	return slate_start_handle(SLATE_START_RESOURCE);
}

static slate_status_t power(uint32_t first, uint64_t count)
{
	return slate_resource_create(root(), SLATE_RESOURCE_SYSTEM, first,
				     count);
}

SLTEST(system_resources_cover_only_known_powers)
{
	slate_status_t all = power(0, SLATE_POWER_COUNT);
	slate_status_t log;

	SLTEST_CHECK(all > 0);
	SLTEST_CHECK_EQ(power(0, 0), SLATE_ERR_INVALID);
	SLTEST_CHECK_EQ(power(SLATE_POWER_OFF, 2), SLATE_ERR_INVALID);
	SLTEST_CHECK_EQ(power(SLATE_POWER_COUNT, 1), SLATE_ERR_INVALID);
	log = slate_resource_create((slate_handle_t)all, SLATE_RESOURCE_SYSTEM,
				    SLATE_POWER_LOG, 1);
	SLTEST_CHECK(log > 0);
	/* Narrower stays narrower. */
	SLTEST_CHECK_EQ(slate_resource_create((slate_handle_t)log,
					      SLATE_RESOURCE_SYSTEM,
					      SLATE_POWER_PROCESSES, 1),
			SLATE_ERR_ACCESS);
	slate_handle_close((slate_handle_t)log);
	slate_handle_close((slate_handle_t)all);
	return NULL;
}

/* Whether text holds word (the runtime has no strstr). */
static bool contains(const char *text, const char *word)
{
	size_t n = strlen(word);

	for (; *text; text++)
		if (!strncmp(text, word, n))
			return true;
	return false;
}

SLTEST(log_read_gives_the_kernel_log)
{
	static char buf[SLATE_LOG_READ_MAX + 1];
	slate_status_t log = power(SLATE_POWER_LOG, 1);
	slate_status_t procs = power(SLATE_POWER_PROCESSES, 1);
	slate_status_t irq =
	    slate_resource_create(root(), SLATE_RESOURCE_IRQ, 0, 1);
	slate_status_t weak, n;

	SLTEST_CHECK(log > 0 && procs > 0 && irq > 0);
	/* The log starts with the boot banner (the ring is not full yet). */
	n = slate_log_read(log, buf, SLATE_LOG_READ_MAX, 0);
	SLTEST_CHECK(n > 0 && n <= (slate_status_t)SLATE_LOG_READ_MAX);
	buf[n] = '\0';
	SLTEST_CHECK(contains(buf, "Slate booting"));
	SLTEST_CHECK_EQ(slate_log_read(root(), buf, 8, 0), 8);
	SLTEST_CHECK_EQ(slate_log_read(log, buf, sizeof(buf) * 4, 0),
			SLATE_LOG_READ_MAX);
	SLTEST_CHECK_EQ(slate_log_read(log, buf, 0, 0), 0);
	SLTEST_CHECK_EQ(slate_log_read(log, buf, 8, UINT64_MAX / 2), 0);
	SLTEST_CHECK_EQ(slate_log_read(log, (void *)16, 8, 0), SLATE_ERR_FAULT);

	/* Only a resource covering the log power. */
	weak =
	    slate_handle_duplicate((slate_handle_t)log, SLATE_RIGHT_DUPLICATE);
	SLTEST_CHECK(weak > 0);
	SLTEST_CHECK_EQ(slate_log_read(weak, buf, 8, 0), SLATE_ERR_ACCESS);
	SLTEST_CHECK_EQ(slate_log_read(procs, buf, 8, 0), SLATE_ERR_ACCESS);
	SLTEST_CHECK_EQ(slate_log_read(irq, buf, 8, 0), SLATE_ERR_ACCESS);
	SLTEST_CHECK_EQ(slate_log_read(slate_self_process(), buf, 8, 0),
			SLATE_ERR_WRONG_TYPE);
	SLTEST_CHECK_EQ(slate_log_read(54321, buf, 8, 0), SLATE_ERR_BAD_HANDLE);

	slate_handle_close((slate_handle_t)weak);
	slate_handle_close((slate_handle_t)irq);
	slate_handle_close((slate_handle_t)procs);
	slate_handle_close((slate_handle_t)log);
	return NULL;
}

/* The entry for koid among the first n, or NULL. */
static const struct slate_process_entry *
find_entry(const struct slate_process_entry *e, slate_status_t n, uint64_t koid)
{
	for (slate_status_t i = 0; i < n && i < LIST_MAX; i++)
		if (e[i].koid == koid)
			return &e[i];
	return NULL;
}

static uint64_t koid_of(slate_handle_t h)
{
	struct slate_handle_info info = {0};

	slate_handle_info(h, &info);
	return info.koid;
}

SLTEST(process_list_shows_this_process)
{
	static struct slate_process_entry e[LIST_MAX];
	slate_status_t procs = power(SLATE_POWER_PROCESSES, 1);
	slate_status_t log = power(SLATE_POWER_LOG, 1);
	const struct slate_process_entry *me;
	slate_status_t n;

	SLTEST_CHECK(procs > 0 && log > 0);
	n = slate_process_list(procs, e, LIST_MAX);
	SLTEST_CHECK(n >= 1 && n <= LIST_MAX);
	me = find_entry(e, n, koid_of(slate_self_process()));
	SLTEST_CHECK(me != NULL);
	SLTEST_CHECK(strcmp(me->name, "sltest") == 0);
	SLTEST_CHECK_EQ(me->state, SLATE_PROCESS_RUNNING);
	SLTEST_CHECK(me->threads >= 1 && me->pages >= 1);
	/* Asking for none still counts them. */
	SLTEST_CHECK_EQ(slate_process_list(procs, NULL, 0), n);
	SLTEST_CHECK_EQ(slate_process_list(procs, e, 1u << 20),
			SLATE_ERR_INVALID);
	SLTEST_CHECK_EQ(slate_process_list(procs, (void *)16, LIST_MAX),
			SLATE_ERR_FAULT);
	SLTEST_CHECK_EQ(slate_process_list(log, e, LIST_MAX), SLATE_ERR_ACCESS);
	slate_handle_close((slate_handle_t)log);
	slate_handle_close((slate_handle_t)procs);
	return NULL;
}

/* A child that waits on an endpoint nobody calls, until it is killed. */
static const char *spawn_waiting_child(slate_handle_t *p, slate_handle_t *ep)
{
	const char *argv[] = {CHILD_PROGRAM, "serve", NULL};
	slate_status_t e = slate_endpoint_create();
	slate_status_t theirs;
	struct slate_spawn_handle give;

	if (e < 0)
		return "no endpoint";
	theirs = slate_handle_duplicate(
	    (slate_handle_t)e, SLATE_RIGHT_READ | SLATE_RIGHT_TRANSFER);
	if (theirs < 0)
		return "cannot duplicate the endpoint";
	give = (struct slate_spawn_handle){(slate_handle_t)theirs,
					   CHILD_START_ENDPOINT};
	if (slate_spawn(CHILD_PROGRAM, argv, &give, 1, QUOTA_PAGES, p))
		return "cannot spawn the child";
	*ep = (slate_handle_t)e;
	return NULL;
}

SLTEST(process_kill_koid_ends_that_process)
{
	slate_status_t procs = power(SLATE_POWER_PROCESSES, 1);
	slate_status_t log = power(SLATE_POWER_LOG, 1);
	slate_handle_t p, ep;
	int64_t status = 0;
	uint64_t koid;
	const char *why;

	SLTEST_CHECK(procs > 0 && log > 0);
	why = spawn_waiting_child(&p, &ep);
	if (why)
		return why;
	koid = koid_of(p);
	SLTEST_CHECK(koid != 0);
	SLTEST_CHECK_EQ(slate_process_kill_koid(log, koid), SLATE_ERR_ACCESS);
	SLTEST_CHECK_EQ(slate_process_wait(p, SLATE_TIME_POLL, &status),
			SLATE_ERR_WOULD_BLOCK);
	SLTEST_CHECK_EQ(slate_process_kill_koid(procs, koid), SLATE_OK);
	SLTEST_CHECK_EQ(slate_process_wait(p, SLATE_TIME_INFINITE, &status), 0);
	SLTEST_CHECK_EQ(status, SLATE_EXIT_KILLED);
	/* Ended (our handle keeps the object): nothing left to kill. */
	SLTEST_CHECK_EQ(slate_process_kill_koid(procs, koid),
			SLATE_ERR_NOT_FOUND);
	SLTEST_CHECK_EQ(slate_process_kill_koid(procs, 0), SLATE_ERR_NOT_FOUND);
	SLTEST_CHECK_EQ(slate_process_kill_koid(procs, UINT64_MAX),
			SLATE_ERR_NOT_FOUND);
	slate_handle_close(ep);
	slate_handle_close(p);
	slate_handle_close((slate_handle_t)log);
	slate_handle_close((slate_handle_t)procs);
	return NULL;
}

/* Only the refusals: success would end the test run. */
SLTEST(poweroff_needs_its_power)
{
	slate_status_t others = power(SLATE_POWER_LOG, 2);
	slate_status_t off = power(SLATE_POWER_OFF, 1);
	slate_status_t weak;

	SLTEST_CHECK(others > 0 && off > 0);
	SLTEST_CHECK_EQ(slate_poweroff(others), SLATE_ERR_ACCESS);
	weak =
	    slate_handle_duplicate((slate_handle_t)off, SLATE_RIGHT_DUPLICATE);
	SLTEST_CHECK(weak > 0);
	SLTEST_CHECK_EQ(slate_poweroff(weak), SLATE_ERR_ACCESS);
	SLTEST_CHECK_EQ(slate_poweroff(54321), SLATE_ERR_BAD_HANDLE);
	slate_handle_close((slate_handle_t)weak);
	slate_handle_close((slate_handle_t)off);
	slate_handle_close((slate_handle_t)others);
	return NULL;
}
