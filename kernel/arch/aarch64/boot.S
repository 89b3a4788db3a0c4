/* SPDX-License-Identifier: MIT */
/*
 * First instructions, for the boot CPU and the secondaries: drop from EL2
 * to EL1 if need be, build the early page tables, turn the MMU on and
 * jump to the kernel's link address. Everything before "high" runs at the
 * physical load address with the MMU off, so it uses only PC-relative
 * addressing and no stack.
 */
#include <arch/aarch64.h>
#include <arch/percpu.h>

/* Load the address of sym, PC-relative: physical before the MMU is on. */
.macro adr_l reg, sym
	adrp	\reg, \sym
	add	\reg, \reg, :lo12:\sym
.endm

#define IMAGE_TEXT_OFFSET 0x200000
/* Image flags: little-endian, 4 KiB pages, 2 MiB-aligned placement. */
#define IMAGE_FLAGS	  (0 << 0 | 1 << 1 | 0 << 3)

/* Early 1 GiB block descriptors (Arm ARM, stage 1 block descriptors). */
#define BLOCK_NORMAL_X	(PTE_TYPE_BLOCK | PTE_ATTRINDX(MAIR_IDX_NORMAL) | \
			 PTE_SH_INNER | PTE_AF | PTE_UXN)
#define BLOCK_NORMAL_NX	(BLOCK_NORMAL_X | PTE_PXN)
#define BLOCK_DEVICE	(PTE_TYPE_BLOCK | PTE_ATTRINDX(MAIR_IDX_DEVICE) | \
			 PTE_AF | PTE_PXN | PTE_UXN)
#define GIB_SHIFT	30
/* Level 0 slots of the direct map and of the kernel image. */
#define L0_DIRECT	256 /* 0xffff800000000000 */
#define L0_KERNEL	511 /* 0xffffff8000000000 */
#define L1_KERNEL	510 /* 0xffffffff80000000 */
/* Physical 1..4 GiB is RAM-capable on QEMU virt; 0..1 GiB is devices. */
#define DIRECT_RAM_GIB	3

/*
 * The Linux arm64 Image header (Linux Documentation/arch/arm64/
 * booting.rst), so that QEMU -kernel and real boot loaders accept us and
 * load the image 2 MiB into RAM with the device tree address in x0.
 */
	.section .text.head, "ax"
	.globl	_start
_start:
	b	primary_entry		/* code0 */
	.long	0			/* code1 */
	.quad	IMAGE_TEXT_OFFSET
	.quad	__kernel_size		/* including .bss */
	.quad	IMAGE_FLAGS
	.quad	0, 0, 0			/* reserved */
	.ascii	"ARM\x64"		/* magic */
	.long	0			/* reserved (PE header offset) */

/*
 * XXX: the image is not relocatable. A boot loader that puts it anywhere
 * but 2 MiB into RAM at 0x40000000 (QEMU virt's layout) gets a CPU parked
 * in "park" with no message, since no console is known yet.
 */
primary_entry:
	isb
	mrs	x19, cntvct_el0		/* boot_cycles_at_entry, kept in x19 */
	mov	x20, x0			/* device tree, physical */

	/* The image is linked for one physical address; hang if elsewhere. */
	adr	x0, _start
	ldr	x1, =ARCH_KERNEL_PHYS_BASE + IMAGE_TEXT_OFFSET
	cmp	x0, x1
	b.ne	park

	bl	el2_to_el1
	bl	cpu_setup_el1
	bl	clear_bss
	bl	build_boot_tables
	bl	invalidate_bss

	adr_l	x0, boot_cycles_at_entry
	str	x19, [x0]

	adr_l	x0, boot_pt_l0_hi
	bl	mmu_enable
	ldr	x0, =primary_high
	br	x0

park:
	wfe
	b	park

/*
 * If we run at EL2, make EL1 a plain AArch64 kernel level with the timer
 * and GIC system registers usable, then return to the caller at EL1h.
 * Clobbers x9. Leaf: returns through x30 (ELR_EL2 on the EL2 path).
 */
el2_to_el1:
	mrs	x9, CurrentEL
	cmp	x9, #CURRENT_EL_EL2
	b.eq	1f
	ret
1:	mov	x9, #HCR_EL2_RW
	msr	hcr_el2, x9		/* also clears E2H: CNTHCTL's v8.0 layout */
	isb
	mrs	x9, cnthctl_el2
	orr	x9, x9, #CNTHCTL_EL1_ACCESS
	msr	cnthctl_el2, x9
	msr	cntvoff_el2, xzr	/* virtual counter = physical counter */
	mrs	x9, midr_el1
	msr	vpidr_el2, x9
	mrs	x9, mpidr_el1
	msr	vmpidr_el2, x9
	mov	x9, #CPTR_EL2_NO_TRAPS
	msr	cptr_el2, x9
	msr	hstr_el2, xzr
	msr	vttbr_el2, xzr

	/* ID_AA64PFR0_EL1.GIC, bits [27:24]: a GICv3 CPU interface exists. */
	mrs	x9, id_aa64pfr0_el1
	ubfx	x9, x9, #24, #4
	cbz	x9, 2f
	mov	x9, #ICC_SRE_EL2_ALL
	msr	icc_sre_el2, x9
	isb
	msr	ich_hcr_el2, xzr
2:
	ldr	x9, =SCTLR_MMU_OFF
	msr	sctlr_el1, x9
	mov	x9, #SPSR_EL1H_MASKED
	msr	spsr_el2, x9
	msr	elr_el2, x30
	isb
	eret

/*
 * Known EL1 state with the MMU off: FP/SIMD usable (for user space; the
 * context switch saves it), EL0 may read the virtual counter. Leaf.
 */
cpu_setup_el1:
	ldr	x9, =SCTLR_MMU_OFF
	msr	sctlr_el1, x9
	mov	x9, #CPACR_FPEN_NO_TRAP
	msr	cpacr_el1, x9
	msr	mdscr_el1, xzr
	mov	x9, #CNTKCTL_EL0VCTEN
	msr	cntkctl_el1, x9
	msr	daifset, #0xf
	isb
	ret

clear_bss:
	adr_l	x0, __bss_start
	adr_l	x1, __bss_end
1:	stp	xzr, xzr, [x0], #16
	cmp	x0, x1
	b.lo	1b
	ret

/*
 * .bss was written with the MMU and so the caches off. Discard any stale
 * lines for it, so cached reads later see what is in memory.
 */
invalidate_bss:
	mrs	x2, ctr_el0
	ubfx	x2, x2, #16, #4		/* DminLine: log2 of words per line */
	mov	x3, #4
	lsl	x2, x3, x2		/* line size in bytes */
	adr_l	x0, __bss_start
	adr_l	x1, __bss_end
	sub	x3, x2, #1
	bic	x0, x0, x3
1:	dc	ivac, x0
	add	x0, x0, x2
	cmp	x0, x1
	b.lo	1b
	dsb	sy
	ret

/*
 * TTBR1: the kernel image at its link address and a direct map of
 * physical 0..4 GiB (devices below 1 GiB, RAM above), all in 1 GiB
 * blocks. TTBR0: an identity map of the GiB we run in, for the moment
 * the MMU comes on. C code adds RAM above 4 GiB to the direct map.
 */
build_boot_tables:
	adr_l	x0, boot_pt_l0_hi
	adr_l	x1, boot_pt_l1_direct
	orr	x2, x1, #PTE_TYPE_TABLE
	str	x2, [x0, #L0_DIRECT * 8]
	adr_l	x3, boot_pt_l1_kernel
	orr	x2, x3, #PTE_TYPE_TABLE
	str	x2, [x0, #L0_KERNEL * 8]

	ldr	x2, =BLOCK_DEVICE
	str	x2, [x1]
	ldr	x2, =BLOCK_NORMAL_NX
	mov	x4, #1
1:	orr	x5, x2, x4, lsl #GIB_SHIFT
	str	x5, [x1, x4, lsl #3]
	add	x4, x4, #1
	cmp	x4, #DIRECT_RAM_GIB
	b.ls	1b

	ldr	x2, =BLOCK_NORMAL_X | ARCH_KERNEL_PHYS_BASE
	str	x2, [x3, #L1_KERNEL * 8]

	adr_l	x0, boot_pt_l0_id
	adr_l	x1, boot_pt_l1_id
	orr	x2, x1, #PTE_TYPE_TABLE
	str	x2, [x0]		/* slot 0: we run below 512 GiB */
	adr	x3, _start
	lsr	x4, x3, #GIB_SHIFT
	lsl	x5, x4, #GIB_SHIFT
	ldr	x2, =BLOCK_NORMAL_X
	orr	x2, x2, x5
	str	x2, [x1, x4, lsl #3]
	dsb	sy
	ret

/*
 * Turn on the MMU with TTBR1 = x0 and TTBR0 = the identity map. Runs at
 * the physical address and returns there; the caller then jumps high.
 * Clobbers x9, x10, x11. Leaf.
 */
mmu_enable:
	ldr	x9, =MAIR_VALUE
	msr	mair_el1, x9
	ldr	x9, =TCR_VALUE
	/* IPS = PARange, capped at 48 bits (Arm ARM, ID_AA64MMFR0_EL1). */
	mrs	x10, id_aa64mmfr0_el1
	ubfx	x10, x10, #0, #4
	cmp	x10, #5
	mov	x11, #5
	csel	x10, x10, x11, ls
	bfi	x9, x10, #TCR_IPS_SHIFT, #3
	/* 16-bit ASIDs where the CPU has them (ID_AA64MMFR0_EL1.ASIDBits). */
	mrs	x10, id_aa64mmfr0_el1
	ubfx	x10, x10, #MMFR0_ASIDBITS_SHIFT, #4
	cmp	x10, #MMFR0_ASIDBITS_16
	b.ne	1f
	orr	x9, x9, #TCR_AS
1:	msr	tcr_el1, x9
	adr_l	x9, boot_pt_l0_id
	msr	ttbr0_el1, x9
	msr	ttbr1_el1, x0
	isb
	tlbi	vmalle1
	dsb	nsh
	isb
	ldr	x9, =SCTLR_MMU_ON
	msr	sctlr_el1, x9
	isb
	ret
	.ltorg

/* From here on the code runs at its link address. */
	.text
primary_high:
	adr_l	x0, boot_stack_top
	mov	sp, x0
	adr_l	x0, aarch64_vectors
	msr	vbar_el1, x0
	adr_l	x0, cpus		/* cpus[0] is the boot CPU */
	str	x0, [x0]		/* cpus[0].self */
	msr	tpidr_el1, x0
	isb
	mov	x29, xzr		/* end of every backtrace */
	mov	x30, xzr
	mov	x0, x20
	bl	aarch64_boot_main
	b	park

/*
 * Secondary CPUs arrive here from PSCI CPU_ON, at the physical address,
 * MMU off, x0 = physical address of their struct aarch64_boot_args.
 */
	.section .text.head, "ax"
	.globl	aarch64_secondary_entry
aarch64_secondary_entry:
	mov	x20, x0
	bl	el2_to_el1
	bl	cpu_setup_el1
	ldr	x21, [x20, #BOOT_ARGS_SP]
	ldr	x22, [x20, #BOOT_ARGS_CPU]
	ldr	x0, [x20, #BOOT_ARGS_TTBR1]
	bl	mmu_enable
	ldr	x0, =secondary_high
	br	x0
	.ltorg

	.text
secondary_high:
	mov	sp, x21
	msr	tpidr_el1, x22
	adr_l	x0, aarch64_vectors
	msr	vbar_el1, x0
	isb
	bl	aarch64_ttbr0_off
	mov	x29, xzr
	mov	x30, xzr
	mov	x0, x22
	bl	smp_secondary_entry
	b	park

/*
 * Switch TTBR1 to the table at x0. Must be called at its physical
 * address (through the identity map): while TTBR1 changes, no kernel
 * address is fetched, so old and new translations of the same address
 * never meet in the TLB (Arm ARM, "Using break-before-make when updating
 * translation table entries").
 * Uses no stack.
 */
	.globl	aarch64_replace_ttbr1
aarch64_replace_ttbr1:
	dsb	ishst
	msr	ttbr1_el1, x0
	isb
	tlbi	vmalle1
	dsb	nsh
	isb
	ret

/* Boot page tables and the boot CPU's stack, zeroed by clear_bss. */
	.section .bss.boot, "aw", %nobits
	.balign	4096
boot_pt_l0_hi:
	.skip	4096
	.globl	boot_pt_l1_direct
boot_pt_l1_direct:
	.skip	4096
boot_pt_l1_kernel:
	.skip	4096
boot_pt_l0_id:
	.skip	4096
boot_pt_l1_id:
	.skip	4096
	.balign	16
boot_stack:
	.skip	16384
	.globl	boot_stack_top
boot_stack_top:
