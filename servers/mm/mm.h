/* SPDX-License-Identifier: MIT */
/*
 * The memory manager's state and handlers (docs/services.md, "The
 * memory manager"). One thread serves everything: client requests and
 * the kernel's fault messages arrive on the same endpoint, so no lock
 * is needed and a fault that comes while a request is being handled
 * simply waits in the endpoint's queue.
 */
#ifndef MM_H
#define MM_H

#include <stdbool.h>
#include <stdint.h>

#include <slate/mm.h>
#include <slate/server.h>

#define MM_PAGE        4096ull
#define MM_MAX_CLIENTS 64
#define MM_MAX_REGIONS 256

/*
 * The badge of the pager handle of region i: the top bit set, so a
 * fault's badge can never be taken for a client's (client badges hold
 * a limit below 2^56).
 */
#define MM_PAGER_BADGE(i) ((1ull << 63) | (uint64_t)(i))

/* A client: known by the number in its badge; its limit is there too. */
struct mm_client {
	uint64_t badge;   /* 0: slot free */
	uint64_t pages;   /* pages supplied to its regions, not yet freed */
	uint64_t regions; /* regions it made and has not freed */
};

/*
 * A region: one VMO whose pager this server is. Private regions come
 * from ALLOC, shared ones from SHARE (key != 0). Either way the client
 * that made it pays for its pages. A later CLONE (a copy-on-write
 * snapshot, once the kernel has VMO_CLONE) is one more way to fill a
 * slot: a region whose VMO is the clone and whose faults it forwards
 * to the parent's pages.
 */
struct mm_region {
	slate_handle_t vmo; /* all rights; SLATE_HANDLE_INVALID: free */
	uint64_t koid;
	uint64_t pages; /* size */
	uint64_t supplied;
	struct mm_client *owner;
	uint64_t key; /* shared: the SHARE key; private: 0 */
};

struct mm_state {
	slate_handle_t ep;        /* the endpoint served; faults come here */
	uint64_t pool;            /* pages it may supply in all */
	uint64_t reserve;         /* below this many left, ALLOC is refused */
	uint64_t total;           /* pages supplied and not freed */
	uint64_t faults, refused; /* fault messages, faults failed */
	struct mm_client client[MM_MAX_CLIENTS];
	struct mm_region region[MM_MAX_REGIONS];
};

extern const struct svc_server mm_server;

#endif
