/* SPDX-License-Identifier: MIT */
/*
 * The control protocol of init's supervisor (docs/services.md): a
 * service whose manifest block says "control NAME" gets a handle to
 * init's control endpoint (SLATE_START_CONTROL, badged with the
 * service's own badge) and may ask init about NAME or kill it. Nothing
 * else reaches init: a service without a control line gets no handle.
 *
 * Requests go through the server skeleton (<slate/server.h>): the label
 * is the operation, the reply's label the status. A service name is
 * packed like a name service name (<slate/names.h>), so it is at most
 * SLATE_NAMES_MAX bytes.
 */
#ifndef SLATE_SUPERVISOR_H
#define SLATE_SUPERVISOR_H

#include <slate/names.h>

/*
 * Operations; "name" is SLATE_NAMES_WORDS words. Errors common to all:
 * SLATE_ERR_INVALID for a malformed name, SLATE_ERR_ACCESS when the
 * caller's block has no "control" line naming the service (also for a
 * service that does not exist, so the answer says nothing about it).
 */
enum slate_supervisor_op {
	/*
	 * name. Kills the running instance, as a failure: init restarts it
	 * as its "restart" line says, exactly as if it had crashed.
	 * SLATE_ERR_BAD_STATE: no instance is running (it is between
	 * instances, or init gave up on it).
	 */
	SLATE_SUPERVISOR_KILL = 1,
	/*
	 * name. Replies with 3 words: restarts so far, 1 if an instance is
	 * running (0 otherwise), 1 if init gave up on it.
	 */
	SLATE_SUPERVISOR_STATUS = 2,
	/*
	 * index. The index-th service the caller's "control" lines name,
	 * in the order they name them: replies with 4 words, the name
	 * (SLATE_NAMES_WORDS words) and SLATE_SUPERVISOR_LIST_STATE(...)
	 * of its restarts, running and given-up flags.
	 * SLATE_ERR_NOT_FOUND past the last one.
	 */
	SLATE_SUPERVISOR_LIST = 3,
};

/* LIST's last word: restarts in bits 0..31, then running, given up. */
#define SLATE_SUPERVISOR_LIST_STATE(restarts, running, given_up)           \
	((uint64_t)(uint32_t)(restarts) | ((uint64_t) !!(running) << 32) | \
	 ((uint64_t) !!(given_up) << 33))
#define SLATE_SUPERVISOR_LIST_RESTARTS(w) ((uint32_t)(w))
#define SLATE_SUPERVISOR_LIST_RUNNING(w)  (((w) >> 32) & 1)
#define SLATE_SUPERVISOR_LIST_GAVE_UP(w)  (((w) >> 33) & 1)
_Static_assert(SLATE_NAMES_WORDS + 1 <= 4,
	       "LIST's reply fits the message registers");

#endif
