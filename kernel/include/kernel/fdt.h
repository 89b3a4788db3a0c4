/* SPDX-License-Identifier: MIT */
/*
 * A reader for flattened device trees (DTB, version 17 of the Devicetree
 * Specification, chapter 5). Every access is bounds checked against the
 * blob, which is untrusted firmware input, so this file is fuzzed on the
 * host and must never read outside the size it was given.
 *
 * Nodes are named by their offset into the structure block; a negative
 * return value is one of the FDT_ERR_* codes. Nothing is allocated and
 * nothing is locked: a struct fdt is read-only once fdt_init() accepted it.
 */
#ifndef KERNEL_FDT_H
#define KERNEL_FDT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define FDT_MAGIC 0xd00dfeedu

/* Every error is negative, so it cannot be mistaken for a node offset. */
enum fdt_error {
	FDT_ERR_NOTFOUND = -1,   /* no such node or property */
	FDT_ERR_BADMAGIC = -2,   /* not a device tree */
	FDT_ERR_BADVERSION = -3, /* older than v17 or newer than we read */
	FDT_ERR_TRUNCATED = -4,  /* a block or value runs past its end */
	FDT_ERR_TOOBIG = -5,     /* totalsize exceeds the caller's limit */
	FDT_ERR_BADLAYOUT = -6,  /* header offsets overlap or misalign */
	FDT_ERR_BADSTRUCT = -7,  /* unknown token or broken nesting */
	FDT_ERR_BADOFFSET = -8,  /* offset is not a node in this tree */
	FDT_ERR_BADVALUE = -9,   /* property has the wrong size or form */
	FDT_ERR_TOODEEP = -10,   /* nesting deeper than FDT_MAX_DEPTH */
};

/* Deepest nesting fdt_parent() follows; real trees stay below 10. */
#define FDT_MAX_DEPTH 64

/* A validated blob. Offsets are checked against the header by fdt_init. */
struct fdt {
	const uint8_t *blob;
	uint32_t size;       /* totalsize from the header */
	uint32_t struct_off; /* structure block */
	uint32_t struct_size;
	uint32_t strings_off; /* strings block */
	uint32_t strings_size;
	uint32_t rsvmap_off; /* memory reservation block */
};

struct fdt_prop {
	const char *name;
	const void *data; /* big-endian cells or bytes, not aligned */
	uint32_t len;
};

/*
 * Check the header of the blob at p, of which at most max_size bytes may
 * be read, and fill f. Returns 0 or a negative FDT_ERR_*.
 */
int fdt_init(struct fdt *f, const void *p, size_t max_size);

/* A short English description of an error code, for log lines. */
const char *fdt_strerror(int err);

/*
 * Entry i of the memory reservation block. Returns 0, FDT_ERR_NOTFOUND
 * past the terminating entry, or FDT_ERR_TRUNCATED.
 */
int fdt_mem_rsv(const struct fdt *f, unsigned i, uint64_t *base,
		uint64_t *size);

/* Offset of the root node. */
int fdt_root(const struct fdt *f);

/*
 * The node after node in document order; node < 0 starts at the root.
 * If depth is not NULL it is raised by one for each level entered and
 * lowered for each left; once it drops below zero the walk stops with
 * FDT_ERR_NOTFOUND, so a caller can bound a walk to one subtree.
 */
int fdt_next_node(const struct fdt *f, int node, int *depth);

int fdt_first_child(const struct fdt *f, int node);
int fdt_next_sibling(const struct fdt *f, int node);
/* The node containing node; FDT_ERR_NOTFOUND for the root. */
int fdt_parent(const struct fdt *f, int node);

/* Full name of a node ("uart@9000000"); "" for the root. NULL on error. */
const char *fdt_node_name(const struct fdt *f, int node);

/*
 * Find a node by absolute path ("/chosen", "/cpus/cpu@0"). A component
 * without a unit address also matches a node that has one ("memory"
 * matches "memory@40000000"); the first match wins.
 */
int fdt_path(const struct fdt *f, const char *path);

/* Walk the properties of node: start with *cursor = 0. 0 or an error. */
int fdt_next_prop(const struct fdt *f, int node, int *cursor,
		  struct fdt_prop *prop);
int fdt_get_prop(const struct fdt *f, int node, const char *name,
		 struct fdt_prop *prop);

/* A property holding one NUL-terminated string. */
int fdt_get_string(const struct fdt *f, int node, const char *name,
		   const char **s);
/* A property holding exactly one 32-bit cell. */
int fdt_get_u32(const struct fdt *f, int node, const char *name, uint32_t *v);
/* A property of one or two cells (linux,initrd-start and friends). */
int fdt_get_u64(const struct fdt *f, int node, const char *name, uint64_t *v);

/*
 * #address-cells and #size-cells that node gives its children; the
 * defaults are 2 and 1 (Devicetree Specification 2.3.5). Values over 2 are
 * returned as they are and refused later by fdt_reg.
 */
uint32_t fdt_address_cells(const struct fdt *f, int node);
uint32_t fdt_size_cells(const struct fdt *f, int node);

/*
 * Entry index of node's "reg", decoded with the cell sizes of its parent.
 * A size cell count of 0 gives size 0. Returns 0, FDT_ERR_NOTFOUND past
 * the last entry, or FDT_ERR_BADVALUE for more than two cells.
 */
int fdt_reg(const struct fdt *f, int node, unsigned index, uint64_t *base,
	    uint64_t *size);
/* The same with the cell sizes given, when the caller knows the parent. */
int fdt_reg_cells(const struct fdt *f, int node, uint32_t acells,
		  uint32_t scells, unsigned index, uint64_t *base,
		  uint64_t *size);

/* Whether compat is one of the strings in node's "compatible" list. */
bool fdt_is_compatible(const struct fdt *f, int node, const char *compat);
/* The next node after from (from < 0: from the start) compatible with. */
int fdt_find_compatible(const struct fdt *f, int from, const char *compat);

/* Read a big-endian cell from an unaligned pointer into a value. */
static inline uint32_t fdt_be32(const void *p)
{
	const uint8_t *b = p;

	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
	       (uint32_t)b[2] << 8 | (uint32_t)b[3];
}

#endif
