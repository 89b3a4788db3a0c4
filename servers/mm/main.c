/* SPDX-License-Identifier: MIT */
/*
 * mm: the memory manager alone in its process. It serves on the
 * endpoint init made for it (SLATE_START_SERVE), where the kernel's
 * fault messages for its VMOs arrive too, and registers a copy under
 * "mm". Arguments: pool=PAGES (what it may supply in all) and
 * reserve=PAGES (see docs/services.md). Everything else is in mm.c.
 */
#include <stdio.h>
#include <string.h>

#include <slate/names_client.h>

#include "mm.h"

static struct mm_state state;
static struct slate_ipc_buffer ipc_buf __attribute__((aligned(4096)));

/* Read "key=NUMBER" into *out; false if arg is not that key. */
static bool arg_number(const char *arg, const char *key, uint64_t *out)
{
	size_t n = strlen(key);
	const char *p = arg + n + 1;
	uint64_t v = 0;

	if (strncmp(arg, key, n) || arg[n] != '=' || !*p)
		return false;
	for (; *p; p++) {
		if (*p < '0' || *p > '9' || v > UINT64_MAX / 20)
			return false;
		v = v * 10 + (uint64_t)(*p - '0');
	}
	*out = v;
	return true;
}

static bool parse_args(int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (!arg_number(argv[i], "pool", &state.pool) &&
		    !arg_number(argv[i], "reserve", &state.reserve)) {
			printf("mm: unknown argument '%s' (expected "
			       "pool=PAGES, reserve=PAGES)\n",
			       argv[i]);
			return false;
		}
	return true;
}

static slate_status_t register_name(slate_handle_t ep)
{
	struct svc_conn names = slate_names_conn();
	slate_status_t copy = slate_handle_duplicate(
	    ep,
	    SLATE_RIGHT_WRITE | SLATE_RIGHT_DUPLICATE | SLATE_RIGHT_TRANSFER);

	if (copy < 0)
		return copy;
	return slate_names_register(&names, &ipc_buf, SLATE_MM_NAME,
				    (slate_handle_t)copy);
}

int main(int argc, char **argv)
{
	slate_handle_t ep = slate_start_handle(SLATE_START_SERVE);
	slate_status_t st;

	if (ep == SLATE_HANDLE_INVALID || !parse_args(argc, argv)) {
		printf("mm: no endpoint to serve on, or bad arguments\n");
		return 2;
	}
	state.ep = ep;
	if (slate_thread_set_ipc_buffer(&ipc_buf) != SLATE_OK ||
	    (st = register_name(ep)) != SLATE_OK) {
		printf("mm: cannot register '%s'\n", SLATE_MM_NAME);
		return 2;
	}
	printf("mm: serving, pool %llu pages, reserve %llu\n",
	       (unsigned long long)state.pool,
	       (unsigned long long)state.reserve);
	st = svc_serve(&mm_server, &state, ep);
	printf("mm: stopped serving: %lld\n", (long long)st);
	return 1;
}
