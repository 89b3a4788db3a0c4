/* SPDX-License-Identifier: MIT */
/*
 * Calling the name service (<slate/names.h>, docs/services.md) through
 * the server skeleton, so it works the same whether the name service is
 * in another process or coalesced with the caller. Calls that carry a
 * handle need the calling thread's IPC buffer (registered with
 * slate_thread_set_ipc_buffer), passed as buf.
 */
#ifndef SLATE_NAMES_CLIENT_H
#define SLATE_NAMES_CLIENT_H

#include <slate/names.h>
#include <slate/server.h>

/*
 * A connection to the name service through the handle init gave this
 * process (SLATE_START_NAMES); its endpoint is SLATE_HANDLE_INVALID if
 * there is none, and calls then fail with SLATE_ERR_BAD_HANDLE.
 */
struct svc_conn slate_names_conn(void);

/* Publish endpoint under name; the handle moves, whatever the answer. */
slate_status_t slate_names_register(const struct svc_conn *names,
				    struct slate_ipc_buffer *buf,
				    const char *name, slate_handle_t endpoint);

/* Find name; on SLATE_OK *out is a handle to call it (WRITE, TRANSFER). */
slate_status_t slate_names_lookup(const struct svc_conn *names,
				  struct slate_ipc_buffer *buf,
				  const char *name, slate_handle_t *out);

slate_status_t slate_names_unregister(const struct svc_conn *names,
				      const char *name);

/*
 * init only: let the service whose handle carries badge register
 * (SLATE_NAMES_ALLOW_REGISTER) or look up (SLATE_NAMES_ALLOW_LOOKUP)
 * name.
 */
slate_status_t slate_names_allow(const struct svc_conn *names,
				 enum slate_names_op op, uint64_t badge,
				 const char *name);

#endif
