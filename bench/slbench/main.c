/* SPDX-License-Identifier: MIT */
/*
 * The slbench runner: times every figure of bench_cases in batches,
 * subtracts what an empty batch costs, and prints the median per
 * operation with the kernel's event counts per operation (slbench.h).
 * The exit status is 0 when every figure was measured.
 */
#include <stdio.h>
#include <string.h>

#include <slate/sys.h>

#include "arch.h"
#include "slbench.h"

/* Odd, so the median is one batch's value. */
#define BENCH_BATCHES 9
/* Values are kept in hundredths of an instruction or event. */
#define CENTI         100

struct batch {
	uint64_t insns;
	struct slate_system_stats stats;
};

/* Per operation, in hundredths; one array entry per batch. */
struct per_op {
	uint64_t insns[BENCH_BATCHES];
	uint64_t entries[BENCH_BATCHES];
	uint64_t as_switches[BENCH_BATCHES];
	uint64_t ctx_switches[BENCH_BATCHES];
};

static void stats_sub(struct slate_system_stats *a,
		      const struct slate_system_stats *b)
{
	a->user_entries -= b->user_entries;
	a->as_switches -= b->as_switches;
	a->context_switches -= b->context_switches;
	a->tlb_shootdowns -= b->tlb_shootdowns;
}

/*
 * One batch of n iterations. The stats calls lie outside the timed
 * span; the second one's own kernel entry is counted, which the empty
 * batch subtracted later takes out again.
 */
static void batch_run(const struct bench_case *bc, void *ctx, unsigned n,
		      struct batch *out)
{
	struct slate_system_stats before;
	uint64_t t0, t1;

	slate_system_stats(&before);
	t0 = bench_ticks();
	bc->run(ctx, n);
	t1 = bench_ticks();
	slate_system_stats(&out->stats);
	stats_sub(&out->stats, &before);
	out->insns = bench_ticks_to_insns(t1 - t0);
}

/* (a - b) per operation in hundredths, never below zero. */
static uint64_t per_op(uint64_t a, uint64_t b, uint64_t ops)
{
	return a > b ? ((a - b) * CENTI + ops / 2) / ops : 0;
}

static uint64_t median(uint64_t *v)
{
	for (unsigned i = 1; i < BENCH_BATCHES; i++)
		for (unsigned j = i; j > 0 && v[j - 1] > v[j]; j--) {
			uint64_t t = v[j];

			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	return v[BENCH_BATCHES / 2];
}

/* An empty batch: the timing and loop overhead to subtract. */
static void baseline(const struct bench_case *bc, void *ctx, struct batch *base)
{
	struct batch b[BENCH_BATCHES];
	uint64_t insns[BENCH_BATCHES];

	for (unsigned i = 0; i < BENCH_BATCHES; i++) {
		batch_run(bc, ctx, 0, &b[i]);
		insns[i] = b[i].insns;
	}
	*base = b[0];
	base->insns = median(insns);
}

static void measure(const struct bench_case *bc, void *ctx, struct per_op *r)
{
	uint64_t ops = (uint64_t)bc->iterations * bc->ops_per_run;
	struct batch base, b;

	baseline(bc, ctx, &base);
	batch_run(bc, ctx, bc->iterations, &b); /* warm-up, not counted */
	for (unsigned i = 0; i < BENCH_BATCHES; i++) {
		batch_run(bc, ctx, bc->iterations, &b);
		r->insns[i] = per_op(b.insns, base.insns, ops);
		r->entries[i] =
		    per_op(b.stats.user_entries, base.stats.user_entries, ops);
		r->as_switches[i] =
		    per_op(b.stats.as_switches, base.stats.as_switches, ops);
		r->ctx_switches[i] = per_op(b.stats.context_switches,
					    base.stats.context_switches, ops);
	}
}

/* "name value unit", the value in whole units unless it has a fraction. */
static void print_line(const char *name, const char *suffix, uint64_t centi,
		       const char *unit)
{
	if (centi % CENTI == 0)
		printf("slbench: %s_%s%s %llu %s\n", name, BENCH_ARCH, suffix,
		       (unsigned long long)(centi / CENTI), unit);
	else
		printf("slbench: %s_%s%s %llu.%02llu %s\n", name, BENCH_ARCH,
		       suffix, (unsigned long long)(centi / CENTI),
		       (unsigned long long)(centi % CENTI), unit);
}

static void report(const struct bench_case *bc, struct per_op *r)
{
	/* Instructions are rounded to whole ones: the counter's grain. */
	uint64_t insns = (median(r->insns) + CENTI / 2) / CENTI * CENTI;

	print_line(bc->name, "", insns, "insns");
	print_line(bc->name, "_user_entries", median(r->entries), "count");
	print_line(bc->name, "_as_switches", median(r->as_switches), "count");
	print_line(bc->name, "_thread_switches", median(r->ctx_switches),
		   "count");
}

static bool selected(const struct bench_case *bc, int argc, char **argv)
{
	if (argc <= 1)
		return true;
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], bc->name) == 0)
			return true;
	return false;
}

int main(int argc, char **argv)
{
	unsigned failed = 0, done = 0;
	const char *why;

	if (bench_is_server(argc, argv))
		return bench_serve(argc, argv);
	why = bench_pin(bench_self_thread(), 0);
	if (why) {
		printf("slbench: FAIL setup: %s\n", why);
		return 1;
	}
	for (const struct bench_case *bc = bench_cases; bc->name; bc++) {
		struct per_op r;
		void *ctx = NULL;

		if (!selected(bc, argc, argv))
			continue;
		why = bc->setup ? bc->setup(&ctx) : NULL;
		if (why) {
			printf("slbench: FAIL %s: %s\n", bc->name, why);
			failed++;
			continue;
		}
		measure(bc, ctx, &r);
		if (bc->teardown)
			bc->teardown(ctx);
		report(bc, &r);
		done++;
	}
	printf("slbench: %u figures measured, %u failed\n", done, failed);
	return failed ? 1 : 0;
}
