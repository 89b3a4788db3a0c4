/* SPDX-License-Identifier: MIT */
/*
 * Kernel page tables. vm_init() builds the final tables: a direct map of
 * RAM (read-write, never executable), the kernel image with W^X per
 * section, and then hands the root to the arch to switch to. Later
 * mappings (device registers, kernel stacks) go through vm_kmap().
 *
 * Page-table levels are numbered from the root: level 0 entries each
 * cover 512 GiB, level 1 1 GiB, level 2 2 MiB, level 3 one 4 KiB page.
 */
#define LOG_SUBSYS "vm"
#include <kernel/arch.h>
#include <kernel/bootinfo.h>
#include <kernel/log.h>
#include <kernel/panic.h>
#include <kernel/pmm.h>
#include <kernel/spinlock.h>
#include <kernel/vm.h>

#define PT_ENTRIES  512
#define LARGE_PAGE  (2ul << 20) /* a level-2 leaf */
#define LEVEL_LARGE 2
#define LEVEL_PAGE  3

uint64_t vm_kernel_root; /* [vm_lock] for writes to the tables under it */

/* Serialises changes to the kernel half of the page tables. */
static struct spinlock vm_lock = SPINLOCK_INIT;

/* Next free address in the MMIO window. [vm_lock] */
static uintptr_t mmio_next = MMIO_BASE;

static unsigned pt_index(uintptr_t va, int level)
{
	return (va >> (39 - 9 * level)) & (PT_ENTRIES - 1);
}

static pte_t *pt_entry(uint64_t table_pa, int level, uintptr_t va)
{
	return (pte_t *)phys_to_virt(table_pa) + pt_index(va, level);
}

/*
 * Walk from the root to the entry at leaf_level for va, creating missing
 * tables. Returns NULL if a table could not be allocated, or if a larger
 * leaf already covers va (kernel mappings never split large pages).
 */
static pte_t *pt_walk_create(uint64_t root, uintptr_t va, int leaf_level)
{
	uint64_t table = root;

	for (int level = 0; level < leaf_level; level++) {
		pte_t *e = pt_entry(table, level, va);

		if (!arch_pte_valid(*e)) {
			uint64_t pa = pmm_alloc_zeroed();

			if (!pa)
				return NULL;
			*e = arch_pte_table(pa);
		} else if (arch_pte_is_leaf(*e, level)) {
			return NULL;
		}
		table = arch_pte_pa(*e);
	}
	return pt_entry(table, leaf_level, va);
}

static uint64_t pt_lookup(uint64_t root, uintptr_t va, unsigned *level_out)
{
	uint64_t table = root;

	if (!root)
		return 0;
	for (int level = 0; level <= LEVEL_PAGE; level++) {
		pte_t e = *pt_entry(table, level, va);

		if (!arch_pte_valid(e))
			return 0;
		if (arch_pte_is_leaf(e, level)) {
			if (level_out)
				*level_out = (unsigned)level;
			return e;
		}
		table = arch_pte_pa(e);
	}
	return 0;
}

uint64_t vm_kernel_lookup(uintptr_t va, unsigned *level)
{
	return pt_lookup(READ_ONCE(vm_kernel_root), va, level);
}

/* Map with the largest pages alignment allows; caller holds vm_lock. */
static int map_range(uint64_t root, uintptr_t va, uint64_t pa, uint64_t size,
		     unsigned flags)
{
	while (size) {
		bool large =
		    IS_ALIGNED(va | pa, LARGE_PAGE) && size >= LARGE_PAGE;
		int level = large ? LEVEL_LARGE : LEVEL_PAGE;
		uint64_t step = large ? LARGE_PAGE : PAGE_SIZE;
		pte_t *e = pt_walk_create(root, va, level);

		if (!e)
			return -1;
		*e = arch_pte_leaf(pa, flags, level);
		arch_tlb_flush_page(va);
		va += step;
		pa += step;
		size -= step;
	}
	return 0;
}

int vm_kmap(uintptr_t va, uint64_t pa, uint64_t size, unsigned flags)
{
	unsigned long irq;
	int err;

	ASSERT(IS_ALIGNED(va | pa | size, PAGE_SIZE));
	irq = spin_lock_irqsave(&vm_lock);
	err = map_range(vm_kernel_root, va, pa, size, flags);
	spin_unlock_irqrestore(&vm_lock, irq);
	return err;
}

/*
 * XXX: only this CPU's TLB is flushed. Other CPUs may keep a stale entry
 * until cross-CPU shootdown exists; today kernel unmaps happen only for
 * memory no other CPU has touched.
 */
void vm_kunmap(uintptr_t va, uint64_t size)
{
	unsigned long irq = spin_lock_irqsave(&vm_lock);

	for (uintptr_t end = va + size; va < end; va += PAGE_SIZE) {
		unsigned level;
		uint64_t e = pt_lookup(vm_kernel_root, va, &level);

		ASSERT(!e || level == LEVEL_PAGE);
		if (e) {
			*pt_walk_create(vm_kernel_root, va, LEVEL_PAGE) = 0;
			arch_tlb_flush_page(va);
		}
	}
	spin_unlock_irqrestore(&vm_lock, irq);
}

void *vm_map_phys(uint64_t pa, uint64_t size, unsigned flags)
{
	uint64_t first = ALIGN_DOWN(pa, PAGE_SIZE);
	uint64_t len = ALIGN_UP(pa + size, PAGE_SIZE) - first;
	unsigned long irq;
	uintptr_t va;
	int err;

	if (size == 0 || pa + size < pa)
		return NULL;
	irq = spin_lock_irqsave(&vm_lock);
	va = mmio_next;
	if (va + len > MMIO_BASE + MMIO_SIZE) {
		spin_unlock_irqrestore(&vm_lock, irq);
		return NULL;
	}
	err = map_range(vm_kernel_root, va, first, len, flags | VM_GLOBAL);
	if (!err)
		mmio_next = va + len + PAGE_SIZE; /* unmapped gap between */
	spin_unlock_irqrestore(&vm_lock, irq);
	return err ? NULL : (void *)(va + (pa - first));
}

void *vm_map_mmio(uint64_t pa, uint64_t size)
{
	return vm_map_phys(pa, size, VM_READ | VM_WRITE | VM_DEVICE);
}

uint64_t virt_to_phys(const void *p)
{
	uintptr_t va = (uintptr_t)p;
	unsigned level;
	uint64_t e;

	if (va >= DIRECT_MAP_BASE && va < DIRECT_MAP_BASE + DIRECT_MAP_SIZE)
		return va - DIRECT_MAP_BASE;
	if (va >= (uintptr_t)__kernel_start && va < (uintptr_t)__kernel_end)
		return va - KERNEL_VIRT_BASE + ARCH_KERNEL_PHYS_BASE;
	e = vm_kernel_lookup(va, &level);
	ASSERT(e);
	return arch_pte_pa(e) + (va & ((1ul << (39 - 9 * level)) - 1));
}

static uint64_t image_pa(const char *va)
{
	return (uintptr_t)va - KERNEL_VIRT_BASE + ARCH_KERNEL_PHYS_BASE;
}

static void map_image_part(uint64_t root, const char *start, const char *end,
			   unsigned flags, const char *what)
{
	uintptr_t s = ALIGN_DOWN((uintptr_t)start, PAGE_SIZE);
	uintptr_t e = ALIGN_UP((uintptr_t)end, PAGE_SIZE);

	if (e > s &&
	    map_range(root, s, image_pa((char *)s), e - s, flags | VM_GLOBAL))
		panic("vm_init: out of memory mapping kernel %s", what);
}

/*
 * The direct map covers every firmware region that is RAM in some form
 * (usable, ACPI, kernel, boot data), but never holes or MMIO: a cacheable
 * alias of device registers invites speculative reads of them.
 */
static void map_direct(uint64_t root, const struct boot_info *bi)
{
	for (unsigned i = 0; i < bi->nmem; i++) {
		const struct mem_region *m = &bi->mem[i];
		uint64_t s = ALIGN_DOWN(m->base, PAGE_SIZE);
		uint64_t e = ALIGN_UP(m->base + m->size, PAGE_SIZE);

		if (m->type == MEM_RESERVED || e <= s)
			continue;
		if (e > DIRECT_MAP_SIZE)
			panic("vm_init: RAM at %#llx is beyond the direct map",
			      (unsigned long long)m->base);
		if (map_range(root, DIRECT_MAP_BASE + s, s, e - s,
			      VM_READ | VM_WRITE | VM_GLOBAL))
			panic("vm_init: out of memory for the direct map");
	}
}

void vm_init(const struct boot_info *bi)
{
	uint64_t root = pmm_alloc_zeroed();

	if (!root)
		panic("vm_init: no frame for the kernel root table");
	map_direct(root, bi);
	map_image_part(root, __kernel_start, __text_start, VM_READ, "header");
	map_image_part(root, __text_start, __text_end, VM_READ | VM_EXEC,
		       "text");
	map_image_part(root, __rodata_start, __rodata_end, VM_READ, "rodata");
	map_image_part(root, __data_start, __kernel_end, VM_READ | VM_WRITE,
		       "data");
	/* Published first, so the switch hook may already map devices. */
	WRITE_ONCE(vm_kernel_root, root);
	arch_vm_kernel_switch(root);
	log_info("kernel page tables at %#llx: text RX, rodata R, data RW NX",
		 (unsigned long long)root);
}
