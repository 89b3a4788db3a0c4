/* SPDX-License-Identifier: MIT */
/*
 * Native system-call numbers and calling convention (docs/abi.md).
 *
 * x86_64: `syscall` with the number in rax and arguments in rdi, rsi,
 *	   rdx, r10, r8, r9; the status comes back in rax.
 * aarch64: `svc #0` with the number in x8 and arguments in x0..x5; the
 *	   status comes back in x0.
 *
 * IPC calls move a short message in registers as well; see ipc.h.
 * Numbers are stable once released; new calls are appended.
 */
#ifndef SLATE_SYSCALL_H
#define SLATE_SYSCALL_H

enum slate_syscall {
	SLATE_SYS_DEBUG_LOG,        /* (const char *buf, size_t len) */
	SLATE_SYS_HANDLE_CLOSE,     /* (h) */
	SLATE_SYS_HANDLE_DUPLICATE, /* (h, rights) -> new handle */
	SLATE_SYS_HANDLE_MINT,      /* (endpoint h, rights, badge) -> handle */
	SLATE_SYS_HANDLE_INFO,      /* (h, struct slate_handle_info *out) */
	SLATE_SYS_CLOCK_GET,        /* () -> monotonic ns */
	SLATE_SYS_THREAD_CREATE,    /* (process h, entry, stack, arg) -> h */
	SLATE_SYS_THREAD_START,     /* (thread h) */
	SLATE_SYS_THREAD_EXIT,      /* () */
	SLATE_SYS_THREAD_YIELD,     /* () */
	SLATE_SYS_THREAD_SLEEP,     /* (deadline ns) */
	SLATE_SYS_THREAD_SET_PRIORITY,   /* (thread h, priority) */
	SLATE_SYS_THREAD_SET_AFFINITY,   /* (thread h, cpu) */
	SLATE_SYS_THREAD_SET_IPC_BUFFER, /* (user address, page aligned) */
	SLATE_SYS_PROCESS_CREATE,        /* (name, len, quota pages) -> h */
	SLATE_SYS_PROCESS_EXIT,          /* (status) */
	SLATE_SYS_PROCESS_KILL,          /* (process h) */
	SLATE_SYS_PROCESS_WAIT,          /* (process h, deadline,
					    int64_t *status) */
	SLATE_SYS_ENDPOINT_CREATE,       /* () -> h */
	SLATE_SYS_IPC_CALL,              /* see ipc.h */
	SLATE_SYS_IPC_RECV,
	SLATE_SYS_IPC_REPLY_RECV,
	SLATE_SYS_NOTIFY_CREATE,   /* () -> h */
	SLATE_SYS_NOTIFY_SIGNAL,   /* (h, bits) */
	SLATE_SYS_NOTIFY_WAIT,     /* (h, deadline) -> bits */
	SLATE_SYS_VMO_CREATE,      /* (size, flags) -> h */
	SLATE_SYS_VMO_CREATE_PHYS, /* (resource h, phys, size, flags) -> h */
	SLATE_SYS_VM_MAP,          /* (process h, vmo h, offset, len, addr,
				      flags) -> address */
	SLATE_SYS_VM_UNMAP,        /* (process h, addr, len) */
	SLATE_SYS_VM_PROTECT,      /* (process h, addr, len, flags) */
	SLATE_SYS_VMO_SET_PAGER,   /* (vmo h, endpoint h); see pager.h */
	SLATE_SYS_PAGER_SUPPLY,    /* (vmo h, offset, src addr) */
	SLATE_SYS_IRQ_CREATE,      /* (resource h, line, notify h, bit) -> h */
	SLATE_SYS_IRQ_ACK,         /* (irq h) */
	SLATE_SYS_SYSTEM_INFO,     /* (struct slate_system_info *out) */
	SLATE_SYS_SYSTEM_STATS,    /* (struct slate_system_stats *out) */
	SLATE_SYS_HANDLE_GIVE,     /* (process h, h) -> handle in process */
	SLATE_SYS_PAGER_FAIL,      /* (vmo h, offset) */
	SLATE_SYS_RESOURCE_CREATE, /* (resource h, kind, base, size) -> h */
	SLATE_SYS_IOPORT_ENABLE,   /* (resource h, first port, count) */
	SLATE_SYS_VMO_PHYS,        /* (vmo h, offset) -> physical address */
	/* System powers: a SLATE_RESOURCE_SYSTEM resource (object.h). */
	SLATE_SYS_LOG_READ,     /* (resource h, buf, len, offset) -> bytes */
	SLATE_SYS_PROCESS_LIST, /* (resource h, struct slate_process_entry *,
				   max) -> number of processes */
	SLATE_SYS_PROCESS_KILL_KOID, /* (resource h, koid) */
	SLATE_SYS_POWEROFF,          /* (resource h) */
	SLATE_SYS_VMO_CLONE,         /* (vmo h, offset, size, flags) -> h:
					a copy-on-write snapshot */
	SLATE_SYS_COUNT
};

#endif
