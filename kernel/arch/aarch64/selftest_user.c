/* SPDX-License-Identifier: MIT */
/*
 * Self-tests of the aarch64 user-mode machinery that need no generic
 * scheduler: the context switch of callee-saved, FP/SIMD and TLS state,
 * and the user copies (a private user page through TTBR0, and the fixup
 * path when the copy is pointed at kernel memory).
 */
#include <kernel/arch.h>
#include <kernel/pmm.h>
#include <kernel/selftest.h>
#include <kernel/smp.h>
#include <kernel/string.h>
#include <kernel/thread.h>
#include <kernel/vm.h>
#include <arch/aarch64.h>

/* switch.S */
void aarch64_fp_d0_set(uint64_t v);
uint64_t aarch64_fp_d0_get(void);

#define SWITCH_TEST_STACK 8192
#define D0_MAIN           0x0123456789abcdefull
#define D0_OTHER          0xfedcba9876543210ull
#define TPIDR_MAIN        0x1111ull
#define TPIDR_OTHER       0x2222ull

static struct thread switch_main, switch_other;
static uint8_t switch_stack[SWITCH_TEST_STACK] __aligned(16);

/* What the new thread saw, checked by the test on the original one. */
struct switch_seen {
	void *arg;
	uint64_t d0, tpidr, fpcr;
	unsigned runs;
};
static struct switch_seen seen;

static void switch_other_fn(void *arg)
{
	for (;;) {
		seen.arg = arg;
		seen.d0 = aarch64_fp_d0_get();
		seen.tpidr = read_sysreg(tpidr_el0);
		seen.fpcr = read_sysreg(fpcr);
		seen.runs++;
		aarch64_fp_d0_set(D0_OTHER);
		write_sysreg(tpidr_el0, TPIDR_OTHER);
		arch_context_switch(&switch_other, &switch_main);
	}
}

/* A new thread starts with zeroed FP/TLS state; each keeps its own. */
SELFTEST(arch_switch)
{
	uint64_t tpidr = read_sysreg(tpidr_el0);
	uintptr_t entry_sp = this_cpu()->entry_sp;
	unsigned long flags = arch_irq_save();
	uint64_t d0_after, tpidr_after, d0_again;

	switch_other.kstack_top = (uintptr_t)&switch_stack[SWITCH_TEST_STACK];
	arch_thread_init(&switch_other, switch_other_fn, &seen);
	aarch64_fp_d0_set(D0_MAIN);
	write_sysreg(tpidr_el0, TPIDR_MAIN);
	arch_context_switch(&switch_main, &switch_other);
	d0_after = aarch64_fp_d0_get();
	tpidr_after = read_sysreg(tpidr_el0);

	/* The second time, it resumes inside its loop with its own d0. */
	arch_context_switch(&switch_main, &switch_other);
	d0_again = seen.d0;

	write_sysreg(tpidr_el0, tpidr);
	this_cpu()->entry_sp = entry_sp;
	arch_irq_restore(flags);

	SELFTEST_CHECK(seen.runs == 2);
	SELFTEST_CHECK(seen.arg == &seen);
	SELFTEST_CHECK(seen.tpidr == TPIDR_OTHER);
	SELFTEST_CHECK(seen.fpcr == 0);
	SELFTEST_CHECK(d0_after == D0_MAIN);
	SELFTEST_CHECK(tpidr_after == TPIDR_MAIN);
	SELFTEST_CHECK(d0_again == D0_OTHER);
	return NULL;
}

#define COPY_TEST_VA 0x10000ul /* any page-aligned user address */
#define LEVELS       4

/* Map one RW user page at COPY_TEST_VA in a fresh root; 0 if no memory. */
static uint64_t copy_test_space(uint64_t page_pa, uint64_t tables[LEVELS])
{
	for (int l = 0; l < LEVELS; l++) {
		tables[l] =
		    l == 0 ? arch_vm_user_root_new() : pmm_alloc_zeroed();
		if (!tables[l])
			return 0;
	}
	for (int l = 0; l < LEVELS - 1; l++) {
		uint64_t *t = phys_to_virt(tables[l]);

		t[(COPY_TEST_VA >> (39 - 9 * l)) & 511] =
		    arch_pte_table(tables[l + 1]);
	}
	((uint64_t *)phys_to_virt(tables[3]))[(COPY_TEST_VA >> 12) & 511] =
	    arch_pte_leaf(page_pa, VM_READ | VM_WRITE | VM_USER, 3);
	return tables[0];
}

static void copy_test_free(uint64_t tables[LEVELS])
{
	for (int l = LEVELS - 1; l > 0; l--)
		if (tables[l])
			pmm_free(tables[l], 0);
	if (tables[0])
		arch_vm_user_root_free(tables[0]);
}

/* Round trips through a user page, at odd offsets and lengths. */
static const char *copy_test_roundtrip(uint8_t *page)
{
	uint8_t *u = (uint8_t *)COPY_TEST_VA;
	uint8_t src[100], dst[100];

	for (unsigned i = 0; i < sizeof(src); i++)
		src[i] = (uint8_t)(i * 7 + 1);
	memset(dst, 0, sizeof(dst));
	SELFTEST_CHECK(arch_copy_to_user(u + 3, src, sizeof(src)) == 0);
	SELFTEST_CHECK(memcmp(page + 3, src, sizeof(src)) == 0);
	SELFTEST_CHECK(page[2] == 0 && page[3 + sizeof(src)] == 0);
	SELFTEST_CHECK(arch_copy_from_user(dst, u + 3, 61) == 0);
	SELFTEST_CHECK(memcmp(dst, src, 61) == 0 && dst[61] == 0);
	SELFTEST_CHECK(arch_copy_from_user(dst, u + PAGE_SIZE - 5, 5) == 0);
	SELFTEST_CHECK(arch_copy_to_user(u, src, 0) == 0);
	return NULL;
}

/*
 * The copies reach a user page through TTBR0 (with PAN on), and refuse
 * kernel memory: LDTR/STTR fault on it as EL0 would, and the fixup
 * makes the copy return -1 without touching the destination.
 */
SELFTEST(arch_usercopy)
{
	uint64_t secret = 0x5ec2e7, out = 0, tables[LEVELS] = {0};
	uint64_t page_pa = pmm_alloc_zeroed(), root, ttbr0;
	unsigned long flags;
	const char *err;

	SELFTEST_CHECK(page_pa != 0);
	if (read_sysreg(id_aa64mmfr1_el1) & (0xful << 20))
		SELFTEST_CHECK(aarch64_pan_enabled());
	SELFTEST_CHECK(arch_copy_from_user(&out, &secret, sizeof(out)) == -1);
	SELFTEST_CHECK(out == 0);
	SELFTEST_CHECK(arch_copy_to_user(&secret, &out, 1) == -1);
	SELFTEST_CHECK(secret == 0x5ec2e7);

	root = copy_test_space(page_pa, tables);
	if (!root) {
		copy_test_free(tables);
		pmm_free(page_pa, 0);
		return "out of memory";
	}
	flags = arch_irq_save();
	ttbr0 = read_sysreg(ttbr0_el1);
	arch_vm_user_switch(root);
	err = copy_test_roundtrip(phys_to_virt(page_pa));
	write_sysreg(ttbr0_el1, ttbr0);
	isb();
	arch_irq_restore(flags);

	copy_test_free(tables);
	pmm_free(page_pa, 0);
	return err;
}
