/* SPDX-License-Identifier: MIT */
/*
 * Boot archive reader: checks an untrusted bootfs image (the format is in
 * include/slate/bootfs.h) and looks files up in it. Compiled into the
 * kernel and, unchanged, into user space's libslate.
 *
 * Rules bootfs_open enforces, in the order it checks them:
 *  1. the header fits, has the magic, version 1 and zero reserved words;
 *  2. its size fits in the bytes given and is a multiple of the page;
 *  3. at most SLATE_BOOTFS_MAX_ENTRIES entries, the directory inside;
 *  4. each name is 1..55 printable non-space ASCII bytes, NUL-ended,
 *     zero after the NUL, and differs from every other name;
 *  5. each file starts on a page, after the directory and after the end
 *     of the file before it, and ends inside the archive.
 * Ranges are checked as "offset <= size && length <= size - offset" so
 * no value from the image can wrap a sum past a check.
 */
#include <kernel/bootfs.h>
#include <kernel/fmt.h>
#include <kernel/string.h>

#define HEADER_SIZE sizeof(struct slate_bootfs_header)
#define ENTRY_SIZE  sizeof(struct slate_bootfs_entry)

/*
 * Fields are copied out of the image into these structs, which decodes
 * them faithfully only on a little-endian machine, as both targets (and
 * the host tests) are.
 */
_Static_assert(__BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__,
	       "bootfs.c decodes little-endian fields by copying them");

/* Record which entries an error is about, for bootfs_describe. */
static int fail_at(struct bootfs *fs, int err, int idx, int other,
		   const struct slate_bootfs_entry *e)
{
	fs->bad_entry = idx;
	fs->other_entry = other;
	if (e)
		fs->bad = *e;
	return err;
}

/* Copy directory entry i, which bootfs_open proved lies in the archive. */
static void read_entry(const struct bootfs *fs, unsigned i,
		       struct slate_bootfs_entry *e)
{
	memcpy(e, fs->base + HEADER_SIZE + (size_t)i * ENTRY_SIZE, sizeof(*e));
}

/* Whether [off, off + len) lies inside the archive. */
static bool in_archive(const struct bootfs *fs, uint32_t off, uint32_t len)
{
	return off <= fs->size && len <= fs->size - off;
}

/* Rule 4, less uniqueness: one well-formed, canonical name. */
static bool name_ok(const char *name)
{
	size_t len = strnlen(name, SLATE_BOOTFS_NAME_MAX);

	if (len == 0 || len == SLATE_BOOTFS_NAME_MAX)
		return false;
	for (size_t i = 0; i < len; i++)
		if (name[i] <= ' ' || name[i] > '~')
			return false;
	for (size_t i = len; i < SLATE_BOOTFS_NAME_MAX; i++)
		if (name[i] != '\0')
			return false;
	return true;
}

/* Rules 1 to 3: everything the header alone decides. */
static int check_header(struct bootfs *fs, const struct slate_bootfs_header *h)
{
	uint64_t dir_end;

	if (h->magic != SLATE_BOOTFS_MAGIC)
		return BOOTFS_E_MAGIC;
	if (h->version != SLATE_BOOTFS_VERSION)
		return BOOTFS_E_VERSION;
	if (h->reserved[0] || h->reserved[1] || h->reserved[2])
		return BOOTFS_E_RESERVED;
	if (h->size > fs->image_len)
		return BOOTFS_E_SIZE;
	if (h->size % SLATE_BOOTFS_ALIGN != 0)
		return BOOTFS_E_SIZE_ALIGN;
	if (h->count > SLATE_BOOTFS_MAX_ENTRIES)
		return BOOTFS_E_COUNT;
	dir_end = HEADER_SIZE + (uint64_t)h->count * ENTRY_SIZE;
	if (dir_end > h->size)
		return BOOTFS_E_DIRECTORY;
	fs->size = h->size;
	fs->count = h->count;
	return 0;
}

/*
 * Rule 5 for entry i, given where the previous file ended (prev_end)
 * and which entry that was (-1 for the directory).
 */
static int check_extent(struct bootfs *fs, unsigned i,
			const struct slate_bootfs_entry *e, uint32_t prev_end,
			int prev)
{
	uint32_t dir_end = HEADER_SIZE + fs->count * ENTRY_SIZE;

	if (e->offset % SLATE_BOOTFS_ALIGN != 0)
		return fail_at(fs, BOOTFS_E_ALIGN, (int)i, -1, e);
	if (!in_archive(fs, e->offset, e->size))
		return fail_at(fs, BOOTFS_E_RANGE, (int)i, -1, e);
	if (e->offset < dir_end)
		return fail_at(fs, BOOTFS_E_OVERLAP_DIR, (int)i, -1, e);
	if (e->offset < prev_end)
		return fail_at(fs, BOOTFS_E_ORDER, (int)i, prev, e);
	return 0;
}

/* Rules 4 and 5 for every entry. */
static int check_entries(struct bootfs *fs)
{
	struct slate_bootfs_entry e, other;
	uint32_t prev_end = 0;
	int prev = -1;
	int err;

	for (unsigned i = 0; i < fs->count; i++) {
		read_entry(fs, i, &e);
		if (!name_ok(e.name))
			return fail_at(fs, BOOTFS_E_NAME, (int)i, -1, &e);
		err = check_extent(fs, i, &e, prev_end, prev);
		if (err)
			return err;
		/* Quadratic, but the directory holds at most 256 names. */
		for (unsigned j = 0; j < i; j++) {
			read_entry(fs, j, &other);
			if (memcmp(e.name, other.name, sizeof(e.name)) == 0)
				return fail_at(fs, BOOTFS_E_DUPLICATE, (int)i,
					       (int)j, &e);
		}
		prev_end = e.offset + e.size; /* in_archive: cannot wrap */
		prev = (int)i;
	}
	return 0;
}

int bootfs_open(struct bootfs *fs, const void *image, size_t len)
{
	struct slate_bootfs_header h;
	int err;

	if (fs == NULL)
		return BOOTFS_E_BADARG;
	memset(fs, 0, sizeof(*fs));
	fs->bad_entry = fs->other_entry = -1;
	fs->image_len = len;
	if (image == NULL)
		return BOOTFS_E_BADARG;
	if (len < HEADER_SIZE)
		return BOOTFS_E_TRUNCATED;

	fs->base = image;
	memcpy(&h, image, sizeof(h));
	err = check_header(fs, &h);
	if (err == 0)
		err = check_entries(fs);
	if (err) {
		/* A failed archive must not be usable by mistake. */
		fs->count = 0;
	}
	return err;
}

unsigned bootfs_count(const struct bootfs *fs)
{
	return fs ? fs->count : 0;
}

/*
 * Entry i with its range checked again, so that an image changed after
 * bootfs_open still cannot send a caller outside it.
 */
static bool get_entry(const struct bootfs *fs, unsigned i,
		      struct slate_bootfs_entry *e)
{
	if (fs == NULL || i >= fs->count)
		return false;
	read_entry(fs, i, e);
	e->name[SLATE_BOOTFS_NAME_MAX - 1] = '\0';
	return in_archive(fs, e->offset, e->size);
}

bool bootfs_entry(const struct bootfs *fs, unsigned i, struct bootfs_file *out)
{
	struct slate_bootfs_entry e;

	if (out == NULL || !get_entry(fs, i, &e))
		return false;
	memcpy(out->name, e.name, sizeof(out->name));
	out->data = fs->base + e.offset;
	out->size = e.size;
	return true;
}

bool bootfs_find(const struct bootfs *fs, const char *name, const void **data,
		 size_t *size)
{
	struct slate_bootfs_entry e;

	if (name == NULL || data == NULL || size == NULL)
		return false;
	for (unsigned i = 0; fs && i < fs->count; i++) {
		if (!get_entry(fs, i, &e) ||
		    strncmp(e.name, name, SLATE_BOOTFS_NAME_MAX) != 0)
			continue;
		*data = fs->base + e.offset;
		*size = e.size;
		return true;
	}
	return false;
}

static const char *const bootfs_messages[] = {
    [-BOOTFS_E_BADARG] = "invalid argument",
    [-BOOTFS_E_TRUNCATED] = "image too short for a bootfs header",
    [-BOOTFS_E_MAGIC] = "not a bootfs archive (bad magic)",
    [-BOOTFS_E_VERSION] = "unknown bootfs version",
    [-BOOTFS_E_RESERVED] = "reserved header field is not zero",
    [-BOOTFS_E_SIZE] = "archive truncated: header size exceeds the image",
    [-BOOTFS_E_SIZE_ALIGN] = "archive size is not a multiple of 4096",
    [-BOOTFS_E_COUNT] = "too many directory entries",
    [-BOOTFS_E_DIRECTORY] = "directory runs past the end of the archive",
    [-BOOTFS_E_NAME] = "name empty, unterminated or not printable ASCII",
    [-BOOTFS_E_DUPLICATE] = "name appears twice",
    [-BOOTFS_E_ALIGN] = "file data not aligned to 4096 bytes",
    [-BOOTFS_E_RANGE] = "file data past the end of the archive",
    [-BOOTFS_E_OVERLAP_DIR] = "file data overlaps the directory",
    [-BOOTFS_E_ORDER] = "file data overlaps or precedes the previous file",
};

const char *bootfs_strerror(int err)
{
	if (err == 0)
		return "success";
	if (err < 0 && err >= BOOTFS_E_ORDER)
		return bootfs_messages[-err];
	return "unknown error";
}

void bootfs_describe(const struct bootfs *fs, int err, char *buf, size_t size)
{
	const struct slate_bootfs_entry *e = &fs->bad;
	const char *why = bootfs_strerror(err);
	char who[24 + SLATE_BOOTFS_NAME_MAX];

	if (size == 0)
		return;
	if (fs->bad_entry < 0) {
		fmt_snprintf(buf, size, "%s (image %zu bytes)", why,
			     fs->image_len);
		return;
	}

	/* A bad name may be unterminated or junk: do not print it. */
	if (err == BOOTFS_E_NAME)
		fmt_snprintf(who, sizeof(who), "entry %d", fs->bad_entry);
	else
		fmt_snprintf(who, sizeof(who), "entry %d (%.*s)", fs->bad_entry,
			     SLATE_BOOTFS_NAME_MAX - 1, e->name);

	if (err == BOOTFS_E_NAME)
		fmt_snprintf(buf, size, "%s: %s", who, why);
	else if (fs->other_entry >= 0)
		fmt_snprintf(buf, size, "%s: %s (see entry %d)", who, why,
			     fs->other_entry);
	else
		fmt_snprintf(buf, size,
			     "%s: %s (offset %u, size %u, archive %u bytes)",
			     who, why, e->offset, e->size, fs->size);
}
