/* SPDX-License-Identifier: MIT */
/*
 * Host tests for kernel/bootfs.c: an archive built here in memory, then
 * broken in every way the reader must refuse; an archive made by
 * tools/mkbootfs read back; and, when they have been built, the real
 * build/<arch>-debug/bootfs.img images, whose every program must also
 * pass the kernel's ELF loader checks. Every open reads from a heap copy
 * of exactly the given length, so under ASan a read past the end fails.
 */
#define _POSIX_C_SOURCE 200809L /* mkdtemp */

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <kernel/bootfs.h>
#include <kernel/elf.h>
#include "check.h"

#define RUN_IF(ready, test, why)                                       \
	do {                                                           \
		if (ready)                                             \
			RUN(test);                                     \
		else                                                   \
			printf("PASS %s (skipped: %s)\n", #test, why); \
	} while (0)

#define PAGE SLATE_BOOTFS_ALIGN

/* The built image: three files, the middle one empty. */
#define NFILES   3
#define IMG_SIZE (4 * PAGE)
static const char *const names[NFILES] = {"init", "empty", "etc/motd"};
static const uint32_t offsets[NFILES] = {PAGE, 3 * PAGE, 3 * PAGE};
static const uint32_t sizes[NFILES] = {5000, 0, 100};

static uint8_t img[IMG_SIZE + PAGE]; /* room to test trailing bytes */

static struct slate_bootfs_header *hdr(void)
{
	return (struct slate_bootfs_header *)img;
}

static struct slate_bootfs_entry *ent(int i)
{
	return (struct slate_bootfs_entry *)(img + sizeof(*hdr())) + i;
}

/* Byte k of file i: distinct per file, so a wrong range is noticed. */
static uint8_t file_byte(int i, size_t k)
{
	return (uint8_t)(k * 7 + (size_t)i * 31 + 1);
}

static void build(void)
{
	memset(img, 0, sizeof(img));
	*hdr() = (struct slate_bootfs_header){
	    .magic = SLATE_BOOTFS_MAGIC,
	    .version = SLATE_BOOTFS_VERSION,
	    .count = NFILES,
	    .size = IMG_SIZE,
	};
	for (int i = 0; i < NFILES; i++) {
		strcpy(ent(i)->name, names[i]);
		ent(i)->offset = offsets[i];
		ent(i)->size = sizes[i];
		for (size_t k = 0; k < sizes[i]; k++)
			img[offsets[i] + k] = file_byte(i, k);
	}
}

/* Open len bytes of src from an exact-size heap copy, then release it. */
static int open_copy(const void *src, size_t len, struct bootfs *fs)
{
	void *copy = malloc(len ? len : 1);
	int err;

	memcpy(copy, src, len);
	err = bootfs_open(fs, copy, len);
	free(copy);
	return err;
}

static int open_img(void)
{
	struct bootfs fs;

	return open_copy(img, IMG_SIZE, &fs);
}

/*
 * Promises of kernel/include/kernel/bootfs.h after a successful open,
 * whatever the input: every entry is a range inside the archive, with a
 * terminated, unique name that bootfs_find finds again.
 */
static bool archive_is_sound(const struct bootfs *fs, const uint8_t *base,
			     size_t len)
{
	struct bootfs_file f, g;
	const void *data;
	size_t size;

	if (fs->size > len || fs->count > SLATE_BOOTFS_MAX_ENTRIES)
		return false;
	for (unsigned i = 0; i < bootfs_count(fs); i++) {
		const uint8_t *d;

		if (!bootfs_entry(fs, i, &f))
			return false;
		d = f.data;
		if (d < base || (size_t)(d - base) > fs->size ||
		    f.size > fs->size - (size_t)(d - base) ||
		    (size_t)(d - base) % PAGE != 0)
			return false;
		if (strnlen(f.name, sizeof(f.name)) == sizeof(f.name) ||
		    f.name[0] == '\0')
			return false;
		if (!bootfs_find(fs, f.name, &data, &size) || data != f.data ||
		    size != f.size)
			return false;
		for (unsigned j = 0; j < i; j++)
			if (!bootfs_entry(fs, j, &g) ||
			    strcmp(f.name, g.name) == 0)
				return false;
	}
	return !bootfs_entry(fs, bootfs_count(fs), &f);
}

static void built_archive_opens(void)
{
	struct bootfs fs;
	struct bootfs_file f;
	const void *data;
	size_t size;

	build();
	CHECK(bootfs_open(&fs, img, IMG_SIZE) == 0);
	CHECK(bootfs_count(&fs) == NFILES);
	CHECK(archive_is_sound(&fs, img, IMG_SIZE));
	for (int i = 0; i < NFILES; i++) {
		CHECK(bootfs_entry(&fs, (unsigned)i, &f));
		CHECK(strcmp(f.name, names[i]) == 0 && f.size == sizes[i]);
		CHECK(bootfs_find(&fs, names[i], &data, &size));
		CHECK(data == img + offsets[i] && size == sizes[i]);
		for (size_t k = 0; k < size; k++)
			CHECK(((const uint8_t *)data)[k] == file_byte(i, k));
	}
	CHECK(!bootfs_find(&fs, "missing", &data, &size));
	CHECK(!bootfs_find(&fs, "ini", &data, &size));
	CHECK(!bootfs_find(&fs, "init2", &data, &size));
	CHECK(!bootfs_find(&fs, "", &data, &size));
}

/* A VMO or module rounded up past the archive is fine; less is not. */
static void length_may_exceed_archive(void)
{
	struct bootfs fs;

	build();
	CHECK(open_copy(img, IMG_SIZE + PAGE, &fs) == 0);
	CHECK(fs.size == IMG_SIZE);
	CHECK(open_copy(img, IMG_SIZE + 1, &fs) == 0);
}

static void every_truncation_fails(void)
{
	struct bootfs fs;

	build();
	for (size_t len = 0; len < IMG_SIZE; len++) {
		int err = open_copy(img, len, &fs);

		CHECK(err == (len < sizeof(struct slate_bootfs_header)
				  ? BOOTFS_E_TRUNCATED
				  : BOOTFS_E_SIZE));
		CHECK(bootfs_count(&fs) == 0);
	}
}

static void empty_archive_is_valid(void)
{
	struct bootfs fs;
	const void *data;
	size_t size;

	build();
	hdr()->count = 0;
	hdr()->size = PAGE;
	CHECK(open_copy(img, PAGE, &fs) == 0);
	CHECK(bootfs_count(&fs) == 0);
	CHECK(!bootfs_find(&fs, "init", &data, &size));
}

static void bad_arguments(void)
{
	struct bootfs fs;
	const void *data;
	size_t size;

	build();
	CHECK(bootfs_open(NULL, img, IMG_SIZE) == BOOTFS_E_BADARG);
	CHECK(bootfs_open(&fs, NULL, IMG_SIZE) == BOOTFS_E_BADARG);
	CHECK(bootfs_count(&fs) == 0);
	CHECK(!bootfs_find(&fs, "init", &data, &size));
	CHECK(bootfs_count(NULL) == 0);
	CHECK(!bootfs_find(NULL, "init", &data, &size));
	CHECK(bootfs_open(&fs, img, IMG_SIZE) == 0);
	CHECK(!bootfs_find(&fs, NULL, &data, &size));
	CHECK(!bootfs_find(&fs, "init", NULL, &size));
	CHECK(!bootfs_find(&fs, "init", &data, NULL));
	CHECK(!bootfs_entry(&fs, 0, NULL));
	CHECK(!bootfs_entry(NULL, 0, &(struct bootfs_file){0}));
}

static void bad_header(void)
{
	build();
	hdr()->magic ^= 1;
	CHECK(open_img() == BOOTFS_E_MAGIC);
	build();
	hdr()->version = 2;
	CHECK(open_img() == BOOTFS_E_VERSION);
	hdr()->version = 0;
	CHECK(open_img() == BOOTFS_E_VERSION);
	for (int i = 0; i < 3; i++) {
		build();
		hdr()->reserved[i] = 1u << 31;
		CHECK(open_img() == BOOTFS_E_RESERVED);
	}
	build();
	hdr()->size = IMG_SIZE + PAGE;
	CHECK(open_img() == BOOTFS_E_SIZE);
	hdr()->size = UINT32_MAX;
	CHECK(open_img() == BOOTFS_E_SIZE);
	build();
	hdr()->size = IMG_SIZE - 1;
	CHECK(open_img() == BOOTFS_E_SIZE_ALIGN);
	build();
	hdr()->size = 0;
	CHECK(open_img() == BOOTFS_E_DIRECTORY);
}

static void bad_count(void)
{
	struct bootfs fs;
	static uint8_t big[8 * PAGE];

	build();
	hdr()->count = SLATE_BOOTFS_MAX_ENTRIES + 1;
	CHECK(open_img() == BOOTFS_E_COUNT);
	hdr()->count = UINT32_MAX;
	CHECK(open_img() == BOOTFS_E_COUNT);

	/* 256 entries need 16 KiB of directory, more than a 4 KiB archive */
	build();
	hdr()->count = SLATE_BOOTFS_MAX_ENTRIES;
	hdr()->size = PAGE;
	CHECK(open_copy(img, PAGE, &fs) == BOOTFS_E_DIRECTORY);

	/* but fit in a bigger one: 256 empty files after the directory. */
	memset(big, 0, sizeof(big));
	memcpy(big, img, sizeof(struct slate_bootfs_header));
	((struct slate_bootfs_header *)big)->size = sizeof(big);
	for (int i = 0; i < SLATE_BOOTFS_MAX_ENTRIES; i++) {
		struct slate_bootfs_entry *e =
		    (struct slate_bootfs_entry *)(big + 32) + i;

		snprintf(e->name, sizeof(e->name), "f%d", i);
		e->offset = 5 * PAGE;
	}
	CHECK(open_copy(big, sizeof(big), &fs) == 0);
	CHECK(bootfs_count(&fs) == SLATE_BOOTFS_MAX_ENTRIES);
}

static void bad_names(void)
{
	static const char *const bad[] = {"",        "a b",      "tab\there",
					  "del\x7f", "\x80high", "new\nline"};
	struct bootfs fs;
	char why[160];

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		build();
		memset(ent(1)->name, 0, sizeof(ent(1)->name));
		strcpy(ent(1)->name, bad[i]);
		CHECK(open_copy(img, IMG_SIZE, &fs) == BOOTFS_E_NAME);
		CHECK(fs.bad_entry == 1);
	}
	/* 55 bytes and a NUL is the longest name; 56 is unterminated. */
	build();
	memset(ent(2)->name, 'n', SLATE_BOOTFS_NAME_MAX - 1);
	CHECK(open_img() == 0);
	memset(ent(2)->name, 'n', SLATE_BOOTFS_NAME_MAX);
	CHECK(open_copy(img, IMG_SIZE, &fs) == BOOTFS_E_NAME);
	bootfs_describe(&fs, BOOTFS_E_NAME, why, sizeof(why));
	CHECK(strcmp(why, "entry 2: name empty, unterminated or not "
			  "printable ASCII") == 0);
	/* Junk after the NUL would let two "equal" names differ. */
	build();
	ent(0)->name[SLATE_BOOTFS_NAME_MAX - 1] = 'x';
	CHECK(open_img() == BOOTFS_E_NAME);
}

static void duplicate_names(void)
{
	struct bootfs fs;
	char why[160];

	build();
	memset(ent(2)->name, 0, sizeof(ent(2)->name));
	strcpy(ent(2)->name, "init");
	CHECK(open_copy(img, IMG_SIZE, &fs) == BOOTFS_E_DUPLICATE);
	CHECK(fs.bad_entry == 2 && fs.other_entry == 0);
	bootfs_describe(&fs, BOOTFS_E_DUPLICATE, why, sizeof(why));
	CHECK(strcmp(why, "entry 2 (init): name appears twice (see entry 0)") ==
	      0);
}

static void bad_extents(void)
{
	struct bootfs fs;
	char why[160];

	build();
	ent(0)->offset = PAGE + 8;
	CHECK(open_img() == BOOTFS_E_ALIGN);
	build();
	ent(2)->size = PAGE + 1; /* one byte past the end */
	CHECK(open_copy(img, IMG_SIZE, &fs) == BOOTFS_E_RANGE);
	bootfs_describe(&fs, BOOTFS_E_RANGE, why, sizeof(why));
	CHECK(strcmp(why, "entry 2 (etc/motd): file data past the end of the "
			  "archive (offset 12288, size 4097, archive 16384 "
			  "bytes)") == 0);
	ent(2)->size = PAGE; /* exactly to the end */
	CHECK(open_img() == 0);
	build();
	ent(2)->offset = UINT32_MAX & ~(PAGE - 1); /* a sum would wrap */
	ent(2)->size = 2 * PAGE;
	CHECK(open_img() == BOOTFS_E_RANGE);
	ent(2)->offset = IMG_SIZE; /* an empty file at the very end */
	ent(2)->size = 0;
	CHECK(open_img() == 0);
	build();
	ent(0)->offset = 0;
	CHECK(open_img() == BOOTFS_E_OVERLAP_DIR);
}

static void files_in_order_and_disjoint(void)
{
	struct bootfs fs;
	char why[160];

	build();
	ent(1)->offset = PAGE; /* inside init's 5000 bytes */
	CHECK(open_copy(img, IMG_SIZE, &fs) == BOOTFS_E_ORDER);
	CHECK(fs.bad_entry == 1 && fs.other_entry == 0);
	bootfs_describe(&fs, BOOTFS_E_ORDER, why, sizeof(why));
	CHECK(strcmp(why, "entry 1 (empty): file data overlaps or precedes "
			  "the previous file (see entry 0)") == 0);
	build();
	ent(0)->offset = 3 * PAGE; /* after the others: out of order */
	ent(0)->size = 10;
	CHECK(open_img() == BOOTFS_E_ORDER);
	/* Empty files may share an offset with what follows. */
	build();
	ent(0)->size = 0;
	ent(1)->offset = PAGE;
	CHECK(open_img() == 0);
}

static void messages_are_distinct(void)
{
	struct bootfs fs;
	char why[64];

	for (int a = BOOTFS_E_ORDER; a <= BOOTFS_E_BADARG; a++) {
		CHECK(strcmp(bootfs_strerror(a), "unknown error") != 0);
		for (int b = a + 1; b <= BOOTFS_E_BADARG; b++)
			CHECK(strcmp(bootfs_strerror(a), bootfs_strerror(b)) !=
			      0);
	}
	CHECK(strcmp(bootfs_strerror(0), "success") == 0);
	CHECK(strcmp(bootfs_strerror(1), "unknown error") == 0);
	CHECK(strcmp(bootfs_strerror(BOOTFS_E_ORDER - 1), "unknown error") ==
	      0);

	build();
	hdr()->magic = 0;
	CHECK(open_copy(img, 100, &fs) == BOOTFS_E_MAGIC);
	bootfs_describe(&fs, BOOTFS_E_MAGIC, why, sizeof(why));
	CHECK(strcmp(why, "not a bootfs archive (bad magic) (image 100 "
			  "bytes)") == 0);
	memset(why, 'x', sizeof(why));
	bootfs_describe(&fs, BOOTFS_E_MAGIC, why, 4);
	CHECK(strcmp(why, "not") == 0 && why[4] == 'x');
	bootfs_describe(&fs, BOOTFS_E_MAGIC, NULL, 0);
}

/* Write a file; false if that failed. */
static bool write_file(const char *path, const void *data, size_t len)
{
	FILE *f = fopen(path, "wb");
	bool ok = f && fwrite(data, 1, len, f) == len;

	return f && fclose(f) == 0 && ok;
}

/* Read a whole file into a malloc'd buffer, or NULL. */
static uint8_t *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf = NULL;
	long n;

	if (!f)
		return NULL;
	if (fseek(f, 0, SEEK_END) == 0 && (n = ftell(f)) >= 0 &&
	    fseek(f, 0, SEEK_SET) == 0 && (buf = malloc((size_t)n + 1)) &&
	    fread(buf, 1, (size_t)n, f) == (size_t)n) {
		*len = (size_t)n;
	} else {
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

static char tmpdir[] = "/tmp/test_bootfs.XXXXXX";

/* The packer and the reader agree, byte for byte. */
static void mkbootfs_round_trip(void)
{
	static uint8_t a[9000], b[1];
	char cmd[512], pa[64], pb[64], out[64];
	struct bootfs fs;
	const void *data;
	uint8_t *image;
	size_t len, size;

	for (size_t k = 0; k < sizeof(a); k++)
		a[k] = file_byte(0, k);
	snprintf(pa, sizeof(pa), "%s/a", tmpdir);
	snprintf(pb, sizeof(pb), "%s/b", tmpdir);
	snprintf(out, sizeof(out), "%s/out.img", tmpdir);
	CHECK(write_file(pa, a, sizeof(a)) && write_file(pb, b, 0));
	snprintf(cmd, sizeof(cmd), "python3 tools/mkbootfs -o %s first=%s %s",
		 out, pa, pb);
	CHECK(system(cmd) == 0);
	CHECK((image = read_file(out, &len)) != NULL);
	CHECK(bootfs_open(&fs, image, len) == 0 && bootfs_count(&fs) == 2);
	CHECK(bootfs_find(&fs, "first", &data, &size) && size == sizeof(a) &&
	      memcmp(data, a, sizeof(a)) == 0);
	CHECK(bootfs_find(&fs, "b", &data, &size) && size == 0);
	CHECK(len == 4 * PAGE); /* directory page, 3 pages of a, b empty */
	free(image);

	/* Names the reader would refuse are refused when packing. */
	snprintf(cmd, sizeof(cmd),
		 "python3 tools/mkbootfs -o %s 'a b=%s' 2>/dev/null", out, pa);
	CHECK(system(cmd) != 0);
	snprintf(cmd, sizeof(cmd),
		 "python3 tools/mkbootfs -o %s x=%s x=%s 2>/dev/null", out, pa,
		 pb);
	CHECK(system(cmd) != 0);
	unlink(pa);
	unlink(pb);
	unlink(out);
}

/* Whether an archive entry is a manifest, the one kind of data file. */
static bool is_manifest(const char *name)
{
	size_t n = strlen(name), m = strlen(".manifest");

	return n > m && !strcmp(name + n - m, ".manifest");
}

/*
 * The archives `make` built, if any: each holds init, sltest and the
 * system manifest, and every program in them (every entry that is not a
 * manifest) must be one the kernel's ELF loader accepts.
 */
static void check_built_image(const char *path, uint16_t machine)
{
	struct bootfs fs;
	struct bootfs_file f;
	struct elf_image elf;
	const void *data;
	uint8_t *image;
	size_t len, size;
	int err;

	CHECK((image = read_file(path, &len)) != NULL);
	err = bootfs_open(&fs, image, len);
	if (err == 0 && !bootfs_find(&fs, "init", &data, &size))
		err = 1;
	if (err == 0 && !bootfs_find(&fs, "sltest", &data, &size))
		err = 2;
	if (err == 0 && !bootfs_find(&fs, "system.manifest", &data, &size))
		err = 3;
	for (unsigned i = 0; err == 0 && i < bootfs_count(&fs); i++)
		if (bootfs_entry(&fs, i, &f) && !is_manifest(f.name))
			err = elf_parse(f.data, f.size, machine, &elf);
	free(image);
	CHECK(err == 0);
}

static void built_x86_64_image(void)
{
	check_built_image("build/x86_64-debug/bootfs.img", EM_X86_64);
}

static void built_aarch64_image(void)
{
	check_built_image("build/aarch64-debug/bootfs.img", EM_AARCH64);
}

/* Random bytes over the header and directory: accepted means sound. */
static void random_corruption_stays_sound(void)
{
	const size_t hot = sizeof(struct slate_bootfs_header) +
			   NFILES * sizeof(struct slate_bootfs_entry);
	struct bootfs fs;
	unsigned accepted = 0;

	srand(1234);
	for (int round = 0; round < 100000; round++) {
		build();
		for (int n = rand() % 3 + 1; n > 0; n--)
			img[(size_t)rand() % hot] = (uint8_t)rand();
		if (bootfs_open(&fs, img, IMG_SIZE) == 0) {
			CHECK(archive_is_sound(&fs, img, IMG_SIZE));
			accepted++;
		}
	}
	CHECK(accepted > 0);
}

int main(void)
{
	bool have_tmp = mkdtemp(tmpdir) != NULL;

	RUN(built_archive_opens);
	RUN(length_may_exceed_archive);
	RUN(every_truncation_fails);
	RUN(empty_archive_is_valid);
	RUN(bad_arguments);
	RUN(bad_header);
	RUN(bad_count);
	RUN(bad_names);
	RUN(duplicate_names);
	RUN(bad_extents);
	RUN(files_in_order_and_disjoint);
	RUN(messages_are_distinct);
	RUN(random_corruption_stays_sound);
	RUN_IF(have_tmp && system("python3 -c '' 2>/dev/null") == 0,
	       mkbootfs_round_trip, "no python3 or no /tmp");
	RUN_IF(access("build/x86_64-debug/bootfs.img", R_OK) == 0,
	       built_x86_64_image, "build/x86_64-debug/bootfs.img not built");
	RUN_IF(access("build/aarch64-debug/bootfs.img", R_OK) == 0,
	       built_aarch64_image, "build/aarch64-debug/bootfs.img not built");
	if (have_tmp)
		rmdir(tmpdir);
	return check_failures != 0;
}
