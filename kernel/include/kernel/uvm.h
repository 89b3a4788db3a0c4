/* SPDX-License-Identifier: MIT */
/*
 * User address spaces: a page-table root and the list of mappings of
 * memory objects in it. Page-table entries are filled lazily, on the
 * first fault in each page, so mapping costs nothing until used; the
 * tables themselves are charged to the process's quota.
 *
 * Locking: [bkl].
 */
#ifndef KERNEL_UVM_H
#define KERNEL_UVM_H

#include <kernel/compiler.h>
#include <kernel/list.h>
#include <slate/types.h>

struct quota;
struct vmo;

struct uvm_map {
	struct list_node link;     /* in uvm.maps, sorted by base */
	struct list_node vmo_link; /* in vmo.maps */
	struct uvm *as;            /* the address space it is in */
	uintptr_t base;
	uint64_t size;
	struct vmo *vmo;    /* holds a reference */
	uint64_t offset;    /* into the VMO */
	unsigned flags;     /* VM_READ | VM_WRITE | VM_EXEC */
	unsigned max_flags; /* what the VMO handle allowed; protect's limit */
};

struct uvm {
	uint64_t root; /* physical address of the root table */
	struct list_node maps;
	unsigned nmaps;
	uint64_t table_pages; /* page tables below the root */
	struct quota *quota;
};

#define UVM_MAX_MAPS 4096

/* An empty address space charged to q: SLATE_ERR_QUOTA or NO_MEMORY. */
slate_status_t uvm_create(struct quota *q, struct uvm **out);
/* Unmap everything and free the tables; no CPU may be using it. */
void uvm_destroy(struct uvm *as);

static inline uint64_t uvm_root(const struct uvm *as)
{
	return as->root;
}

/*
 * Map len bytes of vmo from offset with flags (VM_READ/WRITE/EXEC). With
 * fixed, at exactly *addr (page aligned, free); otherwise anywhere, and
 * *addr is set. Returns 0 or an error; nothing changes on error.
 */
slate_status_t uvm_map(struct uvm *as, struct vmo *vmo, uint64_t offset,
		       uint64_t len, unsigned flags, unsigned max_flags,
		       bool fixed, uintptr_t *addr);
/*
 * Clear every page-table entry that maps bytes [off, off+len) of vmo, in
 * every address space, with a TLB shootdown: the pages refault. For a
 * VMO whose pages change frame or lose write permission.
 */
void uvm_vmo_unmap(struct vmo *vmo, uint64_t off, uint64_t len);
/* Unmap whatever lies in [addr, addr+len); splits mappings as needed. */
slate_status_t uvm_unmap(struct uvm *as, uintptr_t addr, uint64_t len);
/* Change the permissions of [addr, addr+len), which must be all mapped. */
slate_status_t uvm_protect(struct uvm *as, uintptr_t addr, uint64_t len,
			   unsigned flags);

/*
 * A page fault from user mode in the current address space: resolve it,
 * or wait for its VMO's pager (see pager_wait for what that returns).
 * 0 means retry the access; SLATE_ERR_FAULT, a bad access.
 */
slate_status_t uvm_user_fault(uintptr_t addr, unsigned access);

/* Fault in [addr, addr+len) for access now, as a syscall about to use it. */
bool uvm_range_mapped(struct uvm *as, uintptr_t addr, uint64_t len,
		      unsigned access);

/*
 * Commit the page at uva (mapped read-write, VMO anonymous or
 * contiguous) and return its VMO (a new reference) and frame, so the
 * kernel can keep using it through the direct map (IPC buffers).
 */
bool uvm_pin_page(struct uvm *as, uintptr_t uva, struct vmo **vmo,
		  uint64_t *pa);

struct cpu;
/*
 * Service a TLB flush another CPU asked c, the calling CPU, for
 * (trap_enter); the big kernel lock must be held.
 */
void tlb_service_pending(struct cpu *c);

#endif
