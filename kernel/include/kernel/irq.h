/* SPDX-License-Identifier: MIT */
/*
 * Interrupt objects: a device interrupt line bound to a notification
 * bit. When the line fires, the arch masks it and irq_deliver signals
 * the bit; the driver handles the device and acknowledges, which
 * unmasks the line. One object per line at a time. Locking: [bkl].
 */
#ifndef KERNEL_IRQ_H
#define KERNEL_IRQ_H

#include <kernel/object.h>
#include <slate/types.h>

#define IRQ_MAX_LINES 1024

struct notify;
struct quota;

struct irq {
	struct kobj obj; /* SLATE_OBJ_INTERRUPT */
	unsigned line;
	struct notify *notify; /* holds a reference */
	uint64_t bit;
	bool pending; /* fired, not yet acknowledged */
	uint64_t count;
};

slate_status_t irq_create(unsigned line, struct notify *n, unsigned bit,
			  struct irq **out);
slate_status_t irq_ack(struct irq *irq);

/*
 * The resource object: authority over physical memory outside the RAM
 * the kernel manages, interrupt lines and I/O ports. Only init gets the
 * root, which covers everything; RESOURCE_CREATE narrows one to a range
 * of one kind (enum slate_resource_kind) so a driver can be handed just
 * its device. Immutable after creation.
 */
struct resource {
	struct kobj obj;     /* SLATE_OBJ_RESOURCE */
	uint32_t kind;       /* enum slate_resource_kind [imm] */
	uint64_t base, size; /* the range; unused for the root [imm] */
	struct quota *quota; /* pays for the object; NULL for the root */
};
struct resource *resource_create_root(void);

/*
 * Whether r grants [base, base + size) of kind; the caller has checked
 * that size is not 0 and the range does not wrap.
 */
bool resource_covers(const struct resource *r, uint32_t kind, uint64_t base,
		     uint64_t size);

/*
 * A resource for [base, base + size) of kind inside parent, charged to
 * q. Returns SLATE_ERR_INVALID for a bad kind or range (empty, wrapping,
 * MMIO not page aligned, past the last IRQ line or I/O port),
 * SLATE_ERR_ACCESS if parent does not cover it, or a quota or memory
 * error; nothing changes on failure.
 */
slate_status_t resource_create(struct quota *q, const struct resource *parent,
			       uint32_t kind, uint64_t base, uint64_t size,
			       struct resource **out);

#endif
