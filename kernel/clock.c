/* SPDX-License-Identifier: MIT */
/*
 * The monotonic clock and the periodic tick. Converting cycles to
 * nanoseconds uses a 32.32 fixed-point multiplier so that no 128-bit
 * division (which would need compiler runtime support) is ever done.
 */
#define LOG_SUBSYS "clock"
#include <kernel/arch.h>
#include <kernel/clock.h>
#include <kernel/log.h>
#include <kernel/smp.h>
#include <kernel/trap.h>

/* Immutable after clock_init; read racily before, which only skews logs. */
static uint64_t clock_mult;

void clock_init(uint64_t cycles_hz)
{
	/* ns = cycles * (1e9 / hz), kept as (1e9 << 32) / hz. */
	clock_mult = (1000000000ull << 32) / cycles_hz;
}

uint64_t clock_cycles_to_ns(uint64_t cycles)
{
	uint64_t mult = clock_mult;

	if (!mult) /* before clock_init: ask the arch for its best guess */
		mult = (1000000000ull << 32) / arch_cycles_hz();
	return (uint64_t)(((unsigned __int128)cycles * mult) >> 32);
}

uint64_t clock_ns(void)
{
	return clock_cycles_to_ns(arch_cycles());
}

void clock_tick(void)
{
	this_cpu()->ticks++;
	sched_tick();
}

void clock_delay_us(uint64_t us)
{
	uint64_t end = clock_ns() + us * 1000;

	while (clock_ns() < end)
		arch_cpu_relax();
}
