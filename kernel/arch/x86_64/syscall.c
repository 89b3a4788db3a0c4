/* SPDX-License-Identifier: MIT */
/*
 * System calls on x86_64: the SYSCALL MSRs, the C half of the entry,
 * where the arguments and results live in the frame, and the way back
 * to user mode.
 */
#include <kernel/arch.h>
#include <kernel/panic.h>
#include <kernel/smp.h>
#include <kernel/thread.h>
#include <kernel/trap.h>
#include <kernel/vm.h>
#include <arch/trap.h>
#include <arch/x86.h>

static_assert(offsetof(struct trap_frame, rcx) == TF_RCX &&
		  offsetof(struct trap_frame, r11) == TF_R11 &&
		  offsetof(struct trap_frame, vector) == TF_VECTOR &&
		  offsetof(struct trap_frame, rip) == TF_RIP &&
		  offsetof(struct trap_frame, rsp) == TF_RSP &&
		  sizeof(struct trap_frame) == TF_SIZE,
	      "syscall.S builds and reads the frame at these offsets");
static_assert(X86_CPU_ENTRY_SP == CPU_ENTRY_SP_OFFSET &&
		  X86_CPU_SCRATCH == CPU_SCRATCH_OFFSET,
	      "syscall.S finds the entry stack and scratch slot in struct cpu");
static_assert(TF_SIZE % 16 == 0, "the syscall frame keeps %rsp aligned");

/* EFER.SCE enables SYSCALL/SYSRET (SDM Vol. 3A, 5.8.8). */
#define EFER_SCE          (1ul << 0)
#define STAR_KERNEL_SHIFT 32
#define STAR_USER_SHIFT   48

/*
 * Flags cleared on entry: interrupts stay off until the kernel is on its
 * own stack, the ABI wants DF clear, a user single-step must not trap
 * in the entry code, AC would lift SMAP, and NT would make the kernel's
 * own IRETQ fault (SDM Vol. 2A, IRET: #GP if NT is set in 64-bit mode).
 */
#define SYSCALL_FMASK                                                    \
	(X86_RFLAGS_IF | X86_RFLAGS_DF | X86_RFLAGS_TF | X86_RFLAGS_AC | \
	 X86_RFLAGS_NT)

/* The flags user code may hold: arithmetic, TF, DF, AC, ID. */
#define USER_RFLAGS_MASK                                                 \
	(X86_RFLAGS_CF | X86_RFLAGS_PF | X86_RFLAGS_AF | X86_RFLAGS_ZF | \
	 X86_RFLAGS_SF | X86_RFLAGS_TF | X86_RFLAGS_DF | X86_RFLAGS_OF | \
	 X86_RFLAGS_AC | X86_RFLAGS_ID)

void x86_syscall_entry(void);
__noreturn void x86_iret_to_user(struct trap_frame *tf);
__noreturn void x86_sysret_to_user(struct trap_frame *tf);
__noreturn void x86_syscall(struct trap_frame *tf);

void x86_syscall_init(void)
{
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
	wrmsr(MSR_STAR, (uint64_t)X86_SEL_KCODE << STAR_KERNEL_SHIFT |
			    (uint64_t)X86_SEL_SYSRET << STAR_USER_SHIFT);
	wrmsr(MSR_LSTAR, (uint64_t)x86_syscall_entry);
	wrmsr(MSR_FMASK, SYSCALL_FMASK);
}

static __always_inline __noreturn void syscall_return(struct trap_frame *tf);

/* The C half of x86_syscall_entry, on the thread's kernel stack. */
void x86_syscall(struct trap_frame *tf)
{
	trap_enter_user();
	syscall_dispatch(tf);
	trap_exit_user();
	syscall_return(tf);
}

/* What user code may hold in rflags, plus IF. */
static uint64_t user_rflags(uint64_t rflags)
{
	return (rflags & USER_RFLAGS_MASK) | X86_RFLAGS_IF |
	       X86_RFLAGS_RESERVED;
}

/*
 * Whatever generic code wrote into the frame, IRETQ must not fault in
 * kernel mode: selectors are forced to the user pair, rflags to what
 * user code may hold plus IF. A rip outside the user half would fault
 * on IRETQ itself (non-canonical) or at once in user mode; it becomes 0,
 * the never-mapped page, so the thread takes an ordinary user page fault.
 */
static void frame_sanitise(struct trap_frame *tf)
{
	tf->cs = X86_SEL_UCODE;
	tf->ss = X86_SEL_UDATA;
	tf->rflags = user_rflags(tf->rflags);
	if (tf->rip >= USER_TOP)
		tf->rip = 0;
}

/* SYSRET returns rip in rcx and rflags in r11: only for frames that agree. */
static bool frame_sysret_ok(const struct trap_frame *tf)
{
	return tf->vector == X86_VEC_SYSCALL && tf->rcx == tf->rip &&
	       tf->r11 == tf->rflags;
}

/*
 * The way back from a system call. SYSRET loads rip from rcx, rflags
 * from r11 and the user selectors from STAR, so when the frame's rcx
 * and r11 already hold its rip and (sanitised) rflags and the rip is in
 * the user half, SYSRET restores exactly what frame_sanitise and IRETQ
 * would, without storing anything into the frame first. Any other frame
 * (a rip outside the user half included, see x86_sysret_to_user) takes
 * the general way.
 */
static __always_inline __noreturn void syscall_return(struct trap_frame *tf)
{
	if (likely(tf->rip < USER_TOP && tf->rcx == tf->rip &&
		   tf->r11 == user_rflags(tf->rflags)))
		x86_sysret_to_user(tf);
	arch_return_to_user(tf);
}

__hot_path void arch_return_to_user(struct trap_frame *tf)
{
	DEBUG_ASSERT(tf == thread_user_frame(this_cpu()->current));
	frame_sanitise(tf);
	if (frame_sysret_ok(tf))
		x86_sysret_to_user(tf);
	x86_iret_to_user(tf);
}

uint64_t arch_syscall_nr(const struct trap_frame *tf)
{
	return tf->rax;
}

uint64_t arch_syscall_arg(const struct trap_frame *tf, unsigned i)
{
	switch (i) {
	case 0:
		return tf->rdi;
	case 1:
		return tf->rsi;
	case 2:
		return tf->rdx;
	case 3:
		return tf->r10;
	case 4:
		return tf->r8;
	case 5:
		return tf->r9;
	default:
		DEBUG_ASSERT(i <= 5);
		return 0;
	}
}

void arch_syscall_set_result(struct trap_frame *tf, uint64_t v)
{
	tf->rax = v;
}

void arch_syscall_set_out(struct trap_frame *tf, unsigned i, uint64_t v)
{
	switch (i) {
	case 0:
		tf->rdi = v;
		break;
	case 1:
		tf->rsi = v;
		break;
	case 2:
		tf->rdx = v;
		break;
	case 3:
		tf->r10 = v;
		break;
	case 4:
		tf->r8 = v;
		break;
	case 5:
		tf->r9 = v;
		break;
	default:
		DEBUG_ASSERT(i <= 5);
		break;
	}
}

void arch_syscall_set_badge(struct trap_frame *tf, uint64_t badge)
{
	tf->rdi = badge;
}
