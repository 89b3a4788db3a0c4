/* SPDX-License-Identifier: MIT */
/*
 * aarch64 translation table entry encoding for the 4 KiB granule and
 * 48-bit addresses (Arm ARM, "VMSAv8-64 translation table format
 * descriptors").
 * Level 0 is the root; levels 1 and 2 may hold blocks, level 3 pages.
 * The constants are also used by boot.S, hence UL().
 */
#ifndef ARCH_MMU_H
#define ARCH_MMU_H

#ifdef __ASSEMBLY__
#define UL(x) x
#else
#define UL(x) x##ul
#endif

/* QEMU virt RAM starts at 1 GiB; the image is linked to sit 2 MiB in. */
#define ARCH_KERNEL_PHYS_BASE UL(0x40000000)

/* Descriptor type, bits [1:0]. */
#define PTE_VALID      (UL(1) << 0)
#define PTE_TYPE_TABLE (UL(3) << 0) /* at levels 0-2 */
#define PTE_TYPE_PAGE  (UL(3) << 0) /* at level 3 */
#define PTE_TYPE_BLOCK (UL(1) << 0) /* at levels 1-2 */
#define PTE_TYPE_MASK  (UL(3) << 0)

/* Stage 1 leaf attributes (Arm ARM, "Attribute fields in stage 1
 * VMSAv8-64 Block and Page descriptors"). */
#define PTE_ATTRINDX(i) ((i) << 2)   /* index into MAIR_EL1 */
#define PTE_AP_EL0      (UL(1) << 6) /* AP[1]: EL0 may access */
#define PTE_AP_RO       (UL(1) << 7) /* AP[2]: read-only */
#define PTE_SH_INNER    (UL(3) << 8)
#define PTE_AF          (UL(1) << 10) /* access flag: set, so no AF fault */
#define PTE_NG          (UL(1) << 11) /* not global: tagged with the ASID */
#define PTE_PXN         (UL(1) << 53)
#define PTE_UXN         (UL(1) << 54)
#define PTE_ADDR_MASK   UL(0x0000fffffffff000)

/*
 * MAIR_EL1 slots (Arm ARM, MAIR_EL1): 0xff is Normal write-back
 * read/write-allocate, 0x04 is Device-nGnRE.
 */
#define MAIR_IDX_NORMAL 0
#define MAIR_IDX_DEVICE 1
#define MAIR_VALUE                             \
	((UL(0xff) << (8 * MAIR_IDX_NORMAL)) | \
	 (UL(0x04) << (8 * MAIR_IDX_DEVICE)))

/*
 * TCR_EL1 (Arm ARM, TCR_EL1): 48-bit VAs in both halves (TxSZ = 16), 4 KiB
 * granules, walks cached write-back and inner shareable. IPS is filled
 * in at boot from ID_AA64MMFR0_EL1.PARange.
 */
#define TCR_T0SZ(n)    ((n) << 0)
#define TCR_IRGN0_WBWA (UL(1) << 8)
#define TCR_ORGN0_WBWA (UL(1) << 10)
#define TCR_SH0_INNER  (UL(3) << 12)
#define TCR_TG0_4K     (UL(0) << 14)
#define TCR_T1SZ(n)    ((n) << 16)
#define TCR_EPD0       (UL(1) << 7) /* no walks for TTBR0 (lower half) */
#define TCR_IRGN1_WBWA (UL(1) << 24)
#define TCR_ORGN1_WBWA (UL(1) << 26)
#define TCR_SH1_INNER  (UL(3) << 28)
#define TCR_TG1_4K     (UL(2) << 30)
#define TCR_IPS_SHIFT  32
#define TCR_VALUE                                                         \
	(TCR_T0SZ(16) | TCR_IRGN0_WBWA | TCR_ORGN0_WBWA | TCR_SH0_INNER | \
	 TCR_TG0_4K | TCR_T1SZ(16) | TCR_IRGN1_WBWA | TCR_ORGN1_WBWA |    \
	 TCR_SH1_INNER | TCR_TG1_4K)

/*
 * ASIDs (Arm ARM, TCR_EL1.AS and TTBR0_EL1): boot sets TCR_EL1.AS for
 * 16-bit ASIDs if ID_AA64MMFR0_EL1.ASIDBits [7:4] is 0b0010. A1 stays 0,
 * so TTBR0_EL1[63:48] holds the current ASID.
 */
#define TCR_AS               (UL(1) << 36)
#define MMFR0_ASIDBITS_SHIFT 4
#define MMFR0_ASIDBITS_16    2
#define TTBR_ASID_SHIFT      48

/*
 * TLBI ...IS reaches every CPU in the inner shareable domain, so user
 * TLB flushes need no IPI (Arm ARM, "Broadcast TLB maintenance").
 */
#define ARCH_TLB_BROADCAST 1

#ifndef __ASSEMBLY__
#include <stdbool.h>
#include <stdint.h>
#include <kernel/vm_flags.h>

typedef uint64_t pte_t;

/* A pointer to a lower table; leaves carry all the permissions. */
static inline pte_t arch_pte_table(uint64_t pa)
{
	return pa | PTE_TYPE_TABLE;
}

static inline bool arch_pte_valid(pte_t e)
{
	return e & PTE_VALID;
}

static inline bool arch_pte_is_leaf(pte_t e, int level)
{
	if (level == 3)
		return true;
	return level > 0 && (e & PTE_TYPE_MASK) == PTE_TYPE_BLOCK;
}

static inline uint64_t arch_pte_pa(pte_t e)
{
	return e & PTE_ADDR_MASK;
}

static inline pte_t arch_pte_leaf(uint64_t pa, unsigned flags, int level)
{
	pte_t e = pa | PTE_AF;

	e |= level == 3 ? PTE_TYPE_PAGE : PTE_TYPE_BLOCK;
	if (flags & VM_DEVICE)
		e |= PTE_ATTRINDX(MAIR_IDX_DEVICE);
	else
		e |= PTE_ATTRINDX(MAIR_IDX_NORMAL) | PTE_SH_INNER;
	if (!(flags & VM_WRITE))
		e |= PTE_AP_RO;

	/*
	 * The kernel never executes user pages, and user code never runs
	 * kernel pages; each side gets execute rights only to its own.
	 */
	if (flags & VM_USER) {
		e |= PTE_AP_EL0 | PTE_PXN;
		if (!(flags & VM_EXEC))
			e |= PTE_UXN;
	} else {
		e |= PTE_UXN;
		if (!(flags & VM_EXEC))
			e |= PTE_PXN;
	}
	/* User pages always carry the ASID, whatever the caller asked. */
	if (!(flags & VM_GLOBAL) || (flags & VM_USER))
		e |= PTE_NG;
	return e;
}

/* The VM_* flags a leaf entry grants; the inverse of arch_pte_leaf. */
static inline unsigned arch_pte_flags(pte_t e)
{
	unsigned f = VM_READ;
	bool user = e & PTE_AP_EL0;

	if (!(e & PTE_AP_RO))
		f |= VM_WRITE;
	if (user)
		f |= VM_USER;
	if (!(e & (user ? PTE_UXN : PTE_PXN)))
		f |= VM_EXEC;
	if (((e >> 2) & 7) == MAIR_IDX_DEVICE)
		f |= VM_DEVICE;
	if (!(e & PTE_NG))
		f |= VM_GLOBAL;
	return f;
}

/*
 * Invalidate va on every CPU in the inner shareable domain, for all
 * ASIDs. The DSB before makes the new entry visible to table walks; the
 * one after waits for the invalidation (Arm ARM, "TLB maintenance
 * instructions").
 */
static inline void arch_tlb_flush_page(uintptr_t va)
{
	__asm__ volatile("dsb ishst\n\t"
			 "tlbi vaae1is, %0\n\t"
			 "dsb ish\n\t"
			 "isb" ::"r"((va >> 12) & 0xfffffffffffful)
			 : "memory");
}
#endif

#endif
