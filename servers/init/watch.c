/* SPDX-License-Identifier: MIT */
/*
 * Watching the services init started: each has a thread blocked in
 * PROCESS_WAIT that raises the service's bit in one notification, so
 * init's main thread sleeps until some service ends and learns which,
 * or until a heartbeat could be overdue (supervisor.c).
 */
#include <stdio.h>

#include "init.h"

/* Collect the services whose bits are set in ended. */
static void reap(struct init_system *sys, uint64_t ended)
{
	for (unsigned i = 0; i < sys->m->count; i++) {
		struct init_service *s = &sys->service[i];

		if (!(ended & (1ull << i)) ||
		    s->process == SLATE_HANDLE_INVALID)
			continue;
		slate_thread_join(s->watcher, NULL);
		slate_handle_close(s->process);
		s->process = SLATE_HANDLE_INVALID;
		sys->running--;
		init_heartbeat_stop(s);
		init_service_exited(sys, s);
	}
}

/* Only the main thread changes which services run, so no lock. */
static bool running(const struct init_service *s)
{
	return s && s->process != SLATE_HANDLE_INVALID;
}

/*
 * The system servers still running: the name service and the memory
 * manager serve the others and never end by themselves.
 */
static unsigned servers_running(const struct init_system *sys)
{
	return running(sys->names) +
	       (sys->mm != sys->names && running(sys->mm));
}

/*
 * Wait for one round of exits, or for the next heartbeat deadline;
 * false if waiting itself failed.
 */
static bool wait_round(struct init_system *sys)
{
	slate_time_t next = init_heartbeat_check(sys);
	slate_status_t ended = slate_notify_wait(sys->exited, next);

	if (ended == SLATE_ERR_TIMED_OUT)
		return true;
	if (ended < 0) {
		printf("init: cannot wait for services: %lld\n",
		       (long long)ended);
		return false;
	}
	slate_lock(&sys->lock);
	reap(sys, (uint64_t)ended);
	slate_unlock(&sys->lock);
	return true;
}

void init_watch_services(struct init_system *sys)
{
	if (!sys->exited)
		return;
	while (sys->running > servers_running(sys))
		if (!wait_round(sys))
			return;
	if (!servers_running(sys))
		return;
	printf("init: every other service has ended; stopping the memory "
	       "manager and the name service\n");
	slate_lock(&sys->lock);
	sys->stopping = true;
	if (running(sys->mm))
		slate_process_kill(sys->mm->process);
	if (running(sys->names))
		slate_process_kill(sys->names->process);
	slate_unlock(&sys->lock);
	while (sys->running && wait_round(sys))
		;
}
