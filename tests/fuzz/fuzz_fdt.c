/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for kernel/fdt.c. The device tree comes from firmware
 * we do not control, so any input must either be refused by fdt_init or
 * be walked without a read outside the buffer (ASan checks that).
 *
 * Build: clang -fsanitize=fuzzer,address,undefined -Ikernel/include \
 *		tests/fuzz/fuzz_fdt.c kernel/fdt.c -o fuzz_fdt
 * Seed corpus: tests/data/qemu-virt-gicv3.dtb
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <kernel/fdt.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Bound the work per input; a blob can hold a very long flat list. */
#define FUZZ_MAX_STEPS 4096

static void visit(const struct fdt *f, int node)
{
	struct fdt_prop p;
	uint64_t base, size;
	const char *s;
	uint32_t v;
	int cursor = 0, steps = 0;

	(void)fdt_node_name(f, node);
	(void)fdt_parent(f, node);
	(void)fdt_first_child(f, node);
	(void)fdt_next_sibling(f, node);
	(void)fdt_address_cells(f, node);
	(void)fdt_size_cells(f, node);
	(void)fdt_reg(f, node, 0, &base, &size);
	(void)fdt_reg(f, node, 1, &base, &size);
	(void)fdt_get_string(f, node, "compatible", &s);
	(void)fdt_get_u32(f, node, "phandle", &v);
	(void)fdt_get_u64(f, node, "linux,initrd-start", &base);
	(void)fdt_is_compatible(f, node, "arm,gic-v3");
	while (fdt_next_prop(f, node, &cursor, &p) == 0 &&
	       ++steps < FUZZ_MAX_STEPS)
		;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* A private copy of exactly size bytes, so overreads are caught. */
	uint8_t *copy = malloc(size ? size : 1);
	struct fdt f;
	uint64_t base, len;
	int n = -1, depth = 0, steps = 0;

	if (copy == NULL)
		return 0;
	memcpy(copy, data, size);
	if (fdt_init(&f, copy, size) == 0) {
		for (unsigned i = 0; i < 64; i++)
			if (fdt_mem_rsv(&f, i, &base, &len) != 0)
				break;
		while ((n = fdt_next_node(&f, n, &depth)) >= 0 &&
		       ++steps < FUZZ_MAX_STEPS)
			visit(&f, n);
		(void)fdt_path(&f, "/cpus/cpu@0");
		(void)fdt_path(&f, "/chosen");
		(void)fdt_find_compatible(&f, -1, "arm,pl011");
	}
	free(copy);
	return 0;
}
