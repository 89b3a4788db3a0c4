/* SPDX-License-Identifier: MIT */
/*
 * Kernel objects: everything a handle can name. Each starts with a
 * struct kobj carrying its type, a reference count and a kernel-wide id.
 * References are held by handles, by threads blocked on the object and
 * by other objects; the last kobj_put destroys the object through its
 * type's destroy function.
 *
 * Locking: refcount is atomic, so kobj_get/kobj_put need no lock; but the
 * destroy functions run under the big kernel lock, so kobj_put must only
 * be called with it held. type and koid are immutable.
 */
#ifndef KERNEL_OBJECT_H
#define KERNEL_OBJECT_H

#include <kernel/compiler.h>
#include <slate/object.h>

struct kobj {
	uint32_t type;     /* enum slate_object_type */
	uint32_t refcount; /* atomic */
	uint64_t koid;     /* never reused */
};

/* Give obj its type, one reference (the caller's) and a fresh id. */
void kobj_init(struct kobj *obj, enum slate_object_type type);

static inline void kobj_get(struct kobj *obj)
{
	__atomic_fetch_add(&obj->refcount, 1, __ATOMIC_RELAXED);
}

/* Drop a reference; the last one destroys the object. [bkl] */
void kobj_put(struct kobj *obj);

/* Each type's destructor, called by the last kobj_put. [bkl] */
void endpoint_destroy(struct kobj *obj);
void notify_destroy(struct kobj *obj);
void process_destroy(struct kobj *obj);
void thread_destroy(struct kobj *obj);
void vmo_destroy(struct kobj *obj);
void irq_destroy(struct kobj *obj);
void resource_destroy(struct kobj *obj);

/* Objects alive now, for the leak checks of the tests. */
uint64_t kobj_live_count(void);

#endif
