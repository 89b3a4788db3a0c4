/* SPDX-License-Identifier: MIT */
/*
 * svctest: the services of init's system test (test.manifest). argv[1]
 * says which one this process is:
 *
 *	echo	registers "echo" with the name service and answers
 *		ECHO_PING (each word plus one) until ECHO_STOP
 *	client	looks "echo" up and calls it, checks what the name service
 *		refuses, and checks the resources init gave it against its
 *		manifest block; then stops echo
 *	late	says it started and exits
 *	heal, steady, healer, crashy
 *		the supervisor's fault-injection test (heal.c)
 *	mmuser, mmpeer, mmhog
 *		clients of the memory manager (mm.c)
 *
 * Each check prints "[svctest] PASS name" or "[svctest] FAIL name: why";
 * tools/test-all requires every name it expects to have passed.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <slate/names_client.h>

#include "svctest.h"

enum { ECHO_PING = 1, ECHO_STOP };

/* The test manifest's ranges for the client (test.manifest). */
#define CLIENT_MMIO_BASE  0xfe000000ull
#define CLIENT_MMIO_SIZE  0x2000ull
#define CLIENT_IRQ_BASE   40u
#define CLIENT_IRQ_COUNT  2u
#define CLIENT_PORT_BASE  0x2f8u
#define CLIENT_PORT_COUNT 8u

static struct slate_ipc_buffer ipc_buf __attribute__((aligned(4096)));
static unsigned failures;

void check(const char *name, bool ok, const char *why, long long got)
{
	if (ok) {
		printf("[svctest] PASS %s\n", name);
		return;
	}
	failures++;
	printf("[svctest] FAIL %s: %s (got %lld)\n", name, why, got);
}

/* ---- echo ---- */

static slate_status_t echo_ping(void *state, struct svc_request *req)
{
	for (unsigned i = 0; i < req->nwords; i++)
		req->words[i]++;
	return SLATE_OK;
}

static slate_status_t echo_stop(void *state, struct svc_request *req)
{
	printf("svctest echo: told to stop\n");
	exit(failures ? 1 : 0); /* the caller sees SLATE_ERR_PEER_CLOSED */
}

static const struct svc_op echo_ops[] = {
    {ECHO_PING, 0, echo_ping},
    {ECHO_STOP, 0, echo_stop},
};
static const struct svc_server echo_server = {"echo", echo_ops, 2, NULL};

/* An endpoint handle fit to publish: it can be called, never received. */
static slate_handle_t publishable(slate_handle_t ep)
{
	slate_status_t h = slate_handle_duplicate(
	    ep,
	    SLATE_RIGHT_WRITE | SLATE_RIGHT_DUPLICATE | SLATE_RIGHT_TRANSFER);

	return h < 0 ? SLATE_HANDLE_INVALID : (slate_handle_t)h;
}

static int run_echo(void)
{
	struct svc_conn names = slate_names_conn();
	slate_status_t ep = slate_endpoint_create();

	if (ep < 0)
		return 2;
	/* A handle that could receive must never reach the name service. */
	CHECK_EQ("echo_register_receiving_handle_refused",
		 slate_names_register(&names, &ipc_buf, "echo",
				      (slate_handle_t)slate_handle_duplicate(
					  (slate_handle_t)ep,
					  SLATE_RIGHT_READ | SLATE_RIGHT_WRITE |
					      SLATE_RIGHT_DUPLICATE |
					      SLATE_RIGHT_TRANSFER)),
		 SLATE_ERR_INVALID);
	CHECK_EQ("echo_register_unlisted_name_refused",
		 slate_names_register(&names, &ipc_buf, "client",
				      publishable((slate_handle_t)ep)),
		 SLATE_ERR_ACCESS);
	CHECK_EQ("echo_register_allowed",
		 slate_names_register(&names, &ipc_buf, "echo",
				      publishable((slate_handle_t)ep)),
		 SLATE_OK);
	svc_serve(&echo_server, NULL, (slate_handle_t)ep);
	return 1; /* only ECHO_STOP ends it */
}

/* ---- client ---- */

static slate_handle_t start_handle_of(uint32_t kind, unsigned nth)
{
	const struct slate_start_info *si = slate_start_info();

	for (unsigned i = 0; i < si->nhandles; i++)
		if (si->handle_kinds[i] == kind && nth-- == 0)
			return si->handles[i];
	return SLATE_HANDLE_INVALID;
}

static void check_names_handle(void)
{
	struct slate_handle_info info = {0};

	slate_handle_info(slate_start_handle(SLATE_START_NAMES), &info);
	CHECK_EQ("client_names_handle_is_call_only", info.rights,
		 SLATE_RIGHT_WRITE | SLATE_RIGHT_TRANSFER);
	check("client_names_handle_badged", info.badge != 0, "badge 0", 0);
}

/* Look name up, retrying while it is not registered yet (up to 5 s). */
static slate_status_t lookup_wait(const struct svc_conn *names,
				  const char *name, slate_handle_t *out)
{
	slate_time_t until = slate_clock_get() + 5000000000ull;
	slate_status_t st;

	while ((st = slate_names_lookup(names, &ipc_buf, name, out)) ==
		   SLATE_ERR_NOT_FOUND &&
	       slate_clock_get() < until)
		slate_thread_sleep(slate_clock_get() + 10000000);
	return st;
}

static void check_names(const struct svc_conn *names, slate_handle_t *echo)
{
	struct slate_msg m = {.info = SLATE_MSG_INFO(ECHO_PING, 2, 0),
			      .words = {41, 99}};
	struct slate_handle_info info = {0};
	slate_handle_t other;

	CHECK_EQ("client_lookup_allowed", lookup_wait(names, "echo", echo),
		 SLATE_OK);
	slate_handle_info(*echo, &info);
	CHECK_EQ("client_lookup_gives_call_only_handle", info.rights,
		 SLATE_RIGHT_WRITE | SLATE_RIGHT_TRANSFER);
	struct svc_conn to_echo = svc_conn_remote(*echo);
	CHECK_EQ("client_calls_looked_up_endpoint", svc_call(&to_echo, &m),
		 SLATE_OK);
	CHECK_EQ("client_echo_answer", m.words[0] * 1000 + m.words[1], 42100);
	CHECK_EQ("client_lookup_unlisted_name_refused",
		 slate_names_lookup(names, &ipc_buf, "names", &other),
		 SLATE_ERR_ACCESS);
	slate_status_t mine = slate_endpoint_create();
	CHECK_EQ("client_register_unlisted_name_refused",
		 slate_names_register(names, &ipc_buf, "echo",
				      publishable((slate_handle_t)mine)),
		 SLATE_ERR_ACCESS);
	slate_handle_close((slate_handle_t)mine);
	CHECK_EQ("client_unregister_others_name_refused",
		 slate_names_unregister(names, "echo"), SLATE_ERR_ACCESS);
	CHECK_EQ("client_grant_refused",
		 slate_names_allow(names, SLATE_NAMES_ALLOW_LOOKUP, 99, "echo"),
		 SLATE_ERR_ACCESS);
	CHECK_EQ("client_lookup_bad_name_refused",
		 slate_names_lookup(names, &ipc_buf, "", &other),
		 SLATE_ERR_INVALID);
}

/* The mmio resource: exactly [BASE, BASE + SIZE). */
static void check_mmio(slate_handle_t mmio)
{
	slate_status_t v =
	    slate_vmo_create_phys(mmio, CLIENT_MMIO_BASE, CLIENT_MMIO_SIZE, 0);

	check("client_mmio_inside", v > 0, "vmo_create_phys failed", v);
	if (v > 0)
		slate_handle_close((slate_handle_t)v);
	CHECK_EQ(
	    "client_mmio_below_refused",
	    slate_vmo_create_phys(mmio, CLIENT_MMIO_BASE - 0x1000, 0x1000, 0),
	    SLATE_ERR_ACCESS);
	CHECK_EQ("client_mmio_above_refused",
		 slate_vmo_create_phys(
		     mmio, CLIENT_MMIO_BASE + CLIENT_MMIO_SIZE, 0x1000, 0),
		 SLATE_ERR_ACCESS);
	CHECK_EQ(
	    "client_mmio_straddling_refused",
	    slate_vmo_create_phys(mmio, CLIENT_MMIO_BASE + 0x1000, 0x2000, 0),
	    SLATE_ERR_ACCESS);
}

/* A resource of kind covers exactly [base, base + count): narrow it. */
static void check_range(const char *what, slate_handle_t res, uint32_t kind,
			uint64_t base, uint64_t count)
{
	char name[64];
	slate_status_t r = slate_resource_create(res, kind, base, count);

	snprintf(name, sizeof(name), "client_%s_inside", what);
	check(name, r > 0, "resource_create failed", r);
	if (r > 0)
		slate_handle_close((slate_handle_t)r);
	snprintf(name, sizeof(name), "client_%s_outside_refused", what);
	CHECK_EQ(name, slate_resource_create(res, kind, base + count, 1),
		 SLATE_ERR_ACCESS);
	snprintf(name, sizeof(name), "client_%s_wrong_kind_refused", what);
	CHECK_EQ(name, slate_vmo_create_phys(res, CLIENT_MMIO_BASE, 0x1000, 0),
		 SLATE_ERR_ACCESS);
}

static void check_resources(void)
{
	slate_handle_t mmio = start_handle_of(SLATE_START_MMIO, 0);
	slate_handle_t irq = start_handle_of(SLATE_START_IRQ, 0);
	slate_handle_t ports = start_handle_of(SLATE_START_IOPORT, 0);

	CHECK_EQ("client_one_resource_per_line",
		 (mmio != 0) + (irq != 0) + (ports != 0) +
		     (start_handle_of(SLATE_START_MMIO, 1) != 0) +
		     (start_handle_of(SLATE_START_RESOURCE, 0) != 0),
		 3);
	check_mmio(mmio);
	check_range("irq", irq, SLATE_RESOURCE_IRQ, CLIENT_IRQ_BASE,
		    CLIENT_IRQ_COUNT);
	check_range("ioport", ports, SLATE_RESOURCE_IOPORT, CLIENT_PORT_BASE,
		    CLIENT_PORT_COUNT);
}

static int run_client(void)
{
	struct svc_conn names = slate_names_conn();
	struct slate_msg stop = {.info = SLATE_MSG_INFO(ECHO_STOP, 0, 0)};
	slate_handle_t echo = SLATE_HANDLE_INVALID;

	check_names_handle();
	check_names(&names, &echo);
	check_resources();
	if (echo) {
		struct svc_conn to_echo = svc_conn_remote(echo);

		CHECK_EQ("client_echo_stopped", svc_call(&to_echo, &stop),
			 SLATE_ERR_PEER_CLOSED);
	}
	printf("svctest client: %u failed\n", failures);
	return failures ? 1 : 0;
}

int main(int argc, char **argv)
{
	const char *role = argc > 1 ? argv[1] : "";

	printf("svctest: %s started\n", role);
	if (slate_thread_set_ipc_buffer(&ipc_buf) != SLATE_OK)
		return 3;
	if (!strcmp(role, "echo"))
		return run_echo();
	if (!strcmp(role, "client"))
		return run_client();
	if (!strcmp(role, "late"))
		return 0;
	if (!strcmp(role, "heal") || !strcmp(role, "steady"))
		return run_heal_server(role);
	if (!strcmp(role, "healer"))
		return run_healer();
	if (!strcmp(role, "crashy"))
		return run_crashy();
	if (!strcmp(role, "mmuser"))
		return run_mmuser();
	if (!strcmp(role, "mmpeer"))
		return run_mmpeer();
	if (!strcmp(role, "mmhog"))
		return run_mmhog();
	printf("svctest: unknown role '%s'\n", role);
	return 2;
}
