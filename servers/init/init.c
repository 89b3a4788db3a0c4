/* SPDX-License-Identifier: MIT */
/*
 * init, the first process. The kernel starts it from the boot archive
 * with the BOOTFS VMO among its start handles. For now it reports its
 * arguments and what the archive holds, then exits 0; starting the
 * servers named by the system manifest comes next.
 */
#include <stdio.h>
#include <stdlib.h>

#include <kernel/bootfs.h>
#include <slate/sys.h>

#define PAGE_SIZE 4096u

static void print_args(int argc, char **argv)
{
	printf("init: started (argc %d)\n", argc);
	for (int i = 0; i < argc; i++)
		printf("init: argv[%d] = \"%s\"\n", i, argv[i]);
}

/*
 * Map the BOOTFS VMO read-only and check it with the same reader the
 * kernel uses. Returns 0, or an exit status after saying what failed.
 */
static int open_bootfs(struct bootfs *fs)
{
	const struct slate_start_info *si = slate_start_info();
	slate_handle_t vmo = slate_start_handle(SLATE_START_BOOTFS);
	uint64_t len =
	    (si->bootfs_size + PAGE_SIZE - 1) & ~(uint64_t)(PAGE_SIZE - 1);
	slate_status_t addr;
	char why[160];
	int err;

	if (vmo == SLATE_HANDLE_INVALID || si->bootfs_size == 0) {
		printf("init: no boot archive among my start handles\n");
		return 2;
	}
	addr =
	    slate_vm_map(slate_self_process(), vmo, 0, len, 0, SLATE_VM_READ);
	if (addr < 0) {
		printf("init: cannot map the boot archive (%llu bytes): "
		       "error %lld\n",
		       (unsigned long long)si->bootfs_size, (long long)addr);
		return 3;
	}
	err = bootfs_open(fs, (const void *)(uintptr_t)addr,
			  (size_t)si->bootfs_size);
	if (err) {
		bootfs_describe(fs, err, why, sizeof(why));
		printf("init: bad boot archive: %s\n", why);
		return 4;
	}
	return 0;
}

static void list_bootfs(const struct bootfs *fs)
{
	struct bootfs_file f;

	printf("init: bootfs: %u entries\n", bootfs_count(fs));
	for (unsigned i = 0; bootfs_entry(fs, i, &f); i++)
		printf("init: bootfs: %-24s %8zu bytes\n", f.name, f.size);
}

int main(int argc, char **argv)
{
	struct bootfs fs;
	int status;

	print_args(argc, argv);
	status = open_bootfs(&fs);
	if (status)
		return status;
	list_bootfs(&fs);
	printf("init: nothing more to do yet; exiting\n");
	return 0;
}
