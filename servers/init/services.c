/* SPDX-License-Identifier: MIT */
/*
 * Starting the services of the manifest with exactly what each block
 * grants: a resource narrowed from init's root for every irq, mmio and
 * ioport line, a name service handle whose badge names the service (and
 * grants sent to the name service for its register and lookup lines),
 * its memory quota and its arguments. Nothing else: a service gets no
 * handle init did not put in its start block.
 */
#include <stdio.h>
#include <string.h>

#include <slate/mm.h>
#include <slate/names_client.h>
#include <slate/spawn.h>

#include "init.h"

/* Where each kind of range goes: the resource kind and the start kind. */
struct range_kind {
	const char *key;
	uint32_t resource;
	uint32_t start;
};

static const struct range_kind range_kinds[] = {
    {"irq", SLATE_RESOURCE_IRQ, SLATE_START_IRQ},
    {"mmio", SLATE_RESOURCE_MMIO, SLATE_START_MMIO},
    {"ioport", SLATE_RESOURCE_IOPORT, SLATE_START_IOPORT},
};

static const struct manifest_ranges *ranges_of(const struct manifest_service *v,
					       unsigned kind)
{
	const struct manifest_ranges *r[] = {&v->irq, &v->mmio, &v->ioport};

	return r[kind];
}

/* The handles a service is given, as they are being gathered. */
struct start_handles {
	unsigned n;
	struct slate_spawn_handle h[SLATE_SPAWN_MAX_HANDLES];
};

static void start_handles_close(struct start_handles *sh)
{
	for (unsigned i = 0; i < sh->n; i++)
		slate_handle_close(sh->h[i].handle);
	sh->n = 0;
}

/* The next run of consecutive powers in set at or after *from. */
static bool next_power_run(uint32_t set, unsigned *from, unsigned *count)
{
	unsigned p = *from;

	while (p < SLATE_POWER_COUNT && !(set & (1u << p)))
		p++;
	if (p == SLATE_POWER_COUNT)
		return false;
	*count = 0;
	while (p + *count < SLATE_POWER_COUNT && (set & (1u << (p + *count))))
		(*count)++;
	*from = p;
	return true;
}

static unsigned power_runs(uint32_t set)
{
	unsigned n = 0, from = 0, count;

	for (; next_power_run(set, &from, &count); from += count)
		n++;
	return n;
}

static unsigned ranges_total(const struct manifest_service *v)
{
	return v->irq.count + v->mmio.count + v->ioport.count +
	       power_runs(v->powers);
}

/*
 * One SLATE_RESOURCE_SYSTEM resource per run of consecutive powers the
 * service's system lines grant: all three make one handle.
 */
static slate_status_t add_powers(struct start_handles *sh,
				 const struct manifest_service *v)
{
	slate_handle_t root = slate_start_handle(SLATE_START_RESOURCE);
	unsigned from = 0, count;

	for (; next_power_run(v->powers, &from, &count); from += count) {
		slate_status_t h = slate_resource_create(
		    root, SLATE_RESOURCE_SYSTEM, from, count);

		if (h < 0) {
			printf("init: service %s: cannot narrow the root "
			       "resource to system powers %u+%u: %lld\n",
			       v->name, from, count, (long long)h);
			return h;
		}
		sh->h[sh->n++] = (struct slate_spawn_handle){
		    (slate_handle_t)h, SLATE_START_SYSTEM};
	}
	return SLATE_OK;
}

/* One narrowed resource per range line of v, in manifest order. */
static slate_status_t add_resources(struct start_handles *sh,
				    const struct manifest_service *v)
{
	slate_handle_t root = slate_start_handle(SLATE_START_RESOURCE);

	for (unsigned k = 0; k < 3; k++) {
		const struct manifest_ranges *r = ranges_of(v, k);

		for (unsigned i = 0; i < r->count; i++) {
			slate_status_t h = slate_resource_create(
			    root, range_kinds[k].resource, r->range[i].base,
			    r->range[i].size);

			if (h < 0) {
				printf("init: service %s: cannot narrow the "
				       "root resource to %s 0x%llx+0x%llx: "
				       "%lld\n",
				       v->name, range_kinds[k].key,
				       (unsigned long long)r->range[i].base,
				       (unsigned long long)r->range[i].size,
				       (long long)h);
				return h;
			}
			sh->h[sh->n++] = (struct slate_spawn_handle){
			    (slate_handle_t)h, range_kinds[k].start};
		}
	}
	return SLATE_OK;
}

/* The name service handle: its receiving end, or a badged one to call. */
static slate_status_t add_names_handle(struct start_handles *sh,
				       struct init_service *s,
				       slate_handle_t names_rx)
{
	struct init_system *sys = s->sys;
	slate_status_t h;

	if (s == sys->names)
		h = names_rx;
	else if (sys->names)
		h = slate_handle_mint(sys->names_ep,
				      SLATE_RIGHT_WRITE | SLATE_RIGHT_TRANSFER,
				      s->badge);
	else
		return SLATE_OK; /* said once, when the manifest was read */
	if (h < 0)
		return h;
	sh->h[sh->n++] =
	    (struct slate_spawn_handle){(slate_handle_t)h, SLATE_START_NAMES};
	return SLATE_OK;
}

static bool looks_up(const struct manifest_service *v, const char *name)
{
	for (unsigned i = 0; i < v->lookups.count; i++)
		if (!strcmp(v->lookups.name[i], name))
			return true;
	return false;
}

/*
 * Handles every service gets besides its ranges: names, serve, and
 * control and the memory manager if its block asks for them.
 */
static unsigned fixed_handles(const struct manifest_service *v)
{
	return 2 + (v->controls.count ? 1 : 0) +
	       (looks_up(v, SLATE_MM_NAME) ? 1 : 0);
}

/* Whether v can be started at all; says why not. */
static bool startable(const struct manifest_service *v)
{
	if (v->class != MANIFEST_IC2) {
		printf("init: service %s: class %s cannot be started yet "
		       "(only ic2); not started\n",
		       v->name, manifest_class_name(v->class));
		return false;
	}
	if (fixed_handles(v) + ranges_total(v) > SLATE_SPAWN_MAX_HANDLES) {
		printf("init: service %s: %u irq, mmio, ioport and system "
		       "resources, but a service can be given at most %u; "
		       "not started\n",
		       v->name, ranges_total(v),
		       SLATE_SPAWN_MAX_HANDLES - fixed_handles(v));
		return false;
	}
	if (v->group[0])
		printf("init: service %s: XXX: coalescing group %s is not "
		       "supported yet; it runs alone\n",
		       v->name, v->group);
	return true;
}

/*
 * The endpoint the service serves on: it gets the whole of it, init
 * keeps a copy that can only call (for heartbeats, so that they fail
 * with SLATE_ERR_PEER_CLOSED once the instance is gone).
 */
static slate_status_t add_serve_endpoint(struct start_handles *sh,
					 struct init_service *s)
{
	slate_status_t ep = slate_endpoint_create();
	slate_status_t child, keep;

	if (ep < 0)
		return ep;
	child = slate_handle_duplicate((slate_handle_t)ep,
				       SLATE_RIGHT_READ | SLATE_RIGHT_WRITE |
					   SLATE_RIGHT_DUPLICATE |
					   SLATE_RIGHT_TRANSFER);
	/* DUPLICATE: init mints the memory manager's client handles. */
	keep = slate_handle_duplicate(
	    (slate_handle_t)ep,
	    SLATE_RIGHT_WRITE | SLATE_RIGHT_DUPLICATE | SLATE_RIGHT_TRANSFER);
	slate_handle_close((slate_handle_t)ep);
	if (child < 0 || keep < 0) {
		if (child >= 0)
			slate_handle_close((slate_handle_t)child);
		if (keep >= 0)
			slate_handle_close((slate_handle_t)keep);
		return child < 0 ? child : keep;
	}
	s->serve_ep = (slate_handle_t)keep;
	sh->h[sh->n++] = (struct slate_spawn_handle){(slate_handle_t)child,
						     SLATE_START_SERVE};
	return SLATE_OK;
}

/* Heartbeats to the name service go through init's own handle. */
static slate_status_t ping_names(struct init_service *s)
{
	slate_status_t h = slate_handle_duplicate(
	    s->sys->names_ep, SLATE_RIGHT_WRITE | SLATE_RIGHT_TRANSFER);

	if (h < 0)
		return h;
	s->serve_ep = (slate_handle_t)h;
	return SLATE_OK;
}

/* init's control endpoint, badged as the service, for "control" lines. */
static slate_status_t add_control(struct start_handles *sh,
				  const struct init_service *s)
{
	slate_status_t h;

	if (!s->svc->controls.count || !s->sys->control_ep)
		return SLATE_OK;
	h = slate_handle_mint(s->sys->control_ep,
			      SLATE_RIGHT_WRITE | SLATE_RIGHT_TRANSFER,
			      s->badge);
	if (h < 0)
		return h;
	sh->h[sh->n++] =
	    (struct slate_spawn_handle){(slate_handle_t)h, SLATE_START_CONTROL};
	return SLATE_OK;
}

/*
 * A memory manager client ("lookup mm"): a handle to the memory
 * manager's running instance, minted with the client's number and its
 * memory quota as its limit (<slate/mm.h>), so the memory manager
 * learns both from every call and nobody can claim another limit.
 */
static slate_status_t add_mm(struct start_handles *sh,
			     const struct init_service *s, uint64_t quota)
{
	const struct init_service *mm = s->sys->mm;
	slate_status_t h;

	if (!looks_up(s->svc, SLATE_MM_NAME) || s == mm)
		return SLATE_OK;
	if (!mm || !mm->serve_ep) {
		printf("init: service %s: the memory manager is not running; "
		       "it gets no handle to it\n",
		       s->svc->name);
		return SLATE_OK;
	}
	if (quota > SLATE_MM_MAX_LIMIT_PAGES)
		quota = SLATE_MM_MAX_LIMIT_PAGES;
	h = slate_handle_mint(mm->serve_ep,
			      SLATE_RIGHT_WRITE | SLATE_RIGHT_TRANSFER,
			      SLATE_MM_BADGE(s->badge, quota));
	if (h < 0)
		return h;
	sh->h[sh->n++] =
	    (struct slate_spawn_handle){(slate_handle_t)h, SLATE_START_MM};
	return SLATE_OK;
}

static void *watch_one(void *arg)
{
	struct init_service *s = arg;

	if (slate_process_wait(s->process, SLATE_TIME_INFINITE, &s->status))
		s->status = -257; /* cannot happen with a handle we own */
	s->died = slate_clock_get();
	slate_notify_signal(s->sys->exited, 1ull << s->index);
	return NULL;
}

/* Everything s is given, in s's start block order. */
static slate_status_t gather(struct start_handles *sh, struct init_service *s,
			     slate_handle_t names_rx, uint64_t quota)
{
	slate_status_t st = add_names_handle(sh, s, names_rx);

	if (st == SLATE_OK && s != s->sys->names)
		st = add_serve_endpoint(sh, s);
	else if (st == SLATE_OK)
		st = ping_names(s); /* it serves on its own endpoint */
	if (st == SLATE_OK)
		st = add_control(sh, s);
	if (st == SLATE_OK)
		st = add_mm(sh, s, quota);
	if (st == SLATE_OK)
		st = add_resources(sh, s->svc);
	return st;
}

static void forget_serve_endpoint(struct init_service *s)
{
	if (s->serve_ep)
		slate_handle_close(s->serve_ep);
	s->serve_ep = SLATE_HANDLE_INVALID;
}

/*
 * Start one service; names_rx is the name service's receiving end when
 * s is the name service (consumed either way). Reports what happened.
 */
static bool start_one(struct init_service *s, slate_handle_t names_rx,
		      bool restart)
{
	const struct manifest_service *v = s->svc;
	const char *argv[MANIFEST_MAX_ARGS + 2] = {v->binary};
	uint64_t quota =
	    v->quota_pages ? v->quota_pages : INIT_DEFAULT_QUOTA_PAGES;
	struct start_handles sh = {0};
	slate_handle_t proc;
	slate_status_t st;

	if (!startable(v)) {
		if (names_rx)
			slate_handle_close(names_rx);
		return false;
	}
	for (unsigned i = 0; i < v->argc; i++)
		argv[1 + i] = v->argv[i];
	st = gather(&sh, s, names_rx, quota);
	if (st == SLATE_OK)
		st = add_powers(&sh, v);
	if (st == SLATE_OK)
		st = slate_spawn(v->binary, argv, sh.h, sh.n, quota, &proc);
	if (st != SLATE_OK) {
		printf("init: service %s: cannot start %s: %lld\n", v->name,
		       v->binary, (long long)st);
		start_handles_close(&sh);
		forget_serve_endpoint(s);
		return false;
	}

	s->process = proc;
	s->started = slate_clock_get();
	st = slate_thread_create(&s->watcher, watch_one, s, 0);
	if (st != SLATE_OK) {
		printf("init: service %s: no watcher thread (%lld); "
		       "stopping it\n",
		       v->name, (long long)st);
		slate_process_kill(proc);
		slate_handle_close(proc);
		s->process = SLATE_HANDLE_INVALID;
		forget_serve_endpoint(s);
		return false;
	}
	s->sys->running++;
	if (!restart)
		printf("init: started service %s (%s, %u handles, %llu "
		       "pages)\n",
		       v->name, v->binary, sh.n, (unsigned long long)quota);
	init_heartbeat_start(s);
	return true;
}

bool init_start_one(struct init_service *s, bool restart)
{
	return start_one(s, SLATE_HANDLE_INVALID, restart);
}

/* Tell the name service what one service may register and look up. */
static void grant(struct init_system *sys, const struct init_service *s)
{
	const struct manifest_service *v = s->svc;
	struct svc_conn names = svc_conn_remote(sys->names_ep);
	const struct {
		const struct manifest_names *names;
		enum slate_names_op op;
	} lists[] = {{&v->registers, SLATE_NAMES_ALLOW_REGISTER},
		     {&v->lookups, SLATE_NAMES_ALLOW_LOOKUP}};

	for (unsigned l = 0; l < 2; l++)
		for (unsigned i = 0; i < lists[l].names->count; i++) {
			const char *name = lists[l].names->name[i];
			slate_status_t st = slate_names_allow(
			    &names, lists[l].op, s->badge, name);

			if (st != SLATE_OK)
				printf("init: service %s: the name service "
				       "refused to allow '%s': %lld\n",
				       v->name, name, (long long)st);
		}
}

/*
 * Make the name service's endpoint: init keeps a handle that can call,
 * mint and pass on but not receive (so calls fail once the name service is
 * gone, instead of waiting for init), and returns the receiving end.
 */
static slate_handle_t names_endpoint(struct init_system *sys)
{
	slate_status_t ep = slate_endpoint_create();
	slate_status_t rx, keep;

	if (ep < 0)
		return SLATE_HANDLE_INVALID;
	rx = slate_handle_duplicate((slate_handle_t)ep,
				    SLATE_RIGHT_READ | SLATE_RIGHT_TRANSFER);
	keep = slate_handle_duplicate(
	    (slate_handle_t)ep,
	    SLATE_RIGHT_WRITE | SLATE_RIGHT_DUPLICATE | SLATE_RIGHT_TRANSFER);
	slate_handle_close((slate_handle_t)ep);
	if (rx < 0 || keep < 0) {
		if (rx >= 0)
			slate_handle_close((slate_handle_t)rx);
		if (keep >= 0)
			slate_handle_close((slate_handle_t)keep);
		return SLATE_HANDLE_INVALID;
	}
	sys->names_ep = (slate_handle_t)keep;
	return (slate_handle_t)rx;
}

/* The name service first: everyone else's handle and grants need it. */
static void start_names(struct init_system *sys)
{
	slate_handle_t rx;

	if (!sys->names) {
		printf("init: the manifest has no '%s' service: services get "
		       "no name service handle\n",
		       INIT_NAMES_SERVICE);
		return;
	}
	rx = names_endpoint(sys);
	if (rx == SLATE_HANDLE_INVALID) {
		printf("init: cannot make the name service's endpoint\n");
		sys->names = NULL;
		return;
	}
	start_one(sys->names, rx, false);
	if (sys->names->process == SLATE_HANDLE_INVALID)
		return; /* calls through names_ep now fail at once */
	for (unsigned i = 0; i < sys->m->count; i++)
		if (&sys->service[i] != sys->names)
			grant(sys, &sys->service[i]);
}

void init_start_services(struct init_system *sys, const struct manifest *m)
{
	slate_status_t n = slate_notify_create();

	*sys = (struct init_system){.m = m, .lock = SLATE_LOCK_INIT};
	if (n < 0) {
		printf("init: no notification to watch services with: %lld\n",
		       (long long)n);
		return;
	}
	sys->exited = (slate_handle_t)n;
	init_supervisor_start(sys);
	slate_lock(&sys->lock);
	for (unsigned i = 0; i < m->count; i++) {
		sys->service[i] = (struct init_service){
		    .sys = sys,
		    .index = i,
		    .svc = &m->service[i],
		    .badge = i + 1,
		};
		if (!strcmp(m->service[i].name, INIT_NAMES_SERVICE))
			sys->names = &sys->service[i];
		for (unsigned r = 0; r < m->service[i].registers.count; r++)
			if (!strcmp(m->service[i].registers.name[r],
				    SLATE_MM_NAME))
				sys->mm = &sys->service[i];
	}
	start_names(sys);
	for (unsigned i = 0; i < m->count; i++) {
		struct init_service *s = &sys->service[m->order[i]];

		if (s != sys->names)
			start_one(s, SLATE_HANDLE_INVALID, false);
	}
	slate_unlock(&sys->lock);
}
