/* SPDX-License-Identifier: MIT */
/*
 * What the syscall fuzzer (tests/sysfuzz/sysfuzz.c) and its watchdog
 * (tests/system/test_fuzz.c) agree on: the program's arguments and the
 * page of shared memory through which a fuzzing child reports.
 */
#ifndef SYSFUZZ_H
#define SYSFUZZ_H

#include <slate/start.h>
#include <slate/types.h>

/* argv: sysfuzz SEED CALLS; the shared page's VMO comes as this kind. */
#define SYSFUZZ_PROGRAM      "sysfuzz"
#define SYSFUZZ_START_SHARED SLATE_START_USER

/* Written by the child once its setup is done, so a watchdog can tell a
   fuzzer that never started from one the fuzzing ended. */
#define SYSFUZZ_MAGIC 0x5a5546535953ull /* "SYSFUZ" */

/* Status counts: [0] successes, [i] SLATE_ERR -i, [last] anything else. */
#define SYSFUZZ_NSTATUS 19

/*
 * The child's report, one page mapped in the child and its watchdog. The
 * child writes, the watchdog only reads (racily: a torn read of the call
 * in progress only garbles a diagnosis line).
 */
struct sysfuzz_shared {
	uint64_t magic; /* SYSFUZZ_MAGIC once fuzzing has started */
	uint64_t seed;
	uint64_t calls;   /* calls completed */
	uint64_t nr;      /* the call in progress, or the last one */
	uint64_t args[6]; /* its arguments */
	uint64_t status[SYSFUZZ_NSTATUS];
};

#endif
