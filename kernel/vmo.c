/* SPDX-License-Identifier: MIT */
/*
 * Memory objects: see <kernel/vmo.h>.
 *
 * Copy-on-write clones share frames through reference counts per page,
 * not a chain of parents. An anonymous VMO's page entry is one of
 *   0            no page yet: zero-filled (or the pager's) on first touch;
 *   a frame      private to this VMO, charged to its quota (committed);
 *   a record | 1 a struct vmo_shared, pointed to by every VMO holding
 *                that frame (shared), with the count of them.
 * Cloning turns each private page of the range into a record and points
 * both VMOs at it; a clone of a clone just adds a reference, so chains
 * and trees of snapshots cost nothing more. Writing to a page whose
 * record has other holders copies it into a new private frame and drops
 * a reference; the last holder frees the frame. So closing VMOs in any
 * order frees exactly the frames nobody holds, and no VMO keeps another
 * alive. A frame stays charged to the quota that paid for it first until
 * it is freed; a record is charged to the caller of the clone that made
 * it. A record with one holder left is written in place (and made
 * private again when that holder's quota paid for the frame).
 */
#define LOG_SUBSYS "vmo"
#include <kernel/bkl.h>
#include <kernel/heap.h>
#include <kernel/pager.h>
#include <kernel/panic.h>
#include <kernel/pmm.h>
#include <kernel/quota.h>
#include <kernel/string.h>
#include <kernel/uvm.h>
#include <kernel/vm.h>
#include <kernel/vmo.h>
#include <slate/status.h>

#define PAGE_SHARED_TAG 1ull /* low bit of a page entry: a record */

/* A frame shared by several VMOs. */
struct vmo_shared {
	uint64_t frame;
	uint64_t refs;             /* page entries pointing here */
	struct quota *frame_quota; /* paid for the frame (a reference) */
	struct quota *quota;       /* paid for this record (a reference) */
};

static bool entry_shared(uint64_t e)
{
	return e & PAGE_SHARED_TAG;
}

static struct vmo_shared *entry_record(uint64_t e)
{
	return (struct vmo_shared *)(uintptr_t)(e & ~PAGE_SHARED_TAG);
}

static uint64_t entry_frame(uint64_t e)
{
	return entry_shared(e) ? entry_record(e)->frame : e;
}

static void shared_put(struct vmo_shared *r)
{
	if (--r->refs)
		return;
	pmm_free(r->frame, 0);
	quota_uncharge(r->frame_quota, PAGE_SIZE);
	quota_put(r->frame_quota);
	quota_uncharge(r->quota, sizeof(*r));
	quota_put(r->quota);
	kfree(r);
}

static uint64_t page_array_bytes(uint64_t size)
{
	return size / PAGE_SIZE * sizeof(uint64_t);
}

static struct vmo *vmo_alloc(enum vmo_kind kind, uint64_t size)
{
	struct vmo *v = kzalloc(sizeof(*v));

	if (!v)
		return NULL;
	kobj_init(&v->obj, SLATE_OBJ_VMO);
	list_init(&v->pager_reqs);
	list_init(&v->maps);
	v->kind = kind;
	v->size = size;
	return v;
}

static slate_status_t vmo_create_anon(struct quota *q, uint64_t size,
				      struct vmo **out)
{
	uint64_t charge = sizeof(struct vmo) + page_array_bytes(size);
	slate_status_t err = quota_charge(q, charge);
	struct vmo *v;

	if (err)
		return err;
	v = vmo_alloc(VMO_ANON, size);
	if (v)
		v->pages = kzalloc(page_array_bytes(size));
	if (!v || !v->pages) {
		kfree(v);
		quota_uncharge(q, charge);
		return SLATE_ERR_NO_MEMORY;
	}
	v->quota = q;
	quota_get(q);
	*out = v;
	return SLATE_OK;
}

static slate_status_t vmo_create_contig(struct quota *q, uint64_t size,
					struct vmo **out)
{
	unsigned order = pmm_order_for(size);
	uint64_t charge = sizeof(struct vmo) + (PAGE_SIZE << order);
	slate_status_t err = quota_charge(q, charge);
	struct vmo *v;
	uint64_t pa;

	if (err)
		return err;
	pa = pmm_alloc(order);
	v = pa ? vmo_alloc(VMO_CONTIG, size) : NULL;
	if (!v) {
		if (pa)
			pmm_free(pa, order);
		quota_uncharge(q, charge);
		return SLATE_ERR_NO_MEMORY;
	}
	memset(phys_to_virt(pa), 0, PAGE_SIZE << order);
	v->phys = pa;
	v->order = order;
	v->committed = size / PAGE_SIZE;
	v->quota = q;
	quota_get(q);
	*out = v;
	return SLATE_OK;
}

slate_status_t vmo_create(struct quota *q, uint64_t size, bool contiguous,
			  struct vmo **out)
{
	if (size == 0 || size > VMO_MAX_SIZE)
		return SLATE_ERR_INVALID;
	size = ALIGN_UP(size, PAGE_SIZE);
	return contiguous ? vmo_create_contig(q, size, out)
			  : vmo_create_anon(q, size, out);
}

slate_status_t vmo_create_phys(uint64_t phys, uint64_t size, bool device,
			       struct vmo **out)
{
	struct vmo *v;

	if (size == 0 || size > VMO_MAX_SIZE ||
	    !IS_ALIGNED(phys | size, PAGE_SIZE) || phys + size < phys)
		return SLATE_ERR_INVALID;
	v = vmo_alloc(VMO_PHYS, size);
	if (!v)
		return SLATE_ERR_NO_MEMORY;
	v->phys = phys;
	v->device = device;
	*out = v;
	return SLATE_OK;
}

/* A zero-filled private page at index i of anonymous v. */
static slate_status_t page_zero_fill(struct vmo *v, uint64_t i)
{
	slate_status_t err = quota_charge(v->quota, PAGE_SIZE);
	uint64_t frame;

	if (err)
		return err;
	frame = pmm_alloc_zeroed();
	if (!frame) {
		quota_uncharge(v->quota, PAGE_SIZE);
		return SLATE_ERR_NO_MEMORY;
	}
	v->pages[i] = frame;
	v->committed++;
	return SLATE_OK;
}

/*
 * Make shared page i of v private before a write: copy it, unless v is
 * its last holder. The copy is charged to v's quota; on error nothing
 * has changed. v's mappings of the page are cleared first, since they
 * map the old frame read-only.
 */
static slate_status_t page_unshare(struct vmo *v, uint64_t i)
{
	struct vmo_shared *r = entry_record(v->pages[i]);
	slate_status_t err;
	uint64_t frame;

	if (r->refs == 1 && r->frame_quota != v->quota)
		return SLATE_OK; /* written in place, still charged to its payer
				  */
	if (r->refs == 1) {
		frame = r->frame;
		quota_put(r->frame_quota); /* the charge stays: v's own */
		quota_uncharge(r->quota, sizeof(*r));
		quota_put(r->quota);
		kfree(r);
	} else {
		err = quota_charge(v->quota, PAGE_SIZE);
		if (err)
			return err;
		frame = pmm_alloc(0);
		if (!frame) {
			quota_uncharge(v->quota, PAGE_SIZE);
			return SLATE_ERR_NO_MEMORY;
		}
		memcpy(phys_to_virt(frame), phys_to_virt(r->frame), PAGE_SIZE);
		uvm_vmo_unmap(v, i * PAGE_SIZE, PAGE_SIZE);
		shared_put(r);
	}
	v->pages[i] = frame;
	v->shared--;
	v->committed++;
	return SLATE_OK;
}

slate_status_t vmo_page(struct vmo *v, uint64_t off, unsigned access,
			uint64_t *pa)
{
	uint64_t i = off / PAGE_SIZE;
	slate_status_t err;

	ASSERT(off < v->size);
	if (v->kind != VMO_ANON) {
		*pa = v->phys + ALIGN_DOWN(off, PAGE_SIZE);
		return SLATE_OK;
	}
	if (!v->pages[i]) {
		if (v->pager)
			return SLATE_ERR_WOULD_BLOCK;
		err = page_zero_fill(v, i);
		if (err)
			return err;
	} else if (entry_shared(v->pages[i]) && (access & VM_WRITE)) {
		err = page_unshare(v, i);
		if (err)
			return err;
	}
	*pa = entry_frame(v->pages[i]);
	return SLATE_OK;
}

bool vmo_page_shared(const struct vmo *v, uint64_t off)
{
	uint64_t e;

	if (v->kind != VMO_ANON)
		return false;
	e = v->pages[off / PAGE_SIZE];
	return entry_shared(e) && entry_record(e)->refs > 1;
}

/* ---- copy-on-write clones ---- */

/* Private pages of src in pages [first, first+n): each needs a record. */
static uint64_t count_private(const struct vmo *src, uint64_t first, uint64_t n)
{
	uint64_t count = 0;

	for (uint64_t i = first; i < first + n; i++)
		if (src->pages[i] && !entry_shared(src->pages[i]))
			count++;
	return count;
}

static void free_records(struct vmo_shared **recs, uint64_t n)
{
	for (uint64_t i = 0; i < n; i++)
		kfree(recs[i]);
	kfree(recs);
}

/* n records, all or none; the caller charges for them. */
static struct vmo_shared **alloc_records(uint64_t n)
{
	struct vmo_shared **recs = kzalloc(MAX(n, 1) * sizeof(*recs));

	for (uint64_t i = 0; recs && i < n; i++) {
		recs[i] = kzalloc(sizeof(*recs[i]));
		if (!recs[i]) {
			free_records(recs, i);
			return NULL;
		}
	}
	return recs;
}

/* Turn private page i of v into a record from recs, charged to q. */
static void page_share(struct vmo *v, uint64_t i, struct vmo_shared *r,
		       struct quota *q)
{
	r->frame = v->pages[i];
	r->refs = 1;
	r->frame_quota = v->quota;
	quota_get(v->quota);
	r->quota = q;
	quota_get(q);
	v->pages[i] = (uint64_t)(uintptr_t)r | PAGE_SHARED_TAG;
	v->committed--; /* the frame's charge moves to the record, same quota */
	v->shared++;
}

/* The commit step of vmo_clone: cannot fail. */
static void clone_share(struct vmo *src, uint64_t first, struct vmo *c,
			struct vmo_shared **recs, struct quota *q)
{
	uint64_t next = 0;

	for (uint64_t j = 0; j < c->size / PAGE_SIZE; j++) {
		uint64_t i = first + j;

		if (!src->pages[i])
			continue;
		if (!entry_shared(src->pages[i]))
			page_share(src, i, recs[next++], q);
		entry_record(src->pages[i])->refs++;
		c->pages[j] = src->pages[i];
		c->shared++;
	}
}

slate_status_t vmo_clone(struct quota *q, struct vmo *src, uint64_t off,
			 uint64_t size, struct vmo **out)
{
	uint64_t first = off / PAGE_SIZE, n = size / PAGE_SIZE;
	uint64_t nrec = count_private(src, first, n);
	uint64_t charge = nrec * sizeof(struct vmo_shared);
	struct vmo_shared **recs;
	struct vmo *c;
	slate_status_t err;

	ASSERT(src->kind == VMO_ANON && !src->pager && size &&
	       IS_ALIGNED(off | size, PAGE_SIZE) && off + size <= src->size);
	err = quota_charge(q, charge);
	if (err)
		return err;
	recs = alloc_records(nrec);
	err = recs ? vmo_create_anon(q, size, &c) : SLATE_ERR_NO_MEMORY;
	if (err) {
		if (recs)
			free_records(recs, nrec);
		quota_uncharge(q, charge);
		return err;
	}

	clone_share(src, first, c, recs, q);
	kfree(recs);
	uvm_vmo_unmap(src, off, size); /* writable entries become read-only */
	*out = c;
	return SLATE_OK;
}

slate_status_t vmo_write(struct vmo *v, uint64_t off, const void *src,
			 uint64_t len)
{
	const uint8_t *s = src;

	if (off > v->size || len > v->size - off)
		return SLATE_ERR_INVALID;
	while (len) {
		uint64_t in = off % PAGE_SIZE;
		uint64_t n = MIN(len, PAGE_SIZE - in);
		uint64_t pa;
		slate_status_t err = vmo_page(v, off, VM_WRITE, &pa);

		if (err)
			return err;
		memcpy((uint8_t *)phys_to_virt(pa) + in, s, n);
		s += n;
		off += n;
		len -= n;
	}
	return SLATE_OK;
}

void vmo_destroy(struct kobj *obj)
{
	struct vmo *v = container_of(obj, struct vmo, obj);

	ASSERT(list_empty(&v->maps)); /* each mapping holds a reference */
	pager_vmo_destroy(v);
	switch (v->kind) {
	case VMO_ANON:
		for (uint64_t i = 0; i < v->size / PAGE_SIZE; i++) {
			if (entry_shared(v->pages[i]))
				shared_put(entry_record(v->pages[i]));
			else if (v->pages[i])
				pmm_free(v->pages[i], 0);
		}
		kfree(v->pages);
		quota_uncharge(v->quota, v->committed * PAGE_SIZE +
					     page_array_bytes(v->size) +
					     sizeof(*v));
		break;
	case VMO_CONTIG:
		pmm_free(v->phys, v->order);
		quota_uncharge(v->quota, (PAGE_SIZE << v->order) + sizeof(*v));
		break;
	case VMO_PHYS:
		break;
	}
	if (v->quota)
		quota_put(v->quota);
	kfree(v);
}
