/* SPDX-License-Identifier: MIT */
/*
 * Calls to the memory manager (<slate/mm_client.h>): one request each,
 * through the server skeleton.
 */
#include <slate/mm_client.h>

struct svc_conn slate_mm_conn(void)
{
	return svc_conn_remote(slate_start_handle(SLATE_START_MM));
}

/* Send a request that answers with a region: an id and a VMO. */
static slate_status_t region_call(const struct svc_conn *mm,
				  struct slate_ipc_buffer *buf,
				  struct slate_msg *m,
				  struct slate_mm_region *out)
{
	slate_status_t st = svc_call_handles(mm, m, buf);

	if (st != SLATE_OK)
		return st;
	if (SLATE_MSG_NHANDLES(m->info) != 1 || SLATE_MSG_NWORDS(m->info) < 1)
		return SLATE_ERR_INVALID; /* not a memory manager's answer */
	*out = (struct slate_mm_region){m->words[0], buf->handles[0]};
	return SLATE_OK;
}

slate_status_t slate_mm_alloc(const struct svc_conn *mm,
			      struct slate_ipc_buffer *buf, uint64_t size,
			      uint64_t flags, struct slate_mm_region *out)
{
	struct slate_msg m = {.info = SLATE_MSG_INFO(SLATE_MM_ALLOC, 2, 0),
			      .words = {size, flags}};

	return region_call(mm, buf, &m, out);
}

slate_status_t slate_mm_free(const struct svc_conn *mm, uint64_t id)
{
	struct slate_msg m = {.info = SLATE_MSG_INFO(SLATE_MM_FREE, 1, 0),
			      .words = {id}};

	return svc_call(mm, &m);
}

slate_status_t slate_mm_share(const struct svc_conn *mm,
			      struct slate_ipc_buffer *buf, uint64_t key,
			      uint64_t size, uint64_t flags,
			      struct slate_mm_region *out)
{
	struct slate_msg m = {.info = SLATE_MSG_INFO(SLATE_MM_SHARE, 3, 0),
			      .words = {key, size, flags}};

	return region_call(mm, buf, &m, out);
}

slate_status_t slate_mm_stats(const struct svc_conn *mm,
			      struct slate_mm_stats *out)
{
	struct slate_msg m = {.info = SLATE_MSG_INFO(SLATE_MM_STATS, 0, 0)};
	slate_status_t st = svc_call(mm, &m);

	if (st != SLATE_OK)
		return st;
	*out = (struct slate_mm_stats){
	    m.words[SLATE_MM_STATS_PAGES], m.words[SLATE_MM_STATS_LIMIT],
	    m.words[SLATE_MM_STATS_TOTAL], m.words[SLATE_MM_STATS_POOL]};
	return SLATE_OK;
}
