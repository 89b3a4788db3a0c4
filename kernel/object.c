/* SPDX-License-Identifier: MIT */
/*
 * Kernel object lifetime: ids, reference counts, and the table of
 * destroy functions by type. Each object type's file registers its
 * destroy function here; nothing else frees an object.
 */
#define LOG_SUBSYS "obj"
#include <kernel/bkl.h>
#include <kernel/object.h>
#include <kernel/panic.h>

static void (*const kobj_destroy_fns[])(struct kobj *) = {
    [SLATE_OBJ_PROCESS] = process_destroy,
    [SLATE_OBJ_THREAD] = thread_destroy,
    [SLATE_OBJ_ENDPOINT] = endpoint_destroy,
    [SLATE_OBJ_NOTIFICATION] = notify_destroy,
    [SLATE_OBJ_VMO] = vmo_destroy,
    [SLATE_OBJ_INTERRUPT] = irq_destroy,
    [SLATE_OBJ_RESOURCE] = resource_destroy,
};

static uint64_t kobj_next_koid = 1; /* atomic */
static uint64_t kobj_live;          /* atomic */

void kobj_init(struct kobj *obj, enum slate_object_type type)
{
	obj->type = type;
	obj->refcount = 1;
	obj->koid = __atomic_fetch_add(&kobj_next_koid, 1, __ATOMIC_RELAXED);
	__atomic_fetch_add(&kobj_live, 1, __ATOMIC_RELAXED);
}

void kobj_put(struct kobj *obj)
{
	uint32_t old = __atomic_fetch_sub(&obj->refcount, 1, __ATOMIC_ACQ_REL);

	ASSERT(old != 0);
	if (old != 1)
		return;
	BKL_ASSERT_HELD();
	ASSERT(obj->type < ARRAY_SIZE(kobj_destroy_fns) &&
	       kobj_destroy_fns[obj->type]);
	__atomic_fetch_sub(&kobj_live, 1, __ATOMIC_RELAXED);
	kobj_destroy_fns[obj->type](obj);
}

uint64_t kobj_live_count(void)
{
	return __atomic_load_n(&kobj_live, __ATOMIC_RELAXED);
}
