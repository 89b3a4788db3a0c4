/* SPDX-License-Identifier: MIT */
/*
 * The exception table: kernel instructions allowed to fault on user
 * memory, each with the address to resume at when the fault cannot be
 * resolved. usercopy.S emits the entries; the linker gathers them
 * between __x86_extable_start and __x86_extable_end.
 */
#include <kernel/compiler.h>
#include <arch/x86.h>

struct x86_extable_entry {
	uint64_t fault_pc;
	uint64_t fixup_pc;
};
static_assert(sizeof(struct x86_extable_entry) == 16,
	      "usercopy.S emits two quads per entry");

extern const struct x86_extable_entry __x86_extable_start[];
extern const struct x86_extable_entry __x86_extable_end[];

/* The table has a handful of entries: a linear search is fine. */
uintptr_t x86_extable_fixup(uintptr_t fault_pc)
{
	for (const struct x86_extable_entry *e = __x86_extable_start;
	     e < __x86_extable_end; e++) {
		if (e->fault_pc == fault_pc)
			return e->fixup_pc;
	}
	return 0;
}
