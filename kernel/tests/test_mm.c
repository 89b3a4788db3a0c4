/* SPDX-License-Identifier: MIT */
/*
 * Self-tests of memory management as the running kernel sees it: the
 * frame allocator, the heap, and the protections of the kernel's own
 * page tables.
 */
#include <kernel/arch.h>
#include <kernel/heap.h>
#include <kernel/pmm.h>
#include <kernel/selftest.h>
#include <kernel/smp.h>
#include <kernel/string.h>
#include <kernel/vm.h>

#define PMM_TEST_BLOCKS 64

/* Blocks are aligned to their size, distinct, and all come back. */
SELFTEST(pmm)
{
	uint64_t before = pmm_free_frames();
	uint64_t pa[PMM_TEST_BLOCKS];

	for (unsigned i = 0; i < PMM_TEST_BLOCKS; i++) {
		unsigned order = i % 4;

		pa[i] = pmm_alloc(order);
		SELFTEST_CHECK(pa[i] != 0);
		SELFTEST_CHECK(IS_ALIGNED(pa[i], PAGE_SIZE << order));
		SELFTEST_CHECK(pmm_block_order(pa[i]) == (int)order);
		memset(phys_to_virt(pa[i]), (int)i, PAGE_SIZE << order);
	}
	for (unsigned i = 0; i < PMM_TEST_BLOCKS; i++) {
		unsigned char *p = phys_to_virt(pa[i]);

		/* An overlap with a later block would have overwritten it. */
		if (p[0] != (unsigned char)i ||
		    p[(PAGE_SIZE << (i % 4)) - 1] != (unsigned char)i)
			return selftest_failf("block %u at %#llx overwritten",
					      i, (unsigned long long)pa[i]);
	}
	for (unsigned i = 0; i < PMM_TEST_BLOCKS; i++)
		pmm_free(pa[i], i % 4);
	if (pmm_free_frames() != before)
		return selftest_failf("free frames %llu, expected %llu",
				      (unsigned long long)pmm_free_frames(),
				      (unsigned long long)before);
	SELFTEST_CHECK(pmm_block_order(pa[0]) == -1);
	return NULL;
}

/* Every size class hands out aligned, usable, distinct objects. */
SELFTEST(heap)
{
	static const size_t sizes[] = {1,    16,   17,   64,   100,
				       1024, 1025, 5000, 20000};
	void *p[ARRAY_SIZE(sizes)][8];
	uint64_t frames = pmm_free_frames();
	struct heap_stats st0, st1;

	heap_get_stats(&st0);
	for (unsigned i = 0; i < ARRAY_SIZE(sizes); i++) {
		for (unsigned j = 0; j < 8; j++) {
			p[i][j] = kmalloc(sizes[i]);
			SELFTEST_CHECK(p[i][j] != NULL);
			SELFTEST_CHECK(IS_ALIGNED((uintptr_t)p[i][j], 16));
			memset(p[i][j], (int)(i * 8 + j), sizes[i]);
		}
	}
	for (unsigned i = 0; i < ARRAY_SIZE(sizes); i++) {
		for (unsigned j = 0; j < 8; j++) {
			unsigned char *c = p[i][j];

			SELFTEST_CHECK(c[0] == (unsigned char)(i * 8 + j));
			SELFTEST_CHECK(c[sizes[i] - 1] ==
				       (unsigned char)(i * 8 + j));
			kfree(c);
		}
	}
	heap_get_stats(&st1);
	SELFTEST_CHECK(st1.live_objects == st0.live_objects);
	SELFTEST_CHECK(st1.large_allocs == st0.large_allocs);
	/* Slab caches may keep one empty page per size class, no more. */
	SELFTEST_CHECK(frames - pmm_free_frames() <= 8);
	SELFTEST_CHECK(kmalloc(PAGE_SIZE << 20) == NULL);
	return NULL;
}

static const char *check_range(const char *start, const char *end,
			       unsigned want, const char *what)
{
	for (uintptr_t va = ALIGN_DOWN((uintptr_t)start, PAGE_SIZE);
	     va < (uintptr_t)end; va += PAGE_SIZE) {
		uint64_t e = vm_kernel_lookup(va, NULL);
		unsigned have =
		    e ? arch_pte_flags(e) & (VM_READ | VM_WRITE | VM_EXEC) : 0;

		if (have != want)
			return selftest_failf("%s page %#lx has flags %#x, "
					      "expected %#x",
					      what, (unsigned long)va, have,
					      want);
	}
	return NULL;
}

/* W^X: no kernel page is both writable and executable. */
SELFTEST(wx)
{
	const char *err;
	uintptr_t stack = this_cpu()->stack_top;
	uint64_t pa = pmm_alloc(0);
	char *direct = phys_to_virt(pa);

	err = check_range(__text_start, __text_end, VM_READ | VM_EXEC, "text");
	if (!err)
		err = check_range(__rodata_start, __rodata_end, VM_READ,
				  "rodata");
	if (!err)
		err = check_range(__data_start, __kernel_end,
				  VM_READ | VM_WRITE, "data");
	if (!err)
		err = check_range(direct, direct + 1, VM_READ | VM_WRITE,
				  "direct map");
	pmm_free(pa, 0);
	if (err)
		return err;
	/* A kernel stack's guard page is not mapped at all. */
	if (stack)
		SELFTEST_CHECK(
		    !vm_kernel_lookup(stack - KSTACK_SIZE - 1, NULL));
	return NULL;
}

/* Mapping a frame twice shows the same bytes; unmapping removes it. */
SELFTEST(kmap)
{
	uint64_t pa = pmm_alloc_zeroed();
	uintptr_t va = KSTACK_BASE + KSTACK_AREA_SIZE - PAGE_SIZE;
	volatile uint32_t *alias;

	SELFTEST_CHECK(pa);
	SELFTEST_CHECK(vm_kmap(va, pa, PAGE_SIZE, VM_READ | VM_WRITE) == 0);
	alias = (volatile uint32_t *)va;
	*alias = 0x5a7e1234;
	SELFTEST_CHECK(*(uint32_t *)phys_to_virt(pa) == 0x5a7e1234);
	SELFTEST_CHECK(virt_to_phys((void *)va) == pa);
	vm_kunmap(va, PAGE_SIZE);
	SELFTEST_CHECK(vm_kernel_lookup(va, NULL) == 0);
	pmm_free(pa, 0);
	return NULL;
}

/* Deliberately fault, to show the panic report; run only when named. */
SELFTEST_EXPLICIT(fault)
{
	arch_selftest_fault();
	return "the deliberate fault did not fault";
}

/* Deep enough to pass any stack; the limit only keeps the compiler calm. */
static __noinline unsigned recurse(unsigned depth)
{
	volatile char pad[512];

	pad[0] = (char)depth;
	if (depth > (1u << 20))
		return pad[0];
	return recurse(depth + 1) + pad[0];
}

/* Run off the end of the kernel stack; must end in a readable panic. */
SELFTEST_EXPLICIT(stackoverflow)
{
	recurse(0);
	return "recursion returned";
}

/*
 * Overrun a stack buffer. The store loop goes through a volatile pointer
 * so the compiler can neither see the overflow nor drop the stores; the
 * canary check on return must panic naming the stack protector.
 */
static __noinline void smash(size_t n)
{
	char buf[16];
	volatile char *p = buf;

	for (size_t i = 0; i < n; i++)
		p[i] = (char)0xa5;
}

SELFTEST_EXPLICIT(stacksmash)
{
	smash(64);
	return "a smashed canary went unnoticed";
}
