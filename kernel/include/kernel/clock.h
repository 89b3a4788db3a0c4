/* SPDX-License-Identifier: MIT */
/*
 * Time: the monotonic clock (nanoseconds since the cycle counter started)
 * and the periodic tick. The counter is the TSC on x86_64 and CNTVCT_EL0 on
 * aarch64; under QEMU -icount both count guest instructions.
 */
#ifndef KERNEL_CLOCK_H
#define KERNEL_CLOCK_H

#include <kernel/compiler.h>

#define CLOCK_TICK_HZ 100

/* Compute the cycles-to-nanoseconds scale; call when the rate is known. */
void clock_init(uint64_t cycles_hz);
uint64_t clock_ns(void);
uint64_t clock_cycles_to_ns(uint64_t cycles);

/* Called by the arch timer interrupt handler on each CPU. */
void clock_tick(void);

/* Busy-wait; for bring-up paths that cannot sleep. */
void clock_delay_us(uint64_t us);

#endif
