/* SPDX-License-Identifier: MIT */
/*
 * Using the console (<slate/console.h>, docs/services.md): open a
 * session, then read lines and write text as with a terminal. The
 * calls are not thread-safe: one thread per struct console.
 */
#ifndef SLATE_CONSOLE_CLIENT_H
#define SLATE_CONSOLE_CLIENT_H

#include <stdbool.h>
#include <stddef.h>

#include <slate/console.h>
#include <slate/server.h>

struct console {
	struct svc_conn session;
	slate_handle_t notify; /* WAIT: signalled by the console */
	uint8_t *buf;          /* the shared page */
	uint32_t events;       /* SLATE_CONSOLE_EV_* not yet taken */
};

/*
 * Look "console" up with the name service (retrying for up to 5 s while
 * it is not registered yet) and open a session; foreground takes the
 * keyboard. ipc is the calling thread's registered IPC buffer.
 */
slate_status_t console_open(struct console *c, struct slate_ipc_buffer *ipc,
			    bool foreground);

/*
 * Wait for input and copy up to n bytes (one line in canonical mode).
 * Returns the count, 0 at end of file, SLATE_ERR_INTERRUPTED if a
 * signal character came first (see console_take_events), or an error.
 */
/*
 * After SLATE_ERR_PEER_CLOSED (the console died; the supervisor starts
 * another): release what is left of the old session and open a new one,
 * waiting for the new console to register for as long as console_open
 * waits for a first one.
 */
slate_status_t console_reopen(struct console *c, struct slate_ipc_buffer *ipc,
			      bool foreground);

long console_read(struct console *c, void *out, size_t n);

/* Write n bytes (NL becomes CR NL on the way out); SLATE_OK or error. */
slate_status_t console_write(struct console *c, const void *data, size_t n);

/* The events seen so far, cleared. */
uint32_t console_take_events(struct console *c);

/* Raw or cooked (SLATE_CONSOLE_MODE_*). */
slate_status_t console_set_mode(struct console *c, uint32_t mode);

#endif
