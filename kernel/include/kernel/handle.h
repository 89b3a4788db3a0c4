/* SPDX-License-Identifier: MIT */
/*
 * Handle tables: a process's names for kernel objects. A handle value
 * packs a slot index and the slot's generation, so a closed handle's
 * value does not silently name whatever reuses the slot:
 *
 *	value = generation << 16 | (index + 1)
 *
 * Each slot holds a reference to its object, the rights of this handle
 * and, for endpoints, the badge a server sees when called through it.
 *
 * Locking: [bkl] throughout.
 */
#ifndef KERNEL_HANDLE_H
#define KERNEL_HANDLE_H

#include <kernel/object.h>
#include <slate/types.h>

#define HANDLE_TABLE_MAX 4096 /* slots per process, a hard limit */

struct quota;

struct handle_slot {
	struct kobj *obj; /* NULL: free */
	uint32_t rights;
	uint16_t generation;
	uint64_t badge;
};

struct handle_table {
	struct handle_slot *slots;
	unsigned size;       /* slots allocated */
	unsigned used;       /* slots holding an object */
	unsigned hint;       /* lowest index that may be free */
	struct quota *quota; /* charged for the slot array */
};

void handle_table_init(struct handle_table *ht, struct quota *q);
/* Close every handle and free the array. */
void handle_table_destroy(struct handle_table *ht);

/*
 * Find handle h; on success *slot points at it. Checks the type (unless
 * SLATE_OBJ_NONE) and that every right in need is held. Returns 0,
 * SLATE_ERR_BAD_HANDLE, SLATE_ERR_WRONG_TYPE or SLATE_ERR_ACCESS.
 */
slate_status_t handle_lookup(struct handle_table *ht, slate_handle_t h,
			     enum slate_object_type type, uint32_t need,
			     struct handle_slot **slot);

/* Same, returning the object itself (no new reference) or NULL. */
struct kobj *handle_get(struct handle_table *ht, slate_handle_t h,
			enum slate_object_type type, uint32_t need,
			slate_status_t *err);

/* Free slots available without growing past HANDLE_TABLE_MAX. */
unsigned handle_table_room(const struct handle_table *ht);
/*
 * Make sure n more handles can be added without failing; grows the
 * array if needed. Returns 0, SLATE_ERR_QUOTA or SLATE_ERR_NO_MEMORY.
 */
slate_status_t handle_reserve(struct handle_table *ht, unsigned n);

/*
 * Add a handle for obj, taking over the caller's reference. The caller
 * must have reserved room. Returns the new handle value.
 */
slate_handle_t handle_add(struct handle_table *ht, struct kobj *obj,
			  uint32_t rights, uint64_t badge);

/* Remove handle h, returning its object and the reference it held. */
struct kobj *handle_remove(struct handle_table *ht, slate_handle_t h,
			   uint32_t *rights, uint64_t *badge);

/*
 * Move handle h, which must exist, from one table to another (or within
 * one), with its rights, badge and reference. The object never sees the
 * handle close or open, so an endpoint's receivers and callers are not
 * told its last handle went away while it is only changing hands. The
 * caller must have reserved room in to. Returns the value in to.
 */
slate_handle_t handle_move(struct handle_table *from, slate_handle_t h,
			   struct handle_table *to);

#endif
