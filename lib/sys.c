/* SPDX-License-Identifier: MIT */
/*
 * C wrappers for every system call: each passes its arguments, widened
 * to 64 bits, to the trap stub of lib/arch/<arch>/syscall.S. Widening in
 * C matters: a 32-bit handle may arrive with junk in its upper half of
 * the register, which the kernel would see as a different number.
 */
#include <stddef.h>

#include <slate/sys.h>

/* The IPC stub in syscall.S loads and stores struct slate_msg by offset. */
_Static_assert(offsetof(struct slate_msg, info) == 0, "syscall.S offsets");
_Static_assert(offsetof(struct slate_msg, words) == 8, "syscall.S offsets");
_Static_assert(offsetof(struct slate_msg, badge) == 40, "syscall.S offsets");
_Static_assert(SLATE_MSG_REG_WORDS == 4, "syscall.S moves four words");

slate_status_t slate_ipc_trap(uint64_t nr, slate_handle_t h,
			      struct slate_msg *msg);

#define SYS0(nr)             slate_syscall6(nr, 0, 0, 0, 0, 0, 0)
#define SYS1(nr, a)          slate_syscall6(nr, a, 0, 0, 0, 0, 0)
#define SYS2(nr, a, b)       slate_syscall6(nr, a, b, 0, 0, 0, 0)
#define SYS3(nr, a, b, c)    slate_syscall6(nr, a, b, c, 0, 0, 0)
#define SYS4(nr, a, b, c, d) slate_syscall6(nr, a, b, c, d, 0, 0)

slate_status_t slate_debug_log(const char *buf, size_t len)
{
	return SYS2(SLATE_SYS_DEBUG_LOG, (uintptr_t)buf, len);
}

slate_status_t slate_handle_close(slate_handle_t h)
{
	return SYS1(SLATE_SYS_HANDLE_CLOSE, h);
}

slate_status_t slate_handle_duplicate(slate_handle_t h, uint32_t rights)
{
	return SYS2(SLATE_SYS_HANDLE_DUPLICATE, h, rights);
}

slate_status_t slate_handle_mint(slate_handle_t endpoint, uint32_t rights,
				 uint64_t badge)
{
	return SYS3(SLATE_SYS_HANDLE_MINT, endpoint, rights, badge);
}

slate_status_t slate_handle_info(slate_handle_t h,
				 struct slate_handle_info *out)
{
	return SYS2(SLATE_SYS_HANDLE_INFO, h, (uintptr_t)out);
}

slate_status_t slate_handle_give(slate_handle_t process, slate_handle_t h)
{
	return SYS2(SLATE_SYS_HANDLE_GIVE, process, h);
}

slate_time_t slate_clock_get(void)
{
	return (slate_time_t)SYS0(SLATE_SYS_CLOCK_GET);
}

slate_status_t slate_thread_new(slate_handle_t process, uintptr_t entry,
				uintptr_t stack, uint64_t arg)
{
	return SYS4(SLATE_SYS_THREAD_CREATE, process, entry, stack, arg);
}

slate_status_t slate_thread_start(slate_handle_t thread)
{
	return SYS1(SLATE_SYS_THREAD_START, thread);
}

_Noreturn void slate_thread_exit(void)
{
	SYS0(SLATE_SYS_THREAD_EXIT);
	__builtin_trap();
}

slate_status_t slate_thread_yield(void)
{
	return SYS0(SLATE_SYS_THREAD_YIELD);
}

slate_status_t slate_thread_sleep(slate_time_t deadline)
{
	return SYS1(SLATE_SYS_THREAD_SLEEP, deadline);
}

slate_status_t slate_thread_set_priority(slate_handle_t thread,
					 uint32_t priority)
{
	return SYS2(SLATE_SYS_THREAD_SET_PRIORITY, thread, priority);
}

slate_status_t slate_thread_set_affinity(slate_handle_t thread, int32_t cpu)
{
	/* Sign-extended: SLATE_CPU_ANY (-1) must reach the kernel as -1. */
	return SYS2(SLATE_SYS_THREAD_SET_AFFINITY, thread,
		    (uint64_t)(int64_t)cpu);
}

slate_status_t slate_thread_set_ipc_buffer(struct slate_ipc_buffer *buf)
{
	return SYS1(SLATE_SYS_THREAD_SET_IPC_BUFFER, (uintptr_t)buf);
}

slate_status_t slate_process_create(const char *name, size_t len,
				    uint64_t quota_pages)
{
	return SYS3(SLATE_SYS_PROCESS_CREATE, (uintptr_t)name, len,
		    quota_pages);
}

_Noreturn void slate_process_exit(int64_t status)
{
	SYS1(SLATE_SYS_PROCESS_EXIT, (uint64_t)status);
	__builtin_trap();
}

slate_status_t slate_process_kill(slate_handle_t process)
{
	return SYS1(SLATE_SYS_PROCESS_KILL, process);
}

slate_status_t slate_process_wait(slate_handle_t process, slate_time_t deadline,
				  int64_t *status)
{
	return SYS3(SLATE_SYS_PROCESS_WAIT, process, deadline,
		    (uintptr_t)status);
}

slate_status_t slate_endpoint_create(void)
{
	return SYS0(SLATE_SYS_ENDPOINT_CREATE);
}

slate_status_t slate_ipc_call(slate_handle_t endpoint, struct slate_msg *msg)
{
	return slate_ipc_trap(SLATE_SYS_IPC_CALL, endpoint, msg);
}

slate_status_t slate_ipc_recv_deadline(slate_handle_t endpoint,
				       struct slate_msg *msg,
				       slate_time_t deadline)
{
	/* Receive takes its deadline where a send takes the info word. */
	struct slate_msg m = {.info = deadline};
	slate_status_t st = slate_ipc_trap(SLATE_SYS_IPC_RECV, endpoint, &m);

	if (st == 0)
		*msg = m;
	return st;
}

slate_status_t slate_ipc_recv(slate_handle_t endpoint, struct slate_msg *msg)
{
	return slate_ipc_recv_deadline(endpoint, msg, SLATE_TIME_INFINITE);
}

slate_status_t slate_ipc_reply_recv(slate_handle_t endpoint,
				    struct slate_msg *msg)
{
	return slate_ipc_trap(SLATE_SYS_IPC_REPLY_RECV, endpoint, msg);
}

slate_status_t slate_notify_create(void)
{
	return SYS0(SLATE_SYS_NOTIFY_CREATE);
}

slate_status_t slate_notify_signal(slate_handle_t h, uint64_t bits)
{
	return SYS2(SLATE_SYS_NOTIFY_SIGNAL, h, bits);
}

slate_status_t slate_notify_wait(slate_handle_t h, slate_time_t deadline)
{
	return SYS2(SLATE_SYS_NOTIFY_WAIT, h, deadline);
}

slate_status_t slate_vmo_create(uint64_t size, uint32_t flags)
{
	return SYS2(SLATE_SYS_VMO_CREATE, size, flags);
}

slate_status_t slate_vmo_create_phys(slate_handle_t resource, uint64_t phys,
				     uint64_t size, uint32_t flags)
{
	return SYS4(SLATE_SYS_VMO_CREATE_PHYS, resource, phys, size, flags);
}

slate_status_t slate_vm_map(slate_handle_t process, slate_handle_t vmo,
			    uint64_t offset, uint64_t len, uintptr_t addr,
			    uint32_t flags)
{
	return slate_syscall6(SLATE_SYS_VM_MAP, process, vmo, offset, len, addr,
			      flags);
}

slate_status_t slate_vm_unmap(slate_handle_t process, uintptr_t addr,
			      uint64_t len)
{
	return SYS3(SLATE_SYS_VM_UNMAP, process, addr, len);
}

slate_status_t slate_vm_protect(slate_handle_t process, uintptr_t addr,
				uint64_t len, uint32_t flags)
{
	return SYS4(SLATE_SYS_VM_PROTECT, process, addr, len, flags);
}

slate_status_t slate_vmo_set_pager(slate_handle_t vmo, slate_handle_t endpoint)
{
	return SYS2(SLATE_SYS_VMO_SET_PAGER, vmo, endpoint);
}

slate_status_t slate_pager_supply(slate_handle_t vmo, uint64_t offset,
				  uintptr_t src)
{
	return SYS3(SLATE_SYS_PAGER_SUPPLY, vmo, offset, src);
}

slate_status_t slate_pager_fail(slate_handle_t vmo, uint64_t offset)
{
	return SYS2(SLATE_SYS_PAGER_FAIL, vmo, offset);
}

slate_status_t slate_irq_create(slate_handle_t resource, uint32_t line,
				slate_handle_t notify, uint32_t bit)
{
	return SYS4(SLATE_SYS_IRQ_CREATE, resource, line, notify, bit);
}

slate_status_t slate_irq_ack(slate_handle_t irq)
{
	return SYS1(SLATE_SYS_IRQ_ACK, irq);
}

slate_status_t slate_system_info(struct slate_system_info *out)
{
	return SYS1(SLATE_SYS_SYSTEM_INFO, (uintptr_t)out);
}

slate_status_t slate_system_stats(struct slate_system_stats *out)
{
	return SYS1(SLATE_SYS_SYSTEM_STATS, (uintptr_t)out);
}

slate_status_t slate_resource_create(slate_handle_t parent, uint32_t kind,
				     uint64_t base, uint64_t size)
{
	return SYS4(SLATE_SYS_RESOURCE_CREATE, parent, kind, base, size);
}

slate_status_t slate_ioport_enable(slate_handle_t resource, uint32_t base,
				   uint32_t count)
{
	return SYS3(SLATE_SYS_IOPORT_ENABLE, resource, base, count);
}

slate_status_t slate_vmo_phys(slate_handle_t vmo, uint64_t offset)
{
	return SYS2(SLATE_SYS_VMO_PHYS, vmo, offset);
}

slate_status_t slate_log_read(slate_handle_t resource, void *buf, size_t len,
			      uint64_t offset)
{
	return SYS4(SLATE_SYS_LOG_READ, resource, (uintptr_t)buf, len, offset);
}

slate_status_t slate_process_list(slate_handle_t resource,
				  struct slate_process_entry *out, size_t max)
{
	return SYS3(SLATE_SYS_PROCESS_LIST, resource, (uintptr_t)out, max);
}

slate_status_t slate_process_kill_koid(slate_handle_t resource, uint64_t koid)
{
	return SYS2(SLATE_SYS_PROCESS_KILL_KOID, resource, koid);
}

slate_status_t slate_poweroff(slate_handle_t resource)
{
	return SYS1(SLATE_SYS_POWEROFF, resource);
}

slate_status_t slate_vmo_clone(slate_handle_t vmo, uint64_t offset,
			       uint64_t size, uint32_t flags)
{
	return SYS4(SLATE_SYS_VMO_CLONE, vmo, offset, size, flags);
}
