/* SPDX-License-Identifier: MIT */
/*
 * Memory quotas. Every byte of kernel memory a process causes to be
 * allocated (its objects, handle table, page tables, thread stacks, the
 * pages of memory objects it creates) is charged to its quota first, so
 * one process cannot exhaust the kernel: it gets SLATE_ERR_QUOTA, and
 * nobody else notices.
 *
 * A quota outlives its process while objects charged to it live on
 * (a memory object handed to another process, say), so it is reference
 * counted on its own. Quotas nest: a child's quota hangs under its
 * creator's, and a charge must fit every quota up the chain, so a
 * process cannot escape its limit by creating children. Locking: [bkl].
 */
#ifndef KERNEL_QUOTA_H
#define KERNEL_QUOTA_H

#include <kernel/compiler.h>
#include <slate/types.h>

struct quota {
	uint64_t limit; /* bytes; charges beyond it fail */
	uint64_t used;
	uint64_t peak;
	uint32_t refs;
	struct quota *parent; /* charged too; holds a reference */
};

/* A new quota with one reference under parent (may be NULL), or NULL. */
struct quota *quota_create(struct quota *parent, uint64_t limit);
void quota_get(struct quota *q);
void quota_put(struct quota *q);

/* Charge bytes; 0 or SLATE_ERR_QUOTA, leaving q unchanged on failure. */
slate_status_t quota_charge(struct quota *q, uint64_t bytes);
void quota_uncharge(struct quota *q, uint64_t bytes);

#endif
