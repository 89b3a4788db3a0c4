/* SPDX-License-Identifier: MIT */
/*
 * Dispatch of every interrupt and exception. Device interrupts go to
 * their handlers, user-mode exceptions to the generic fault handlers; an
 * exception in kernel mode is a kernel bug and ends in a panic report
 * that names the exception and, for page faults, what the access was and
 * where, unless it is a fault of a user copy (see kernel_page_fault).
 */
#include <kernel/arch.h>
#include <kernel/clock.h>
#include <kernel/fmt.h>
#include <kernel/panic.h>
#include <kernel/log.h>
#include <kernel/smp.h>
#include <kernel/thread.h>
#include <kernel/trap.h>
#include <kernel/usercopy.h>
#include <kernel/vm.h>
#include <arch/trap.h>
#include <arch/x86.h>

static_assert(offsetof(struct trap_frame, vector) == 15 * 8,
	      "entry.S pushes 15 registers before the vector");
static_assert(offsetof(struct trap_frame, cs) == 18 * 8,
	      "entry.S finds CS 24 bytes above the vector");
static_assert(sizeof(struct trap_frame) % 16 == 0,
	      "entry.S keeps the stack 16-byte aligned for the call");

#define X86_EXC_NMI 2
#define X86_EXC_DF  8
#define X86_EXC_GP  13
#define X86_EXC_PF  14
#define X86_EXC_MC  18

/* Page-fault error code bits (SDM Vol. 3A, 4.7). */
#define PF_PRESENT (1u << 0)
#define PF_WRITE   (1u << 1)
#define PF_USER    (1u << 2)
#define PF_RSVD    (1u << 3)
#define PF_FETCH   (1u << 4)
#define PF_PK      (1u << 5)

static const char *const exception_names[32] = {
    "divide error",
    "debug",
    "NMI",
    "breakpoint",
    "overflow",
    "bound range exceeded",
    "invalid opcode",
    "device not available",
    "double fault",
    "coprocessor segment overrun",
    "invalid TSS",
    "segment not present",
    "stack-segment fault",
    "general protection fault",
    "page fault",
    "reserved",
    "x87 floating-point error",
    "alignment check",
    "machine check",
    "SIMD floating-point exception",
    "virtualization exception",
    "control protection exception",
};

static const char *exception_name(uint64_t vec)
{
	const char *n = vec < 32 ? exception_names[vec] : NULL;

	return n ? n : "reserved exception";
}

static __noreturn void page_fault_panic(const struct trap_frame *tf)
{
	uint64_t addr = read_cr2();
	uint32_t e = (uint32_t)tf->error;
	bool guard = kstack_is_guard(addr);

	panic_frame(tf, "page fault at %#llx: %s %s, %s%s%s%s",
		    (unsigned long long)addr, e & PF_USER ? "user" : "kernel",
		    e & PF_FETCH   ? "instruction fetch"
		    : e & PF_WRITE ? "write"
				   : "read",
		    e & PF_PRESENT ? "protection violation" : "page not mapped",
		    e & PF_RSVD ? ", reserved bit set" : "",
		    e & PF_PK ? ", protection key" : "",
		    guard ? " (kernel stack overflow into guard page)" : "");
}

static void nmi(const struct trap_frame *tf)
{
	/* Another CPU's panic stops us with an NMI. */
	if (panic_in_progress)
		arch_halt();
	log_warn("unexpected NMI at %#llx", (unsigned long long)tf->rip);
}

/* The VM_* access a page-fault error code describes. */
static unsigned pf_access(uint64_t error)
{
	if (error & PF_FETCH)
		return VM_EXEC;
	return error & PF_WRITE ? VM_WRITE : VM_READ;
}

/*
 * A kernel-mode page fault may only touch user memory from a listed
 * instruction of arch_copy_*_user: offer it to uvm_fault, and when that
 * cannot help resume at the copy's fixup. Anything else at a user
 * address is a kernel bug (an unchecked user pointer, or SMAP catching a
 * stray access) and panics naming it.
 */
static void kernel_page_fault(struct trap_frame *tf)
{
	uint64_t addr = read_cr2();
	uintptr_t fixup = x86_extable_fixup(tf->rip);
	bool retry;

	if (addr >= USER_TOP)
		page_fault_panic(tf);
	if (!fixup)
		panic_frame(
		    tf,
		    "page fault at user address %#llx from kernel pc "
		    "%#llx outside the user copy routines (%s)",
		    (unsigned long long)addr, (unsigned long long)tf->rip,
		    tf->error & PF_PRESENT ? "SMAP or protection violation"
					   : "page not mapped");
	trap_enter(tf, false);
	retry = !(tf->error & PF_RSVD) &&
		uvm_fault((uintptr_t)addr, pf_access(tf->error));
	trap_exit(tf, false);
	if (!retry)
		tf->rip = fixup;
}

/*
 * A general protection fault inside a user copy can only be a
 * non-canonical user address the caller failed to reject: fail the copy.
 */
static void kernel_exception(struct trap_frame *tf)
{
	uintptr_t fixup = x86_extable_fixup(tf->rip);

	if (tf->vector == X86_EXC_PF) {
		kernel_page_fault(tf);
		return;
	}
	if (tf->vector == X86_EXC_GP && fixup) {
		tf->rip = fixup;
		return;
	}
	if (tf->vector == X86_EXC_DF && kstack_is_guard(read_cr2()))
		/*
		 * The usual double fault is a page fault that could not push
		 * its frame: a stack overflow. CR2 then names the guard page.
		 */
		panic_frame(tf,
			    "double fault: kernel stack overflow "
			    "into the guard page at %#llx",
			    (unsigned long long)read_cr2());
	panic_frame(tf, "%s (vector %llu, error %#llx) at %#llx",
		    exception_name(tf->vector), (unsigned long long)tf->vector,
		    (unsigned long long)tf->error, (unsigned long long)tf->rip);
}

/* Longest run of legacy and REX prefixes io_port_of looks past. */
#define IO_MAX_PREFIXES 4

static bool is_prefix(uint8_t b)
{
	return b == 0x66 || b == 0x67 || b == 0xf2 || b == 0xf3 ||
	       (b & 0xf0) == 0x40;
}

/*
 * Whether the user instruction at tf->rip is an I/O instruction (SDM
 * Vol. 2: IN E4/E5/EC/ED, OUT E6/E7/EE/EF, INS 6C/6D, OUTS 6E/6F), and
 * which port it names: the immediate byte, or DX.
 */
static bool io_port_of(const struct trap_frame *tf, unsigned *port)
{
	uint8_t code[IO_MAX_PREFIXES + 2];
	unsigned i = 0;
	uint8_t op;

	if (copy_from_user(code, tf->rip, sizeof(code)) != 0)
		return false;
	while (i < IO_MAX_PREFIXES && is_prefix(code[i]))
		i++;
	op = code[i];
	if (op == 0xe4 || op == 0xe5 || op == 0xe6 || op == 0xe7) {
		*port = code[i + 1];
		return true;
	}
	if ((op >= 0xec && op <= 0xef) || (op >= 0x6c && op <= 0x6f)) {
		*port = (unsigned)(tf->rdx & 0xffff);
		return true;
	}
	return false;
}

/*
 * A general protection fault from user mode is most often a driver
 * touching an I/O port it was not granted (arch_ioport_enable): say so,
 * naming the port, so the log line points at the manifest.
 */
static void user_gp_fault(struct trap_frame *tf)
{
	char what[64];
	unsigned port;

	if (!io_port_of(tf, &port)) {
		user_exception(tf, exception_name(tf->vector), tf->rip);
		return;
	}
	fmt_snprintf(what, sizeof(what), "access to I/O port %#x not granted",
		     port);
	user_exception(tf, what, tf->rip);
}

/* An exception in user mode: a fault to resolve, or the process dies. */
static void user_trap(struct trap_frame *tf)
{
	if (tf->vector == X86_EXC_PF) {
		uint64_t addr = read_cr2();

		user_fault(tf, (uintptr_t)addr, pf_access(tf->error));
		return;
	}
	if (tf->vector == X86_EXC_GP) {
		user_gp_fault(tf);
		return;
	}
	user_exception(tf, exception_name(tf->vector), tf->rip);
}

/* Everything but NMIs and exceptions that must not wait for the lock. */
static void trap_dispatch(struct trap_frame *tf, bool from_user)
{
	uint64_t v = tf->vector;

	if (v < 32) {
		if (from_user)
			user_trap(tf);
		else
			kernel_exception(tf);
	} else if (v == X86_VEC_TIMER) {
		lapic_eoi();
		clock_timer_irq();
	} else if (v >= X86_VEC_IRQ_BASE && v < X86_VEC_IRQ_LIMIT) {
		ioapic_irq((unsigned)(v - X86_VEC_IRQ_BASE));
	} else if (v == X86_VEC_IPI_RESCHED || v == X86_VEC_IPI_TLB) {
		lapic_eoi();
		smp_ipi_handle(v == X86_VEC_IPI_TLB ? IPI_TLB : IPI_RESCHED);
	} else {
		log_warn("unexpected interrupt vector %llu",
			 (unsigned long long)v);
		lapic_eoi();
	}
}

/*
 * Called by entry.S for every vector. From user mode the frame is the
 * thread's user frame at the top of its kernel stack, and the way out is
 * arch_return_to_user (trap_exit may have switched threads and back in
 * between). Kernel-mode exceptions are bugs and panic at once, without
 * waiting for the big kernel lock, except faults in the user copies,
 * which kernel_page_fault brackets itself.
 */
void x86_trap(struct trap_frame *tf);
void x86_trap(struct trap_frame *tf)
{
	bool from_user = tf->cs & 3;

	switch (tf->vector) {
	case X86_EXC_NMI:
		nmi(tf);
		return;
	case X86_VEC_IPI_STOP:
		arch_halt();
	case X86_VEC_SPURIOUS:
		return; /* no EOI for spurious interrupts (SDM 10.9) */
	case X86_EXC_DF:
	case X86_EXC_MC:
		kernel_exception(tf);
		return;
	default:
		break;
	}
	if (!from_user && tf->vector < 32) {
		kernel_exception(tf);
		return;
	}
	trap_enter(tf, from_user);
	trap_dispatch(tf, from_user);
	trap_exit(tf, from_user);
	if (from_user)
		arch_return_to_user(tf);
}

void arch_dump_frame(const struct trap_frame *tf)
{
	uint64_t cr0, cr3, cr4;

	__asm__ volatile("mov %%cr0, %0; mov %%cr3, %1; mov %%cr4, %2"
			 : "=r"(cr0), "=r"(cr3), "=r"(cr4));
	kprintf("rip %016llx  cs %04llx  rflags %08llx  vector %llu  "
		"error %#llx\n",
		(unsigned long long)tf->rip, (unsigned long long)tf->cs,
		(unsigned long long)tf->rflags, (unsigned long long)tf->vector,
		(unsigned long long)tf->error);
	kprintf("rax %016llx  rbx %016llx  rcx %016llx  rdx %016llx\n",
		(unsigned long long)tf->rax, (unsigned long long)tf->rbx,
		(unsigned long long)tf->rcx, (unsigned long long)tf->rdx);
	kprintf("rsi %016llx  rdi %016llx  rbp %016llx  rsp %016llx\n",
		(unsigned long long)tf->rsi, (unsigned long long)tf->rdi,
		(unsigned long long)tf->rbp, (unsigned long long)tf->rsp);
	kprintf("r8  %016llx  r9  %016llx  r10 %016llx  r11 %016llx\n",
		(unsigned long long)tf->r8, (unsigned long long)tf->r9,
		(unsigned long long)tf->r10, (unsigned long long)tf->r11);
	kprintf("r12 %016llx  r13 %016llx  r14 %016llx  r15 %016llx\n",
		(unsigned long long)tf->r12, (unsigned long long)tf->r13,
		(unsigned long long)tf->r14, (unsigned long long)tf->r15);
	kprintf("cr0 %016llx  cr2 %016llx  cr3 %016llx  cr4 %016llx\n",
		(unsigned long long)cr0, (unsigned long long)read_cr2(),
		(unsigned long long)cr3, (unsigned long long)cr4);
}

void arch_frame_unwind_start(const struct trap_frame *tf, uintptr_t *fp,
			     uintptr_t *pc)
{
	*fp = tf->rbp;
	*pc = tf->rip;
}

/* An address in the MMIO window far above anything ever mapped there. */
#define SELFTEST_UNMAPPED 0xffffc0ffdead0000ul

void arch_selftest_fault(void)
{
	*(volatile uint64_t *)SELFTEST_UNMAPPED = 0;
}

void arch_call_on_stack(uintptr_t top, void (*fn)(void *), void *arg)
{
	__asm__ volatile("movq %0, %%rsp\n\t"
			 "xorl %%ebp, %%ebp\n\t"
			 "callq *%1"
			 :
			 : "r"(top), "r"(fn), "D"(arg)
			 : "memory");
	__builtin_unreachable();
}

void arch_halt(void)
{
	for (;;)
		__asm__ volatile("cli; hlt");
}
