/* SPDX-License-Identifier: MIT */
/*
 * Threads on x86_64: the first stack frame of a new thread, switching
 * between threads (callee-saved registers, FXSAVE image, FS base, the
 * kernel entry stack), and the user register frame a thread starts with.
 */
#include <kernel/arch.h>
#include <kernel/panic.h>
#include <kernel/smp.h>
#include <kernel/string.h>
#include <kernel/thread.h>
#include <arch/x86.h>

/* Power-on defaults (SDM Vol. 1, 8.1.5 "x87 FPU Control Word", 10.2.3.1). */
#define FPU_FCW_DEFAULT   0x037f /* all x87 exceptions masked, 64 bits */
#define FPU_MXCSR_DEFAULT 0x1f80 /* all SSE exceptions masked, nearest */
/* Offsets in the FXSAVE image (SDM Vol. 1, Table 10-2). */
#define FXSAVE_FCW        0
#define FXSAVE_MXCSR      24

/* What x86_switch_stack pops, lowest address first, then its return. */
struct x86_switch_frame {
	uint64_t r15, r14, r13, r12, rbx, rbp;
	uint64_t ret;
};
static_assert(sizeof(struct x86_switch_frame) == 7 * 8,
	      "switch.S pushes six registers above its return address");

void x86_switch_stack(uint64_t *save_ksp, uint64_t load_ksp);
void x86_thread_start(void);

static void fpu_init_image(uint8_t *fpu)
{
	uint16_t fcw = FPU_FCW_DEFAULT;
	uint32_t mxcsr = FPU_MXCSR_DEFAULT;

	memset(fpu, 0, X86_FXSAVE_SIZE);
	memcpy(fpu + FXSAVE_FCW, &fcw, sizeof(fcw));
	memcpy(fpu + FXSAVE_MXCSR, &mxcsr, sizeof(mxcsr));
}

/*
 * The switch frame sits just below the user frame, placed so that after
 * x86_switch_stack's ret into x86_thread_start %rsp is 16-byte aligned,
 * as the call to fn there needs.
 */
void arch_thread_init(struct thread *t, void (*fn)(void *), void *arg)
{
	struct trap_frame *tf = thread_user_frame(t);
	uintptr_t top = ALIGN_DOWN((uintptr_t)tf - 8, 16);
	struct x86_switch_frame *sf = (struct x86_switch_frame *)top - 1;

	ASSERT(IS_ALIGNED((uintptr_t)t->arch.fpu, 16));
	*sf = (struct x86_switch_frame){
	    .r12 = (uint64_t)arg,
	    .rbx = (uint64_t)fn,
	    .rbp = 0,
	    .ret = (uint64_t)x86_thread_start,
	};
	t->arch.ksp = (uint64_t)sf;
	t->arch.fs_base = 0;
	fpu_init_image(t->arch.fpu);
}

/*
 * The FS base is compared with the register, not a cached copy: user
 * code can change it behind the kernel's back by loading %fs, and the
 * next thread must still get its own.
 *
 * XXX: the %ds/%es/%fs/%gs selectors themselves are not switched; a
 * thread that loads one leaves it for the next thread on this CPU (the
 * bases that matter, FS and GS, are still right: FS here, GS 0 always).
 */
static void fs_base_load(uint64_t base)
{
	if (rdmsr(MSR_FS_BASE) != base)
		wrmsr(MSR_FS_BASE, base);
}

void arch_context_switch(struct thread *prev, struct thread *next)
{
	struct cpu *c = this_cpu();

	__asm__ volatile("fxsave64 %0" : "=m"(prev->arch.fpu));
	__asm__ volatile("fxrstor64 %0" ::"m"(next->arch.fpu));
	fs_base_load(next->arch.fs_base);
	c->arch.tss.rsp[0] = next->kstack_top;
	x86_ioport_switch(c, next->proc);
	c->entry_sp = next->kstack_top;
	x86_switch_stack(&prev->arch.ksp, next->arch.ksp);
}

void arch_thread_set_tls(struct thread *t, uint64_t base)
{
	t->arch.fs_base = base;
	if (this_cpu()->current == t)
		fs_base_load(base);
}

void arch_user_frame_init(struct trap_frame *tf, uintptr_t pc, uintptr_t sp,
			  uint64_t arg0, uint64_t arg1)
{
	memset(tf, 0, sizeof(*tf));
	tf->rip = pc;
	tf->rsp = sp;
	tf->rflags = X86_RFLAGS_IF | X86_RFLAGS_RESERVED;
	tf->cs = X86_SEL_UCODE;
	tf->ss = X86_SEL_UDATA;
	tf->rdi = arg0;
	tf->rsi = arg1;
	tf->vector = X86_VEC_FRESH;
}

uintptr_t arch_frame_pc(const struct trap_frame *tf)
{
	return tf->rip;
}

uintptr_t arch_frame_sp(const struct trap_frame *tf)
{
	return tf->rsp;
}
