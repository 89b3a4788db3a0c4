/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for kernel/elf.c. Executables come from users, so
 * any input must be refused by elf_parse without a read outside the
 * buffer (ASan checks that), or accepted with every promise of
 * kernel/include/kernel/elf.h kept (checked here; a broken one aborts).
 *
 * Build: clang -fsanitize=fuzzer,address,undefined -Ikernel/include \
 *		tests/fuzz/fuzz_elf.c kernel/elf.c -o fuzz_elf
 * Seed corpus: any small static executable, e.g. one built with
 *	clang -static -nostdlib -fuse-ld=lld -Wl,-z,noseparate-code
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <kernel/elf.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void require(int cond)
{
	if (!cond)
		abort();
}

/* The accepted segments are in the file, sorted, disjoint and spanned. */
static void check_segments(const struct elf_image *img, size_t size)
{
	require(img->nseg >= 1 && img->nseg <= ELF_MAX_SEGMENTS);
	for (unsigned k = 0; k < img->nseg; k++) {
		const struct elf_segment *s = &img->seg[k];

		require(s->memsz > 0 && s->filesz <= s->memsz);
		require(s->offset <= size && s->filesz <= size - s->offset);
		require(s->vaddr % ELF_PAGE_SIZE == s->offset % ELF_PAGE_SIZE);
		require(s->vaddr >= img->lo && s->vaddr <= img->hi &&
			s->memsz <= img->hi - s->vaddr);
		if (k > 0)
			require(s->vaddr >= s[-1].vaddr + s[-1].memsz);
	}
	require(img->lo % ELF_PAGE_SIZE == 0 && img->hi % ELF_PAGE_SIZE == 0);
	require(img->pie ? img->hi - img->lo <= ELF_USER_TOP
			 : img->hi <= ELF_USER_TOP);
}

static void check_image(const struct elf_image *img, size_t size)
{
	int entry_ok = 0;

	check_segments(img, size);
	for (unsigned k = 0; k < img->nseg; k++) {
		const struct elf_segment *s = &img->seg[k];

		if ((s->flags & ELF_X) && img->entry >= s->vaddr &&
		    img->entry - s->vaddr < s->filesz)
			entry_ok = 1;
	}
	require(entry_ok);
	require(memchr(img->interp, '\0', ELF_INTERP_MAX) != NULL);
	require(!img->has_tls ||
		(img->tls_align && !(img->tls_align & (img->tls_align - 1)) &&
		 img->tls_filesz <= img->tls_memsz));
	require(img->has_phdr_vaddr || img->phdr_vaddr == 0);
}

/* Accepted relocations name a table in the file and words in the image. */
static void check_relocs(const uint8_t *file, size_t size,
			 const struct elf_image *img)
{
	struct elf_relocs r;
	uint64_t where, addend;

	if (elf_relocs(file, size, img, &r) != 0)
		return;
	require(r.offset <= size &&
		r.count <= (size - r.offset) / ELF_RELA_SIZE);
	for (uint64_t i = 0; i < r.count; i++)
		if (elf_rela(file, &r, i, &where, &addend))
			require(where >= img->lo && where + 8 <= img->hi);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const uint16_t machines[] = {EM_X86_64, EM_AARCH64};
	/* A private copy of exactly size bytes, so overreads are caught. */
	uint8_t *copy = malloc(size ? size : 1);
	struct elf_image img;
	char why[96];

	if (copy == NULL)
		return 0;
	memcpy(copy, data, size);
	for (unsigned m = 0; m < 2; m++) {
		int err = elf_parse(copy, size, machines[m], &img);

		if (err == 0) {
			check_image(&img, size);
			check_relocs(copy, size, &img);
		}
		require(elf_strerror(err) != NULL);
		elf_describe(&img, err, why, sizeof(why));
		require(strlen(why) < sizeof(why));
	}
	free(copy);
	return 0;
}
