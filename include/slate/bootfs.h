/* SPDX-License-Identifier: MIT */
/*
 * The boot archive ("bootfs"): the programs and files the kernel and init
 * need before any file system runs, packed by tools/mkbootfs and handed
 * over by the boot loader as the first module (QEMU: -initrd). The kernel
 * starts init from it; init gets it as the SLATE_START_BOOTFS VMO.
 *
 * Layout, all integers little-endian:
 *
 *	offset 0	struct slate_bootfs_header
 *	offset 32	count x struct slate_bootfs_entry (the directory)
 *	...		zero padding to SLATE_BOOTFS_ALIGN
 *	data		each file at a SLATE_BOOTFS_ALIGN-aligned offset, in
 *			directory order, zero padding after each
 *
 * The archive's total size is a multiple of SLATE_BOOTFS_ALIGN, so each
 * file's pages lie wholly inside it and can be mapped straight from the
 * VMO. kernel/bootfs.c is the reader and lists every rule it enforces.
 */
#ifndef SLATE_BOOTFS_H
#define SLATE_BOOTFS_H

#include <slate/types.h>

/* "SLBOOTFS" read as a little-endian 64-bit word. */
#define SLATE_BOOTFS_MAGIC       0x5346544f4f424c53ull
#define SLATE_BOOTFS_VERSION     1
#define SLATE_BOOTFS_NAME_MAX    56 /* bytes, including the NUL */
#define SLATE_BOOTFS_ALIGN       4096
/* Keeps the directory within a few pages and duplicate checks cheap. */
#define SLATE_BOOTFS_MAX_ENTRIES 256

struct slate_bootfs_header {
	uint64_t magic;       /* SLATE_BOOTFS_MAGIC */
	uint32_t version;     /* SLATE_BOOTFS_VERSION */
	uint32_t count;       /* entries in the directory */
	uint32_t size;        /* bytes in the whole archive */
	uint32_t reserved[3]; /* zero */
};
_Static_assert(sizeof(struct slate_bootfs_header) == 32, "ABI layout");

struct slate_bootfs_entry {
	char name[SLATE_BOOTFS_NAME_MAX]; /* NUL-terminated, zero-padded */
	uint32_t offset;                  /* from the start of the archive */
	uint32_t size;                    /* bytes of file data */
};
_Static_assert(sizeof(struct slate_bootfs_entry) == 64, "ABI layout");
_Static_assert(__builtin_offsetof(struct slate_bootfs_entry, offset) == 56,
	       "ABI layout");

#endif
