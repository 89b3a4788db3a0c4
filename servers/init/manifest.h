/* SPDX-License-Identifier: MIT */
/*
 * The system manifest: the text file init reads to learn which services
 * run, how they are isolated and restarted, and exactly which
 * capabilities each one gets. docs/manifest.md describes the format for
 * people; this header is the parser's contract.
 *
 * The parser is pure logic (no system calls, no allocation), so the host
 * tests and the fuzzer run it as it is. Every limit below is fixed, so a
 * hostile manifest can cost at most sizeof(struct manifest) of memory.
 */
#ifndef INIT_MANIFEST_H
#define INIT_MANIFEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define MANIFEST_MAX_SERVICES 32
#define MANIFEST_NAME_MAX     32 /* service, group and IPC names, with NUL */
#define MANIFEST_PATH_MAX     64 /* the binary, with NUL */
#define MANIFEST_ARG_MAX      64 /* one argument, with NUL */
#define MANIFEST_MAX_ARGS     8
#define MANIFEST_MAX_NAMES    8   /* per list: after, register, ... */
#define MANIFEST_MAX_RANGES   8   /* per kind: irq, mmio, ioport */
#define MANIFEST_LINE_MAX     256 /* bytes in one line, newline excluded */
#define MANIFEST_MAX_ERRORS   16
#define MANIFEST_ERROR_MAX    120 /* one error message, with NUL */

/* Only IC2 can be started today; the others parse so manifests last. */
enum manifest_class {
	MANIFEST_IC2, /* own address space (the default) */
	MANIFEST_IC1, /* kernel mode, fenced by protection keys */
	MANIFEST_IC0, /* part of the kernel */
};

enum manifest_restart {
	MANIFEST_RESTART_ON_FAILURE, /* the default */
	MANIFEST_RESTART_ALWAYS,
	MANIFEST_RESTART_NEVER,
};

/* A physical range a service may use: [base, base + size). */
struct manifest_range {
	uint64_t base;
	uint64_t size;
};

struct manifest_names {
	unsigned count;
	char name[MANIFEST_MAX_NAMES][MANIFEST_NAME_MAX];
};

struct manifest_ranges {
	unsigned count;
	struct manifest_range range[MANIFEST_MAX_RANGES];
};

struct manifest_service {
	char name[MANIFEST_NAME_MAX];
	char binary[MANIFEST_PATH_MAX];
	char group[MANIFEST_NAME_MAX]; /* "" when not coalesced */
	unsigned argc;
	char argv[MANIFEST_MAX_ARGS][MANIFEST_ARG_MAX];
	enum manifest_class class;
	enum manifest_restart restart;
	uint32_t restart_limit; /* restarts allowed in a row; 0: no limit */
	uint32_t heartbeat_ms;  /* 0: not watched */
	uint64_t quota_pages;   /* 0: the default quota */
	struct manifest_names after;     /* start only once these run */
	struct manifest_names registers; /* names it may register */
	struct manifest_names lookups;   /* names it may look up */
	struct manifest_names controls;  /* services it may kill via init */
	struct manifest_ranges irq;      /* lines; size is a count */
	struct manifest_ranges mmio;     /* bytes, page aligned */
	struct manifest_ranges ioport;   /* ports (x86_64) */
	uint32_t powers; /* 1 << enum slate_system_power, per power */
	unsigned line;   /* where the service begins */
};

struct manifest_error {
	unsigned line; /* 0: about the manifest as a whole */
	char message[MANIFEST_ERROR_MAX];
};

struct manifest {
	unsigned count;
	struct manifest_service service[MANIFEST_MAX_SERVICES];
	/* Indexes into service[], in an order that respects every "after". */
	unsigned order[MANIFEST_MAX_SERVICES];
	unsigned nerrors;
	bool errors_dropped; /* more than MANIFEST_MAX_ERRORS were found */
	struct manifest_error error[MANIFEST_MAX_ERRORS];
};

/*
 * Parse len bytes of text (not NUL terminated; NUL bytes are an error)
 * into m, then check it as a whole: names unique, every "after" and
 * "lookup" answered by some service, no dependency cycle, one isolation
 * class per coalescing group. Returns true if there were no errors;
 * otherwise m->error[] says what and where, in line order for syntax
 * errors, and m must not be used to start anything.
 */
bool manifest_parse(struct manifest *m, const char *text, size_t len);

/* The service named name, or NULL. */
const struct manifest_service *manifest_find(const struct manifest *m,
					     const char *name);

const char *manifest_class_name(enum manifest_class c);
const char *manifest_restart_name(enum manifest_restart r);

#endif
