/* SPDX-License-Identifier: MIT */
/*
 * x86_64 entry through the PVH boot protocol: QEMU (or Xen) starts us in
 * 32-bit protected mode, paging off, with %ebx holding the physical
 * address of struct hvm_start_info. We read the TSC first (boot time is
 * measured from here), build nothing at run time (the boot page tables
 * below are static data), enter long mode and jump to the higher half.
 *
 * The boot tables map physical 0..4 GiB three times: identity (to survive
 * the switch), at the direct-map base, and the first GiB at -2 GiB for the
 * kernel image. vm_init() later replaces them.
 */
#define KERNEL_VIRT_BASE	0xffffffff80000000
#define PHYS(x)			((x) - KERNEL_VIRT_BASE)

#define XEN_ELFNOTE_PHYS32_ENTRY 18	/* Xen public elfnote.h */
#define CR0_PE			(1 << 0)
#define CR0_WP			(1 << 16)
#define CR0_PG			(1 << 31)
#define CR4_PAE			(1 << 5)
#define MSR_EFER		0xc0000080
#define EFER_LME		(1 << 8)
#define EFER_NXE		(1 << 11)
#define PTE_PW			0x3	/* present, writable */
#define PTE_PW_LARGE		0x83	/* present, writable, 2 MiB page */
#define BOOT_STACK_SIZE		16384

	.section .note.Xen, "a", @note
	.balign 4
	.long 4				/* name size: "Xen\0" */
	.long 4				/* descriptor size */
	.long XEN_ELFNOTE_PHYS32_ENTRY
	.asciz "Xen"
	.balign 4
	.long PHYS(pvh_entry)
	.balign 4

	.section .boot.text, "ax"
	.code32
	.globl pvh_entry
pvh_entry:
	cli
	rdtsc
	movl	%eax, PHYS(boot_cycles_at_entry)
	movl	%edx, PHYS(boot_cycles_at_entry) + 4
	movl	%ebx, %edi		/* start_info: first C argument */
	movl	$PHYS(boot_stack_top), %esp

	movl	%cr4, %eax
	orl	$CR4_PAE, %eax
	movl	%eax, %cr4
	movl	$PHYS(boot_pml4), %eax
	movl	%eax, %cr3
	movl	$MSR_EFER, %ecx
	rdmsr
	orl	$(EFER_LME | EFER_NXE), %eax
	wrmsr
	movl	%cr0, %eax
	orl	$(CR0_PG | CR0_WP | CR0_PE), %eax
	movl	%eax, %cr0

	lgdt	PHYS(boot_gdt_desc)
	ljmp	$0x08, $PHYS(boot_long_mode)

	.code64
boot_long_mode:
	movw	$0x10, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %ss
	xorw	%ax, %ax
	movw	%ax, %fs
	movw	%ax, %gs
	/* Register tops are undefined after the mode switch. */
	movl	%edi, %edi
	movabsq	$boot_stack_top, %rsp
	xorl	%ebp, %ebp
	movabsq	$x86_boot_main, %rax
	call	*%rax
1:	cli
	hlt
	jmp	1b

	.section .boot.data, "aw"
	.balign 8
boot_gdt:
	.quad 0
	.quad 0x00af9a000000ffff	/* 0x08: 64-bit code, DPL 0 */
	.quad 0x00cf92000000ffff	/* 0x10: data, DPL 0 */
boot_gdt_end:
boot_gdt_desc:
	.word boot_gdt_end - boot_gdt - 1
	.long PHYS(boot_gdt)

	.balign 4096
	.globl boot_pml4
boot_pml4:
	.quad PHYS(boot_pdpt_low) + PTE_PW	/* identity */
	.fill 255, 8, 0
	.quad PHYS(boot_pdpt_low) + PTE_PW	/* direct map */
	.fill 254, 8, 0
	.quad PHYS(boot_pdpt_high) + PTE_PW	/* kernel image */
boot_pdpt_low:
	.quad PHYS(boot_pd) + PTE_PW
	.quad PHYS(boot_pd) + 0x1000 + PTE_PW
	.quad PHYS(boot_pd) + 0x2000 + PTE_PW
	.quad PHYS(boot_pd) + 0x3000 + PTE_PW
	.fill 508, 8, 0
boot_pdpt_high:
	.fill 510, 8, 0
	.quad PHYS(boot_pd) + PTE_PW		/* -2 GiB: physical 0 */
	.quad 0
boot_pd:
	.set page, 0
	.rept 2048
	.quad (page << 21) | PTE_PW_LARGE
	.set page, page + 1
	.endr

	.section .boot.bss, "aw", @nobits
	.balign 4096
boot_stack:
	.skip BOOT_STACK_SIZE
	.globl boot_stack_top
boot_stack_top:
