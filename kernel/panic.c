/* SPDX-License-Identifier: MIT */
/*
 * Stopping the kernel with a report a person can act on: the message, the
 * CPU, the registers when a trap caused it, and a symbolized backtrace.
 * Then the machine halts or, with "panic=poweroff", powers off so test
 * runs end at once instead of waiting for a timeout.
 */
#include <kernel/arch.h>
#include <kernel/cmdline.h>
#include <kernel/ksyms.h>
#include <kernel/log.h>
#include <kernel/panic.h>
#include <kernel/smp.h>
#include <kernel/string.h>

volatile bool panic_in_progress;
static bool panic_poweroff;
static int panic_owner = -1;

static const char *panic_option(const char *value)
{
	if (strcmp(value, "halt") == 0)
		panic_poweroff = false;
	else if (strcmp(value, "poweroff") == 0)
		panic_poweroff = true;
	else
		return "expected halt or poweroff";
	return NULL;
}
CMDLINE_OPTION(panic, "panic", panic_option, "panic=halt|poweroff");

/*
 * Only the first CPU to panic reports; a second panic on that same CPU
 * (a fault while reporting) stops at once, others just halt.
 */
static void panic_enter(void)
{
	int me = (int)this_cpu()->index;
	int expected = -1;

	arch_irq_disable();
	if (!__atomic_compare_exchange_n(&panic_owner, &expected, me, false,
					 __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)) {
		if (expected == me)
			kprintf("\nPANIC: fault while reporting a panic\n");
		arch_halt();
	}
	panic_in_progress = true;
	arch_stop_other_cpus();
}

static __noreturn void panic_finish(void)
{
	kprintf("PANIC: system halted%s\n",
		panic_poweroff ? ", powering off" : "");
	if (panic_poweroff)
		arch_poweroff();
	arch_halt();
}

static void panic_message(const char *fmt, va_list ap)
{
	kprintf("\nPANIC on cpu %u: ", this_cpu()->index);
	kvprintf(fmt, ap);
	kprintf("\n");
}

void panic(const char *fmt, ...)
{
	va_list ap;

	panic_enter();
	va_start(ap, fmt);
	panic_message(fmt, ap);
	va_end(ap);
	backtrace_print((uintptr_t)__builtin_frame_address(0),
			(uintptr_t)__builtin_return_address(0));
	panic_finish();
}

void panic_frame(const struct trap_frame *tf, const char *fmt, ...)
{
	uintptr_t fp, pc;
	va_list ap;

	panic_enter();
	va_start(ap, fmt);
	panic_message(fmt, ap);
	va_end(ap);
	arch_dump_frame(tf);
	arch_frame_unwind_start(tf, &fp, &pc);
	backtrace_print(fp, pc);
	panic_finish();
}
