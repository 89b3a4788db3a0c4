/* SPDX-License-Identifier: MIT */
/* Self-tests of time: the monotonic clock, the tick, tickless idle. */
#define LOG_SUBSYS "time"
#include <kernel/arch.h>
#include <kernel/clock.h>
#include <kernel/log.h>
#include <kernel/selftest.h>
#include <kernel/smp.h>

/* The clock never goes backwards and agrees with the cycle counter. */
SELFTEST(clock)
{
	uint64_t prev = clock_ns();

	for (unsigned i = 0; i < 10000; i++) {
		uint64_t now = clock_ns();

		SELFTEST_CHECK(now >= prev);
		prev = now;
	}
	SELFTEST_CHECK(arch_cycles_hz() >= 1000000);
	return NULL;
}

/*
 * The boot CPU, which runs the self-tests and so is busy, ticks: wait
 * long enough for five ticks and ask for at least one. Only one is
 * certain: on a loaded host QEMU may not run a virtual CPU for a whole
 * tick period, and the timer interrupts it missed arrive as one.
 */
SELFTEST(tick)
{
	struct cpu *c = this_cpu();
	uint64_t before = READ_ONCE(c->ticks);
	uint64_t wait_ns = 5ull * 1000000000 / CLOCK_TICK_HZ;

	clock_delay_us(wait_ns / 1000);
	if (READ_ONCE(c->ticks) < before + 1)
		return selftest_failf("cpu %u took no tick in %llu ms",
				      c->index,
				      (unsigned long long)(wait_ns / 1000000));
	return NULL;
}

/*
 * Idle CPUs do not tick: with no thread to run and no deadline to wait
 * for (none exists during the self-tests), the other CPUs take no timer
 * interrupt at all. One is allowed for a tick set before they idled.
 */
SELFTEST(tickless_idle)
{
	uint64_t before[MAX_CPUS], total = 0;
	uint64_t wait_ns = 5ull * 1000000000 / CLOCK_TICK_HZ;

	for (unsigned i = 0; i < ncpus; i++)
		before[i] = READ_ONCE(cpus[i].timer_irqs);
	clock_delay_us(wait_ns / 1000);
	for (unsigned i = 0; i < ncpus; i++) {
		uint64_t n = READ_ONCE(cpus[i].timer_irqs) - before[i];

		if (&cpus[i] == this_cpu() || !cpus[i].online)
			continue;
		total += n;
		if (n > 1)
			return selftest_failf(
			    "idle cpu %u took %llu timer "
			    "interrupts in %llu ms",
			    i, (unsigned long long)n,
			    (unsigned long long)(wait_ns / 1000000));
	}
	log_info("idle cpus took %llu timer interrupts in %llu ms",
		 (unsigned long long)total,
		 (unsigned long long)(wait_ns / 1000000));
	return NULL;
}

/* Every CPU the firmware described came online with a distinct id. */
SELFTEST(smp)
{
	SELFTEST_CHECK(smp_online_count() == ncpus);
	for (unsigned i = 0; i < ncpus; i++) {
		SELFTEST_CHECK(cpus[i].self == &cpus[i]);
		SELFTEST_CHECK(cpus[i].index == i);
		for (unsigned j = 0; j < i; j++)
			SELFTEST_CHECK(cpus[i].hwid != cpus[j].hwid);
	}
	SELFTEST_CHECK(this_cpu() == &cpus[0]);
	return NULL;
}
