/* SPDX-License-Identifier: MIT */
/*
 * Per-CPU descriptor tables and control registers: each CPU gets its own
 * GDT (because the TSS descriptor must point at its own TSS), TSS (for the
 * interrupt stacks) and shares one IDT.
 */
#include <kernel/arch.h>
#include <kernel/panic.h>
#include <kernel/smp.h>
#include <kernel/string.h>
#include <arch/cpu.h>
#include <arch/trap.h>
#include <arch/x86.h>

/* GDT slots. The user slots follow the order SYSRET expects (STAR). */
enum {
	GDT_NULL,
	GDT_KCODE,   /* 0x08 */
	GDT_KDATA,   /* 0x10 */
	GDT_UCODE32, /* 0x18, unused, keeps the SYSRET layout */
	GDT_UDATA,   /* 0x20 */
	GDT_UCODE,   /* 0x28 */
	GDT_TSS,     /* 0x30, two slots */
};

#define SEL_KCODE (GDT_KCODE * 8)
#define SEL_KDATA (GDT_KDATA * 8)
#define SEL_TSS   (GDT_TSS * 8)
#define SEL_RPL3  3

static_assert(X86_SEL_KCODE == SEL_KCODE && X86_SEL_KDATA == SEL_KDATA,
	      "x86.h names the kernel selectors");
static_assert(X86_SEL_UDATA == (GDT_UDATA * 8 | SEL_RPL3) &&
		  X86_SEL_UCODE == (GDT_UCODE * 8 | SEL_RPL3),
	      "x86.h names the user selectors");
static_assert(X86_SEL_SYSRET == GDT_UCODE32 * 8 &&
		  X86_SEL_UDATA == (X86_SEL_SYSRET + 8 | SEL_RPL3) &&
		  X86_SEL_UCODE == (X86_SEL_SYSRET + 16 | SEL_RPL3),
	      "SYSRET derives SS and CS from STAR[63:48]");

/* Descriptor values (SDM Vol. 3A, 3.4.5 "Segment Descriptors"). */
#define DESC_KCODE64 0x00af9a000000ffffull
#define DESC_KDATA   0x00cf92000000ffffull
#define DESC_UDATA   0x00cff2000000ffffull
#define DESC_UCODE64 0x00affa000000ffffull
#define DESC_TSS64   0x89ull /* present, type 9: available 64-bit TSS */

#define IDT_GATE_INTERRUPT 0x8e /* present, DPL 0, 64-bit interrupt gate */

#define IST_STACK_SIZE 4096

/* Control register bits (SDM Vol. 3A, 2.5 "Control Registers"). */
#define CR0_MP          (1ul << 1)
#define CR0_EM          (1ul << 2)
#define CR0_TS          (1ul << 3)
#define CR0_NE          (1ul << 5)
#define CR4_PGE         (1ul << 7)
#define CR4_OSFXSR      (1ul << 9)
#define CR4_OSXMMEXCPT  (1ul << 10)
#define CR4_SMEP        (1ul << 20)
#define CR4_SMAP        (1ul << 21)
#define CPUID7_EBX_SMEP (1u << 7)
#define CPUID7_EBX_SMAP (1u << 20)

struct idt_gate {
	uint16_t offset_lo;
	uint16_t selector;
	uint8_t ist;
	uint8_t type;
	uint16_t offset_mid;
	uint32_t offset_hi;
	uint32_t reserved;
} __packed;
static_assert(sizeof(struct idt_gate) == 16, "IDT gate is 16 bytes");

struct desc_ptr {
	uint16_t limit;
	uint64_t base;
} __packed;

extern char x86_trap_stubs[];

bool x86_smap; /* written by each CPU's setup, always the same value */

static struct idt_gate idt[256];
static uint8_t ist_stacks[MAX_CPUS][2][IST_STACK_SIZE] __aligned(16);

static void idt_set(unsigned vec, unsigned ist)
{
	uintptr_t addr = (uintptr_t)x86_trap_stubs + 16 * vec;

	idt[vec] = (struct idt_gate){
	    .offset_lo = (uint16_t)addr,
	    .selector = SEL_KCODE,
	    .ist = (uint8_t)ist,
	    .type = IDT_GATE_INTERRUPT,
	    .offset_mid = (uint16_t)(addr >> 16),
	    .offset_hi = (uint32_t)(addr >> 32),
	};
}

/* Faults that can happen on a broken stack get a known-good one. */
void x86_idt_init(void)
{
	for (unsigned v = 0; v < 256; v++)
		idt_set(v, 0);
	idt_set(8, X86_IST_DOUBLE_FAULT);
	idt_set(2, X86_IST_NMI);
}

static void gdt_fill(struct cpu *c)
{
	uint64_t *g = c->arch.gdt;
	uint64_t tss = (uint64_t)&c->arch.tss;
	uint64_t limit = sizeof(c->arch.tss) - 1;

	g[GDT_NULL] = 0;
	g[GDT_KCODE] = DESC_KCODE64;
	g[GDT_KDATA] = DESC_KDATA;
	g[GDT_UCODE32] = 0;
	g[GDT_UDATA] = DESC_UDATA;
	g[GDT_UCODE] = DESC_UCODE64;
	g[GDT_TSS] = (limit & 0xffff) | ((tss & 0xffffff) << 16) |
		     (DESC_TSS64 << 40) | (((limit >> 16) & 0xf) << 48) |
		     (((tss >> 24) & 0xff) << 56);
	g[GDT_TSS + 1] = tss >> 32;
}

/* Load the GDT, reload every segment register, and the task register. */
static void gdt_load(struct cpu *c)
{
	struct desc_ptr p = {sizeof(c->arch.gdt) - 1, (uint64_t)c->arch.gdt};

	__asm__ volatile("lgdt %0\n\t"
			 "movw %w1, %%ds\n\t"
			 "movw %w1, %%es\n\t"
			 "movw %w1, %%ss\n\t"
			 "pushq %2\n\t"
			 "leaq 1f(%%rip), %%rax\n\t"
			 "pushq %%rax\n\t"
			 "lretq\n"
			 "1:\n\t"
			 "ltr %w3"
			 :
			 : "m"(p), "r"(SEL_KDATA), "i"(SEL_KCODE), "r"(SEL_TSS)
			 : "rax", "memory");
}

/*
 * Global pages keep the kernel's translations across the CR3 writes of
 * address-space switches; every kernel mapping is marked VM_GLOBAL and
 * no user one is.
 */
static void cr4_features(void)
{
	uint32_t r[4];
	uint64_t cr4;

	cpuid(7, 0, r);
	__asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
	cr4 |= CR4_PGE;
	if (r[1] & CPUID7_EBX_SMEP)
		cr4 |= CR4_SMEP;
	if (r[1] & CPUID7_EBX_SMAP)
		cr4 |= CR4_SMAP;
	x86_smap = r[1] & CPUID7_EBX_SMAP;
	__asm__ volatile("mov %0, %%cr4" ::"r"(cr4));
}

#define CPUID1_ECX_RDRAND (1u << 30)
#define RDRAND_RETRIES    10 /* Intel's DRNG guide: ten tries, then fail */

/* Intel SDM Vol. 2B, RDRAND: CF=1 means the value is good. */
bool arch_random(uint64_t *out)
{
	uint32_t r[4];

	cpuid(1, 0, r);
	if (!(r[2] & CPUID1_ECX_RDRAND))
		return false;
	for (int i = 0; i < RDRAND_RETRIES; i++) {
		uint8_t ok;

		__asm__ volatile("rdrand %0; setc %1" : "=r"(*out), "=qm"(ok));
		if (ok)
			return true;
	}
	return false;
}

/*
 * x87 and SSE for user space (SDM Vol. 3A, 13.1 "Provision of SSE
 * Support"): no emulation, no lazy switching (TS stays clear, threads
 * switch their FXSAVE image eagerly), native x87 error reporting, and
 * FXSAVE/FXRSTOR with SSE exceptions as #XM.
 *
 * XXX: CR4.OSXSAVE stays clear, so user space sees no AVX or later
 * state and FXSAVE saves everything a thread can use; programs that need
 * AVX fall back to SSE or stop with "illegal instruction".
 */
static void fpu_enable(void)
{
	uint64_t cr0, cr4;

	__asm__ volatile("mov %%cr0, %0" : "=r"(cr0));
	cr0 = (cr0 | CR0_MP | CR0_NE) & ~(CR0_EM | CR0_TS);
	__asm__ volatile("mov %0, %%cr0" ::"r"(cr0));
	__asm__ volatile("mov %%cr4, %0" : "=r"(cr4));
	cr4 |= CR4_OSFXSR | CR4_OSXMMEXCPT;
	__asm__ volatile("mov %0, %%cr4" ::"r"(cr4));
	__asm__ volatile("fninit");
}

void x86_cpu_setup(struct cpu *c)
{
	struct desc_ptr idtp = {sizeof(idt) - 1, (uint64_t)idt};

	memset(&c->arch.tss, 0, sizeof(c->arch.tss));
	c->arch.tss.ist[X86_IST_DOUBLE_FAULT - 1] =
	    (uint64_t)&ist_stacks[c->index][0][IST_STACK_SIZE];
	c->arch.tss.ist[X86_IST_NMI - 1] =
	    (uint64_t)&ist_stacks[c->index][1][IST_STACK_SIZE];
	x86_ioport_cpu_init(c);
	gdt_fill(c);
	gdt_load(c);
	__asm__ volatile("lidt %0" ::"m"(idtp));
	wrmsr(MSR_GS_BASE, (uint64_t)c);
	wrmsr(MSR_KERNEL_GS_BASE, 0);
	cr4_features();
	fpu_enable();
	x86_syscall_init();
}
