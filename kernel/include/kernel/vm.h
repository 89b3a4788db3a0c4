/* SPDX-License-Identifier: MIT */
/*
 * The kernel's view of virtual memory. Both architectures use 4 KiB pages
 * and four levels of 512-entry tables (48-bit addresses), so the walker is
 * generic and only the entry encoding lives in <arch/mmu.h>.
 *
 * Kernel address space layout (the same on x86_64 and aarch64):
 *
 *	0xffff800000000000  direct map of all RAM (RW, NX)
 *	0xffffc00000000000  device memory (MMIO) window
 *	0xffffe00000000000  kernel stacks, each above an unmapped guard page
 *	0xffffffff80000000  the kernel image (text RX, rodata R, data RW NX)
 */
#ifndef KERNEL_VM_H
#define KERNEL_VM_H

#include <kernel/compiler.h>
#include <kernel/vm_flags.h>
#include <arch/mmu.h>

#define PAGE_SIZE  4096ul
#define PAGE_SHIFT 12

#define DIRECT_MAP_BASE  0xffff800000000000ul
#define DIRECT_MAP_SIZE  (1ul << 46) /* 64 TiB of physical memory */
#define MMIO_BASE        0xffffc00000000000ul
#define MMIO_SIZE        (1ul << 40)
#define KSTACK_BASE      0xffffe00000000000ul
#define KSTACK_AREA_SIZE (1ul << 32)
#define KERNEL_VIRT_BASE 0xffffffff80000000ul

/*
 * The user half, the same on both architectures: the lowest page stays
 * unmapped so a NULL dereference faults, and the top is the end of the
 * lower canonical half (x86_64) or of TTBR0's 48-bit range (aarch64).
 */
#define USER_BASE 0x1000ul
#define USER_TOP  0x0000800000000000ul

/*
 * The boot page tables direct-map at least physical 0 .. 4 GiB, enough
 * for the frame allocator's metadata and the first page tables.
 */
#define BOOT_DIRECT_MAP_LIMIT (4ul << 30)

static inline void *phys_to_virt(uint64_t pa)
{
	return (void *)(pa + DIRECT_MAP_BASE);
}

/* Physical address of a direct-map or kernel-image address. */
uint64_t virt_to_phys(const void *va);

/* Build the final kernel page tables from the memory map and switch. */
struct boot_info;
void vm_init(const struct boot_info *bi);

/*
 * Map [pa, pa+size) in the kernel half with the given VM_* flags at va.
 * Intermediate tables come from the frame allocator; returns 0 or -ENOMEM.
 * va, pa and size must be page aligned; existing mappings are replaced.
 */
int vm_kmap(uintptr_t va, uint64_t pa, uint64_t size, unsigned flags);
/* Remove kernel mappings of [va, va+size) and flush them from this CPU. */
void vm_kunmap(uintptr_t va, uint64_t size);

/*
 * Map physical memory the direct map does not cover (device registers,
 * firmware tables) into the MMIO window; NULL on failure. pa and size
 * need not be aligned. XXX: the window is never reclaimed; this is fine
 * for boot-time mappings, not for drivers that come and go.
 */
void *vm_map_phys(uint64_t pa, uint64_t size, unsigned flags);
void *vm_map_mmio(uint64_t pa, uint64_t size);

/*
 * Physical address of the kernel's root table. Arch boot code points it
 * at the boot page tables; vm_init() replaces it with the final ones.
 */
extern uint64_t vm_kernel_root;

/* Look up the leaf entry mapping va in the kernel tables; 0 if none. */
uint64_t vm_kernel_lookup(uintptr_t va, unsigned *level);

/* Kernel image bounds from the linker script. */
extern char __kernel_start[], __text_start[], __text_end[];
extern char __rodata_start[], __rodata_end[], __data_start[];
extern char __bss_start[], __bss_end[], __kernel_end[];

#endif
