/* SPDX-License-Identifier: MIT */
/* Memory quotas: see <kernel/quota.h>. */
#include <kernel/bkl.h>
#include <kernel/heap.h>
#include <kernel/panic.h>
#include <kernel/quota.h>
#include <slate/status.h>

struct quota *quota_create(struct quota *parent, uint64_t limit)
{
	struct quota *q = kzalloc(sizeof(*q));

	if (!q)
		return NULL;
	q->limit = limit;
	q->refs = 1;
	q->parent = parent;
	if (parent)
		quota_get(parent);
	return q;
}

void quota_get(struct quota *q)
{
	q->refs++;
}

void quota_put(struct quota *q)
{
	ASSERT(q->refs > 0);
	if (--q->refs)
		return;
	ASSERT(q->used == 0);
	if (q->parent)
		quota_put(q->parent);
	kfree(q);
}

slate_status_t quota_charge(struct quota *q, uint64_t bytes)
{
	BKL_ASSERT_HELD();
	for (struct quota *p = q; p; p = p->parent)
		if (bytes > p->limit - p->used)
			return SLATE_ERR_QUOTA;
	for (struct quota *p = q; p; p = p->parent) {
		p->used += bytes;
		p->peak = MAX(p->peak, p->used);
	}
	return SLATE_OK; /* a NULL quota is the kernel's own */
}

void quota_uncharge(struct quota *q, uint64_t bytes)
{
	for (struct quota *p = q; p; p = p->parent) {
		ASSERT(p->used >= bytes);
		p->used -= bytes;
	}
}
