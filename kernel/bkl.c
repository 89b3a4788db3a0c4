/* SPDX-License-Identifier: MIT */
/* The big kernel lock; see <kernel/bkl.h> for what it covers and why. */
#include <kernel/arch.h>
#include <kernel/bkl.h>
#include <kernel/panic.h>
#include <kernel/smp.h>
#include <kernel/spinlock.h>

static struct spinlock bkl = SPINLOCK_INIT;
static struct cpu *bkl_owner; /* the CPU holding it, or NULL */

__hot_path void bkl_lock(void)
{
	DEBUG_ASSERT(!bkl_held());
	spin_lock(&bkl);
	WRITE_ONCE(bkl_owner, this_cpu());
}

__hot_path void bkl_unlock(void)
{
	DEBUG_ASSERT(bkl_held());
	WRITE_ONCE(bkl_owner, NULL);
	spin_unlock(&bkl);
}

bool bkl_held(void)
{
	return READ_ONCE(bkl_owner) == this_cpu();
}
