/* SPDX-License-Identifier: MIT */
/*
 * IPC message layout. A message is an info word, up to SLATE_MSG_WORDS
 * 64-bit words and up to SLATE_MSG_HANDLES handles. The first
 * SLATE_MSG_REG_WORDS words travel in registers, the rest in the calling
 * thread's IPC buffer (one page registered with
 * SLATE_SYS_THREAD_SET_IPC_BUFFER), as do the handles.
 *
 * Registers (in and out):
 *	x86_64:	 rdi = handle / badge, rsi = info, rdx r10 r8 r9 = words 0..3
 *	aarch64: x0 = handle / status, x1 = info, x2..x5 = words 0..3,
 *		 x6 = badge
 * On x86_64 the status is in rax and the badge comes back in rdi.
 */
#ifndef SLATE_IPC_H
#define SLATE_IPC_H

#include <slate/types.h>

#define SLATE_MSG_REG_WORDS 4
#define SLATE_MSG_WORDS     64
#define SLATE_MSG_HANDLES   4

/* info = label << 16 | handles << 8 | words */
#define SLATE_MSG_INFO(label, words, handles)                     \
	(((uint64_t)(label) << 16) | ((uint64_t)(handles) << 8) | \
	 (uint64_t)(words))
#define SLATE_MSG_LABEL(info)    ((info) >> 16)
#define SLATE_MSG_NWORDS(info)   ((unsigned)((info)&0xff))
#define SLATE_MSG_NHANDLES(info) ((unsigned)(((info) >> 8) & 0x7))

/*
 * Labels from SLATE_MSG_LABEL_KERNEL up are sent only by the kernel (for
 * example SLATE_PAGER_FAULT in pager.h); a call or reply with one fails
 * with SLATE_ERR_INVALID, so a receiver can trust them.
 */
#define SLATE_MSG_LABEL_KERNEL (1ull << 47)

struct slate_ipc_buffer {
	uint64_t words[SLATE_MSG_WORDS]; /* words 0..3 unused: registers */
	slate_handle_t handles[SLATE_MSG_HANDLES];
	uint8_t reserved[4096 - SLATE_MSG_WORDS * 8 - SLATE_MSG_HANDLES * 4];
};
_Static_assert(sizeof(struct slate_ipc_buffer) == 4096,
	       "the IPC buffer is one page");

#endif
