/* SPDX-License-Identifier: MIT */
/*
 * Time: the monotonic clock (nanoseconds since the cycle counter started)
 * and each CPU's one-shot timer, set for the earlier of its next tick
 * (only while it runs a thread: idle CPUs do not tick) and the earliest
 * deadline of any blocked thread. The counter is the TSC on x86_64 and
 * CNTVCT_EL0 on aarch64; under QEMU -icount both count guest instructions.
 */
#ifndef KERNEL_CLOCK_H
#define KERNEL_CLOCK_H

#include <kernel/compiler.h>

#define CLOCK_TICK_HZ 100

/* Compute the cycles-to-nanoseconds scale; call when the rate is known. */
void clock_init(uint64_t cycles_hz);
uint64_t clock_ns(void);
uint64_t clock_cycles_to_ns(uint64_t cycles);

uint64_t clock_ns_to_cycles(uint64_t ns);

/* Start the calling CPU's timer, ticking; once per CPU. */
void clock_timer_start(void);
/* Called by the arch timer interrupt handler, on any CPU. */
void clock_timer_irq(void);
/*
 * Set this CPU's timer for its next event: call when it turns busy or
 * idle, or when an earlier deadline was added. [bkl] once the scheduler
 * runs here.
 */
void clock_timer_update(void);
/* This CPU switched from idle to a thread (busy) or back. */
void clock_cpu_busy(bool busy);

/* Busy-wait; for bring-up paths that cannot sleep. */
void clock_delay_us(uint64_t us);

#endif
