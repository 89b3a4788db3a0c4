/* SPDX-License-Identifier: MIT */
/* Interrupt and resource objects: see <kernel/irq.h>. */
#define LOG_SUBSYS "irq"
#include <kernel/arch.h>
#include <kernel/bkl.h>
#include <kernel/heap.h>
#include <kernel/irq.h>
#include <kernel/log.h>
#include <kernel/notify.h>
#include <kernel/panic.h>
#include <kernel/quota.h>
#include <kernel/trap.h>
#include <kernel/vm.h>
#include <slate/object.h>
#include <slate/status.h>

/* The object bound to each line, or NULL. [bkl] */
static struct irq *irq_lines[IRQ_MAX_LINES];

slate_status_t irq_create(unsigned line, struct notify *n, unsigned bit,
			  struct irq **out)
{
	struct irq *irq;

	if (line >= IRQ_MAX_LINES || bit > 62)
		return SLATE_ERR_INVALID;
	if (irq_lines[line])
		return SLATE_ERR_EXISTS;
	irq = kzalloc(sizeof(*irq));
	if (!irq)
		return SLATE_ERR_NO_MEMORY;
	if (arch_irq_line_claim(line)) {
		kfree(irq);
		return SLATE_ERR_NOT_FOUND;
	}
	kobj_init(&irq->obj, SLATE_OBJ_INTERRUPT);
	irq->line = line;
	irq->notify = n;
	irq->bit = 1ull << bit;
	kobj_get(&n->obj);
	irq_lines[line] = irq;
	arch_irq_line_unmask(line);
	*out = irq;
	return SLATE_OK;
}

slate_status_t irq_ack(struct irq *irq)
{
	if (!irq->pending)
		return SLATE_ERR_BAD_STATE;
	irq->pending = false;
	arch_irq_line_unmask(irq->line);
	return SLATE_OK;
}

void irq_deliver(unsigned line)
{
	struct irq *irq = line < IRQ_MAX_LINES ? irq_lines[line] : NULL;

	BKL_ASSERT_HELD();
	if (!irq) {
		arch_irq_line_mask(line);
		log_warn("interrupt on unclaimed line %u: masked", line);
		return;
	}
	irq->pending = true;
	irq->count++;
	notify_signal(irq->notify, irq->bit);
}

void irq_destroy(struct kobj *obj)
{
	struct irq *irq = container_of(obj, struct irq, obj);

	arch_irq_line_mask(irq->line);
	arch_irq_line_release(irq->line);
	irq_lines[irq->line] = NULL;
	kobj_put(&irq->notify->obj);
	kfree(irq);
}

struct resource *resource_create_root(void)
{
	struct resource *r = kzalloc(sizeof(*r));

	if (!r)
		panic("resource_create_root: no memory");
	kobj_init(&r->obj, SLATE_OBJ_RESOURCE);
	r->kind = SLATE_RESOURCE_ROOT;
	return r;
}

bool resource_covers(const struct resource *r, uint32_t kind, uint64_t base,
		     uint64_t size)
{
	if (r->kind == SLATE_RESOURCE_ROOT)
		return true;
	/* r's own range never wraps, so neither subtraction can. */
	return r->kind == kind && base >= r->base && size <= r->size &&
	       base - r->base <= r->size - size;
}

/* Whether a range of kind is well formed, whoever grants it. */
static bool resource_range_valid(uint32_t kind, uint64_t base, uint64_t size)
{
	if (!size || base + size < base)
		return false;
	switch (kind) {
	case SLATE_RESOURCE_MMIO:
		return IS_ALIGNED(base | size, PAGE_SIZE);
	case SLATE_RESOURCE_IRQ:
		return base + size <= IRQ_MAX_LINES;
	case SLATE_RESOURCE_IOPORT:
		return base + size <= SLATE_IOPORT_COUNT;
	case SLATE_RESOURCE_SYSTEM:
		return base + size <= SLATE_POWER_COUNT;
	default:
		return false; /* the root cannot be made, only narrowed */
	}
}

slate_status_t resource_create(struct quota *q, const struct resource *parent,
			       uint32_t kind, uint64_t base, uint64_t size,
			       struct resource **out)
{
	struct resource *r;
	slate_status_t err;

	if (!resource_range_valid(kind, base, size))
		return SLATE_ERR_INVALID;
	if (!resource_covers(parent, kind, base, size))
		return SLATE_ERR_ACCESS;
	err = quota_charge(q, sizeof(*r));
	if (err)
		return err;
	r = kzalloc(sizeof(*r));
	if (!r) {
		quota_uncharge(q, sizeof(*r));
		return SLATE_ERR_NO_MEMORY;
	}
	kobj_init(&r->obj, SLATE_OBJ_RESOURCE);
	r->kind = kind;
	r->base = base;
	r->size = size;
	r->quota = q;
	quota_get(q);
	*out = r;
	return SLATE_OK;
}

void resource_destroy(struct kobj *obj)
{
	struct resource *r = container_of(obj, struct resource, obj);
	struct quota *q = r->quota;

	kfree(r);
	if (q) {
		quota_uncharge(q, sizeof(*r));
		quota_put(q);
	}
}
