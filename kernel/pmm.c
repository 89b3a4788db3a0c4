/* SPDX-License-Identifier: MIT */
/*
 * The physical frame allocator: one buddy allocator spanning all RAM the
 * firmware reported, with its metadata carved out of RAM itself. Frames
 * in holes and reserved ranges stay marked reserved and are never handed
 * out. Frame 0 is always kept back, so a physical address of 0 can mean
 * "no memory".
 */
#define LOG_SUBSYS "pmm"
#include <kernel/bootinfo.h>
#include <kernel/buddy.h>
#include <kernel/log.h>
#include <kernel/panic.h>
#include <kernel/pmm.h>
#include <kernel/spinlock.h>
#include <kernel/string.h>
#include <kernel/vm.h>

static struct buddy pmm_buddy; /* [pmm_lock] */
static struct spinlock pmm_lock = SPINLOCK_INIT;
static uint64_t pmm_total; /* immutable after pmm_init */

static bool overlaps(uint64_t a, uint64_t alen, uint64_t b, uint64_t blen)
{
	return a < b + blen && b < a + alen;
}

static bool range_reserved(const struct boot_info *bi, uint64_t base,
			   uint64_t size)
{
	for (unsigned i = 0; i < bi->nreserved; i++) {
		if (overlaps(base, size, bi->reserved[i].base,
			     bi->reserved[i].size))
			return true;
	}
	return false;
}

/*
 * Find room for the metadata: a page-aligned run in usable RAM, clear of
 * every reservation, and below the limit the boot page tables map.
 * Candidates are the start of each usable region and the end of each
 * reservation; the first that fits wins.
 */
static uint64_t pmm_place_meta(const struct boot_info *bi, uint64_t size)
{
	for (unsigned i = 0; i < bi->nmem; i++) {
		const struct mem_region *m = &bi->mem[i];
		uint64_t end = m->base + m->size;

		if (m->type != MEM_USABLE)
			continue;
		for (unsigned j = 0; j <= bi->nreserved; j++) {
			uint64_t at = j == 0 ? m->base
					     : bi->reserved[j - 1].base +
						   bi->reserved[j - 1].size;

			at = ALIGN_UP(MAX(at, PAGE_SIZE), PAGE_SIZE);
			if (at < m->base || at + size > end ||
			    at + size > BOOT_DIRECT_MAP_LIMIT)
				continue;
			if (!range_reserved(bi, at, size))
				return at;
		}
	}
	return 0;
}

static void pmm_span(const struct boot_info *bi, uint64_t *lo, uint64_t *hi)
{
	*lo = ~0ull;
	*hi = 0;
	for (unsigned i = 0; i < bi->nmem; i++) {
		const struct mem_region *m = &bi->mem[i];

		if (m->type != MEM_USABLE)
			continue;
		*lo = MIN(*lo, m->base / PAGE_SIZE);
		*hi = MAX(*hi, (m->base + m->size) / PAGE_SIZE);
	}
	/* Buddy blocks are aligned relative to the base: make that absolute. */
	*lo = ALIGN_DOWN(*lo, 1ull << (BUDDY_MAX_ORDER - 1));
}

void pmm_init(const struct boot_info *bi)
{
	uint64_t lo, hi, meta_pa, meta_size;

	pmm_span(bi, &lo, &hi);
	if (hi <= lo)
		panic("pmm_init: no usable memory in the firmware memory map");
	if (hi - lo > UINT32_MAX)
		panic("pmm_init: memory span of %llu frames is too large",
		      (unsigned long long)(hi - lo));
	meta_size = ALIGN_UP(buddy_meta_size(hi - lo), PAGE_SIZE);
	meta_pa = pmm_place_meta(bi, meta_size);
	if (!meta_pa)
		panic("pmm_init: no room for %llu bytes of frame metadata",
		      (unsigned long long)meta_size);

	buddy_init(&pmm_buddy, lo, (uint32_t)(hi - lo), phys_to_virt(meta_pa));
	buddy_pin_range(&pmm_buddy, 0, 1);
	buddy_pin_range(&pmm_buddy, meta_pa / PAGE_SIZE, meta_size / PAGE_SIZE);
	for (unsigned i = 0; i < bi->nreserved; i++) {
		const struct mem_region *r = &bi->reserved[i];
		uint64_t first = r->base / PAGE_SIZE;
		uint64_t last =
		    ALIGN_UP(r->base + r->size, PAGE_SIZE) / PAGE_SIZE;

		buddy_pin_range(&pmm_buddy, first, last - first);
	}
	for (unsigned i = 0; i < bi->nmem; i++) {
		const struct mem_region *m = &bi->mem[i];
		uint64_t first = ALIGN_UP(m->base, PAGE_SIZE) / PAGE_SIZE;
		uint64_t last = (m->base + m->size) / PAGE_SIZE;

		if (m->type == MEM_USABLE && last > first)
			buddy_add_range(&pmm_buddy, first, last - first);
	}
	pmm_total = pmm_buddy.free_frames;
	log_info("%llu MiB free in %llu frames, metadata %llu KiB at %#llx",
		 (unsigned long long)(pmm_total * PAGE_SIZE >> 20),
		 (unsigned long long)pmm_total,
		 (unsigned long long)(meta_size >> 10),
		 (unsigned long long)meta_pa);
}

uint64_t pmm_alloc(unsigned order)
{
	unsigned long flags = spin_lock_irqsave(&pmm_lock);
	uint64_t pfn = buddy_alloc(&pmm_buddy, order);

	spin_unlock_irqrestore(&pmm_lock, flags);
	return pfn * PAGE_SIZE;
}

uint64_t pmm_alloc_zeroed(void)
{
	uint64_t pa = pmm_alloc(0);

	if (pa)
		memset(phys_to_virt(pa), 0, PAGE_SIZE);
	return pa;
}

void pmm_free(uint64_t pa, unsigned order)
{
	unsigned long flags = spin_lock_irqsave(&pmm_lock);
	bool ok = buddy_free(&pmm_buddy, pa / PAGE_SIZE, order);

	spin_unlock_irqrestore(&pmm_lock, flags);
	if (!ok)
		panic("pmm_free: %#llx order %u is not an allocated block",
		      (unsigned long long)pa, order);
}

int pmm_block_order(uint64_t pa)
{
	unsigned long flags = spin_lock_irqsave(&pmm_lock);
	int order = buddy_block_order(&pmm_buddy, pa / PAGE_SIZE);

	spin_unlock_irqrestore(&pmm_lock, flags);
	return order;
}

uint64_t pmm_free_frames(void)
{
	return READ_ONCE(pmm_buddy.free_frames);
}

uint64_t pmm_total_frames(void)
{
	return pmm_total;
}

unsigned pmm_order_for(uint64_t bytes)
{
	unsigned order = 0;

	while ((PAGE_SIZE << order) < bytes)
		order++;
	return order;
}
