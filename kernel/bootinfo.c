/* SPDX-License-Identifier: MIT */
/* Filling struct boot_info from whatever the firmware handed over. */
#define LOG_SUBSYS "boot"
#include <kernel/bootinfo.h>
#include <kernel/log.h>

/* Written by the arch entry code before anything else runs. */
uint64_t boot_cycles_at_entry;

static void region_add(struct mem_region *tab, unsigned *n, uint64_t base,
		       uint64_t size, enum mem_type type)
{
	if (size == 0)
		return;
	if (*n >= BOOT_MAX_REGIONS) {
		log_warn("memory map full, dropping %#llx+%#llx",
			 (unsigned long long)base, (unsigned long long)size);
		return;
	}
	tab[(*n)++] = (struct mem_region){base, size, type};
}

void bootinfo_add_mem(struct boot_info *bi, uint64_t base, uint64_t size,
		      enum mem_type type)
{
	region_add(bi->mem, &bi->nmem, base, size, type);
}

void bootinfo_reserve(struct boot_info *bi, uint64_t base, uint64_t size,
		      enum mem_type type)
{
	region_add(bi->reserved, &bi->nreserved, base, size, type);
}

const struct boot_info *boot_info_saved;

bool bootinfo_range_is_module(const struct boot_info *bi, uint64_t pa,
			      uint64_t size)
{
	for (unsigned i = 0; i < bi->nmodules; i++) {
		uint64_t lo = ALIGN_DOWN(bi->modules[i].base, 4096);
		uint64_t hi =
		    ALIGN_UP(bi->modules[i].base + bi->modules[i].size, 4096);

		if (pa >= lo && size <= hi - lo && pa - lo <= hi - lo - size)
			return true;
	}
	return false;
}
