/* SPDX-License-Identifier: MIT */
/*
 * A bounds-checked reader for ELF64 executables (System V gABI, chapters
 * "ELF Header" and "Program Header"), used to load user programs: native
 * servers, and static or PIE Linux binaries with or without PT_INTERP.
 *
 * elf_parse() reads only the file header and program header table, never
 * sections, and never reads outside [file, file + size). When it returns
 * 0 every field of struct elf_image has been checked, so a loader can map
 * the segments without re-validating any offset, size or address in them.
 * Nothing is allocated and nothing is locked; the file is untrusted input
 * and this code is fuzzed on the host (tests/fuzz/fuzz_elf.c).
 */
#ifndef KERNEL_ELF_H
#define KERNEL_ELF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* e_machine values, gABI "ELF Header", table "Machine". */
#define EM_X86_64  62
#define EM_AARCH64 183

/* Segment permissions; the same bits as p_flags (gABI "Segment Flags"). */
#define ELF_X 0x1u
#define ELF_W 0x2u
#define ELF_R 0x4u

/* Most PT_LOAD entries one image may have; toolchains emit 2 to 5. */
#define ELF_MAX_SEGMENTS 16

/* Longest interpreter path, including its terminating NUL. */
#define ELF_INTERP_MAX 256

/*
 * Granule that segments are checked against. 4 KiB is the smallest page
 * on both x86_64 and aarch64, and the gABI (Program Loading) requires
 * p_vaddr and p_offset to agree modulo the page size.
 */
#define ELF_PAGE_SIZE 4096u

/*
 * End of the lower (user) half of a 48-bit virtual address space: the
 * first non-canonical address on x86_64 (Intel SDM vol. 1, 3.3.7.1) and
 * the first address TTBR0_EL1 cannot map with a 48-bit VA on aarch64.
 */
#define ELF_USER_TOP 0x0000800000000000ull

/* Every error is negative, so 0 can mean success. */
enum elf_error {
	ELF_E_BADARG = -1,     /* NULL pointer or unsupported machine */
	ELF_E_TRUNCATED = -2,  /* shorter than an ELF header */
	ELF_E_MAGIC = -3,      /* no \x7fELF signature */
	ELF_E_CLASS = -4,      /* not ELFCLASS64 */
	ELF_E_ENDIAN = -5,     /* not ELFDATA2LSB */
	ELF_E_VERSION = -6,    /* not EV_CURRENT */
	ELF_E_TYPE = -7,       /* neither ET_EXEC nor ET_DYN */
	ELF_E_MACHINE = -8,    /* e_machine is not the one asked for */
	ELF_E_EHSIZE = -9,     /* e_ehsize is not 64 */
	ELF_E_PHENTSIZE = -10, /* e_phentsize is not 56 */
	ELF_E_PHDRS = -11,     /* program header table outside the file */
	ELF_E_NOLOAD = -12,    /* no non-empty PT_LOAD */
	ELF_E_TOOMANY = -13,   /* more than ELF_MAX_SEGMENTS PT_LOADs */
	ELF_E_FILESZ = -14,    /* p_filesz > p_memsz */
	ELF_E_FILERANGE = -15, /* p_offset + p_filesz past end of file */
	ELF_E_WRAP = -16,      /* p_vaddr + p_memsz wraps around */
	ELF_E_ALIGN = -17,     /* p_vaddr and p_offset differ mod page */
	ELF_E_ORDER = -18,     /* PT_LOADs not sorted by p_vaddr */
	ELF_E_OVERLAP = -19,   /* two PT_LOADs share bytes */
	ELF_E_USER = -20,      /* image does not fit in the user half */
	ELF_E_ENTRY = -21,     /* e_entry not in an executable segment */
	ELF_E_DUPLICATE = -22, /* second PT_INTERP, PT_PHDR or PT_TLS */
	ELF_E_LATE = -23,      /* PT_INTERP or PT_PHDR after a PT_LOAD */
	ELF_E_INTERP = -24,    /* interpreter path malformed or too long */
	ELF_E_TLS = -25,       /* PT_TLS misaligned or not in memory */
	ELF_E_PHDR = -26,      /* PT_PHDR disagrees with the header */
	/* Only from elf_relocs: */
	ELF_E_DYNAMIC = -27, /* PT_DYNAMIC or its table malformed */
	ELF_E_RELTYPE = -28, /* needs more than RELATIVE relocations */
	ELF_E_RELOC = -29,   /* a relocation outside the loaded image */
};
#define ELF_E_LAST ELF_E_RELOC

/*
 * One PT_LOAD. The loader maps [vaddr, vaddr + memsz) with flags, copies
 * filesz bytes from offset, and zeroes the rest. Two segments may share
 * a page at their boundary (their bytes never overlap), so a loader must
 * zero only [vaddr + filesz, vaddr + memsz), not to the end of the page,
 * and must give a shared page the union of both segments' permissions.
 */
struct elf_segment {
	uint64_t vaddr;  /* unbiased: add the load base for ET_DYN */
	uint64_t memsz;  /* > 0 */
	uint64_t offset; /* offset + filesz <= file size */
	uint64_t filesz; /* <= memsz */
	uint32_t flags;  /* ELF_R | ELF_W | ELF_X */
};

/*
 * What a loader needs from an executable. For ET_DYN images every
 * address (segment vaddr, entry, phdr_vaddr, tls_vaddr) is relative to
 * the load base the loader chooses; for ET_EXEC they are absolute.
 */
struct elf_image {
	uint16_t machine; /* EM_X86_64 or EM_AARCH64 */
	bool pie;         /* ET_DYN: may be loaded at any page-aligned base */
	uint64_t entry;   /* inside the file part of an ELF_X segment */
	/* Program headers in memory, for AT_PHDR, if some segment loads
	   them; otherwise has_phdr_vaddr is false and phdr_vaddr is 0. */
	bool has_phdr_vaddr;
	uint64_t phdr_vaddr;
	uint16_t phnum;     /* for AT_PHNUM */
	uint16_t phentsize; /* for AT_PHENT */

	struct elf_segment seg[ELF_MAX_SEGMENTS]; /* ascending, disjoint */
	unsigned nseg;                            /* 1..ELF_MAX_SEGMENTS */
	/* Page-aligned span of all segments. For ET_EXEC hi <= ELF_USER_TOP;
	   for ET_DYN hi - lo <= ELF_USER_TOP. */
	uint64_t lo, hi;

	char interp[ELF_INTERP_MAX]; /* PT_INTERP path, or "" if none */

	bool has_tls; /* PT_TLS: the initial image lies in a segment */
	uint64_t tls_vaddr, tls_filesz, tls_memsz;
	uint64_t tls_align; /* a power of two, 1 to ELF_PAGE_SIZE */

	/* PT_GNU_STACK asked for PF_X. Absent means a non-executable stack. */
	bool exec_stack;

	/* PT_DYNAMIC as found, unchecked: elf_relocs checks it. */
	bool has_dynamic;
	uint64_t dynamic_offset, dynamic_filesz;

	/* On failure, for elf_describe: program headers at fault or -1. */
	int bad_phdr, bad_phdr_prev;
	uint16_t wanted_machine;
};

/*
 * Check the ELF64 executable at file, of which exactly size bytes may be
 * read, built for expected_machine (EM_X86_64 or EM_AARCH64), and fill
 * out. Returns 0 or a negative ELF_E_*; after a failure only what
 * elf_describe reads from out is meaningful. file need not be aligned.
 */
int elf_parse(const void *file, size_t size, uint16_t expected_machine,
	      struct elf_image *out);

/*
 * The relocations a position-independent image needs, for a loader
 * without a dynamic linker: only R_X86_64_RELATIVE / R_AARCH64_RELATIVE
 * (and NONE) in one DT_RELA table. Each entry asks for the 64-bit word
 * at r_offset (image address) to become load bias + r_addend.
 */
struct elf_relocs {
	uint64_t offset; /* file offset of the Elf64_Rela table */
	uint64_t count;  /* entries in it, 0 if none */
	uint64_t bad; /* on ELF_E_RELTYPE / ELF_E_RELOC: the entry at fault */
};

#define ELF_RELA_SIZE 24u /* sizeof(Elf64_Rela), gABI "Relocation" */

/*
 * Check the dynamic table of img (from elf_parse on the same file) and
 * every relocation it names, and fill out. Returns 0, ELF_E_DYNAMIC
 * (table outside the file, unterminated, DT_RELA not in a loaded file
 * range, wrong entry size), ELF_E_RELTYPE (DT_NEEDED, DT_REL, DT_RELR,
 * DT_JMPREL or DT_TEXTREL, or an entry that is not RELATIVE or NONE) or
 * ELF_E_RELOC (an entry whose 8 bytes are not inside one segment). An
 * image without PT_DYNAMIC has no relocations. On 0, elf_rela reads
 * entries without further checks.
 */
int elf_relocs(const void *file, size_t size, const struct elf_image *img,
	       struct elf_relocs *out);

/*
 * Entry i (< r->count) of a table elf_relocs accepted: the image address
 * to write and the addend; false for an R_*_NONE entry, which is skipped.
 */
bool elf_rela(const void *file, const struct elf_relocs *r, uint64_t i,
	      uint64_t *where, uint64_t *addend);

/* A short English description of an error code, for log lines. */
const char *elf_strerror(int err);

/*
 * Write into buf (always NUL-terminated if size > 0) a description of
 * err that names the program headers and machines involved, such as
 * "segment 2 overlaps segment 1", using what elf_parse left in img.
 */
void elf_describe(const struct elf_image *img, int err, char *buf, size_t size);

#endif
