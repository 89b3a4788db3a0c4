/* SPDX-License-Identifier: MIT */
/*
 * The kernel's stack protector. Every kernel file is built with
 * -fstack-protector-strong: a function with an array or an address-taken
 * local stores __stack_chk_guard below its return address on entry and
 * calls __stack_chk_fail if the value changed by the time it returns,
 * so a linear overflow of a kernel stack buffer stops the kernel instead
 * of returning into what the overflow wrote.
 */
#include <kernel/arch.h>
#include <kernel/panic.h>
#include <kernel/stack_protector.h>

/*
 * Used by clang's generated code under this name. Not zero before
 * stack_guard_init, so that a string copy overflowing with a NUL-ended
 * string cannot restore it by accident.
 */
uintptr_t __stack_chk_guard = 0x2f6a1c5e9d3b7a41ull;

void __stack_chk_fail(void);
__noreturn void __stack_chk_fail(void)
{
	panic("stack protector: a function's stack canary was overwritten "
	      "(kernel stack buffer overflow)");
}

/*
 * No protected function may be active across this call and return after
 * it, as it would check the new value against the old one; kmain calls
 * it before anything that returns. The cycle counter is a weak fallback
 * for CPUs without a generator: guessable, but at least not a constant.
 */
__attribute__((no_stack_protector)) void stack_guard_init(void)
{
	uint64_t v;

	if (!arch_random(&v))
		v = arch_cycles() * 0x9e3779b97f4a7c15ull;
	/* A zero low byte stops string overflows from copying past it. */
	__stack_chk_guard = (uintptr_t)(v & ~0xffull);
}
