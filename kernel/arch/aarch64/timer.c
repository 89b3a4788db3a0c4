/* SPDX-License-Identifier: MIT */
/*
 * The Arm generic timer (Arm ARM, "The Generic Timer in AArch64 state"): the
 * virtual counter is the cycle counter, and each CPU's EL1 virtual timer makes
 * the periodic tick. Deadlines advance by a fixed period, so ticks do not
 * drift with interrupt latency.
 */
#include <kernel/arch.h>
#include <kernel/clock.h>
#include <kernel/smp.h>
#include <arch/aarch64.h>

/* CNTV_CTL_EL0.ENABLE, with IMASK clear (Arm ARM, CNTV_CTL_EL0). */
#define CNTV_CTL_ENABLE 1

/* CNTFRQ_EL0 is set by firmware before any kernel runs; always valid. */
uint64_t arch_cycles_hz(void)
{
	return read_sysreg(cntfrq_el0);
}

static void timer_arm(uint64_t deadline)
{
	write_sysreg(cntv_cval_el0, deadline);
	write_sysreg(cntv_ctl_el0, CNTV_CTL_ENABLE);
	isb();
}

void arch_timer_start(unsigned hz)
{
	struct arch_cpu *a = &this_cpu()->arch;

	a->timer_period = arch_cycles_hz() / hz;
	a->timer_deadline = arch_cycles() + a->timer_period;
	timer_arm(a->timer_deadline);
}

/* The timer PPI fired on this CPU: re-arm first, then count the tick. */
void timer_irq(void)
{
	struct arch_cpu *a = &this_cpu()->arch;
	uint64_t now = arch_cycles();

	a->timer_deadline += a->timer_period;
	/* After a long stall, skip missed ticks instead of storming. */
	if (a->timer_deadline <= now)
		a->timer_deadline = now + a->timer_period;
	timer_arm(a->timer_deadline);
	clock_tick();
}
