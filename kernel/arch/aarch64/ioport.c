/* SPDX-License-Identifier: MIT */
/*
 * aarch64 has no I/O port space: devices are memory-mapped only, so a
 * driver maps its registers with VMO_CREATE_PHYS and IOPORT_ENABLE
 * reports SLATE_ERR_NOT_SUPPORTED (after the generic argument checks).
 */
#include <kernel/arch.h>
#include <slate/status.h>

slate_status_t arch_ioport_enable(struct process *p, unsigned base,
				  unsigned count)
{
	return SLATE_ERR_NOT_SUPPORTED;
}

void arch_ioport_release(struct process *p)
{
}
