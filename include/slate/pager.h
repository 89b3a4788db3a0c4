/* SPDX-License-Identifier: MIT */
/*
 * User-space pagers (docs/abi.md, "Pagers"). A VMO given a pager with
 * SLATE_SYS_VMO_SET_PAGER is not zero-filled: a thread that touches one
 * of its missing pages waits, and the kernel sends the pager endpoint a
 * fault message, as if the kernel had called it:
 *
 *	label	SLATE_PAGER_FAULT
 *	words	SLATE_PAGER_FAULT_WORDS, in registers (no IPC buffer needed)
 *	badge	the badge of the endpoint handle given to VMO_SET_PAGER
 *
 * The pager answers with SLATE_SYS_PAGER_SUPPLY (the page's contents) or
 * SLATE_SYS_PAGER_FAIL (the waiting threads' processes are killed); it
 * does not reply to the message, which has no caller to reply to.
 */
#ifndef SLATE_PAGER_H
#define SLATE_PAGER_H

#include <slate/ipc.h>
#include <slate/object.h>

/* The label of a fault message; only the kernel can send it. */
#define SLATE_PAGER_FAULT (SLATE_MSG_LABEL_KERNEL + 1)

/* Word indices of a fault message. */
#define SLATE_PAGER_FAULT_OFFSET 0 /* byte offset of the page in the VMO */
#define SLATE_PAGER_FAULT_ACCESS 1 /* SLATE_VM_READ, _WRITE or _EXEC */
#define SLATE_PAGER_FAULT_KOID   2 /* the VMO's koid (SLATE_SYS_HANDLE_INFO) */
#define SLATE_PAGER_FAULT_WORDS  3

_Static_assert(SLATE_PAGER_FAULT_WORDS <= SLATE_MSG_REG_WORDS,
	       "a fault message travels in registers only");
_Static_assert(SLATE_PAGER_FAULT < (1ull << 48), "labels are 48 bits");

#endif
