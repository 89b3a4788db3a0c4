/* SPDX-License-Identifier: MIT */
/*
 * Memory objects and mappings: a VMO mapped read-write holds what is
 * written to it, two mappings of one VMO share it, and unmapping
 * succeeds. Then the runtime's allocator, which is built on these.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <slate/sys.h>

#include "sltest.h"

#define PAGE_SIZE 4096u
#define VMO_SIZE  (2 * PAGE_SIZE)

static uint8_t pattern(size_t i)
{
	return (uint8_t)(i * 13 + 7);
}

SLTEST(vmo_map_write_read_back)
{
	slate_handle_t self = slate_self_process();
	slate_status_t vmo = slate_vmo_create(VMO_SIZE, 0);
	slate_status_t a, b;
	volatile uint8_t *p, *q;

	SLTEST_CHECK(vmo > 0);
	a = slate_vm_map(self, (slate_handle_t)vmo, 0, VMO_SIZE, 0,
			 SLATE_VM_READ | SLATE_VM_WRITE);
	SLTEST_CHECK(a > 0 && a % PAGE_SIZE == 0);
	p = (volatile uint8_t *)(uintptr_t)a;
	for (size_t i = 0; i < VMO_SIZE; i++)
		p[i] = pattern(i);
	for (size_t i = 0; i < VMO_SIZE; i++)
		if (p[i] != pattern(i))
			return sltest_fail("byte %zu reads %#x, wrote %#x", i,
					   p[i], pattern(i));

	/* A second mapping sees the same memory, not a copy. */
	b = slate_vm_map(self, (slate_handle_t)vmo, 0, VMO_SIZE, 0,
			 SLATE_VM_READ | SLATE_VM_WRITE);
	SLTEST_CHECK(b > 0 && b != a);
	q = (volatile uint8_t *)(uintptr_t)b;
	SLTEST_CHECK(q[PAGE_SIZE + 5] == pattern(PAGE_SIZE + 5));
	q[3] = 0x5a;
	SLTEST_CHECK(p[3] == 0x5a);

	SLTEST_CHECK_EQ(slate_vm_unmap(self, (uintptr_t)a, VMO_SIZE), 0);
	SLTEST_CHECK_EQ(slate_vm_unmap(self, (uintptr_t)b, VMO_SIZE), 0);
	SLTEST_CHECK_EQ(slate_handle_close((slate_handle_t)vmo), 0);
	return NULL;
}

/* Handing a process another's old data would leak it across processes. */
SLTEST(vmo_starts_zeroed)
{
	slate_handle_t self = slate_self_process();
	slate_status_t vmo = slate_vmo_create(VMO_SIZE, 0);
	slate_status_t a;
	const volatile uint8_t *p;

	SLTEST_CHECK(vmo > 0);
	a = slate_vm_map(self, (slate_handle_t)vmo, 0, VMO_SIZE, 0,
			 SLATE_VM_READ);
	SLTEST_CHECK(a > 0);
	p = (const volatile uint8_t *)(uintptr_t)a;
	for (size_t i = 0; i < VMO_SIZE; i++)
		if (p[i] != 0)
			return sltest_fail("byte %zu of a new VMO is %#x", i,
					   p[i]);
	SLTEST_CHECK_EQ(slate_vm_unmap(self, (uintptr_t)a, VMO_SIZE), 0);
	SLTEST_CHECK_EQ(slate_handle_close((slate_handle_t)vmo), 0);
	return NULL;
}

SLTEST(vm_map_bad_handles)
{
	slate_status_t vmo = slate_vmo_create(PAGE_SIZE, 0);

	SLTEST_CHECK(vmo > 0);
	SLTEST_CHECK_EQ(slate_vm_map(slate_self_process(), 12345, 0, PAGE_SIZE,
				     0, SLATE_VM_READ),
			SLATE_ERR_BAD_HANDLE);
	SLTEST_CHECK_EQ(slate_vm_map(12345, (slate_handle_t)vmo, 0, PAGE_SIZE,
				     0, SLATE_VM_READ),
			SLATE_ERR_BAD_HANDLE);
	/* A VMO where a process belongs is the wrong kind of object. */
	SLTEST_CHECK_EQ(slate_vm_map((slate_handle_t)vmo, (slate_handle_t)vmo,
				     0, PAGE_SIZE, 0, SLATE_VM_READ),
			SLATE_ERR_WRONG_TYPE);
	SLTEST_CHECK_EQ(slate_handle_close((slate_handle_t)vmo), 0);
	return NULL;
}

SLTEST(malloc_sizes_and_alignment)
{
	static const size_t sizes[] = {0,    1,    15,   16,    17,     100,
				       2048, 2049, 4096, 10000, 1 << 20};
	void *p[sizeof(sizes) / sizeof(sizes[0])];
	const size_t n = sizeof(sizes) / sizeof(sizes[0]);

	for (size_t i = 0; i < n; i++) {
		p[i] = malloc(sizes[i]);
		SLTEST_CHECK(p[i] != NULL);
		SLTEST_CHECK((uintptr_t)p[i] % 16 == 0);
		memset(p[i], (int)i, sizes[i]);
	}
	/* No block overlaps another: each still holds its own byte. */
	for (size_t i = 0; i < n; i++)
		for (size_t k = 0; k < sizes[i]; k += 97)
			SLTEST_CHECK(((uint8_t *)p[i])[k] == (uint8_t)i);
	for (size_t i = 0; i < n; i++)
		free(p[i]);
	free(NULL);
	return NULL;
}

SLTEST(malloc_reuses_freed_memory)
{
	/* 10 000 rounds of 1000 bytes is 10 MB: it fits only if reused. */
	for (int i = 0; i < 10000; i++) {
		char *p = malloc(1000);

		SLTEST_CHECK(p != NULL);
		p[999] = 1;
		free(p);
	}
	return NULL;
}

SLTEST(calloc_and_realloc)
{
	uint8_t *p = malloc(64);
	uint32_t *z;

	SLTEST_CHECK(p != NULL);
	memset(p, 0xee, 64);
	free(p);
	z = calloc(16, sizeof(*z)); /* likely the block just freed */
	SLTEST_CHECK(z != NULL);
	for (int i = 0; i < 16; i++)
		SLTEST_CHECK_EQ(z[i], 0);
	SLTEST_CHECK(calloc(SIZE_MAX / 2, 4) == NULL);

	p = malloc(10);
	SLTEST_CHECK(p != NULL);
	memcpy(p, "0123456789", 10);
	p = realloc(p, 100000);
	SLTEST_CHECK(p != NULL && memcmp(p, "0123456789", 10) == 0);
	p[99999] = 1;
	p = realloc(p, 5);
	SLTEST_CHECK(p != NULL && memcmp(p, "01234", 5) == 0);
	SLTEST_CHECK(realloc(p, 0) == NULL);
	return NULL;
}

/*
 * Found by the syscall fuzzer: unmapping (or reprotecting) a huge range
 * walked it a page at a time under the kernel lock, freezing every CPU
 * for minutes. The whole user address space is now quick to unmap; a
 * regression shows as this test never finishing.
 */
SLTEST(unmap_of_the_whole_address_space)
{
	const uint64_t base = 0x1000, top = 0x0000800000000000ull;
	const uint64_t far = 0x7f0000000000ull;
	slate_status_t p = slate_process_create("huge-unmap", 10, 64);
	slate_status_t v = slate_vmo_create(4096, 0);
	uint32_t rw = SLATE_VM_READ | SLATE_VM_WRITE;

	SLTEST_CHECK(p > 0 && v > 0);
	SLTEST_CHECK_EQ(slate_vm_map((slate_handle_t)p, (slate_handle_t)v, 0,
				     4096, far, rw | SLATE_VM_FIXED),
			(slate_status_t)far);
	SLTEST_CHECK_EQ(
	    slate_vm_protect((slate_handle_t)p, far, 4096, SLATE_VM_READ), 0);
	SLTEST_CHECK_EQ(slate_vm_unmap((slate_handle_t)p, base, top - base), 0);
	/* The mapping went: the same place can be mapped again. */
	SLTEST_CHECK_EQ(slate_vm_map((slate_handle_t)p, (slate_handle_t)v, 0,
				     4096, far, rw | SLATE_VM_FIXED),
			(slate_status_t)far);
	SLTEST_CHECK_EQ(slate_vm_unmap((slate_handle_t)p, base, top - base), 0);
	slate_handle_close((slate_handle_t)v);
	slate_process_kill((slate_handle_t)p);
	slate_handle_close((slate_handle_t)p);
	return NULL;
}
