/* SPDX-License-Identifier: MIT */
/*
 * Calling the memory manager (<slate/mm.h>, docs/services.md) through
 * the server skeleton. A process that init lets use it ("lookup mm" in
 * its manifest block) finds its badged handle among its start handles
 * (slate_mm_conn). Calls that return a VMO need the calling thread's
 * IPC buffer, passed as buf.
 */
#ifndef SLATE_MM_CLIENT_H
#define SLATE_MM_CLIENT_H

#include <slate/mm.h>
#include <slate/server.h>

/* A region as the memory manager handed it out. */
struct slate_mm_region {
	uint64_t id;        /* for slate_mm_free */
	slate_handle_t vmo; /* SLATE_MM_VMO_RIGHTS */
};

struct slate_mm_stats {
	uint64_t pages; /* the caller's pages in use */
	uint64_t limit; /* the caller's limit */
	uint64_t total; /* pages in use by every client */
	uint64_t pool;  /* pages the memory manager may supply in all */
};

/*
 * A connection through the handle init gave this process
 * (SLATE_START_MM); calls fail with SLATE_ERR_BAD_HANDLE if there is
 * none.
 */
struct svc_conn slate_mm_conn(void);

slate_status_t slate_mm_alloc(const struct svc_conn *mm,
			      struct slate_ipc_buffer *buf, uint64_t size,
			      uint64_t flags, struct slate_mm_region *out);

slate_status_t slate_mm_free(const struct svc_conn *mm, uint64_t id);

/* flags: SLATE_MM_SHARE_CREATE to make the region, 0 to open it. */
slate_status_t slate_mm_share(const struct svc_conn *mm,
			      struct slate_ipc_buffer *buf, uint64_t key,
			      uint64_t size, uint64_t flags,
			      struct slate_mm_region *out);

slate_status_t slate_mm_stats(const struct svc_conn *mm,
			      struct slate_mm_stats *out);

#endif
