/* SPDX-License-Identifier: MIT */
/*
 * The hooks every architecture implements. Generic code calls only these
 * (and the inline ones in <arch/cpu.h> and <arch/mmu.h>); it never tests
 * which architecture it runs on.
 */
#ifndef KERNEL_ARCH_H
#define KERNEL_ARCH_H

#include <kernel/compiler.h>
#include <arch/cpu.h>

struct boot_info;
struct cpu;
struct trap_frame;

/* Console: a polled serial port until a driver takes over. */
void arch_console_putc(char c);

/*
 * Called by kmain once the heap and the kernel page tables exist: find
 * the interrupt controller, timer and CPUs from firmware tables, and remap
 * any device the early boot reached through the boot page tables.
 */
void arch_init(struct boot_info *bi);

/* Cycle counter frequency in Hz; valid after arch_init (earlier: guess). */
uint64_t arch_cycles_hz(void);

/* Start the periodic tick on the calling CPU, at hz ticks per second. */
void arch_timer_start(unsigned hz);

/* Number of CPUs found by arch_init, and the hardware id of each. */
unsigned arch_cpu_count(void);
uint64_t arch_cpu_hwid(unsigned index);

/*
 * Start secondary CPU c on the given stack. It must arrive in
 * smp_secondary_entry(c) with the kernel page tables, its per-CPU pointer
 * and exception vectors set, and interrupts masked. Returns 0 if the start
 * request was sent; the caller waits for the CPU to come online.
 */
int arch_cpu_start(struct cpu *c, uintptr_t stack_top);
/* Per-CPU setup a secondary does for itself before coming online. */
void arch_cpu_init_secondary(struct cpu *c);

/*
 * Switch to the stack whose top is given and call fn(arg) there, with an
 * empty frame-pointer chain; fn must not return.
 */
__noreturn void arch_call_on_stack(uintptr_t top, void (*fn)(void *),
				   void *arg);

/* Stop every other CPU, best effort; used by panic. */
void arch_stop_other_cpus(void);

/* Print the registers of a trap frame, one panic-dump block. */
void arch_dump_frame(const struct trap_frame *tf);
/* Frame pointer and pc to start a backtrace from a trap frame. */
void arch_frame_unwind_start(const struct trap_frame *tf, uintptr_t *fp,
			     uintptr_t *pc);

__noreturn void arch_poweroff(void);
__noreturn void arch_halt(void);

/* Switch the kernel half of the address space to a new root table. */
void arch_vm_kernel_switch(uint64_t root_pa);

/* A deliberate fault, for the fault self-test: access to an unmapped page. */
void arch_selftest_fault(void);

#endif
