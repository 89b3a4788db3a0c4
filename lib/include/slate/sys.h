/* SPDX-License-Identifier: MIT */
/*
 * System calls for native Slate programs: one C function per call of
 * include/slate/syscall.h, named after it (SLATE_SYS_HANDLE_CLOSE is
 * slate_handle_close). Each returns what the kernel returned: a negative
 * SLATE_ERR_* (include/slate/status.h), or 0, or the call's result (a
 * handle, an address, a count). The one rename: SLATE_SYS_THREAD_CREATE
 * is slate_thread_new, since slate_thread_create (<slate/thread.h>) is
 * the friendlier create-and-start most code wants.
 *
 * The stubs that trap into the kernel are in lib/arch/<arch>/syscall.S.
 */
#ifndef SLATE_SYS_H
#define SLATE_SYS_H

#include <stddef.h>
#include <stdint.h>

#include <slate/ipc.h>
#include <slate/object.h>
#include <slate/pager.h>
#include <slate/rights.h>
#include <slate/start.h>
#include <slate/status.h>
#include <slate/syscall.h>
#include <slate/types.h>

/* The raw trap: number and up to six arguments, for calls (or tests of
   numbers) that have no wrapper. */
slate_status_t slate_syscall6(uint64_t nr, uint64_t a0, uint64_t a1,
			      uint64_t a2, uint64_t a3, uint64_t a4,
			      uint64_t a5);

slate_status_t slate_debug_log(const char *buf, size_t len);

slate_status_t slate_handle_close(slate_handle_t h);
slate_status_t slate_handle_duplicate(slate_handle_t h, uint32_t rights);
slate_status_t slate_handle_mint(slate_handle_t endpoint, uint32_t rights,
				 uint64_t badge);
slate_status_t slate_handle_info(slate_handle_t h,
				 struct slate_handle_info *out);
/* Move h (TRANSFER) into process (MANAGE); returns its value there. */
slate_status_t slate_handle_give(slate_handle_t process, slate_handle_t h);

slate_time_t slate_clock_get(void);

slate_status_t slate_thread_new(slate_handle_t process, uintptr_t entry,
				uintptr_t stack, uint64_t arg);
slate_status_t slate_thread_start(slate_handle_t thread);
_Noreturn void slate_thread_exit(void);
slate_status_t slate_thread_yield(void);
slate_status_t slate_thread_sleep(slate_time_t deadline);
slate_status_t slate_thread_set_priority(slate_handle_t thread,
					 uint32_t priority);
/* Pin thread to CPU cpu (0 .. ncpus-1), or let it run anywhere again
   with SLATE_CPU_ANY. */
slate_status_t slate_thread_set_affinity(slate_handle_t thread, int32_t cpu);
slate_status_t slate_thread_set_ipc_buffer(struct slate_ipc_buffer *buf);

slate_status_t slate_process_create(const char *name, size_t len,
				    uint64_t quota_pages);
_Noreturn void slate_process_exit(int64_t status);
slate_status_t slate_process_kill(slate_handle_t process);
/* Wait until process has ended (or deadline), storing its exit status. */
slate_status_t slate_process_wait(slate_handle_t process, slate_time_t deadline,
				  int64_t *status);

slate_status_t slate_endpoint_create(void);

/*
 * A message in registers (include/slate/ipc.h). The stubs load info and
 * words from it, trap, and on success store what came back: the reply
 * (call) or the next request (recv, reply_recv), and the badge of the
 * handle the sender called through (0 in a reply).
 * On failure *msg is left as it was. Longer messages go through the IPC
 * buffer, which these stubs do not touch.
 */
struct slate_msg {
	uint64_t info; /* SLATE_MSG_INFO(label, words, handles) */
	uint64_t words[SLATE_MSG_REG_WORDS];
	uint64_t badge; /* out only */
};

slate_status_t slate_ipc_call(slate_handle_t endpoint, struct slate_msg *msg);
slate_status_t slate_ipc_recv(slate_handle_t endpoint, struct slate_msg *msg);
/* The same, giving up with SLATE_ERR_TIMED_OUT at deadline (or POLL). */
slate_status_t slate_ipc_recv_deadline(slate_handle_t endpoint,
				       struct slate_msg *msg,
				       slate_time_t deadline);
/* Reply with *msg to the last caller, then wait for the next message. */
slate_status_t slate_ipc_reply_recv(slate_handle_t endpoint,
				    struct slate_msg *msg);

slate_status_t slate_notify_create(void);
slate_status_t slate_notify_signal(slate_handle_t h, uint64_t bits);
slate_status_t slate_notify_wait(slate_handle_t h, slate_time_t deadline);

slate_status_t slate_vmo_create(uint64_t size, uint32_t flags);
slate_status_t slate_vmo_create_phys(slate_handle_t resource, uint64_t phys,
				     uint64_t size, uint32_t flags);
slate_status_t slate_vm_map(slate_handle_t process, slate_handle_t vmo,
			    uint64_t offset, uint64_t len, uintptr_t addr,
			    uint32_t flags);
slate_status_t slate_vm_unmap(slate_handle_t process, uintptr_t addr,
			      uint64_t len);
slate_status_t slate_vm_protect(slate_handle_t process, uintptr_t addr,
				uint64_t len, uint32_t flags);
/*
 * A copy-on-write snapshot of [offset, offset+size) of an anonymous VMO
 * as a new VMO (docs/abi.md, "Copy-on-write clones"); flags must be 0.
 */
slate_status_t slate_vmo_clone(slate_handle_t vmo, uint64_t offset,
			       uint64_t size, uint32_t flags);
/* Pagers: see include/slate/pager.h. */
slate_status_t slate_vmo_set_pager(slate_handle_t vmo, slate_handle_t endpoint);
slate_status_t slate_pager_supply(slate_handle_t vmo, uint64_t offset,
				  uintptr_t src);
slate_status_t slate_pager_fail(slate_handle_t vmo, uint64_t offset);

slate_status_t slate_irq_create(slate_handle_t resource, uint32_t line,
				slate_handle_t notify, uint32_t bit);
slate_status_t slate_irq_ack(slate_handle_t irq);

slate_status_t slate_system_info(struct slate_system_info *out);
slate_status_t slate_system_stats(struct slate_system_stats *out);

/* Device authority (docs/abi.md, "Device drivers"). */
slate_status_t slate_resource_create(slate_handle_t parent, uint32_t kind,
				     uint64_t base, uint64_t size);
slate_status_t slate_ioport_enable(slate_handle_t resource, uint32_t base,
				   uint32_t count);
/* Physical address of byte offset of a contiguous or physical VMO. */
slate_status_t slate_vmo_phys(slate_handle_t vmo, uint64_t offset);

/*
 * System powers: each needs a SLATE_RESOURCE_SYSTEM resource covering
 * the power (enum slate_system_power; docs/abi.md, "System powers").
 * slate_log_read copies up to len (at most SLATE_LOG_READ_MAX) bytes of
 * the kernel log kept in memory, offset bytes after the oldest kept one,
 * and returns the count (0: nothing more). slate_process_list fills up
 * to max entries and returns how many processes exist.
 */
slate_status_t slate_log_read(slate_handle_t resource, void *buf, size_t len,
			      uint64_t offset);
slate_status_t slate_process_list(slate_handle_t resource,
				  struct slate_process_entry *out, size_t max);
slate_status_t slate_process_kill_koid(slate_handle_t resource, uint64_t koid);
slate_status_t slate_poweroff(slate_handle_t resource);

/* What the process was started with (include/slate/start.h). */
const struct slate_start_info *slate_start_info(void);
/* The first start handle of that kind, or SLATE_HANDLE_INVALID. */
slate_handle_t slate_start_handle(enum slate_start_handle kind);
/* This process, with all rights: what slate_vm_map and friends take. */
slate_handle_t slate_self_process(void);

#endif
