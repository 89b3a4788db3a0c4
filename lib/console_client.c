/* SPDX-License-Identifier: MIT */
/*
 * The console's client side (<slate/console_client.h>): a session with
 * a notification and a shared page, and a read that sleeps on the
 * notification whenever the console has nothing yet.
 */
#include <string.h>

#include <slate/console_client.h>
#include <slate/names_client.h>

#define LOOKUP_PATIENCE_NS 5000000000ull /* the console may start late */
#define LOOKUP_RETRY_NS    10000000ull
#define REOPEN_TRIES       (LOOKUP_PATIENCE_NS / LOOKUP_RETRY_NS)

static slate_status_t lookup_console(struct slate_ipc_buffer *ipc,
				     slate_handle_t *out)
{
	struct svc_conn names = slate_names_conn();
	slate_time_t until = slate_clock_get() + LOOKUP_PATIENCE_NS;
	slate_status_t st;

	while ((st = slate_names_lookup(&names, ipc, SLATE_CONSOLE_NAME,
					out)) == SLATE_ERR_NOT_FOUND &&
	       slate_clock_get() < until)
		slate_thread_sleep(slate_clock_get() + LOOKUP_RETRY_NS);
	return st;
}

/* The notification and the page, and the copies of them to give away. */
static slate_status_t make_shared(struct console *c, slate_handle_t give[2])
{
	slate_status_t n = slate_notify_create();
	slate_status_t vmo = slate_vmo_create(SLATE_CONSOLE_BUF_SIZE, 0);
	slate_status_t va = SLATE_ERR_NO_MEMORY;

	if (n >= 0 && vmo >= 0)
		va = slate_vm_map(slate_self_process(), (slate_handle_t)vmo, 0,
				  SLATE_CONSOLE_BUF_SIZE, 0,
				  SLATE_VM_READ | SLATE_VM_WRITE);
	if (va < 0) {
		if (n >= 0)
			slate_handle_close((slate_handle_t)n);
		if (vmo >= 0)
			slate_handle_close((slate_handle_t)vmo);
		return va;
	}
	c->notify = (slate_handle_t)n;
	c->buf = (uint8_t *)(uintptr_t)va;
	give[0] = (slate_handle_t)slate_handle_duplicate(
	    c->notify, SLATE_RIGHT_SIGNAL | SLATE_RIGHT_TRANSFER);
	give[1] = (slate_handle_t)vmo; /* the mapping keeps our access */
	return (slate_status_t)give[0] < 0 ? (slate_status_t)give[0] : SLATE_OK;
}

slate_status_t console_open(struct console *c, struct slate_ipc_buffer *ipc,
			    bool foreground)
{
	struct slate_msg m = {
	    .info = SLATE_MSG_INFO(SLATE_CONSOLE_OPEN, 1, 2),
	    .words = {foreground ? SLATE_CONSOLE_FOREGROUND : 0},
	};
	slate_handle_t published, give[2];
	struct svc_conn conn;
	slate_status_t st;

	memset(c, 0, sizeof(*c));
	st = lookup_console(ipc, &published);
	if (st != SLATE_OK)
		return st;
	st = make_shared(c, give);
	if (st != SLATE_OK) {
		slate_handle_close(published);
		return st;
	}
	ipc->handles[0] = give[0];
	ipc->handles[1] = give[1];
	conn = svc_conn_remote(published);
	st = svc_call_handles(&conn, &m, ipc);
	slate_handle_close(published);
	if (st != SLATE_OK)
		return st;
	c->session = svc_conn_remote(ipc->handles[0]);
	return SLATE_OK;
}

slate_status_t console_reopen(struct console *c, struct slate_ipc_buffer *ipc,
			      bool foreground)
{
	slate_status_t st;

	/* What is left of the old session is ours alone: let it go. */
	if (c->notify)
		slate_handle_close(c->notify);
	if (c->session.endpoint)
		slate_handle_close(c->session.endpoint);
	if (c->buf)
		slate_vm_unmap(slate_self_process(), (uintptr_t)c->buf,
			       SLATE_CONSOLE_BUF_SIZE);
	memset(c, 0, sizeof(*c));
	/* A console just killed stays registered until its successor is. */
	for (uint64_t i = 0; i < REOPEN_TRIES; i++) {
		st = console_open(c, ipc, foreground);
		if (st != SLATE_ERR_PEER_CLOSED)
			return st;
		slate_thread_sleep(slate_clock_get() + LOOKUP_RETRY_NS);
	}
	return st;
}

long console_read(struct console *c, void *out, size_t n)
{
	for (;;) {
		struct slate_msg m = {
		    .info = SLATE_MSG_INFO(SLATE_CONSOLE_READ, 1, 0),
		    .words = {n < SLATE_CONSOLE_BUF_SIZE
				  ? n
				  : SLATE_CONSOLE_BUF_SIZE},
		};
		slate_status_t st = svc_call(&c->session, &m);

		if (st == SLATE_ERR_WOULD_BLOCK) {
			st = slate_notify_wait(c->notify, SLATE_TIME_INFINITE);
			if (st < 0)
				return st;
			continue;
		}
		if (st != SLATE_OK)
			return st;
		c->events |= (uint32_t)m.words[1];
		if (m.words[0] > n)
			return SLATE_ERR_INVALID; /* a console that lies */
		memcpy(out, c->buf, m.words[0]);
		if (m.words[0] == 0 && c->events)
			return SLATE_ERR_INTERRUPTED;
		return (long)m.words[0];
	}
}

slate_status_t console_write(struct console *c, const void *data, size_t n)
{
	const uint8_t *p = data;

	while (n) {
		size_t chunk =
		    n < SLATE_CONSOLE_BUF_SIZE ? n : SLATE_CONSOLE_BUF_SIZE;
		struct slate_msg m = {
		    .info = SLATE_MSG_INFO(SLATE_CONSOLE_WRITE, 1, 0),
		    .words = {chunk},
		};
		slate_status_t st;

		memcpy(c->buf, p, chunk);
		st = svc_call(&c->session, &m);
		if (st != SLATE_OK)
			return st;
		p += chunk;
		n -= chunk;
	}
	return SLATE_OK;
}

uint32_t console_take_events(struct console *c)
{
	uint32_t ev = c->events;

	c->events = 0;
	return ev;
}

slate_status_t console_set_mode(struct console *c, uint32_t mode)
{
	struct slate_msg m = {
	    .info = SLATE_MSG_INFO(SLATE_CONSOLE_SET_MODE, 1, 0),
	    .words = {mode},
	};

	return svc_call(&c->session, &m);
}
