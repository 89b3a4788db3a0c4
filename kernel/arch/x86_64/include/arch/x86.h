/* SPDX-License-Identifier: MIT */
/* x86_64-private interfaces between the files of kernel/arch/x86_64. */
#ifndef ARCH_X86_H
#define ARCH_X86_H

/*
 * Segment selectors (cpu.c builds the GDT). The user pair follows the
 * order SYSRET expects from STAR (SDM Vol. 3A, 5.8.8 "Fast System Calls
 * in 64-Bit Mode"); RPL 3 is in the low bits.
 */
#define X86_SEL_KCODE  0x08
#define X86_SEL_KDATA  0x10
#define X86_SEL_SYSRET 0x18 /* STAR[63:48]: SS = +8, CS = +16 */
#define X86_SEL_UDATA  0x23
#define X86_SEL_UCODE  0x2b

/* struct cpu fields the syscall entry uses (checked in syscall.c). */
#define X86_CPU_ENTRY_SP 8
#define X86_CPU_SCRATCH  16

/* MSR numbers (SDM Vol. 4, 2.1 "Architectural MSRs"). */
#define MSR_EFER           0xc0000080
#define MSR_STAR           0xc0000081
#define MSR_LSTAR          0xc0000082
#define MSR_FMASK          0xc0000084
#define MSR_FS_BASE        0xc0000100
#define MSR_GS_BASE        0xc0000101
#define MSR_KERNEL_GS_BASE 0xc0000102

/* RFLAGS bits (SDM Vol. 1, 3.4.3 "EFLAGS Register"). */
#define X86_RFLAGS_CF       (1ul << 0)
#define X86_RFLAGS_RESERVED (1ul << 1) /* always one */
#define X86_RFLAGS_PF       (1ul << 2)
#define X86_RFLAGS_AF       (1ul << 4)
#define X86_RFLAGS_ZF       (1ul << 6)
#define X86_RFLAGS_SF       (1ul << 7)
#define X86_RFLAGS_TF       (1ul << 8)
#define X86_RFLAGS_DF       (1ul << 10)
#define X86_RFLAGS_OF       (1ul << 11)
#define X86_RFLAGS_NT       (1ul << 14)
#define X86_RFLAGS_AC       (1ul << 18)
#define X86_RFLAGS_ID       (1ul << 21)

#ifndef __ASSEMBLY__
#include <kernel/compiler.h>

struct cpu;
struct boot_info;
struct trap_frame;

/* cpu.c: GDT, TSS, IDT and control registers of the calling CPU. */
void x86_cpu_setup(struct cpu *c);
void x86_idt_init(void);
/* True if CR4.SMAP is on: user copies must stac/clac. Same on all CPUs. */
extern bool x86_smap;

/* syscall.c: the SYSCALL MSRs of the calling CPU. */
void x86_syscall_init(void);

/* ioport.c: user access to I/O ports through the TSS bitmap. */
struct process;
void x86_ioport_cpu_init(struct cpu *c);
void x86_ioport_switch(struct cpu *c, const struct process *p);

/* uvm.c: fill the kernel root's upper half once, before any user root. */
void x86_vm_prealloc_kernel_half(void);

/* extable.c: the exception table of fault-tolerant kernel code. */
uintptr_t x86_extable_fixup(uintptr_t fault_pc);

/* acpi.c: what the firmware tables say. */
#define ACPI_MAX_IOAPICS 8
#define ACPI_ISA_IRQS    16

struct acpi_ioapic {
	uint32_t phys;
	uint32_t gsi_base;
};

/* An ISA IRQ's GSI and MPS INTI flags (ACPI 6.4, 5.2.12.5). */
struct acpi_isa_route {
	uint32_t gsi;
	uint16_t flags;
};

struct acpi_info {
	uint32_t lapic_phys;
	unsigned ncpus;
	uint32_t apic_ids[16];
	unsigned nioapics;
	struct acpi_ioapic ioapics[ACPI_MAX_IOAPICS];
	struct acpi_isa_route isa[ACPI_ISA_IRQS]; /* identity if no override */
	uint16_t pm1a_cnt, pm1b_cnt;              /* I/O ports, 0 if absent */
	uint16_t slp_typ_s5a, slp_typ_s5b;
	bool s5_found;
};
extern struct acpi_info acpi;
void acpi_init(uint64_t rsdp_hint);

/* ioapic.c: the I/O APICs behind arch_irq_line_*. */
void ioapic_init(void);
void ioapic_irq(unsigned line);

/* apic.c: the local APIC, its timer, and TSC calibration. */
void pic_disable(void);
void lapic_init(uint32_t phys);
void lapic_enable(void);
void lapic_eoi(void);
uint32_t lapic_id(void);
void lapic_send_ipi(uint32_t apic_id, uint32_t icr_low);
bool lapic_ipi_wait(void);
void tsc_calibrate(void);

/* smp.c */
__noreturn void x86_ap_entry(struct cpu *c);

#endif /* __ASSEMBLY__ */

#endif
