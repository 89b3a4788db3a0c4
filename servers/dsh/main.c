/* SPDX-License-Identifier: MIT */
/*
 * dsh: the debug shell in its own process. Opens the console as its
 * foreground holder and runs the loop in dsh.c.
 */
#include <stdio.h>

#include "dsh.h"

static struct dsh sh;
static struct slate_ipc_buffer ipc_buf __attribute__((aligned(4096)));

int main(int argc, char **argv)
{
	slate_status_t st;

	if (slate_thread_set_ipc_buffer(&ipc_buf) != SLATE_OK)
		return 2;
	sh.ipc = &ipc_buf;
	st = console_open(&sh.con, &ipc_buf, true);
	if (st != SLATE_OK) {
		printf("dsh: cannot open the console: %lld\n", (long long)st);
		return 1;
	}
	dsh_loop(&sh);
}
