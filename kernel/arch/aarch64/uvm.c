/* SPDX-License-Identifier: MIT */
/*
 * User address spaces on aarch64: the user half is TTBR0_EL1's, the
 * kernel stays in TTBR1_EL1, and each address space has its own ASID so
 * that switching costs no TLB flush (Arm ARM, "Translation Lookaside
 * Buffers", ASIDs). Also PAN, which keeps the kernel's ordinary loads
 * and stores out of user memory.
 *
 * ASIDs: 0 belongs to the empty user half, whose table has no valid
 * entry and so never puts anything in the TLB. 1 is shared by every
 * address space created while all others are taken (XXX: those pay a
 * local flush of ASID 1 on every switch to them; a generation-based
 * allocator that recycles ASIDs would avoid it). The rest are handed out at
 * creation and flushed everywhere when the address space is freed.
 * An address space keeps its ASID in root entry ASID_SLOT: the generic
 * code uses only the entries of the user half (0..255), the hardware
 * ignores all but bit 0 of an invalid entry (Arm ARM, "Invalid
 * descriptors"), and with bit 0 clear the entry stays invalid.
 */
#include <kernel/arch.h>
#include <kernel/panic.h>
#include <kernel/pmm.h>
#include <kernel/spinlock.h>
#include <kernel/vm.h>
#include <arch/aarch64.h>

#define ASID_EMPTY  0
#define ASID_SHARED 1
#define ASID_FIRST  2
#define ASID_MAX    (1u << 16)
#define ASID_SLOT   511 /* root entry for VA 0xff8000000000, above USER_TOP */
static_assert(((USER_TOP - 1) >> 39) < ASID_SLOT,
	      "the ASID slot lies outside the user half");

/* A flush of more pages than this drops the whole TLB instead. */
#define TLB_FLUSH_PAGES_MAX 64

/* ID_AA64MMFR1_EL1.PAN [23:20] and ID_AA64MMFR2_EL1.UAO [7:4]. */
#define MMFR1_PAN_SHIFT 20
#define MMFR2_UAO_SHIFT 4
#define PSTATE_PAN      (UL(1) << 22) /* as the PAN register reads it */

/* The user half when there is no user address space. */
static uint64_t uvm_empty_root[512] __aligned(PAGE_SIZE);

static struct spinlock asid_lock = SPINLOCK_INIT;
static uint64_t asid_used[ASID_MAX / 64]; /* [asid_lock] */
static unsigned asid_hint = ASID_FIRST;   /* [asid_lock] */

/* 65536 if TCR_EL1.AS was set at boot (the CPU has 16-bit ASIDs). */
static unsigned asid_count(void)
{
	return read_sysreg(tcr_el1) & TCR_AS ? ASID_MAX : 256;
}

static bool asid_test_and_set(unsigned a)
{
	uint64_t bit = 1ull << (a % 64);
	bool was = asid_used[a / 64] & bit;

	asid_used[a / 64] |= bit;
	return was;
}

/* A free ASID, or ASID_SHARED if none is. */
static unsigned asid_alloc(void)
{
	unsigned n = asid_count() - ASID_FIRST;
	unsigned long flags = spin_lock_irqsave(&asid_lock);
	unsigned a = ASID_SHARED;

	for (unsigned i = 0; i < n; i++) {
		unsigned c = ASID_FIRST + (asid_hint - ASID_FIRST + i) % n;

		if (!asid_test_and_set(c)) {
			a = c;
			asid_hint = c + 1 < ASID_FIRST + n ? c + 1 : ASID_FIRST;
			break;
		}
	}
	spin_unlock_irqrestore(&asid_lock, flags);
	return a;
}

static void asid_free(unsigned a)
{
	unsigned long flags = spin_lock_irqsave(&asid_lock);

	asid_used[a / 64] &= ~(1ull << (a % 64));
	spin_unlock_irqrestore(&asid_lock, flags);
}

static unsigned root_asid(uint64_t root_pa)
{
	uint64_t *root = phys_to_virt(root_pa);

	return (unsigned)(root[ASID_SLOT] >> TTBR_ASID_SHIFT);
}

uint64_t arch_vm_user_root_new(void)
{
	uint64_t pa = pmm_alloc_zeroed();
	uint64_t *root;

	if (!pa)
		return 0;
	root = phys_to_virt(pa);
	root[ASID_SLOT] = (uint64_t)asid_alloc() << TTBR_ASID_SHIFT;
	return pa;
}

/*
 * The caller guarantees no CPU still has root_pa in TTBR0, so once the
 * ASID's entries are gone everywhere it may be handed out again.
 */
void arch_vm_user_root_free(uint64_t root_pa)
{
	unsigned asid = root_asid(root_pa);

	ASSERT(asid >= ASID_SHARED && asid < ASID_MAX);
	if (asid != ASID_SHARED) {
		__asm__ volatile(
		    "dsb ishst\n\t"
		    "tlbi aside1is, %0\n\t"
		    "dsb ish" ::"r"((uint64_t)asid << TTBR_ASID_SHIFT)
		    : "memory");
		asid_free(asid);
	}
	pmm_free(root_pa, 0);
}

/*
 * New table entries must reach the walker before it can use them, hence
 * the DSB; the ISB makes the new TTBR0 apply to what follows.
 */
void arch_vm_user_switch(uint64_t root_pa)
{
	unsigned asid = root_pa ? root_asid(root_pa) : ASID_EMPTY;
	uint64_t ttbr = (uint64_t)asid << TTBR_ASID_SHIFT;

	ttbr |= root_pa ? root_pa : virt_to_phys(uvm_empty_root);
	__asm__ volatile("dsb ishst" ::: "memory");
	write_sysreg(ttbr0_el1, ttbr);
	isb();
	if (asid == ASID_SHARED)
		__asm__ volatile(
		    "tlbi aside1, %0\n\t"
		    "dsb nsh\n\t"
		    "isb" ::"r"((uint64_t)ASID_SHARED << TTBR_ASID_SHIFT)
		    : "memory");
}

/*
 * Boot leaves the identity map in TTBR0, with global entries; replace it
 * by the empty user half and drop whatever the TLB holds of it.
 */
void aarch64_ttbr0_off(void)
{
	write_sysreg(ttbr0_el1, virt_to_phys(uvm_empty_root));
	isb();
	__asm__ volatile("tlbi vmalle1\n\t"
			 "dsb nsh\n\t"
			 "isb" ::
			     : "memory");
}

/*
 * By VA for every ASID (TLBI VAAE1IS), not only the current one: the
 * generic code may edit an address space that is not current here but
 * runs on another CPU, and this hook has no way to name it. User VAs
 * have no global (kernel) entries, so nothing else is lost.
 */
void arch_tlb_flush_user(uintptr_t va, uint64_t len)
{
	uintptr_t a = ALIGN_DOWN(va, PAGE_SIZE);
	uintptr_t end = va + len;

	if (len > TLB_FLUSH_PAGES_MAX * PAGE_SIZE || end < va) {
		arch_tlb_flush_user_all();
		return;
	}
	__asm__ volatile("dsb ishst" ::: "memory");
	for (; a < end; a += PAGE_SIZE)
		__asm__ volatile("tlbi vaae1is, %0" ::"r"(a >> PAGE_SHIFT)
				 : "memory");
	__asm__ volatile("dsb ish\n\t"
			 "isb" ::
			     : "memory");
}

/*
 * Every CPU, every ASID. Dropping the kernel's global entries too is the
 * price of having no "all non-global" invalidation; this is the rare
 * path (huge unmaps), so the simple, always-correct choice wins.
 */
void arch_tlb_flush_user_all(void)
{
	__asm__ volatile("dsb ishst\n\t"
			 "tlbi vmalle1is\n\t"
			 "dsb ish\n\t"
			 "isb" ::
			     : "memory");
}

/*
 * Per CPU: with PAN, a kernel load or store that is not LDTR/STTR
 * faults on any page EL0 may access (Arm ARM, "About PSTATE.PAN"), and
 * SPAN = 0 sets PAN again on every exception to EL1. UAO would turn
 * LDTR/STTR into privileged accesses, so it is cleared where it exists.
 * Registers are named by encoding: PAN is S3_0_C4_C2_3, UAO S3_0_C4_C2_4,
 * ID_AA64MMFR2_EL1 S3_0_C0_C7_2, which an Armv8.0 assembler does not
 * know by name.
 */
void aarch64_cpu_protect(void)
{
	uint64_t mmfr1 = read_sysreg(id_aa64mmfr1_el1);
	uint64_t mmfr2 = read_sysreg(s3_0_c0_c7_2);

	if ((mmfr2 >> MMFR2_UAO_SHIFT) & 0xf)
		write_sysreg(s3_0_c4_c2_4, 0);
	if ((mmfr1 >> MMFR1_PAN_SHIFT) & 0xf) {
		write_sysreg(sctlr_el1, read_sysreg(sctlr_el1) & ~SCTLR_SPAN);
		write_sysreg(s3_0_c4_c2_3, PSTATE_PAN);
	}
	isb();
}

bool aarch64_pan_enabled(void)
{
	if (!((read_sysreg(id_aa64mmfr1_el1) >> MMFR1_PAN_SHIFT) & 0xf))
		return false;
	return read_sysreg(s3_0_c4_c2_3) & PSTATE_PAN;
}
