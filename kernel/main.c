/* SPDX-License-Identifier: MIT */
/*
 * kmain: the generic kernel's boot sequence, from the arch handoff to
 * "ready". Each step needs the ones before it, in this order:
 * command line, frames, page tables, heap, arch devices, clock, CPUs.
 */
#define LOG_SUBSYS "boot"
#include <kernel/arch.h>
#include <kernel/bootinfo.h>
#include <kernel/clock.h>
#include <kernel/cmdline.h>
#include <kernel/heap.h>
#include <kernel/log.h>
#include <kernel/panic.h>
#include <kernel/pmm.h>
#include <kernel/sched.h>
#include <kernel/selftest.h>
#include <kernel/smp.h>
#include <kernel/stack_protector.h>
#include <kernel/userboot.h>
#include <kernel/vm.h>

static bool boot_poweroff;

static const char *poweroff_option(const char *value)
{
	if (*value)
		return "takes no value";
	boot_poweroff = true;
	return NULL;
}
CMDLINE_OPTION(poweroff, "poweroff", poweroff_option,
	       "poweroff (power off once self-tested and init has exited)");

bool boot_poweroff_requested(void)
{
	return boot_poweroff;
}

static const char *mem_type_name(enum mem_type t)
{
	switch (t) {
	case MEM_USABLE:
		return "usable";
	case MEM_ACPI:
		return "acpi";
	case MEM_KERNEL:
		return "kernel";
	case MEM_BOOT:
		return "boot";
	default:
		return "reserved";
	}
}

static void log_memory_map(const struct boot_info *bi)
{
	for (unsigned i = 0; i < bi->nmem; i++)
		log_debug(
		    "mem %#014llx-%#014llx %s",
		    (unsigned long long)bi->mem[i].base,
		    (unsigned long long)(bi->mem[i].base + bi->mem[i].size - 1),
		    mem_type_name(bi->mem[i].type));
}

static void report_ready(void)
{
	uint64_t cycles = arch_cycles() - boot_cycles_at_entry;

	log_info("slate: ready in %llu us (%llu cycles at %llu Hz counter)",
		 (unsigned long long)(clock_cycles_to_ns(cycles) / 1000),
		 (unsigned long long)cycles,
		 (unsigned long long)arch_cycles_hz());
}

/*
 * The rest of boot, on a kernel stack with a guard page (the boot stack
 * in the image has none).
 */
static __noreturn void kmain_on_kstack(void *arg)
{
	struct boot_info *bi = arg;

	arch_init(bi);
	sched_init();
	clock_init(arch_cycles_hz());
	clock_timer_start();
	arch_irq_enable();
	this_cpu()->online = true;
	smp_boot();
	report_ready();

	if (selftest_requested())
		selftest_run_selected();
	if (!userboot_start(bi) && boot_poweroff) {
		log_info("powering off");
		arch_poweroff();
	}
	sched_run_idle();
}

void kmain(struct boot_info *bi)
{
	uintptr_t stack;

	stack_guard_init(); /* first: nothing protected is active yet */
	log_info("Slate booting");
	boot_info_saved = bi;
	cmdline_apply(bi->cmdline);
	log_memory_map(bi);

	pmm_init(bi);
	vm_init(bi);
	heap_init();
	stack = kstack_alloc();
	if (!stack)
		panic("kmain: no memory for the boot CPU's kernel stack");
	this_cpu()->stack_top = stack;
	arch_call_on_stack(stack, kmain_on_kstack, bi);
}
