/* SPDX-License-Identifier: MIT */
/*
 * From boot.S to kmain: bring up the console, then turn the device tree
 * the boot loader handed over into the generic struct boot_info (RAM,
 * reservations, command line, initrd).
 */
#define LOG_SUBSYS "boot"
#include <kernel/bootinfo.h>
#include <kernel/fdt.h>
#include <kernel/log.h>
#include <kernel/panic.h>
#include <kernel/smp.h>
#include <kernel/string.h>
#include <kernel/vm.h>
#include <arch/aarch64.h>

/* Linux refuses device trees over 2 MiB; so do we. */
#define DTB_MAX_SIZE   MiB(2)
/* The boot tables map physical 0..4 GiB, and at most 512 GiB of RAM. */
#define BOOT_MAP_LIMIT GiB(4)
#define L1_ENTRIES     512

static struct boot_info boot_info;

/* The boot loader's device tree; valid once fdt_init accepted it. */
static struct fdt boot_fdt;

/*
 * Add RAM above 4 GiB to the early direct map, one 1 GiB block at a time,
 * so that frames the allocator hands out before vm_init are reachable.
 */
static void extend_direct_map(uint64_t base, uint64_t size)
{
	uint64_t first = ALIGN_DOWN(base, GiB(1));
	uint64_t end = MIN(base + size, GiB(L1_ENTRIES));

	for (uint64_t pa = first; pa < end; pa += GiB(1)) {
		if (pa < BOOT_MAP_LIMIT)
			continue;
		boot_pt_l1_direct[pa / GiB(1)] =
		    arch_pte_leaf(pa, VM_READ | VM_WRITE | VM_GLOBAL, 1);
	}
	__asm__ volatile("dsb ishst; tlbi vmalle1; dsb nsh; isb" ::: "memory");
}

/* Every node with device_type "memory" contributes its reg ranges. */
static void parse_memory(const struct fdt *f, struct boot_info *bi)
{
	int root = fdt_root(f);
	uint32_t acells = fdt_address_cells(f, root);
	uint32_t scells = fdt_size_cells(f, root);

	for (int n = fdt_first_child(f, root); n >= 0;
	     n = fdt_next_sibling(f, n)) {
		const char *type;
		uint64_t base, size;

		if (fdt_get_string(f, n, "device_type", &type) < 0 ||
		    strcmp(type, "memory") != 0)
			continue;
		for (unsigned i = 0;
		     fdt_reg_cells(f, n, acells, scells, i, &base, &size) == 0;
		     i++) {
			bootinfo_add_mem(bi, base, size, MEM_USABLE);
			extend_direct_map(base, size);
		}
	}
}

/* The memory reservation block and the /reserved-memory node. */
static void parse_reserved(const struct fdt *f, struct boot_info *bi)
{
	uint64_t base, size;
	int rm;

	for (unsigned i = 0; fdt_mem_rsv(f, i, &base, &size) == 0; i++)
		bootinfo_reserve(bi, base, size, MEM_RESERVED);

	/*
	 * XXX: "no-map" regions are kept out of the frame allocator but are
	 * still in the direct map; firmware that forbids cacheable access to
	 * them could see speculative reads.
	 */
	rm = fdt_path(f, "/reserved-memory");
	if (rm < 0)
		return;
	for (int n = fdt_first_child(f, rm); n >= 0; n = fdt_next_sibling(f, n))
		for (unsigned i = 0;
		     fdt_reg_cells(f, n, fdt_address_cells(f, rm),
				   fdt_size_cells(f, rm), i, &base, &size) == 0;
		     i++)
			bootinfo_reserve(bi, base, size, MEM_RESERVED);
}

/* bootargs and the initrd QEMU -initrd or a boot loader left in RAM. */
static void parse_chosen(const struct fdt *f, struct boot_info *bi)
{
	int chosen = fdt_path(f, "/chosen");
	const char *args;
	uint64_t start, end;

	if (chosen < 0)
		return;
	if (fdt_get_string(f, chosen, "bootargs", &args) == 0)
		strlcpy(bi->cmdline, args, sizeof(bi->cmdline));

	if (fdt_get_u64(f, chosen, "linux,initrd-start", &start) == 0 &&
	    fdt_get_u64(f, chosen, "linux,initrd-end", &end) == 0 &&
	    end > start && bi->nmodules < BOOT_MAX_MODULES) {
		struct boot_module *m = &bi->modules[bi->nmodules++];

		m->base = start;
		m->size = end - start;
		strlcpy(m->name, "initrd", sizeof(m->name));
		bootinfo_reserve(bi, start, end - start, MEM_BOOT);
	}
}

/*
 * Called by boot.S on the boot stack, MMU on with the boot tables, with
 * the device tree's physical address. Never returns.
 */
__noreturn void aarch64_boot_main(uint64_t dtb_pa);
__noreturn void aarch64_boot_main(uint64_t dtb_pa)
{
	struct boot_info *bi = &boot_info;
	uint64_t kernel_pa = virt_to_phys(__kernel_start);
	const void *dtb = phys_to_virt(dtb_pa);
	int err = FDT_ERR_NOTFOUND;

	cpus[0].index = 0;
	cpus[0].hwid = aarch64_mpidr();
	cpus[0].arch.emergency_sp = trap_emergency_stack_top(0);

	/* The tree must lie in the RAM part of the boot direct map. */
	if (dtb_pa >= GiB(1) && dtb_pa < BOOT_MAP_LIMIT - DTB_MAX_SIZE)
		err = fdt_init(&boot_fdt, dtb, DTB_MAX_SIZE);
	pl011_init(err == 0 ? pl011_find(&boot_fdt) : PL011_QEMU_VIRT_PA, NULL);
	if (err < 0)
		panic("aarch64_boot_main: no usable device tree at %#llx: %s",
		      (unsigned long long)dtb_pa, fdt_strerror(err));

	parse_memory(&boot_fdt, bi);
	parse_reserved(&boot_fdt, bi);
	parse_chosen(&boot_fdt, bi);
	bootinfo_reserve(bi, dtb_pa, boot_fdt.size, MEM_BOOT);
	/* The image includes .bss, and so the boot page tables and stack. */
	bootinfo_reserve(bi, kernel_pa,
			 (uint64_t)(__kernel_end - __kernel_start), MEM_KERNEL);
	bi->dtb = dtb_pa;
	kmain(bi);
}
