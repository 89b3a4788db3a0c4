/* SPDX-License-Identifier: MIT */
/*
 * The native system calls. Each handler checks every argument, handle
 * and user pointer first and returns an error before anything changes;
 * only then does it act (docs/abi.md lists what each returns).
 */
#define LOG_SUBSYS "sys"
#include <kernel/arch.h>
#include <kernel/bkl.h>
#include <kernel/panic.h>
#include <kernel/bootinfo.h>
#include <kernel/clock.h>
#include <kernel/ipc.h>
#include <kernel/irq.h>
#include <kernel/log.h>
#include <kernel/notify.h>
#include <kernel/pager.h>
#include <kernel/pmm.h>
#include <kernel/process.h>
#include <kernel/quota.h>
#include <kernel/sched.h>
#include <kernel/smp.h>
#include <kernel/string.h>
#include <kernel/trap.h>
#include <kernel/usercopy.h>
#include <kernel/uvm.h>
#include <kernel/vm.h>
#include <kernel/vmo.h>
#include <slate/ipc.h>
#include <slate/object.h>
#include <slate/rights.h>
#include <slate/status.h>
#include <slate/syscall.h>

#define DEBUG_LOG_MAX 1024
#define NAME_MAX_LEN  31

#define RIGHTS_PROCESS SLATE_RIGHTS_ALL
#define RIGHTS_THREAD  SLATE_RIGHTS_ALL
#define RIGHTS_ENDPOINT                                                 \
	(SLATE_RIGHT_READ | SLATE_RIGHT_WRITE | SLATE_RIGHT_DUPLICATE | \
	 SLATE_RIGHT_TRANSFER)
#define RIGHTS_NOTIFY                                                    \
	(SLATE_RIGHT_SIGNAL | SLATE_RIGHT_WAIT | SLATE_RIGHT_DUPLICATE | \
	 SLATE_RIGHT_TRANSFER)
#define RIGHTS_VMO                                                 \
	(SLATE_RIGHT_READ | SLATE_RIGHT_WRITE | SLATE_RIGHT_EXEC | \
	 SLATE_RIGHT_MAP | SLATE_RIGHT_DUPLICATE | SLATE_RIGHT_TRANSFER)
/* MANAGE on a VMO reveals its physical address (VMO_PHYS): DMA only. */
#define RIGHTS_VMO_DMA (RIGHTS_VMO | SLATE_RIGHT_MANAGE)
#define RIGHTS_IRQ     (SLATE_RIGHT_WRITE | SLATE_RIGHT_TRANSFER)
#define RIGHTS_RESOURCE \
	(SLATE_RIGHT_MANAGE | SLATE_RIGHT_DUPLICATE | SLATE_RIGHT_TRANSFER)

typedef slate_status_t (*syscall_fn)(struct trap_frame *tf);

static uint64_t arg(struct trap_frame *tf, unsigned i)
{
	return arch_syscall_arg(tf, i);
}

static struct handle_table *my_handles(void)
{
	return &process_current()->handles;
}

/* Look up argument i as a handle of type with rights need. */
static struct kobj *arg_obj(struct trap_frame *tf, unsigned i,
			    enum slate_object_type type, uint32_t need,
			    slate_status_t *err)
{
	return handle_get(my_handles(), (slate_handle_t)arg(tf, i), type, need,
			  err);
}

/* Give the caller a handle to obj (taking over obj's reference). */
static slate_status_t give(struct kobj *obj, uint32_t rights)
{
	slate_status_t err = handle_reserve(my_handles(), 1);

	if (err) {
		kobj_put(obj);
		return err;
	}
	return handle_add(my_handles(), obj, rights, 0);
}

/* ---- debugging, handles, time ---- */

static slate_status_t sys_debug_log(struct trap_frame *tf)
{
	char buf[DEBUG_LOG_MAX + 1];
	size_t len = arg(tf, 1);
	slate_status_t err;

	if (len > DEBUG_LOG_MAX)
		return SLATE_ERR_TOO_BIG;
	err = copy_from_user(buf, arg(tf, 0), len);
	if (err)
		return err;
	while (len && buf[len - 1] == '\n')
		len--;
	buf[len] = 0;
	/* XXX: not rate limited; a chatty process can flood the console. */
	kprintf("%s\n", buf);
	return SLATE_OK;
}

static slate_status_t sys_handle_close(struct trap_frame *tf)
{
	struct kobj *obj =
	    handle_remove(my_handles(), (slate_handle_t)arg(tf, 0), NULL, NULL);

	if (!obj)
		return SLATE_ERR_BAD_HANDLE;
	kobj_put(obj);
	return SLATE_OK;
}

static slate_status_t copy_handle(struct trap_frame *tf, uint32_t rights,
				  bool mint, uint64_t badge)
{
	struct handle_slot *s;
	struct kobj *obj;
	slate_status_t err;

	err = handle_lookup(my_handles(), (slate_handle_t)arg(tf, 0),
			    mint ? SLATE_OBJ_ENDPOINT : SLATE_OBJ_NONE,
			    SLATE_RIGHT_DUPLICATE, &s);
	if (err)
		return err;
	if (rights & ~s->rights)
		return SLATE_ERR_ACCESS;
	if (mint && s->badge)
		return SLATE_ERR_BAD_STATE; /* badges are never re-minted */
	obj = s->obj;
	badge = mint ? badge : s->badge;
	/* s moves if the table grows: only the saved values are used. */
	err = handle_reserve(my_handles(), 1);
	if (err)
		return err;
	kobj_get(obj);
	return handle_add(my_handles(), obj, rights, badge);
}

static slate_status_t sys_handle_duplicate(struct trap_frame *tf)
{
	return copy_handle(tf, (uint32_t)arg(tf, 1), false, 0);
}

static slate_status_t sys_handle_mint(struct trap_frame *tf)
{
	return copy_handle(tf, (uint32_t)arg(tf, 1), true, arg(tf, 2));
}

/*
 * Move handle h (which must carry TRANSFER) into the process named by
 * argument 0 (MANAGE), with its rights and badge: how a parent hands a
 * child its start handles. Room in the target's table is reserved (and
 * charged to the target's quota) before h leaves the caller, so a
 * failure changes nothing. A target that is dying or ended gets nothing:
 * its table is being or has been destroyed.
 */
static slate_status_t sys_handle_give(struct trap_frame *tf)
{
	slate_handle_t h = (slate_handle_t)arg(tf, 1);
	struct handle_slot *s;
	struct process *p;
	struct kobj *obj;
	slate_status_t err;

	obj = arg_obj(tf, 0, SLATE_OBJ_PROCESS, SLATE_RIGHT_MANAGE, &err);
	if (!obj)
		return err;
	p = container_of(obj, struct process, obj);
	err = handle_lookup(my_handles(), h, SLATE_OBJ_NONE,
			    SLATE_RIGHT_TRANSFER, &s);
	if (err)
		return err;
	if (p->dying || p->ended)
		return SLATE_ERR_BAD_STATE;
	err = handle_reserve(&p->handles, 1);
	if (err)
		return err;

	/* Whole, so an endpoint never looks as if its last handle closed. */
	return handle_move(my_handles(), h, &p->handles);
}

static slate_status_t sys_handle_info(struct trap_frame *tf)
{
	struct slate_handle_info info;
	struct handle_slot *s;
	slate_status_t err = handle_lookup(
	    my_handles(), (slate_handle_t)arg(tf, 0), SLATE_OBJ_NONE, 0, &s);

	if (err)
		return err;
	info = (struct slate_handle_info){.type = s->obj->type,
					  .rights = s->rights,
					  .badge = s->badge,
					  .koid = s->obj->koid};
	return copy_to_user(arg(tf, 1), &info, sizeof(info));
}

static slate_status_t sys_clock_get(struct trap_frame *tf)
{
	return (slate_status_t)clock_ns();
}

static slate_status_t sys_system_info(struct trap_frame *tf)
{
	struct slate_system_info si = {
	    .ncpus = smp_online_count(),
	    .page_size = PAGE_SIZE,
	    .total_frames = pmm_total_frames(),
	    .free_frames = pmm_free_frames(),
	    .objects = kobj_live_count(),
	};

	return copy_to_user(arg(tf, 0), &si, sizeof(si));
}

/* Event counts for benchmarks, read racily from every CPU. */
static slate_status_t sys_system_stats(struct trap_frame *tf)
{
	struct slate_system_stats st = {0};

	for (unsigned i = 0; i < ncpus; i++) {
		const struct cpu *c = &cpus[i];

		st.user_entries += READ_ONCE(c->user_entries);
		st.as_switches += READ_ONCE(c->as_switches);
		st.context_switches += READ_ONCE(c->switches);
		st.tlb_shootdowns += READ_ONCE(c->tlb_stats);
	}
	return copy_to_user(arg(tf, 0), &st, sizeof(st));
}

/* ---- threads ---- */

static bool user_addr(uint64_t a)
{
	return a >= USER_BASE && a < USER_TOP;
}

static slate_status_t sys_thread_create(struct trap_frame *tf)
{
	slate_status_t err;
	struct kobj *obj =
	    arg_obj(tf, 0, SLATE_OBJ_PROCESS, SLATE_RIGHT_MANAGE, &err);
	struct thread *t;

	if (!obj)
		return err;
	if (!user_addr(arg(tf, 1)) || !user_addr(arg(tf, 2) - 1))
		return SLATE_ERR_INVALID;
	err = handle_reserve(my_handles(), 1);
	if (!err)
		err = thread_create(container_of(obj, struct process, obj),
				    "thread", &t);
	if (err)
		return err;
	arch_user_frame_init(thread_user_frame(t), arg(tf, 1), arg(tf, 2),
			     arg(tf, 3), 0);
	return handle_add(my_handles(), &t->obj, RIGHTS_THREAD, 0);
}

static struct thread *arg_thread(struct trap_frame *tf, slate_status_t *err)
{
	struct kobj *obj =
	    arg_obj(tf, 0, SLATE_OBJ_THREAD, SLATE_RIGHT_MANAGE, err);

	return obj ? container_of(obj, struct thread, obj) : NULL;
}

static slate_status_t sys_thread_start(struct trap_frame *tf)
{
	slate_status_t err;
	struct thread *t = arg_thread(tf, &err);

	if (!t)
		return err;
	if (t->state != THREAD_NEW || t->proc->dying)
		return SLATE_ERR_BAD_STATE;
	thread_start_prepared(t);
	return SLATE_OK;
}

static slate_status_t sys_thread_exit(struct trap_frame *tf)
{
	thread_exit_current();
}

static slate_status_t sys_thread_yield(struct trap_frame *tf)
{
	sched_yield();
	return SLATE_OK;
}

static slate_status_t sys_thread_sleep(struct trap_frame *tf)
{
	slate_time_t deadline = arg(tf, 0);

	if (deadline <= clock_ns())
		return SLATE_OK;
	return sched_block(BLOCK_SLEEP, deadline);
}

static slate_status_t sys_thread_set_priority(struct trap_frame *tf)
{
	slate_status_t err;
	struct thread *t = arg_thread(tf, &err);
	uint64_t prio = arg(tf, 1);

	if (!t)
		return err;
	if (prio > THREAD_PRIO_MAX)
		return SLATE_ERR_INVALID;
	if (prio > sched_current()->priority)
		return SLATE_ERR_ACCESS; /* no one raises above itself */
	sched_set_priority(t, (unsigned)prio);
	return SLATE_OK;
}

static slate_status_t sys_thread_set_affinity(struct trap_frame *tf)
{
	slate_status_t err;
	struct thread *t = arg_thread(tf, &err);
	int64_t cpu = (int64_t)arg(tf, 1);

	if (!t)
		return err;
	if (cpu < -1 || cpu >= (int64_t)ncpus ||
	    (cpu >= 0 && !cpus[cpu].online))
		return SLATE_ERR_INVALID;
	sched_set_affinity(t, (int)cpu);
	return SLATE_OK;
}

static slate_status_t sys_thread_set_ipc_buffer(struct trap_frame *tf)
{
	return ipc_set_buffer(arg(tf, 0));
}

/* ---- processes ---- */

/*
 * A process's name appears in kernel log lines, so it is printable
 * ASCII: no process may write terminal escapes or line breaks to the
 * console through it.
 */
static bool name_printable(const char *name, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (name[i] < 0x20 || name[i] > 0x7e)
			return false;
	return true;
}

static slate_status_t sys_process_create(struct trap_frame *tf)
{
	char name[NAME_MAX_LEN + 1];
	size_t len = arg(tf, 1);
	uint64_t pages = arg(tf, 2);
	struct process *p;
	slate_status_t err;

	if (len > NAME_MAX_LEN || pages == 0 || pages > (1ull << 40))
		return SLATE_ERR_INVALID;
	err = copy_from_user(name, arg(tf, 0), len);
	if (err)
		return err;
	if (!name_printable(name, len))
		return SLATE_ERR_INVALID;
	err = handle_reserve(my_handles(), 1);
	if (err)
		return err;
	name[len] = 0;
	err = process_create(name, process_current()->quota, pages * PAGE_SIZE,
			     &p);
	if (err)
		return err;
	return handle_add(my_handles(), &p->obj, RIGHTS_PROCESS, 0);
}

static slate_status_t sys_process_exit(struct trap_frame *tf)
{
	process_kill(process_current(), (int64_t)arg(tf, 0));
	return SLATE_OK; /* trap_exit ends the thread */
}

static struct process *arg_process(struct trap_frame *tf, uint32_t need,
				   slate_status_t *err)
{
	struct kobj *obj = arg_obj(tf, 0, SLATE_OBJ_PROCESS, need, err);

	return obj ? container_of(obj, struct process, obj) : NULL;
}

static slate_status_t sys_process_kill(struct trap_frame *tf)
{
	slate_status_t err;
	struct process *p = arg_process(tf, SLATE_RIGHT_MANAGE, &err);

	if (!p)
		return err;
	process_kill(p, PROCESS_EXIT_KILLED);
	return SLATE_OK;
}

static slate_status_t sys_process_wait(struct trap_frame *tf)
{
	slate_status_t err;
	struct process *p = arg_process(tf, SLATE_RIGHT_READ, &err);
	struct thread *t = sched_current();
	slate_time_t deadline = arg(tf, 1);

	int64_t status;

	if (!p)
		return err;
	if (!p->ended) {
		if (deadline == SLATE_TIME_POLL)
			return SLATE_ERR_WOULD_BLOCK;
		kobj_get(&p->obj);
		t->wait_obj = p;
		list_add_tail(&p->waiters, &t->wait_link);
		err = sched_block(BLOCK_PROC_WAIT, deadline);
		status = p->exit_status;
		kobj_put(&p->obj);
		if (err)
			return err;
	} else {
		status = p->exit_status;
	}
	return copy_to_user(arg(tf, 2), &status, sizeof(status));
}

/* ---- IPC and notifications ---- */

static slate_status_t sys_endpoint_create(struct trap_frame *tf)
{
	struct endpoint *ep;
	slate_status_t err = handle_reserve(my_handles(), 1);

	if (!err)
		err = endpoint_create(process_current()->quota, &ep);
	return err ? err : give(&ep->obj, RIGHTS_ENDPOINT);
}

static slate_status_t sys_ipc_call(struct trap_frame *tf)
{
	return ipc_fast_call(tf);
}

static slate_status_t sys_ipc_recv(struct trap_frame *tf)
{
	return ipc_recv(tf);
}

static slate_status_t sys_ipc_reply_recv(struct trap_frame *tf)
{
	return ipc_fast_reply_recv(tf);
}

static slate_status_t sys_notify_create(struct trap_frame *tf)
{
	struct notify *n;
	slate_status_t err = handle_reserve(my_handles(), 1);

	if (!err)
		err = notify_create(process_current()->quota, &n);
	return err ? err : give(&n->obj, RIGHTS_NOTIFY);
}

static struct notify *arg_notify(struct trap_frame *tf, unsigned i,
				 uint32_t need, slate_status_t *err)
{
	struct kobj *obj = arg_obj(tf, i, SLATE_OBJ_NOTIFICATION, need, err);

	return obj ? container_of(obj, struct notify, obj) : NULL;
}

static slate_status_t sys_notify_signal(struct trap_frame *tf)
{
	slate_status_t err;
	struct notify *n = arg_notify(tf, 0, SLATE_RIGHT_SIGNAL, &err);

	if (!n)
		return err;
	if (!arg(tf, 1) || (arg(tf, 1) & ~NOTIFY_BITS_MASK))
		return SLATE_ERR_INVALID;
	notify_signal(n, arg(tf, 1));
	return SLATE_OK;
}

static slate_status_t sys_notify_wait(struct trap_frame *tf)
{
	slate_status_t err;
	struct notify *n = arg_notify(tf, 0, SLATE_RIGHT_WAIT, &err);

	return n ? notify_wait(n, arg(tf, 1)) : err;
}

/* ---- device authority ---- */

/* Argument i as a resource handle with MANAGE, or NULL and *err. */
static struct resource *arg_resource(struct trap_frame *tf, unsigned i,
				     slate_status_t *err)
{
	struct kobj *obj =
	    arg_obj(tf, i, SLATE_OBJ_RESOURCE, SLATE_RIGHT_MANAGE, err);

	return obj ? container_of(obj, struct resource, obj) : NULL;
}

static slate_status_t sys_resource_create(struct trap_frame *tf)
{
	slate_status_t err;
	struct resource *parent = arg_resource(tf, 0, &err), *r;

	if (!parent)
		return err;
	if (arg(tf, 1) > UINT32_MAX)
		return SLATE_ERR_INVALID;
	err = handle_reserve(my_handles(), 1);
	if (!err)
		err = resource_create(process_current()->quota, parent,
				      (uint32_t)arg(tf, 1), arg(tf, 2),
				      arg(tf, 3), &r);
	return err ? err : give(&r->obj, RIGHTS_RESOURCE);
}

static slate_status_t sys_ioport_enable(struct trap_frame *tf)
{
	uint64_t base = arg(tf, 1), count = arg(tf, 2);
	slate_status_t err;
	struct resource *r = arg_resource(tf, 0, &err);

	if (!r)
		return err;
	if (!count || base >= SLATE_IOPORT_COUNT ||
	    count > SLATE_IOPORT_COUNT - base)
		return SLATE_ERR_INVALID;
	if (!resource_covers(r, SLATE_RESOURCE_IOPORT, base, count))
		return SLATE_ERR_ACCESS;
	return arch_ioport_enable(process_current(), (unsigned)base,
				  (unsigned)count);
}

/* ---- system powers ---- */

/*
 * Argument 0 as a resource with MANAGE that covers power, or NULL and
 * *err: SLATE_ERR_ACCESS if it covers other powers or another kind.
 */
static struct resource *arg_power(struct trap_frame *tf, uint32_t power,
				  slate_status_t *err)
{
	struct resource *r = arg_resource(tf, 0, err);

	if (r && !resource_covers(r, SLATE_RESOURCE_SYSTEM, power, 1)) {
		*err = SLATE_ERR_ACCESS;
		return NULL;
	}
	return r;
}

/*
 * Up to SLATE_LOG_READ_MAX bytes of the kept kernel log, from offset
 * bytes after its oldest kept byte. Copied out of the ring first: the
 * ring's lock is a spinlock with interrupts off, no place for a user
 * copy that may fault.
 */
static slate_status_t sys_log_read(struct trap_frame *tf)
{
	char chunk[SLATE_LOG_READ_MAX];
	uint64_t len = arg(tf, 2);
	slate_status_t err;
	size_t n;

	if (!arg_power(tf, SLATE_POWER_LOG, &err))
		return err;
	if (len > sizeof(chunk))
		len = sizeof(chunk);
	n = log_ring_read(chunk, len, arg(tf, 3));
	err = copy_to_user(arg(tf, 1), chunk, n);
	return err ? err : (slate_status_t)n;
}

#define PROCESS_LIST_MAX 1024 /* entries one call may ask for */

/* Up to max entries; returns how many processes there are in all. */
static slate_status_t sys_process_list(struct trap_frame *tf)
{
	uintptr_t out = arg(tf, 1);
	uint64_t max = arg(tf, 2);
	struct slate_process_entry e;
	struct process *p;
	slate_status_t err;
	unsigned n = 0;

	if (!arg_power(tf, SLATE_POWER_PROCESSES, &err))
		return err;
	if (max > PROCESS_LIST_MAX)
		return SLATE_ERR_INVALID;
	for (; (p = process_nth(n)); n++) {
		if (n >= max)
			continue;
		process_describe(p, &e);
		err = copy_to_user(out + n * sizeof(e), &e, sizeof(e));
		if (err)
			return err;
	}
	return (slate_status_t)n;
}

static slate_status_t sys_process_kill_koid(struct trap_frame *tf)
{
	slate_status_t err;
	struct process *p;

	if (!arg_power(tf, SLATE_POWER_PROCESSES, &err))
		return err;
	p = process_find_koid(arg(tf, 1));
	if (!p || p->ended)
		return SLATE_ERR_NOT_FOUND;
	log_info("process %s (koid %llu) killed by %s", p->name,
		 (unsigned long long)p->obj.koid, process_current()->name);
	process_kill(p, PROCESS_EXIT_KILLED);
	return SLATE_OK;
}

static slate_status_t sys_poweroff(struct trap_frame *tf)
{
	slate_status_t err;

	if (!arg_power(tf, SLATE_POWER_OFF, &err))
		return err;
	log_info("powering off, as %s asked", process_current()->name);
	arch_poweroff();
}

/* ---- memory ---- */

static slate_status_t sys_vmo_create(struct trap_frame *tf)
{
	uint64_t flags = arg(tf, 1);
	struct vmo *v;
	slate_status_t err;

	if (flags & ~(uint64_t)SLATE_VMO_CONTIGUOUS)
		return SLATE_ERR_INVALID;
	err = handle_reserve(my_handles(), 1);
	if (!err)
		err = vmo_create(process_current()->quota, arg(tf, 0),
				 flags & SLATE_VMO_CONTIGUOUS, &v);
	if (err)
		return err;
	return give(&v->obj,
		    v->kind == VMO_CONTIG ? RIGHTS_VMO_DMA : RIGHTS_VMO);
}

/*
 * Physical windows may cover device memory and boot modules, never RAM
 * the frame allocator hands out or the kernel image.
 */
static bool phys_allowed(uint64_t pa, uint64_t size)
{
	const struct boot_info *bi = boot_info_saved;

	for (unsigned i = 0; i < bi->nmem; i++) {
		const struct mem_region *r = &bi->mem[i];

		if (pa < r->base + r->size && r->base < pa + size &&
		    (r->type == MEM_USABLE || r->type == MEM_KERNEL))
			return bootinfo_range_is_module(bi, pa, size);
	}
	return true;
}

static slate_status_t sys_vmo_create_phys(struct trap_frame *tf)
{
	uint64_t pa = arg(tf, 1), size = arg(tf, 2), flags = arg(tf, 3);
	slate_status_t err;
	struct resource *r = arg_resource(tf, 0, &err);
	struct vmo *v;

	if (!r)
		return err;
	if (flags || !IS_ALIGNED(pa | size, PAGE_SIZE) || !size ||
	    pa + size < pa)
		return SLATE_ERR_INVALID;
	if (!resource_covers(r, SLATE_RESOURCE_MMIO, pa, size) ||
	    !phys_allowed(pa, size))
		return SLATE_ERR_ACCESS;
	err = handle_reserve(my_handles(), 1);
	if (!err)
		err = vmo_create_phys(
		    pa, size,
		    !bootinfo_range_is_module(boot_info_saved, pa, size), &v);
	return err ? err : give(&v->obj, RIGHTS_VMO_DMA);
}

/*
 * The physical address of byte offset of a contiguous or physical VMO,
 * for programming a device's DMA. Anonymous memory has none that stays
 * put; MANAGE on the handle is what a driver keeps and its clients lack.
 */
static slate_status_t sys_vmo_phys(struct trap_frame *tf)
{
	uint64_t off = arg(tf, 1);
	struct handle_slot *s;
	struct vmo *v;
	slate_status_t err;

	err = handle_lookup(my_handles(), (slate_handle_t)arg(tf, 0),
			    SLATE_OBJ_VMO, 0, &s);
	if (err)
		return err;
	v = container_of(s->obj, struct vmo, obj);
	if (v->kind != VMO_CONTIG && v->kind != VMO_PHYS)
		return SLATE_ERR_BAD_STATE;
	if (!(s->rights & SLATE_RIGHT_MANAGE))
		return SLATE_ERR_ACCESS;
	if (off >= v->size)
		return SLATE_ERR_INVALID;
	return (slate_status_t)(v->phys + off);
}

/*
 * A copy-on-write snapshot of part of an anonymous VMO. READ is all it
 * takes: the clone is a new object holding what the caller could read
 * anyway, and writes to it stay private.
 */
static slate_status_t sys_vmo_clone(struct trap_frame *tf)
{
	uint64_t off = arg(tf, 1), size = arg(tf, 2), flags = arg(tf, 3);
	struct handle_slot *s;
	struct vmo *v, *c;
	slate_status_t err;

	err = handle_lookup(my_handles(), (slate_handle_t)arg(tf, 0),
			    SLATE_OBJ_VMO, SLATE_RIGHT_READ, &s);
	if (err)
		return err;
	v = container_of(s->obj, struct vmo, obj);
	if (flags || !size || !IS_ALIGNED(off | size, PAGE_SIZE) ||
	    off > v->size || size > v->size - off)
		return SLATE_ERR_INVALID;
	if (v->kind != VMO_ANON || v->pager)
		return SLATE_ERR_NOT_SUPPORTED;
	err = handle_reserve(my_handles(), 1);
	if (!err)
		err = vmo_clone(process_current()->quota, v, off, size, &c);
	return err ? err : give(&c->obj, RIGHTS_VMO);
}

/* VM_* permissions a VMO handle's rights allow. */
static unsigned vm_flags_allowed(uint32_t rights)
{
	return (rights & SLATE_RIGHT_READ ? VM_READ : 0) |
	       (rights & SLATE_RIGHT_WRITE ? VM_WRITE : 0) |
	       (rights & SLATE_RIGHT_EXEC ? VM_EXEC : 0);
}

static slate_status_t check_vm_flags(uint64_t flags, bool allow_fixed)
{
	uint64_t ok = SLATE_VM_READ | SLATE_VM_WRITE | SLATE_VM_EXEC |
		      (allow_fixed ? SLATE_VM_FIXED : 0);

	if (flags & ~ok)
		return SLATE_ERR_INVALID;
	if ((flags & SLATE_VM_WRITE) && (flags & SLATE_VM_EXEC))
		return SLATE_ERR_ACCESS; /* W^X in user space too */
	return SLATE_OK;
}

static slate_status_t sys_vm_map(struct trap_frame *tf)
{
	struct process *p;
	struct handle_slot *vs;
	uint64_t flags = arg(tf, 5);
	uintptr_t addr = arg(tf, 4);
	unsigned max;
	slate_status_t err;

	p = arg_process(tf, SLATE_RIGHT_WRITE, &err);
	if (!p)
		return err;
	err = handle_lookup(my_handles(), (slate_handle_t)arg(tf, 1),
			    SLATE_OBJ_VMO, SLATE_RIGHT_MAP, &vs);
	if (!err)
		err = check_vm_flags(flags, true);
	if (err)
		return err;
	max = vm_flags_allowed(vs->rights);
	if ((flags & (VM_READ | VM_WRITE | VM_EXEC)) & ~max)
		return SLATE_ERR_ACCESS;
	if (p->dying || !p->as)
		return SLATE_ERR_BAD_STATE;
	err = uvm_map(p->as, container_of(vs->obj, struct vmo, obj), arg(tf, 2),
		      arg(tf, 3), flags & (VM_READ | VM_WRITE | VM_EXEC), max,
		      flags & SLATE_VM_FIXED, &addr);
	return err ? err : (slate_status_t)addr;
}

static slate_status_t sys_vm_unmap(struct trap_frame *tf)
{
	slate_status_t err;
	struct process *p = arg_process(tf, SLATE_RIGHT_WRITE, &err);

	if (!p)
		return err;
	if (p->dying || !p->as)
		return SLATE_ERR_BAD_STATE;
	return uvm_unmap(p->as, arg(tf, 1), arg(tf, 2));
}

static slate_status_t sys_vm_protect(struct trap_frame *tf)
{
	slate_status_t err;
	struct process *p = arg_process(tf, SLATE_RIGHT_WRITE, &err);

	if (!p)
		return err;
	err = check_vm_flags(arg(tf, 3), false);
	if (err)
		return err;
	if (p->dying || !p->as)
		return SLATE_ERR_BAD_STATE;
	return uvm_protect(p->as, arg(tf, 1), arg(tf, 2), (unsigned)arg(tf, 3));
}

/* ---- pagers (include/slate/pager.h) ---- */

static struct vmo *arg_vmo(struct trap_frame *tf, uint32_t need,
			   slate_status_t *err)
{
	struct kobj *obj = arg_obj(tf, 0, SLATE_OBJ_VMO, need, err);

	return obj ? container_of(obj, struct vmo, obj) : NULL;
}

/*
 * Attach a pager: WRITE on the VMO (it decides the contents) and on the
 * endpoint (the kernel calls it). Only an anonymous VMO that has no page
 * yet and no pager, or whose pager lost its last receive handle.
 */
static slate_status_t sys_vmo_set_pager(struct trap_frame *tf)
{
	struct handle_slot *es;
	slate_status_t err;
	struct vmo *v = arg_vmo(tf, SLATE_RIGHT_WRITE, &err);

	if (!v)
		return err;
	err = handle_lookup(my_handles(), (slate_handle_t)arg(tf, 1),
			    SLATE_OBJ_ENDPOINT, SLATE_RIGHT_WRITE, &es);
	if (err)
		return err;
	if (v->kind != VMO_ANON)
		return SLATE_ERR_INVALID;
	if (pager_alive(v) || (!v->pager && (v->committed || v->shared)))
		return SLATE_ERR_BAD_STATE;
	pager_attach(v, container_of(es->obj, struct endpoint, obj), es->badge);
	return SLATE_OK;
}

/* The VMO (WRITE) and page offset of PAGER_SUPPLY and PAGER_FAIL. */
static struct vmo *arg_pager_page(struct trap_frame *tf, slate_status_t *err)
{
	struct vmo *v = arg_vmo(tf, SLATE_RIGHT_WRITE, err);
	uint64_t off = arg(tf, 1);

	if (!v)
		return NULL;
	*err = SLATE_ERR_BAD_STATE;
	if (!v->pager)
		return NULL;
	*err = SLATE_ERR_INVALID;
	if (!IS_ALIGNED(off, PAGE_SIZE) || off >= v->size)
		return NULL;
	return v;
}

/*
 * Copy a page from the caller's src into a new frame, install it and
 * wake every thread waiting for it. The frame is charged to the VMO's
 * quota, like a zero-filled page. A page already there is left alone.
 */
static slate_status_t sys_pager_supply(struct trap_frame *tf)
{
	slate_status_t err;
	struct vmo *v = arg_pager_page(tf, &err);
	uint64_t off = arg(tf, 1), frame;

	if (!v)
		return err;
	if (v->pages[off / PAGE_SIZE])
		return SLATE_ERR_EXISTS;
	err = quota_charge(v->quota, PAGE_SIZE);
	if (err)
		return err;
	frame = pmm_alloc(0);
	err = frame ? copy_from_user(phys_to_virt(frame), arg(tf, 2), PAGE_SIZE)
		    : SLATE_ERR_NO_MEMORY;
	if (err) {
		if (frame)
			pmm_free(frame, 0);
		quota_uncharge(v->quota, PAGE_SIZE);
		return err;
	}
	pager_install(v, off, frame);
	return SLATE_OK;
}

/* The pager cannot provide the page: its waiters' processes are killed. */
static slate_status_t sys_pager_fail(struct trap_frame *tf)
{
	slate_status_t err;
	struct vmo *v = arg_pager_page(tf, &err);
	struct pager_req *r;

	if (!v)
		return err;
	r = pager_find(v, arg(tf, 1));
	if (!r)
		return SLATE_ERR_NOT_FOUND;
	pager_resolve(r, SLATE_ERR_NOT_FOUND);
	return SLATE_OK;
}

/* ---- interrupts ---- */

static slate_status_t sys_irq_create(struct trap_frame *tf)
{
	uint64_t line = arg(tf, 1), bit = arg(tf, 3);
	slate_status_t err;
	struct resource *r = arg_resource(tf, 0, &err);
	struct notify *n;
	struct irq *irq;

	if (!r)
		return err;
	n = arg_notify(tf, 2, SLATE_RIGHT_SIGNAL, &err);
	if (!n)
		return err;
	if (line >= IRQ_MAX_LINES || bit > 62)
		return SLATE_ERR_INVALID;
	if (!resource_covers(r, SLATE_RESOURCE_IRQ, line, 1))
		return SLATE_ERR_ACCESS;
	err = handle_reserve(my_handles(), 1);
	if (!err)
		err = irq_create((unsigned)line, n, (unsigned)bit, &irq);
	return err ? err : give(&irq->obj, RIGHTS_IRQ);
}

static slate_status_t sys_irq_ack(struct trap_frame *tf)
{
	slate_status_t err;
	struct kobj *obj =
	    arg_obj(tf, 0, SLATE_OBJ_INTERRUPT, SLATE_RIGHT_WRITE, &err);

	return obj ? irq_ack(container_of(obj, struct irq, obj)) : err;
}

static const syscall_fn syscall_table[SLATE_SYS_COUNT] = {
    [SLATE_SYS_DEBUG_LOG] = sys_debug_log,
    [SLATE_SYS_HANDLE_CLOSE] = sys_handle_close,
    [SLATE_SYS_HANDLE_DUPLICATE] = sys_handle_duplicate,
    [SLATE_SYS_HANDLE_MINT] = sys_handle_mint,
    [SLATE_SYS_HANDLE_INFO] = sys_handle_info,
    [SLATE_SYS_CLOCK_GET] = sys_clock_get,
    [SLATE_SYS_THREAD_CREATE] = sys_thread_create,
    [SLATE_SYS_THREAD_START] = sys_thread_start,
    [SLATE_SYS_THREAD_EXIT] = sys_thread_exit,
    [SLATE_SYS_THREAD_YIELD] = sys_thread_yield,
    [SLATE_SYS_THREAD_SLEEP] = sys_thread_sleep,
    [SLATE_SYS_THREAD_SET_PRIORITY] = sys_thread_set_priority,
    [SLATE_SYS_THREAD_SET_AFFINITY] = sys_thread_set_affinity,
    [SLATE_SYS_THREAD_SET_IPC_BUFFER] = sys_thread_set_ipc_buffer,
    [SLATE_SYS_PROCESS_CREATE] = sys_process_create,
    [SLATE_SYS_PROCESS_EXIT] = sys_process_exit,
    [SLATE_SYS_PROCESS_KILL] = sys_process_kill,
    [SLATE_SYS_PROCESS_WAIT] = sys_process_wait,
    [SLATE_SYS_ENDPOINT_CREATE] = sys_endpoint_create,
    [SLATE_SYS_IPC_CALL] = sys_ipc_call,
    [SLATE_SYS_IPC_RECV] = sys_ipc_recv,
    [SLATE_SYS_IPC_REPLY_RECV] = sys_ipc_reply_recv,
    [SLATE_SYS_NOTIFY_CREATE] = sys_notify_create,
    [SLATE_SYS_NOTIFY_SIGNAL] = sys_notify_signal,
    [SLATE_SYS_NOTIFY_WAIT] = sys_notify_wait,
    [SLATE_SYS_VMO_CREATE] = sys_vmo_create,
    [SLATE_SYS_VMO_CREATE_PHYS] = sys_vmo_create_phys,
    [SLATE_SYS_VM_MAP] = sys_vm_map,
    [SLATE_SYS_VM_UNMAP] = sys_vm_unmap,
    [SLATE_SYS_VM_PROTECT] = sys_vm_protect,
    [SLATE_SYS_VMO_SET_PAGER] = sys_vmo_set_pager,
    [SLATE_SYS_PAGER_SUPPLY] = sys_pager_supply,
    [SLATE_SYS_IRQ_CREATE] = sys_irq_create,
    [SLATE_SYS_IRQ_ACK] = sys_irq_ack,
    [SLATE_SYS_SYSTEM_INFO] = sys_system_info,
    [SLATE_SYS_SYSTEM_STATS] = sys_system_stats,
    [SLATE_SYS_HANDLE_GIVE] = sys_handle_give,
    [SLATE_SYS_PAGER_FAIL] = sys_pager_fail,
    [SLATE_SYS_RESOURCE_CREATE] = sys_resource_create,
    [SLATE_SYS_IOPORT_ENABLE] = sys_ioport_enable,
    [SLATE_SYS_VMO_PHYS] = sys_vmo_phys,
    [SLATE_SYS_LOG_READ] = sys_log_read,
    [SLATE_SYS_PROCESS_LIST] = sys_process_list,
    [SLATE_SYS_PROCESS_KILL_KOID] = sys_process_kill_koid,
    [SLATE_SYS_POWEROFF] = sys_poweroff,
    [SLATE_SYS_VMO_CLONE] = sys_vmo_clone,
};

__hot_path void syscall_dispatch(struct trap_frame *tf)
{
	uint64_t nr = arch_syscall_nr(tf);
	syscall_fn fn = nr < SLATE_SYS_COUNT ? syscall_table[nr] : NULL;

	BKL_ASSERT_HELD();
	arch_syscall_set_result(tf, fn ? (uint64_t)fn(tf)
				       : (uint64_t)SLATE_ERR_NO_SYSCALL);
}
