/* SPDX-License-Identifier: MIT */
/*
 * init's pieces: choosing the manifest (init.c), starting the services
 * it names with exactly what each block grants (services.c), and
 * watching them until they exit (watch.c). docs/services.md tells the
 * whole story.
 */
#ifndef INIT_INIT_H
#define INIT_INIT_H

#include <stdbool.h>

#include <slate/lock.h>
#include <slate/sys.h>
#include <slate/thread.h>

#include "manifest.h"

/* The service that is the name service, whatever the manifest's order. */
#define INIT_NAMES_SERVICE       "names"
/* A service's quota when its block has no "memory" line: 4 MiB. */
#define INIT_DEFAULT_QUOTA_PAGES 1024

/*
 * An instance that ran this long before it ended resets the count of
 * restarts "in a row" that a "restart ... limit N" line bounds.
 */
#define INIT_RESTART_STABLE_NS 1000000000ull

/* A new instance's first heartbeat may take this much longer: 1 s. */
#define INIT_HEARTBEAT_GRACE_NS 1000000000ull

/*
 * One service of the manifest, as init tracks it. Locks: [sys] is
 * sys->lock (the main thread's reaping and restarting, and the control
 * thread's requests); [watcher] is written by the instance's watcher
 * thread before it signals, read after the join; [atomic] is shared
 * with the instance's pinger thread.
 */
struct init_system;

struct init_service {
	struct init_system *sys;
	unsigned index; /* in the manifest, and its bit in sys->exited */
	const struct manifest_service *svc;
	uint64_t badge;         /* on its name service handle; never 0 */
	slate_handle_t process; /* [sys] SLATE_HANDLE_INVALID: not running */
	struct slate_thread *watcher; /* [sys] waits for it to end */
	int64_t status;               /* [watcher] its exit status */
	slate_time_t died;            /* [watcher] when the end was seen */

	/* The supervisor's (supervisor.c). */
	slate_handle_t serve_ep;     /* [sys] WRITE copy of its endpoint */
	struct slate_thread *pinger; /* [sys] heartbeats, this instance */
	slate_handle_t stop;         /* [sys] notification: pinger, end */
	slate_time_t ping_due;       /* [atomic] outstanding ping; 0: none */
	slate_time_t started;        /* [sys] this instance's spawn */
	slate_time_t restart_from;   /* [sys] death that led to it; 0: none */
	unsigned restarts;           /* [sys] in all */
	unsigned in_a_row;           /* [sys] see INIT_RESTART_STABLE_NS */
	bool hung;                   /* [sys] killed: missed a heartbeat */
	bool given_up;               /* [sys] its restart limit was reached */
};

struct init_system {
	const struct manifest *m;
	struct init_service service[MANIFEST_MAX_SERVICES];
	struct init_service *names; /* NULL if the manifest has none */
	struct init_service *mm;    /* registers "mm"; NULL: none */
	slate_handle_t names_ep;    /* no READ: grants and mints */
	slate_handle_t exited;      /* notification: bit i, service i */
	unsigned running;           /* [sys] services running, names too */
	bool stopping;              /* [sys] init is shutting down */
	struct slate_lock lock;
	slate_handle_t control_ep;    /* no READ: minted for "control" lines */
	struct slate_thread *control; /* serves control_ep's receiving end */
};

/*
 * Start the services of m, the name service first, then in m->order:
 * each gets its narrowed resources, a badged name service handle, its
 * quota and its arguments. A service that cannot be started is reported
 * and skipped; the others still start. Fills in sys.
 */
void init_start_services(struct init_system *sys, const struct manifest *m);

/*
 * Wait for the services to exit, reporting each. Once every service but
 * the name service and the memory manager has ended nobody can call
 * them any more, so they are stopped and this returns.
 */
void init_watch_services(struct init_system *sys);

/*
 * Start (restart: a later instance of) service s: its narrowed
 * resources, badged name service handle, serve endpoint, control handle
 * if its block has "control" lines, quota and arguments, exactly as the
 * first time. false if it could not be started (said why). [sys]
 */
bool init_start_one(struct init_service *s, bool restart);

/*
 * The supervisor's hook (supervisor.c): called with sys->lock held once
 * for each instance that ended, with the status PROCESS_WAIT gave (-256
 * killed, -257 faulted). Reports it and restarts the service if its
 * "restart" line and limit say so.
 */
void init_service_exited(struct init_system *sys, struct init_service *s);

/*
 * Start the control server (a thread serving SLATE_START_CONTROL
 * requests, <slate/supervisor.h>). Without it "control" handles fail
 * with SLATE_ERR_PEER_CLOSED; the services still run.
 */
void init_supervisor_start(struct init_system *sys);

/* Start watching s's heartbeat, if its block has one. [sys] */
void init_heartbeat_start(struct init_service *s);

/* Stop watching s's heartbeat once its instance ended. [sys] */
void init_heartbeat_stop(struct init_service *s);

/*
 * Kill every instance whose outstanding ping is older than its
 * heartbeat period; returns when the next one could be overdue
 * (SLATE_TIME_INFINITE if none is watched).
 */
slate_time_t init_heartbeat_check(struct init_system *sys);

#endif
