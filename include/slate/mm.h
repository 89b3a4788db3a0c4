/* SPDX-License-Identifier: MIT */
/*
 * The memory manager protocol (docs/services.md, "The memory manager").
 * The memory manager (servers/mm/) hands out anonymous memory as VMOs
 * whose pages it supplies on demand: it is their pager, and each page
 * is charged to the client that allocated it, up to that client's
 * limit.
 *
 * A client is known by the badge of the handle it calls through. init
 * mints that handle for every service whose manifest block says
 * "lookup mm" (SLATE_START_MM) and writes into its badge the client's
 * number and its limit (SLATE_MM_BADGE), so the limit cannot be forged
 * and the memory manager keeps no table of them that a restart could
 * lose. A handle without a client badge (badge 0: the one the name
 * service hands out, init's heartbeats) may only ask STATS.
 *
 * Requests go through the server skeleton (<slate/server.h>): the label
 * is the operation, the reply's label the status; handles come back in
 * the calling thread's IPC buffer.
 */
#ifndef SLATE_MM_H
#define SLATE_MM_H

#include <slate/rights.h>
#include <slate/types.h>

/* The name the memory manager registers with the name service. */
#define SLATE_MM_NAME "mm"

/* A client badge: its number (1..65535) and its limit in pages. */
#define SLATE_MM_CLIENT_BITS 16
#define SLATE_MM_BADGE(client, limit_pages) \
	((uint64_t)(client) | ((uint64_t)(limit_pages) << SLATE_MM_CLIENT_BITS))
#define SLATE_MM_BADGE_CLIENT(badge) \
	((badge) & ((1ull << SLATE_MM_CLIENT_BITS) - 1))
#define SLATE_MM_BADGE_LIMIT(badge) ((badge) >> SLATE_MM_CLIENT_BITS)
#define SLATE_MM_MAX_LIMIT_PAGES    ((1ull << 40) - 1)

/* ALLOC flags: none yet; every bit is reserved (SLATE_ERR_INVALID). */
#define SLATE_MM_ALLOC_FLAGS 0ull

/* SHARE flags: make the region (else open an existing one). */
#define SLATE_MM_SHARE_CREATE 1ull
#define SLATE_MM_SHARE_FLAGS  SLATE_MM_SHARE_CREATE

/*
 * The rights of a VMO handle the memory manager hands out: map it
 * read-write, pass it on. XXX: WRITE on a VMO also lets its holder
 * supply or fail its pages (PAGER_SUPPLY, PAGER_FAIL), so a client can
 * put pages into its memory that the memory manager never counted (they
 * are charged to the memory manager's kernel quota); the kernel has no
 * right that allows writable mappings alone.
 */
#define SLATE_MM_VMO_RIGHTS                                       \
	(SLATE_RIGHT_READ | SLATE_RIGHT_WRITE | SLATE_RIGHT_MAP | \
	 SLATE_RIGHT_DUPLICATE | SLATE_RIGHT_TRANSFER)

enum slate_mm_op {
	/*
	 * size (bytes), flags. Replies with 1 word, the region's id, and
	 * 1 handle: the VMO (SLATE_MM_VMO_RIGHTS), size rounded up to
	 * pages, whose pages are zero when first touched. Nothing is
	 * charged until a page is touched. SLATE_ERR_INVALID: size 0 or
	 * over SLATE_MM_MAX_REGION, a reserved flag. SLATE_ERR_QUOTA: the
	 * region alone is more than the client has left under its limit.
	 * SLATE_ERR_NO_MEMORY: the memory manager is down to its reserve,
	 * or its tables are full. SLATE_ERR_ACCESS: no client badge.
	 */
	SLATE_MM_ALLOC = 1,
	/*
	 * id. The memory manager forgets the region and stops charging
	 * its pages to the client; they go back to the system once the
	 * client has unmapped it and closed its handles too. Touching a
	 * page of it that was never touched before then waits for ever:
	 * free only what you no longer map. SLATE_ERR_NOT_FOUND: no such
	 * region of this client (a shared region is freed by its
	 * creator only).
	 */
	SLATE_MM_FREE = 2,
	/*
	 * key, size (bytes), flags. A region many clients can map, named
	 * by a 64-bit key (not 0). With SLATE_MM_SHARE_CREATE it is made
	 * (SLATE_ERR_EXISTS if the key is taken) and charged to the
	 * caller, like ALLOC; without, it is opened (SLATE_ERR_NOT_FOUND
	 * if nobody made it yet, SLATE_ERR_INVALID if size is more than
	 * it has). Replies like ALLOC: the id and a VMO handle to the same
	 * pages every opener sees. XXX: any client that knows the key may
	 * open it.
	 */
	SLATE_MM_SHARE = 3,
	/*
	 * No words. Replies with SLATE_MM_STATS_WORDS words: the caller's
	 * pages in use and its limit (0 and 0 without a client badge),
	 * the pages in use by all clients, and the pages the memory
	 * manager may hand out in all.
	 */
	SLATE_MM_STATS = 4,
};

#define SLATE_MM_MAX_REGION (1ull << 32) /* bytes in one region */

/* Word indices of the STATS reply. */
#define SLATE_MM_STATS_PAGES 0
#define SLATE_MM_STATS_LIMIT 1
#define SLATE_MM_STATS_TOTAL 2
#define SLATE_MM_STATS_POOL  3
#define SLATE_MM_STATS_WORDS 4

_Static_assert(SLATE_MM_STATS_WORDS <= 4, "STATS fits the registers");
_Static_assert(SLATE_MM_BADGE_LIMIT(SLATE_MM_BADGE(0xffff,
						   SLATE_MM_MAX_LIMIT_PAGES)) ==
		   SLATE_MM_MAX_LIMIT_PAGES,
	       "a limit survives the badge");
_Static_assert(SLATE_MM_BADGE_CLIENT(SLATE_MM_BADGE(7, 123)) == 7,
	       "the client number survives the badge");

#endif
