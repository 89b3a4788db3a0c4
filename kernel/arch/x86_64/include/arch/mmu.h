/* SPDX-License-Identifier: MIT */
/*
 * x86_64 page table entry encoding (SDM Vol. 3A, 4.5 "4-Level Paging").
 * Level 0 is the PML4, level 3 the page table of 4 KiB pages.
 */
#ifndef ARCH_MMU_H
#define ARCH_MMU_H

#include <stdbool.h>
#include <stdint.h>
#include <kernel/vm_flags.h>

typedef uint64_t pte_t;

/* The kernel image is linked at KERNEL_VIRT_BASE + physical address. */
#define ARCH_KERNEL_PHYS_BASE 0ul

/*
 * invlpg and CR3 reloads reach only the executing CPU; the generic code
 * sends IPI_TLB to the others.
 */
#define ARCH_TLB_BROADCAST 0

#define X86_PTE_P    (1ul << 0)
#define X86_PTE_W    (1ul << 1)
#define X86_PTE_U    (1ul << 2)
#define X86_PTE_PWT  (1ul << 3)
#define X86_PTE_PCD  (1ul << 4)
#define X86_PTE_PS   (1ul << 7) /* large page, at levels 1 and 2 */
#define X86_PTE_G    (1ul << 8)
#define X86_PTE_NX   (1ul << 63)
#define X86_PTE_ADDR 0x000ffffffffff000ul

/* Flags for a pointer to a lower table: permissive, leaves restrict. */
static inline pte_t arch_pte_table(uint64_t pa)
{
	return pa | X86_PTE_P | X86_PTE_W | X86_PTE_U;
}

static inline bool arch_pte_valid(pte_t e)
{
	return e & X86_PTE_P;
}

static inline bool arch_pte_is_leaf(pte_t e, int level)
{
	return level == 3 || (e & X86_PTE_PS);
}

static inline uint64_t arch_pte_pa(pte_t e)
{
	return e & X86_PTE_ADDR;
}

static inline pte_t arch_pte_leaf(uint64_t pa, unsigned flags, int level)
{
	pte_t e = pa | X86_PTE_P;

	if (flags & VM_WRITE)
		e |= X86_PTE_W;
	if (!(flags & VM_EXEC))
		e |= X86_PTE_NX;
	if (flags & VM_USER)
		e |= X86_PTE_U;
	if (flags & VM_DEVICE)
		e |= X86_PTE_PCD | X86_PTE_PWT;
	if (flags & VM_GLOBAL)
		e |= X86_PTE_G;
	if (level < 3)
		e |= X86_PTE_PS;
	return e;
}

/* The VM_* flags a leaf entry grants; the inverse of arch_pte_leaf. */
static inline unsigned arch_pte_flags(pte_t e)
{
	unsigned f = VM_READ;

	if (e & X86_PTE_W)
		f |= VM_WRITE;
	if (!(e & X86_PTE_NX))
		f |= VM_EXEC;
	if (e & X86_PTE_U)
		f |= VM_USER;
	if (e & X86_PTE_PCD)
		f |= VM_DEVICE;
	if (e & X86_PTE_G)
		f |= VM_GLOBAL;
	return f;
}

static inline void arch_tlb_flush_page(uintptr_t va)
{
	__asm__ volatile("invlpg (%0)" ::"r"(va) : "memory");
}

#endif
