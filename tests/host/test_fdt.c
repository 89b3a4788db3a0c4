/* SPDX-License-Identifier: MIT */
/*
 * Host unit tests for kernel/fdt.c: a real device tree dumped from QEMU's
 * virt machine, trees built here to reach corner cases, and every
 * truncation and many corruptions of the real one, run under ASan so that
 * any read outside the blob fails the test.
 *
 * Usage: test_fdt [path-to-qemu-virt-gicv3.dtb]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <kernel/fdt.h>

#define DEFAULT_DTB "tests/data/qemu-virt-gicv3.dtb"

static unsigned failures;

#define CHECK(name, cond)                                              \
	do {                                                           \
		if (!(cond)) {                                         \
			printf("FAIL %s: %s (line %d)\n", name, #cond, \
			       __LINE__);                              \
			failures++;                                    \
			return;                                        \
		}                                                      \
	} while (0)

static void pass(const char *name)
{
	printf("PASS %s\n", name);
}

static unsigned char *read_file(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	unsigned char *buf;
	long n;

	if (fp == NULL)
		return NULL;
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	buf = malloc(n > 0 ? (size_t)n : 1);
	if (buf == NULL || fread(buf, 1, (size_t)n, fp) != (size_t)n) {
		fclose(fp);
		free(buf);
		return NULL;
	}
	fclose(fp);
	*len = (size_t)n;
	return buf;
}

/* ---- a tiny tree builder, for trees QEMU does not produce ---------- */

struct builder {
	unsigned char st[4096];
	size_t st_len;
	char strings[512];
	size_t str_len;
};

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

static void emit32(struct builder *b, uint32_t v)
{
	put32(b->st + b->st_len, v);
	b->st_len += 4;
}

static void emit_bytes(struct builder *b, const void *p, size_t n)
{
	memcpy(b->st + b->st_len, p, n);
	b->st_len += n;
	while (b->st_len % 4)
		b->st[b->st_len++] = 0;
}

static void begin_node(struct builder *b, const char *name)
{
	emit32(b, 1);
	emit_bytes(b, name, strlen(name) + 1);
}

static void end_node(struct builder *b)
{
	emit32(b, 2);
}

static void prop(struct builder *b, const char *name, const void *v, size_t len)
{
	size_t off = b->str_len;

	memcpy(b->strings + off, name, strlen(name) + 1);
	b->str_len += strlen(name) + 1;
	emit32(b, 3);
	emit32(b, (uint32_t)len);
	emit32(b, (uint32_t)off);
	emit_bytes(b, v, len);
}

static void prop_u32(struct builder *b, const char *name, uint32_t v)
{
	unsigned char c[4];

	put32(c, v);
	prop(b, name, c, 4);
}

/* Lay out header, empty reservation map, structure and strings. */
static unsigned char *finish(struct builder *b, size_t *len)
{
	size_t rsv = 40, st = rsv + 16, str, total;
	unsigned char *blob;

	emit32(b, 9); /* FDT_END */
	str = st + b->st_len;
	total = str + b->str_len;
	blob = calloc(1, total);
	put32(blob + 0, FDT_MAGIC);
	put32(blob + 4, (uint32_t)total);
	put32(blob + 8, (uint32_t)st);
	put32(blob + 12, (uint32_t)str);
	put32(blob + 16, (uint32_t)rsv);
	put32(blob + 20, 17);
	put32(blob + 24, 16);
	put32(blob + 32, (uint32_t)b->str_len);
	put32(blob + 36, (uint32_t)b->st_len);
	memcpy(blob + st, b->st, b->st_len);
	memcpy(blob + str, b->strings, b->str_len);
	*len = total;
	return blob;
}

/* ---- tests on the QEMU tree ---------------------------------------- */

static void test_header(const unsigned char *dtb, size_t len)
{
	struct fdt f;
	uint64_t base, size;

	CHECK("header", fdt_init(&f, dtb, len) == 0);
	CHECK("header", f.size == len);
	CHECK("header", fdt_root(&f) >= 0);
	CHECK("header", fdt_mem_rsv(&f, 0, &base, &size) == FDT_ERR_NOTFOUND);
	CHECK("header", fdt_init(&f, dtb, len - 1) == FDT_ERR_TOOBIG);
	CHECK("header", fdt_init(&f, dtb, 39) == FDT_ERR_TRUNCATED);
	CHECK("header", fdt_init(&f, NULL, 100) == FDT_ERR_TRUNCATED);
	CHECK("header",
	      strcmp(fdt_strerror(FDT_ERR_TOOBIG), "larger than allowed") == 0);
	pass("header");
}

static void test_paths(const unsigned char *dtb, size_t len)
{
	struct fdt f;
	const char *s;
	int n;

	fdt_init(&f, dtb, len);
	n = fdt_path(&f, "/chosen");
	CHECK("paths", n >= 0);
	CHECK("paths", fdt_get_string(&f, n, "stdout-path", &s) == 0);
	CHECK("paths", strcmp(s, "/pl011@9000000") == 0);
	CHECK("paths", fdt_path(&f, s) >= 0);
	CHECK("paths", fdt_path(&f, "/pl011") == fdt_path(&f, s));
	CHECK("paths", fdt_path(&f, "/pl011@9000001") == FDT_ERR_NOTFOUND);
	CHECK("paths", fdt_path(&f, "/nonexistent") == FDT_ERR_NOTFOUND);
	CHECK("paths", fdt_path(&f, "chosen") == FDT_ERR_NOTFOUND);
	CHECK("paths", fdt_path(&f, "/") == fdt_root(&f));
	CHECK("paths", strcmp(fdt_node_name(&f, fdt_root(&f)), "") == 0);
	CHECK("paths", fdt_node_name(&f, 3) == NULL);
	pass("paths");
}

static void test_memory(const unsigned char *dtb, size_t len)
{
	struct fdt f;
	uint64_t base, size;
	int n;

	fdt_init(&f, dtb, len);
	n = fdt_path(&f, "/memory");
	CHECK("memory", n >= 0);
	CHECK("memory", fdt_address_cells(&f, fdt_root(&f)) == 2);
	CHECK("memory", fdt_size_cells(&f, fdt_root(&f)) == 2);
	CHECK("memory", fdt_reg(&f, n, 0, &base, &size) == 0);
	CHECK("memory", base == 0x40000000 && size == 512ull << 20);
	CHECK("memory", fdt_reg(&f, n, 1, &base, &size) == FDT_ERR_NOTFOUND);
	CHECK("memory", fdt_parent(&f, n) == fdt_root(&f));
	CHECK("memory", fdt_parent(&f, fdt_root(&f)) == FDT_ERR_NOTFOUND);
	pass("memory");
}

static void test_cpus(const unsigned char *dtb, size_t len)
{
	struct fdt f;
	uint64_t base, size;
	const char *s;
	unsigned count = 0;
	int cpus, n;

	fdt_init(&f, dtb, len);
	cpus = fdt_path(&f, "/cpus");
	CHECK("cpus", cpus >= 0);
	CHECK("cpus", fdt_address_cells(&f, cpus) == 1);
	CHECK("cpus", fdt_size_cells(&f, cpus) == 0);
	for (n = fdt_first_child(&f, cpus); n >= 0;
	     n = fdt_next_sibling(&f, n)) {
		if (fdt_get_string(&f, n, "device_type", &s) < 0 ||
		    strcmp(s, "cpu") != 0)
			continue;
		CHECK("cpus", fdt_parent(&f, n) == cpus);
		CHECK("cpus", fdt_reg(&f, n, 0, &base, &size) == 0);
		CHECK("cpus", base == count && size == 0);
		CHECK("cpus", fdt_get_string(&f, n, "enable-method", &s) == 0);
		CHECK("cpus", strcmp(s, "psci") == 0);
		count++;
	}
	CHECK("cpus", n == FDT_ERR_NOTFOUND);
	CHECK("cpus", count == 4);
	n = fdt_path(&f, "/psci");
	CHECK("cpus", n >= 0 && fdt_is_compatible(&f, n, "arm,psci-0.2"));
	CHECK("cpus", !fdt_is_compatible(&f, n, "arm,psci-0"));
	CHECK("cpus", fdt_get_string(&f, n, "method", &s) == 0);
	CHECK("cpus", strcmp(s, "hvc") == 0);
	pass("cpus");
}

static void test_compatible(const unsigned char *dtb, size_t len)
{
	struct fdt f;
	uint64_t base, size;
	uint32_t v;
	int n;

	fdt_init(&f, dtb, len);
	n = fdt_find_compatible(&f, -1, "arm,gic-v3");
	CHECK("compatible", n >= 0);
	CHECK("compatible", fdt_reg(&f, n, 0, &base, &size) == 0);
	CHECK("compatible", base == 0x08000000 && size == 0x10000);
	CHECK("compatible", fdt_reg(&f, n, 1, &base, &size) == 0);
	CHECK("compatible", base == 0x080a0000);
	CHECK("compatible", fdt_get_u32(&f, n, "#interrupt-cells", &v) == 0);
	CHECK("compatible", v == 3);
	CHECK("compatible", fdt_get_u32(&f, n, "reg", &v) == FDT_ERR_BADVALUE);
	CHECK("compatible",
	      fdt_find_compatible(&f, n, "arm,gic-v3") == FDT_ERR_NOTFOUND);
	n = fdt_find_compatible(&f, -1, "arm,pl011");
	CHECK("compatible", n == fdt_path(&f, "/pl011@9000000"));
	pass("compatible");
}

/* Touch everything the API can reach, so ASan sees every read. */
static unsigned walk_all(const struct fdt *f)
{
	unsigned seen = 0;
	int n = -1, depth = 0;

	while ((n = fdt_next_node(f, n, &depth)) >= 0 && seen < 100000) {
		struct fdt_prop p;
		uint64_t base, size;
		const char *s;
		int cursor = 0;

		seen++;
		(void)fdt_node_name(f, n);
		(void)fdt_parent(f, n);
		(void)fdt_reg(f, n, 0, &base, &size);
		(void)fdt_get_string(f, n, "compatible", &s);
		(void)fdt_is_compatible(f, n, "arm,pl011");
		(void)fdt_first_child(f, n);
		(void)fdt_next_sibling(f, n);
		while (fdt_next_prop(f, n, &cursor, &p) == 0 && seen < 100000)
			seen++;
	}
	(void)fdt_path(f, "/cpus/cpu@1");
	return seen;
}

static void test_walk(const unsigned char *dtb, size_t len)
{
	struct fdt f;

	fdt_init(&f, dtb, len);
	CHECK("walk", walk_all(&f) > 100);
	pass("walk");
}

/* Every prefix, in a buffer of exactly that size, fails cleanly. */
static void test_truncation(const unsigned char *dtb, size_t len)
{
	for (size_t l = 0; l < len; l++) {
		unsigned char *copy = malloc(l ? l : 1);
		struct fdt f;

		memcpy(copy, dtb, l);
		if (fdt_init(&f, copy, l) == 0) {
			free(copy);
			CHECK("truncation", !"accepted a truncated blob");
		}
		/* Claim the short size too, so the walk reaches the end. */
		if (l >= 40) {
			put32(copy + 4, (uint32_t)l);
			if (fdt_init(&f, copy, l) == 0)
				walk_all(&f);
		}
		free(copy);
	}
	pass("truncation");
}

/* Deterministic corruption: flip bytes and words, walk what parses. */
static void test_corruption(const unsigned char *dtb, size_t len)
{
	unsigned long long x = 0x9e3779b97f4a7c15ull;
	unsigned char *copy = malloc(len);

	for (int round = 0; round < 20000; round++) {
		struct fdt f;
		int flips = 1 + round % 4;

		memcpy(copy, dtb, len);
		for (int i = 0; i < flips; i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			if (x & 1)
				put32(copy + (x >> 8) % (len - 3) / 4 * 4,
				      (uint32_t)(x >> 40) % 10);
			else
				copy[(x >> 8) % len] ^=
				    (unsigned char)(x >> 32);
		}
		if (fdt_init(&f, copy, len) == 0)
			walk_all(&f);
	}
	free(copy);
	pass("corruption");
}

/* ---- tests on built trees ------------------------------------------ */

static void test_built(void)
{
	struct builder b = {0};
	unsigned char cells[16] = {0, 0, 0, 1, 0, 0, 0, 2, 0, 0, 0, 3};
	unsigned char *blob;
	struct fdt f;
	uint64_t base, size;
	const char *s;
	size_t len;
	int n;

	begin_node(&b, "");
	prop_u32(&b, "#address-cells", 1);
	prop_u32(&b, "#size-cells", 1);
	emit32(&b, 4); /* FDT_NOP between properties */
	prop(&b, "compatible", "a\0bb\0ccc", 9);
	begin_node(&b, "memory");
	prop(&b, "reg", cells, 16);
	prop(&b, "unterminated", "abc", 3);
	end_node(&b);
	begin_node(&b, "memory@80");
	prop(&b, "reg", cells + 4, 8);
	end_node(&b);
	begin_node(&b, "bad");
	prop_u32(&b, "#address-cells", 3);
	begin_node(&b, "child");
	prop(&b, "reg", cells, 16);
	end_node(&b);
	end_node(&b);
	end_node(&b);
	blob = finish(&b, &len);

	CHECK("built", fdt_init(&f, blob, len) == 0);
	n = fdt_root(&f);
	CHECK("built", fdt_is_compatible(&f, n, "bb"));
	CHECK("built", fdt_is_compatible(&f, n, "ccc"));
	CHECK("built", !fdt_is_compatible(&f, n, "b"));
	CHECK("built", !fdt_is_compatible(&f, n, "cc"));
	CHECK("built", fdt_get_string(&f, n, "compatible", &s) == 0);
	CHECK("built", strcmp(s, "a") == 0);

	/* An exact name wins over a unit address, in document order. */
	n = fdt_path(&f, "/memory");
	CHECK("built", strcmp(fdt_node_name(&f, n), "memory") == 0);
	CHECK("built", fdt_reg(&f, n, 0, &base, &size) == 0);
	CHECK("built", base == 1 && size == 2);
	CHECK("built", fdt_reg(&f, n, 1, &base, &size) == 0);
	CHECK("built", base == 3 && size == 0);
	CHECK("built", fdt_reg(&f, n, 2, &base, &size) == FDT_ERR_NOTFOUND);
	CHECK("built", fdt_reg_cells(&f, n, 2, 2, 0, &base, &size) == 0);
	CHECK("built", base == 0x100000002ull && size == 0x300000000ull);
	CHECK("built",
	      fdt_get_string(&f, n, "unterminated", &s) == FDT_ERR_BADVALUE);
	CHECK("built", fdt_get_u64(&f, n, "reg", &base) == FDT_ERR_BADVALUE);
	n = fdt_path(&f, "/memory@80");
	CHECK("built", n >= 0 && fdt_get_u64(&f, n, "reg", &base) == 0);
	CHECK("built", base == 0x200000003ull);
	CHECK("built", fdt_path(&f, "/memory@81") == FDT_ERR_NOTFOUND);

	/* Three address cells are refused, not misread. */
	n = fdt_path(&f, "/bad/child");
	CHECK("built", n >= 0);
	CHECK("built", fdt_reg(&f, n, 0, &base, &size) == FDT_ERR_BADVALUE);
	CHECK("built", fdt_next_sibling(&f, n) == FDT_ERR_NOTFOUND);
	CHECK("built", fdt_first_child(&f, n) == FDT_ERR_NOTFOUND);
	CHECK("built", fdt_parent(&f, n) == fdt_path(&f, "/bad"));
	/* An offset inside a property is not a node. */
	CHECK("built", fdt_parent(&f, n + 4) == FDT_ERR_BADOFFSET);
	CHECK("built", fdt_parent(&f, -3) == FDT_ERR_BADOFFSET);
	free(blob);
	pass("built");
}

static void test_deep(void)
{
	struct builder b = {0};
	unsigned char *blob;
	struct fdt f;
	size_t len;
	int n = -1, deepest = -1, depth = 0;

	for (int i = 0; i < FDT_MAX_DEPTH + 10; i++)
		begin_node(&b, "n");
	for (int i = 0; i < FDT_MAX_DEPTH + 10; i++)
		end_node(&b);
	blob = finish(&b, &len);
	CHECK("deep", fdt_init(&f, blob, len) == 0);
	while ((n = fdt_next_node(&f, n, &depth)) >= 0)
		deepest = n;
	CHECK("deep", n == FDT_ERR_NOTFOUND);
	CHECK("deep", fdt_parent(&f, deepest) == FDT_ERR_TOODEEP);
	free(blob);
	pass("deep");
}

static void test_bad_header(void)
{
	struct builder b = {0};
	unsigned char *blob;
	struct fdt f;
	size_t len;

	begin_node(&b, "");
	end_node(&b);
	blob = finish(&b, &len);
	CHECK("bad_header", fdt_init(&f, blob, len) == 0);

	put32(blob + 20, 16);
	CHECK("bad_header", fdt_init(&f, blob, len) == FDT_ERR_BADVERSION);
	put32(blob + 20, 17);
	put32(blob + 8, 0xfffffff0u);
	CHECK("bad_header", fdt_init(&f, blob, len) == FDT_ERR_TRUNCATED);
	put32(blob + 8, 58);
	put32(blob + 36, 4);
	CHECK("bad_header", fdt_init(&f, blob, len) == FDT_ERR_BADLAYOUT);
	put32(blob + 8, 56);
	put32(blob + 36, 0xfffffffcu);
	CHECK("bad_header", fdt_init(&f, blob, len) == FDT_ERR_TRUNCATED);
	put32(blob + 36, 0);
	CHECK("bad_header", fdt_init(&f, blob, len) == 0);
	CHECK("bad_header", fdt_root(&f) == FDT_ERR_TRUNCATED);
	blob[0] ^= 1;
	CHECK("bad_header", fdt_init(&f, blob, len) == FDT_ERR_BADMAGIC);
	free(blob);
	pass("bad_header");
}

int main(int argc, char **argv)
{
	const char *path = argc > 1 ? argv[1] : DEFAULT_DTB;
	size_t len = 0;
	unsigned char *dtb = read_file(path, &len);

	setvbuf(stdout, NULL, _IOLBF, 0);
	if (dtb == NULL) {
		printf("FAIL load: cannot read %s\n", path);
		return 1;
	}
	test_header(dtb, len);
	test_paths(dtb, len);
	test_memory(dtb, len);
	test_cpus(dtb, len);
	test_compatible(dtb, len);
	test_walk(dtb, len);
	test_truncation(dtb, len);
	test_corruption(dtb, len);
	test_built();
	test_deep();
	test_bad_header();
	free(dtb);
	printf("test_fdt: %u failed\n", failures);
	return failures != 0;
}
