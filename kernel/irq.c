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
#include <kernel/trap.h>
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
	return r;
}

void resource_destroy(struct kobj *obj)
{
	kfree(container_of(obj, struct resource, obj));
}
