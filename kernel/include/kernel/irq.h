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
 * the kernel manages, and over interrupt lines. Only init gets one.
 */
struct resource {
	struct kobj obj; /* SLATE_OBJ_RESOURCE */
};
struct resource *resource_create_root(void);

#endif
