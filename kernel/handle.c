/* SPDX-License-Identifier: MIT */
/*
 * Handle tables (see <kernel/handle.h>). The slot array grows by
 * doubling, charged to the owner's quota; it never shrinks while the
 * process lives, which keeps lookup a bounds check and an index.
 */
#define LOG_SUBSYS "handle"
#include <kernel/bkl.h>
#include <kernel/handle.h>
#include <kernel/heap.h>
#include <kernel/ipc.h>
#include <kernel/panic.h>
#include <kernel/quota.h>
#include <kernel/string.h>
#include <slate/status.h>

#define HANDLE_INDEX_MASK  0xffffu
#define HANDLE_GEN_SHIFT   16
#define HANDLE_GEN_MASK    0x7fffu /* keeps handle values positive */
#define HANDLE_TABLE_FIRST 32

static_assert(HANDLE_TABLE_MAX < HANDLE_INDEX_MASK, "index fits");

void handle_table_init(struct handle_table *ht, struct quota *q)
{
	*ht = (struct handle_table){.quota = q};
}

/* Object types that track how many handles name them, and how. */
static void handle_opened(struct kobj *obj, uint32_t rights)
{
	if (obj->type == SLATE_OBJ_ENDPOINT)
		endpoint_handle_change(obj, rights, 1);
}

static void handle_closed(struct kobj *obj, uint32_t rights)
{
	if (obj->type == SLATE_OBJ_ENDPOINT)
		endpoint_handle_change(obj, rights, -1);
}

void handle_table_destroy(struct handle_table *ht)
{
	for (unsigned i = 0; i < ht->size; i++) {
		struct handle_slot *s = &ht->slots[i];

		if (!s->obj)
			continue;
		handle_closed(s->obj, s->rights);
		kobj_put(s->obj);
		s->obj = NULL;
	}
	quota_uncharge(ht->quota, ht->size * sizeof(struct handle_slot));
	kfree(ht->slots);
	ht->slots = NULL;
	ht->size = ht->used = 0;
}

static struct handle_slot *slot_of(struct handle_table *ht, slate_handle_t h)
{
	unsigned index = (h & HANDLE_INDEX_MASK) - 1;
	struct handle_slot *s;

	if ((h & HANDLE_INDEX_MASK) == 0 || index >= ht->size)
		return NULL;
	s = &ht->slots[index];
	if (!s->obj ||
	    s->generation != ((h >> HANDLE_GEN_SHIFT) & HANDLE_GEN_MASK))
		return NULL;
	return s;
}

slate_status_t handle_lookup(struct handle_table *ht, slate_handle_t h,
			     enum slate_object_type type, uint32_t need,
			     struct handle_slot **slot)
{
	struct handle_slot *s = slot_of(ht, h);

	BKL_ASSERT_HELD();
	if (!s)
		return SLATE_ERR_BAD_HANDLE;
	if (type != SLATE_OBJ_NONE && s->obj->type != type)
		return SLATE_ERR_WRONG_TYPE;
	if ((s->rights & need) != need)
		return SLATE_ERR_ACCESS;
	*slot = s;
	return SLATE_OK;
}

struct kobj *handle_get(struct handle_table *ht, slate_handle_t h,
			enum slate_object_type type, uint32_t need,
			slate_status_t *err)
{
	struct handle_slot *s;

	*err = handle_lookup(ht, h, type, need, &s);
	return *err ? NULL : s->obj;
}

unsigned handle_table_room(const struct handle_table *ht)
{
	return HANDLE_TABLE_MAX - ht->used;
}

static slate_status_t handle_grow(struct handle_table *ht, unsigned want)
{
	unsigned size = ht->size ? ht->size : HANDLE_TABLE_FIRST;
	struct handle_slot *slots;
	slate_status_t err;

	while (size < want)
		size *= 2;
	size = MIN(size, HANDLE_TABLE_MAX);
	err = quota_charge(ht->quota,
			   (size - ht->size) * sizeof(struct handle_slot));
	if (err)
		return err;
	slots = kzalloc(size * sizeof(*slots));
	if (!slots) {
		quota_uncharge(ht->quota,
			       (size - ht->size) * sizeof(struct handle_slot));
		return SLATE_ERR_NO_MEMORY;
	}
	if (ht->slots)
		memcpy(slots, ht->slots, ht->size * sizeof(*slots));
	kfree(ht->slots);
	ht->slots = slots;
	ht->size = size;
	return SLATE_OK;
}

slate_status_t handle_reserve(struct handle_table *ht, unsigned n)
{
	if (n > handle_table_room(ht))
		return SLATE_ERR_QUOTA;
	if (ht->used + n <= ht->size)
		return SLATE_OK;
	return handle_grow(ht, ht->used + n);
}

/* Put obj in a free slot of ht, which the caller reserved; no hooks. */
static slate_handle_t slot_fill(struct handle_table *ht, struct kobj *obj,
				uint32_t rights, uint64_t badge)
{
	unsigned i = ht->hint;

	ASSERT(ht->used < ht->size);
	while (ht->slots[i].obj)
		i = (i + 1) % ht->size;
	ht->slots[i].obj = obj;
	ht->slots[i].rights = rights;
	ht->slots[i].badge = badge;
	ht->used++;
	ht->hint = (i + 1) % ht->size;
	return (slate_handle_t)((ht->slots[i].generation << HANDLE_GEN_SHIFT) |
				(i + 1));
}

/* Empty slot s of ht, so that its old value names nothing; no hooks. */
static void slot_clear(struct handle_table *ht, struct handle_slot *s)
{
	s->obj = NULL;
	s->generation = (s->generation + 1) & HANDLE_GEN_MASK;
	ht->used--;
	if ((unsigned)(s - ht->slots) < ht->hint)
		ht->hint = (unsigned)(s - ht->slots);
}

slate_handle_t handle_add(struct handle_table *ht, struct kobj *obj,
			  uint32_t rights, uint64_t badge)
{
	slate_handle_t h = slot_fill(ht, obj, rights, badge);

	handle_opened(obj, rights);
	return h;
}

struct kobj *handle_remove(struct handle_table *ht, slate_handle_t h,
			   uint32_t *rights, uint64_t *badge)
{
	struct handle_slot *s = slot_of(ht, h);
	struct kobj *obj;

	if (!s)
		return NULL;
	obj = s->obj;
	if (rights)
		*rights = s->rights;
	if (badge)
		*badge = s->badge;
	handle_closed(obj, s->rights);
	slot_clear(ht, s);
	return obj;
}

slate_handle_t handle_move(struct handle_table *from, slate_handle_t h,
			   struct handle_table *to)
{
	struct handle_slot *s = slot_of(from, h);
	struct kobj *obj;
	uint32_t rights;
	uint64_t badge;

	ASSERT(s);
	obj = s->obj;
	rights = s->rights;
	badge = s->badge;
	/*
	 * Neither hook runs: the handle neither opens nor closes, so the
	 * object's handle counts stay as they were throughout. Clearing
	 * first lets a move inside one table reuse the slot it frees.
	 */
	slot_clear(from, s);
	return slot_fill(to, obj, rights, badge);
}
