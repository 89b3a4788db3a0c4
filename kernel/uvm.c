/* SPDX-License-Identifier: MIT */
/*
 * User address spaces (see <kernel/uvm.h>): the mapping list, lazy page
 * table fills on faults, unmapping with TLB shootdown, and teardown.
 *
 * Page-table levels are numbered from the root as in vm.c: level 0
 * entries cover 512 GiB, level 3 entries one 4 KiB page. User space
 * never gets large pages.
 */
#define LOG_SUBSYS "uvm"
#include <kernel/arch.h>
#include <kernel/bkl.h>
#include <kernel/heap.h>
#include <kernel/log.h>
#include <kernel/pager.h>
#include <kernel/panic.h>
#include <kernel/pmm.h>
#include <kernel/process.h>
#include <kernel/quota.h>
#include <kernel/sched.h>
#include <kernel/smp.h>
#include <kernel/trap.h>
#include <kernel/uvm.h>
#include <kernel/vm.h>
#include <kernel/vmo.h>
#include <slate/status.h>

#define PT_ENTRIES      512
#define PT_LEVEL_PAGE   3
#define UVM_ALLOC_BASE  0x0000001000000000ul /* where unfixed maps go */
#define USER_ROOT_SLOTS (USER_TOP >> 39)     /* root entries below TOP */

static unsigned pt_index(uintptr_t va, int level)
{
	return (va >> (39 - 9 * level)) & (PT_ENTRIES - 1);
}

static pte_t *pt_table(uint64_t pa)
{
	return (pte_t *)phys_to_virt(pa);
}

/* ---- page tables ---- */

/* The level-3 entry for va, creating tables if create; NULL if none. */
static pte_t *pt_walk(struct uvm *as, uintptr_t va, bool create)
{
	uint64_t table = as->root;

	for (int level = 0; level < PT_LEVEL_PAGE; level++) {
		pte_t *e = &pt_table(table)[pt_index(va, level)];

		if (!arch_pte_valid(*e)) {
			uint64_t pa;

			if (!create || quota_charge(as->quota, PAGE_SIZE))
				return NULL;
			pa = pmm_alloc_zeroed();
			if (!pa) {
				quota_uncharge(as->quota, PAGE_SIZE);
				return NULL;
			}
			as->table_pages++;
			*e = arch_pte_table(pa);
		}
		table = arch_pte_pa(*e);
	}
	return &pt_table(table)[pt_index(va, PT_LEVEL_PAGE)];
}

static void pt_free(struct uvm *as, uint64_t table, int level)
{
	unsigned n = level == 0 ? USER_ROOT_SLOTS : PT_ENTRIES;
	pte_t *t = pt_table(table);

	for (unsigned i = 0; i < n && level < PT_LEVEL_PAGE; i++) {
		if (!arch_pte_valid(t[i]))
			continue;
		pt_free(as, arch_pte_pa(t[i]), level + 1);
		pmm_free(arch_pte_pa(t[i]), 0);
		as->table_pages--;
		quota_uncharge(as->quota, PAGE_SIZE);
	}
}

/* ---- TLB shootdown ---- */

static __noinline void tlb_service(struct cpu *c)
{
	if (__atomic_exchange_n(&c->tlb_pending, 0, __ATOMIC_SEQ_CST)) {
		arch_tlb_flush_user_all();
		c->tlb_stats++;
	}
}

/*
 * Called with the big kernel lock held, under which tlb_pending is set:
 * a plain read sees any request, and only a request pays the exchange.
 */
__hot_path void tlb_service_pending(struct cpu *c)
{
	if (unlikely(READ_ONCE(c->tlb_pending)))
		tlb_service(c);
}

/*
 * Make every CPU forget translations of [va, va+len) in as. Where TLB
 * invalidations are not broadcast, each other CPU running as in user
 * mode is interrupted; one in the kernel flushes before it next touches
 * user memory (trap_enter), so it need not be waited for.
 */
static void tlb_shootdown(struct uvm *as, uintptr_t va, uint64_t len)
{
	struct cpu *self = this_cpu();
	bool wait[MAX_CPUS] = {false};

	if (self->user_root == as->root)
		arch_tlb_flush_user(va, len);
	if (ARCH_TLB_BROADCAST)
		return;
	for (unsigned i = 0; i < ncpus; i++) {
		struct cpu *c = &cpus[i];

		if (c == self || READ_ONCE(c->user_root) != as->root)
			continue;
		__atomic_store_n(&c->tlb_pending, 1, __ATOMIC_SEQ_CST);
		if (__atomic_load_n(&c->in_user, __ATOMIC_SEQ_CST)) {
			arch_send_ipi(i, IPI_TLB);
			wait[i] = true;
		}
	}
	for (unsigned i = 0; i < ncpus; i++)
		while (
		    wait[i] &&
		    __atomic_load_n(&cpus[i].tlb_pending, __ATOMIC_SEQ_CST) &&
		    __atomic_load_n(&cpus[i].in_user, __ATOMIC_SEQ_CST))
			arch_cpu_relax();
}

/*
 * The level-3 entry for page-aligned va, creating nothing. Where a table
 * on the way is missing, returns NULL and sets *skip to the bytes from
 * va to the end of what the missing entry would cover, so a walk over
 * a range steps over holes whole instead of page by page.
 */
static pte_t *pt_find(struct uvm *as, uintptr_t va, uint64_t *skip)
{
	uint64_t table = as->root;

	for (int level = 0; level < PT_LEVEL_PAGE; level++) {
		pte_t *e = &pt_table(table)[pt_index(va, level)];

		if (!arch_pte_valid(*e)) {
			uint64_t span = 1ull << (39 - 9 * level);

			*skip = span - (va & (span - 1));
			return NULL;
		}
		table = arch_pte_pa(*e);
	}
	*skip = PAGE_SIZE;
	return &pt_table(table)[pt_index(va, PT_LEVEL_PAGE)];
}

/*
 * Clear the entries of page-aligned [va, va+len) and shoot them down.
 * The time taken is bounded by the page tables present, not by len: a
 * user may ask for the whole address space.
 */
static void pt_clear(struct uvm *as, uintptr_t va, uint64_t len)
{
	bool any = false;
	uint64_t skip;

	for (uintptr_t a = va; a < va + len; a += skip) {
		pte_t *e = pt_find(as, a, &skip);

		if (e && arch_pte_valid(*e)) {
			*e = 0;
			any = true;
		}
	}
	if (any)
		tlb_shootdown(as, va, len);
}

/* ---- the mapping list ---- */

slate_status_t uvm_create(struct quota *q, struct uvm **out)
{
	struct uvm *as;
	slate_status_t err = quota_charge(q, sizeof(*as) + PAGE_SIZE);

	if (err)
		return err;
	as = kzalloc(sizeof(*as));
	if (as)
		as->root = arch_vm_user_root_new();
	if (!as || !as->root) {
		kfree(as);
		quota_uncharge(q, sizeof(*as) + PAGE_SIZE);
		return SLATE_ERR_NO_MEMORY;
	}
	list_init(&as->maps);
	as->quota = q;
	*out = as;
	return SLATE_OK;
}

static void map_free(struct uvm *as, struct uvm_map *m)
{
	list_remove(&m->link);
	list_remove(&m->vmo_link);
	as->nmaps--;
	kobj_put(&m->vmo->obj);
	kfree(m);
	quota_uncharge(as->quota, sizeof(*m));
}

void uvm_destroy(struct uvm *as)
{
	struct list_node *pos, *tmp;

	list_for_each_safe(pos, tmp, &as->maps)
	    map_free(as, list_entry(pos, struct uvm_map, link));
	pt_free(as, as->root, 0);
	arch_vm_user_root_free(as->root);
	ASSERT(as->table_pages == 0);
	quota_uncharge(as->quota, sizeof(*as) + PAGE_SIZE);
	kfree(as);
}

static struct uvm_map *map_find(struct uvm *as, uintptr_t addr)
{
	struct list_node *pos;

	list_for_each(pos, &as->maps)
	{
		struct uvm_map *m = list_entry(pos, struct uvm_map, link);

		if (addr < m->base)
			return NULL;
		if (addr - m->base < m->size)
			return m;
	}
	return NULL;
}

/* The mapping after which [base, base+len) would go, if it is free. */
static bool range_free(struct uvm *as, uintptr_t base, uint64_t len,
		       struct list_node **after)
{
	struct list_node *pos;

	*after = &as->maps;
	list_for_each(pos, &as->maps)
	{
		struct uvm_map *m = list_entry(pos, struct uvm_map, link);

		if (m->base >= base + len)
			break;
		if (m->base + m->size > base)
			return false;
		*after = pos;
	}
	return true;
}

/* First free gap of len bytes at or above UVM_ALLOC_BASE. */
static bool find_gap(struct uvm *as, uint64_t len, uintptr_t *out)
{
	uintptr_t cand = UVM_ALLOC_BASE;
	struct list_node *pos;

	list_for_each(pos, &as->maps)
	{
		struct uvm_map *m = list_entry(pos, struct uvm_map, link);

		if (m->base + m->size <= cand)
			continue;
		if (m->base >= cand + len)
			break;
		cand = m->base + m->size;
	}
	if (cand > USER_TOP || USER_TOP - cand < len)
		return false;
	*out = cand;
	return true;
}

static bool user_range_ok(uintptr_t addr, uint64_t len)
{
	return addr >= USER_BASE && addr < USER_TOP && len <= USER_TOP - addr;
}

slate_status_t uvm_map(struct uvm *as, struct vmo *vmo, uint64_t offset,
		       uint64_t len, unsigned flags, unsigned max_flags,
		       bool fixed, uintptr_t *addr)
{
	struct list_node *after;
	struct uvm_map *m;
	uintptr_t base = *addr;

	if (!len || !IS_ALIGNED(offset | len, PAGE_SIZE) ||
	    offset > vmo->size || len > vmo->size - offset)
		return SLATE_ERR_INVALID;
	if (as->nmaps >= UVM_MAX_MAPS)
		return SLATE_ERR_QUOTA;
	if (fixed) {
		if (!IS_ALIGNED(base, PAGE_SIZE) || !user_range_ok(base, len))
			return SLATE_ERR_INVALID;
		if (!range_free(as, base, len, &after))
			return SLATE_ERR_EXISTS;
	} else {
		if (!find_gap(as, len, &base))
			return SLATE_ERR_NO_MEMORY;
		range_free(as, base, len, &after);
	}
	if (quota_charge(as->quota, sizeof(*m)))
		return SLATE_ERR_QUOTA;
	m = kzalloc(sizeof(*m));
	if (!m) {
		quota_uncharge(as->quota, sizeof(*m));
		return SLATE_ERR_NO_MEMORY;
	}
	*m = (struct uvm_map){.base = base,
			      .size = len,
			      .vmo = vmo,
			      .offset = offset,
			      .flags = flags,
			      .max_flags = max_flags,
			      .as = as};
	kobj_get(&vmo->obj);
	list_add_tail(&vmo->maps, &m->vmo_link);
	list_insert_between(&m->link, after, after->next);
	as->nmaps++;
	*addr = base;
	return SLATE_OK;
}

/* Split m at addr (inside it); the upper part becomes a new mapping. */
static slate_status_t map_split(struct uvm *as, struct uvm_map *m,
				uintptr_t addr)
{
	struct uvm_map *hi;

	if (as->nmaps >= UVM_MAX_MAPS || quota_charge(as->quota, sizeof(*hi)))
		return SLATE_ERR_QUOTA;
	hi = kzalloc(sizeof(*hi));
	if (!hi) {
		quota_uncharge(as->quota, sizeof(*hi));
		return SLATE_ERR_NO_MEMORY;
	}
	*hi = *m;
	hi->base = addr;
	hi->size = m->base + m->size - addr;
	hi->offset = m->offset + (addr - m->base);
	m->size = addr - m->base;
	kobj_get(&hi->vmo->obj);
	list_add_tail(&hi->vmo->maps, &hi->vmo_link);
	list_insert_between(&hi->link, &m->link, m->link.next);
	as->nmaps++;
	return SLATE_OK;
}

/* Make addr a mapping boundary, if a mapping straddles it. */
static slate_status_t split_at(struct uvm *as, uintptr_t addr)
{
	struct uvm_map *m = map_find(as, addr);

	if (!m || m->base == addr)
		return SLATE_OK;
	return map_split(as, m, addr);
}

static slate_status_t check_range(uintptr_t addr, uint64_t len)
{
	if (!len || !IS_ALIGNED(addr | len, PAGE_SIZE) ||
	    !user_range_ok(addr, len))
		return SLATE_ERR_INVALID;
	return SLATE_OK;
}

slate_status_t uvm_unmap(struct uvm *as, uintptr_t addr, uint64_t len)
{
	struct list_node *pos, *tmp;
	slate_status_t err = check_range(addr, len);

	if (!err)
		err = split_at(as, addr);
	if (!err)
		err = split_at(as, addr + len);
	if (err)
		return err;
	list_for_each_safe(pos, tmp, &as->maps)
	{
		struct uvm_map *m = list_entry(pos, struct uvm_map, link);

		if (m->base >= addr && m->base + m->size <= addr + len)
			map_free(as, m);
	}
	pt_clear(as, addr, len);
	return SLATE_OK;
}

void uvm_vmo_unmap(struct vmo *vmo, uint64_t off, uint64_t len)
{
	struct list_node *pos;

	list_for_each(pos, &vmo->maps)
	{
		struct uvm_map *m = list_entry(pos, struct uvm_map, vmo_link);
		uint64_t lo = MAX(off, m->offset);
		uint64_t hi = MIN(off + len, m->offset + m->size);

		if (lo < hi)
			pt_clear(m->as, m->base + (lo - m->offset), hi - lo);
	}
}

/* True if [addr, addr+len) is covered by mappings with no hole. */
static bool range_covered(struct uvm *as, uintptr_t addr, uint64_t len)
{
	uintptr_t next = addr;
	struct list_node *pos;

	list_for_each(pos, &as->maps)
	{
		struct uvm_map *m = list_entry(pos, struct uvm_map, link);

		if (m->base + m->size <= next)
			continue;
		if (m->base > next)
			return false;
		next = m->base + m->size;
		if (next >= addr + len)
			return true;
	}
	return false;
}

slate_status_t uvm_protect(struct uvm *as, uintptr_t addr, uint64_t len,
			   unsigned flags)
{
	struct list_node *pos;
	slate_status_t err = check_range(addr, len);

	if (err)
		return err;
	if (!range_covered(as, addr, len))
		return SLATE_ERR_NOT_FOUND;
	list_for_each(pos, &as->maps)
	{
		struct uvm_map *m = list_entry(pos, struct uvm_map, link);

		if (m->base < addr + len && m->base + m->size > addr &&
		    (flags & ~m->max_flags))
			return SLATE_ERR_ACCESS;
	}
	err = split_at(as, addr);
	if (!err)
		err = split_at(as, addr + len);
	if (err)
		return err;
	list_for_each(pos, &as->maps)
	{
		struct uvm_map *m = list_entry(pos, struct uvm_map, link);

		if (m->base >= addr && m->base + m->size <= addr + len)
			m->flags = flags;
	}
	pt_clear(as, addr, len); /* refaults with the new permissions */
	return SLATE_OK;
}

/* ---- faults ---- */

/*
 * Fill the page-table entry for addr if the access is allowed and the
 * page can be had without waiting. Returns 0, SLATE_ERR_FAULT (no
 * mapping or not allowed), SLATE_ERR_QUOTA or SLATE_ERR_NO_MEMORY, or
 * SLATE_ERR_WOULD_BLOCK with *mp set when the page is the pager's to
 * supply.
 */
static slate_status_t fault_in(struct uvm *as, uintptr_t addr, unsigned access,
			       struct uvm_map **mp)
{
	struct uvm_map *m = map_find(as, addr);
	uintptr_t page = ALIGN_DOWN(addr, PAGE_SIZE);
	slate_status_t err;
	unsigned flags;
	uint64_t pa, off;
	pte_t *e, old;

	if (!m || (access & ~m->flags))
		return SLATE_ERR_FAULT;
	*mp = m;
	off = m->offset + (page - m->base);
	err = vmo_page(m->vmo, off, access, &pa);
	if (err)
		return err; /* XXX: out of memory kills the faulting process */
	e = pt_walk(as, page, true);
	if (!e)
		return SLATE_ERR_QUOTA;
	flags = m->flags | VM_USER;
	if (m->vmo->device)
		flags |= VM_DEVICE;
	if (vmo_page_shared(m->vmo, off))
		flags &= ~VM_WRITE; /* a write faults and copies */
	old = *e;
	*e = arch_pte_leaf(pa, flags, PT_LEVEL_PAGE);

	/*
	 * A read-only entry made writable (its page no longer shared) may
	 * be cached by this CPU, which would fault on it for ever; other
	 * CPUs fault at most once more and come here themselves.
	 */
	if (arch_pte_valid(old) && this_cpu()->user_root == as->root)
		arch_tlb_flush_user(page, PAGE_SIZE);
	return SLATE_OK;
}

/*
 * Kernel copies never wait for a pager: their trap cannot switch
 * threads. XXX: a system call given a buffer in a page its pager has not
 * supplied yet fails with SLATE_ERR_FAULT; user space must touch the
 * page first.
 */
bool uvm_fault(uintptr_t addr, unsigned access)
{
	struct process *p = process_current();
	struct uvm_map *m;

	BKL_ASSERT_HELD();
	if (!p || !p->as || addr < USER_BASE || addr >= USER_TOP)
		return false;
	return fault_in(p->as, addr, access, &m) == SLATE_OK;
}

slate_status_t uvm_user_fault(uintptr_t addr, unsigned access)
{
	struct process *p = process_current();
	struct uvm_map *m;
	slate_status_t err;

	BKL_ASSERT_HELD();
	if (!p || !p->as || addr < USER_BASE || addr >= USER_TOP)
		return SLATE_ERR_FAULT;
	err = fault_in(p->as, addr, access, &m);
	if (err != SLATE_ERR_WOULD_BLOCK)
		return err;
	/* The access is retried on return, whatever happened meanwhile. */
	return pager_wait(m->vmo,
			  m->offset + (ALIGN_DOWN(addr, PAGE_SIZE) - m->base),
			  access);
}

bool uvm_range_mapped(struct uvm *as, uintptr_t addr, uint64_t len,
		      unsigned access)
{
	uintptr_t end = addr + len;
	struct uvm_map *m;

	if (!user_range_ok(addr, len))
		return false;
	for (uintptr_t a = ALIGN_DOWN(addr, PAGE_SIZE); a < end; a += PAGE_SIZE)
		if (fault_in(as, a, access, &m))
			return false;
	return true;
}

/*
 * XXX: a pinned page is not known to its VMO, so a later VMO_CLONE
 * shares it like any other: the kernel's IPC writes then land in the
 * frame the clone sees, and once the pinning thread's process writes to
 * the page through a mapping (copying it) they no longer reach that
 * process. Set the IPC buffer again after cloning the memory holding it.
 */
bool uvm_pin_page(struct uvm *as, uintptr_t uva, struct vmo **vmo, uint64_t *pa)
{
	struct uvm_map *m = map_find(as, uva);

	if (!m || (m->flags & (VM_READ | VM_WRITE)) != (VM_READ | VM_WRITE) ||
	    m->vmo->kind == VMO_PHYS)
		return false;
	if (vmo_page(m->vmo, m->offset + (uva - m->base), VM_WRITE, pa))
		return false;
	kobj_get(&m->vmo->obj);
	*vmo = m->vmo;
	return true;
}
