/* SPDX-License-Identifier: MIT */
/*
 * The user-space program loader (<slate/spawn.h>): builds a process
 * from a static native ELF executable, or a position-independent one
 * without an interpreter (static PIE), entirely with system calls, the
 * way kernel/userboot.c builds init. kernel/elf.c (compiled a second
 * time for user space) checks the file and its relocations first, so
 * nothing below re-validates an offset, size or address of it.
 */
#include <stdbool.h>
#include <string.h>

#include <kernel/bootfs.h>
#include <kernel/elf.h>
#include <slate/spawn.h>
#include <slate/sys.h>

#if defined(__x86_64__)
#define SPAWN_ELF_MACHINE EM_X86_64
#elif defined(__aarch64__)
#define SPAWN_ELF_MACHINE EM_AARCH64
#endif

#define PAGE_SIZE       4096ul
#define PAGE_UP(x)      (((x) + PAGE_SIZE - 1) & ~(PAGE_SIZE - 1))
#define PAGE_DOWN(x)    ((x) & ~(PAGE_SIZE - 1))
#define NAME_MAX_LEN    31
/* The same place the kernel puts init's stack; a gap above guards it. */
#define SPAWN_STACK_TOP 0x00007fffffe00000ul
/*
 * Where a position-independent image goes: far from 0x400000, where
 * static programs are linked, so that a missed relocation shows.
 * XXX: always the same base; there is no address space randomisation.
 */
#define SPAWN_PIE_BASE  0x0000000010000000ul
/* A PIE must end below this, far under the stack. */
#define SPAWN_PIE_LIMIT 0x0000700000000000ul

/* What one spawn has made so far, so a failure can undo exactly that. */
struct spawn {
	slate_handle_t proc, thread, image, stack;
	const struct elf_image *img;
	struct elf_relocs relocs;
	uint64_t bias; /* run-time address - link-time address (PIE only) */
	const char *const *argv, *const *envp;
	unsigned argc, envc;
	size_t block; /* bytes of start information, pointers and strings */
	uintptr_t stack_base, info_at;
	uintptr_t block_map;           /* the block's pages mapped here, or 0 */
	struct slate_start_info *info; /* inside block_map */
	slate_handle_t given[SLATE_START_MAX_HANDLES];
	uint32_t kinds[SLATE_START_MAX_HANDLES];
	unsigned ngiven;
};

static slate_handle_t self(void)
{
	return slate_self_process();
}

static unsigned elf_to_vm(uint32_t f)
{
	return (f & ELF_R ? SLATE_VM_READ : 0) |
	       (f & ELF_W ? SLATE_VM_WRITE : 0) |
	       (f & ELF_X ? SLATE_VM_EXEC : 0);
}

/* ---- the boot archive ---- */

static struct bootfs bootfs; /* valid once bootfs_mapped */
static bool bootfs_mapped;

static slate_status_t bootfs_map(void)
{
	const struct slate_start_info *si = slate_start_info();
	slate_handle_t vmo = slate_start_handle(SLATE_START_BOOTFS);
	slate_status_t addr;

	if (bootfs_mapped)
		return SLATE_OK;
	if (!si || vmo == SLATE_HANDLE_INVALID || si->bootfs_size == 0)
		return SLATE_ERR_NOT_FOUND;
	addr = slate_vm_map(self(), vmo, 0, PAGE_UP(si->bootfs_size), 0,
			    SLATE_VM_READ);
	if (addr < 0)
		return addr;
	if (bootfs_open(&bootfs, (const void *)(uintptr_t)addr,
			(size_t)si->bootfs_size)) {
		slate_vm_unmap(self(), (uintptr_t)addr,
			       PAGE_UP(si->bootfs_size));
		return SLATE_ERR_INVALID;
	}
	bootfs_mapped = true;
	return SLATE_OK;
}

slate_status_t slate_bootfs_find(const char *name, const void **data,
				 size_t *size)
{
	slate_status_t err = bootfs_map();

	if (err)
		return err;
	return bootfs_find(&bootfs, name, data, size) ? SLATE_OK
						      : SLATE_ERR_NOT_FOUND;
}

/* ---- checking the request ---- */

static slate_status_t check_handles(const struct slate_spawn_handle *handles,
				    unsigned nhandles)
{
	struct slate_handle_info info;
	slate_status_t err;

	if (nhandles > SLATE_SPAWN_MAX_HANDLES || (nhandles && !handles))
		return SLATE_ERR_INVALID;
	for (unsigned i = 0; i < nhandles; i++) {
		err = slate_handle_info(handles[i].handle, &info);
		if (err)
			return err;
		if (!(info.rights & SLATE_RIGHT_TRANSFER))
			return SLATE_ERR_ACCESS;
		for (unsigned j = 0; j < i; j++)
			if (handles[j].handle == handles[i].handle)
				return SLATE_ERR_INVALID; /* moves once */
	}
	return SLATE_OK;
}

/* Count a vector, adding its pointers and strings to *bytes. */
static slate_status_t measure_vector(const char *const *v, unsigned *count,
				     size_t *bytes)
{
	unsigned n = 0;

	while (v && v[n]) {
		*bytes += sizeof(uint64_t) + strlen(v[n]) + 1;
		if (*bytes > SLATE_SPAWN_ARGS_MAX)
			return SLATE_ERR_TOO_BIG;
		n++;
	}
	*count = n;
	return SLATE_OK;
}

/* Count argv and envp and size the start block: info, pointers, strings. */
static slate_status_t measure_args(struct spawn *s)
{
	size_t bytes = sizeof(struct slate_start_info);
	slate_status_t st = measure_vector(s->argv, &s->argc, &bytes);

	if (!st)
		st = measure_vector(s->envp, &s->envc, &bytes);
	s->block = (bytes + 15) & ~(size_t)15;
	return st;
}

/* Say why the image was refused, if the caller asked. */
static void say_why(const struct slate_spawn_opts *opts, const char *what,
		    const struct elf_image *img, int err)
{
	size_t n;

	if (!opts || !opts->why || !opts->why_size)
		return;
	strlcpy(opts->why, what, opts->why_size);
	n = strlen(opts->why);
	if (img && n < opts->why_size)
		elf_describe(img, err, opts->why + n, opts->why_size - n);
}

/*
 * Whether the loader can run the image: a static executable, or a PIE
 * without an interpreter whose relocations are all RELATIVE (then
 * s->relocs and s->bias are set).
 */
static slate_status_t check_image(struct spawn *s, const void *image,
				  size_t size,
				  const struct slate_spawn_opts *opts)
{
	struct elf_image *img = (struct elf_image *)s->img;
	int err = elf_parse(image, size, SPAWN_ELF_MACHINE, img);

	if (err) {
		say_why(opts, "not a native executable: ", img, err);
		return SLATE_ERR_INVALID;
	}
	if (img->interp[0]) {
		say_why(opts, "needs a dynamic linker (PT_INTERP)", NULL, 0);
		return SLATE_ERR_INVALID;
	}
	if (!img->pie)
		return SLATE_OK;
	err = elf_relocs(image, size, img, &s->relocs);
	if (err) {
		img->bad_phdr = -1; /* the message is about the whole file */
		say_why(opts, "cannot relocate: ", img, err);
		return SLATE_ERR_INVALID;
	}
	if (img->hi - img->lo > SPAWN_PIE_LIMIT - SPAWN_PIE_BASE) {
		say_why(opts, "image too large", NULL, 0);
		return SLATE_ERR_TOO_BIG;
	}
	s->bias = SPAWN_PIE_BASE - img->lo;
	return SLATE_OK;
}

/* ---- building the child ---- */

/*
 * Apply a PIE's RELATIVE relocations to its image, mapped at here (the
 * image's lowest page). elf_relocs proved each word lies in a segment.
 */
static void relocate(const struct spawn *s, const void *file, uint8_t *here)
{
	uint64_t where, addend, value;

	for (uint64_t i = 0; i < s->relocs.count; i++) {
		if (!elf_rela(file, &s->relocs, i, &where, &addend))
			continue;
		value = s->bias + addend;
		memcpy(here + (where - s->img->lo), &value, sizeof(value));
	}
}

/*
 * Copy every segment into one VMO spanning the image, relocate it if it
 * is a PIE, then map each
 * segment's pages into the child with its own permissions. A page two
 * segments share gets the union of both (lib/user.ld never makes one).
 */
static slate_status_t load_image(struct spawn *s, const uint8_t *file)
{
	const struct elf_image *img = s->img;
	uint64_t span = img->hi - img->lo;
	uintptr_t prev_end = 0;
	unsigned prev_flags = 0;
	slate_status_t st = slate_vmo_create(span, 0);

	if (st < 0)
		return st;
	s->image = (slate_handle_t)st;
	st = slate_vm_map(self(), s->image, 0, span, 0,
			  SLATE_VM_READ | SLATE_VM_WRITE);
	if (st < 0)
		return st;
	for (unsigned i = 0; i < img->nseg; i++)
		memcpy((uint8_t *)(uintptr_t)st + (img->seg[i].vaddr - img->lo),
		       file + img->seg[i].offset, img->seg[i].filesz);
	relocate(s, file, (uint8_t *)(uintptr_t)st);
	slate_vm_unmap(self(), (uintptr_t)st, span);

	for (unsigned i = 0; i < img->nseg; i++) {
		const struct elf_segment *seg = &img->seg[i];
		uintptr_t start = PAGE_DOWN(seg->vaddr) + s->bias;
		uintptr_t end = PAGE_UP(seg->vaddr + seg->memsz) + s->bias;
		unsigned flags = elf_to_vm(seg->flags);

		if (start < prev_end) {
			st = slate_vm_protect(s->proc, start, PAGE_SIZE,
					      flags | prev_flags);
			if (st < 0)
				return st;
			start += PAGE_SIZE;
		}
		if (start < end) {
			st = slate_vm_map(
			    s->proc, s->image, start - s->bias - img->lo,
			    end - start, start, flags | SLATE_VM_FIXED);
			if (st < 0)
				return st;
		}
		prev_end = end;
		prev_flags = flags;
	}
	return SLATE_OK;
}

/* The stack, with room for the start block at its top. */
static slate_status_t map_stack(struct spawn *s)
{
	uint64_t size = SLATE_SPAWN_STACK_SIZE + PAGE_UP(s->block);
	slate_status_t st = slate_vmo_create(size, 0);

	if (st < 0)
		return st;
	s->stack = (slate_handle_t)st;
	s->stack_base = SPAWN_STACK_TOP - size;
	s->info_at = SPAWN_STACK_TOP - s->block;
	st = slate_vm_map(s->proc, s->stack, 0, size, s->stack_base,
			  SLATE_VM_READ | SLATE_VM_WRITE | SLATE_VM_FIXED);
	return st < 0 ? st : SLATE_OK;
}

/* Move h into the child as kind, remembering its value there. */
static slate_status_t give(struct spawn *s, slate_handle_t h, uint32_t kind)
{
	slate_status_t st = slate_handle_give(s->proc, h);

	if (st < 0)
		return st;
	s->given[s->ngiven] = (slate_handle_t)st;
	s->kinds[s->ngiven++] = kind;
	return SLATE_OK;
}

/* A copy of h (all rights) for the child, as kind. */
static slate_status_t give_copy(struct spawn *s, slate_handle_t h,
				uint32_t kind)
{
	slate_status_t copy = slate_handle_duplicate(h, SLATE_RIGHTS_ALL);
	slate_status_t st;

	if (copy < 0)
		return copy;
	st = give(s, (slate_handle_t)copy, kind);
	if (st)
		slate_handle_close((slate_handle_t)copy);
	return st;
}

/*
 * The child's own process and thread first: the first give grows the
 * child's handle table to hold every start handle, so once it succeeds
 * the caller's handles cannot fail to move, and nothing after them
 * can fail: the caller keeps its handles whenever spawning fails.
 */
static slate_status_t give_handles(struct spawn *s,
				   const struct slate_spawn_handle *handles,
				   unsigned nhandles)
{
	slate_status_t st = give_copy(s, s->proc, SLATE_START_SELF_PROCESS);

	if (!st)
		st = give_copy(s, s->thread, SLATE_START_SELF_THREAD);
	for (unsigned i = 0; i < nhandles && !st; i++)
		st = give(s, handles[i].handle, handles[i].kind);
	return st;
}

/* Copy n strings of v to strings, their child addresses to ptrs. */
static char *copy_vector(uint64_t *ptrs, const char *const *v, unsigned n,
			 char *strings, uintptr_t to_child)
{
	for (unsigned i = 0; i < n; i++) {
		size_t len = strlen(v[i]) + 1;

		ptrs[i] = (uintptr_t)strings + to_child;
		memcpy(strings, v[i], len);
		strings += len;
	}
	return strings;
}

/*
 * Map the top of the child's stack here and write the start information
 * and argv into it, touching every page now: once handles have moved,
 * nothing may fail any more.
 */
static slate_status_t write_args(struct spawn *s)
{
	uint64_t len = PAGE_UP(s->block);
	uint64_t off = SLATE_SPAWN_STACK_SIZE;
	uint64_t *argv, *envp;
	char *strings;
	uintptr_t to_child; /* child address = ours + to_child */
	slate_status_t st;

	st = slate_vm_map(self(), s->stack, off, len, 0,
			  SLATE_VM_READ | SLATE_VM_WRITE);
	if (st < 0)
		return st;
	s->block_map = (uintptr_t)st;
	to_child = (s->stack_base + off) - s->block_map;
	s->info = (struct slate_start_info *)(s->block_map + len - s->block);
	argv = (uint64_t *)(s->info + 1);
	envp = argv + s->argc;
	strings = (char *)(envp + s->envc);

	memset((void *)s->block_map, 0, len);
	*s->info = (struct slate_start_info){
	    .magic = SLATE_START_MAGIC,
	    .argc = s->argc,
	    .argv = (uintptr_t)argv + to_child,
	    .envc = s->envc,
	    .envp = s->envc ? (uintptr_t)envp + to_child : 0,
	};
	strings = copy_vector(argv, s->argv, s->argc, strings, to_child);
	copy_vector(envp, s->envp, s->envc, strings, to_child);
	return SLATE_OK;
}

/* Record the handles the child got, and stop writing to its stack. */
static void write_handles(struct spawn *s)
{
	s->info->nhandles = s->ngiven;
	for (unsigned i = 0; i < s->ngiven; i++) {
		s->info->handles[i] = s->given[i];
		s->info->handle_kinds[i] = s->kinds[i];
	}
	slate_vm_unmap(self(), s->block_map, PAGE_UP(s->block));
	s->block_map = 0;
}

static slate_status_t build(struct spawn *s, const char *name,
			    const void *image,
			    const struct slate_spawn_handle *handles,
			    unsigned nhandles, uint64_t quota_pages)
{
	size_t len = strlen(name);
	slate_status_t st;

	st = slate_process_create(name, len > NAME_MAX_LEN ? NAME_MAX_LEN : len,
				  quota_pages);
	if (st < 0)
		return st;
	s->proc = (slate_handle_t)st;
	st = load_image(s, image);
	if (!st)
		st = map_stack(s);
	if (st)
		return st;
	/* The stack pointer sits 16-byte aligned just below the block. */
	st = slate_thread_new(s->proc, s->img->entry + s->bias, s->info_at - 16,
			      s->info_at);
	if (st < 0)
		return st;
	s->thread = (slate_handle_t)st;
	st = write_args(s);
	if (!st)
		st = give_handles(s, handles, nhandles);
	if (st)
		return st;
	write_handles(s);
	return slate_thread_start(s->thread);
}

/* Release what the loader holds; on failure also end the child. */
static void finish(struct spawn *s, bool failed)
{
	if (s->block_map)
		slate_vm_unmap(self(), s->block_map, PAGE_UP(s->block));
	if (failed && s->proc)
		slate_process_kill(s->proc);
	if (s->thread)
		slate_handle_close(s->thread);
	if (s->image)
		slate_handle_close(s->image);
	if (s->stack)
		slate_handle_close(s->stack);
	if (failed && s->proc)
		slate_handle_close(s->proc);
}

slate_status_t slate_spawn_image_opts(const char *name, const void *image,
				      size_t size, const char *const *argv,
				      const struct slate_spawn_handle *handles,
				      unsigned nhandles, uint64_t quota_pages,
				      const struct slate_spawn_opts *opts,
				      slate_handle_t *process_out)
{
	struct elf_image img;
	const char *default_argv[] = {name, NULL};
	struct spawn s = {.img = &img,
			  .argv = argv ? argv : default_argv,
			  .envp = opts ? opts->envp : NULL};
	slate_status_t st;

	if (!name || !*name || !image || !process_out)
		return SLATE_ERR_INVALID;
	st = check_handles(handles, nhandles);
	if (!st)
		st = measure_args(&s);
	if (!st)
		st = check_image(&s, image, size, opts);
	if (st)
		return st;

	st = build(&s, name, image, handles, nhandles, quota_pages);
	finish(&s, st != SLATE_OK);
	if (!st)
		*process_out = s.proc;
	return st;
}

slate_status_t slate_spawn_image(const char *name, const void *image,
				 size_t size, const char *const *argv,
				 const struct slate_spawn_handle *handles,
				 unsigned nhandles, uint64_t quota_pages,
				 slate_handle_t *process_out)
{
	return slate_spawn_image_opts(name, image, size, argv, handles,
				      nhandles, quota_pages, NULL, process_out);
}

slate_status_t slate_spawn_opts(const char *name, const char *const *argv,
				const struct slate_spawn_handle *handles,
				unsigned nhandles, uint64_t quota_pages,
				const struct slate_spawn_opts *opts,
				slate_handle_t *process_out)
{
	const void *image;
	size_t size;
	slate_status_t st;

	if (!name || !*name)
		return SLATE_ERR_INVALID;
	st = slate_bootfs_find(name, &image, &size);
	if (st == SLATE_ERR_NOT_FOUND)
		say_why(opts, "no such program in the boot archive", NULL, 0);
	if (st)
		return st;
	return slate_spawn_image_opts(name, image, size, argv, handles,
				      nhandles, quota_pages, opts, process_out);
}

slate_status_t slate_spawn(const char *name, const char *const *argv,
			   const struct slate_spawn_handle *handles,
			   unsigned nhandles, uint64_t quota_pages,
			   slate_handle_t *process_out)
{
	return slate_spawn_opts(name, argv, handles, nhandles, quota_pages,
				NULL, process_out);
}
