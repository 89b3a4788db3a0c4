/* SPDX-License-Identifier: MIT */
/* Self-tests of time: the monotonic clock and the tick on every CPU. */
#include <kernel/arch.h>
#include <kernel/clock.h>
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
 * Every online CPU takes timer interrupts: wait long enough for five
 * ticks everywhere and ask for at least one. Only one is certain: on a
 * loaded host QEMU may not run a virtual CPU for a whole tick period,
 * and the timer interrupts it missed arrive as one.
 */
SELFTEST(tick)
{
	uint64_t before[MAX_CPUS];
	uint64_t wait_ns = 5ull * 1000000000 / CLOCK_TICK_HZ;

	for (unsigned i = 0; i < ncpus; i++)
		before[i] = READ_ONCE(cpus[i].ticks);
	clock_delay_us(wait_ns / 1000);
	for (unsigned i = 0; i < ncpus; i++) {
		uint64_t now = READ_ONCE(cpus[i].ticks);

		if (!cpus[i].online)
			continue;
		if (now < before[i] + 1)
			return selftest_failf(
			    "cpu %u took %llu ticks in %llu "
			    "ms, expected at least 1",
			    i, (unsigned long long)(now - before[i]),
			    (unsigned long long)(wait_ns / 1000000));
	}
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
