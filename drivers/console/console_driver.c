/* SPDX-License-Identifier: MIT */
/*
 * The console driver's logic (console_driver.h): sessions, reads that
 * never block the server, writes through the line discipline's output
 * translation, and input from the UART's interrupt.
 *
 * Who gets what: the session opened last with SLATE_CONSOLE_FOREGROUND
 * holds the keyboard: its READs get the lines typed and its
 * notification is signalled for each line and each signal character.
 * Every other session may write (its text mixes with the foreground's)
 * and gets SLATE_ERR_ACCESS from READ and SET_MODE. Typed input waits
 * in the line discipline while no session holds the keyboard.
 */
#include <stdio.h>
#include <string.h>

#include <slate/thread.h>

#include "console_driver.h"
#include "uart.h"

#define IRQ_BIT 0
#define SESSION_VMO_RIGHTS \
	(SLATE_RIGHT_READ | SLATE_RIGHT_WRITE | SLATE_RIGHT_MAP)

_Static_assert(SLATE_CONSOLE_MODE_ECHO == LDISC_ECHO &&
		   SLATE_CONSOLE_MODE_ICANON == LDISC_ICANON &&
		   SLATE_CONSOLE_MODE_ISIG == LDISC_ISIG &&
		   SLATE_CONSOLE_MODE_ICRNL == LDISC_ICRNL &&
		   SLATE_CONSOLE_MODE_ONLCR == LDISC_ONLCR &&
		   SLATE_CONSOLE_MODE_ECHOE == LDISC_ECHOE &&
		   SLATE_CONSOLE_MODE_ECHOCTL == LDISC_ECHOCTL,
	       "the protocol's modes are the line discipline's");

static void uart_write(const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		uart_putc(p[i]);
}

/* ---- input, from the interrupt thread ---- */

static uint32_t event_bit(enum ldisc_event ev)
{
	switch (ev) {
	case LDISC_SIGINT:
		return SLATE_CONSOLE_EV_INTR;
	case LDISC_SIGQUIT:
		return SLATE_CONSOLE_EV_QUIT;
	case LDISC_SIGTSTP:
		return SLATE_CONSOLE_EV_SUSP;
	default:
		return 0;
	}
}

/* One byte typed: echo it, and wake the foreground if it has news. */
static void input_byte(struct console_state *cs, uint8_t byte)
{
	enum ldisc_event ev = ldisc_input(&cs->ld, byte);
	struct console_session *fg;

	uart_write(cs->ld.echo, cs->ld.echo_len);
	cs->rx_bytes++;
	if (ev == LDISC_NONE || cs->foreground < 0)
		return;
	fg = &cs->session[cs->foreground];
	fg->events |= event_bit(ev);
	slate_notify_signal(fg->notify, 1ull << SLATE_CONSOLE_NOTIFY_BIT);
}

static void drain(struct console_state *cs)
{
	uint8_t byte;

	slate_lock(&cs->lock);
	while (uart_getc(&byte))
		input_byte(cs, byte);
	uart_rx_done();
	slate_unlock(&cs->lock);
}

void *console_irq_loop(void *arg)
{
	struct console_state *cs = arg;

	for (;;) {
		slate_status_t bits =
		    slate_notify_wait(cs->irq_notify, SLATE_TIME_INFINITE);

		if (bits < 0) {
			printf("console: waiting for the interrupt: %lld\n",
			       (long long)bits);
			return NULL;
		}
		drain(cs);
		slate_irq_ack(cs->irq);
		/*
		 * On x86_64 the line is edge-triggered and masked until the
		 * acknowledgement: a byte that came meanwhile raised no
		 * edge, and would hold the line high for ever unread.
		 */
		drain(cs);
	}
}

/* ---- the server ---- */

static slate_status_t console_init(void *state)
{
	struct console_state *cs = state;
	struct slate_thread *t;
	slate_status_t n, irq, st;
	const char *why;

	ldisc_init(&cs->ld);
	cs->foreground = -1;
	why = uart_open();
	if (why) {
		printf("console: %s\n", why);
		return SLATE_ERR_NOT_FOUND;
	}
	n = slate_notify_create();
	if (n < 0)
		return n;
	irq = slate_irq_create(slate_start_handle(SLATE_START_IRQ),
			       uart_irq_line(), (slate_handle_t)n, IRQ_BIT);
	if (irq < 0) {
		printf("console: cannot bind interrupt line %u: %lld\n",
		       uart_irq_line(), (long long)irq);
		slate_handle_close((slate_handle_t)n);
		return irq;
	}
	cs->irq_notify = (slate_handle_t)n;
	cs->irq = (slate_handle_t)irq;
	st = slate_thread_create(&t, console_irq_loop, cs, 0);
	if (st != SLATE_OK)
		return st;
	drain(cs); /* whatever was typed before the line was bound */
	printf("console: ready on interrupt line %u\n", uart_irq_line());
	return SLATE_OK;
}

/* The session a request came through (badge = index + 1), or NULL. */
static struct console_session *session_of(struct console_state *cs,
					  const struct svc_request *req)
{
	if (req->badge == 0 || req->badge > SLATE_CONSOLE_MAX_SESSIONS)
		return NULL;
	return cs->session[req->badge - 1].used ? &cs->session[req->badge - 1]
						: NULL;
}

static bool is_notification_to_signal(slate_handle_t h)
{
	struct slate_handle_info info;

	return slate_handle_info(h, &info) == SLATE_OK &&
	       info.type == SLATE_OBJ_NOTIFICATION &&
	       (info.rights & SLATE_RIGHT_SIGNAL);
}

static int free_slot(const struct console_state *cs)
{
	for (int i = 0; i < SLATE_CONSOLE_MAX_SESSIONS; i++)
		if (!cs->session[i].used)
			return i;
	return -1;
}

/*
 * Check everything, map the page and mint the session handle (each
 * undone if a later step fails), then commit under the lock.
 */
static slate_status_t handle_open(void *state, struct svc_request *req)
{
	struct console_state *cs = state;
	uint64_t flags = req->words[0];
	slate_status_t va, session;
	int slot;

	if (req->badge != 0 || req->nhandles != 2 ||
	    (flags & ~(uint64_t)SLATE_CONSOLE_FOREGROUND) ||
	    !is_notification_to_signal(req->handles[0]))
		return SLATE_ERR_INVALID;
	slate_lock(&cs->lock);
	slot = free_slot(cs);
	slate_unlock(&cs->lock);
	if (slot < 0)
		return SLATE_ERR_NO_MEMORY;
	va = slate_vm_map(slate_self_process(), req->handles[1], 0,
			  SLATE_CONSOLE_BUF_SIZE, 0,
			  SLATE_VM_READ | SLATE_VM_WRITE);
	if (va < 0)
		return SLATE_ERR_INVALID;
	session = slate_handle_mint(cs->endpoint,
				    SLATE_RIGHT_WRITE | SLATE_RIGHT_TRANSFER,
				    (uint64_t)slot + 1);
	if (session < 0) {
		slate_vm_unmap(slate_self_process(), (uintptr_t)va,
			       SLATE_CONSOLE_BUF_SIZE);
		return session;
	}

	slate_lock(&cs->lock);
	cs->session[slot] = (struct console_session){
	    .used = true,
	    .notify = req->handles[0],
	    .buf = (uint8_t *)(uintptr_t)va,
	};
	if (flags & SLATE_CONSOLE_FOREGROUND)
		cs->foreground = slot;
	if (cs->foreground == slot && ldisc_readable(&cs->ld))
		slate_notify_signal(req->handles[0],
				    1ull << SLATE_CONSOLE_NOTIFY_BIT);
	slate_unlock(&cs->lock);
	req->handles[0] = SLATE_HANDLE_INVALID; /* kept; the VMO is closed */
	req->reply_handles[0] = (slate_handle_t)session;
	req->nreply_handles = 1;
	req->nwords = 0;
	return SLATE_OK;
}

static slate_status_t handle_write(void *state, struct svc_request *req)
{
	struct console_state *cs = state;
	struct console_session *s = session_of(cs, req);
	uint64_t len = req->words[0];
	size_t n;

	if (!s)
		return SLATE_ERR_BAD_HANDLE;
	if (len > SLATE_CONSOLE_BUF_SIZE)
		return SLATE_ERR_TOO_BIG;
	slate_lock(&cs->lock);
	n = ldisc_output(&cs->ld, s->buf, len, cs->out);
	uart_write(cs->out, n);
	slate_unlock(&cs->lock);
	req->nwords = 1;
	return SLATE_OK;
}

static slate_status_t handle_read(void *state, struct svc_request *req)
{
	struct console_state *cs = state;
	struct console_session *s = session_of(cs, req);
	uint64_t max = req->words[0];
	uint32_t events;
	long n;

	if (!s)
		return SLATE_ERR_BAD_HANDLE;
	if (max > SLATE_CONSOLE_BUF_SIZE)
		max = SLATE_CONSOLE_BUF_SIZE;
	slate_lock(&cs->lock);
	if (cs->foreground < 0 || s != &cs->session[cs->foreground]) {
		slate_unlock(&cs->lock);
		return SLATE_ERR_ACCESS;
	}
	n = max ? ldisc_read(&cs->ld, s->buf, max) : -1;
	events = s->events;
	s->events = 0;
	slate_unlock(&cs->lock);
	if (n < 0 && !events)
		return SLATE_ERR_WOULD_BLOCK;
	req->words[0] = n < 0 ? 0 : (uint64_t)n;
	req->words[1] = events;
	req->nwords = 2;
	return SLATE_OK;
}

static slate_status_t handle_set_mode(void *state, struct svc_request *req)
{
	struct console_state *cs = state;
	struct console_session *s = session_of(cs, req);
	uint64_t mode = req->words[0];
	slate_status_t st = SLATE_OK;

	if (!s)
		return SLATE_ERR_BAD_HANDLE;
	if (mode & ~(uint64_t)SLATE_CONSOLE_MODE_ALL)
		return SLATE_ERR_INVALID;
	slate_lock(&cs->lock);
	if (cs->foreground >= 0 && s == &cs->session[cs->foreground])
		ldisc_set_mode(&cs->ld, (uint32_t)mode);
	else
		st = SLATE_ERR_ACCESS;
	slate_unlock(&cs->lock);
	req->nwords = 0;
	return st;
}

static slate_status_t handle_close(void *state, struct svc_request *req)
{
	struct console_state *cs = state;
	struct console_session *s = session_of(cs, req);

	if (!s)
		return SLATE_ERR_BAD_HANDLE;
	slate_lock(&cs->lock);
	slate_vm_unmap(slate_self_process(), (uintptr_t)s->buf,
		       SLATE_CONSOLE_BUF_SIZE);
	slate_handle_close(s->notify);
	if (cs->foreground >= 0 && s == &cs->session[cs->foreground])
		cs->foreground = -1;
	*s = (struct console_session){0};
	slate_unlock(&cs->lock);
	req->nwords = 0;
	return SLATE_OK;
}

static const struct svc_op console_ops[] = {
    {SLATE_CONSOLE_OPEN, 1, handle_open},
    {SLATE_CONSOLE_WRITE, 1, handle_write},
    {SLATE_CONSOLE_READ, 1, handle_read},
    {SLATE_CONSOLE_SET_MODE, 1, handle_set_mode},
    {SLATE_CONSOLE_CLOSE, 0, handle_close},
};

const struct svc_server console_server = {
    .name = "console",
    .ops = console_ops,
    .nops = sizeof(console_ops) / sizeof(console_ops[0]),
    .init = console_init,
};
