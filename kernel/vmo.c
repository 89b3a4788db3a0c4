/* SPDX-License-Identifier: MIT */
/* Memory objects: see <kernel/vmo.h>. */
#define LOG_SUBSYS "vmo"
#include <kernel/bkl.h>
#include <kernel/heap.h>
#include <kernel/pager.h>
#include <kernel/panic.h>
#include <kernel/pmm.h>
#include <kernel/quota.h>
#include <kernel/string.h>
#include <kernel/vm.h>
#include <kernel/vmo.h>
#include <slate/status.h>

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

slate_status_t vmo_page(struct vmo *v, uint64_t off, uint64_t *pa)
{
	uint64_t i = off / PAGE_SIZE;
	slate_status_t err;
	uint64_t frame;

	ASSERT(off < v->size);
	if (v->kind != VMO_ANON) {
		*pa = v->phys + ALIGN_DOWN(off, PAGE_SIZE);
		return SLATE_OK;
	}
	if (v->pages[i]) {
		*pa = v->pages[i];
		return SLATE_OK;
	}
	if (v->pager)
		return SLATE_ERR_WOULD_BLOCK;
	err = quota_charge(v->quota, PAGE_SIZE);
	if (err)
		return err;
	frame = pmm_alloc_zeroed();
	if (!frame) {
		quota_uncharge(v->quota, PAGE_SIZE);
		return SLATE_ERR_NO_MEMORY;
	}
	v->pages[i] = frame;
	v->committed++;
	*pa = frame;
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
		slate_status_t err = vmo_page(v, off, &pa);

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

	pager_vmo_destroy(v);
	switch (v->kind) {
	case VMO_ANON:
		for (uint64_t i = 0; i < v->size / PAGE_SIZE; i++)
			if (v->pages[i])
				pmm_free(v->pages[i], 0);
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
