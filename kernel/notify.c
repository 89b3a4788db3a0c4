/* SPDX-License-Identifier: MIT */
/* Notifications: see <kernel/notify.h>. */
#include <kernel/bkl.h>
#include <kernel/heap.h>
#include <kernel/notify.h>
#include <kernel/panic.h>
#include <kernel/quota.h>
#include <kernel/sched.h>
#include <slate/status.h>

slate_status_t notify_create(struct quota *q, struct notify **out)
{
	struct notify *n;
	slate_status_t err = quota_charge(q, sizeof(*n));

	if (err)
		return err;
	n = kzalloc(sizeof(*n));
	if (!n) {
		quota_uncharge(q, sizeof(*n));
		return SLATE_ERR_NO_MEMORY;
	}
	kobj_init(&n->obj, SLATE_OBJ_NOTIFICATION);
	list_init(&n->waiters);
	n->quota = q;
	if (q)
		quota_get(q);
	*out = n;
	return SLATE_OK;
}

void notify_destroy(struct kobj *obj)
{
	struct notify *n = container_of(obj, struct notify, obj);
	struct quota *q = n->quota;

	ASSERT(list_empty(&n->waiters)); /* waiters hold references */
	kfree(n);
	quota_uncharge(q, sizeof(*n));
	if (q)
		quota_put(q);
}

void notify_signal(struct notify *n, uint64_t bits)
{
	struct list_node *first;
	struct thread *t;

	n->bits |= bits & NOTIFY_BITS_MASK;
	if (!n->bits || !(first = list_first(&n->waiters)))
		return;
	t = list_entry(first, struct thread, wait_link);
	bits = n->bits;
	n->bits = 0;
	sched_wake(t, (slate_status_t)bits);
}

slate_status_t notify_wait(struct notify *n, slate_time_t deadline)
{
	struct thread *t = sched_current();
	slate_status_t st;
	uint64_t bits = n->bits;

	if (bits) {
		n->bits = 0;
		return (slate_status_t)bits;
	}
	if (deadline == SLATE_TIME_POLL)
		return SLATE_ERR_WOULD_BLOCK;
	kobj_get(&n->obj);
	t->wait_obj = n;
	list_add_tail(&n->waiters, &t->wait_link);
	st = sched_block(BLOCK_NOTIFY, deadline);
	kobj_put(&n->obj);
	return st;
}
