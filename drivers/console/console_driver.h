/* SPDX-License-Identifier: MIT */
/*
 * The console driver as a library of handlers (<slate/server.h>): the
 * sessions of <slate/console.h>, the line discipline, and the receive
 * path the UART's interrupt drives. main.c only wires it up.
 *
 * Two threads touch the state: the server's (the handlers, one at a
 * time) and the interrupt thread (console_irq_loop). Every field below
 * is guarded by lock.
 */
#ifndef CONSOLE_DRIVER_H
#define CONSOLE_DRIVER_H

#include <slate/console.h>
#include <slate/lock.h>
#include <slate/server.h>

#include "ldisc.h"

struct console_session {
	bool used;             /* [lock] */
	slate_handle_t notify; /* SIGNAL: the client's wake-up [lock] */
	uint8_t *buf;          /* the client's page, mapped here [lock] */
	uint32_t events;       /* SLATE_CONSOLE_EV_* not yet read [lock] */
};

struct console_state {
	struct slate_lock lock;
	/* The endpoint this server receives on, to mint sessions. [imm] */
	slate_handle_t endpoint;
	struct ldisc ld;
	struct console_session session[SLATE_CONSOLE_MAX_SESSIONS];
	int foreground; /* the session that gets input, or -1 */
	uint8_t out[2 * SLATE_CONSOLE_BUF_SIZE]; /* output translation */
	/* The interrupt: a notification bit, and the line's object. */
	slate_handle_t irq_notify, irq;
	uint64_t rx_bytes; /* received since start, for the log */
};

extern const struct svc_server console_server;

/*
 * The interrupt thread's body (arg: the state): wait for the UART's
 * interrupt, feed what arrived to the line discipline, acknowledge.
 * Returns only if waiting fails.
 */
void *console_irq_loop(void *arg);

#endif
