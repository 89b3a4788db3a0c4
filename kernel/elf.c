/* SPDX-License-Identifier: MIT */
/*
 * ELF64 executable reader: checks the file header and program header
 * table of an untrusted file and reduces them to a struct elf_image.
 *
 * Safety rule: each range taken from the file is checked as "offset <=
 * size && length <= size - offset" (or the same against the top of the
 * address space), so no header value can wrap a sum past a check.
 */
#include <kernel/elf.h>
#include <kernel/string.h>

/* e_ident layout and values, gABI "ELF Identification". */
#define EI_NIDENT   16
#define EI_CLASS    4
#define EI_DATA     5
#define EI_VERSION  6
#define ELFCLASS64  2
#define ELFDATA2LSB 1
#define EV_CURRENT  1

/* e_type values, gABI "ELF Header". */
#define ET_EXEC 2
#define ET_DYN  3

/* p_type values, gABI "Program Header", table "Segment Types". */
#define PT_LOAD    1
#define PT_DYNAMIC 2
#define PT_INTERP  3
#define PT_PHDR    6
#define PT_TLS     7

/*
 * GNU extension in the PT_LOOS..PT_HIOS range (LSB Core, "Program
 * Header"): its p_flags give the stack's permissions.
 */
#define PT_GNU_STACK 0x6474e551u

/* Permission bits of p_flags, gABI "Segment Flags"; the rest are OS's. */
#define PF_MASK (ELF_R | ELF_W | ELF_X)

#define ELF_PAGE_MASK ((uint64_t)ELF_PAGE_SIZE - 1)

/* Highest page-aligned address: any end at or below it rounds up safely. */
#define ELF_LAST_PAGE (UINT64_MAX & ~ELF_PAGE_MASK)

/* File header, gABI "ELF Header" (Elf64_Ehdr). */
struct elf64_ehdr {
	uint8_t e_ident[EI_NIDENT];
	uint16_t e_type;
	uint16_t e_machine;
	uint32_t e_version;
	uint64_t e_entry;
	uint64_t e_phoff;
	uint64_t e_shoff;
	uint32_t e_flags;
	uint16_t e_ehsize;
	uint16_t e_phentsize;
	uint16_t e_phnum;
	uint16_t e_shentsize;
	uint16_t e_shnum;
	uint16_t e_shstrndx;
};

/* Program header, gABI "Program Header" (Elf64_Phdr). */
struct elf64_phdr {
	uint32_t p_type;
	uint32_t p_flags;
	uint64_t p_offset;
	uint64_t p_vaddr;
	uint64_t p_paddr;
	uint64_t p_filesz;
	uint64_t p_memsz;
	uint64_t p_align;
};

/*
 * Headers are copied out of the file into these structs, which is only
 * a faithful decoding if they have the file's layout and byte order:
 * both kernel targets are little-endian and only ELFDATA2LSB is read.
 */
_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
	       "elf.c decodes little-endian headers by copying them");
_Static_assert(sizeof(struct elf64_ehdr) == 64, "Elf64_Ehdr size");
_Static_assert(offsetof(struct elf64_ehdr, e_entry) == 24, "e_entry");
_Static_assert(offsetof(struct elf64_ehdr, e_phoff) == 32, "e_phoff");
_Static_assert(offsetof(struct elf64_ehdr, e_ehsize) == 52, "e_ehsize");
_Static_assert(offsetof(struct elf64_ehdr, e_phnum) == 56, "e_phnum");
_Static_assert(sizeof(struct elf64_phdr) == 56, "Elf64_Phdr size");
_Static_assert(offsetof(struct elf64_phdr, p_offset) == 8, "p_offset");
_Static_assert(offsetof(struct elf64_phdr, p_filesz) == 32, "p_filesz");
_Static_assert(offsetof(struct elf64_phdr, p_align) == 48, "p_align");

/* State of one elf_parse call. */
struct elf_parser {
	const uint8_t *file;
	uint64_t size;
	struct elf64_ehdr eh;
	struct elf_image *out;
	int last_load; /* program header index of seg[nseg - 1] */
	/* Program header index of each single-use entry seen, or -1. */
	int interp_at, phdr_at, tls_at, stack_at;
	struct elf64_phdr phdr; /* the PT_PHDR entry, if phdr_at >= 0 */
};

/* Record which program headers an error is about, for elf_describe. */
static int fail_at(struct elf_parser *p, int err, int idx, int prev)
{
	p->out->bad_phdr = idx;
	p->out->bad_phdr_prev = prev;
	return err;
}

/* Whether [off, off + len) lies inside the file. */
static bool in_file(const struct elf_parser *p, uint64_t off, uint64_t len)
{
	return off <= p->size && len <= p->size - off;
}

/*
 * Whether [addr, addr + len) wraps, counting the round-up of its end to
 * a page, which the loader and the span computation both perform.
 */
static bool wraps(uint64_t addr, uint64_t len)
{
	return addr > ELF_LAST_PAGE || len > ELF_LAST_PAGE - addr;
}

static uint64_t page_down(uint64_t x)
{
	return x & ~ELF_PAGE_MASK;
}

static uint64_t page_up(uint64_t x)
{
	return page_down(x + ELF_PAGE_MASK);
}

/* e_ident: signature, class, data encoding and version. */
static int check_ident(const struct elf_parser *p)
{
	const uint8_t *id = p->eh.e_ident;

	if (memcmp(id, "\177ELF", 4) != 0)
		return ELF_E_MAGIC;
	if (id[EI_CLASS] != ELFCLASS64)
		return ELF_E_CLASS;
	if (id[EI_DATA] != ELFDATA2LSB)
		return ELF_E_ENDIAN;
	/* EI_OSABI is not checked: Linux binaries say SYSV or GNU freely. */
	if (id[EI_VERSION] != EV_CURRENT)
		return ELF_E_VERSION;
	return 0;
}

/*
 * The rest of the file header. Section headers are not looked at: a
 * loader needs only segments, and stripped files may lack sections.
 */
static int check_header(const struct elf_parser *p, uint16_t machine)
{
	const struct elf64_ehdr *eh = &p->eh;
	uint64_t table = (uint64_t)eh->e_phnum * sizeof(struct elf64_phdr);

	if (eh->e_version != EV_CURRENT)
		return ELF_E_VERSION;
	if (eh->e_type != ET_EXEC && eh->e_type != ET_DYN)
		return ELF_E_TYPE;
	if (eh->e_machine != machine)
		return ELF_E_MACHINE;
	if (eh->e_ehsize != sizeof(struct elf64_ehdr))
		return ELF_E_EHSIZE;
	if (eh->e_phentsize != sizeof(struct elf64_phdr))
		return ELF_E_PHENTSIZE;
	/*
	 * PN_XNUM (0xffff, gABI "Extended numbering") is taken literally,
	 * as Linux does: the real count would be in section 0, unread here.
	 */
	if (eh->e_phnum == 0)
		return ELF_E_NOLOAD;
	if (!in_file(p, eh->e_phoff, table))
		return ELF_E_PHDRS;
	return 0;
}

/* Copy program header i, which check_header proved is in the file. */
static void read_phdr(const struct elf_parser *p, unsigned i,
		      struct elf64_phdr *ph)
{
	memcpy(ph, p->file + p->eh.e_phoff + i * sizeof(*ph), sizeof(*ph));
}

/* Checks every segment with file contents and a memory image must pass. */
static int check_extent(const struct elf_parser *p, const struct elf64_phdr *ph)
{
	if (ph->p_filesz > ph->p_memsz)
		return ELF_E_FILESZ;
	if (!in_file(p, ph->p_offset, ph->p_filesz))
		return ELF_E_FILERANGE;
	if (wraps(ph->p_vaddr, ph->p_memsz))
		return ELF_E_WRAP;
	return 0;
}

/*
 * A PT_LOAD. The gABI (Program Header) requires loadable entries sorted
 * by p_vaddr; comparing each with the previous byte range also rejects
 * overlap while letting two segments share the page at their boundary,
 * as Linux does. p_align is not checked: it names the largest page the
 * file allows, and only the 4 KiB granule we map with matters.
 */
static int take_load(struct elf_parser *p, int i, const struct elf64_phdr *ph)
{
	struct elf_image *img = p->out;
	const struct elf_segment *prev = NULL;
	int err = check_extent(p, ph);

	if (err)
		return fail_at(p, err, i, -1);
	if ((ph->p_vaddr & ELF_PAGE_MASK) != (ph->p_offset & ELF_PAGE_MASK))
		return fail_at(p, ELF_E_ALIGN, i, -1);
	/* Linux maps nothing for an empty PT_LOAD; some linker scripts
	   emit them, so they are accepted and dropped. */
	if (ph->p_memsz == 0)
		return 0;
	if (img->nseg > 0)
		prev = &img->seg[img->nseg - 1];
	if (prev && ph->p_vaddr < prev->vaddr)
		return fail_at(p, ELF_E_ORDER, i, p->last_load);
	if (prev && ph->p_vaddr < prev->vaddr + prev->memsz)
		return fail_at(p, ELF_E_OVERLAP, i, p->last_load);
	if (img->nseg == ELF_MAX_SEGMENTS)
		return fail_at(p, ELF_E_TOOMANY, i, -1);

	img->seg[img->nseg++] = (struct elf_segment){
	    .vaddr = ph->p_vaddr,
	    .memsz = ph->p_memsz,
	    .offset = ph->p_offset,
	    .filesz = ph->p_filesz,
	    .flags = ph->p_flags & PF_MASK,
	};
	p->last_load = i;
	return 0;
}

/*
 * A PT_INTERP: a path of 1 to ELF_INTERP_MAX - 1 bytes whose NUL lies
 * inside p_filesz. The gABI allows one, before any loadable entry.
 */
static int take_interp(struct elf_parser *p, int i, const struct elf64_phdr *ph)
{
	uint64_t max = ph->p_filesz;
	const char *path;
	size_t len;

	if (p->interp_at >= 0)
		return fail_at(p, ELF_E_DUPLICATE, i, p->interp_at);
	if (p->out->nseg > 0)
		return fail_at(p, ELF_E_LATE, i, p->last_load);
	if (!in_file(p, ph->p_offset, ph->p_filesz))
		return fail_at(p, ELF_E_FILERANGE, i, -1);

	/* Only now is the pointer known to stay inside the file. */
	path = (const char *)p->file + ph->p_offset;
	if (max > ELF_INTERP_MAX)
		max = ELF_INTERP_MAX;
	len = strnlen(path, (size_t)max);
	if (len == 0 || len == max)
		return fail_at(p, ELF_E_INTERP, i, -1);

	memcpy(p->out->interp, path, len + 1);
	p->interp_at = i;
	return 0;
}

/*
 * A PT_PHDR, which the gABI allows once, before any loadable entry. It
 * is checked against the segments once they are all known.
 */
static int take_phdr(struct elf_parser *p, int i, const struct elf64_phdr *ph)
{
	if (p->phdr_at >= 0)
		return fail_at(p, ELF_E_DUPLICATE, i, p->phdr_at);
	if (p->out->nseg > 0)
		return fail_at(p, ELF_E_LATE, i, p->last_load);
	p->phdr = *ph;
	p->phdr_at = i;
	return 0;
}

/*
 * A PT_TLS: the initial image of thread-local storage (gABI "Thread-
 * Local Storage"). Its alignment is capped at a page because the TLS
 * block is placed in page-aligned memory and cannot promise more.
 */
static int take_tls(struct elf_parser *p, int i, const struct elf64_phdr *ph)
{
	struct elf_image *img = p->out;
	uint64_t align = ph->p_align ? ph->p_align : 1;
	int err;

	if (p->tls_at >= 0)
		return fail_at(p, ELF_E_DUPLICATE, i, p->tls_at);
	err = check_extent(p, ph);
	if (err)
		return fail_at(p, err, i, -1);
	if ((align & (align - 1)) != 0 || align > ELF_PAGE_SIZE)
		return fail_at(p, ELF_E_TLS, i, -1);

	img->has_tls = true;
	img->tls_vaddr = ph->p_vaddr;
	img->tls_filesz = ph->p_filesz;
	img->tls_memsz = ph->p_memsz;
	img->tls_align = align;
	p->tls_at = i;
	return 0;
}

/* A PT_GNU_STACK: only its PF_X bit means anything to a loader. */
static int take_stack(struct elf_parser *p, int i, const struct elf64_phdr *ph)
{
	if (p->stack_at >= 0)
		return fail_at(p, ELF_E_DUPLICATE, i, p->stack_at);
	p->out->exec_stack = (ph->p_flags & ELF_X) != 0;
	p->stack_at = i;
	return 0;
}

/*
 * One pass over the table. Other types (PT_NOTE, PT_NULL,
 * PT_GNU_RELRO, ...) are for the dynamic linker, debuggers or no one,
 * so they are skipped, as Linux skips them.
 */
static int walk_phdrs(struct elf_parser *p)
{
	struct elf64_phdr ph;
	int err = 0;

	for (int i = 0; i < p->eh.e_phnum && err == 0; i++) {
		read_phdr(p, (unsigned)i, &ph);
		switch (ph.p_type) {
		case PT_LOAD:
			err = take_load(p, i, &ph);
			break;
		case PT_INTERP:
			err = take_interp(p, i, &ph);
			break;
		case PT_PHDR:
			err = take_phdr(p, i, &ph);
			break;
		case PT_TLS:
			err = take_tls(p, i, &ph);
			break;
		case PT_GNU_STACK:
			err = take_stack(p, i, &ph);
			break;
		case PT_DYNAMIC:
			/* Checked by elf_relocs, for the loaders that use it.
			 */
			if (!p->out->has_dynamic) {
				p->out->has_dynamic = true;
				p->out->dynamic_offset = ph.p_offset;
				p->out->dynamic_filesz = ph.p_filesz;
			}
			break;
		default:
			break;
		}
	}
	return err;
}

/*
 * The page-aligned span of the image. Segments are sorted and disjoint,
 * so the last one ends highest. An ET_EXEC must sit below ELF_USER_TOP
 * as linked; an ET_DYN only needs to fit there once given a base.
 */
static int check_span(struct elf_parser *p)
{
	struct elf_image *img = p->out;
	const struct elf_segment *last = &img->seg[img->nseg - 1];

	img->lo = page_down(img->seg[0].vaddr);
	img->hi = page_up(last->vaddr + last->memsz);
	if (img->pie ? img->hi - img->lo > ELF_USER_TOP
		     : img->hi > ELF_USER_TOP)
		return ELF_E_USER;
	return 0;
}

/*
 * The segment holding [vaddr, vaddr + len) in its file-backed part, at
 * file offset off, so that reading those bytes from the file or from the
 * loaded image gives the same result; NULL if there is none.
 */
static const struct elf_segment *backing_segment(const struct elf_image *img,
						 uint64_t vaddr, uint64_t off,
						 uint64_t len)
{
	for (unsigned k = 0; k < img->nseg; k++) {
		const struct elf_segment *s = &img->seg[k];
		uint64_t delta = vaddr - s->vaddr;

		if (vaddr >= s->vaddr && delta <= s->filesz &&
		    len <= s->filesz - delta && off >= delta &&
		    off - delta == s->offset)
			return s;
	}
	return NULL;
}

/* The entry point must be an instruction loaded from the file. */
static int check_entry(const struct elf_image *img)
{
	for (unsigned k = 0; k < img->nseg; k++) {
		const struct elf_segment *s = &img->seg[k];

		if ((s->flags & ELF_X) && img->entry >= s->vaddr &&
		    img->entry - s->vaddr < s->filesz)
			return 0;
	}
	return ELF_E_ENTRY;
}

/* The TLS initial image must be loaded, so it can be copied at start. */
static int check_tls(struct elf_parser *p)
{
	const struct elf_image *img = p->out;
	struct elf64_phdr ph;

	if (!img->has_tls || img->tls_filesz == 0)
		return 0;
	read_phdr(p, (unsigned)p->tls_at, &ph);
	if (!backing_segment(img, ph.p_vaddr, ph.p_offset, ph.p_filesz))
		return fail_at(p, ELF_E_TLS, p->tls_at, -1);
	return 0;
}

/*
 * Where the program headers are in memory, for AT_PHDR. PT_PHDR says so
 * directly and must then describe this very table; without it (common
 * in static binaries) the address follows from the segment whose file
 * range covers the table, as Linux computes it.
 */
static int find_phdr_vaddr(struct elf_parser *p)
{
	struct elf_image *img = p->out;
	uint64_t table = (uint64_t)img->phnum * img->phentsize;
	uint64_t phoff = p->eh.e_phoff;

	if (p->phdr_at >= 0) {
		const struct elf64_phdr *ph = &p->phdr;

		if (ph->p_offset != phoff || ph->p_filesz < table ||
		    !backing_segment(img, ph->p_vaddr, phoff, table))
			return fail_at(p, ELF_E_PHDR, p->phdr_at, -1);
		img->has_phdr_vaddr = true;
		img->phdr_vaddr = ph->p_vaddr;
		return 0;
	}
	for (unsigned k = 0; k < img->nseg; k++) {
		const struct elf_segment *s = &img->seg[k];

		if (phoff >= s->offset && phoff - s->offset <= s->filesz &&
		    table <= s->filesz - (phoff - s->offset)) {
			img->has_phdr_vaddr = true;
			img->phdr_vaddr = s->vaddr + (phoff - s->offset);
			return 0;
		}
	}
	return 0;
}

/* Steps that need every segment: span, entry, TLS and AT_PHDR. */
static int check_image(struct elf_parser *p)
{
	int err;

	if (p->out->nseg == 0)
		return ELF_E_NOLOAD;
	err = check_span(p);
	if (err == 0)
		err = check_entry(p->out);
	if (err == 0)
		err = check_tls(p);
	if (err == 0)
		err = find_phdr_vaddr(p);
	return err;
}

static void start(struct elf_parser *p, const void *file, size_t size,
		  uint16_t machine, struct elf_image *out)
{
	memset(out, 0, sizeof(*out));
	out->bad_phdr = out->bad_phdr_prev = -1;
	out->wanted_machine = machine;
	*p = (struct elf_parser){
	    .file = file,
	    .size = size,
	    .out = out,
	    .last_load = -1,
	    .interp_at = -1,
	    .phdr_at = -1,
	    .tls_at = -1,
	    .stack_at = -1,
	};
}

int elf_parse(const void *file, size_t size, uint16_t expected_machine,
	      struct elf_image *out)
{
	struct elf_parser p;
	int err;

	if (out == NULL)
		return ELF_E_BADARG;
	start(&p, file, size, expected_machine, out);
	if (file == NULL ||
	    (expected_machine != EM_X86_64 && expected_machine != EM_AARCH64))
		return ELF_E_BADARG;
	if (size < sizeof(p.eh))
		return ELF_E_TRUNCATED;

	memcpy(&p.eh, file, sizeof(p.eh));
	out->machine = p.eh.e_machine;
	err = check_ident(&p);
	if (err == 0)
		err = check_header(&p, expected_machine);
	if (err)
		return err;

	out->pie = p.eh.e_type == ET_DYN;
	out->entry = p.eh.e_entry;
	out->phnum = p.eh.e_phnum;
	out->phentsize = p.eh.e_phentsize;
	err = walk_phdrs(&p);
	if (err == 0)
		err = check_image(&p);
	return err;
}

static const char *const elf_messages[] = {
    [-ELF_E_BADARG] = "invalid argument",
    [-ELF_E_TRUNCATED] = "file too short for an ELF header",
    [-ELF_E_MAGIC] = "not an ELF file",
    [-ELF_E_CLASS] = "not a 64-bit ELF file",
    [-ELF_E_ENDIAN] = "not a little-endian ELF file",
    [-ELF_E_VERSION] = "unknown ELF version",
    [-ELF_E_TYPE] = "not an executable (type is neither EXEC nor DYN)",
    [-ELF_E_MACHINE] = "wrong architecture",
    [-ELF_E_EHSIZE] = "ELF header size is not 64",
    [-ELF_E_PHENTSIZE] = "program header size is not 56",
    [-ELF_E_PHDRS] = "program header table past end of file",
    [-ELF_E_NOLOAD] = "no loadable segment",
    [-ELF_E_TOOMANY] = "too many loadable segments",
    [-ELF_E_FILESZ] = "segment file size exceeds its memory size",
    [-ELF_E_FILERANGE] = "segment file range past end of file",
    [-ELF_E_WRAP] = "segment wraps around the address space",
    [-ELF_E_ALIGN] = "segment address and offset differ modulo the page",
    [-ELF_E_ORDER] = "loadable segments not sorted by address",
    [-ELF_E_OVERLAP] = "loadable segments overlap",
    [-ELF_E_USER] = "image does not fit in the user address space",
    [-ELF_E_ENTRY] = "entry point not in executable code",
    [-ELF_E_DUPLICATE] = "segment type may appear only once",
    [-ELF_E_LATE] = "PT_INTERP or PT_PHDR after a loadable segment",
    [-ELF_E_INTERP] = "interpreter path empty, too long or unterminated",
    [-ELF_E_TLS] = "TLS segment misaligned or not in a loaded segment",
    [-ELF_E_PHDR] = "PT_PHDR does not match the program header table",
    [-ELF_E_DYNAMIC] = "dynamic table malformed or outside the file",
    [-ELF_E_RELTYPE] = "needs relocations other than RELATIVE "
		       "(shared libraries or a dynamic linker)",
    [-ELF_E_RELOC] = "relocation outside the loaded image",
};

const char *elf_strerror(int err)
{
	size_t n = sizeof(elf_messages) / sizeof(elf_messages[0]);

	if (err == 0)
		return "success";
	if (err > 0 || (size_t) - (int64_t)err >= n)
		return "unknown error";
	return elf_messages[-err];
}

/* A bounded string builder for elf_describe; excess is cut off. */
struct elf_text {
	char *buf;
	size_t size, len;
};

static void put_str(struct elf_text *t, const char *s)
{
	while (*s && t->len + 1 < t->size)
		t->buf[t->len++] = *s++;
	t->buf[t->len] = '\0';
}

static void put_uint(struct elf_text *t, unsigned v)
{
	char digits[12];
	int n = (int)sizeof(digits) - 1;

	digits[n] = '\0';
	do {
		digits[--n] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	put_str(t, &digits[n]);
}

/* "EM_<name> binary on <arch>", as a person would say it. */
static void put_machines(struct elf_text *t, const struct elf_image *img)
{
	if (img->machine == EM_X86_64)
		put_str(t, "EM_X86_64");
	else if (img->machine == EM_AARCH64)
		put_str(t, "EM_AARCH64");
	else {
		put_str(t, "machine ");
		put_uint(t, img->machine);
	}
	put_str(t, " binary on ");
	put_str(t, img->wanted_machine == EM_AARCH64 ? "aarch64" : "x86_64");
}

void elf_describe(const struct elf_image *img, int err, char *buf, size_t size)
{
	struct elf_text t = {buf, size, 0};
	int seg = img->bad_phdr, prev = img->bad_phdr_prev;

	if (size == 0)
		return;
	buf[0] = '\0';
	if (seg < 0) {
		put_str(&t, elf_strerror(err));
		if (err == ELF_E_MACHINE) {
			put_str(&t, ": ");
			put_machines(&t, img);
		}
		return;
	}
	put_str(&t, "segment ");
	put_uint(&t, (unsigned)seg);
	if (err == ELF_E_OVERLAP || err == ELF_E_ORDER) {
		put_str(&t, err == ELF_E_OVERLAP ? " overlaps" : " is below");
		put_str(&t, " segment ");
		put_uint(&t, (unsigned)prev);
		return;
	}
	put_str(&t, ": ");
	put_str(&t, elf_strerror(err));
	if (prev >= 0) {
		put_str(&t, " (see segment ");
		put_uint(&t, (unsigned)prev);
		put_str(&t, ")");
	}
}

/* ---- relocations of a position-independent image ---- */

/* d_tag values, gABI "Dynamic Section", table "Dynamic Array Tags". */
#define DT_NULL     0
#define DT_NEEDED   1
#define DT_PLTRELSZ 2
#define DT_RELA     7
#define DT_RELASZ   8
#define DT_RELAENT  9
#define DT_REL      17
#define DT_TEXTREL  22
#define DT_JMPREL   23
#define DT_RELR     36

/* Relocation types: the psABIs of x86-64 (4.4) and AArch64 (5.7). */
#define R_X86_64_NONE      0
#define R_X86_64_RELATIVE  8
#define R_AARCH64_NONE     0
#define R_AARCH64_RELATIVE 1027

struct elf64_dyn {
	int64_t d_tag;
	uint64_t d_val;
};

struct elf64_rela {
	uint64_t r_offset;
	uint64_t r_info; /* symbol << 32 | type */
	int64_t r_addend;
};
_Static_assert(sizeof(struct elf64_dyn) == 16, "Elf64_Dyn size");
_Static_assert(sizeof(struct elf64_rela) == ELF_RELA_SIZE, "Elf64_Rela");

/* What the dynamic table says about relocations. */
struct elf_dyn_info {
	uint64_t rela, relasz, relaent;
	bool has_rela, unsupported;
};

/* Read the dynamic table, which must end in DT_NULL inside the file. */
static int read_dynamic(const uint8_t *file, size_t size,
			const struct elf_image *img, struct elf_dyn_info *d)
{
	uint64_t off = img->dynamic_offset, len = img->dynamic_filesz;
	struct elf64_dyn dyn;

	if (off > size || len > size - off)
		return ELF_E_DYNAMIC;
	for (uint64_t at = 0; len - at >= sizeof(dyn); at += sizeof(dyn)) {
		memcpy(&dyn, file + off + at, sizeof(dyn));
		switch (dyn.d_tag) {
		case DT_NULL:
			return 0;
		case DT_RELA:
			d->rela = dyn.d_val;
			d->has_rela = true;
			break;
		case DT_RELASZ:
			d->relasz = dyn.d_val;
			break;
		case DT_RELAENT:
			d->relaent = dyn.d_val;
			break;
		case DT_NEEDED:
		case DT_REL:
		case DT_JMPREL:
		case DT_RELR:
		case DT_TEXTREL:
			d->unsupported = true;
			break;
		case DT_PLTRELSZ:
			d->unsupported |= dyn.d_val != 0;
			break;
		default:
			break;
		}
	}
	return ELF_E_DYNAMIC;
}

/* The file offset of [vaddr, vaddr + len) in a segment's file part. */
static bool vaddr_in_file(const struct elf_image *img, uint64_t vaddr,
			  uint64_t len, uint64_t *off)
{
	for (unsigned k = 0; k < img->nseg; k++) {
		const struct elf_segment *s = &img->seg[k];
		uint64_t delta = vaddr - s->vaddr;

		if (vaddr >= s->vaddr && delta <= s->filesz &&
		    len <= s->filesz - delta) {
			*off = s->offset + delta;
			return true;
		}
	}
	return false;
}

/* Whether the 8 bytes at vaddr lie inside one segment's memory. */
static bool word_in_image(const struct elf_image *img, uint64_t vaddr)
{
	for (unsigned k = 0; k < img->nseg; k++) {
		const struct elf_segment *s = &img->seg[k];

		if (vaddr >= s->vaddr && s->memsz >= 8 &&
		    vaddr - s->vaddr <= s->memsz - 8)
			return true;
	}
	return false;
}

static int check_rela(const uint8_t *file, const struct elf_image *img,
		      struct elf_relocs *out)
{
	uint32_t relative =
	    img->machine == EM_AARCH64 ? R_AARCH64_RELATIVE : R_X86_64_RELATIVE;
	struct elf64_rela r;

	for (uint64_t i = 0; i < out->count; i++) {
		memcpy(&r, file + out->offset + i * sizeof(r), sizeof(r));
		out->bad = i;
		if (r.r_info == R_X86_64_NONE)
			continue; /* NONE is 0 on both machines */
		if (r.r_info != relative)
			return ELF_E_RELTYPE; /* or a symbol: no symbols here */
		if (!word_in_image(img, r.r_offset))
			return ELF_E_RELOC;
	}
	out->bad = 0;
	return 0;
}

int elf_relocs(const void *file, size_t size, const struct elf_image *img,
	       struct elf_relocs *out)
{
	struct elf_dyn_info d = {0};
	int err;

	if (!file || !img || !out)
		return ELF_E_BADARG;
	*out = (struct elf_relocs){0};
	if (!img->has_dynamic)
		return 0;
	err = read_dynamic(file, size, img, &d);
	if (err)
		return err;
	if (d.unsupported)
		return ELF_E_RELTYPE;
	if (!d.has_rela)
		return 0;
	if (d.relaent != ELF_RELA_SIZE || d.relasz % ELF_RELA_SIZE != 0 ||
	    !vaddr_in_file(img, d.rela, d.relasz, &out->offset))
		return ELF_E_DYNAMIC;
	out->count = d.relasz / ELF_RELA_SIZE;
	return check_rela(file, img, out);
}

bool elf_rela(const void *file, const struct elf_relocs *r, uint64_t i,
	      uint64_t *where, uint64_t *addend)
{
	struct elf64_rela e;

	memcpy(&e, (const uint8_t *)file + r->offset + i * sizeof(e),
	       sizeof(e));
	*where = e.r_offset;
	*addend = (uint64_t)e.r_addend;
	return e.r_info != 0;
}
