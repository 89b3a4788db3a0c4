/* SPDX-License-Identifier: MIT */
/*
 * The supervisor: what init does when a service ends (restart it as its
 * "restart" line says, with exactly the grants it had, up to its limit),
 * the heartbeats of services with a "heartbeat" line (a service that
 * stops answering is killed and restarted like a crashed one), and the
 * control endpoint through which a service with "control" lines may ask
 * init to kill another. MINIX 3's reincarnation server is the model.
 * docs/services.md tells the whole story.
 */
#include <stdio.h>
#include <string.h>

#include <slate/names.h>
#include <slate/server.h>
#include <slate/supervisor.h>

#include "init.h"

/* ---- restarts ---- */

static const char *how_it_ended(const struct init_service *s)
{
	if (s->hung)
		return " (killed: missed its heartbeat)";
	if (s->status == -256)
		return " (killed)";
	return s->status == -257 ? " (faulted)" : "";
}

/* Whether s's restart line asks for another instance. */
static bool wants_restart(const struct init_service *s)
{
	bool failed = s->status != 0 || s->hung;

	if (s == s->sys->names)
		return false; /* XXX: init cannot hand a new one its endpoint */
	switch (s->svc->restart) {
	case MANIFEST_RESTART_ALWAYS:
		return true;
	case MANIFEST_RESTART_ON_FAILURE:
		return failed;
	default:
		return false;
	}
}

/*
 * Count this restart in a row unless the instance ran long enough to be
 * called healthy; false (said why) if the limit forbids it. XXX: there
 * is no backoff: a service that crashes at once and has no limit is
 * restarted as fast as init can spawn it.
 */
static bool within_limit(struct init_service *s)
{
	uint32_t limit = s->svc->restart_limit;

	if (s->died - s->started >= INIT_RESTART_STABLE_NS)
		s->in_a_row = 0;
	if (limit && s->in_a_row >= limit) {
		printf("init: service %s: restart limit %u reached (%u "
		       "restarts in a row, none ran %llu ms); giving up\n",
		       s->svc->name, limit, s->in_a_row,
		       INIT_RESTART_STABLE_NS / 1000000);
		s->given_up = true;
		return false;
	}
	s->in_a_row++;
	return true;
}

void init_service_exited(struct init_system *sys, struct init_service *s)
{
	printf("init: service %s exited with status %lld%s\n", s->svc->name,
	       (long long)s->status, how_it_ended(s));
	if (sys->stopping)
		return;
	if (s == sys->names && s->svc->restart != MANIFEST_RESTART_NEVER)
		printf("init: XXX: the name service cannot be restarted "
		       "yet\n");
	if (!wants_restart(s) || !within_limit(s))
		return;

	s->restarts++;
	s->restart_from = s->died;
	s->hung = false;
	if (!init_start_one(s, true)) {
		printf("init: service %s: restart failed; giving up\n",
		       s->svc->name);
		s->given_up = true;
		return;
	}
	/* With a heartbeat, its pinger times the first answer instead. */
	if (!s->pinger)
		printf("init: restarted %s in %llu us (restart %u; spawned, "
		       "no heartbeat to time its answer)\n",
		       s->svc->name,
		       (unsigned long long)(slate_clock_get() - s->died) / 1000,
		       s->restarts);
}

/* ---- heartbeats ---- */

static slate_time_t period_ns(const struct init_service *s)
{
	return (slate_time_t)s->svc->heartbeat_ms * 1000000;
}

/*
 * One instance's pinger: ping at once (the first answer times a
 * restart), then every period until the instance is gone or stop is
 * signalled. ping_due tells the main thread when the outstanding ping
 * must have been answered; it kills the instance if it was not. The
 * first ping also covers the start (loading, registering its names), so
 * it gets INIT_HEARTBEAT_GRACE_NS more.
 */
static void *pinger(void *arg)
{
	struct init_service *s = arg;
	struct svc_conn conn = svc_conn_remote(s->serve_ep);
	slate_status_t st;
	uint64_t cookie;

	for (cookie = 1;; cookie++) {
		slate_time_t grace = cookie == 1 ? INIT_HEARTBEAT_GRACE_NS : 0;

		if (cookie > 1 &&
		    slate_notify_wait(s->stop,
				      slate_clock_get() + period_ns(s)) !=
			SLATE_ERR_TIMED_OUT)
			return NULL; /* told to stop */
		__atomic_store_n(&s->ping_due,
				 slate_clock_get() + period_ns(s) + grace,
				 __ATOMIC_RELEASE);
		st = svc_ping(&conn, cookie);
		__atomic_store_n(&s->ping_due, 0, __ATOMIC_RELEASE);
		if (st != SLATE_OK)
			break;
		if (cookie == 1 && s->restart_from)
			printf("init: restarted %s in %llu us (restart %u)\n",
			       s->svc->name,
			       (unsigned long long)(slate_clock_get() -
						    s->restart_from) /
				   1000,
			       s->restarts);
	}
	/* Killed again before it answered once: no restart time to give. */
	if (st == SLATE_ERR_PEER_CLOSED && cookie == 1 && s->restart_from)
		printf("init: restarted %s (restart %u), ended before its "
		       "first answer\n",
		       s->svc->name, s->restarts);
	if (st != SLATE_ERR_PEER_CLOSED)
		printf("init: service %s: bad heartbeat answer (%lld); no "
		       "longer watched\n",
		       s->svc->name, (long long)st);
	return NULL;
}

void init_heartbeat_start(struct init_service *s)
{
	slate_status_t n;

	if (!s->svc->heartbeat_ms || !s->serve_ep)
		return;
	n = slate_notify_create();
	if (n < 0 ||
	    slate_thread_create(&s->pinger, pinger, s, 0) != SLATE_OK) {
		printf("init: service %s: cannot watch its heartbeat; it "
		       "runs unwatched\n",
		       s->svc->name);
		if (n >= 0)
			slate_handle_close((slate_handle_t)n);
		s->pinger = NULL;
		return;
	}
	s->stop = (slate_handle_t)n;
}

void init_heartbeat_stop(struct init_service *s)
{
	if (s->pinger) {
		/* Its ping, if any, failed when the instance died. */
		slate_notify_signal(s->stop, 1);
		slate_thread_join(s->pinger, NULL);
		slate_handle_close(s->stop);
		s->pinger = NULL;
		s->stop = SLATE_HANDLE_INVALID;
	}
	if (s->serve_ep)
		slate_handle_close(s->serve_ep);
	s->serve_ep = SLATE_HANDLE_INVALID;
}

/* Kill s if its outstanding ping is overdue; when to look again. */
static slate_time_t check_one(struct init_service *s, slate_time_t now)
{
	slate_time_t due = __atomic_load_n(&s->ping_due, __ATOMIC_ACQUIRE);

	if (!due)
		return now + period_ns(s); /* a later ping is due later */
	if (now < due)
		return due;
	printf("init: service %s missed its heartbeat (no answer in %u "
	       "ms); killing it\n",
	       s->svc->name, s->svc->heartbeat_ms);
	s->hung = true;
	slate_process_kill(s->process);
	return SLATE_TIME_INFINITE; /* until it is reaped */
}

slate_time_t init_heartbeat_check(struct init_system *sys)
{
	slate_time_t next = SLATE_TIME_INFINITE;
	slate_time_t now = slate_clock_get();

	slate_lock(&sys->lock);
	for (unsigned i = 0; i < sys->m->count; i++) {
		struct init_service *s = &sys->service[i];
		slate_time_t when;

		if (!s->pinger || s->process == SLATE_HANDLE_INVALID || s->hung)
			continue;
		when = check_one(s, now);
		if (when < next)
			next = when;
	}
	slate_unlock(&sys->lock);
	return next;
}

/* ---- the control endpoint ---- */

/* The service called name, or NULL. */
static struct init_service *service_named(struct init_system *sys,
					  const char *name)
{
	for (unsigned j = 0; j < sys->m->count; j++)
		if (!strcmp(sys->service[j].svc->name, name))
			return &sys->service[j];
	return NULL;
}

/*
 * The service a control request names, if the caller's block has a
 * "control" line for it; NULL with *err set otherwise.
 */
static struct init_service *controlled(struct init_system *sys,
				       const struct svc_request *req,
				       slate_status_t *err)
{
	char name[SLATE_NAMES_MAX + 1];
	const struct manifest_names *may;

	*err = SLATE_ERR_INVALID;
	if (!slate_names_unpack(req->words, name))
		return NULL;
	*err = SLATE_ERR_ACCESS;
	if (req->badge == 0 || req->badge > sys->m->count)
		return NULL;
	may = &sys->service[req->badge - 1].svc->controls;
	for (unsigned i = 0; i < may->count; i++)
		if (!strcmp(may->name[i], name))
			return service_named(sys, name);
	return NULL;
}

static slate_status_t control_kill(void *state, struct svc_request *req)
{
	struct init_system *sys = state;
	slate_status_t st;
	struct init_service *s;

	slate_lock(&sys->lock);
	s = controlled(sys, req, &st);
	if (s && s->process == SLATE_HANDLE_INVALID)
		st = SLATE_ERR_BAD_STATE;
	else if (s)
		st = slate_process_kill(s->process);
	slate_unlock(&sys->lock);
	req->nwords = 0;
	return st;
}

static slate_status_t control_status(void *state, struct svc_request *req)
{
	struct init_system *sys = state;
	slate_status_t st;
	struct init_service *s;

	slate_lock(&sys->lock);
	s = controlled(sys, req, &st);
	if (s) {
		req->words[0] = s->restarts;
		req->words[1] = s->process != SLATE_HANDLE_INVALID;
		req->words[2] = s->given_up;
		req->nwords = 3;
		st = SLATE_OK;
	}
	slate_unlock(&sys->lock);
	return st;
}

static slate_status_t control_list(void *state, struct svc_request *req)
{
	struct init_system *sys = state;
	const struct manifest_names *may;
	struct init_service *s;
	uint64_t i = req->words[0];

	if (req->badge == 0 || req->badge > sys->m->count)
		return SLATE_ERR_ACCESS;
	may = &sys->service[req->badge - 1].svc->controls;
	if (i >= may->count)
		return SLATE_ERR_NOT_FOUND;
	slate_lock(&sys->lock);
	s = service_named(sys, may->name[i]);
	if (s) {
		slate_names_pack(s->svc->name, req->words);
		req->words[SLATE_NAMES_WORDS] = SLATE_SUPERVISOR_LIST_STATE(
		    s->restarts, s->process != SLATE_HANDLE_INVALID,
		    s->given_up);
		req->nwords = SLATE_NAMES_WORDS + 1;
	}
	slate_unlock(&sys->lock);
	return s ? SLATE_OK : SLATE_ERR_NOT_FOUND;
}

static const struct svc_op control_ops[] = {
    {SLATE_SUPERVISOR_KILL, SLATE_NAMES_WORDS, control_kill},
    {SLATE_SUPERVISOR_STATUS, SLATE_NAMES_WORDS, control_status},
    {SLATE_SUPERVISOR_LIST, 1, control_list},
};

static const struct svc_server control_server = {
    .name = "init",
    .ops = control_ops,
    .nops = sizeof(control_ops) / sizeof(control_ops[0]),
};

static slate_handle_t control_rx;

static void *control_thread(void *arg)
{
	slate_status_t st = svc_serve(&control_server, arg, control_rx);

	printf("init: control endpoint closed: %lld\n", (long long)st);
	return NULL;
}

void init_supervisor_start(struct init_system *sys)
{
	slate_status_t ep = slate_endpoint_create();
	slate_status_t keep;

	if (ep < 0) {
		printf("init: no control endpoint: %lld\n", (long long)ep);
		return;
	}
	keep = slate_handle_duplicate(
	    (slate_handle_t)ep,
	    SLATE_RIGHT_WRITE | SLATE_RIGHT_DUPLICATE | SLATE_RIGHT_TRANSFER);
	control_rx = (slate_handle_t)ep; /* all rights, READ among them */
	if (keep < 0 || slate_thread_create(&sys->control, control_thread, sys,
					    0) != SLATE_OK) {
		printf("init: no control server; 'control' lines are "
		       "ignored\n");
		if (keep >= 0)
			slate_handle_close((slate_handle_t)keep);
		slate_handle_close(control_rx);
		return;
	}
	sys->control_ep = (slate_handle_t)keep;
}
