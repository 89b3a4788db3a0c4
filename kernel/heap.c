/* SPDX-License-Identifier: MIT */
/*
 * The kernel heap.
 *
 * Requests up to SLAB_MAX_SIZE bytes come from slab caches of power-of-two
 * object sizes. A slab is one page: a header at its start, then objects,
 * linked through their first word while free. Larger requests take whole
 * blocks from the frame allocator.
 *
 * kfree() tells the two apart by alignment: a slab object never starts on
 * a page boundary (the header is there), a large block always does.
 */
#define LOG_SUBSYS "heap"
#include <kernel/buddy.h>
#include <kernel/heap.h>
#include <kernel/log.h>
#include <kernel/panic.h>
#include <kernel/pmm.h>
#include <kernel/spinlock.h>
#include <kernel/string.h>
#include <kernel/vm.h>

#define SLAB_MIN_SHIFT 4  /* 16 bytes */
#define SLAB_MAX_SHIFT 10 /* 1024 bytes */
#define SLAB_MAX_SIZE  (1u << SLAB_MAX_SHIFT)
#define SLAB_CLASSES   (SLAB_MAX_SHIFT - SLAB_MIN_SHIFT + 1)
#define SLAB_MAGIC     0x51ab51abu

struct slab_cache;

/* At the start of every slab page. Fields are [cache->lock]. */
struct slab {
	struct slab *next; /* in the cache's partial list */
	struct slab *prev;
	struct slab_cache *cache;
	void *free; /* first free object */
	uint16_t inuse;
	uint16_t capacity;
	uint32_t magic;
} __aligned(16);

struct slab_cache {
	struct spinlock lock;
	uint32_t obj_size;
	struct slab *partial; /* slabs with at least one free object */
	struct slab *empty;   /* at most one fully free slab kept back */
	uint64_t pages;       /* slabs held, including the empty one */
	uint64_t live;        /* objects handed out */
};

static struct slab_cache caches[SLAB_CLASSES];
static uint64_t large_allocs; /* atomic */

void heap_init(void)
{
	for (unsigned i = 0; i < SLAB_CLASSES; i++) {
		caches[i].lock = (struct spinlock)SPINLOCK_INIT;
		caches[i].obj_size = 1u << (i + SLAB_MIN_SHIFT);
	}
}

static struct slab_cache *cache_for(size_t size)
{
	unsigned shift = SLAB_MIN_SHIFT;

	while ((1u << shift) < size)
		shift++;
	return &caches[shift - SLAB_MIN_SHIFT];
}

static void partial_remove(struct slab_cache *c, struct slab *s)
{
	if (s->prev)
		s->prev->next = s->next;
	else
		c->partial = s->next;
	if (s->next)
		s->next->prev = s->prev;
	s->next = s->prev = NULL;
}

static void partial_push(struct slab_cache *c, struct slab *s)
{
	s->prev = NULL;
	s->next = c->partial;
	if (c->partial)
		c->partial->prev = s;
	c->partial = s;
}

/* A fresh slab page with every object on its free list, or NULL. */
static struct slab *slab_create(struct slab_cache *c)
{
	uint64_t pa = pmm_alloc(0);
	struct slab *s;
	char *obj, *end;

	if (!pa)
		return NULL;
	s = phys_to_virt(pa);
	*s = (struct slab){.cache = c, .magic = SLAB_MAGIC};
	end = (char *)s + PAGE_SIZE;
	for (obj = (char *)(s + 1); obj + c->obj_size <= end;
	     obj += c->obj_size) {
		*(void **)obj = s->free;
		s->free = obj;
		s->capacity++;
	}
	c->pages++;
	return s;
}

static void *slab_alloc(struct slab_cache *c)
{
	unsigned long flags = spin_lock_irqsave(&c->lock);
	struct slab *s = c->partial;
	void *obj = NULL;

	if (!s && c->empty) {
		s = c->empty;
		c->empty = NULL;
		partial_push(c, s);
	}
	if (!s) {
		s = slab_create(c);
		if (s)
			partial_push(c, s);
	}
	if (s) {
		obj = s->free;
		s->free = *(void **)obj;
		s->inuse++;
		c->live++;
		if (s->inuse == s->capacity)
			partial_remove(c, s);
	}
	spin_unlock_irqrestore(&c->lock, flags);
	return obj;
}

static void slab_free(void *obj)
{
	struct slab *s = (struct slab *)ALIGN_DOWN((uintptr_t)obj, PAGE_SIZE);
	struct slab_cache *c = s->cache;
	uint64_t release = 0;
	unsigned long flags;

	if (s->magic != SLAB_MAGIC ||
	    ((uintptr_t)obj - (uintptr_t)(s + 1)) % c->obj_size)
		panic("kfree: %p is not a heap object", obj);
	flags = spin_lock_irqsave(&c->lock);
	if (s->inuse == s->capacity)
		partial_push(c, s);
	*(void **)obj = s->free;
	s->free = obj;
	s->inuse--;
	c->live--;
	if (s->inuse == 0) {
		/* Keep one empty slab to absorb alloc/free churn. */
		partial_remove(c, s);
		if (c->empty) {
			release = virt_to_phys(s);
			c->pages--;
		} else {
			c->empty = s;
		}
	}
	spin_unlock_irqrestore(&c->lock, flags);
	if (release) {
		s->magic = 0;
		pmm_free(release, 0);
	}
}

void *kmalloc(size_t size)
{
	uint64_t pa;

	if (size == 0)
		size = 1;
	if (size <= SLAB_MAX_SIZE)
		return slab_alloc(cache_for(size));
	if (size > (PAGE_SIZE << (BUDDY_MAX_ORDER - 1)))
		return NULL;
	pa = pmm_alloc(pmm_order_for(size));
	if (!pa)
		return NULL;
	__atomic_fetch_add(&large_allocs, 1, __ATOMIC_RELAXED);
	return phys_to_virt(pa);
}

void *kzalloc(size_t size)
{
	void *p = kmalloc(size);

	if (p)
		memset(p, 0, size);
	return p;
}

void kfree(void *p)
{
	uint64_t pa;
	int order;

	if (!p)
		return;
	if (!IS_ALIGNED((uintptr_t)p, PAGE_SIZE)) {
		slab_free(p);
		return;
	}
	pa = virt_to_phys(p);
	order = pmm_block_order(pa);
	if (order < 0)
		panic("kfree: %p is not a heap block", p);
	__atomic_fetch_sub(&large_allocs, 1, __ATOMIC_RELAXED);
	pmm_free(pa, (unsigned)order);
}

void heap_get_stats(struct heap_stats *st)
{
	*st = (struct heap_stats){0};
	for (unsigned i = 0; i < SLAB_CLASSES; i++) {
		st->slab_pages += READ_ONCE(caches[i].pages);
		st->live_objects += READ_ONCE(caches[i].live);
	}
	st->large_allocs = READ_ONCE(large_allocs);
}
