/* SPDX-License-Identifier: MIT */
/*
 * Synchronous IPC through endpoints, in the style of L4 and seL4: a
 * caller's message goes straight from its registers (and IPC buffer)
 * into a waiting server's, the caller waits for the reply, and the
 * server answers and waits for the next caller in one reply_recv. When
 * the other side is already waiting, the kernel switches straight to it
 * (the fastpath) without touching a run queue, and the callee runs on
 * the rest of the caller's time slice.
 *
 * Locking: [bkl] throughout.
 */
#ifndef KERNEL_IPC_H
#define KERNEL_IPC_H

#include <kernel/list.h>
#include <kernel/object.h>
#include <slate/types.h>

struct thread;
struct trap_frame;

struct endpoint {
	struct kobj obj;            /* SLATE_OBJ_ENDPOINT */
	struct list_node senders;   /* callers whose message is not taken */
	struct list_node receivers; /* servers waiting in recv */
	unsigned handles;           /* handles naming it, in any process */
	unsigned recv_handles;      /* of which with SLATE_RIGHT_READ */
	struct quota *quota;
	/* Pager requests (<kernel/pager.h>) not yet received, then taken. */
	struct list_node pager_pending;
	struct list_node pager_taken;
	uint64_t calls;    /* messages delivered, for statistics */
	uint64_t fastpath; /* of which by direct switch */
};

slate_status_t endpoint_create(struct quota *q, struct endpoint **out);
/* A handle to obj with rights was opened (delta 1) or closed (-1). */
void endpoint_handle_change(struct kobj *obj, uint32_t rights, int delta);

/* The system calls; each takes the current thread's trap frame. */
slate_status_t ipc_call(struct trap_frame *tf);
slate_status_t ipc_recv(struct trap_frame *tf);
slate_status_t ipc_reply_recv(struct trap_frame *tf);
/*
 * The same calls with a fastpath for register-only messages to a
 * waiting receiver; anything else is passed to the general calls above.
 */
slate_status_t ipc_fast_call(struct trap_frame *tf);
slate_status_t ipc_fast_reply_recv(struct trap_frame *tf);

/* Register the current thread's IPC buffer at user address uva. */
slate_status_t ipc_set_buffer(uintptr_t uva);
void ipc_buffer_release(struct thread *t);

/* The first thread waiting in receive on ep, taken off the queue. */
struct thread *ipc_receiver_take(struct endpoint *ep);

/* Take t off whatever IPC queue or reply link it is on. */
void ipc_cancel(struct thread *t);

#endif
