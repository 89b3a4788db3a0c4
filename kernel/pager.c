/* SPDX-License-Identifier: MIT */
/*
 * User-space pagers (see <kernel/pager.h>): page requests, the fault
 * messages the kernel sends for them, and what ends them.
 */
#define LOG_SUBSYS "pager"
#include <kernel/arch.h>
#include <kernel/bkl.h>
#include <kernel/heap.h>
#include <kernel/ipc.h>
#include <kernel/pager.h>
#include <kernel/panic.h>
#include <kernel/quota.h>
#include <kernel/sched.h>
#include <kernel/vm.h>
#include <kernel/vmo.h>
#include <slate/pager.h>
#include <slate/status.h>

_Static_assert(VM_READ == SLATE_VM_READ && VM_WRITE == SLATE_VM_WRITE &&
		   VM_EXEC == SLATE_VM_EXEC,
	       "fault messages report VM_* access bits as SLATE_VM_*");

bool pager_alive(const struct vmo *v)
{
	return v->pager && v->pager->recv_handles;
}

void pager_attach(struct vmo *v, struct endpoint *ep, uint64_t key)
{
	if (v->pager)
		kobj_put(&v->pager->obj); /* a dead pager being replaced */
	kobj_get(&ep->obj);
	v->pager = ep;
	v->pager_key = key;
}

struct pager_req *pager_find(struct vmo *v, uint64_t off)
{
	struct list_node *pos;

	list_for_each(pos, &v->pager_reqs)
	{
		struct pager_req *r =
		    list_entry(pos, struct pager_req, vmo_link);

		if (r->offset == off)
			return r;
	}
	return NULL;
}

/*
 * Write r's fault message into t's registers, where a receive returns
 * a message: argument 1 the info word, 2..5 the words (ipc.c, deliver).
 */
static void fault_message(struct pager_req *r, struct thread *t)
{
	struct trap_frame *tf = thread_user_frame(t);

	arch_syscall_set_out(
	    tf, 1,
	    SLATE_MSG_INFO(SLATE_PAGER_FAULT, SLATE_PAGER_FAULT_WORDS, 0));
	arch_syscall_set_out(tf, 2 + SLATE_PAGER_FAULT_OFFSET, r->offset);
	arch_syscall_set_out(tf, 2 + SLATE_PAGER_FAULT_ACCESS, r->access);
	arch_syscall_set_out(tf, 2 + SLATE_PAGER_FAULT_KOID, r->vmo->obj.koid);
	for (unsigned i = SLATE_PAGER_FAULT_WORDS; i < SLATE_MSG_REG_WORDS; i++)
		arch_syscall_set_out(tf, 2 + i, 0);
	arch_syscall_set_badge(tf, r->vmo->pager_key);
}

/* Hand r to a thread waiting in receive on ep, or queue it there. */
static void post(struct pager_req *r, struct endpoint *ep)
{
	struct thread *recv = ipc_receiver_take(ep);

	if (!recv) {
		list_add_tail(&ep->pager_pending, &r->ep_link);
		return;
	}
	fault_message(r, recv);
	list_add_tail(&ep->pager_taken, &r->ep_link);
	ep->calls++;
	sched_wake(recv, SLATE_OK);
}

bool pager_take(struct endpoint *ep, struct thread *t)
{
	struct list_node *n = list_first(&ep->pager_pending);
	struct pager_req *r;

	if (!n)
		return false;
	r = list_entry(n, struct pager_req, ep_link);
	list_remove(&r->ep_link);
	list_add_tail(&ep->pager_taken, &r->ep_link);
	fault_message(r, t);
	return true;
}

bool pager_pending(const struct endpoint *ep)
{
	return !list_empty(&ep->pager_pending);
}

/*
 * A new request for the page at off of v, charged to v's quota (which
 * pays for the page it asks for, too), and sent to the pager.
 */
static slate_status_t request(struct vmo *v, uint64_t off, unsigned access,
			      struct pager_req **out)
{
	struct pager_req *r;
	slate_status_t err = quota_charge(v->quota, sizeof(*r));

	if (err)
		return err;
	r = kzalloc(sizeof(*r));
	if (!r) {
		quota_uncharge(v->quota, sizeof(*r));
		return SLATE_ERR_NO_MEMORY;
	}
	r->vmo = v;
	r->offset = off;
	r->access = access;
	list_init(&r->waiters);
	list_add_tail(&v->pager_reqs, &r->vmo_link);
	post(r, v->pager);
	*out = r;
	return SLATE_OK;
}

slate_status_t pager_wait(struct vmo *v, uint64_t off, unsigned access)
{
	struct thread *t = sched_current();
	struct pager_req *r = pager_find(v, off);
	slate_status_t err;

	if (t->killed)
		return SLATE_ERR_INTERRUPTED;
	if (!pager_alive(v))
		return SLATE_ERR_PEER_CLOSED;
	if (!r) {
		err = request(v, off, access, &r);
		if (err)
			return err;
	}
	t->wait_obj = r;
	list_add_tail(&r->waiters, &t->wait_link);
	return sched_block(BLOCK_PAGER, SLATE_TIME_INFINITE);
}

void pager_resolve(struct pager_req *r, slate_status_t status)
{
	struct list_node *n;
	struct vmo *v = r->vmo;

	/* sched_wake takes each waiter off r->waiters. */
	while ((n = list_first(&r->waiters)))
		sched_wake(list_entry(n, struct thread, wait_link), status);
	list_remove(&r->ep_link);
	list_remove(&r->vmo_link);
	kfree(r);
	quota_uncharge(v->quota, sizeof(*r));
}

void pager_install(struct vmo *v, uint64_t off, uint64_t frame)
{
	struct pager_req *r = pager_find(v, off);

	ASSERT(v->kind == VMO_ANON && !v->pages[off / PAGE_SIZE]);
	v->pages[off / PAGE_SIZE] = frame;
	v->committed++;
	if (r)
		pager_resolve(r, SLATE_OK);
}

/* Fail every request on list (pager_pending or pager_taken). */
static void fail_all(struct list_node *list)
{
	struct list_node *n;

	while ((n = list_first(list)))
		pager_resolve(list_entry(n, struct pager_req, ep_link),
			      SLATE_ERR_PEER_CLOSED);
}

void pager_endpoint_dead(struct endpoint *ep)
{
	fail_all(&ep->pager_pending);
	fail_all(&ep->pager_taken);
}

/*
 * Waiters of a VMO being destroyed retry their access: their mapping of
 * it is gone (it held a reference), so they fault as on any unmapped
 * address.
 */
void pager_vmo_destroy(struct vmo *v)
{
	struct list_node *n;

	while ((n = list_first(&v->pager_reqs)))
		pager_resolve(list_entry(n, struct pager_req, vmo_link),
			      SLATE_OK);
	if (v->pager)
		kobj_put(&v->pager->obj);
	v->pager = NULL;
}
