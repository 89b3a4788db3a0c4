/* SPDX-License-Identifier: MIT */
/*
 * Rights carried by a handle. A handle can be duplicated with fewer rights
 * (never more) and moved over IPC if it has SLATE_RIGHT_TRANSFER.
 */
#ifndef SLATE_RIGHTS_H
#define SLATE_RIGHTS_H

#define SLATE_RIGHT_READ      (1u << 0) /* receive, read memory */
#define SLATE_RIGHT_WRITE     (1u << 1) /* call/send, write memory */
#define SLATE_RIGHT_EXEC      (1u << 2) /* map memory executable */
#define SLATE_RIGHT_MAP       (1u << 3) /* map a memory object */
#define SLATE_RIGHT_DUPLICATE (1u << 4) /* make copies of the handle */
#define SLATE_RIGHT_TRANSFER  (1u << 5) /* move the handle over IPC */
#define SLATE_RIGHT_SIGNAL    (1u << 6) /* raise notification bits */
#define SLATE_RIGHT_WAIT      (1u << 7) /* wait on a notification */
#define SLATE_RIGHT_MANAGE    (1u << 8) /* kill, start, configure */

#define SLATE_RIGHTS_ALL 0x1ffu

#endif
