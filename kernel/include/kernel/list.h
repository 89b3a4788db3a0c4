/* SPDX-License-Identifier: MIT */
/*
 * Intrusive circular doubly-linked lists. A struct list_node is embedded
 * in the element; a list head is a node whose next and prev point at
 * itself when empty. A node not on any list has next == NULL, so
 * list_linked() can tell.
 */
#ifndef KERNEL_LIST_H
#define KERNEL_LIST_H

#include <kernel/compiler.h>

struct list_node {
	struct list_node *next, *prev;
};

#define LIST_HEAD_INIT(name)     \
	{                        \
		&(name), &(name) \
	}

static inline void list_init(struct list_node *head)
{
	head->next = head->prev = head;
}

static inline bool list_empty(const struct list_node *head)
{
	return head->next == head;
}

static inline bool list_linked(const struct list_node *n)
{
	return n->next != NULL;
}

static inline void list_insert_between(struct list_node *n,
				       struct list_node *prev,
				       struct list_node *next)
{
	n->prev = prev;
	n->next = next;
	prev->next = n;
	next->prev = n;
}

static inline void list_add_tail(struct list_node *head, struct list_node *n)
{
	list_insert_between(n, head->prev, head);
}

static inline void list_add_head(struct list_node *head, struct list_node *n)
{
	list_insert_between(n, head, head->next);
}

static inline void list_remove(struct list_node *n)
{
	n->prev->next = n->next;
	n->next->prev = n->prev;
	n->next = n->prev = NULL;
}

/* The first node, or NULL if the list is empty. */
static inline struct list_node *list_first(const struct list_node *head)
{
	return list_empty(head) ? NULL : head->next;
}

#define list_entry(node, type, member) container_of(node, type, member)

#define list_for_each(pos, head) \
	for ((pos) = (head)->next; (pos) != (head); (pos) = (pos)->next)

/* Safe against removal of pos inside the loop. */
#define list_for_each_safe(pos, tmp, head)                               \
	for ((pos) = (head)->next, (tmp) = (pos)->next; (pos) != (head); \
	     (pos) = (tmp), (tmp) = (pos)->next)

#endif
