/* SPDX-License-Identifier: MIT */
/* Checked user copies: see <kernel/usercopy.h>. */
#include <kernel/arch.h>
#include <kernel/usercopy.h>
#include <kernel/vm.h>
#include <slate/status.h>

static bool user_range(uintptr_t addr, size_t n)
{
	return addr >= USER_BASE && addr < USER_TOP && n <= USER_TOP - addr;
}

slate_status_t copy_from_user(void *dst, uintptr_t usrc, size_t n)
{
	if (!n)
		return SLATE_OK;
	if (!user_range(usrc, n) ||
	    arch_copy_from_user(dst, (const void *)usrc, n))
		return SLATE_ERR_FAULT;
	return SLATE_OK;
}

slate_status_t copy_to_user(uintptr_t udst, const void *src, size_t n)
{
	if (!n)
		return SLATE_OK;
	if (!user_range(udst, n) || arch_copy_to_user((void *)udst, src, n))
		return SLATE_ERR_FAULT;
	return SLATE_OK;
}
