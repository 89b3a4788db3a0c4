/* SPDX-License-Identifier: MIT */
/*
 * The memory manager's handlers: ALLOC, FREE, SHARE and STATS from
 * clients, and the kernel's fault messages for the VMOs it pages. Every
 * request is checked whole before anything changes; a refused one
 * leaves the tables as they were.
 *
 * The memory manager never maps a VMO it pages, and its own heap, stack
 * and zero page are ordinary memory the kernel zero-fills, so no fault
 * of its own can ever wait for itself.
 */
#include <stdio.h>
#include <string.h>

#include <slate/pager.h>

#include "mm.h"

/* What every supplied page starts as; never written. */
static const uint8_t mm_zero_page[MM_PAGE] __attribute__((aligned(4096)));

/* The client calling with badge, made on first use; NULL if not one. */
static struct mm_client *client_of(struct mm_state *st, uint64_t badge)
{
	struct mm_client *free_slot = NULL;

	if (!SLATE_MM_BADGE_CLIENT(badge) || (badge >> 63))
		return NULL;
	for (unsigned i = 0; i < MM_MAX_CLIENTS; i++) {
		if (st->client[i].badge == badge)
			return &st->client[i];
		if (!st->client[i].badge && !free_slot)
			free_slot = &st->client[i];
	}
	if (free_slot)
		*free_slot = (struct mm_client){.badge = badge};
	return free_slot;
}

static uint64_t limit_of(const struct mm_client *c)
{
	return SLATE_MM_BADGE_LIMIT(c->badge);
}

static struct mm_region *region_free_slot(struct mm_state *st)
{
	for (unsigned i = 0; i < MM_MAX_REGIONS; i++)
		if (st->region[i].vmo == SLATE_HANDLE_INVALID)
			return &st->region[i];
	return NULL;
}

static struct mm_region *region_by_key(struct mm_state *st, uint64_t key)
{
	for (unsigned i = 0; i < MM_MAX_REGIONS; i++)
		if (st->region[i].vmo != SLATE_HANDLE_INVALID &&
		    st->region[i].key == key)
			return &st->region[i];
	return NULL;
}

static unsigned region_id(const struct mm_state *st, const struct mm_region *r)
{
	return (unsigned)(r - st->region);
}

/* Whether size is a region size, and its pages. */
static bool region_pages(uint64_t size, uint64_t *pages)
{
	if (!size || size > SLATE_MM_MAX_REGION)
		return false;
	*pages = (size + MM_PAGE - 1) / MM_PAGE;
	return true;
}

/*
 * Whether c may make a region of pages pages: it must fit what the
 * client has left (SLATE_ERR_QUOTA), and the pool must be above its
 * reserve (SLATE_ERR_NO_MEMORY): the reserve is kept for faults on
 * regions that exist, so a full system refuses new memory before it
 * has to fail a fault.
 */
static slate_status_t may_make(const struct mm_state *st,
			       const struct mm_client *c, uint64_t pages)
{
	uint64_t left = c->pages < limit_of(c) ? limit_of(c) - c->pages : 0;

	if (pages > left)
		return SLATE_ERR_QUOTA;
	if (st->total + st->reserve >= st->pool)
		return SLATE_ERR_NO_MEMORY;
	return SLATE_OK;
}

static void close_if(slate_status_t h)
{
	if (h > 0)
		slate_handle_close((slate_handle_t)h);
}

/*
 * Make the VMO of a new region in slot r, with this server as its pager
 * (a handle badged with the slot, so a fault names its region), and a
 * copy for the client in *client_vmo. Changes nothing on failure.
 */
static slate_status_t region_make(struct mm_state *st, struct mm_region *r,
				  struct mm_client *owner, uint64_t pages,
				  uint64_t key, slate_handle_t *client_vmo)
{
	slate_status_t vmo = slate_vmo_create(pages * MM_PAGE, 0);
	slate_status_t pager = SLATE_ERR_INVALID, copy = SLATE_ERR_INVALID;
	struct slate_handle_info info;
	slate_status_t err = vmo;

	if (vmo > 0)
		err = pager =
		    slate_handle_mint(st->ep, SLATE_RIGHT_WRITE,
				      MM_PAGER_BADGE(region_id(st, r)));
	if (err > 0)
		err = slate_vmo_set_pager((slate_handle_t)vmo,
					  (slate_handle_t)pager);
	if (err >= 0)
		err = slate_handle_info((slate_handle_t)vmo, &info);
	if (err >= 0)
		err = copy = slate_handle_duplicate((slate_handle_t)vmo,
						    SLATE_MM_VMO_RIGHTS);
	close_if(pager); /* the VMO keeps the endpoint */
	if (err < 0) {
		close_if(vmo);
		close_if(copy);
		return err;
	}

	*r = (struct mm_region){.vmo = (slate_handle_t)vmo,
				.koid = info.koid,
				.pages = pages,
				.owner = owner,
				.key = key};
	owner->regions++;
	*client_vmo = (slate_handle_t)copy;
	return SLATE_OK;
}

/* Reply with a region's id and a VMO handle. */
static slate_status_t reply_region(const struct mm_state *st,
				   struct svc_request *req,
				   const struct mm_region *r,
				   slate_handle_t vmo)
{
	req->words[0] = region_id(st, r);
	req->nwords = 1;
	req->reply_handles[0] = vmo;
	req->nreply_handles = 1;
	return SLATE_OK;
}

static slate_status_t mm_alloc(void *state, struct svc_request *req)
{
	struct mm_state *st = state;
	struct mm_client *c = client_of(st, req->badge);
	struct mm_region *r = region_free_slot(st);
	slate_handle_t vmo;
	slate_status_t err;
	uint64_t pages;

	if (!c)
		return SLATE_ERR_ACCESS;
	if (req->words[1] & ~SLATE_MM_ALLOC_FLAGS ||
	    !region_pages(req->words[0], &pages))
		return SLATE_ERR_INVALID;
	err = may_make(st, c, pages);
	if (err != SLATE_OK)
		return err;
	if (!r)
		return SLATE_ERR_NO_MEMORY;
	err = region_make(st, r, c, pages, 0, &vmo);
	if (err != SLATE_OK)
		return err;
	return reply_region(st, req, r, vmo);
}

static slate_status_t mm_free(void *state, struct svc_request *req)
{
	struct mm_state *st = state;
	struct mm_client *c = client_of(st, req->badge);
	uint64_t id = req->words[0];
	struct mm_region *r;

	if (!c)
		return SLATE_ERR_ACCESS;
	if (id >= MM_MAX_REGIONS)
		return SLATE_ERR_NOT_FOUND;
	r = &st->region[id];
	if (r->vmo == SLATE_HANDLE_INVALID || r->owner != c)
		return SLATE_ERR_NOT_FOUND;

	/*
	 * XXX: the VMO keeps this server as its pager, and a fault on a
	 * page never touched before, through a mapping the client kept,
	 * now finds no region and waits for ever; the kernel has no way
	 * to detach a pager or to fail the faults of a VMO one has let go.
	 */
	c->pages -= r->supplied;
	c->regions--;
	st->total -= r->supplied;
	slate_handle_close(r->vmo);
	*r = (struct mm_region){.vmo = SLATE_HANDLE_INVALID};
	req->nwords = 0;
	return SLATE_OK;
}

static slate_status_t share_open(struct mm_state *st, struct svc_request *req,
				 uint64_t pages)
{
	struct mm_region *r = region_by_key(st, req->words[0]);
	slate_status_t copy;

	if (!r)
		return SLATE_ERR_NOT_FOUND;
	if (pages > r->pages)
		return SLATE_ERR_INVALID;
	copy = slate_handle_duplicate(r->vmo, SLATE_MM_VMO_RIGHTS);
	if (copy < 0)
		return copy;
	return reply_region(st, req, r, (slate_handle_t)copy);
}

static slate_status_t mm_share(void *state, struct svc_request *req)
{
	struct mm_state *st = state;
	struct mm_client *c = client_of(st, req->badge);
	uint64_t key = req->words[0], flags = req->words[2];
	struct mm_region *r = region_free_slot(st);
	slate_handle_t vmo;
	slate_status_t err;
	uint64_t pages;

	if (!c)
		return SLATE_ERR_ACCESS;
	if (!key || flags & ~SLATE_MM_SHARE_FLAGS ||
	    !region_pages(req->words[1], &pages))
		return SLATE_ERR_INVALID;
	if (!(flags & SLATE_MM_SHARE_CREATE))
		return share_open(st, req, pages);
	if (region_by_key(st, key))
		return SLATE_ERR_EXISTS;
	err = may_make(st, c, pages);
	if (err != SLATE_OK)
		return err;
	if (!r)
		return SLATE_ERR_NO_MEMORY;
	err = region_make(st, r, c, pages, key, &vmo);
	if (err != SLATE_OK)
		return err;
	return reply_region(st, req, r, vmo);
}

static slate_status_t mm_stats(void *state, struct svc_request *req)
{
	struct mm_state *st = state;
	struct mm_client *c = client_of(st, req->badge);

	req->words[SLATE_MM_STATS_PAGES] = c ? c->pages : 0;
	req->words[SLATE_MM_STATS_LIMIT] = c ? limit_of(c) : 0;
	req->words[SLATE_MM_STATS_TOTAL] = st->total;
	req->words[SLATE_MM_STATS_POOL] = st->pool;
	req->nwords = SLATE_MM_STATS_WORDS;
	return SLATE_OK;
}

/* The region a fault message is about; NULL if it is none of ours. */
static struct mm_region *fault_region(struct mm_state *st,
				      const struct svc_request *req)
{
	uint64_t id = req->badge & ~(1ull << 63);
	uint64_t off = req->words[SLATE_PAGER_FAULT_OFFSET];
	struct mm_region *r;

	if (req->local || !(req->badge >> 63) || id >= MM_MAX_REGIONS)
		return NULL;
	r = &st->region[id];
	if (r->vmo == SLATE_HANDLE_INVALID ||
	    r->koid != req->words[SLATE_PAGER_FAULT_KOID] || off % MM_PAGE ||
	    off / MM_PAGE >= r->pages)
		return NULL;
	return r;
}

/* Fail a fault, saying why: the kernel kills every process waiting. */
static void fault_fail(struct mm_state *st, struct mm_region *r, uint64_t off,
		       const char *why)
{
	st->refused++;
	printf("mm: client %llu (%llu of %llu pages): %s; failing the fault "
	       "at 0x%llx of region %u: the faulting process is killed\n",
	       (unsigned long long)SLATE_MM_BADGE_CLIENT(r->owner->badge),
	       (unsigned long long)r->owner->pages,
	       (unsigned long long)limit_of(r->owner), why,
	       (unsigned long long)off, region_id(st, r));
	slate_pager_fail(r->vmo, off);
}

/*
 * A page of one of our regions was touched: supply a zero page and
 * charge it to the region's owner, or fail the fault if the owner is
 * at its limit or the pool is empty. Never replies (the message has no
 * caller); the skeleton's reply goes nowhere.
 */
static slate_status_t mm_fault(void *state, struct svc_request *req)
{
	struct mm_state *st = state;
	struct mm_region *r = fault_region(st, req);
	uint64_t off = req->words[SLATE_PAGER_FAULT_OFFSET];
	slate_status_t err;

	st->faults++;
	if (!r) {
		printf("mm: a fault (badge 0x%llx, koid %llu) for no region "
		       "of mine: not answered\n",
		       (unsigned long long)req->badge,
		       (unsigned long long)req->words[SLATE_PAGER_FAULT_KOID]);
		return SLATE_ERR_NOT_FOUND;
	}
	if (r->owner->pages >= limit_of(r->owner)) {
		fault_fail(st, r, off, "over its limit");
		return SLATE_ERR_QUOTA;
	}
	if (st->total >= st->pool) {
		fault_fail(st, r, off, "the memory manager's pool is empty");
		return SLATE_ERR_NO_MEMORY;
	}
	err = slate_pager_supply(r->vmo, off, (uintptr_t)mm_zero_page);
	if (err == SLATE_ERR_EXISTS)
		return SLATE_OK; /* supplied by someone else: not ours */
	if (err != SLATE_OK) {
		fault_fail(st, r, off, "the kernel refused the page");
		return err;
	}
	r->supplied++;
	r->owner->pages++;
	st->total++;
	return SLATE_OK;
}

static slate_status_t mm_init(void *state)
{
	struct mm_state *st = state;

	for (unsigned i = 0; i < MM_MAX_REGIONS; i++)
		st->region[i].vmo = SLATE_HANDLE_INVALID;
	return st->pool > st->reserve ? SLATE_OK : SLATE_ERR_INVALID;
}

static const struct svc_op mm_ops[] = {
    {SLATE_MM_ALLOC, 2, mm_alloc},
    {SLATE_MM_FREE, 1, mm_free},
    {SLATE_MM_SHARE, 3, mm_share},
    {SLATE_MM_STATS, 0, mm_stats},
    {SLATE_PAGER_FAULT, SLATE_PAGER_FAULT_WORDS, mm_fault},
};

const struct svc_server mm_server = {
    "mm", mm_ops, sizeof(mm_ops) / sizeof(mm_ops[0]), mm_init};
