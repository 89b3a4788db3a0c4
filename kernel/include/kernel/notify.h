/* SPDX-License-Identifier: MIT */
/*
 * Notifications: a word of 63 signal bits. Signalling ORs bits in and
 * wakes the longest waiter, which gets every pending bit and clears
 * them; waiting with bits pending returns at once. Interrupts reach
 * user-space drivers this way. Locking: [bkl].
 */
#ifndef KERNEL_NOTIFY_H
#define KERNEL_NOTIFY_H

#include <kernel/list.h>
#include <kernel/object.h>
#include <slate/types.h>

struct quota;

#define NOTIFY_BITS_MASK 0x7fffffffffffffffull /* results stay positive */

struct notify {
	struct kobj obj; /* SLATE_OBJ_NOTIFICATION */
	uint64_t bits;
	struct list_node waiters; /* struct thread.wait_link */
	struct quota *quota;
};

slate_status_t notify_create(struct quota *q, struct notify **out);
void notify_signal(struct notify *n, uint64_t bits);
/* Pending bits (> 0), or a wait status (timeout, interruption). */
slate_status_t notify_wait(struct notify *n, slate_time_t deadline);

#endif
