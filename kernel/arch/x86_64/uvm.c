/* SPDX-License-Identifier: MIT */
/*
 * User address spaces on x86_64. Every root table (PML4) shares the
 * kernel half: its upper 256 entries are copies of the kernel root's.
 * That only stays true if those entries never change, so before any user
 * root exists every one of them is made to point at a table, and later
 * kernel mappings only change tables below them.
 */
#define LOG_SUBSYS "vm"
#include <kernel/arch.h>
#include <kernel/log.h>
#include <kernel/panic.h>
#include <kernel/pmm.h>
#include <kernel/string.h>
#include <kernel/vm.h>
#include <arch/x86.h>

#define PML4_ENTRIES    512
#define PML4_KERNEL     256 /* first kernel-half entry */
/* Past this many pages a whole flush is cheaper than invlpg each. */
#define FLUSH_PAGES_MAX 32

static uint64_t *root_table(uint64_t pa)
{
	return phys_to_virt(pa);
}

/*
 * Called from arch_init, after vm_init and before any other CPU runs, so
 * no lock is needed. Costs one frame for each of the 256 entries not yet
 * used (about 1 MiB).
 */
void x86_vm_prealloc_kernel_half(void)
{
	uint64_t *root = root_table(vm_kernel_root);
	unsigned added = 0;

	for (unsigned i = PML4_KERNEL; i < PML4_ENTRIES; i++) {
		uint64_t pa;

		if (arch_pte_valid(root[i]))
			continue;
		pa = pmm_alloc_zeroed();
		if (!pa)
			panic("x86_vm_prealloc_kernel_half: out of memory at "
			      "entry %u",
			      i);
		root[i] = arch_pte_table(pa);
		added++;
	}
	log_debug("kernel half: %u root entries preallocated", added);
}

uint64_t arch_vm_user_root_new(void)
{
	uint64_t pa = pmm_alloc_zeroed();

	if (!pa)
		return 0;
	memcpy(root_table(pa) + PML4_KERNEL,
	       root_table(vm_kernel_root) + PML4_KERNEL,
	       (PML4_ENTRIES - PML4_KERNEL) * sizeof(uint64_t));
	return pa;
}

void arch_vm_user_root_free(uint64_t root_pa)
{
	ASSERT(root_pa && root_pa != vm_kernel_root);
	pmm_free(root_pa, 0);
}

static uint64_t cr3_read(void)
{
	uint64_t v;

	__asm__ volatile("mov %%cr3, %0" : "=r"(v));
	return v;
}

static void cr3_write(uint64_t v)
{
	__asm__ volatile("mov %0, %%cr3" ::"r"(v) : "memory");
}

void arch_vm_user_switch(uint64_t root_pa)
{
	uint64_t target = root_pa ? root_pa : vm_kernel_root;

	if (cr3_read() != target)
		cr3_write(target);
}

/* A CR3 write drops every non-global entry: all user ones, no kernel one. */
void arch_tlb_flush_user_all(void)
{
	cr3_write(cr3_read());
}

void arch_tlb_flush_user(uintptr_t va, uint64_t len)
{
	uintptr_t start = ALIGN_DOWN(va, PAGE_SIZE);
	uint64_t pages = (ALIGN_UP(va + len, PAGE_SIZE) - start) / PAGE_SIZE;

	if (pages > FLUSH_PAGES_MAX) {
		arch_tlb_flush_user_all();
		return;
	}
	for (uint64_t i = 0; i < pages; i++)
		arch_tlb_flush_page(start + i * PAGE_SIZE);
}
