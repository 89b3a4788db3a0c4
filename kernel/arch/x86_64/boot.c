/* SPDX-License-Identifier: MIT */
/*
 * From the PVH handoff to kmain(): set up the boot CPU's descriptor
 * tables and console, translate struct hvm_start_info (Xen public
 * interface, arch-x86/hvm/start_info.h, version 1) into struct boot_info,
 * and reserve what must never be handed out.
 */
#define LOG_SUBSYS "boot"
#include <kernel/arch.h>
#include <kernel/bootinfo.h>
#include <kernel/log.h>
#include <kernel/panic.h>
#include <kernel/smp.h>
#include <kernel/string.h>
#include <kernel/vm.h>
#include <arch/serial.h>
#include <arch/x86.h>

#define HVM_START_MAGIC 0x336ec578
#define E820_RAM        1
#define E820_ACPI       3
#define LOW_MEMORY_END  0x100000 /* BIOS data, EBDA, ROMs, trampoline */

struct hvm_start_info {
	uint32_t magic;
	uint32_t version;
	uint32_t flags;
	uint32_t nr_modules;
	uint64_t modlist_paddr;
	uint64_t cmdline_paddr;
	uint64_t rsdp_paddr;
	uint64_t memmap_paddr; /* version 1 and later */
	uint32_t memmap_entries;
	uint32_t reserved;
};

struct hvm_modlist_entry {
	uint64_t paddr;
	uint64_t size;
	uint64_t cmdline_paddr;
	uint64_t reserved;
};

struct hvm_memmap_entry {
	uint64_t addr;
	uint64_t size;
	uint32_t type;
	uint32_t reserved;
};

extern char boot_pml4[];
static struct boot_info boot_info;

/* Copy a firmware string; the boot tables map only the first 4 GiB. */
static void copy_fw_string(char *dst, size_t size, uint64_t pa)
{
	if (!pa || pa >= BOOT_DIRECT_MAP_LIMIT - size)
		return;
	strlcpy(dst, phys_to_virt(pa), size);
}

static enum mem_type e820_type(uint32_t t)
{
	if (t == E820_RAM)
		return MEM_USABLE;
	if (t == E820_ACPI)
		return MEM_ACPI;
	return MEM_RESERVED;
}

static void parse_start_info(struct boot_info *bi, uint64_t pa)
{
	const struct hvm_start_info *si = phys_to_virt(pa);
	const struct hvm_memmap_entry *mm;
	const struct hvm_modlist_entry *mod;

	if (si->magic != HVM_START_MAGIC)
		panic("x86_boot_main: bad PVH start info magic %#x", si->magic);
	if (si->version < 1 || !si->memmap_paddr)
		panic("x86_boot_main: PVH start info v%u has no memory map",
		      si->version);
	copy_fw_string(bi->cmdline, sizeof(bi->cmdline), si->cmdline_paddr);
	bi->acpi_rsdp = si->rsdp_paddr;

	mm = phys_to_virt(si->memmap_paddr);
	for (uint32_t i = 0; i < si->memmap_entries; i++)
		bootinfo_add_mem(bi, mm[i].addr, mm[i].size,
				 e820_type(mm[i].type));

	mod = phys_to_virt(si->modlist_paddr);
	for (uint32_t i = 0; si->modlist_paddr && i < si->nr_modules; i++) {
		struct boot_module *m = &bi->modules[bi->nmodules];

		if (bi->nmodules == BOOT_MAX_MODULES)
			break;
		m->base = mod[i].paddr;
		m->size = mod[i].size;
		copy_fw_string(m->name, sizeof(m->name), mod[i].cmdline_paddr);
		bootinfo_reserve(bi, m->base, m->size, MEM_BOOT);
		bi->nmodules++;
	}
}

void x86_boot_main(uint64_t start_info_pa);
void x86_boot_main(uint64_t start_info_pa)
{
	struct boot_info *bi = &boot_info;
	struct cpu *c = &cpus[0];

	serial_init();
	pic_disable();
	c->self = c;
	c->index = 0;
	x86_idt_init();
	x86_cpu_setup(c);
	vm_kernel_root = virt_to_phys(boot_pml4);

	parse_start_info(bi, start_info_pa);
	bootinfo_reserve(bi, 0, LOW_MEMORY_END, MEM_RESERVED);
	bootinfo_reserve(bi, virt_to_phys(__kernel_start),
			 (uint64_t)(__kernel_end - __kernel_start), MEM_KERNEL);
	kmain(bi);
}

void arch_init(struct boot_info *bi)
{
	acpi_init(bi->acpi_rsdp);
	lapic_init(acpi.lapic_phys ? acpi.lapic_phys : 0xfee00000);
	lapic_enable();
	tsc_calibrate();
	cpus[0].hwid = lapic_id();
	cpus[0].arch.apic_id = lapic_id();
	ioapic_init();
	x86_vm_prealloc_kernel_half();
	if (acpi.ncpus && acpi.apic_ids[0] != lapic_id()) {
		/* Keep index 0 for the boot CPU: swap it to the front. */
		for (unsigned i = 1; i < acpi.ncpus; i++) {
			if (acpi.apic_ids[i] == lapic_id()) {
				acpi.apic_ids[i] = acpi.apic_ids[0];
				acpi.apic_ids[0] = lapic_id();
			}
		}
	}
}

void arch_vm_kernel_switch(uint64_t root_pa)
{
	__asm__ volatile("mov %0, %%cr3" ::"r"(root_pa) : "memory");
}
