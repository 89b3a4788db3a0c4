/* SPDX-License-Identifier: MIT */
/*
 * The console line discipline (see ldisc.h): line editing, echo and
 * signal characters, with the POSIX termios meanings.
 */
#include <string.h>

#include "ldisc.h"

#define CH_BELL      0x07
#define CH_BACKSPACE 0x08
#define CH_TAB       0x09
#define CH_NL        0x0a
#define CH_CR        0x0d
#define CH_DEL       0x7f
#define CTRL(c)      ((uint8_t)((c)&0x1f))

void ldisc_init(struct ldisc *ld)
{
	memset(ld, 0, sizeof(*ld));
	ld->mode = LDISC_DEFAULT_MODE;
	ld->cc[LDISC_VINTR] = CTRL('C');
	ld->cc[LDISC_VQUIT] = CTRL('\\');
	ld->cc[LDISC_VERASE] = CH_DEL;
	ld->cc[LDISC_VKILL] = CTRL('U');
	ld->cc[LDISC_VEOF] = CTRL('D');
	ld->cc[LDISC_VSUSP] = CTRL('Z');
	ld->cc[LDISC_VWERASE] = CTRL('W');
}

static bool mode_on(const struct ldisc *ld, uint32_t flag)
{
	return (ld->mode & flag) != 0;
}

/* ---- echo ---- */

static void echo_byte(struct ldisc *ld, uint8_t b)
{
	if (ld->echo_len < sizeof(ld->echo))
		ld->echo[ld->echo_len++] = b;
}

/* A control character shows as ^X, so erasing it takes two columns. */
static bool shown_as_caret(const struct ldisc *ld, uint8_t b)
{
	return mode_on(ld, LDISC_ECHOCTL) &&
	       ((b < 0x20 && b != CH_TAB && b != CH_NL) || b == CH_DEL);
}

/* Echo a typed byte as a terminal would show it. */
static void echo_typed(struct ldisc *ld, uint8_t b)
{
	if (!mode_on(ld, LDISC_ECHO))
		return;
	if (b == CH_NL && mode_on(ld, LDISC_ONLCR)) {
		echo_byte(ld, CH_CR);
		echo_byte(ld, CH_NL);
	} else if (shown_as_caret(ld, b)) {
		echo_byte(ld, '^');
		echo_byte(ld, b == CH_DEL ? '?' : (uint8_t)(b + '@'));
	} else {
		echo_byte(ld, b);
	}
}

/* Take one erased byte off the screen. */
static void echo_rubout(struct ldisc *ld, uint8_t erased)
{
	unsigned cols = shown_as_caret(ld, erased) ? 2 : 1;

	if (!mode_on(ld, LDISC_ECHO))
		return;
	/* XXX: an erased tab moves back one column, not to where it began. */
	for (unsigned i = 0; i < cols; i++) {
		echo_byte(ld, CH_BACKSPACE);
		if (mode_on(ld, LDISC_ECHOE)) {
			echo_byte(ld, ' ');
			echo_byte(ld, CH_BACKSPACE);
		}
	}
}

/* ---- editing ---- */

/* Erase the last byte of the line being edited; false if it is empty. */
static bool erase_one(struct ldisc *ld)
{
	if (ld->len == ld->ready)
		return false;
	echo_rubout(ld, ld->buf[--ld->len]);
	return true;
}

static void erase_word(struct ldisc *ld)
{
	while (ld->len > ld->ready &&
	       (ld->buf[ld->len - 1] == ' ' || ld->buf[ld->len - 1] == CH_TAB))
		erase_one(ld);
	while (ld->len > ld->ready && ld->buf[ld->len - 1] != ' ' &&
	       ld->buf[ld->len - 1] != CH_TAB)
		erase_one(ld);
}

/* Hand the edited line over to readers (it may be empty: EOF). */
static enum ldisc_event hand_over(struct ldisc *ld)
{
	ld->ready = ld->len;
	ld->line_end[ld->nlines++] = ld->len;
	return LDISC_READABLE;
}

/*
 * Room for one more byte. In canonical mode the last byte of the buffer
 * and the last line slot are kept for the newline or ^D that ends the
 * line, so a full line can always be handed over.
 */
static bool room_for(const struct ldisc *ld, bool ends_line)
{
	size_t keep = mode_on(ld, LDISC_ICANON) && !ends_line ? 1 : 0;

	if (mode_on(ld, LDISC_ICANON) && ld->nlines == LDISC_MAX_LINES)
		return false;
	return ld->len + keep < LDISC_BUF_SIZE;
}

static enum ldisc_event signal_char(struct ldisc *ld, uint8_t b)
{
	echo_typed(ld, b);
	ld->len = ld->ready = 0;
	ld->nlines = 0;
	if (b == ld->cc[LDISC_VINTR])
		return LDISC_SIGINT;
	if (b == ld->cc[LDISC_VQUIT])
		return LDISC_SIGQUIT;
	return LDISC_SIGTSTP;
}

static bool is_signal_char(const struct ldisc *ld, uint8_t b)
{
	return mode_on(ld, LDISC_ISIG) &&
	       (b == ld->cc[LDISC_VINTR] || b == ld->cc[LDISC_VQUIT] ||
		b == ld->cc[LDISC_VSUSP]);
}

/* Canonical mode: editing characters act, others join the line. */
static enum ldisc_event canonical_input(struct ldisc *ld, uint8_t b)
{
	if (b == ld->cc[LDISC_VERASE] || b == CH_BACKSPACE) {
		erase_one(ld);
		return LDISC_NONE;
	}
	if (b == ld->cc[LDISC_VKILL]) {
		while (erase_one(ld))
			;
		return LDISC_NONE;
	}
	if (b == ld->cc[LDISC_VWERASE]) {
		erase_word(ld);
		return LDISC_NONE;
	}
	if (b == ld->cc[LDISC_VEOF])
		return ld->nlines < LDISC_MAX_LINES ? hand_over(ld)
						    : LDISC_NONE;
	if (!room_for(ld, b == CH_NL)) {
		if (mode_on(ld, LDISC_ECHO))
			echo_byte(ld, CH_BELL);
		return LDISC_NONE;
	}
	ld->buf[ld->len++] = b;
	echo_typed(ld, b);
	return b == CH_NL ? hand_over(ld) : LDISC_NONE;
}

enum ldisc_event ldisc_input(struct ldisc *ld, uint8_t b)
{
	ld->echo_len = 0;
	if (b == CH_CR && mode_on(ld, LDISC_ICRNL))
		b = CH_NL;
	if (is_signal_char(ld, b))
		return signal_char(ld, b);
	if (mode_on(ld, LDISC_ICANON))
		return canonical_input(ld, b);
	if (!room_for(ld, false)) {
		if (mode_on(ld, LDISC_ECHO))
			echo_byte(ld, CH_BELL);
		return LDISC_NONE;
	}
	ld->buf[ld->len++] = b;
	ld->ready = ld->len;
	echo_typed(ld, b);
	return LDISC_READABLE;
}

/* ---- reading and writing ---- */

bool ldisc_readable(const struct ldisc *ld)
{
	return mode_on(ld, LDISC_ICANON) ? ld->nlines > 0 : ld->ready > 0;
}

/* Drop the first n bytes of the buffer, moving the rest down. */
static void consume(struct ldisc *ld, size_t n)
{
	memmove(ld->buf, ld->buf + n, ld->len - n);
	ld->len -= n;
	ld->ready -= n;
	for (unsigned i = 0; i < ld->nlines; i++)
		ld->line_end[i] -= n;
}

long ldisc_read(struct ldisc *ld, uint8_t *out, size_t n)
{
	size_t avail;

	if (!ldisc_readable(ld))
		return -1;
	avail = mode_on(ld, LDISC_ICANON) ? ld->line_end[0] : ld->ready;
	if (n > avail)
		n = avail;
	memcpy(out, ld->buf, n);
	consume(ld, n);
	/* A line read to its end (or an end of file) leaves the queue. */
	if (mode_on(ld, LDISC_ICANON) && ld->line_end[0] == 0) {
		ld->nlines--;
		memmove(ld->line_end, ld->line_end + 1,
			ld->nlines * sizeof(ld->line_end[0]));
	}
	return (long)n;
}

size_t ldisc_output(struct ldisc *ld, const uint8_t *in, size_t n, uint8_t *out)
{
	size_t o = 0;

	for (size_t i = 0; i < n; i++) {
		if (in[i] == CH_NL && mode_on(ld, LDISC_ONLCR))
			out[o++] = CH_CR;
		out[o++] = in[i];
	}
	return o;
}

void ldisc_set_mode(struct ldisc *ld, uint32_t mode)
{
	bool was_canonical = mode_on(ld, LDISC_ICANON);

	ld->mode = mode;
	if (was_canonical && !mode_on(ld, LDISC_ICANON)) {
		/* Raw readers see everything typed so far, lines or not. */
		ld->ready = ld->len;
		ld->nlines = 0;
	} else if (!was_canonical && mode_on(ld, LDISC_ICANON) && ld->ready) {
		/* What raw mode had buffered becomes one line. */
		ld->line_end[0] = ld->ready;
		ld->nlines = 1;
	}
}
