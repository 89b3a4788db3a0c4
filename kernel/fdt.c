/* SPDX-License-Identifier: MIT */
/*
 * Flattened device tree reader (Devicetree Specification v0.4, chapter 5).
 * Pure C with no kernel dependencies beyond the string functions, so the
 * host unit tests and the fuzzer build this very file.
 *
 * Safety rule: every byte read goes through a check against the block it
 * belongs to, done in 64-bit arithmetic so no header value can wrap it.
 */
#include <kernel/fdt.h>
#include <kernel/string.h>

/* Header layout, Devicetree Specification 5.2: ten big-endian words. */
#define FDT_HDR_MAGIC        0
#define FDT_HDR_TOTALSIZE    4
#define FDT_HDR_OFF_STRUCT   8
#define FDT_HDR_OFF_STRINGS  12
#define FDT_HDR_OFF_RSVMAP   16
#define FDT_HDR_VERSION      20
#define FDT_HDR_LAST_COMP    24
#define FDT_HDR_BOOT_CPUID   28
#define FDT_HDR_SIZE_STRINGS 32
#define FDT_HDR_SIZE_STRUCT  36
#define FDT_HDR_LEN          40

/* Version 17 is the only one in use; 16 lacks size_dt_struct. */
#define FDT_VERSION_READ 17

/* Structure block tokens, Devicetree Specification 5.4.1. */
#define FDT_BEGIN_NODE 1
#define FDT_END_NODE   2
#define FDT_PROP       3
#define FDT_NOP        4
#define FDT_END        9

/* The memory reservation block holds pairs of 64-bit values (5.3). */
#define FDT_RSV_ENTRY_LEN 16

static uint64_t be64(const uint8_t *p)
{
	return (uint64_t)fdt_be32(p) << 32 | fdt_be32(p + 4);
}

/* Length of the string at s, if it ends before s + max; else -1. */
static int64_t bounded_strlen(const char *s, uint64_t max)
{
	for (uint64_t i = 0; i < max; i++)
		if (s[i] == '\0')
			return (int64_t)i;
	return -1;
}

int fdt_init(struct fdt *f, const void *p, size_t max_size)
{
	const uint8_t *b = p;
	uint64_t total, off_struct, off_strings, off_rsv, sz_struct, sz_strings;

	if (p == NULL || max_size < FDT_HDR_LEN)
		return FDT_ERR_TRUNCATED;
	if (fdt_be32(b + FDT_HDR_MAGIC) != FDT_MAGIC)
		return FDT_ERR_BADMAGIC;
	if (fdt_be32(b + FDT_HDR_VERSION) < FDT_VERSION_READ ||
	    fdt_be32(b + FDT_HDR_LAST_COMP) > FDT_VERSION_READ)
		return FDT_ERR_BADVERSION;

	/* Offsets are kept in ints, so the whole blob must fit in one. */
	total = fdt_be32(b + FDT_HDR_TOTALSIZE);
	if (total < FDT_HDR_LEN)
		return FDT_ERR_TRUNCATED;
	if (total > max_size || total > INT32_MAX)
		return FDT_ERR_TOOBIG;

	off_struct = fdt_be32(b + FDT_HDR_OFF_STRUCT);
	sz_struct = fdt_be32(b + FDT_HDR_SIZE_STRUCT);
	off_strings = fdt_be32(b + FDT_HDR_OFF_STRINGS);
	sz_strings = fdt_be32(b + FDT_HDR_SIZE_STRINGS);
	off_rsv = fdt_be32(b + FDT_HDR_OFF_RSVMAP);

	/* Each block lies after the header and inside the blob (5.1). */
	if (off_struct < FDT_HDR_LEN || off_struct + sz_struct > total ||
	    off_strings < FDT_HDR_LEN || off_strings + sz_strings > total ||
	    off_rsv < FDT_HDR_LEN || off_rsv > total)
		return FDT_ERR_TRUNCATED;
	/* Tokens are 4-byte aligned, reservation entries 8-byte (5.3, 5.4). */
	if (off_struct % 4 != 0 || sz_struct % 4 != 0 || off_rsv % 8 != 0)
		return FDT_ERR_BADLAYOUT;

	f->blob = b;
	f->size = (uint32_t)total;
	f->struct_off = (uint32_t)off_struct;
	f->struct_size = (uint32_t)sz_struct;
	f->strings_off = (uint32_t)off_strings;
	f->strings_size = (uint32_t)sz_strings;
	f->rsvmap_off = (uint32_t)off_rsv;
	return 0;
}

const char *fdt_strerror(int err)
{
	switch (err) {
	case 0:
		return "no error";
	case FDT_ERR_NOTFOUND:
		return "not found";
	case FDT_ERR_BADMAGIC:
		return "bad magic";
	case FDT_ERR_BADVERSION:
		return "unsupported version";
	case FDT_ERR_TRUNCATED:
		return "truncated";
	case FDT_ERR_TOOBIG:
		return "larger than allowed";
	case FDT_ERR_BADLAYOUT:
		return "misaligned block";
	case FDT_ERR_BADSTRUCT:
		return "malformed structure block";
	case FDT_ERR_BADOFFSET:
		return "not a node offset";
	case FDT_ERR_BADVALUE:
		return "malformed property value";
	case FDT_ERR_TOODEEP:
		return "nested too deeply";
	}
	return "unknown error";
}

int fdt_mem_rsv(const struct fdt *f, unsigned i, uint64_t *base, uint64_t *size)
{
	uint64_t off = f->rsvmap_off + (uint64_t)i * FDT_RSV_ENTRY_LEN;
	const uint8_t *e;

	if (off + FDT_RSV_ENTRY_LEN > f->size)
		return FDT_ERR_TRUNCATED;
	e = f->blob + off;
	*base = be64(e);
	*size = be64(e + 8);

	/* A zero-sized entry ends the list (5.3.2). */
	return *size == 0 ? FDT_ERR_NOTFOUND : 0;
}

/*
 * Read the token at off in the structure block and find where the next
 * one starts, checking that its payload fits. For FDT_PROP the payload
 * is only sized here; callers decode it with prop_at().
 */
static int next_token(const struct fdt *f, uint64_t off, uint32_t *tag,
		      uint64_t *next)
{
	const uint8_t *s = f->blob + f->struct_off;
	uint64_t end = f->struct_size;
	int64_t n;

	if (off % 4 != 0 || off + 4 > end)
		return FDT_ERR_TRUNCATED;
	*tag = fdt_be32(s + off);
	off += 4;

	switch (*tag) {
	case FDT_BEGIN_NODE:
		n = bounded_strlen((const char *)s + off, end - off);
		if (n < 0)
			return FDT_ERR_TRUNCATED;
		off += (uint64_t)n + 1;
		break;
	case FDT_PROP:
		if (off + 8 > end)
			return FDT_ERR_TRUNCATED;
		off += 8 + (uint64_t)fdt_be32(s + off);
		if (off > end)
			return FDT_ERR_TRUNCATED;
		break;
	case FDT_END_NODE:
	case FDT_NOP:
	case FDT_END:
		break;
	default:
		return FDT_ERR_BADSTRUCT;
	}
	*next = (off + 3) & ~(uint64_t)3;
	return 0;
}

/* Check that node is the offset of a well-formed FDT_BEGIN_NODE token. */
static int check_node(const struct fdt *f, int node)
{
	uint32_t tag;
	uint64_t next;

	if (node < 0 || next_token(f, (uint64_t)node, &tag, &next) < 0 ||
	    tag != FDT_BEGIN_NODE)
		return FDT_ERR_BADOFFSET;
	return 0;
}

int fdt_root(const struct fdt *f)
{
	uint64_t off = 0, next;
	uint32_t tag;
	int err;

	/* The root is the first token other than NOP (5.4.2). */
	for (;;) {
		err = next_token(f, off, &tag, &next);
		if (err < 0)
			return err;
		if (tag == FDT_BEGIN_NODE)
			return (int)off;
		if (tag != FDT_NOP)
			return FDT_ERR_BADSTRUCT;
		off = next;
	}
}

int fdt_next_node(const struct fdt *f, int node, int *depth)
{
	uint64_t off, next;
	uint32_t tag;
	int err;

	if (node < 0)
		return fdt_root(f);
	err = check_node(f, node);
	if (err < 0)
		return err;

	/* Skip the node's own token, then look for the next node start. */
	err = next_token(f, (uint64_t)node, &tag, &off);
	if (err < 0)
		return err;
	for (;;) {
		err = next_token(f, off, &tag, &next);
		if (err < 0)
			return err;
		switch (tag) {
		case FDT_BEGIN_NODE:
			if (depth != NULL)
				++*depth;
			return (int)off;
		case FDT_END_NODE:
			if (depth != NULL && --*depth < 0)
				return FDT_ERR_NOTFOUND;
			break;
		case FDT_END:
			return FDT_ERR_NOTFOUND;
		default:
			break;
		}
		off = next;
	}
}

int fdt_first_child(const struct fdt *f, int node)
{
	int depth = 0;
	int n = fdt_next_node(f, node, &depth);

	if (n < 0)
		return n;
	return depth == 1 ? n : FDT_ERR_NOTFOUND;
}

int fdt_next_sibling(const struct fdt *f, int node)
{
	int depth = 1;
	int n = node;

	/* Depth 1 is node's level; leaving its parent drops it below 1. */
	do {
		n = fdt_next_node(f, n, &depth);
		if (n < 0)
			return n;
		if (depth < 1)
			return FDT_ERR_NOTFOUND;
	} while (depth > 1);
	return n;
}

int fdt_parent(const struct fdt *f, int node)
{
	int stack[FDT_MAX_DEPTH];
	int depth = 0, n;
	int err = check_node(f, node);

	if (err < 0)
		return err;
	n = fdt_root(f);
	if (n < 0)
		return n;
	if (n == node)
		return FDT_ERR_NOTFOUND;

	/* Walk in document order, remembering the open node at each level. */
	stack[0] = n;
	for (;;) {
		n = fdt_next_node(f, n, &depth);
		if (n < 0)
			return n == FDT_ERR_NOTFOUND ? FDT_ERR_BADOFFSET : n;
		if (depth >= FDT_MAX_DEPTH)
			return FDT_ERR_TOODEEP;
		stack[depth] = n;
		if (n == node)
			return depth > 0 ? stack[depth - 1] : FDT_ERR_BADSTRUCT;
		if (n > node)
			return FDT_ERR_BADOFFSET;
	}
}

const char *fdt_node_name(const struct fdt *f, int node)
{
	if (check_node(f, node) < 0)
		return NULL;
	/* check_node proved the name is terminated inside the block. */
	return (const char *)f->blob + f->struct_off + node + 4;
}

/* Whether node name matches a path component of len bytes. */
static bool name_matches(const char *name, const char *comp, size_t len)
{
	if (strncmp(name, comp, len) != 0)
		return false;
	if (name[len] == '\0')
		return true;
	if (name[len] != '@')
		return false;
	/* "memory" matches "memory@..." unless the component has an '@'. */
	for (size_t i = 0; i < len; i++)
		if (comp[i] == '@')
			return false;
	return true;
}

int fdt_path(const struct fdt *f, const char *path)
{
	int node = fdt_root(f);

	if (node < 0)
		return node;
	if (path[0] != '/')
		return FDT_ERR_NOTFOUND;

	while (*path != '\0') {
		const char *comp;
		size_t len;
		int child;

		while (*path == '/')
			path++;
		if (*path == '\0')
			break;
		comp = path;
		while (*path != '\0' && *path != '/')
			path++;
		len = (size_t)(path - comp);

		for (child = fdt_first_child(f, node); child >= 0;
		     child = fdt_next_sibling(f, child)) {
			const char *name = fdt_node_name(f, child);

			if (name != NULL && name_matches(name, comp, len))
				break;
		}
		if (child < 0)
			return child;
		node = child;
	}
	return node;
}

/* Decode the FDT_PROP token at off (already sized by next_token). */
static int prop_at(const struct fdt *f, uint64_t off, struct fdt_prop *p)
{
	const uint8_t *s = f->blob + f->struct_off;
	uint32_t len = fdt_be32(s + off + 4);
	uint32_t nameoff = fdt_be32(s + off + 8);
	const char *strings = (const char *)f->blob + f->strings_off;

	if (nameoff >= f->strings_size ||
	    bounded_strlen(strings + nameoff, f->strings_size - nameoff) < 0)
		return FDT_ERR_TRUNCATED;
	p->name = strings + nameoff;
	p->data = s + off + 12;
	p->len = len;
	return 0;
}

int fdt_next_prop(const struct fdt *f, int node, int *cursor,
		  struct fdt_prop *prop)
{
	uint64_t off, next;
	uint32_t tag;
	int err;

	/* The cursor is the offset of the next token to look at. */
	if (*cursor == 0) {
		err = check_node(f, node);
		if (err < 0)
			return err;
		err = next_token(f, (uint64_t)node, &tag, &off);
		if (err < 0)
			return err;
	} else {
		if (*cursor <= node)
			return FDT_ERR_BADOFFSET;
		off = (uint64_t)*cursor;
	}

	/* Properties come before any child node (5.4.2). */
	for (;;) {
		err = next_token(f, off, &tag, &next);
		if (err < 0)
			return err;
		if (tag == FDT_PROP) {
			err = prop_at(f, off, prop);
			if (err < 0)
				return err;
			*cursor = (int)next;
			return 0;
		}
		if (tag != FDT_NOP)
			return FDT_ERR_NOTFOUND;
		off = next;
	}
}

int fdt_get_prop(const struct fdt *f, int node, const char *name,
		 struct fdt_prop *prop)
{
	int cursor = 0;
	int err;

	while ((err = fdt_next_prop(f, node, &cursor, prop)) == 0)
		if (strcmp(prop->name, name) == 0)
			return 0;
	return err;
}

int fdt_get_string(const struct fdt *f, int node, const char *name,
		   const char **s)
{
	struct fdt_prop p;
	int err = fdt_get_prop(f, node, name, &p);

	if (err < 0)
		return err;
	if (p.len == 0 || bounded_strlen(p.data, p.len) < 0)
		return FDT_ERR_BADVALUE;
	*s = p.data;
	return 0;
}

int fdt_get_u32(const struct fdt *f, int node, const char *name, uint32_t *v)
{
	struct fdt_prop p;
	int err = fdt_get_prop(f, node, name, &p);

	if (err < 0)
		return err;
	if (p.len != 4)
		return FDT_ERR_BADVALUE;
	*v = fdt_be32(p.data);
	return 0;
}

int fdt_get_u64(const struct fdt *f, int node, const char *name, uint64_t *v)
{
	struct fdt_prop p;
	int err = fdt_get_prop(f, node, name, &p);

	if (err < 0)
		return err;
	if (p.len == 4)
		*v = fdt_be32(p.data);
	else if (p.len == 8)
		*v = be64(p.data);
	else
		return FDT_ERR_BADVALUE;
	return 0;
}

uint32_t fdt_address_cells(const struct fdt *f, int node)
{
	uint32_t v;

	return fdt_get_u32(f, node, "#address-cells", &v) == 0 ? v : 2;
}

uint32_t fdt_size_cells(const struct fdt *f, int node)
{
	uint32_t v;

	return fdt_get_u32(f, node, "#size-cells", &v) == 0 ? v : 1;
}

/* Combine n (at most 2) big-endian cells at p into one value. */
static uint64_t read_cells(const uint8_t *p, uint32_t n)
{
	uint64_t v = 0;

	for (uint32_t i = 0; i < n; i++)
		v = v << 32 | fdt_be32(p + 4 * i);
	return v;
}

int fdt_reg_cells(const struct fdt *f, int node, uint32_t acells,
		  uint32_t scells, unsigned index, uint64_t *base,
		  uint64_t *size)
{
	struct fdt_prop p;
	uint64_t entry, off;
	int err;

	if (acells == 0 || acells > 2 || scells > 2)
		return FDT_ERR_BADVALUE;
	err = fdt_get_prop(f, node, "reg", &p);
	if (err < 0)
		return err;

	entry = 4 * (uint64_t)(acells + scells);
	off = entry * index;
	if (off + entry > p.len)
		return FDT_ERR_NOTFOUND;
	*base = read_cells((const uint8_t *)p.data + off, acells);
	*size = read_cells((const uint8_t *)p.data + off + 4 * acells, scells);
	return 0;
}

int fdt_reg(const struct fdt *f, int node, unsigned index, uint64_t *base,
	    uint64_t *size)
{
	int parent = fdt_parent(f, node);

	if (parent < 0)
		return parent == FDT_ERR_NOTFOUND ? FDT_ERR_BADOFFSET : parent;
	return fdt_reg_cells(f, node, fdt_address_cells(f, parent),
			     fdt_size_cells(f, parent), index, base, size);
}

bool fdt_is_compatible(const struct fdt *f, int node, const char *compat)
{
	struct fdt_prop p;
	size_t want = strlen(compat) + 1;
	const char *s, *end;

	if (fdt_get_prop(f, node, "compatible", &p) < 0)
		return false;

	/* A stringlist: NUL-terminated strings back to back (2.2.4). */
	s = p.data;
	end = s + p.len;
	while (s < end) {
		int64_t n = bounded_strlen(s, (uint64_t)(end - s));

		if (n < 0)
			return false;
		if ((size_t)n + 1 == want && memcmp(s, compat, want) == 0)
			return true;
		s += n + 1;
	}
	return false;
}

int fdt_find_compatible(const struct fdt *f, int from, const char *compat)
{
	int n = from;

	for (;;) {
		n = fdt_next_node(f, n, NULL);
		if (n < 0)
			return n;
		if (fdt_is_compatible(f, n, compat))
			return n;
	}
}
