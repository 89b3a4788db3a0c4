/* SPDX-License-Identifier: MIT */
/*
 * Starting application processors with INIT-SIPI-SIPI (SDM Vol. 3A, 8.4.4
 * "MP Initialization Example"). One CPU is started at a time, so the
 * trampoline and its parameter block are never shared.
 */
#define LOG_SUBSYS "smp"
#include <kernel/arch.h>
#include <kernel/clock.h>
#include <kernel/log.h>
#include <kernel/smp.h>
#include <kernel/string.h>
#include <kernel/vm.h>
#include <arch/trampoline.h>
#include <arch/trap.h>
#include <arch/x86.h>

#define ICR_INIT           0x00004500 /* INIT, level assert */
#define ICR_STARTUP        0x00004600 /* start-up IPI, level assert */
#define ICR_NMI_ALL_OTHERS 0x000c0400 /* NMI to all but self */
/*
 * The SDM's 10 ms wait after INIT is for external APICs of old CPUs;
 * family 6 and later (every x86_64 part) accept the SIPI at once, so a
 * token delay keeps boot fast, as other modern kernels do.
 */
#define INIT_DELAY_US      10
#define SIPI_DELAY_US      200

extern char x86_trampoline_start[], x86_trampoline_end[];
extern char x86_trampoline_params[];

unsigned arch_cpu_count(void)
{
	return acpi.ncpus ? acpi.ncpus : 1;
}

uint64_t arch_cpu_hwid(unsigned index)
{
	return index < acpi.ncpus ? acpi.apic_ids[index] : 0;
}

/*
 * Temporary tables for the climb to long mode: the kernel half of the
 * real root, plus one 2 MiB identity page so the trampoline survives
 * turning paging on. They live in low memory, reachable with a 32-bit CR3.
 */
static void tramp_tables(void)
{
	uint64_t *pml4 = phys_to_virt(TRAMPOLINE_PML4);
	uint64_t *pdpt = phys_to_virt(TRAMPOLINE_PDPT);
	uint64_t *pd = phys_to_virt(TRAMPOLINE_PD);
	const uint64_t *root = phys_to_virt(vm_kernel_root);

	memset(pml4, 0, PAGE_SIZE);
	memset(pdpt, 0, PAGE_SIZE);
	memset(pd, 0, PAGE_SIZE);
	memcpy(pml4 + 256, root + 256, 256 * sizeof(uint64_t));
	pml4[0] = arch_pte_table(TRAMPOLINE_PDPT);
	pdpt[0] = arch_pte_table(TRAMPOLINE_PD);
	pd[0] = arch_pte_leaf(0, VM_READ | VM_WRITE | VM_EXEC, 2);
}

int arch_cpu_start(struct cpu *c, uintptr_t stack_top)
{
	size_t size = (size_t)(x86_trampoline_end - x86_trampoline_start);
	struct tramp_params *p = phys_to_virt(
	    TRAMPOLINE_BASE + (x86_trampoline_params - x86_trampoline_start));

	c->arch.apic_id = (uint32_t)c->hwid;
	memcpy(phys_to_virt(TRAMPOLINE_BASE), x86_trampoline_start, size);
	tramp_tables();
	*p = (struct tramp_params){
	    .cr3 = TRAMPOLINE_PML4,
	    .stack = stack_top,
	    .cpu = (uint64_t)c,
	    .entry = (uint64_t)x86_ap_entry,
	};
	__atomic_thread_fence(__ATOMIC_SEQ_CST);

	lapic_send_ipi(c->arch.apic_id, ICR_INIT);
	if (!lapic_ipi_wait())
		return -1;
	clock_delay_us(INIT_DELAY_US);
	for (int i = 0; i < 2 && !READ_ONCE(c->online); i++) {
		lapic_send_ipi(c->arch.apic_id,
			       ICR_STARTUP | (TRAMPOLINE_BASE >> 12));
		if (!lapic_ipi_wait())
			return -1;
		clock_delay_us(SIPI_DELAY_US);
	}
	return 0;
}

/* First C code on an AP: leave the trampoline's tables at once. */
void x86_ap_entry(struct cpu *c)
{
	__asm__ volatile("mov %0, %%cr3" ::"r"(vm_kernel_root) : "memory");
	x86_cpu_setup(c);
	smp_secondary_entry(c);
}

void arch_cpu_init_secondary(struct cpu *c)
{
	lapic_enable();
}

void arch_stop_other_cpus(void)
{
	if (smp_online_count() > 1)
		lapic_send_ipi(0, ICR_NMI_ALL_OTHERS);
}
