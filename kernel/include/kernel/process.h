/* SPDX-License-Identifier: MIT */
/*
 * Processes: an address space, a handle table, a memory quota and the
 * threads running in them. A process ends when its last thread has
 * exited (or all were killed) and been switched away from for good:
 * only then are its handles closed and its memory freed, so no CPU can
 * still be running in an address space that is being torn down. The
 * object itself lives on while handles to it exist, to report the exit
 * status.
 *
 * Locking: [bkl] throughout.
 */
#ifndef KERNEL_PROCESS_H
#define KERNEL_PROCESS_H

#include <kernel/handle.h>
#include <kernel/list.h>
#include <kernel/object.h>
#include <slate/object.h>
#include <slate/types.h>

struct uvm;
struct quota;
struct thread;
struct cpu;
struct ioport_map;

/* Exit statuses the kernel gives (a process may exit with any value). */
#define PROCESS_EXIT_KILLED SLATE_EXIT_KILLED
#define PROCESS_EXIT_FAULT  SLATE_EXIT_FAULT

struct process {
	struct kobj obj; /* SLATE_OBJ_PROCESS */
	char name[32];
	struct handle_table handles;
	struct uvm *as;
	struct quota *quota;
	struct list_node threads; /* struct thread.proc_link */
	unsigned live_threads;    /* started and not yet reaped */
	bool dying;               /* killed or exiting: no new threads */
	bool ended;               /* handles closed, memory freed */
	int64_t exit_status;
	struct list_node waiters;   /* threads in PROCESS_WAIT */
	struct list_node all_link;  /* on the list of every process */
	struct ioport_map *ioports; /* arch_ioport_*: NULL if none */
};

/*
 * Create an empty process whose quota hangs under parent_quota (NULL for
 * init) with limit bytes. Returns 0 and *out (one reference), or an error.
 */
slate_status_t process_create(const char *name, struct quota *parent_quota,
			      uint64_t limit, struct process **out);

/* End every thread of p; p finishes once the last is gone. */
void process_kill(struct process *p, int64_t status);

/* Called as each started thread of p is reaped, or p had none. */
void process_thread_gone(struct process *p);

/* The current thread's process. */
struct process *process_current(void);

/* What PROCESS_LIST reports about p. */
void process_describe(const struct process *p, struct slate_process_entry *e);

/* The nth process not yet destroyed (oldest first), or NULL. */
struct process *process_nth(unsigned n);

/* The process not yet destroyed whose koid is koid, or NULL. */
struct process *process_find_koid(uint64_t koid);

/* Print one line per live process to the kernel log. */
void process_log_all(void);

#endif
