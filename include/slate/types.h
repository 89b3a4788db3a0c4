/* SPDX-License-Identifier: MIT */
/*
 * Basic types of the Slate system-call ABI. Everything crossing the
 * user/kernel boundary has a fixed width and the same layout on x86_64
 * and aarch64.
 */
#ifndef SLATE_TYPES_H
#define SLATE_TYPES_H

#include <stdint.h>

/* A process-local name for a kernel object; 0 never names anything. */
typedef uint32_t slate_handle_t;
#define SLATE_HANDLE_INVALID ((slate_handle_t)0)

/* Every system call returns a status: 0 or more on success. */
typedef int64_t slate_status_t;

/* Nanoseconds of the monotonic clock; also used for timeouts. */
typedef uint64_t slate_time_t;
#define SLATE_TIME_INFINITE UINT64_MAX /* wait forever */
#define SLATE_TIME_POLL     0          /* do not wait at all */

#endif
