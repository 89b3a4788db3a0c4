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
};

#endif
