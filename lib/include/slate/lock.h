/* SPDX-License-Identifier: MIT */
/*
 * A user-space lock for short critical sections (the allocator, the
 * output buffer). It spins on an atomic flag and yields the CPU when
 * taken, so a holder that was preempted gets to run. There is no kernel
 * futex yet; nothing here may be held across a blocking call.
 */
#ifndef SLATE_LOCK_H
#define SLATE_LOCK_H

#include <stdbool.h>

#include <slate/sys.h>

struct slate_lock {
	bool held;
};

#define SLATE_LOCK_INIT \
	{               \
		false   \
	}

static inline void slate_lock(struct slate_lock *l)
{
	while (__atomic_exchange_n(&l->held, true, __ATOMIC_ACQUIRE))
		slate_thread_yield();
}

static inline void slate_unlock(struct slate_lock *l)
{
	__atomic_store_n(&l->held, false, __ATOMIC_RELEASE);
}

#endif
