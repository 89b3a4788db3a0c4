/* SPDX-License-Identifier: MIT */
/*
 * dsh, Slate's native debug shell: a prompt on the console, one line at
 * a time, a handful of built-in commands that look at the system
 * (docs/services.md, "The debug shell"). main.c opens the console and
 * runs dsh_loop.
 */
#ifndef DSH_DSH_H
#define DSH_DSH_H

#include <slate/console_client.h>

#define DSH_PROMPT      "slate# "
#define DSH_LINE_MAX    512
#define DSH_MAX_WORDS   16
#define DSH_STATUS_BAD  2   /* wrong arguments */
#define DSH_STATUS_NONE 127 /* no such command, as POSIX shells say */

struct dsh {
	struct console con;
	struct slate_ipc_buffer *ipc; /* this thread's, for console_reopen */
	int status; /* of the last command: what $? expands to */
};

/* Run one line: commands separated by ';'. Sets sh->status. */
void dsh_run_line(struct dsh *sh, char *line);

/* Prompt, read, run, for ever (or until `exit`). */
_Noreturn void dsh_loop(struct dsh *sh);

#endif
