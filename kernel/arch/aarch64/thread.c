/* SPDX-License-Identifier: MIT */
/*
 * Threads on aarch64: the switch frame a new thread starts from, the
 * context switch around switch.S, the way into user mode, and where the
 * system-call convention keeps its values in a trap frame.
 */
#include <kernel/arch.h>
#include <kernel/panic.h>
#include <kernel/smp.h>
#include <kernel/string.h>
#include <kernel/thread.h>
#include <arch/aarch64.h>
#include <arch/thread.h>
#include <arch/trap.h>

static_assert(offsetof(struct arch_thread, ksp) == ARCH_THREAD_KSP,
	      "ARCH_THREAD_KSP");
static_assert(offsetof(struct arch_thread, tpidr_el0) == ARCH_THREAD_TPIDR,
	      "ARCH_THREAD_TPIDR");
static_assert(offsetof(struct arch_thread, fpcr) == ARCH_THREAD_FPCR,
	      "ARCH_THREAD_FPCR");
static_assert(offsetof(struct arch_thread, fpsr) == ARCH_THREAD_FPCR + 8,
	      "switch.S loads fpcr and fpsr as one pair");
static_assert(offsetof(struct arch_thread, q) == ARCH_THREAD_Q,
	      "ARCH_THREAD_Q");
static_assert(ARCH_THREAD_Q % 16 == 0, "q0..q31 are stored as pairs");

/* What aarch64_switch pushes, lowest address first. */
struct aarch64_switch_frame {
	uint64_t x29, x30;
	uint64_t x19_x28[10];
};
static_assert(sizeof(struct aarch64_switch_frame) == SWITCH_FRAME_SIZE,
	      "SWITCH_FRAME_SIZE");
static_assert(SWITCH_FRAME_SIZE % 16 == 0 && TF_SIZE % 16 == 0,
	      "the stack pointer stays 16-byte aligned (AAPCS64)");

/*
 * The SPSR bits user space must never choose: M[4:0] (EL0t, AArch64),
 * DAIF and IL (Arm ARM, "SPSR_EL1"). Zero in all of them is EL0t with
 * interrupts on.
 */
#define SPSR_MODE_DAIF_MASK UL(0x3ff)
#define SPSR_IL             (UL(1) << 20)

/* The number of system-call argument registers, x0..x5. */
#define SYSCALL_ARGS 6
#define SYSCALL_NR   8 /* x8, as on Linux */
#define IPC_BADGE    6 /* x6 */

void aarch64_switch(struct arch_thread *prev, struct arch_thread *next);
void aarch64_thread_start(void);
__noreturn void aarch64_thread_returned(void (*fn)(void *));

__noreturn void aarch64_thread_returned(void (*fn)(void *))
{
	panic("aarch64_thread_returned: thread function %p returned",
	      (void *)fn);
}

/*
 * The switch frame sits just below the user frame; its x30 makes the
 * first aarch64_switch to t return into aarch64_thread_start, which
 * calls x19(x20). A zero fpcr is round-to-nearest with no FP traps, the
 * state user space expects at exec.
 */
void arch_thread_init(struct thread *t, void (*fn)(void *), void *arg)
{
	struct aarch64_switch_frame *f =
	    (struct aarch64_switch_frame *)(t->kstack_top - TF_SIZE) - 1;

	memset(&t->arch, 0, sizeof(t->arch));
	memset(f, 0, sizeof(*f));
	f->x30 = (uint64_t)aarch64_thread_start;
	f->x19_x28[0] = (uint64_t)fn;
	f->x19_x28[1] = (uint64_t)arg;
	t->arch.ksp = (uint64_t)f;
}

/*
 * SP_EL1 is the only kernel entry stack on aarch64 and it is already
 * next's once next runs; entry_sp is kept for the generic code's view.
 */
void arch_context_switch(struct thread *prev, struct thread *next)
{
	this_cpu()->entry_sp = next->kstack_top;
	aarch64_switch(&prev->arch, &next->arch);
}

void arch_return_to_user(struct trap_frame *tf)
{
	DEBUG_ASSERT((uintptr_t)tf + TF_SIZE ==
		     this_cpu()->current->kstack_top);
	tf->spsr &= ~(SPSR_MODE_DAIF_MASK | SPSR_IL);
	aarch64_eret_user(tf);
}

void arch_user_frame_init(struct trap_frame *tf, uintptr_t pc, uintptr_t sp,
			  uint64_t arg0, uint64_t arg1)
{
	memset(tf, 0, sizeof(*tf));
	tf->elr = pc;
	tf->sp = sp;
	tf->spsr = 0; /* EL0t, AArch64, DAIF clear */
	tf->x[0] = arg0;
	tf->x[1] = arg1;
}

uint64_t arch_syscall_nr(const struct trap_frame *tf)
{
	return tf->x[SYSCALL_NR];
}

uint64_t arch_syscall_arg(const struct trap_frame *tf, unsigned i)
{
	DEBUG_ASSERT(i < SYSCALL_ARGS);
	return i < SYSCALL_ARGS ? tf->x[i] : 0;
}

void arch_syscall_set_result(struct trap_frame *tf, uint64_t v)
{
	tf->x[0] = v;
}

void arch_syscall_set_out(struct trap_frame *tf, unsigned i, uint64_t v)
{
	DEBUG_ASSERT(i < SYSCALL_ARGS);
	if (i < SYSCALL_ARGS)
		tf->x[i] = v;
}

void arch_syscall_set_badge(struct trap_frame *tf, uint64_t badge)
{
	tf->x[IPC_BADGE] = badge;
}

uintptr_t arch_frame_pc(const struct trap_frame *tf)
{
	return tf->elr;
}

uintptr_t arch_frame_sp(const struct trap_frame *tf)
{
	return tf->sp;
}
