/* SPDX-License-Identifier: MIT */
/*
 * How a native process starts. Its first thread begins at the ELF entry
 * with the stack pointer 16-byte aligned and the first argument register
 * (rdi, x0) pointing at a struct slate_start_info somewhere in its memory,
 * usually just above the initial stack pointer. The strings it points to
 * lie in the same block.
 *
 * The kernel builds this block for init; a process that starts another
 * (init, the process manager) builds it the same way for its child.
 */
#ifndef SLATE_START_H
#define SLATE_START_H

#include <slate/types.h>

#define SLATE_START_MAGIC       0x5354415254534c53ull /* "SLSTARTS" */
#define SLATE_START_MAX_HANDLES 16

/* What each entry of handles[] is, so a process can find its own. */
enum slate_start_handle {
	SLATE_START_NONE,
	SLATE_START_SELF_PROCESS, /* this process, all rights */
	SLATE_START_SELF_THREAD,  /* this first thread */
	SLATE_START_RESOURCE, /* init only: all physical memory, IRQs, I/O */
	SLATE_START_BOOTFS,   /* init only: VMO of the boot archive */
	/*
	 * Given by init to the services of the system manifest
	 * (docs/services.md): the name service (a badged WRITE handle; the
	 * name service itself gets the receiving end), and one narrowed
	 * resource per irq, mmio or ioport line of the service's block, in
	 * manifest order.
	 */
	SLATE_START_NAMES,
	SLATE_START_IRQ,
	SLATE_START_MMIO,
	SLATE_START_IOPORT,
	/*
	 * The endpoint a service serves on (READ, WRITE, DUPLICATE,
	 * TRANSFER): init made it and keeps a WRITE copy to send the
	 * skeleton's heartbeat pings (SVC_LABEL_PING); the service
	 * registers a copy without READ under its names.
	 */
	SLATE_START_SERVE,
	/* init's supervisor control endpoint (<slate/supervisor.h>). */
	SLATE_START_CONTROL,
	/* A SLATE_RESOURCE_SYSTEM resource per system power granted. */
	SLATE_START_SYSTEM,
	/*
	 * Given by the process manager to every program it starts: a
	 * handle to it badged with the child's own pid (<slate/proc.h>).
	 */
	SLATE_START_PROC,
	/*
	 * The memory manager (<slate/mm.h>), for a block that says
	 * "lookup mm": WRITE and TRANSFER, badged SLATE_MM_BADGE(the
	 * service's number, its memory quota in pages).
	 */
	SLATE_START_MM,
	SLATE_START_USER = 64, /* meaning agreed between parent and child */
};

struct slate_start_info {
	uint64_t magic; /* SLATE_START_MAGIC */
	uint32_t argc;
	uint32_t nhandles;
	uint64_t argv; /* user address of argc pointers to NUL-ended strings */
	uint64_t bootfs_size; /* bytes in the BOOTFS VMO, or 0 */
	slate_handle_t handles[SLATE_START_MAX_HANDLES];
	uint32_t handle_kinds[SLATE_START_MAX_HANDLES]; /* slate_start_handle */
	/* The environment: envc pointers to "NAME=value" strings, or 0. */
	uint32_t envc;
	uint32_t reserved; /* 0 */
	uint64_t envp;
};
_Static_assert(sizeof(struct slate_start_info) == 176, "ABI layout");
_Static_assert(__builtin_offsetof(struct slate_start_info, argv) == 16,
	       "ABI layout");
_Static_assert(__builtin_offsetof(struct slate_start_info, handles) == 32,
	       "ABI layout");
_Static_assert(__builtin_offsetof(struct slate_start_info, handle_kinds) == 96,
	       "ABI layout");
_Static_assert(__builtin_offsetof(struct slate_start_info, envc) == 160,
	       "ABI layout");
_Static_assert(__builtin_offsetof(struct slate_start_info, envp) == 168,
	       "ABI layout");

#endif
