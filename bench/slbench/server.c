/* SPDX-License-Identifier: MIT */
/*
 * The other side of the IPC figures between processes: slbench spawns
 * a second copy of itself as "slbench --serve CPU" with the endpoint as
 * its SLATE_START_USER handle, and this copy answers every call with
 * the caller's own message until it is sent the stop label.
 */
#include <string.h>

#include <slate/start.h>
#include <slate/sys.h>

#include "slbench.h"

/* The CPU to pin to, or -1 when the argument is not a number. */
static int cpu_arg(const char *s)
{
	int n = 0;

	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		n = n * 10 + (*s - '0');
	}
	return n;
}

bool bench_is_server(int argc, char **argv)
{
	return argc == 3 && strcmp(argv[1], BENCH_SERVE_ARG) == 0;
}

/*
 * The exit status says how it ended: 0 when told to stop, 2 for a bad
 * CPU argument or pin, 3 when a receive failed.
 */
int bench_serve(int argc, char **argv)
{
	slate_handle_t ep = slate_start_handle(SLATE_START_USER);
	int cpu = cpu_arg(argv[2]);
	struct slate_msg m;
	slate_status_t st;

	if (cpu < 0 || bench_pin(bench_self_thread(), (unsigned)cpu))
		return 2;
	st = slate_ipc_recv(ep, &m);
	while (st == SLATE_OK && SLATE_MSG_LABEL(m.info) != BENCH_LABEL_STOP)
		st = slate_ipc_reply_recv(ep, &m);
	/* The stop call gets no reply: exiting wakes it with PEER_CLOSED. */
	return st == SLATE_OK ? 0 : 3;
}
