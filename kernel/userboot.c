/* SPDX-License-Identifier: MIT */
/*
 * The first process. The kernel finds the boot archive (the first boot
 * module), loads the program named by "init=" (default "init") from it,
 * and starts it with four handles: itself, its thread, the resource
 * object (authority over device memory and interrupt lines) and a VMO
 * of the archive, so init can start everything else. Nothing runs with
 * authority init did not hand out.
 */
#define LOG_SUBSYS "userboot"
#include <kernel/arch.h>
#include <kernel/bkl.h>
#include <kernel/panic.h>
#include <kernel/bootfs.h>
#include <kernel/bootinfo.h>
#include <kernel/cmdline.h>
#include <kernel/elf.h>
#include <kernel/irq.h>
#include <kernel/log.h>
#include <kernel/pmm.h>
#include <kernel/process.h>
#include <kernel/sched.h>
#include <kernel/string.h>
#include <kernel/userboot.h>
#include <kernel/uvm.h>
#include <kernel/vm.h>
#include <kernel/vmo.h>
#include <slate/rights.h>
#include <slate/start.h>
#include <slate/status.h>

#define INIT_NAME_MAX   32
#define INIT_ARGS_MAX   128 /* bytes of arguments after the name */
#define INIT_ARGC_MAX   16  /* the name and up to 15 arguments */
#define INIT_STACK_SIZE (256 * 1024)
#define INIT_STACK_TOP  0x00007fffffe00000ul /* below: a guard gap */

static char init_name[INIT_NAME_MAX] = "init";
/* The arguments after the name, each NUL-terminated, back to back. */
static char init_args[INIT_ARGS_MAX];
static size_t init_args_len;
static unsigned init_argc = 1;       /* the name is argv[0] */
static struct process *init_process; /* [bkl] */
static bool init_poweroff;

/* "init=NAME" or "init=NAME,ARG,ARG...": argv is NAME and the ARGs. */
static const char *init_option(const char *value)
{
	const char *comma = strchr(value, ',');
	size_t name_len = comma ? (size_t)(comma - value) : strlen(value);
	unsigned argc = 1;

	if (!name_len || name_len >= sizeof(init_name))
		return "needs a program name of 1 to 31 characters";
	if (comma && strlen(comma + 1) >= sizeof(init_args))
		return "arguments (after the first comma) exceed 127 characters";
	for (const char *c = comma; c; c = strchr(c + 1, ','))
		argc++;
	if (argc > INIT_ARGC_MAX)
		return "more than 15 arguments";

	memcpy(init_name, value, name_len);
	init_name[name_len] = 0;
	init_argc = argc;
	init_args_len = comma ? strlen(comma + 1) + 1 : 0;
	for (size_t i = 0; i < init_args_len; i++)
		init_args[i] = comma[1 + i] == ',' ? 0 : comma[1 + i];
	return NULL;
}
CMDLINE_OPTION(init, "init", init_option,
	       "init=NAME[,ARG...] (boot archive program to start first, and "
	       "its arguments; default init)");

static unsigned elf_to_vm(uint32_t f)
{
	return (f & ELF_R ? VM_READ : 0) | (f & ELF_W ? VM_WRITE : 0) |
	       (f & ELF_X ? VM_EXEC : 0);
}

#define VM_RWX (VM_READ | VM_WRITE | VM_EXEC)

/*
 * Copy the image into one anonymous VMO spanning all segments and map
 * each segment's pages with its permissions; a page two segments share
 * gets the union of both.
 */
static slate_status_t load_image(struct process *p, const uint8_t *file,
				 const struct elf_image *img)
{
	struct vmo *v;
	uintptr_t prev_end = 0;
	unsigned prev_flags = 0;
	slate_status_t err = vmo_create(p->quota, img->hi - img->lo, false, &v);

	if (err)
		return err;
	for (unsigned i = 0; i < img->nseg && !err; i++) {
		const struct elf_segment *s = &img->seg[i];
		uintptr_t start = ALIGN_DOWN(s->vaddr, PAGE_SIZE);
		uintptr_t end = ALIGN_UP(s->vaddr + s->memsz, PAGE_SIZE);
		unsigned flags = elf_to_vm(s->flags);
		uintptr_t at;

		err = vmo_write(v, s->vaddr - img->lo, file + s->offset,
				s->filesz);
		if (!err && start < prev_end) {
			err = uvm_protect(p->as, start, PAGE_SIZE,
					  flags | prev_flags);
			start += PAGE_SIZE;
		}
		at = start;
		if (!err && start < end)
			err = uvm_map(p->as, v, start - img->lo, end - start,
				      flags, VM_RWX, true, &at);
		prev_end = end;
		prev_flags = flags;
	}
	kobj_put(&v->obj);
	return err;
}

/* argv's pointers, ending in 0, for the name and arguments' addresses. */
static void init_argv(uint64_t *argv, uintptr_t name_at, uintptr_t args_at)
{
	size_t off = 0;

	argv[0] = name_at;
	for (unsigned i = 1; i < init_argc; i++) {
		argv[i] = args_at + off;
		off += strlen(init_args + off) + 1;
	}
	argv[init_argc] = 0;
}

/*
 * Build the stack with the start information at its top: the block,
 * argv's pointers, the name and the arguments fit in its last page.
 */
static slate_status_t build_stack(struct process *p, slate_handle_t *h,
				  const uint32_t *kinds, unsigned nh,
				  uint64_t bootfs_size, uintptr_t *sp,
				  uintptr_t *info_uva)
{
	struct slate_start_info si = {.magic = SLATE_START_MAGIC,
				      .argc = init_argc};
	uintptr_t base = INIT_STACK_TOP - INIT_STACK_SIZE;
	uintptr_t info_at = INIT_STACK_TOP - PAGE_SIZE;
	uintptr_t argv_at = info_at + sizeof(si);
	uintptr_t name_at = argv_at + (INIT_ARGC_MAX + 1) * sizeof(uint64_t);
	uintptr_t args_at = name_at + strlen(init_name) + 1;
	uint64_t argv[INIT_ARGC_MAX + 1];
	struct vmo *v;
	slate_status_t err = vmo_create(p->quota, INIT_STACK_SIZE, false, &v);

	static_assert(sizeof(si) + sizeof(argv) + INIT_NAME_MAX +
			      INIT_ARGS_MAX <=
			  PAGE_SIZE,
		      "init's start block fits in a page");
	if (err)
		return err;
	init_argv(argv, name_at, args_at);
	si.nhandles = nh;
	si.argv = argv_at;
	si.bootfs_size = bootfs_size;
	for (unsigned i = 0; i < nh; i++) {
		si.handles[i] = h[i];
		si.handle_kinds[i] = kinds[i];
	}
	err = vmo_write(v, info_at - base, &si, sizeof(si));
	if (!err)
		err = vmo_write(v, argv_at - base, argv, sizeof(argv));
	if (!err)
		err = vmo_write(v, name_at - base, init_name,
				strlen(init_name) + 1);
	if (!err && init_args_len)
		err = vmo_write(v, args_at - base, init_args, init_args_len);
	if (!err)
		err = uvm_map(p->as, v, 0, INIT_STACK_SIZE, VM_READ | VM_WRITE,
			      VM_READ | VM_WRITE, true, &base);
	kobj_put(&v->obj);
	*sp = info_at - 16;
	*info_uva = info_at;
	return err;
}

/* Give init its four handles; returns how many it got. */
static unsigned grant_handles(struct process *p, struct thread *t,
			      const struct boot_module *m, slate_handle_t *h,
			      uint32_t *kinds)
{
	struct resource *res = resource_create_root();
	struct vmo *fs;
	unsigned n = 0;

	if (handle_reserve(&p->handles, 4))
		panic("userboot: no room for init's handles");
	kobj_get(&p->obj);
	kinds[n] = SLATE_START_SELF_PROCESS;
	h[n++] = handle_add(&p->handles, &p->obj, SLATE_RIGHTS_ALL, 0);
	kobj_get(&t->obj);
	kinds[n] = SLATE_START_SELF_THREAD;
	h[n++] = handle_add(&p->handles, &t->obj, SLATE_RIGHTS_ALL, 0);
	kinds[n] = SLATE_START_RESOURCE;
	h[n++] = handle_add(&p->handles, &res->obj, SLATE_RIGHTS_ALL, 0);
	if (!vmo_create_phys(ALIGN_DOWN(m->base, PAGE_SIZE),
			     ALIGN_UP(m->base + m->size, PAGE_SIZE) -
				 ALIGN_DOWN(m->base, PAGE_SIZE),
			     false, &fs)) {
		kinds[n] = SLATE_START_BOOTFS;
		h[n++] =
		    handle_add(&p->handles, &fs->obj,
			       SLATE_RIGHT_READ | SLATE_RIGHT_MAP |
				   SLATE_RIGHT_DUPLICATE | SLATE_RIGHT_TRANSFER,
			       0);
	}
	return n;
}

static bool start_init(const struct boot_module *m, const void *file,
		       size_t size)
{
	static struct elf_image img;
	slate_handle_t h[4];
	uint32_t kinds[4];
	struct process *p;
	struct thread *t;
	uintptr_t sp, info;
	char why[96];
	int e = elf_parse(file, size, ARCH_ELF_MACHINE, &img);
	slate_status_t err;
	unsigned nh;

	if (e || img.pie || img.interp[0]) {
		elf_describe(&img, e, why, sizeof(why));
		log_error("%s: not a static native program: %s", init_name,
			  e ? why : "dynamic or position independent");
		return false;
	}
	err =
	    process_create(init_name, NULL, pmm_free_frames() * PAGE_SIZE, &p);
	if (!err)
		err = load_image(p, file, &img);
	if (!err)
		err = thread_create(p, "main", &t);
	if (err) {
		log_error("%s: cannot create the process: status %lld",
			  init_name, (long long)err);
		return false;
	}
	nh = grant_handles(p, t, m, h, kinds);
	err = build_stack(p, h, kinds, nh, m->size, &sp, &info);
	if (err) {
		log_error("%s: cannot build its stack: status %lld", init_name,
			  (long long)err);
		return false;
	}
	init_process = p;
	thread_start_user(t, img.entry, sp, info, 0);
	kobj_put(&t->obj); /* the scheduler and init's handle keep it */
	log_info("started %s (koid %llu), %zu bytes", init_name,
		 (unsigned long long)p->obj.koid, size);
	return true;
}

bool userboot_start(const struct boot_info *bi)
{
	const struct boot_module *m = &bi->modules[0];
	struct bootfs fs;
	const void *file;
	size_t size;
	char why[128];
	bool ok;
	int err;

	init_poweroff = boot_poweroff_requested();
	if (!bi->nmodules) {
		log_info("no boot archive: no user space to start");
		return false;
	}
	err = bootfs_open(&fs, phys_to_virt(m->base), m->size);
	if (err) {
		bootfs_describe(&fs, err, why, sizeof(why));
		log_error("boot archive: %s", why);
		return false;
	}
	if (!bootfs_find(&fs, init_name, &file, &size)) {
		log_error("boot archive has no program '%s'", init_name);
		return false;
	}
	arch_irq_disable();
	bkl_lock();
	ok = start_init(m, file, size);
	bkl_unlock();
	arch_irq_enable();
	return ok;
}

void userboot_process_ended(struct process *p)
{
	if (p != init_process)
		return;
	init_process = NULL;
	log_info("%s exited with status %lld", p->name,
		 (long long)p->exit_status);
	if (init_poweroff) {
		log_info("powering off");
		arch_poweroff();
	}
}
