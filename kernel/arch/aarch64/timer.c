/* SPDX-License-Identifier: MIT */
/*
 * The Arm generic timer (Arm ARM, "The Generic Timer in AArch64 state"): the
 * virtual counter is the cycle counter, and each CPU's EL1 virtual timer is
 * its one-shot timer. CNTV_CVAL_EL0 takes an absolute counter value, so
 * the generic code's next event is written as it is.
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

void arch_timer_init(void)
{
	arch_timer_set(0);
}

/*
 * Setting CVAL replaces the compare value; the interrupt is a level
 * that drops once CVAL is in the future again or the timer is off.
 */
void arch_timer_set(uint64_t at)
{
	if (at) {
		write_sysreg(cntv_cval_el0, at);
		write_sysreg(cntv_ctl_el0, CNTV_CTL_ENABLE);
	} else {
		write_sysreg(cntv_ctl_el0, 0);
	}
	isb();
}

/* The timer PPI fired on this CPU: clock_timer_irq sets it anew. */
void timer_irq(void)
{
	clock_timer_irq();
}
