/* SPDX-License-Identifier: MIT */
/*
 * The monotonic clock and the per-CPU one-shot timer that makes both the
 * scheduler tick and precise deadlines. Converting between cycles and
 * nanoseconds uses 32.32 fixed-point multipliers so that no 128-bit
 * division (which would need compiler runtime support) is ever done.
 */
#define LOG_SUBSYS "clock"
#include <kernel/arch.h>
#include <kernel/clock.h>
#include <kernel/log.h>
#include <kernel/sched.h>
#include <kernel/smp.h>
#include <kernel/trap.h>
#include <slate/types.h>

/* Immutable after clock_init; read racily before, which only skews logs. */
static uint64_t clock_mult;
/* Immutable after clock_init: cycles per nanosecond (32.32), per tick. */
static uint64_t clock_cycles_mult;
static uint64_t clock_tick_cycles;

/*
 * cpu->timer_at after the timer fired: a value never set, since it may
 * still be enabled, its interrupt asserted (aarch64), until written.
 */
#define CLOCK_TIMER_FIRED UINT64_MAX

void clock_init(uint64_t cycles_hz)
{
	/* ns = cycles * (1e9 / hz), kept as (1e9 << 32) / hz. */
	clock_mult = (1000000000ull << 32) / cycles_hz;
	/* cycles = ns * (hz / 1e9); hz / 1000 keeps the shift in 64 bits. */
	clock_cycles_mult = ((cycles_hz / 1000) << 32) / 1000000;
	clock_tick_cycles = cycles_hz / CLOCK_TICK_HZ;
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

/* Rounded up: a timer set from this never fires before ns. */
uint64_t clock_ns_to_cycles(uint64_t ns)
{
	unsigned __int128 c = (unsigned __int128)ns * clock_cycles_mult;

	if ((c >> 32) >= UINT64_MAX - 1)
		return UINT64_MAX;
	return (uint64_t)(c >> 32) + 1;
}

/* Before the scheduler runs here, the CPU counts as busy. */
static bool cpu_busy(const struct cpu *c)
{
	return !c->current || c->current != c->idle;
}

void clock_timer_update(void)
{
	struct cpu *c = this_cpu();
	uint64_t at = cpu_busy(c) ? c->tick_next : UINT64_MAX;
	slate_time_t deadline =
	    c->current ? sched_next_deadline() : SLATE_TIME_INFINITE;

	if (deadline != SLATE_TIME_INFINITE)
		at = MIN(at, clock_ns_to_cycles(deadline));
	if (at == UINT64_MAX)
		at = 0; /* idle and nothing to wait for: no interrupt at all */
	if (at == c->timer_at)
		return;
	c->timer_at = at;
	arch_timer_set(at);
}

void clock_cpu_busy(bool busy)
{
	struct cpu *c = this_cpu();

	if (busy)
		c->tick_next = arch_cycles() + clock_tick_cycles;
	clock_timer_update();
}

void clock_timer_start(void)
{
	arch_timer_init();
	clock_cpu_busy(true);
}

/*
 * The timer fired: take a tick if one is due (the first after a stall
 * counts once, not once per period missed), wake the threads whose
 * deadline passed, and set the timer again.
 */
void clock_timer_irq(void)
{
	struct cpu *c = this_cpu();
	uint64_t now = arch_cycles();

	c->timer_irqs++;
	c->timer_at = CLOCK_TIMER_FIRED; /* so the next update writes it */
	if (cpu_busy(c) && now >= c->tick_next) {
		c->tick_next += clock_tick_cycles;
		if (c->tick_next <= now)
			c->tick_next = now + clock_tick_cycles;
		c->ticks++;
		sched_tick();
	}
	if (c->current)
		sched_expire_timers();
	clock_timer_update();
}

void clock_delay_us(uint64_t us)
{
	uint64_t end = clock_ns() + us * 1000;

	while (clock_ns() < end)
		arch_cpu_relax();
}
