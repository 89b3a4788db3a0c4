/* SPDX-License-Identifier: MIT */
/*
 * Endpoints and synchronous IPC (see <kernel/ipc.h>).
 *
 * A message is an info word (label, word count, handle count), up to
 * SLATE_MSG_WORDS words and up to SLATE_MSG_HANDLES handles. Words 0..3
 * travel in registers; the rest, and the handles, in each side's IPC
 * buffer, which the kernel reaches through the direct map because
 * registering it pinned its page. A caller's message is checked when it
 * calls; whether the receiver can take it is checked when it is
 * delivered, and only then does anything move. Handles move whole
 * (handle_move): an object never sees one of them closed on the way.
 */
#define LOG_SUBSYS "ipc"
#include <kernel/arch.h>
#include <kernel/bkl.h>
#include <kernel/heap.h>
#include <kernel/ipc.h>
#include <kernel/pager.h>
#include <kernel/panic.h>
#include <kernel/process.h>
#include <kernel/quota.h>
#include <kernel/sched.h>
#include <kernel/smp.h>
#include <kernel/string.h>
#include <kernel/uvm.h>
#include <kernel/vm.h>
#include <kernel/vmo.h>
#include <slate/ipc.h>
#include <slate/rights.h>
#include <slate/status.h>

/* ---- endpoints ---- */

slate_status_t endpoint_create(struct quota *q, struct endpoint **out)
{
	struct endpoint *ep;
	slate_status_t err = quota_charge(q, sizeof(*ep));

	if (err)
		return err;
	ep = kzalloc(sizeof(*ep));
	if (!ep) {
		quota_uncharge(q, sizeof(*ep));
		return SLATE_ERR_NO_MEMORY;
	}
	kobj_init(&ep->obj, SLATE_OBJ_ENDPOINT);
	list_init(&ep->senders);
	list_init(&ep->receivers);
	list_init(&ep->pager_pending);
	list_init(&ep->pager_taken);
	ep->quota = q;
	quota_get(q);
	*out = ep;
	return SLATE_OK;
}

void endpoint_destroy(struct kobj *obj)
{
	struct endpoint *ep = container_of(obj, struct endpoint, obj);
	struct quota *q = ep->quota;

	/*
	 * Queued threads hold references, so both queues are empty; so are
	 * the pager lists, as the VMOs with requests on them do too.
	 */
	ASSERT(list_empty(&ep->senders) && list_empty(&ep->receivers));
	ASSERT(list_empty(&ep->pager_pending) && list_empty(&ep->pager_taken));
	kfree(ep);
	quota_uncharge(q, sizeof(*ep));
	quota_put(q);
}

static struct thread *queue_first(struct list_node *q)
{
	struct list_node *n = list_first(q);

	return n ? list_entry(n, struct thread, ipc_link) : NULL;
}

static void enqueue(struct endpoint *ep, struct list_node *q, struct thread *t)
{
	kobj_get(&ep->obj);
	t->ipc_ep = ep;
	list_add_tail(q, &t->ipc_link);
}

/* Take t off its endpoint queue, if it is on one. */
static void dequeue(struct thread *t)
{
	struct endpoint *ep = t->ipc_ep;

	if (!ep)
		return;
	list_remove(&t->ipc_link);
	t->ipc_ep = NULL;
	kobj_put(&ep->obj);
}

void endpoint_handle_change(struct kobj *obj, uint32_t rights, int delta)
{
	struct endpoint *ep = container_of(obj, struct endpoint, obj);
	struct thread *t;

	ep->handles += delta;
	if (rights & SLATE_RIGHT_READ)
		ep->recv_handles += delta;
	if (delta > 0)
		return;
	kobj_get(&ep->obj);
	/* Nobody can ever receive these calls now. */
	while (!ep->recv_handles && (t = queue_first(&ep->senders)))
		sched_wake(t, SLATE_ERR_PEER_CLOSED);
	/* Nor these page faults: their threads are killed. */
	if (!ep->recv_handles)
		pager_endpoint_dead(ep);
	/* Nobody can ever call these receivers now. */
	while (!ep->handles && (t = queue_first(&ep->receivers)))
		sched_wake(t, SLATE_ERR_PEER_CLOSED);
	kobj_put(&ep->obj);
}

struct thread *ipc_receiver_take(struct endpoint *ep)
{
	struct thread *t = queue_first(&ep->receivers);

	if (t)
		dequeue(t);
	return t;
}

void ipc_cancel(struct thread *t)
{
	dequeue(t);
	if (t->reply_to) {
		t->reply_to->reply_from = NULL;
		t->reply_to = NULL;
	}
}

/* ---- messages ---- */

static unsigned msg_words(uint64_t info)
{
	return SLATE_MSG_NWORDS(info);
}

static unsigned msg_handles(uint64_t info)
{
	return SLATE_MSG_NHANDLES(info);
}

static bool needs_buffer(uint64_t info)
{
	return msg_words(info) > SLATE_MSG_REG_WORDS || msg_handles(info);
}

/* Check that t's handles to transfer exist, may move and are distinct. */
static slate_status_t check_handles(struct thread *t, unsigned n)
{
	for (unsigned i = 0; i < n; i++) {
		struct handle_slot *s;
		slate_status_t err =
		    handle_lookup(&t->proc->handles, t->ipc_handles[i],
				  SLATE_OBJ_NONE, SLATE_RIGHT_TRANSFER, &s);

		if (err)
			return err;
		for (unsigned j = 0; j < i; j++)
			if (t->ipc_handles[j] == t->ipc_handles[i])
				return SLATE_ERR_INVALID;
	}
	return SLATE_OK;
}

/*
 * Record the message the current thread is sending (info in argument 1,
 * words in 2..5) and check everything about it the sender controls.
 */
static slate_status_t msg_load(struct thread *t, struct trap_frame *tf)
{
	uint64_t info = arch_syscall_arg(tf, 1);
	unsigned nh = msg_handles(info);

	if (msg_words(info) > SLATE_MSG_WORDS || nh > SLATE_MSG_HANDLES ||
	    (info & 0xf800))
		return SLATE_ERR_TOO_BIG;
	if (SLATE_MSG_LABEL(info) >= SLATE_MSG_LABEL_KERNEL)
		return SLATE_ERR_INVALID; /* receivers trust these labels */
	if (needs_buffer(info) && !t->ipc_buffer)
		return SLATE_ERR_BAD_STATE;
	t->ipc_info = info;
	for (unsigned i = 0; i < SLATE_MSG_REG_WORDS; i++)
		t->ipc_words[i] = arch_syscall_arg(tf, 2 + i);
	for (unsigned i = 0; i < nh; i++)
		t->ipc_handles[i] = t->ipc_buffer->handles[i];
	return check_handles(t, nh);
}

/*
 * Move the handles of from's message into to's table. Cannot fail: the
 * handles were checked and room reserved. Each moves whole, so even the
 * last handle to an endpoint never looks closed on the way.
 */
static void move_handles(struct thread *from, struct thread *to, unsigned n)
{
	for (unsigned i = 0; i < n; i++)
		to->ipc_buffer->handles[i] =
		    handle_move(&from->proc->handles, from->ipc_handles[i],
				&to->proc->handles);
}

/*
 * Deliver from's recorded message to to, which is blocked in a receive
 * (or waiting for a reply). Checks what to must provide, then commits.
 */
static slate_status_t deliver(struct thread *from, struct thread *to,
			      uint64_t badge)
{
	uint64_t info = from->ipc_info;
	unsigned nw = msg_words(info), nh = msg_handles(info);
	struct trap_frame *tf = thread_user_frame(to);
	slate_status_t err;

	if (needs_buffer(info) && !to->ipc_buffer)
		return SLATE_ERR_TOO_BIG;
	if (nh) {
		err = check_handles(from, nh);
		if (!err)
			err = handle_reserve(&to->proc->handles, nh);
		if (err)
			return err;
	}
	arch_syscall_set_out(tf, 1, info);
	for (unsigned i = 0; i < SLATE_MSG_REG_WORDS; i++)
		arch_syscall_set_out(tf, 2 + i, from->ipc_words[i]);
	arch_syscall_set_badge(tf, badge);
	if (nw > SLATE_MSG_REG_WORDS)
		memcpy(&to->ipc_buffer->words[SLATE_MSG_REG_WORDS],
		       &from->ipc_buffer->words[SLATE_MSG_REG_WORDS],
		       (nw - SLATE_MSG_REG_WORDS) * sizeof(uint64_t));
	move_handles(from, to, nh);
	return SLATE_OK;
}

/* Whether t may take over this CPU right now without inverting priority. */
static bool can_run_here(const struct thread *t)
{
	const struct cpu *c = this_cpu();

	if (t->affinity >= 0 && t->affinity != (int)c->index)
		return false;
	return !c->rq_bitmap ||
	       31 - __builtin_clz(c->rq_bitmap) <= (int)t->priority;
}

/* Wake t (blocked in recv or reply) with OK, switching to it if we can. */
static slate_status_t handoff(struct thread *t, enum block_reason mine,
			      struct endpoint *ep)
{
	ep->calls++;
	sched_disarm(t);
	t->block = BLOCK_NONE;
	t->wake_status = SLATE_OK;
	if (can_run_here(t)) {
		ep->fastpath++;
		return sched_block_to(mine, t);
	}
	sched_make_runnable(t);
	return sched_block(mine, SLATE_TIME_INFINITE);
}

static struct endpoint *lookup_ep(struct trap_frame *tf, uint32_t need,
				  uint64_t *badge, slate_status_t *err)
{
	struct handle_slot *s;

	*err = handle_lookup(&process_current()->handles,
			     (slate_handle_t)arch_syscall_arg(tf, 0),
			     SLATE_OBJ_ENDPOINT, need, &s);
	if (*err)
		return NULL;
	if (badge)
		*badge = s->badge;
	return container_of(s->obj, struct endpoint, obj);
}

/* ---- the system calls ---- */

slate_status_t ipc_call(struct trap_frame *tf)
{
	struct thread *t = sched_current();
	struct endpoint *ep;
	struct thread *r;
	slate_status_t err;
	uint64_t badge;

	ep = lookup_ep(tf, SLATE_RIGHT_WRITE, &badge, &err);
	if (!err)
		err = msg_load(t, tf);
	if (!err && !ep->recv_handles)
		err = SLATE_ERR_PEER_CLOSED;
	if (err)
		return err;
	t->ipc_badge = badge;
	while ((r = queue_first(&ep->receivers))) {
		dequeue(r);
		err = deliver(t, r, badge);
		if (!err)
			break;
		sched_wake(r, err); /* this receiver cannot take it */
	}
	if (!r) {
		enqueue(ep, &ep->senders, t);
		return sched_block(BLOCK_IPC_SEND, SLATE_TIME_INFINITE);
	}
	r->reply_from = t;
	t->reply_to = r;
	return handoff(r, BLOCK_IPC_REPLY, ep);
}

/* Take the first queued caller's message, or wait for one. */
static slate_status_t do_recv(struct thread *t, struct endpoint *ep,
			      slate_time_t deadline)
{
	struct thread *s;

	/* Page faults first: their threads cannot do anything else. */
	if (pager_take(ep, t)) {
		ep->calls++;
		return SLATE_OK;
	}
	while ((s = queue_first(&ep->senders))) {
		slate_status_t err;

		dequeue(s);
		err = deliver(s, t, s->ipc_badge);
		if (err) {
			sched_wake(s, err);
			continue;
		}
		s->block = BLOCK_IPC_REPLY;
		s->reply_to = t;
		t->reply_from = s;
		ep->calls++;
		return SLATE_OK;
	}
	if (deadline == SLATE_TIME_POLL)
		return SLATE_ERR_WOULD_BLOCK;
	enqueue(ep, &ep->receivers, t);
	return sched_block(BLOCK_IPC_RECV, deadline);
}

/* A server that receives again without replying abandons its caller. */
static void abandon_caller(struct thread *t)
{
	struct thread *c = t->reply_from;

	if (!c)
		return;
	t->reply_from = NULL;
	c->reply_to = NULL;
	sched_wake(c, SLATE_ERR_PEER_CLOSED);
}

slate_status_t ipc_recv(struct trap_frame *tf)
{
	struct thread *t = sched_current();
	slate_status_t err;
	struct endpoint *ep = lookup_ep(tf, SLATE_RIGHT_READ, NULL, &err);

	if (err)
		return err;
	abandon_caller(t);
	return do_recv(t, ep, arch_syscall_arg(tf, 1));
}

slate_status_t ipc_reply_recv(struct trap_frame *tf)
{
	struct thread *t = sched_current();
	struct thread *c = t->reply_from;
	slate_status_t err;
	struct endpoint *ep = lookup_ep(tf, SLATE_RIGHT_READ, NULL, &err);

	if (!err && c)
		err = msg_load(t, tf);
	if (err)
		return err;
	if (!c)
		return do_recv(t, ep, SLATE_TIME_INFINITE);
	t->reply_from = NULL;
	c->reply_to = NULL;
	/*
	 * XXX: a reply the caller cannot take fails the caller's call, but
	 * the server is not told: it keeps the handles and receives again.
	 */
	err = deliver(t, c, 0);
	if (!err && list_empty(&ep->senders) && !pager_pending(ep)) {
		enqueue(ep, &ep->receivers, t);
		return handoff(c, BLOCK_IPC_RECV, ep);
	}
	sched_wake(c, err);
	return do_recv(t, ep, SLATE_TIME_INFINITE);
}

/* ---- IPC buffers ---- */

void ipc_buffer_release(struct thread *t)
{
	if (!t->ipc_buffer_vmo)
		return;
	kobj_put(&t->ipc_buffer_vmo->obj);
	t->ipc_buffer_vmo = NULL;
	t->ipc_buffer = NULL;
	t->ipc_buffer_uva = 0;
}

slate_status_t ipc_set_buffer(uintptr_t uva)
{
	struct thread *t = sched_current();
	struct vmo *vmo;
	uint64_t pa;

	if (!IS_ALIGNED(uva, PAGE_SIZE))
		return SLATE_ERR_INVALID;
	if (uva && !uvm_pin_page(t->proc->as, uva, &vmo, &pa))
		return SLATE_ERR_FAULT;
	ipc_buffer_release(t);
	if (!uva)
		return SLATE_OK;
	t->ipc_buffer_vmo = vmo;
	t->ipc_buffer = phys_to_virt(pa);
	t->ipc_buffer_uva = uva;
	return SLATE_OK;
}

/* ---- the register-only fastpath ---- */

/*
 * IPC_CALL and IPC_REPLY_RECV enter here. The common case of a round
 * trip, a message of registers only whose other side is already
 * waiting, is checked for up front and done without recording the
 * message in the sending thread: registers are copied from one trap
 * frame to the other and the kernel switches straight to the receiver.
 * Every other case (a buffer, handles, nobody waiting, a bad handle or
 * info word) takes the general path above, which checks and answers it
 * in full, so the two paths return the same result for the same call.
 */

/*
 * No handles, no words beyond the registers, no reserved bits, a label
 * user space may send: what msg_load accepts without the IPC buffer.
 */
static bool fast_msg_ok(uint64_t info)
{
	/* The handle count (bits 8..10) and the reserved bits (11..15). */
	const uint64_t handles_and_reserved = 0xff00;

	return SLATE_MSG_NWORDS(info) <= SLATE_MSG_REG_WORDS &&
	       !(info & handles_and_reserved) &&
	       SLATE_MSG_LABEL(info) < SLATE_MSG_LABEL_KERNEL;
}

/* deliver() for such a message, straight from the sender's frame. */
static void fast_transfer(struct trap_frame *from, struct thread *to,
			  uint64_t badge)
{
	struct trap_frame *tf = thread_user_frame(to);

	for (unsigned i = 1; i <= 1 + SLATE_MSG_REG_WORDS; i++)
		arch_syscall_set_out(tf, i, arch_syscall_arg(from, i));
	arch_syscall_set_badge(tf, badge);
}

slate_status_t ipc_fast_call(struct trap_frame *tf)
{
	struct thread *t = sched_current();
	struct endpoint *ep = NULL;
	struct thread *r = NULL;
	slate_status_t err;
	uint64_t badge;

	/* A refused call is refused again, with its reason, by ipc_call. */
	if (fast_msg_ok(arch_syscall_arg(tf, 1)))
		ep = lookup_ep(tf, SLATE_RIGHT_WRITE, &badge, &err);
	if (ep && ep->recv_handles)
		r = queue_first(&ep->receivers);
	if (!r)
		return ipc_call(tf);

	dequeue(r);
	fast_transfer(tf, r, badge);
	r->reply_from = t;
	t->reply_to = r;
	return handoff(r, BLOCK_IPC_REPLY, ep);
}

slate_status_t ipc_fast_reply_recv(struct trap_frame *tf)
{
	struct thread *t = sched_current();
	struct thread *c = t->reply_from;
	struct endpoint *ep = NULL;
	slate_status_t err;

	if (c && fast_msg_ok(arch_syscall_arg(tf, 1)))
		ep = lookup_ep(tf, SLATE_RIGHT_READ, NULL, &err);
	/* Waiting callers and page faults are taken by the general path. */
	if (!ep || !list_empty(&ep->senders) || pager_pending(ep))
		return ipc_reply_recv(tf);

	t->reply_from = NULL;
	c->reply_to = NULL;
	fast_transfer(tf, c, 0);
	enqueue(ep, &ep->receivers, t);
	return handoff(c, BLOCK_IPC_RECV, ep);
}
