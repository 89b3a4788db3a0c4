/* SPDX-License-Identifier: MIT */
/*
 * A bounds-checked reader for the boot archive (include/slate/bootfs.h),
 * shared by the kernel, which starts init from it, and by user space
 * (lib/ compiles this same file), which lists and loads what it holds.
 *
 * bootfs_open() validates the header and every directory entry before
 * it returns 0; afterwards bootfs_find() and bootfs_entry() only hand out
 * ranges that lie inside the image. Nothing is allocated and nothing is
 * locked. The image is untrusted input and this code is fuzzed on the
 * host (tests/fuzz/fuzz_bootfs.c).
 *
 * The image must not change after bootfs_open(). If it does anyway (a
 * VMO someone else can write), lookups still never read outside it: each
 * entry is copied out and its range checked again on every use.
 */
#ifndef KERNEL_BOOTFS_H
#define KERNEL_BOOTFS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <slate/bootfs.h>

/* Every error is negative, so 0 can mean success. */
enum bootfs_error {
	BOOTFS_E_BADARG = -1,       /* NULL pointer */
	BOOTFS_E_TRUNCATED = -2,    /* shorter than the header */
	BOOTFS_E_MAGIC = -3,        /* not "SLBOOTFS" */
	BOOTFS_E_VERSION = -4,      /* a version this reader does not know */
	BOOTFS_E_RESERVED = -5,     /* a reserved header field is not 0 */
	BOOTFS_E_SIZE = -6,         /* header says more bytes than given */
	BOOTFS_E_SIZE_ALIGN = -7,   /* archive size not a page multiple */
	BOOTFS_E_COUNT = -8,        /* more than SLATE_BOOTFS_MAX_ENTRIES */
	BOOTFS_E_DIRECTORY = -9,    /* directory runs past the archive */
	BOOTFS_E_NAME = -10,        /* empty, unterminated or bad bytes */
	BOOTFS_E_DUPLICATE = -11,   /* two entries with one name */
	BOOTFS_E_ALIGN = -12,       /* file offset not page aligned */
	BOOTFS_E_RANGE = -13,       /* file data past the archive's end */
	BOOTFS_E_OVERLAP_DIR = -14, /* file data inside the directory */
	BOOTFS_E_ORDER = -15,       /* file data not after the previous */
};

/*
 * An opened archive. After a failed bootfs_open only the fields marked
 * "on failure" mean anything; bootfs_describe reads them.
 */
struct bootfs {
	const uint8_t *base; /* the image */
	uint32_t size;       /* archive bytes, <= the length given */
	uint32_t count;      /* directory entries */

	/* On failure: what bootfs_describe reports. */
	int bad_entry;                 /* entry at fault, or -1 */
	int other_entry;               /* the entry it clashes with, or -1 */
	struct slate_bootfs_entry bad; /* copy of entry bad_entry */
	size_t image_len;              /* the length given */
};

/* One file, copied out of the directory. */
struct bootfs_file {
	char name[SLATE_BOOTFS_NAME_MAX]; /* NUL-terminated */
	const void *data;                 /* inside the image */
	size_t size;
};

/*
 * Check the archive at image, of which exactly len bytes may be read,
 * and fill fs. len may exceed the archive (a page-rounded VMO or module).
 * Returns 0 or a negative BOOTFS_E_*. image need not be aligned.
 */
int bootfs_open(struct bootfs *fs, const void *image, size_t len);

/* Entries in an opened archive. */
unsigned bootfs_count(const struct bootfs *fs);

/* Entry i of an opened archive into *out; false if i is out of range. */
bool bootfs_entry(const struct bootfs *fs, unsigned i, struct bootfs_file *out);

/*
 * Find the file called name in an opened archive; on success set *data
 * and *size (a range inside the image) and return true.
 */
bool bootfs_find(const struct bootfs *fs, const char *name, const void **data,
		 size_t *size);

/* A short English description of an error code, for log lines. */
const char *bootfs_strerror(int err);

/*
 * Write into buf (always NUL-terminated if size > 0) a description of
 * err naming the entry and the numbers involved, such as
 * "entry 2 (init): file data past the end of the archive (offset 8192,
 * size 9000, archive 16384 bytes)", using what bootfs_open left in fs.
 */
void bootfs_describe(const struct bootfs *fs, int err, char *buf, size_t size);

#endif
