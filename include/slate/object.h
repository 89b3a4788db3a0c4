/* SPDX-License-Identifier: MIT */
/* Kernel object types, handle information and system information. */
#ifndef SLATE_OBJECT_H
#define SLATE_OBJECT_H

#include <slate/types.h>

enum slate_object_type {
	SLATE_OBJ_NONE,
	SLATE_OBJ_PROCESS,
	SLATE_OBJ_THREAD,
	SLATE_OBJ_ENDPOINT,
	SLATE_OBJ_NOTIFICATION,
	SLATE_OBJ_VMO,
	SLATE_OBJ_INTERRUPT,
	SLATE_OBJ_RESOURCE, /* authority over physical memory and IRQs */
};

struct slate_handle_info {
	uint32_t type;   /* enum slate_object_type */
	uint32_t rights; /* SLATE_RIGHT_* */
	uint64_t badge;
	uint64_t koid; /* kernel-wide object id, never reused */
};
_Static_assert(sizeof(struct slate_handle_info) == 24, "ABI layout");

struct slate_system_info {
	uint32_t ncpus;
	uint32_t page_size;
	uint64_t total_frames;
	uint64_t free_frames;
	uint64_t objects; /* live kernel objects */
};
_Static_assert(sizeof(struct slate_system_info) == 32, "ABI layout");

/*
 * Event counts since boot, summed over every CPU, for benchmarks: what
 * an instruction count leaves out of what an operation costs on
 * hardware. Read racily, so a CPU busy elsewhere may add to them.
 */
struct slate_system_stats {
	uint64_t user_entries;     /* syscalls, faults, interrupts from user */
	uint64_t as_switches;      /* page-table root loads */
	uint64_t context_switches; /* thread switches, idle included */
	uint64_t tlb_shootdowns;   /* flush requests served from other CPUs */
};
_Static_assert(sizeof(struct slate_system_stats) == 32, "ABI layout");

/*
 * Kinds of resource (SLATE_SYS_RESOURCE_CREATE). The root resource init
 * starts with is SLATE_RESOURCE_ROOT and covers every range of every
 * kind; any other covers [base, base + size) of one kind only:
 *   MMIO    physical addresses, page aligned (VMO_CREATE_PHYS)
 *   IRQ     interrupt lines as IRQ_CREATE numbers them: the GSI on
 *           x86_64, the GIC INTID on aarch64
 *   IOPORT  x86 I/O ports, below 0x10000 (IOPORT_ENABLE)
 *   SYSTEM  system powers (enum slate_system_power): the calls that see
 *           or act on the whole system rather than on one handle
 */
enum slate_resource_kind {
	SLATE_RESOURCE_ROOT,
	SLATE_RESOURCE_MMIO,
	SLATE_RESOURCE_IRQ,
	SLATE_RESOURCE_IOPORT,
	SLATE_RESOURCE_SYSTEM,
};

/*
 * The system powers a SLATE_RESOURCE_SYSTEM resource may cover, one
 * number each, so a range of them is a set: a debug shell can be given
 * the log and the process list without the power switch.
 */
enum slate_system_power {
	SLATE_POWER_LOG,       /* LOG_READ: the kernel log */
	SLATE_POWER_PROCESSES, /* PROCESS_LIST, PROCESS_KILL_KOID */
	SLATE_POWER_OFF,       /* POWEROFF */
	SLATE_POWER_COUNT
};

/* LOG_READ copies at most this much per call. */
#define SLATE_LOG_READ_MAX  512u
/* How much of the kernel log the kernel keeps for LOG_READ. */
#define SLATE_LOG_RING_SIZE 16384u

/* One process as PROCESS_LIST reports it. */
struct slate_process_entry {
	uint64_t koid;
	char name[32];    /* NUL-terminated */
	uint32_t state;   /* enum slate_process_state */
	uint32_t threads; /* live threads */
	uint64_t pages;   /* memory charged to its quota, in pages */
};
_Static_assert(sizeof(struct slate_process_entry) == 56, "ABI layout");

enum slate_process_state {
	SLATE_PROCESS_RUNNING, /* has live threads, or is being set up */
	SLATE_PROCESS_DYING,   /* killed or exiting, threads still ending */
	SLATE_PROCESS_ENDED,   /* ended; kept while handles to it remain */
};

#define SLATE_IOPORT_COUNT 0x10000u /* ports 0..0xffff */

/*
 * The exit status PROCESS_WAIT reports for a process that did not end
 * by PROCESS_EXIT: killed with PROCESS_KILL, or killed by the kernel
 * for an access or instruction it was not allowed (the console log
 * says which).
 */
#define SLATE_EXIT_KILLED (-0x100)
#define SLATE_EXIT_FAULT  (-0x101)

/* Thread priorities (THREAD_SET_PRIORITY): the highest runnable runs. */
#define SLATE_PRIORITY_MIN     0
#define SLATE_PRIORITY_DEFAULT 16
#define SLATE_PRIORITY_MAX     31

/* THREAD_SET_AFFINITY: no CPU in particular. */
#define SLATE_CPU_ANY (-1)

/* VMO creation flags. */
#define SLATE_VMO_CONTIGUOUS (1u << 0) /* physically contiguous (DMA) */

/* Mapping flags for SLATE_SYS_VM_MAP and SLATE_SYS_VM_PROTECT. */
#define SLATE_VM_READ  (1u << 0)
#define SLATE_VM_WRITE (1u << 1)
#define SLATE_VM_EXEC  (1u << 2)
#define SLATE_VM_FIXED (1u << 3) /* map exactly at addr */

#endif
