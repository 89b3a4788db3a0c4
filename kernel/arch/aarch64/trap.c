/* SPDX-License-Identifier: MIT */
/*
 * What happens after vectors.S saved a frame: interrupts go to the GIC
 * code; exceptions from EL0 go to the generic kernel (system calls, page
 * faults, everything else kills the process); a synchronous exception in
 * kernel mode is a kernel bug and ends in a panic that says what the CPU
 * reported (Arm ARM, ESR_EL1), unless it is a fault inside a user copy.
 */
#include <kernel/arch.h>
#include <kernel/fmt.h>
#include <kernel/log.h>
#include <kernel/panic.h>
#include <kernel/smp.h>
#include <kernel/trap.h>
#include <kernel/vm.h>
#include <arch/aarch64.h>
#include <arch/trap.h>

static_assert(offsetof(struct trap_frame, x[30]) == TF_X30, "TF_X30");
static_assert(offsetof(struct trap_frame, sp) == TF_SP, "TF_SP");
static_assert(offsetof(struct trap_frame, elr) == TF_ELR, "TF_ELR");
static_assert(offsetof(struct trap_frame, spsr) == TF_SPSR, "TF_SPSR");
static_assert(offsetof(struct trap_frame, esr) == TF_ESR, "TF_ESR");
static_assert(offsetof(struct trap_frame, far) == TF_FAR, "TF_FAR");
static_assert(sizeof(struct trap_frame) == TF_SIZE, "TF_SIZE");
static_assert(offsetof(struct cpu, arch.emergency_sp) == CPU_ARCH_EMERGENCY_SP,
	      "vectors.S finds the emergency stack at CPU_ARCH_EMERGENCY_SP");

/* Exception classes, ESR_EL1.EC (Arm ARM, ESR_EL1). */
#define ESR_EC(esr)      (((esr) >> 26) & 0x3f)
#define EC_UNKNOWN       0x00
#define EC_FP_ACCESS     0x07
#define EC_ILLEGAL_STATE 0x0e
#define EC_SVC64         0x15
#define EC_SYSREG        0x18
#define EC_SVE           0x19
#define EC_IABT_LOWER    0x20
#define EC_IABT_CURRENT  0x21
#define EC_PC_ALIGN      0x22
#define EC_DABT_LOWER    0x24
#define EC_DABT_CURRENT  0x25
#define EC_SP_ALIGN      0x26
#define EC_SERROR        0x2f
#define EC_BRKPT_LOWER   0x30
#define EC_STEP_LOWER    0x32
#define EC_WATCH_LOWER   0x34
#define EC_BRK64         0x3c

/* Abort syndrome fields (Arm ARM, ESR_EL1, "ISS encoding for an
 * exception from a Data Abort"). */
#define ESR_ABORT_FSC(esr) ((esr)&0x3f)
#define ESR_DABT_WNR       (1ul << 6)
#define ESR_DABT_CM        (1ul << 8)  /* cache maintenance, not a write */
#define ESR_ABORT_FNV      (1ul << 10) /* FAR not valid */
/* FSC 0b0001LL..0b0011LL: translation, access flag, permission faults. */
#define FSC_MMU_FIRST      0x04
#define FSC_MMU_LAST       0x0f
#define FSC_ALIGNMENT      0x21

/* One entry of the exception table (usercopy.S, linker.ld). */
struct extable_entry {
	uint64_t insn;  /* pc of an access that may fault */
	uint64_t fixup; /* where to resume if the fault is not resolved */
};
extern const struct extable_entry __ex_table_start[], __ex_table_end[];

/* Per-CPU stacks that stack overflows are reported on. */
#define EMERGENCY_STACK_SIZE 8192
static uint8_t emergency_stacks[MAX_CPUS][EMERGENCY_STACK_SIZE] __aligned(16);

uint64_t trap_emergency_stack_top(unsigned cpu_index)
{
	return (uint64_t)&emergency_stacks[cpu_index][EMERGENCY_STACK_SIZE];
}

static const char *ec_name(unsigned ec)
{
	switch (ec) {
	case EC_UNKNOWN:
		return "undefined instruction";
	case EC_FP_ACCESS:
		return "FP/SIMD access (trapped)";
	case EC_ILLEGAL_STATE:
		return "illegal execution state";
	case EC_SVC64:
		return "svc";
	case EC_SYSREG:
		return "trapped system register access";
	case EC_SVE:
		return "SVE instruction (not supported)";
	case EC_IABT_LOWER:
	case EC_IABT_CURRENT:
		return "instruction abort";
	case EC_PC_ALIGN:
		return "PC alignment fault";
	case EC_DABT_LOWER:
	case EC_DABT_CURRENT:
		return "data abort";
	case EC_SP_ALIGN:
		return "SP alignment fault";
	case EC_SERROR:
		return "SError";
	case EC_BRKPT_LOWER:
	case EC_WATCH_LOWER:
		return "hardware breakpoint or watchpoint";
	case EC_STEP_LOWER:
		return "software step";
	case EC_BRK64:
		return "breakpoint (brk)";
	}
	return "unexpected exception";
}

/* Describe a fault status code (Arm ARM, ESR_EL1.ISS.DFSC and IFSC) into buf.
 */
static void describe_fsc(char *buf, size_t len, unsigned fsc)
{
	static const char *const kinds[4] = {
	    "address size fault",
	    "translation fault",
	    "access flag fault",
	    "permission fault",
	};

	if (fsc < 16) /* 0b00TTLL: type TT at level LL */
		fmt_snprintf(buf, len, "%s level %u", kinds[fsc >> 2], fsc & 3);
	else if (fsc == 0x10)
		fmt_snprintf(buf, len, "synchronous external abort");
	else if (fsc == 0x21)
		fmt_snprintf(buf, len, "alignment fault");
	else if (fsc == 0x30)
		fmt_snprintf(buf, len, "TLB conflict abort");
	else
		fmt_snprintf(buf, len, "fault status %#x", fsc);
}

static bool is_abort(unsigned ec)
{
	return ec == EC_DABT_CURRENT || ec == EC_DABT_LOWER ||
	       ec == EC_IABT_CURRENT || ec == EC_IABT_LOWER;
}

/* "data abort at 0x... (translation fault level 3, write)" into buf. */
static void describe(char *buf, size_t len, const struct trap_frame *tf)
{
	unsigned ec = ESR_EC(tf->esr);
	char fsc[48];

	if (!is_abort(ec)) {
		fmt_snprintf(buf, len, "%s (esr %#llx)", ec_name(ec),
			     (unsigned long long)tf->esr);
		return;
	}
	describe_fsc(fsc, sizeof(fsc), ESR_ABORT_FSC(tf->esr));
	if (tf->esr & ESR_ABORT_FNV)
		fmt_snprintf(buf, len, "%s at an unknown address (%s)",
			     ec_name(ec), fsc);
	else
		fmt_snprintf(buf, len, "%s at %#llx (%s, %s)", ec_name(ec),
			     (unsigned long long)tf->far, fsc,
			     ec == EC_IABT_CURRENT || ec == EC_IABT_LOWER
				 ? "execute"
			     : tf->esr & ESR_DABT_WNR ? "write"
						      : "read");
}

/* A translation, access flag or permission fault: uvm_fault's business. */
static bool abort_is_mmu_fault(uint64_t esr)
{
	unsigned fsc = ESR_ABORT_FSC(esr);

	return !(esr & ESR_ABORT_FNV) && fsc >= FSC_MMU_FIRST &&
	       fsc <= FSC_MMU_LAST;
}

/* VM_READ, VM_WRITE or VM_EXEC: what the aborted access wanted. */
static unsigned abort_access(uint64_t esr)
{
	unsigned ec = ESR_EC(esr);

	if (ec == EC_IABT_LOWER || ec == EC_IABT_CURRENT)
		return VM_EXEC;
	/* DC maintenance reports WnR = 1 but needs only read access. */
	if ((esr & ESR_DABT_WNR) && !(esr & ESR_DABT_CM))
		return VM_WRITE;
	return VM_READ;
}

static const struct extable_entry *extable_find(uint64_t pc)
{
	for (const struct extable_entry *e = __ex_table_start;
	     e < __ex_table_end; e++)
		if (e->insn == pc)
			return e;
	return NULL;
}

/*
 * A kernel data abort at a listed user access: retry it if uvm_fault()
 * mapped the page, else resume at the fixup so the copy returns -1.
 * Anything uvm_fault cannot help with (a kernel address, an alignment or
 * external abort) goes straight to the fixup. trap_enter sees that
 * this CPU already holds the big kernel lock (the copy runs inside a
 * system call) and trap_exit leaves it held.
 */
static bool usercopy_fault(struct trap_frame *tf)
{
	const struct extable_entry *e;
	bool retry = false;

	if (ESR_EC(tf->esr) != EC_DABT_CURRENT)
		return false;
	e = extable_find(tf->elr);
	if (!e)
		return false;
	if (abort_is_mmu_fault(tf->esr) && tf->far < USER_TOP) {
		trap_enter(tf, false);
		retry = uvm_fault(tf->far, abort_access(tf->esr));
		trap_exit(tf, false);
	}
	if (!retry)
		tf->elr = e->fixup;
	return true;
}

void aarch64_sync_current(struct trap_frame *tf);
void aarch64_sync_current(struct trap_frame *tf)
{
	char what[128];

	if (usercopy_fault(tf))
		return;
	describe(what, sizeof(what), tf);
	panic_frame(tf, "kernel %s, pc %#llx", what,
		    (unsigned long long)tf->elr);
}

/* A name for an abort that is not a page fault, for user_exception. */
static const char *abort_name(uint64_t esr)
{
	unsigned fsc = ESR_ABORT_FSC(esr);

	if (fsc == FSC_ALIGNMENT)
		return "alignment fault";
	if (esr & ESR_ABORT_FNV)
		return "abort at an unknown address";
	return "external abort";
}

/* The address that best explains an exception: what the report shows. */
static uintptr_t exception_addr(const struct trap_frame *tf)
{
	unsigned ec = ESR_EC(tf->esr);

	if (ec == EC_SP_ALIGN)
		return tf->sp;
	if (ec == EC_PC_ALIGN || is_abort(ec))
		return tf->far;
	return tf->elr;
}

/* A synchronous exception from EL0, inside trap_enter/trap_exit. */
static void sync_lower_dispatch(struct trap_frame *tf)
{
	unsigned ec = ESR_EC(tf->esr);

	switch (ec) {
	case EC_SVC64:
		/* The number is in x8 and the immediate is ignored, as on
		 * Linux; ELR already points past the svc. */
		syscall_dispatch(tf);
		return;
	case EC_DABT_LOWER:
	case EC_IABT_LOWER:
		if (abort_is_mmu_fault(tf->esr)) {
			user_fault(tf, tf->far, abort_access(tf->esr));
			return;
		}
		user_exception(tf, abort_name(tf->esr), exception_addr(tf));
		return;
	}
	user_exception(tf, ec_name(ec), exception_addr(tf));
}

void aarch64_sync_lower(struct trap_frame *tf, unsigned kind);
void aarch64_sync_lower(struct trap_frame *tf, unsigned kind)
{
	trap_enter_user();
	sync_lower_dispatch(tf);
	trap_exit_user();
}

void aarch64_stack_overflow(struct trap_frame *tf);
void aarch64_stack_overflow(struct trap_frame *tf)
{
	char what[128];

	describe(what, sizeof(what), tf);
	panic_frame(tf,
		    "kernel stack overflow: sp %#llx is in a guard page "
		    "(%s, pc %#llx)",
		    (unsigned long long)tf->sp, what,
		    (unsigned long long)tf->elr);
}

/* kind is 1 for an interrupt taken from EL0 (vectors.S). */
void aarch64_irq(struct trap_frame *tf, unsigned kind);
void aarch64_irq(struct trap_frame *tf, unsigned kind)
{
	gic_handle_irq(tf, kind != 0);
}

void aarch64_bad_trap(struct trap_frame *tf, unsigned kind);
void aarch64_bad_trap(struct trap_frame *tf, unsigned kind)
{
	static const char *const kinds[] = {
	    [TRAP_KIND_SP0] = "exception on SP_EL0",
	    [TRAP_KIND_FIQ] = "FIQ",
	    [TRAP_KIND_SERROR] = "SError (asynchronous abort)",
	    [TRAP_KIND_AARCH32] = "exception from AArch32",
	};

	/*
	 * XXX: an SError from EL0 (say, a user driver's device access that
	 * ends in an asynchronous external abort) panics the kernel
	 * instead of killing the process.
	 */
	panic_frame(tf, "aarch64_bad_trap: unexpected %s, esr %#llx",
		    kind < ARRAY_SIZE(kinds) ? kinds[kind] : "vector",
		    (unsigned long long)tf->esr);
}

void arch_dump_frame(const struct trap_frame *tf)
{
	for (unsigned i = 0; i < 30; i += 2)
		kprintf("x%-2u %016llx  x%-2u %016llx%s", i,
			(unsigned long long)tf->x[i], i + 1,
			(unsigned long long)tf->x[i + 1],
			i % 4 == 2 ? "\n" : "  ");
	kprintf("x30 %016llx  sp  %016llx\n", (unsigned long long)tf->x[30],
		(unsigned long long)tf->sp);
	kprintf("elr %016llx  spsr %08llx  esr %08llx  far %016llx\n",
		(unsigned long long)tf->elr, (unsigned long long)tf->spsr,
		(unsigned long long)tf->esr, (unsigned long long)tf->far);
}

void arch_frame_unwind_start(const struct trap_frame *tf, uintptr_t *fp,
			     uintptr_t *pc)
{
	*fp = tf->x[29];
	*pc = tf->elr;
}

/* An address in the MMIO window far above anything ever mapped there. */
#define SELFTEST_UNMAPPED 0xffffc0ffdead0000ul

void arch_selftest_fault(void)
{
	(void)*(volatile uint64_t *)SELFTEST_UNMAPPED;
}
