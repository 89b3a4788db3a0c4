/* SPDX-License-Identifier: MIT */
/*
 * slbench, the kernel microbenchmarks: a program started as the first
 * process (init=slbench) under QEMU -icount, so that elapsed guest time
 * is a count of guest instructions. Each figure is an operation run
 * many times in a batch; several batches are timed and the median per
 * operation is printed, with the kernel's own event counts beside it:
 *
 *	slbench: null_syscall_x86_64 62 insns
 *	slbench: null_syscall_x86_64_user_entries 1 count
 *	slbench: null_syscall_x86_64_as_switches 0 count
 *
 * tools/bench reads these lines (docs/benchmarks.md says what each
 * figure means).
 */
#ifndef SLBENCH_H
#define SLBENCH_H

#include <stdbool.h>
#include <stdint.h>

/*
 * One figure. setup prepares what the operation needs (threads,
 * endpoints) and returns an error message or NULL; run performs the
 * operation n times; teardown undoes setup. ops_per_run says how many
 * operations one iteration of run counts as (2 for a ping-pong that
 * measures one direction).
 */
struct bench_case {
	const char *name;
	unsigned iterations; /* per batch */
	unsigned ops_per_run;
	const char *(*setup)(void **ctx);
	void (*run)(void *ctx, unsigned n);
	void (*teardown)(void *ctx);
};

/* The figures, in bench/slbench/figures.c; ends with a zeroed entry. */
extern const struct bench_case bench_cases[];

/* Pin the calling thread (or a thread handle) to one CPU. */
const char *bench_pin(uint64_t thread_handle, unsigned cpu);
/* This first thread's handle. */
uint64_t bench_self_thread(void);
/* How many CPUs are online. */
unsigned bench_cpus(void);

/*
 * The IPC figures between processes run their server in a second copy
 * of slbench, started as "slbench --serve CPU" (server.c).
 */
#define BENCH_PROGRAM    "slbench"
#define BENCH_SERVE_ARG  "--serve"
#define BENCH_LABEL_ECHO 1 /* answered with the same message */
#define BENCH_LABEL_STOP 2 /* not answered: the server exits */

/* Whether this copy was started as a server, and the server itself. */
bool bench_is_server(int argc, char **argv);
int bench_serve(int argc, char **argv);

#endif
