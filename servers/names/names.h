/* SPDX-License-Identifier: MIT */
/*
 * The name service as a library of handlers (<slate/server.h>): which
 * badge may register or look up which name, and the endpoints published
 * under names. The protocol is <slate/names.h>; main.c only wires it up.
 */
#ifndef NAMES_NAMES_H
#define NAMES_NAMES_H

#include <slate/names.h>
#include <slate/server.h>

/* Enough for a full manifest: 32 services, 8 names each way. */
#define NAMES_MAX_GRANTS  512
#define NAMES_MAX_ENTRIES 256

enum names_grant_kind { NAMES_MAY_REGISTER, NAMES_MAY_LOOKUP };

struct names_grant {
	uint64_t badge; /* 0: a free slot */
	enum names_grant_kind kind;
	char name[SLATE_NAMES_MAX + 1];
};

struct names_entry {
	char name[SLATE_NAMES_MAX + 1]; /* "": a free slot */
	uint64_t owner;                 /* the badge that registered it */
	slate_handle_t endpoint;        /* WRITE | DUPLICATE, never READ */
};

/* Touched only by the handlers, which run one at a time. */
struct names_state {
	struct names_grant grant[NAMES_MAX_GRANTS];
	struct names_entry entry[NAMES_MAX_ENTRIES];
};

extern const struct svc_server names_server;

#endif
