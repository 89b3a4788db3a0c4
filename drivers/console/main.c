/* SPDX-License-Identifier: MIT */
/*
 * console: the console driver alone in its process. It makes its
 * endpoint, publishes a call-only copy as "console" with the name
 * service, and serves; console_driver.c does the rest.
 */
#include <stdio.h>

#include <slate/names_client.h>

#include "console_driver.h"

static struct console_state state;
static struct slate_ipc_buffer ipc_buf __attribute__((aligned(4096)));

int main(int argc, char **argv)
{
	struct svc_conn names = slate_names_conn();
	slate_status_t ep = slate_endpoint_create();
	slate_status_t pub, st;

	if (ep < 0 || slate_thread_set_ipc_buffer(&ipc_buf) != SLATE_OK)
		return 2;
	pub = slate_handle_duplicate((slate_handle_t)ep,
				     SLATE_RIGHT_WRITE | SLATE_RIGHT_DUPLICATE |
					 SLATE_RIGHT_TRANSFER);
	if (pub < 0)
		return 2;
	st = slate_names_register(&names, &ipc_buf, SLATE_CONSOLE_NAME,
				  (slate_handle_t)pub);
	if (st != SLATE_OK) {
		printf("console: cannot register '%s': %lld\n",
		       SLATE_CONSOLE_NAME, (long long)st);
		return 1;
	}
	state.endpoint = (slate_handle_t)ep;
	st = svc_serve(&console_server, &state, (slate_handle_t)ep);
	printf("console: stopped serving: %lld\n", (long long)st);
	return 1;
}
