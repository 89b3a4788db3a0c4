/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for kernel/bootfs.c. The boot archive comes from the
 * boot loader and, in user space, from a VMO, so any input must be
 * refused by bootfs_open without a read outside the buffer (ASan checks
 * that), or accepted with every promise of kernel/include/kernel/bootfs.h
 * kept (checked here; a broken one aborts).
 *
 * Build: clang -fsanitize=fuzzer,address,undefined -Ikernel/include \
 *		-Iinclude tests/fuzz/fuzz_bootfs.c kernel/bootfs.c \
 *		kernel/fmt.c -o fuzz_bootfs
 * Seed corpus: any archive from tools/mkbootfs.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <kernel/bootfs.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void require(int cond)
{
	if (!cond)
		abort();
}

/* Each entry is a page-aligned range in the archive, found by its name. */
static void check_archive(const struct bootfs *fs, const uint8_t *base,
			  size_t size)
{
	struct bootfs_file f;
	const void *found;
	size_t found_size;

	require(fs->size <= size && fs->size % SLATE_BOOTFS_ALIGN == 0);
	for (unsigned i = 0; i < bootfs_count(fs); i++) {
		size_t off;

		require(bootfs_entry(fs, i, &f));
		off = (size_t)((const uint8_t *)f.data - base);
		require(off <= fs->size && f.size <= fs->size - off);
		require(off % SLATE_BOOTFS_ALIGN == 0);
		require(f.name[0] != '\0' &&
			memchr(f.name, '\0', sizeof(f.name)) != NULL);
		require(bootfs_find(fs, f.name, &found, &found_size));
		require(found == f.data && found_size == f.size);
	}
	require(!bootfs_entry(fs, bootfs_count(fs), &f));
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* A private copy of exactly size bytes, so overreads are caught. */
	uint8_t *copy = malloc(size ? size : 1);
	struct bootfs fs;
	char why[128];
	int err;

	if (copy == NULL)
		return 0;
	memcpy(copy, data, size);
	err = bootfs_open(&fs, copy, size);
	if (err == 0)
		check_archive(&fs, copy, size);
	else
		require(bootfs_count(&fs) == 0);
	require(bootfs_strerror(err) != NULL);
	bootfs_describe(&fs, err, why, sizeof(why));
	require(strlen(why) < sizeof(why));
	free(copy);
	return 0;
}
