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
#include <slate/types.h>

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

/*
 * A random number from the CPU's own generator (RDRAND, or RNDR of
 * Armv8.5 FEAT_RNG), or false if it has none or it failed this time.
 * Callable from the first line of kmain on.
 */
bool arch_random(uint64_t *out);

/*
 * The calling CPU's one-shot timer: arch_timer_init sets it up stopped;
 * arch_timer_set(at) makes it interrupt once the cycle counter reaches
 * at (at once if already past), replacing any earlier setting, and
 * arch_timer_set(0) stops it. The interrupt handler calls
 * clock_timer_irq(), which always sets or stops the timer again.
 */
void arch_timer_init(void);
void arch_timer_set(uint64_t at);

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

/* ---- Threads, user mode, address spaces (see kernel/include/kernel/trap.h
 * for the generic functions arch trap code calls) ---- */

struct thread;

/*
 * Prepare the kernel stack of a thread that has never run, so that the
 * first arch_context_switch() to it calls fn(arg) on that stack with
 * interrupts masked and the frame-pointer chain ended. fn never returns.
 * t->kstack_top is set; the top sizeof(struct trap_frame) bytes of the
 * stack are the thread's user register frame (thread_user_frame()) and
 * must not be used by the switch frame.
 */
void arch_thread_init(struct thread *t, void (*fn)(void *), void *arg);

/*
 * Save prev's callee-saved registers, FP/SIMD state and user TLS
 * register, load next's, point this CPU's kernel entry stack (TSS rsp0
 * and the syscall stack on x86_64) at next->kstack_top, and continue on
 * next's kernel stack. Returns, in prev, when something switches back.
 * The address space is not changed here (arch_vm_user_switch).
 * Called with interrupts masked.
 */
void arch_context_switch(struct thread *prev, struct thread *next);

/*
 * Restore the user registers in tf (which is thread_user_frame() of the
 * current thread) and return to user mode. Interrupts are masked and
 * the big kernel lock already released by the caller.
 */
__noreturn void arch_return_to_user(struct trap_frame *tf);

/* Fill a fresh user frame: start at pc with stack sp, interrupts on. */
void arch_user_frame_init(struct trap_frame *tf, uintptr_t pc, uintptr_t sp,
			  uint64_t arg0, uint64_t arg1);

/*
 * System-call registers. Arguments 0..5 are rdi rsi rdx r10 r8 r9 on
 * x86_64 and x0..x5 on aarch64; the number is rax or x8. The result
 * goes to rax or x0. IPC returns its message in the argument registers
 * 1..5 (set_out) and the sender's badge in rdi or x6.
 */
uint64_t arch_syscall_nr(const struct trap_frame *tf);
uint64_t arch_syscall_arg(const struct trap_frame *tf, unsigned i);
void arch_syscall_set_result(struct trap_frame *tf, uint64_t v);
void arch_syscall_set_out(struct trap_frame *tf, unsigned i, uint64_t v);
void arch_syscall_set_badge(struct trap_frame *tf, uint64_t badge);

/* User program counter and stack pointer of a frame, for fault reports. */
uintptr_t arch_frame_pc(const struct trap_frame *tf);
uintptr_t arch_frame_sp(const struct trap_frame *tf);

/*
 * User address spaces. A user root table maps the user half
 * [USER_BASE, USER_TOP); on x86_64 it also shares the kernel half (the
 * upper 256 root entries, which vm_init preallocates so they never
 * change), on aarch64 the kernel half lives in TTBR1 and the user root
 * holds only user mappings. arch_vm_user_root_new returns the physical
 * address of a fresh root table, or 0 if out of memory; the generic code
 * frees lower-level tables and then calls arch_vm_user_root_free.
 */
uint64_t arch_vm_user_root_new(void);
void arch_vm_user_root_free(uint64_t root_pa);
/* Make root_pa this CPU's user address space (0: none, kernel only). */
void arch_vm_user_switch(uint64_t root_pa);
/*
 * Flush user translations of [va, va+len) for the current address space
 * on this CPU. ARCH_TLB_BROADCAST (in <arch/mmu.h>) is true where such
 * flushes reach every CPU by themselves (aarch64 TLBI ...IS), false where
 * the generic code must send IPI_TLB to the other CPUs (x86_64).
 */
void arch_tlb_flush_user(uintptr_t va, uint64_t len);
void arch_tlb_flush_user_all(void);

/*
 * Fault-safe copies between kernel and user memory. The generic callers
 * (kernel/usercopy.c) have checked that the user range lies in the user
 * half; these do the access with SMAP/PAN lifted and return 0, or -1 if
 * a fault could not be resolved by uvm_fault(). A fault inside them
 * reaches the arch trap handler in kernel mode, which asks uvm_fault()
 * and, if that fails, resumes at the copy's fixup (an exception table).
 */
int arch_copy_from_user(void *dst, const void *usrc, size_t n);
int arch_copy_to_user(void *udst, const void *src, size_t n);

/* Inter-processor interrupts the generic kernel sends. */
enum ipi_kind {
	IPI_RESCHED, /* run the scheduler on return from the interrupt */
	IPI_TLB,     /* flush this CPU's user TLB (tlb_shootdown_ack) */
	IPI_COUNT
};
void arch_send_ipi(unsigned cpu_index, enum ipi_kind kind);

/*
 * Device interrupt lines that user space may own (the generic irq.c).
 * The arch routes line to this CPU and calls irq_deliver(line) from its
 * interrupt handler; the line stays masked until arch_irq_line_unmask.
 * Returns 0, or -1 if the line does not exist or belongs to the kernel.
 */
int arch_irq_line_claim(unsigned line);
void arch_irq_line_mask(unsigned line);
void arch_irq_line_unmask(unsigned line);
void arch_irq_line_release(unsigned line);

/*
 * I/O ports (x86 in/out) for user-space drivers. arch_ioport_enable lets
 * every thread of p use ports [base, base + count), which the caller has
 * checked lie below SLATE_IOPORT_COUNT inside a resource p holds. Returns
 * 0, SLATE_ERR_QUOTA or SLATE_ERR_NO_MEMORY (p unchanged then), or
 * SLATE_ERR_NOT_SUPPORTED on an architecture without I/O ports. Ports
 * are never taken back: arch_ioport_release frees p's port state when p
 * has ended. Any port p was not given faults and kills p.
 */
struct process;
slate_status_t arch_ioport_enable(struct process *p, unsigned base,
				  unsigned count);
void arch_ioport_release(struct process *p);

#endif
