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

#include <slate/sys.h>
#include <slate/thread.h>

#include "manifest.h"

/* The service that is the name service, whatever the manifest's order. */
#define INIT_NAMES_SERVICE       "names"
/* A service's quota when its block has no "memory" line: 4 MiB. */
#define INIT_DEFAULT_QUOTA_PAGES 1024

/* One service of the manifest, as init tracks it. */
struct init_system;

struct init_service {
	struct init_system *sys;
	unsigned index; /* in the manifest, and its bit in sys->exited */
	const struct manifest_service *svc;
	uint64_t badge;               /* on its name service handle; never 0 */
	slate_handle_t process;       /* SLATE_HANDLE_INVALID: not running */
	struct slate_thread *watcher; /* waits for it to end */
	int64_t status;               /* its exit status, once it ended */
};

struct init_system {
	const struct manifest *m;
	struct init_service service[MANIFEST_MAX_SERVICES];
	struct init_service *names; /* NULL if the manifest has none */
	slate_handle_t names_ep;    /* no READ: grants and mints */
	slate_handle_t exited;      /* notification: bit i, service i */
	unsigned running;           /* services running, names included */
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
 * the name service has ended nobody can call it any more, so it is
 * stopped and this returns.
 */
void init_watch_services(struct init_system *sys);

/*
 * The supervisor's hook: called once for each service that ended, with
 * the status PROCESS_WAIT gave (-256 killed, -257 faulted). Today it only
 * reports. XXX: no service is restarted yet, whatever its restart line
 * says; the supervisor that reads restart and heartbeat comes next.
 */
void init_service_exited(struct init_system *sys, struct init_service *s);

#endif
