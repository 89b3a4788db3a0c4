/* SPDX-License-Identifier: MIT */
/*
 * Host tests for kernel/elf.c: real executables (built here with clang,
 * and /bin/busybox and /usr/bin/ls when present) compared field by field
 * with a reading through glibc's <elf.h>, then a small image built in
 * memory and broken in every way the parser must refuse. Every parse
 * reads from a heap copy of exactly the given length, so under ASan any
 * read past the end fails the test.
 */
#define _POSIX_C_SOURCE 200809L /* mkdtemp, strnlen */

#include <elf.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <kernel/elf.h>
#include "check.h"

/* Run test if ready, or report it passed as skipped, saying why. */
#define RUN_IF(ready, test, why)                                       \
	do {                                                           \
		if (ready)                                             \
			RUN(test);                                     \
		else                                                   \
			printf("PASS %s (skipped: %s)\n", #test, why); \
	} while (0)

/* Parse len bytes of src from an exact-size heap copy. */
static int parse_copy(const void *src, size_t len, uint16_t machine,
		      struct elf_image *img)
{
	void *copy = malloc(len ? len : 1);
	int err;

	memcpy(copy, src, len);
	err = elf_parse(copy, len, machine, img);
	free(copy);
	return err;
}

/*
 * Properties a loader relies on after a successful parse, whatever the
 * input was: each one is a promise made in kernel/include/kernel/elf.h.
 */
static bool image_is_sound(const struct elf_image *img, size_t len)
{
	bool entry_ok = false;

	if (img->nseg < 1 || img->nseg > ELF_MAX_SEGMENTS)
		return false;
	for (unsigned k = 0; k < img->nseg; k++) {
		const struct elf_segment *s = &img->seg[k];

		if (s->memsz == 0 || s->filesz > s->memsz || s->offset > len ||
		    s->filesz > len - s->offset ||
		    s->vaddr + s->memsz < s->vaddr)
			return false;
		if (k > 0 && s->vaddr < s[-1].vaddr + s[-1].memsz)
			return false;
		if (s->vaddr < img->lo || s->vaddr + s->memsz > img->hi)
			return false;
		if ((s->flags & ELF_X) && img->entry >= s->vaddr &&
		    img->entry < s->vaddr + s->filesz)
			entry_ok = true;
	}
	if (img->lo % ELF_PAGE_SIZE || img->hi % ELF_PAGE_SIZE)
		return false;
	if (img->pie ? img->hi - img->lo > ELF_USER_TOP
		     : img->hi > ELF_USER_TOP)
		return false;
	if (img->has_tls && (img->tls_align & (img->tls_align - 1)))
		return false;
	return entry_ok &&
	       strnlen(img->interp, ELF_INTERP_MAX) < ELF_INTERP_MAX;
}

/* ---- real executables ---------------------------------------------- */

static uint8_t *real;
static size_t real_len;

static bool load_file(const char *path)
{
	FILE *fp = fopen(path, "rb");
	long n;

	free(real);
	real = NULL;
	if (fp == NULL)
		return false;
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	real = malloc(n > 0 ? (size_t)n : 1);
	if (real == NULL || fread(real, 1, (size_t)n, fp) != (size_t)n) {
		free(real);
		real = NULL;
	}
	fclose(fp);
	real_len = real ? (size_t)n : 0;
	return real != NULL;
}

/*
 * A program with code, data, bss and both kinds of thread-local data,
 * so the output has text, RW and PT_TLS segments. _start never returns
 * and no libc is linked, so this builds without a C library installed.
 */
static const char tiny_program[] =
    "__thread int counter = 5;\n"
    "__thread int zeroed;\n"
    "int data = 1;\n"
    "int bss[1024];\n"
    "void _start(void) { for (;;) { counter++; zeroed++; bss[data]++; } }\n";

/* Build tiny_program with clang and flags into real; false if we can't. */
static bool load_compiled(const char *flags)
{
	char dir[] = "/tmp/test_elf.XXXXXX";
	char src[64], bin[64], cmd[512];
	FILE *fp;
	bool ok = false;

	if (mkdtemp(dir) == NULL)
		return false;
	snprintf(src, sizeof(src), "%s/t.c", dir);
	snprintf(bin, sizeof(bin), "%s/t", dir);
	fp = fopen(src, "w");
	if (fp != NULL) {
		fputs(tiny_program, fp);
		fclose(fp);
		snprintf(cmd, sizeof(cmd),
			 "clang -O1 -nostdlib %s -o %s %s >/dev/null 2>&1",
			 flags, bin, src);
		ok = system(cmd) == 0 && load_file(bin);
	}
	unlink(bin);
	unlink(src);
	rmdir(dir);
	return ok;
}

static Elf64_Phdr real_phdr(unsigned i)
{
	Elf64_Ehdr eh;
	Elf64_Phdr ph;

	memcpy(&eh, real, sizeof(eh));
	memcpy(&ph, real + eh.e_phoff + i * sizeof(ph), sizeof(ph));
	return ph;
}

/* Compare one program header with what elf_parse made of it. */
static void phdr_matches(const Elf64_Phdr *ph, const struct elf_image *img,
			 unsigned *k)
{
	const struct elf_segment *s = &img->seg[*k];

	switch (ph->p_type) {
	case PT_LOAD:
		CHECK(*k < img->nseg);
		CHECK(s->vaddr == ph->p_vaddr && s->memsz == ph->p_memsz);
		CHECK(s->offset == ph->p_offset && s->filesz == ph->p_filesz);
		CHECK(s->flags == (ph->p_flags & (PF_R | PF_W | PF_X)));
		(*k)++;
		break;
	case PT_INTERP:
		CHECK(strcmp(img->interp, (char *)real + ph->p_offset) == 0);
		break;
	case PT_TLS:
		CHECK(img->has_tls && img->tls_vaddr == ph->p_vaddr);
		CHECK(img->tls_filesz == ph->p_filesz);
		CHECK(img->tls_memsz == ph->p_memsz);
		CHECK(img->tls_align == ph->p_align);
		break;
	case PT_PHDR:
		CHECK(img->has_phdr_vaddr && img->phdr_vaddr == ph->p_vaddr);
		break;
	case PT_GNU_STACK:
		CHECK(img->exec_stack == ((ph->p_flags & PF_X) != 0));
		break;
	}
}

/* Parse real as machine and compare with glibc's view of the file. */
static void real_matches_libc(uint16_t machine, struct elf_image *img)
{
	Elf64_Ehdr eh;
	unsigned k = 0;

	CHECK(parse_copy(real, real_len, machine, img) == 0);
	CHECK(image_is_sound(img, real_len));
	memcpy(&eh, real, sizeof(eh));
	CHECK(img->machine == machine && img->entry == eh.e_entry);
	CHECK(img->pie == (eh.e_type == ET_DYN));
	CHECK(img->phnum == eh.e_phnum && img->phentsize == 56);
	for (unsigned i = 0; i < eh.e_phnum; i++) {
		Elf64_Phdr ph = real_phdr(i);
		unsigned before = check_failures;

		phdr_matches(&ph, img, &k);
		if (check_failures != before)
			return;
	}
	CHECK(k == img->nseg);
}

/* The ELF header is loaded at the start of the first segment. */
static void phdrs_found_without_pt_phdr(const struct elf_image *img)
{
	CHECK(img->has_phdr_vaddr);
	CHECK(img->phdr_vaddr == img->seg[0].vaddr + 64);
}

static void static_exec_built_here(void)
{
	struct elf_image img;
	char why[128];

	real_matches_libc(EM_X86_64, &img);
	CHECK(!img.pie && img.interp[0] == '\0');
	CHECK(img.has_tls && img.tls_filesz == 4 && img.tls_memsz == 8);
	CHECK(!img.exec_stack);
	phdrs_found_without_pt_phdr(&img);
	CHECK(parse_copy(real, real_len, EM_AARCH64, &img) == ELF_E_MACHINE);
	elf_describe(&img, ELF_E_MACHINE, why, sizeof(why));
	CHECK(strcmp(why, "wrong architecture: EM_X86_64 binary on aarch64") ==
	      0);
}

static void static_pie_built_here(void)
{
	struct elf_image img;

	real_matches_libc(EM_X86_64, &img);
	CHECK(img.pie && img.interp[0] == '\0' && img.lo == 0);
	CHECK(img.has_tls);
	phdrs_found_without_pt_phdr(&img);
}

static void aarch64_exec_built_here(void)
{
	struct elf_image img;
	char why[128];

	real_matches_libc(EM_AARCH64, &img);
	CHECK(!img.pie && img.has_tls && img.has_phdr_vaddr);
	CHECK(parse_copy(real, real_len, EM_X86_64, &img) == ELF_E_MACHINE);
	elf_describe(&img, ELF_E_MACHINE, why, sizeof(why));
	CHECK(strcmp(why, "wrong architecture: EM_AARCH64 binary on x86_64") ==
	      0);
}

/* lld without separate code packs segments into shared file pages. */
static void packed_lld_exec_built_here(void)
{
	struct elf_image img;

	real_matches_libc(EM_X86_64, &img);
	CHECK(img.nseg >= 3);
}

static void busybox_static(void)
{
	struct elf_image img;

	real_matches_libc(EM_X86_64, &img);
	CHECK(img.interp[0] == '\0');
}

static void dynamic_pie_ls(void)
{
	struct elf_image img;

	real_matches_libc(EM_X86_64, &img);
	CHECK(img.pie && img.interp[0] == '/');
	CHECK(img.has_phdr_vaddr);
}

/* ---- an image built in memory --------------------------------------- */

/*
 * Layout of the image every corruption test starts from: a dynamically
 * linked ET_EXEC with the usual headers. The data segment's file bytes
 * end the file, so cutting any byte off must be refused.
 */
enum {
	PH_PHDR,
	PH_INTERP,
	PH_RODATA,
	PH_TEXT,
	PH_DATA,
	PH_TLS,
	PH_STACK,
	NPH,
};
#define BASE        0x400000ull
#define INTERP_OFF  0x200
#define RODATA_SIZE 0x300
#define TEXT_OFF    0x1000
#define TEXT_SIZE   0x100
#define DATA_OFF    0x2000
#define DATA_FILESZ 0x80
#define IMG_SIZE    (DATA_OFF + DATA_FILESZ)
#define INTERP      "/lib/ld-slate.so"

static union {
	Elf64_Ehdr eh;
	uint8_t bytes[IMG_SIZE];
} im;

static Elf64_Phdr *ph(int i)
{
	return (Elf64_Phdr *)(im.bytes + sizeof(Elf64_Ehdr)) + i;
}

static void set_phdr(int i, uint32_t type, uint32_t flags, uint64_t off,
		     uint64_t vaddr, uint64_t filesz, uint64_t memsz)
{
	*ph(i) =
	    (Elf64_Phdr){type,  flags,  off,   vaddr,
			 vaddr, filesz, memsz, type == PT_LOAD ? 0x1000 : 8};
}

static void build(void)
{
	uint64_t table = NPH * sizeof(Elf64_Phdr);

	memset(&im, 0, sizeof(im));
	memcpy(im.eh.e_ident, ELFMAG, SELFMAG);
	im.eh.e_ident[EI_CLASS] = ELFCLASS64;
	im.eh.e_ident[EI_DATA] = ELFDATA2LSB;
	im.eh.e_ident[EI_VERSION] = EV_CURRENT;
	im.eh.e_type = ET_EXEC;
	im.eh.e_machine = EM_X86_64;
	im.eh.e_version = EV_CURRENT;
	im.eh.e_entry = BASE + TEXT_OFF + 0x10;
	im.eh.e_phoff = sizeof(Elf64_Ehdr);
	im.eh.e_ehsize = sizeof(Elf64_Ehdr);
	im.eh.e_phentsize = sizeof(Elf64_Phdr);
	im.eh.e_phnum = NPH;
	strcpy((char *)im.bytes + INTERP_OFF, INTERP);

	set_phdr(PH_PHDR, PT_PHDR, PF_R, 64, BASE + 64, table, table);
	set_phdr(PH_INTERP, PT_INTERP, PF_R, INTERP_OFF, BASE + INTERP_OFF,
		 sizeof(INTERP), sizeof(INTERP));
	set_phdr(PH_RODATA, PT_LOAD, PF_R, 0, BASE, RODATA_SIZE, RODATA_SIZE);
	set_phdr(PH_TEXT, PT_LOAD, PF_R | PF_X, TEXT_OFF, BASE + TEXT_OFF,
		 TEXT_SIZE, TEXT_SIZE);
	set_phdr(PH_DATA, PT_LOAD, PF_R | PF_W, DATA_OFF, BASE + DATA_OFF,
		 DATA_FILESZ, 0x1000);
	set_phdr(PH_TLS, PT_TLS, PF_R, DATA_OFF, BASE + DATA_OFF, 0x10, 0x20);
	set_phdr(PH_STACK, PT_GNU_STACK, PF_R | PF_W, 0, 0, 0, 0);
}

static int parse_im(struct elf_image *img)
{
	return parse_copy(&im, sizeof(im), EM_X86_64, img);
}

/* Parse the image; expect err, blamed on program header at (or none). */
static bool fails_with(int err, int at)
{
	struct elf_image img;

	return parse_im(&img) == err && img.bad_phdr == at;
}

static void built_image_parses(void)
{
	struct elf_image img;

	build();
	CHECK(parse_im(&img) == 0);
	CHECK(image_is_sound(&img, IMG_SIZE));
	CHECK(!img.pie && img.machine == EM_X86_64 && img.nseg == 3);
	CHECK(img.seg[0].vaddr == BASE && img.seg[0].flags == ELF_R);
	CHECK(img.seg[1].flags == (ELF_R | ELF_X));
	CHECK(img.seg[2].flags == (ELF_R | ELF_W));
	CHECK(img.seg[2].filesz == DATA_FILESZ && img.seg[2].memsz == 0x1000);
	CHECK(img.lo == BASE && img.hi == BASE + 0x3000);
	CHECK(img.entry == BASE + TEXT_OFF + 0x10);
	CHECK(strcmp(img.interp, INTERP) == 0);
	CHECK(img.has_phdr_vaddr && img.phdr_vaddr == BASE + 64);
	CHECK(img.phnum == NPH && img.phentsize == 56);
	CHECK(img.has_tls && img.tls_vaddr == BASE + DATA_OFF);
	CHECK(img.tls_filesz == 0x10 && img.tls_memsz == 0x20);
	CHECK(img.tls_align == 8 && !img.exec_stack);
}

/* Each cut-off length fails at the first thing it leaves incomplete. */
static void every_truncation_fails(void)
{
	const size_t table_end = 64 + NPH * sizeof(Elf64_Phdr);
	struct elf_image img;

	build();
	for (size_t len = 0; len < IMG_SIZE; len++) {
		int err = parse_copy(&im, len, EM_X86_64, &img);

		if (len < 64)
			CHECK(err == ELF_E_TRUNCATED);
		else if (len < table_end)
			CHECK(err == ELF_E_PHDRS);
		else
			CHECK(err == ELF_E_FILERANGE);
	}
}

static void bad_arguments(void)
{
	struct elf_image img;

	build();
	CHECK(elf_parse(NULL, 100, EM_X86_64, &img) == ELF_E_BADARG);
	CHECK(elf_parse(&im, sizeof(im), EM_X86_64, NULL) == ELF_E_BADARG);
	CHECK(parse_copy(&im, sizeof(im), EM_386, &img) == ELF_E_BADARG);
}

static void bad_identification(void)
{
	for (int i = 0; i < SELFMAG; i++) {
		build();
		im.eh.e_ident[i] ^= 0x20;
		CHECK(fails_with(ELF_E_MAGIC, -1));
	}
	build();
	im.eh.e_ident[EI_CLASS] = ELFCLASS32;
	CHECK(fails_with(ELF_E_CLASS, -1));
	build();
	im.eh.e_ident[EI_DATA] = ELFDATA2MSB;
	CHECK(fails_with(ELF_E_ENDIAN, -1));
	build();
	im.eh.e_ident[EI_VERSION] = EV_NONE;
	CHECK(fails_with(ELF_E_VERSION, -1));
	build();
	im.eh.e_version = 2;
	CHECK(fails_with(ELF_E_VERSION, -1));
	build();
	im.eh.e_ident[EI_OSABI] = ELFOSABI_GNU; /* what busybox says */
	CHECK(fails_with(0, -1));
}

static void bad_file_header(void)
{
	struct elf_image img;
	char why[128];

	build();
	im.eh.e_type = ET_REL;
	CHECK(fails_with(ELF_E_TYPE, -1));
	im.eh.e_type = ET_CORE;
	CHECK(fails_with(ELF_E_TYPE, -1));
	build();
	im.eh.e_machine = EM_386;
	CHECK(parse_im(&img) == ELF_E_MACHINE);
	elf_describe(&img, ELF_E_MACHINE, why, sizeof(why));
	CHECK(strcmp(why, "wrong architecture: machine 3 binary on x86_64") ==
	      0);
	build();
	im.eh.e_ehsize = 52;
	CHECK(fails_with(ELF_E_EHSIZE, -1));
	build();
	im.eh.e_phentsize = 32; /* an Elf32_Phdr */
	CHECK(fails_with(ELF_E_PHENTSIZE, -1));
	im.eh.e_phentsize = 64;
	CHECK(fails_with(ELF_E_PHENTSIZE, -1));
	build();
	im.eh.e_phnum = 0;
	CHECK(fails_with(ELF_E_NOLOAD, -1));
}

/* Offsets and counts that point the table past, or around, the end. */
static void program_header_table_outside_file(void)
{
	const uint64_t offs[] = {0xffffffffffffff00ull, UINT64_MAX,
				 IMG_SIZE - 55, IMG_SIZE, 1ull << 63};

	for (size_t i = 0; i < sizeof(offs) / sizeof(offs[0]); i++) {
		build();
		im.eh.e_phoff = offs[i];
		CHECK(fails_with(ELF_E_PHDRS, -1));
	}
	build();
	im.eh.e_phnum = PN_XNUM;
	CHECK(fails_with(ELF_E_PHDRS, -1));
}

/* Sizes and offsets that would wrap a sum if added unchecked. */
static void segment_ranges_are_overflow_safe(void)
{
	build();
	ph(PH_TEXT)->p_filesz = TEXT_SIZE + 1;
	CHECK(fails_with(ELF_E_FILESZ, PH_TEXT));
	build();
	ph(PH_TEXT)->p_offset = 0xffffffffffffff00ull;
	CHECK(fails_with(ELF_E_FILERANGE, PH_TEXT));
	build();
	ph(PH_TEXT)->p_filesz = ph(PH_TEXT)->p_memsz = UINT64_MAX - 0x800;
	CHECK(fails_with(ELF_E_FILERANGE, PH_TEXT));
	build();
	ph(PH_DATA)->p_offset = DATA_OFF + 1;
	CHECK(fails_with(ELF_E_FILERANGE, PH_DATA));
	build();
	ph(PH_DATA)->p_vaddr = 0xfffffffffffff000ull;
	CHECK(fails_with(ELF_E_WRAP, PH_DATA));
	ph(PH_DATA)->p_vaddr = 0xffffffffffffe000ull;
	ph(PH_DATA)->p_memsz = 0x1001; /* its page end is 2^64 */
	CHECK(fails_with(ELF_E_WRAP, PH_DATA));
	build();
	ph(PH_DATA)->p_memsz = UINT64_MAX;
	CHECK(fails_with(ELF_E_WRAP, PH_DATA));
}

static void address_and_offset_must_agree(void)
{
	struct elf_image img;
	char why[128];

	build();
	ph(PH_TEXT)->p_vaddr += 8;
	CHECK(fails_with(ELF_E_ALIGN, PH_TEXT));
	CHECK(parse_im(&img) == ELF_E_ALIGN);
	elf_describe(&img, ELF_E_ALIGN, why, sizeof(why));
	CHECK(strncmp(why, "segment 3: ", 11) == 0);
	build();
	ph(PH_TEXT)->p_align = 0x200000; /* a hint only */
	CHECK(fails_with(0, -1));
}

static void segments_sorted_and_disjoint(void)
{
	struct elf_image img;
	Elf64_Phdr text;
	char why[128];

	build();
	text = *ph(PH_TEXT);
	*ph(PH_TEXT) = *ph(PH_DATA);
	*ph(PH_DATA) = text;
	CHECK(parse_im(&img) == ELF_E_ORDER);
	elf_describe(&img, ELF_E_ORDER, why, sizeof(why));
	CHECK(strcmp(why, "segment 4 is below segment 3") == 0);

	build();
	ph(PH_TEXT)->p_memsz = 0x1001; /* one byte into the data */
	CHECK(parse_im(&img) == ELF_E_OVERLAP);
	elf_describe(&img, ELF_E_OVERLAP, why, sizeof(why));
	CHECK(strcmp(why, "segment 4 overlaps segment 3") == 0);

	build();
	*ph(PH_DATA) = *ph(PH_TEXT); /* the same range twice */
	ph(PH_DATA)->p_flags = PF_R;
	CHECK(fails_with(ELF_E_OVERLAP, PH_DATA));
}

/*
 * Data starting in the page where text ends, as linkers lay out small
 * programs: the bytes are disjoint, so it is accepted; one byte of
 * overlap is not.
 */
static void boundary_page_may_be_shared(void)
{
	struct elf_image img;
	const uint64_t at = TEXT_OFF + TEXT_SIZE;

	build();
	set_phdr(PH_DATA, PT_LOAD, PF_R | PF_W, at, BASE + at, DATA_FILESZ,
		 0x1000);
	set_phdr(PH_TLS, PT_TLS, PF_R, at, BASE + at, 0x10, 0x20);
	CHECK(parse_im(&img) == 0);
	CHECK(image_is_sound(&img, IMG_SIZE));
	CHECK(img.seg[1].vaddr + img.seg[1].memsz == img.seg[2].vaddr);
	CHECK(img.seg[2].vaddr % ELF_PAGE_SIZE != 0);
	CHECK(img.hi == BASE + 0x3000);

	ph(PH_DATA)->p_vaddr--;
	ph(PH_DATA)->p_offset--;
	CHECK(fails_with(ELF_E_OVERLAP, PH_DATA));
}

/* Write n PT_LOADs of one page each, the first holding the entry. */
static void build_loads(unsigned n)
{
	build();
	im.eh.e_phnum = (uint16_t)n;
	im.eh.e_entry = BASE + 0x10;
	for (unsigned i = 0; i < n; i++)
		set_phdr((int)i, PT_LOAD, i == 0 ? PF_R | PF_X : PF_R, 0,
			 BASE + 0x1000 * i, i == 0 ? 0x1000 : 0, 0x1000);
}

static void segment_count_limits(void)
{
	struct elf_image img;

	build_loads(ELF_MAX_SEGMENTS);
	CHECK(parse_im(&img) == 0 && img.nseg == ELF_MAX_SEGMENTS);
	CHECK(!img.has_phdr_vaddr || img.phdr_vaddr == BASE + 64);
	build_loads(ELF_MAX_SEGMENTS + 1);
	CHECK(fails_with(ELF_E_TOOMANY, ELF_MAX_SEGMENTS));

	build();
	for (int i = 0; i < NPH; i++)
		if (ph(i)->p_type == PT_LOAD)
			ph(i)->p_type = PT_NULL;
	CHECK(fails_with(ELF_E_NOLOAD, -1));
}

/* An empty PT_LOAD maps nothing, so it is dropped, not checked for order. */
static void empty_loads_are_dropped(void)
{
	struct elf_image img;

	build();
	set_phdr(PH_STACK, PT_LOAD, PF_R, 0, 0, 0, 0);
	CHECK(parse_im(&img) == 0 && img.nseg == 3);
	build_loads(1);
	ph(0)->p_filesz = ph(0)->p_memsz = 0;
	CHECK(fails_with(ELF_E_NOLOAD, -1));
}

static void entry_must_be_loaded_code(void)
{
	const uint64_t bad[] = {0,
				BASE,
				BASE + TEXT_OFF - 1,
				BASE + TEXT_OFF + TEXT_SIZE,
				BASE + DATA_OFF + 8,
				UINT64_MAX};

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		build();
		im.eh.e_entry = bad[i];
		CHECK(fails_with(ELF_E_ENTRY, -1));
	}
	/* Zero-filled bytes past p_filesz are not code. */
	build();
	ph(PH_TEXT)->p_memsz = 0x1000;
	im.eh.e_entry = BASE + TEXT_OFF + TEXT_SIZE;
	CHECK(fails_with(ELF_E_ENTRY, -1));
	build();
	im.eh.e_entry = BASE + TEXT_OFF + TEXT_SIZE - 1;
	CHECK(fails_with(0, -1));
}

/* Move every address of the built image by delta. */
static void shift_image(uint64_t delta)
{
	im.eh.e_entry += delta;
	for (int i = 0; i < NPH; i++)
		if (ph(i)->p_type != PT_GNU_STACK)
			ph(i)->p_vaddr += delta;
}

static void exec_must_sit_in_user_half(void)
{
	const uint64_t top = ELF_USER_TOP;

	build();
	ph(PH_TLS)->p_type = PT_NULL;
	ph(PH_DATA)->p_vaddr = top - 0x1000;
	CHECK(fails_with(0, -1)); /* ends exactly at the top */
	ph(PH_DATA)->p_memsz = 0x1001;
	CHECK(fails_with(ELF_E_USER, -1));
	build();
	shift_image(0xffff800000000000ull - BASE); /* a kernel address */
	CHECK(fails_with(ELF_E_USER, -1));
}

/* An ET_DYN is moved by its loader, so only its extent must fit. */
static void pie_needs_only_a_span_that_fits(void)
{
	struct elf_image img;

	build();
	im.eh.e_type = ET_DYN;
	shift_image(0xffff800000000000ull - BASE);
	CHECK(parse_im(&img) == 0 && img.pie);
	CHECK(img.hi - img.lo == 0x3000);
	CHECK(img.phdr_vaddr == 0xffff800000000040ull);

	build();
	im.eh.e_type = ET_DYN;
	shift_image(-BASE);
	ph(PH_DATA)->p_memsz = ELF_USER_TOP - DATA_OFF;
	CHECK(parse_im(&img) == 0 && img.lo == 0 && img.hi == ELF_USER_TOP);
	ph(PH_DATA)->p_memsz++;
	CHECK(fails_with(ELF_E_USER, -1));
}

static void interp_path_checks(void)
{
	struct elf_image img;
	char why[128];
	char *path = (char *)im.bytes + INTERP_OFF;

	build();
	ph(PH_INTERP)->p_filesz = strlen(INTERP); /* NUL left out */
	CHECK(fails_with(ELF_E_INTERP, PH_INTERP));
	build();
	path[0] = '\0';
	CHECK(fails_with(ELF_E_INTERP, PH_INTERP));
	build();
	ph(PH_INTERP)->p_filesz = 0;
	CHECK(fails_with(ELF_E_INTERP, PH_INTERP));

	build();
	memset(path, 'a', ELF_INTERP_MAX - 1);
	path[ELF_INTERP_MAX - 1] = '\0';
	ph(PH_INTERP)->p_filesz = ELF_INTERP_MAX;
	CHECK(parse_im(&img) == 0);
	CHECK(strlen(img.interp) == ELF_INTERP_MAX - 1);
	path[ELF_INTERP_MAX - 1] = 'a'; /* 256 bytes before the NUL */
	ph(PH_INTERP)->p_filesz = ELF_INTERP_MAX + 1;
	CHECK(fails_with(ELF_E_INTERP, PH_INTERP));

	build();
	ph(PH_INTERP)->p_offset = IMG_SIZE - 4;
	ph(PH_INTERP)->p_filesz = 0xffffffffffffff00ull;
	CHECK(fails_with(ELF_E_FILERANGE, PH_INTERP));
	ph(PH_INTERP)->p_offset = 0xffffffffffffff00ull;
	ph(PH_INTERP)->p_filesz = 0x10;
	CHECK(fails_with(ELF_E_FILERANGE, PH_INTERP));
	build();
	*ph(PH_STACK) = *ph(PH_INTERP);
	CHECK(parse_im(&img) == ELF_E_DUPLICATE);
	elf_describe(&img, ELF_E_DUPLICATE, why, sizeof(why));
	CHECK(strcmp(why, "segment 6: segment type may appear only once "
			  "(see segment 1)") == 0);
	build();
	*ph(PH_STACK) = *ph(PH_INTERP); /* after the loads */
	ph(PH_INTERP)->p_type = PT_NULL;
	CHECK(fails_with(ELF_E_LATE, PH_STACK));
}

static void tls_checks(void)
{
	struct elf_image img;

	build();
	ph(PH_TLS)->p_align = 0;
	CHECK(parse_im(&img) == 0 && img.tls_align == 1);
	ph(PH_TLS)->p_align = 24;
	CHECK(fails_with(ELF_E_TLS, PH_TLS));
	ph(PH_TLS)->p_align = 2 * ELF_PAGE_SIZE;
	CHECK(fails_with(ELF_E_TLS, PH_TLS));

	build();
	ph(PH_TLS)->p_filesz = 0x21;
	CHECK(fails_with(ELF_E_FILESZ, PH_TLS));
	build();
	ph(PH_TLS)->p_vaddr = BASE + 0x5000; /* not in any segment */
	CHECK(fails_with(ELF_E_TLS, PH_TLS));
	build();
	ph(PH_TLS)->p_offset = DATA_OFF + 8; /* bytes differ from memory */
	CHECK(fails_with(ELF_E_TLS, PH_TLS));
	build();
	ph(PH_DATA)->p_filesz = 8; /* the TLS image runs into the bss */
	CHECK(fails_with(ELF_E_TLS, PH_TLS));
	build();
	ph(PH_TLS)->p_filesz = 0; /* .tbss only: nothing to copy */
	ph(PH_TLS)->p_vaddr = BASE + 0x9000;
	CHECK(fails_with(0, -1));
	build();
	ph(PH_TLS)->p_vaddr = UINT64_MAX - 8;
	CHECK(fails_with(ELF_E_WRAP, PH_TLS));
	build();
	*ph(PH_STACK) = *ph(PH_TLS);
	CHECK(fails_with(ELF_E_DUPLICATE, PH_STACK));
	build();
	ph(PH_TLS)->p_type = PT_NULL;
	CHECK(parse_im(&img) == 0 && !img.has_tls);
}

static void phdr_checks(void)
{
	struct elf_image img;

	build();
	ph(PH_PHDR)->p_offset = 0;
	CHECK(fails_with(ELF_E_PHDR, PH_PHDR));
	build();
	ph(PH_PHDR)->p_filesz = 56;
	CHECK(fails_with(ELF_E_PHDR, PH_PHDR));
	build();
	ph(PH_PHDR)->p_vaddr = BASE + TEXT_OFF; /* not where they load */
	CHECK(fails_with(ELF_E_PHDR, PH_PHDR));
	build();
	*ph(PH_STACK) = *ph(PH_PHDR);
	CHECK(fails_with(ELF_E_DUPLICATE, PH_STACK));
	build();
	*ph(PH_STACK) = *ph(PH_PHDR);
	ph(PH_PHDR)->p_type = PT_NULL;
	CHECK(fails_with(ELF_E_LATE, PH_STACK));

	/* Without PT_PHDR the address follows from the first segment, */
	build();
	ph(PH_PHDR)->p_type = PT_NULL;
	CHECK(parse_im(&img) == 0);
	CHECK(img.has_phdr_vaddr && img.phdr_vaddr == BASE + 64);
	/* unless no segment loads the table. */
	ph(PH_RODATA)->p_filesz = 64;
	CHECK(parse_im(&img) == 0);
	CHECK(!img.has_phdr_vaddr && img.phdr_vaddr == 0);
}

static void stack_permissions(void)
{
	struct elf_image img;

	build();
	ph(PH_STACK)->p_flags = PF_R | PF_W | PF_X;
	CHECK(parse_im(&img) == 0 && img.exec_stack);
	ph(PH_STACK)->p_type = PT_NULL;
	CHECK(parse_im(&img) == 0 && !img.exec_stack);
	build();
	*ph(PH_TLS) = *ph(PH_STACK);
	CHECK(fails_with(ELF_E_DUPLICATE, PH_STACK));
}

static void messages_are_distinct(void)
{
	char why[128];
	struct elf_image img;

	for (int a = ELF_E_LAST; a <= ELF_E_BADARG; a++) {
		CHECK(strcmp(elf_strerror(a), "unknown error") != 0);
		for (int b = a + 1; b <= ELF_E_BADARG; b++)
			CHECK(strcmp(elf_strerror(a), elf_strerror(b)) != 0);
	}
	CHECK(strcmp(elf_strerror(0), "success") == 0);
	CHECK(strcmp(elf_strerror(1), "unknown error") == 0);
	CHECK(strcmp(elf_strerror(ELF_E_LAST - 1), "unknown error") == 0);
	CHECK(strcmp(elf_strerror(-2147483647 - 1), "unknown error") == 0);

	/* A short buffer is cut, and still terminated. */
	build();
	ph(PH_TEXT)->p_memsz = 0x1001;
	CHECK(parse_im(&img) == ELF_E_OVERLAP);
	memset(why, 'x', sizeof(why));
	elf_describe(&img, ELF_E_OVERLAP, why, 8);
	CHECK(strcmp(why, "segment") == 0 && why[8] == 'x');
	elf_describe(&img, ELF_E_OVERLAP, why, 1);
	CHECK(why[0] == '\0' && why[1] == 'e');
	elf_describe(&img, ELF_E_OVERLAP, NULL, 0);
}

/*
 * A position-independent image for elf_relocs: PH_INTERP becomes a
 * PT_DYNAMIC at the start of the data segment's file part, naming two
 * RELATIVE relocations stored after it.
 */
#define DYN_OFF  DATA_OFF
#define RELA_OFF (DATA_OFF + 0x40)

static Elf64_Dyn *dyn(int i)
{
	return (Elf64_Dyn *)(im.bytes + DYN_OFF) + i;
}

static Elf64_Rela *rela(int i)
{
	return (Elf64_Rela *)(im.bytes + RELA_OFF) + i;
}

static void build_pie(void)
{
	build();
	im.eh.e_type = ET_DYN;
	set_phdr(PH_INTERP, PT_DYNAMIC, PF_R | PF_W, DYN_OFF, BASE + DYN_OFF,
		 0x40, 0x40);
	*dyn(0) = (Elf64_Dyn){DT_RELA, {BASE + RELA_OFF}};
	*dyn(1) = (Elf64_Dyn){DT_RELASZ, {2 * sizeof(Elf64_Rela)}};
	*dyn(2) = (Elf64_Dyn){DT_RELAENT, {sizeof(Elf64_Rela)}};
	*dyn(3) = (Elf64_Dyn){DT_NULL, {0}};
	*rela(0) =
	    (Elf64_Rela){BASE + DATA_OFF + 0x100, R_X86_64_RELATIVE, 0x1234};
	/* The last word of the data segment's memory (bss). */
	*rela(1) = (Elf64_Rela){BASE + DATA_OFF + 0xff8, R_X86_64_RELATIVE, 8};
}

/* Parse the image, then expect elf_relocs to return err. */
static bool relocs_give(int err, uint64_t bad)
{
	struct elf_image img;
	struct elf_relocs r;

	if (parse_im(&img) != 0)
		return false;
	return elf_relocs(&im, sizeof(im), &img, &r) == err &&
	       (err != ELF_E_RELOC && err != ELF_E_RELTYPE ? true
							   : r.bad == bad);
}

static void relative_relocations_accepted(void)
{
	struct elf_image img;
	struct elf_relocs r;
	uint64_t where, addend;

	build_pie();
	CHECK(parse_im(&img) == 0 && img.pie && img.has_dynamic);
	CHECK(elf_relocs(&im, sizeof(im), &img, &r) == 0 && r.count == 2);
	CHECK(r.offset == RELA_OFF);
	CHECK(elf_rela(&im, &r, 0, &where, &addend));
	CHECK(where == BASE + DATA_OFF + 0x100 && addend == 0x1234);
	CHECK(elf_rela(&im, &r, 1, &where, &addend) && addend == 8);
	rela(1)->r_info = R_X86_64_NONE;
	CHECK(relocs_give(0, 0));
	CHECK(!elf_rela(&im, &r, 1, &where, &addend));

	/* No PT_DYNAMIC, or one without DT_RELA: nothing to do. */
	build();
	CHECK(parse_im(&img) == 0 && !img.has_dynamic);
	CHECK(elf_relocs(&im, sizeof(im), &img, &r) == 0 && r.count == 0);
	build_pie();
	dyn(0)->d_tag = DT_DEBUG;
	CHECK(relocs_give(0, 0));
	CHECK(elf_relocs(NULL, 0, &img, &r) == ELF_E_BADARG);
}

static void malformed_dynamic_refused(void)
{
	build_pie();
	ph(PH_INTERP)->p_filesz = 0x30; /* DT_NULL cut off */
	CHECK(relocs_give(ELF_E_DYNAMIC, 0));
	build_pie();
	ph(PH_INTERP)->p_offset = IMG_SIZE - 8;
	CHECK(relocs_give(ELF_E_DYNAMIC, 0));
	build_pie();
	ph(PH_INTERP)->p_offset = UINT64_MAX - 8;
	CHECK(relocs_give(ELF_E_DYNAMIC, 0));
	build_pie();
	dyn(2)->d_un.d_val = 16;
	CHECK(relocs_give(ELF_E_DYNAMIC, 0));
	build_pie();
	dyn(1)->d_un.d_val = 47;
	CHECK(relocs_give(ELF_E_DYNAMIC, 0));
	/* The table must be in the file part of a segment, not in bss. */
	build_pie();
	dyn(1)->d_un.d_val = 0x1000 * sizeof(Elf64_Rela);
	CHECK(relocs_give(ELF_E_DYNAMIC, 0));
	build_pie();
	dyn(0)->d_un.d_val = BASE + DATA_OFF + 0x100;
	CHECK(relocs_give(ELF_E_DYNAMIC, 0));
	build_pie();
	dyn(0)->d_un.d_val = UINT64_MAX - 8;
	CHECK(relocs_give(ELF_E_DYNAMIC, 0));
}

static void only_relative_relocations(void)
{
	static const int64_t refused[] = {DT_NEEDED, DT_REL, DT_JMPREL,
					  DT_TEXTREL, 36 /* DT_RELR */};

	for (unsigned i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		build_pie();
		dyn(2)->d_tag = refused[i];
		CHECK(relocs_give(ELF_E_RELTYPE, 0));
	}
	build_pie();
	*dyn(2) = (Elf64_Dyn){DT_PLTRELSZ, {24}};
	CHECK(relocs_give(ELF_E_RELTYPE, 0));
	build_pie();
	rela(1)->r_info = R_X86_64_64;
	CHECK(relocs_give(ELF_E_RELTYPE, 1));
	build_pie();
	rela(0)->r_info = ELF64_R_INFO(1, R_X86_64_RELATIVE);
	CHECK(relocs_give(ELF_E_RELTYPE, 0));
	/* RELATIVE means another number on aarch64. */
	build_pie();
	im.eh.e_machine = EM_AARCH64;
	{
		struct elf_image img;
		struct elf_relocs r;

		CHECK(parse_copy(&im, sizeof(im), EM_AARCH64, &img) == 0);
		CHECK(elf_relocs(&im, sizeof(im), &img, &r) == ELF_E_RELTYPE);
		rela(0)->r_info = R_AARCH64_RELATIVE;
		rela(1)->r_info = R_AARCH64_RELATIVE;
		CHECK(parse_copy(&im, sizeof(im), EM_AARCH64, &img) == 0);
		CHECK(elf_relocs(&im, sizeof(im), &img, &r) == 0);
	}
}

static void relocation_targets_inside_image(void)
{
	build_pie();
	rela(1)->r_offset++; /* its last byte past the segment */
	CHECK(relocs_give(ELF_E_RELOC, 1));
	build_pie();
	rela(0)->r_offset = BASE + TEXT_OFF + TEXT_SIZE; /* a gap */
	CHECK(relocs_give(ELF_E_RELOC, 0));
	build_pie();
	rela(0)->r_offset = UINT64_MAX - 3;
	CHECK(relocs_give(ELF_E_RELOC, 0));
	build_pie();
	rela(0)->r_offset = BASE - 8;
	CHECK(relocs_give(ELF_E_RELOC, 0));
}

/* Random bytes over the dynamic table and relocations stay safe. */
static void random_dynamic_stays_sound(void)
{
	struct elf_image img;
	struct elf_relocs r;
	uint64_t where, addend;
	unsigned accepted = 0;

	srand(9876);
	for (int round = 0; round < 100000; round++) {
		build_pie();
		for (int n = rand() % 4 + 1; n > 0; n--)
			im.bytes[DYN_OFF + (size_t)rand() % 0x70] =
			    (uint8_t)rand();
		if (parse_im(&img) || elf_relocs(&im, sizeof(im), &img, &r))
			continue;
		accepted++;
		CHECK(r.offset <= IMG_SIZE &&
		      r.count <= (IMG_SIZE - r.offset) / sizeof(Elf64_Rela));
		for (uint64_t i = 0; i < r.count; i++)
			if (elf_rela(&im, &r, i, &where, &addend))
				CHECK(where >= img.lo && where + 8 <= img.hi);
	}
	CHECK(accepted > 0);
}

/*
 * Random bytes written over the headers: whatever is accepted must
 * still satisfy every promise, for both machines.
 */
static void random_corruption_stays_sound(void)
{
	const size_t hot = 64 + NPH * sizeof(Elf64_Phdr);
	struct elf_image img;
	unsigned accepted = 0;

	srand(4321);
	for (int round = 0; round < 200000; round++) {
		build();
		for (int n = rand() % 4 + 1; n > 0; n--)
			im.bytes[(size_t)rand() % hot] = (uint8_t)rand();
		if (parse_im(&img) == 0) {
			CHECK(image_is_sound(&img, IMG_SIZE));
			accepted++;
		}
		if (parse_copy(&im, sizeof(im), EM_AARCH64, &img) == 0)
			CHECK(image_is_sound(&img, IMG_SIZE));
	}
	CHECK(accepted > 0);
}

int main(void)
{
	const char *no_clang = "clang cannot link a static binary here";

	RUN_IF(load_compiled("-static"), static_exec_built_here, no_clang);
	RUN_IF(load_compiled("-static-pie -fpie"), static_pie_built_here,
	       no_clang);
	RUN_IF(load_compiled("--target=aarch64-linux-gnu -fuse-ld=lld "
			     "-static"),
	       aarch64_exec_built_here, "no aarch64 cross linking");
	RUN_IF(load_compiled("-static -fuse-ld=lld -Wl,-z,noseparate-code"),
	       packed_lld_exec_built_here, "no ld.lld");
	RUN_IF(load_file("/bin/busybox"), busybox_static, "no /bin/busybox");
	RUN_IF(load_file("/usr/bin/ls"), dynamic_pie_ls, "no /usr/bin/ls");
	free(real);

	RUN(built_image_parses);
	RUN(every_truncation_fails);
	RUN(bad_arguments);
	RUN(bad_identification);
	RUN(bad_file_header);
	RUN(program_header_table_outside_file);
	RUN(segment_ranges_are_overflow_safe);
	RUN(address_and_offset_must_agree);
	RUN(segments_sorted_and_disjoint);
	RUN(boundary_page_may_be_shared);
	RUN(segment_count_limits);
	RUN(empty_loads_are_dropped);
	RUN(entry_must_be_loaded_code);
	RUN(exec_must_sit_in_user_half);
	RUN(pie_needs_only_a_span_that_fits);
	RUN(interp_path_checks);
	RUN(tls_checks);
	RUN(phdr_checks);
	RUN(stack_permissions);
	RUN(messages_are_distinct);
	RUN(relative_relocations_accepted);
	RUN(malformed_dynamic_refused);
	RUN(only_relative_relocations);
	RUN(relocation_targets_inside_image);
	RUN(random_dynamic_stays_sound);
	RUN(random_corruption_stays_sound);
	return check_failures != 0;
}
