/* SPDX-License-Identifier: MIT */
/*
 * Symbol lookup and backtraces. tools/ksymgen writes the table (sorted
 * function addresses and their names) in the second link pass; a frame
 * pointer walk then turns return addresses into "function+offset".
 *
 * Both architectures keep a frame record {previous fp, return address} at
 * the frame pointer (rbp on x86_64, x29 on aarch64), which the kernel is
 * compiled to maintain (-fno-omit-frame-pointer).
 */
#include <kernel/ksyms.h>
#include <kernel/log.h>
#include <kernel/vm.h>

#define BACKTRACE_MAX_DEPTH 24

extern const uint64_t ksyms_count;
extern const uint64_t ksyms_addrs[];
extern const uint32_t ksyms_name_offsets[];
extern const char ksyms_names[];

const char *ksym_lookup(uintptr_t addr, uintptr_t *offset)
{
	uint64_t lo = 0, hi = ksyms_count;

	if (hi == 0 || addr < ksyms_addrs[0] || addr >= (uintptr_t)__text_end)
		return NULL;
	/* Find the last symbol at or below addr. */
	while (hi - lo > 1) {
		uint64_t mid = lo + (hi - lo) / 2;

		if (ksyms_addrs[mid] <= addr)
			lo = mid;
		else
			hi = mid;
	}
	*offset = addr - ksyms_addrs[lo];
	return ksyms_names + ksyms_name_offsets[lo];
}

/* A frame record is readable if both words are in mapped kernel memory. */
static bool frame_readable(uintptr_t fp)
{
	if (fp < DIRECT_MAP_BASE || !IS_ALIGNED(fp, 8))
		return false;
	return vm_kernel_lookup(fp, NULL) && vm_kernel_lookup(fp + 8, NULL);
}

static void backtrace_line(unsigned depth, uintptr_t pc)
{
	uintptr_t off;
	const char *name = ksym_lookup(pc, &off);

	if (name)
		kprintf("  #%-2u %#018lx <%s+%#lx>\n", depth, (unsigned long)pc,
			name, (unsigned long)off);
	else
		kprintf("  #%-2u %#018lx <?>\n", depth, (unsigned long)pc);
}

void backtrace_print(uintptr_t fp, uintptr_t pc)
{
	unsigned depth = 0;

	kprintf("backtrace:\n");
	backtrace_line(depth++, pc);
	while (depth < BACKTRACE_MAX_DEPTH && frame_readable(fp)) {
		uintptr_t next = ((uintptr_t *)fp)[0];
		uintptr_t ret = ((uintptr_t *)fp)[1];

		if (!ret)
			break;
		/* Return addresses point after the call; show the call. */
		backtrace_line(depth++, ret - 1);
		/* Stacks grow down: a caller's frame is always higher. */
		if (next <= fp)
			break;
		fp = next;
	}
}
