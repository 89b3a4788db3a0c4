/* SPDX-License-Identifier: MIT */
/*
 * Memory objects (VMOs): what user space maps. Three kinds:
 *   anonymous   pages appear zero-filled on first touch, charged then,
 *               or, once a pager is attached, as the pager supplies
 *               them (<kernel/pager.h>); a copy-on-write clone of
 *               one shares its pages until either side writes
 *               (vmo_clone; how sharing works is at the top of vmo.c);
 *   contiguous  one physically contiguous block, committed at creation
 *               (for DMA: its physical address is what a device needs);
 *   physical    a window onto device memory or a boot module, never RAM
 *               the frame allocator manages.
 *
 * Locking: [bkl].
 */
#ifndef KERNEL_VMO_H
#define KERNEL_VMO_H

#include <kernel/list.h>
#include <kernel/object.h>
#include <slate/types.h>

struct endpoint;
struct quota;

enum vmo_kind {
	VMO_ANON,
	VMO_CONTIG,
	VMO_PHYS,
};

#define VMO_MAX_SIZE (1ull << 36) /* 64 GiB, bounds the page array */

struct vmo {
	struct kobj obj;       /* SLATE_OBJ_VMO */
	enum vmo_kind kind;    /* [imm] */
	uint64_t size;         /* bytes, a page multiple [imm] */
	uint64_t *pages;       /* VMO_ANON: each page's entry (vmo.c) or 0 */
	uint64_t phys;         /* VMO_CONTIG, VMO_PHYS: physical base [imm] */
	unsigned order;        /* VMO_CONTIG: block order [imm] */
	bool device;           /* VMO_PHYS of device registers: uncached */
	uint64_t committed;    /* private pages, charged to quota */
	uint64_t shared;       /* VMO_ANON: pages shared with clones */
	struct list_node maps; /* struct uvm_map.vmo_link of mappings of it */
	struct quota *quota;   /* pays for pages and the page array */
	/* VMO_ANON with a pager: it (a reference), the badge of its fault
	 * messages, and one struct pager_req per page being waited for. */
	struct endpoint *pager;
	uint64_t pager_key;
	struct list_node pager_reqs;
};

/* Anonymous or contiguous memory of size bytes (rounded up to pages). */
slate_status_t vmo_create(struct quota *q, uint64_t size, bool contiguous,
			  struct vmo **out);
/* A window onto [phys, phys+size), which must be page aligned. */
slate_status_t vmo_create_phys(uint64_t phys, uint64_t size, bool device,
			       struct vmo **out);

/*
 * A copy-on-write snapshot of [off, off+size) of anonymous src, charged
 * to q, in *out. The caller has checked that the range is page aligned,
 * not empty and inside src, and that src is anonymous without a pager.
 * Returns 0, SLATE_ERR_QUOTA or SLATE_ERR_NO_MEMORY, changing nothing
 * on error. The source's mappings of the range lose their entries, so
 * they refault read-only.
 */
slate_status_t vmo_clone(struct quota *q, struct vmo *src, uint64_t off,
			 uint64_t size, struct vmo **out);

/*
 * Physical address of the page at byte offset off, allocating it if the
 * VMO is anonymous and it is missing. With VM_WRITE in access, a page
 * shared with a clone is first copied (charged to v's quota) and every
 * mapping of it in v is cleared. Returns 0, SLATE_ERR_QUOTA,
 * SLATE_ERR_NO_MEMORY, or SLATE_ERR_WOULD_BLOCK when the VMO has a pager
 * that must supply the page; off must be below size.
 */
slate_status_t vmo_page(struct vmo *v, uint64_t off, unsigned access,
			uint64_t *pa);

/* True if the page at off is shared with a clone: map it read-only. */
bool vmo_page_shared(const struct vmo *v, uint64_t off);

/* Copy into or out of a VMO through the direct map (kernel callers). */
slate_status_t vmo_write(struct vmo *v, uint64_t off, const void *src,
			 uint64_t len);

#endif
