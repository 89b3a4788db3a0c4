/* SPDX-License-Identifier: MIT */
/*
 * The console protocol: how programs reach the user-space console
 * driver (drivers/console/, docs/services.md "The console"). The driver
 * registers the name "console" with the name service; a client looks it
 * up and OPENs a session, giving the console a notification to signal
 * and a page of shared memory that carries the bytes both ways. Every
 * other call goes through the session handle OPEN returns, whose badge
 * names the session. Calls use the server skeleton (<slate/server.h>):
 * the reply's label is the status.
 *
 * Reads never block the console (it must reply before it receives the
 * next request): READ answers SLATE_ERR_WOULD_BLOCK when nothing is
 * ready, and the console signals SLATE_CONSOLE_NOTIFY_BIT on the
 * session's notification once a line (or an event) is there.
 * <slate/console_client.h> wraps this in a blocking console_read.
 */
#ifndef SLATE_CONSOLE_H
#define SLATE_CONSOLE_H

#include <slate/types.h>

#define SLATE_CONSOLE_NAME         "console"
/* The shared page: WRITE takes bytes from it, READ leaves them there. */
#define SLATE_CONSOLE_BUF_SIZE     4096u
/* The bit the console signals on a session's notification. */
#define SLATE_CONSOLE_NOTIFY_BIT   0
/* Sessions the console keeps at once. */
#define SLATE_CONSOLE_MAX_SESSIONS 16

enum slate_console_op {
	/*
	 * words[0]: flags (SLATE_CONSOLE_FOREGROUND); handles in: a
	 * notification with SIGNAL, and a VMO of at least
	 * SLATE_CONSOLE_BUF_SIZE bytes with READ, WRITE and MAP. Handle
	 * out: the session (WRITE, TRANSFER). Only through the published
	 * (unbadged) handle.
	 */
	SLATE_CONSOLE_OPEN = 1,
	/* words[0]: length; writes buf[0 .. length). Out: words[0] = length. */
	SLATE_CONSOLE_WRITE,
	/*
	 * words[0]: the most bytes wanted. Out: words[0] = bytes put at
	 * buf[0 ..), words[1] = events (SLATE_CONSOLE_EV_*) since the last
	 * READ. A count of 0 with no events is end of file (^D on an empty
	 * line). SLATE_ERR_WOULD_BLOCK: nothing yet; SLATE_ERR_ACCESS: the
	 * session is not the foreground one.
	 */
	SLATE_CONSOLE_READ,
	/* words[0]: mode (SLATE_CONSOLE_MODE_*); foreground only. */
	SLATE_CONSOLE_SET_MODE,
	/* Ends the session; its handle fails from then on. */
	SLATE_CONSOLE_CLOSE,
};

/* OPEN flags. */
#define SLATE_CONSOLE_FOREGROUND (1u << 0) /* take the keyboard */

/* Events: the signal characters typed while the session was foreground. */
#define SLATE_CONSOLE_EV_INTR (1u << 0) /* ^C */
#define SLATE_CONSOLE_EV_QUIT (1u << 1) /* ^\ */
#define SLATE_CONSOLE_EV_SUSP (1u << 2) /* ^Z */

/* Modes: termios flags, as the line discipline (drivers/console/ldisc.h). */
#define SLATE_CONSOLE_MODE_ECHO    (1u << 0)
#define SLATE_CONSOLE_MODE_ICANON  (1u << 1)
#define SLATE_CONSOLE_MODE_ISIG    (1u << 2)
#define SLATE_CONSOLE_MODE_ICRNL   (1u << 3)
#define SLATE_CONSOLE_MODE_ONLCR   (1u << 4)
#define SLATE_CONSOLE_MODE_ECHOE   (1u << 5)
#define SLATE_CONSOLE_MODE_ECHOCTL (1u << 6)
#define SLATE_CONSOLE_MODE_ALL     0x7fu

#endif
