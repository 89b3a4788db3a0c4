/* SPDX-License-Identifier: MIT */
/*
 * Self-tests of the x86_64 user-mode hooks that need no scheduler or
 * process: user frames and syscall registers, a user root table and the
 * user copies through it, and I/O APIC line claims.
 */
#include <kernel/arch.h>
#include <kernel/pmm.h>
#include <kernel/selftest.h>
#include <kernel/string.h>
#include <kernel/thread.h>
#include <kernel/vm.h>
#include <arch/x86.h>

#define TEST_UVA      0x40000000ul /* a mapped user page */
#define TEST_UNMAPPED 0x40200000ul /* nothing is mapped here */
#define TEST_LINE     4            /* COM1, ISA IRQ 4 */
#define TEST_NO_LINE  0xdead

/* Where arch_syscall_arg finds argument i, by the Linux x86_64 ABI. */
SELFTEST(x86_frame)
{
	struct trap_frame tf;

	arch_user_frame_init(&tf, 0x401000, 0x7fff0000, 11, 22);
	SELFTEST_CHECK(tf.cs == X86_SEL_UCODE && tf.ss == X86_SEL_UDATA);
	SELFTEST_CHECK(tf.rflags == (X86_RFLAGS_IF | X86_RFLAGS_RESERVED));
	SELFTEST_CHECK(arch_frame_pc(&tf) == 0x401000);
	SELFTEST_CHECK(arch_frame_sp(&tf) == 0x7fff0000);
	SELFTEST_CHECK(tf.rdi == 11 && tf.rsi == 22);

	tf.rax = 5;
	tf.rdi = 1, tf.rsi = 2, tf.rdx = 3, tf.r10 = 4, tf.r8 = 5, tf.r9 = 6;
	SELFTEST_CHECK(arch_syscall_nr(&tf) == 5);
	for (unsigned i = 0; i < 6; i++)
		SELFTEST_CHECK(arch_syscall_arg(&tf, i) == i + 1);
	for (unsigned i = 1; i < 6; i++)
		arch_syscall_set_out(&tf, i, 100 + i);
	arch_syscall_set_badge(&tf, 99);
	arch_syscall_set_result(&tf, 42);
	SELFTEST_CHECK(tf.rax == 42 && tf.rdi == 99 && tf.rsi == 101);
	SELFTEST_CHECK(tf.rdx == 102 && tf.r10 == 103 && tf.r8 == 104);
	SELFTEST_CHECK(tf.r9 == 105);
	return NULL;
}

/* Map one user page in root; the tables leak with the root (test only). */
static int test_map_user(uint64_t root, uintptr_t va, uint64_t pa)
{
	uint64_t table = root;

	for (int level = 0; level < 3; level++) {
		pte_t *e = (pte_t *)phys_to_virt(table) +
			   ((va >> (39 - 9 * level)) & 511);

		if (!arch_pte_valid(*e)) {
			uint64_t t = pmm_alloc_zeroed();

			if (!t)
				return -1;
			*e = arch_pte_table(t);
		}
		table = arch_pte_pa(*e);
	}
	((pte_t *)phys_to_virt(table))[(va >> PAGE_SHIFT) & 511] =
	    arch_pte_leaf(pa, VM_READ | VM_WRITE | VM_USER, 3);
	return 0;
}

/* Copy through a fresh user root: SMAP lifted, data intact both ways. */
static const char *usercopy_roundtrip(uint64_t root, uint64_t pa)
{
	static const char msg[] = "slate user copy";
	char back[sizeof(msg)];
	unsigned long flags = arch_irq_save();
	int to, from;

	arch_vm_user_switch(root);
	to = arch_copy_to_user((void *)(TEST_UVA + 4093), msg, sizeof(msg));
	from =
	    arch_copy_from_user(back, (void *)(TEST_UVA + 4093), sizeof(msg));
	arch_vm_user_switch(0);
	arch_tlb_flush_user_all();
	arch_irq_restore(flags);
	SELFTEST_CHECK(to == 0 && from == 0);
	SELFTEST_CHECK(memcmp(back, msg, sizeof(msg)) == 0);
	SELFTEST_CHECK(memcmp((char *)phys_to_virt(pa) + 4093, msg, 3) == 0);
	return NULL;
}

SELFTEST(x86_usercopy)
{
	uint64_t root = arch_vm_user_root_new();
	uint64_t pa = pmm_alloc_zeroed(), pa2 = pmm_alloc_zeroed();
	const uint64_t *kroot = phys_to_virt(vm_kernel_root);
	const char *err;

	SELFTEST_CHECK(root && pa && pa2);
	SELFTEST_CHECK(memcmp((uint64_t *)phys_to_virt(root) + 256, kroot + 256,
			      256 * sizeof(uint64_t)) == 0);
	SELFTEST_CHECK(test_map_user(root, TEST_UVA, pa) == 0);
	SELFTEST_CHECK(test_map_user(root, TEST_UVA + PAGE_SIZE, pa2) == 0);
	err = usercopy_roundtrip(root, pa);
	/* XXX: the test's lower-level tables are not freed (a few frames). */
	arch_vm_user_root_free(root);
	pmm_free(pa, 0);
	pmm_free(pa2, 0);
	return err;
}

/*
 * A copy from an unmapped user page fails cleanly instead of panicking.
 * Explicit: the fault goes through the generic uvm_fault(), which must
 * cope with a CPU that runs no process.
 */
SELFTEST_EXPLICIT(x86_usercopy_fault)
{
	uint64_t root = arch_vm_user_root_new();
	unsigned long flags;
	char buf[8];
	int r;

	SELFTEST_CHECK(root);
	flags = arch_irq_save();
	arch_vm_user_switch(root);
	r = arch_copy_from_user(buf, (void *)TEST_UNMAPPED, sizeof(buf));
	arch_vm_user_switch(0);
	arch_irq_restore(flags);
	arch_vm_user_root_free(root);
	SELFTEST_CHECK(r == -1);
	return NULL;
}

/* Claims are exclusive and only for lines an I/O APIC has. */
SELFTEST(x86_ioapic)
{
	SELFTEST_CHECK(arch_irq_line_claim(TEST_NO_LINE) == -1);
	SELFTEST_CHECK(arch_irq_line_claim(TEST_LINE) == 0);
	SELFTEST_CHECK(arch_irq_line_claim(TEST_LINE) == -1);
	arch_irq_line_unmask(TEST_LINE);
	arch_irq_line_mask(TEST_LINE);
	arch_irq_line_release(TEST_LINE);
	SELFTEST_CHECK(arch_irq_line_claim(TEST_LINE) == 0);
	arch_irq_line_release(TEST_LINE);
	return NULL;
}
