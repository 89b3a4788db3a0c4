/* SPDX-License-Identifier: MIT */
/*
 * The console line discipline: what sits between the bytes a serial
 * port receives and what a program reading the console sees. In
 * canonical mode it collects a line the user can edit (erase, kill the
 * line, erase a word) and hands it over at newline or ^D; it echoes what
 * is typed; ^C, ^\ and ^Z become signals for the foreground process
 * group instead of data. The modes and characters are those of POSIX
 * termios, so the Linux ABI's TCGETS/TCSETS map onto them one for one.
 *
 * Pure logic: no system calls, no allocation, host-tested. The console
 * driver owns one struct ldisc and serialises every call into it.
 */
#ifndef DRIVERS_CONSOLE_LDISC_H
#define DRIVERS_CONSOLE_LDISC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define LDISC_BUF_SIZE  4096 /* input kept; a longer line is cut here */
#define LDISC_MAX_LINES 128  /* lines handed over and not yet read */
/* The most one input byte can echo: erasing a whole line of ^X pairs. */
#define LDISC_ECHO_MAX  (6 * LDISC_BUF_SIZE)

/* Mode flags (termios names in brackets). */
#define LDISC_ECHO    (1u << 0) /* echo input [ECHO] */
#define LDISC_ICANON  (1u << 1) /* line editing, read by lines [ICANON] */
#define LDISC_ISIG    (1u << 2) /* ^C ^\ ^Z are signals [ISIG] */
#define LDISC_ICRNL   (1u << 3) /* CR in becomes NL [ICRNL] */
#define LDISC_ONLCR   (1u << 4) /* NL out becomes CR NL [ONLCR] */
#define LDISC_ECHOE   (1u << 5) /* erase echoes as backspace-space-backspace */
#define LDISC_ECHOCTL (1u << 6) /* echo control characters as ^X */

#define LDISC_DEFAULT_MODE                                                    \
	(LDISC_ECHO | LDISC_ICANON | LDISC_ISIG | LDISC_ICRNL | LDISC_ONLCR | \
	 LDISC_ECHOE | LDISC_ECHOCTL)

/* The special characters, by their termios index names. */
enum ldisc_char {
	LDISC_VINTR,   /* ^C: SIGINT */
	LDISC_VQUIT,   /* ^\: SIGQUIT */
	LDISC_VERASE,  /* DEL: erase one character */
	LDISC_VKILL,   /* ^U: erase the line */
	LDISC_VEOF,    /* ^D: end of file / hand over a partial line */
	LDISC_VSUSP,   /* ^Z: SIGTSTP */
	LDISC_VWERASE, /* ^W: erase a word */
	LDISC_NCHARS
};

/* What an input byte asks of the driver besides echo. */
enum ldisc_event {
	LDISC_NONE,
	LDISC_READABLE, /* a reader can now get data (or end of file) */
	LDISC_SIGINT,
	LDISC_SIGQUIT,
	LDISC_SIGTSTP,
};

struct ldisc {
	uint32_t mode;
	uint8_t cc[LDISC_NCHARS];
	/*
	 * buf[0 .. ready) is handed over and may be read; buf[ready .. len)
	 * is the line being edited (always empty outside canonical mode).
	 * In canonical mode the handed-over part is a queue of lines, each
	 * ending at line_end[i]; an empty line is an end of file (^D typed
	 * on an empty line).
	 */
	uint8_t buf[LDISC_BUF_SIZE];
	size_t len, ready;
	size_t line_end[LDISC_MAX_LINES];
	unsigned nlines;
	/* What the last ldisc_input call wants echoed. */
	uint8_t echo[LDISC_ECHO_MAX];
	size_t echo_len;
};

/* Default mode and characters, nothing buffered. */
void ldisc_init(struct ldisc *ld);

/*
 * One byte from the terminal. Leaves what to echo in ld->echo[0 ..
 * ld->echo_len) and returns the event the byte caused. A signal
 * character also discards all unread input, as terminals do; a byte
 * that does not fit is dropped and echoed as a bell.
 */
enum ldisc_event ldisc_input(struct ldisc *ld, uint8_t byte);

/* True if a read would return now (data, or end of file). */
bool ldisc_readable(const struct ldisc *ld);

/*
 * Take up to n handed-over bytes; in canonical mode at most one line.
 * Returns the count, 0 meaning end of file (^D on an empty line), or
 * -1 if nothing is ready (the reader should wait).
 */
long ldisc_read(struct ldisc *ld, uint8_t *out, size_t n);

/*
 * Translate n output bytes for the terminal (NL to CR NL under ONLCR)
 * into out, which holds at least 2 * n bytes. Returns the length.
 */
size_t ldisc_output(struct ldisc *ld, const uint8_t *in, size_t n,
		    uint8_t *out);

/* Change the mode; leaving canonical mode hands over the edited line. */
void ldisc_set_mode(struct ldisc *ld, uint32_t mode);

#endif
