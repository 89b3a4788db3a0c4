/* SPDX-License-Identifier: MIT */
/* x86_64-private interfaces between the files of kernel/arch/x86_64. */
#ifndef ARCH_X86_H
#define ARCH_X86_H

#include <kernel/compiler.h>

struct cpu;
struct boot_info;

/* cpu.c: GDT, TSS, IDT and control registers of the calling CPU. */
void x86_cpu_setup(struct cpu *c);
void x86_idt_init(void);

/* acpi.c: what the firmware tables say. */
struct acpi_info {
	uint32_t lapic_phys;
	unsigned ncpus;
	uint32_t apic_ids[16];
	uint16_t pm1a_cnt, pm1b_cnt; /* I/O ports, 0 if absent */
	uint16_t slp_typ_s5a, slp_typ_s5b;
	bool s5_found;
};
extern struct acpi_info acpi;
void acpi_init(uint64_t rsdp_hint);

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

#endif
