/* SPDX-License-Identifier: MIT */
/*
 * The user-space allocator. Small blocks (up to SMALL_MAX bytes) come
 * in power-of-two classes carved from chunks of CHUNK_SIZE bytes, each
 * chunk a VMO mapped read-write into this process; freed small blocks
 * go on a free list per class and are reused, never returned to the
 * kernel. A large block gets a mapping of its own, unmapped on free.
 *
 * Every block starts with a 16-byte header, so blocks stay 16-byte
 * aligned and free() can tell a small block from a large one and a live
 * block from a freed or foreign pointer; those mistakes end the process
 * with a message rather than corrupting the heap quietly.
 *
 * One lock guards everything; allocation is not on any hot path yet.
 */
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <slate/lock.h>
#include <slate/sys.h>

#include "internal.h"

#define PAGE_SIZE   4096u
#define MIN_SHIFT   4 /* 16 bytes, the alignment of every block */
#define NCLASSES    8 /* 16, 32, ... 2048 */
#define SMALL_MAX   (1u << (MIN_SHIFT + NCLASSES - 1))
#define CHUNK_SIZE  (256u * 1024)
#define MAGIC_SMALL 0x534d4c42u /* "BLMS" */
#define MAGIC_LARGE 0x4c524742u /* "BGRL" */
#define MAGIC_FREE  0x45455246u /* "FREE" */

struct block {
	uint32_t magic;
	uint32_t tag;  /* small: class index; large: the VMO's handle */
	uint64_t size; /* small: class size; large: mapped bytes */
};
_Static_assert(sizeof(struct block) == 16, "headers keep 16-byte alignment");

/* A free small block: the header, then the list link where data was. */
struct free_block {
	struct block hdr;
	struct free_block *next;
};

static struct slate_lock heap_lock = SLATE_LOCK_INIT;
static struct free_block *free_list[NCLASSES]; /* [heap_lock] */
static uint8_t *chunk_next, *chunk_end;        /* [heap_lock] */

static size_t page_round(size_t n)
{
	return (n + PAGE_SIZE - 1) & ~(size_t)(PAGE_SIZE - 1);
}

/*
 * A fresh zeroed read-write mapping of len bytes; NULL if the kernel
 * refuses. The VMO's handle goes to *vmo: mappings are undone with it.
 */
static void *map_anonymous(size_t len, slate_handle_t *vmo)
{
	slate_status_t h = slate_vmo_create(len, 0);
	slate_status_t addr;

	if (h < 0)
		return NULL;
	addr = slate_vm_map(slate_self_process(), (slate_handle_t)h, 0, len, 0,
			    SLATE_VM_READ | SLATE_VM_WRITE);
	if (addr < 0) {
		slate_handle_close((slate_handle_t)h);
		return NULL;
	}
	*vmo = (slate_handle_t)h;
	return (void *)(uintptr_t)addr;
}

static unsigned class_of(size_t size)
{
	unsigned c = 0;

	while (((size_t)1 << (MIN_SHIFT + c)) < size)
		c++;
	return c;
}

/*
 * A block of class c, from its free list or the current chunk. The
 * rest of a chunk too small for the block is abandoned (at most
 * SMALL_MAX bytes per chunk). [heap_lock]
 */
static struct block *small_alloc(unsigned c)
{
	size_t need = sizeof(struct block) + ((size_t)1 << (MIN_SHIFT + c));
	struct block *b;
	slate_handle_t vmo;

	if (free_list[c]) {
		struct free_block *f = free_list[c];

		free_list[c] = f->next;
		b = &f->hdr;
	} else {
		if ((size_t)(chunk_end - chunk_next) < need) {
			/* Chunks live as long as the process. */
			chunk_next = map_anonymous(CHUNK_SIZE, &vmo);
			if (chunk_next == NULL)
				return NULL;
			chunk_end = chunk_next + CHUNK_SIZE;
		}
		b = (struct block *)chunk_next;
		chunk_next += need;
	}
	*b = (struct block){
	    .magic = MAGIC_SMALL, .tag = c, .size = need - sizeof(*b)};
	return b;
}

static struct block *large_alloc(size_t size)
{
	size_t len;
	struct block *b;
	slate_handle_t vmo;

	if (size > SIZE_MAX - PAGE_SIZE - sizeof(*b))
		return NULL;
	len = page_round(size + sizeof(*b));
	b = map_anonymous(len, &vmo);
	if (b)
		*b = (struct block){
		    .magic = MAGIC_LARGE, .tag = vmo, .size = len};
	return b;
}

/* The header of a block malloc handed out; anything else is fatal. */
static struct block *header_of(void *p)
{
	struct block *b = (struct block *)p - 1;

	if ((uintptr_t)p % 16 != 0)
		libslate_fatal(LIBSLATE_ABORT_STATUS,
			       "free: %p was never allocated", p);
	if (b->magic == MAGIC_FREE)
		libslate_fatal(LIBSLATE_ABORT_STATUS, "free: %p freed twice",
			       p);
	if ((b->magic != MAGIC_SMALL || b->tag >= NCLASSES) &&
	    b->magic != MAGIC_LARGE)
		libslate_fatal(LIBSLATE_ABORT_STATUS,
			       "free: %p was never allocated, or its header "
			       "was overwritten",
			       p);
	return b;
}

/* Bytes usable in the block at p. */
static size_t usable_size(const struct block *b)
{
	return b->magic == MAGIC_SMALL ? b->size : b->size - sizeof(*b);
}

void *malloc(size_t size)
{
	struct block *b;

	if (size > SMALL_MAX) {
		b = large_alloc(size);
	} else {
		slate_lock(&heap_lock);
		b = small_alloc(class_of(size));
		slate_unlock(&heap_lock);
	}
	return b ? b + 1 : NULL;
}

void free(void *p)
{
	struct block *b;
	struct free_block *f;

	if (p == NULL)
		return;
	b = header_of(p);
	if (b->magic == MAGIC_LARGE) {
		slate_handle_t vmo = b->tag;
		size_t len = b->size;

		b->magic = MAGIC_FREE;
		slate_vm_unmap(slate_self_process(), (uintptr_t)b, len);
		slate_handle_close(vmo);
		return;
	}
	slate_lock(&heap_lock);
	b->magic = MAGIC_FREE;
	f = (struct free_block *)b;
	f->next = free_list[b->tag];
	free_list[b->tag] = f;
	slate_unlock(&heap_lock);
}

void *calloc(size_t n, size_t size)
{
	void *p;

	if (size && n > SIZE_MAX / size)
		return NULL;
	p = malloc(n * size);
	/* Reused small blocks hold old data; fresh mappings are zero. */
	if (p)
		memset(p, 0, n * size);
	return p;
}

void *realloc(void *p, size_t size)
{
	struct block *b;
	void *q;

	if (p == NULL)
		return malloc(size);
	if (size == 0) {
		free(p);
		return NULL;
	}
	b = header_of(p);
	if (size <= usable_size(b))
		return p;
	q = malloc(size);
	if (q) {
		memcpy(q, p, usable_size(b));
		free(p);
	}
	return q;
}
