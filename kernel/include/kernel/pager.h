/* SPDX-License-Identifier: MIT */
/*
 * User-space pagers (include/slate/pager.h is the ABI). A VMO with a
 * pager keeps one request per missing page somebody touched: the threads
 * waiting for that page, and whether the pager endpoint has received the
 * fault message yet. A request waits on its endpoint's pager_pending list
 * until a receiver takes it, then on pager_taken until the pager supplies
 * or fails the page, or the endpoint loses its last receive handle.
 *
 * Locking: [bkl] throughout.
 */
#ifndef KERNEL_PAGER_H
#define KERNEL_PAGER_H

#include <kernel/list.h>
#include <slate/types.h>

struct endpoint;
struct thread;
struct vmo;

struct pager_req {
	struct list_node vmo_link; /* on vmo.pager_reqs */
	struct list_node ep_link;  /* on pager_pending or pager_taken */
	struct vmo *vmo;           /* which owns this request */
	uint64_t offset;           /* page offset in the VMO */
	unsigned access;           /* VM_* of the first fault */
	struct list_node waiters;  /* threads in BLOCK_PAGER, by wait_link */
};

/* Whether the VMO's pager can still receive fault messages. */
bool pager_alive(const struct vmo *v);

/* Attach ep (a new reference taken) as v's pager, with badge key. */
void pager_attach(struct vmo *v, struct endpoint *ep, uint64_t key);

/*
 * Block the current thread until the pager resolves the page at off
 * (page aligned, below v->size), asking it if nobody has yet. Returns 0
 * when the page was supplied (retry the access), SLATE_ERR_NOT_FOUND if the
 * pager failed it, SLATE_ERR_PEER_CLOSED if the pager is gone,
 * SLATE_ERR_QUOTA or SLATE_ERR_NO_MEMORY for the request itself, or
 * SLATE_ERR_INTERRUPTED if the thread was killed.
 */
slate_status_t pager_wait(struct vmo *v, uint64_t off, unsigned access);

/* Install frame (charged already) as v's page at off; wake its waiters. */
void pager_install(struct vmo *v, uint64_t off, uint64_t frame);

/* The request for the page at off, or NULL if nobody waits for it. */
struct pager_req *pager_find(struct vmo *v, uint64_t off);

/* End a request, waking every waiter with status, and free it. */
void pager_resolve(struct pager_req *r, slate_status_t status);

/* IPC hooks: a receiver on ep takes the oldest fault message, if any. */
bool pager_take(struct endpoint *ep, struct thread *t);
bool pager_pending(const struct endpoint *ep);
/* ep lost its last receive handle: fail every request on it. */
void pager_endpoint_dead(struct endpoint *ep);
/* v is being destroyed: end its requests and drop its pager. */
void pager_vmo_destroy(struct vmo *v);

#endif
