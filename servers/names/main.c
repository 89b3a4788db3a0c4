/* SPDX-License-Identifier: MIT */
/*
 * names: the name service alone in its process. init hands it the
 * receiving end of its endpoint (SLATE_START_NAMES, READ only); clients
 * hold badged copies minted by init. Everything else is in names.c.
 */
#include <stdio.h>

#include <slate/sys.h>

#include "names.h"

static struct names_state state;

int main(int argc, char **argv)
{
	slate_handle_t ep = slate_start_handle(SLATE_START_NAMES);
	slate_status_t st;

	if (ep == SLATE_HANDLE_INVALID) {
		printf("names: no endpoint among my start handles\n");
		return 2;
	}
	st = svc_serve(&names_server, &state, ep);
	printf("names: stopped serving: %lld\n", (long long)st);
	return st == SLATE_ERR_PEER_CLOSED ? 0 : 1;
}
