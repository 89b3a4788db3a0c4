/* SPDX-License-Identifier: MIT */
/*
 * Process lifetime: creation, killing, and the end that frees everything
 * a process held once no thread of it can run any more.
 */
#define LOG_SUBSYS "proc"
#include <kernel/arch.h>
#include <kernel/bkl.h>
#include <kernel/heap.h>
#include <kernel/log.h>
#include <kernel/panic.h>
#include <kernel/process.h>
#include <kernel/quota.h>
#include <kernel/sched.h>
#include <kernel/string.h>
#include <kernel/userboot.h>
#include <kernel/uvm.h>
#include <kernel/vm.h>
#include <slate/status.h>

/* Every process not yet destroyed, for the process list. [bkl] */
static struct list_node process_all = LIST_HEAD_INIT(process_all);

slate_status_t process_create(const char *name, struct quota *parent_quota,
			      uint64_t limit, struct process **out)
{
	struct quota *q = quota_create(parent_quota, limit);
	struct process *p;
	slate_status_t err = SLATE_ERR_NO_MEMORY;

	if (!q)
		return SLATE_ERR_NO_MEMORY;
	err = quota_charge(q, sizeof(*p));
	if (err)
		goto fail_quota;
	err = SLATE_ERR_NO_MEMORY;
	p = kzalloc(sizeof(*p));
	if (!p)
		goto fail_charged;
	err = uvm_create(q, &p->as);
	if (err) {
		kfree(p);
		goto fail_charged;
	}
	kobj_init(&p->obj, SLATE_OBJ_PROCESS);
	strlcpy(p->name, name, sizeof(p->name));
	handle_table_init(&p->handles, q);
	p->quota = q;
	list_init(&p->threads);
	list_init(&p->waiters);
	list_add_tail(&process_all, &p->all_link);
	*out = p;
	return SLATE_OK;

fail_charged:
	quota_uncharge(q, sizeof(*p));
fail_quota:
	quota_put(q);
	return err;
}

/* Free what the process held; its threads are all gone. */
static void process_release(struct process *p)
{
	struct list_node *pos, *tmp;

	ASSERT(p->live_threads == 0);
	p->ended = true;
	p->dying = true;
	log_debug("%s (koid %llu) ended with status %lld", p->name,
		  (unsigned long long)p->obj.koid, (long long)p->exit_status);
	handle_table_destroy(&p->handles);
	uvm_destroy(p->as);
	p->as = NULL;
	arch_ioport_release(p);
	list_for_each_safe(pos, tmp, &p->waiters)
	{
		struct thread *t = list_entry(pos, struct thread, wait_link);

		t->wait_obj = NULL;
		sched_wake(t, SLATE_OK);
	}
	userboot_process_ended(p);
}

static void process_end(struct process *p)
{
	if (p->ended)
		return;
	/* Hold p: closing its handles may drop the last outside reference. */
	kobj_get(&p->obj);
	process_release(p);
	kobj_put(&p->obj);
}

void process_kill(struct process *p, int64_t status)
{
	struct list_node *pos, *tmp;

	if (p->dying)
		return;
	p->dying = true;
	p->exit_status = status;
	list_for_each_safe(pos, tmp, &p->threads)
	    thread_kill(list_entry(pos, struct thread, proc_link));
	if (p->live_threads == 0)
		process_end(p);
}

void process_thread_gone(struct process *p)
{
	ASSERT(p->live_threads > 0);
	if (--p->live_threads)
		return;
	if (!p->dying)
		p->exit_status = 0; /* last thread left without process exit */
	process_end(p);
}

void process_destroy(struct kobj *obj)
{
	struct process *p = container_of(obj, struct process, obj);
	struct quota *q = p->quota;

	/* Threads hold references, so none can be left; handles neither. */
	ASSERT(list_empty(&p->threads));
	/*
	 * XXX: a process that was never started and holds a handle to itself
	 * is a reference cycle; it stays until someone kills it.
	 */
	if (!p->ended)
		process_release(p);
	list_remove(&p->all_link);
	kfree(p);
	quota_uncharge(q, sizeof(*p));
	quota_put(q);
}

struct process *process_current(void)
{
	return sched_current()->proc;
}

void process_log_all(void)
{
	struct list_node *pos;

	list_for_each(pos, &process_all)
	{
		struct process *p = list_entry(pos, struct process, all_link);

		log_info("%-16s koid %-5llu threads %u memory %llu KiB%s",
			 p->name, (unsigned long long)p->obj.koid,
			 p->live_threads,
			 (unsigned long long)(p->quota->used >> 10),
			 p->ended ? " (ended)" : "");
	}
}

static uint32_t process_state(const struct process *p)
{
	if (p->ended)
		return SLATE_PROCESS_ENDED;
	return p->dying ? SLATE_PROCESS_DYING : SLATE_PROCESS_RUNNING;
}

void process_describe(const struct process *p, struct slate_process_entry *e)
{
	memset(e, 0, sizeof(*e));
	e->koid = p->obj.koid;
	strlcpy(e->name, p->name, sizeof(e->name));
	e->state = process_state(p);
	e->threads = p->live_threads;
	e->pages = p->ended ? 0 : (p->quota->used + PAGE_SIZE - 1) / PAGE_SIZE;
}

struct process *process_nth(unsigned n)
{
	struct list_node *pos;

	list_for_each(pos, &process_all)
	{
		if (n-- == 0)
			return list_entry(pos, struct process, all_link);
	}
	return NULL;
}

struct process *process_find_koid(uint64_t koid)
{
	struct list_node *pos;

	list_for_each(pos, &process_all)
	{
		struct process *p = list_entry(pos, struct process, all_link);

		if (p->obj.koid == koid)
			return p;
	}
	return NULL;
}
