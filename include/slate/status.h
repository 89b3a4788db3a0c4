/* SPDX-License-Identifier: MIT */
/*
 * Status codes returned by system calls. Success is 0 (or a count);
 * failures are negative and each names one cause a caller can act on.
 */
#ifndef SLATE_STATUS_H
#define SLATE_STATUS_H

#define SLATE_OK                0
#define SLATE_ERR_INVALID       (-1)  /* an argument is out of range */
#define SLATE_ERR_BAD_HANDLE    (-2)  /* no such handle in this process */
#define SLATE_ERR_WRONG_TYPE    (-3)  /* handle names another kind of object */
#define SLATE_ERR_ACCESS        (-4)  /* the handle lacks a needed right */
#define SLATE_ERR_NO_MEMORY     (-5)  /* the system is out of memory */
#define SLATE_ERR_QUOTA         (-6)  /* this process is over its quota */
#define SLATE_ERR_FAULT         (-7)  /* a user pointer is not accessible */
#define SLATE_ERR_TIMED_OUT     (-8)  /* the timeout expired first */
#define SLATE_ERR_WOULD_BLOCK   (-9)  /* a poll found nothing ready */
#define SLATE_ERR_PEER_CLOSED   (-10) /* the other side went away */
#define SLATE_ERR_BAD_STATE     (-11) /* not possible in the object's state */
#define SLATE_ERR_NO_SYSCALL    (-12) /* no such system call */
#define SLATE_ERR_TOO_BIG       (-13) /* message or size beyond a limit */
#define SLATE_ERR_NOT_FOUND     (-14) /* nothing at that address or name */
#define SLATE_ERR_EXISTS        (-15) /* already present (e.g. a mapping) */
#define SLATE_ERR_INTERRUPTED   (-16) /* the wait was cancelled */
#define SLATE_ERR_NOT_SUPPORTED (-17) /* not on this architecture */

#endif
