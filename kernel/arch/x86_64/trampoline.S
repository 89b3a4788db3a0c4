/* SPDX-License-Identifier: MIT */
/*
 * The application-processor trampoline. A started CPU begins in real mode
 * at physical TRAMPOLINE_BASE (the SIPI vector times 4 KiB); smp.c copies
 * this code there and fills in the parameter block at its end. It climbs
 * to protected mode, then long mode on temporary tables that identity-map
 * the first 2 MiB and share the kernel half, and jumps to x86_ap_entry.
 *
 * Code here runs at TRAMPOLINE_BASE, not at its link address, so every
 * address is written as TRAMP(label).
 */
#include <arch/trampoline.h>

#define TRAMP(x) ((x) - x86_trampoline_start + TRAMPOLINE_BASE)
#define CR0_PE	 (1 << 0)
#define CR0_WP	 (1 << 16)
#define CR0_PG	 (1 << 31)
#define CR4_PAE	 (1 << 5)
#define MSR_EFER 0xc0000080
#define EFER_LME (1 << 8)
#define EFER_NXE (1 << 11)

	.section .rodata
	.globl x86_trampoline_start
	.globl x86_trampoline_end
	.code16
x86_trampoline_start:
	cli
	cld
	xorw	%ax, %ax
	movw	%ax, %ds
	lgdtl	TRAMP(tramp_gdt_desc)
	movl	%cr0, %eax
	orl	$CR0_PE, %eax
	movl	%eax, %cr0
	ljmpl	$0x08, $TRAMP(tramp_32)

	.code32
tramp_32:
	movw	$0x10, %ax
	movw	%ax, %ds
	movw	%ax, %es
	movw	%ax, %ss
	movl	%cr4, %eax
	orl	$CR4_PAE, %eax
	movl	%eax, %cr4
	movl	TRAMP(tramp_params) + TRAMP_PARAM_CR3, %eax
	movl	%eax, %cr3
	movl	$MSR_EFER, %ecx
	rdmsr
	orl	$(EFER_LME | EFER_NXE), %eax
	wrmsr
	movl	%cr0, %eax
	orl	$(CR0_PG | CR0_WP), %eax
	movl	%eax, %cr0
	ljmpl	$0x18, $TRAMP(tramp_64)

	.code64
tramp_64:
	movq	TRAMP(tramp_params) + TRAMP_PARAM_STACK, %rsp
	movq	TRAMP(tramp_params) + TRAMP_PARAM_CPU, %rdi
	movq	TRAMP(tramp_params) + TRAMP_PARAM_ENTRY, %rax
	xorl	%ebp, %ebp
	jmp	*%rax

	.balign 8
tramp_gdt:
	.quad 0
	.quad 0x00cf9a000000ffff	/* 0x08: 32-bit code */
	.quad 0x00cf92000000ffff	/* 0x10: data */
	.quad 0x00af9a000000ffff	/* 0x18: 64-bit code */
tramp_gdt_end:
tramp_gdt_desc:
	.word tramp_gdt_end - tramp_gdt - 1
	.long TRAMP(tramp_gdt)

	.balign 8
	.globl x86_trampoline_params
x86_trampoline_params:
tramp_params:
	.skip TRAMP_PARAMS_SIZE
x86_trampoline_end:
