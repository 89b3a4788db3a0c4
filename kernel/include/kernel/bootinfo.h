/* SPDX-License-Identifier: MIT */
/*
 * The handoff from architecture boot code to the generic kernel. Whatever
 * the boot path (PVH on x86_64, a device tree on aarch64, UEFI later), the
 * arch code fills one struct boot_info and calls kmain() with it.
 */
#ifndef KERNEL_BOOTINFO_H
#define KERNEL_BOOTINFO_H

#include <kernel/compiler.h>

#define BOOT_MAX_REGIONS 64
#define BOOT_MAX_MODULES 16
#define BOOT_CMDLINE_MAX 512

enum mem_type {
	MEM_USABLE = 1, /* free RAM */
	MEM_RESERVED,   /* firmware, MMIO holes, anything not RAM */
	MEM_ACPI,       /* ACPI tables, reclaimable once parsed */
	MEM_KERNEL,     /* the kernel image, page tables, boot stacks */
	MEM_BOOT,       /* boot modules, device tree, boot info */
};

struct mem_region {
	uint64_t base;
	uint64_t size;
	enum mem_type type;
};

struct boot_module {
	uint64_t base; /* physical address */
	uint64_t size;
	char name[48];
};

struct boot_info {
	/* RAM as the firmware reported it. */
	struct mem_region mem[BOOT_MAX_REGIONS];
	unsigned nmem;
	/* Ranges inside RAM the frame allocator must not hand out. */
	struct mem_region reserved[BOOT_MAX_REGIONS];
	unsigned nreserved;
	struct boot_module modules[BOOT_MAX_MODULES];
	unsigned nmodules;
	char cmdline[BOOT_CMDLINE_MAX];
	uint64_t acpi_rsdp; /* physical; 0 if none */
	uint64_t dtb;       /* physical; 0 if none */
};

/* Helpers for arch boot code; they drop entries past the table's end. */
void bootinfo_add_mem(struct boot_info *bi, uint64_t base, uint64_t size,
		      enum mem_type type);
void bootinfo_reserve(struct boot_info *bi, uint64_t base, uint64_t size,
		      enum mem_type type);

/* The boot information kmain was given; immutable after boot. */
extern const struct boot_info *boot_info_saved;
/* True if [pa, pa+size) lies inside one boot module. */
bool bootinfo_range_is_module(const struct boot_info *bi, uint64_t pa,
			      uint64_t size);
/* Whether "poweroff" was on the command line. */
bool boot_poweroff_requested(void);

/* The generic kernel's entry point, called once on the boot CPU. */
__noreturn void kmain(struct boot_info *bi);

/* Cycle counter read by the very first boot instruction. */
extern uint64_t boot_cycles_at_entry;

#endif
