/* SPDX-License-Identifier: MIT */
/*
 * The debug shell's line handling and commands. A line is split at ';'
 * into commands, each into words at blanks; "$?" inside a word becomes
 * the previous command's status, so that a script (tools/guest) can
 * type "CMD; echo __SLATE_RC=$?" and read the status back. No quoting,
 * no pipes, no programs: every command is built in.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <slate/server.h>
#include <slate/supervisor.h>

#include "dsh.h"

#define NS_PER_S  1000000000ull
#define NS_PER_MS 1000000ull
#define PS_MAX    128

static void say(struct dsh *sh, const char *fmt, ...) SLATE_PRINTF(2, 3);

static void say(struct dsh *sh, const char *fmt, ...)
{
	char text[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(text) - 1)
		n = sizeof(text) - 1;
	/* The console may have been restarted under us (restart console). */
	if (console_write(&sh->con, text, (size_t)n) == SLATE_ERR_PEER_CLOSED &&
	    console_reopen(&sh->con, sh->ipc, true) == SLATE_OK)
		console_write(&sh->con, text, (size_t)n);
}

/* A decimal number that fills the whole word. */
static bool parse_u64(const char *s, uint64_t *out)
{
	uint64_t v = 0;

	if (!*s)
		return false;
	for (; *s; s++) {
		if (*s < '0' || *s > '9' || v > (UINT64_MAX - 9) / 10)
			return false;
		v = v * 10 + (uint64_t)(*s - '0');
	}
	*out = v;
	return true;
}

/*
 * The SLATE_START_SYSTEM resource that grants power, found by trying
 * each: the kernel is the one that knows what a resource covers. call
 * gets the handle and returns the kernel's answer.
 */
static slate_status_t with_power(slate_status_t (*call)(slate_handle_t, void *),
				 void *arg)
{
	const struct slate_start_info *si = slate_start_info();
	slate_status_t st = SLATE_ERR_ACCESS;

	for (unsigned i = 0; i < si->nhandles && st == SLATE_ERR_ACCESS; i++)
		if (si->handle_kinds[i] == SLATE_START_SYSTEM)
			st = call(si->handles[i], arg);
	return st;
}

/* ---- commands ---- */

static int cmd_help(struct dsh *sh, int argc, char **argv);

static int cmd_echo(struct dsh *sh, int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		say(sh, "%s%s", argv[i], i + 1 < argc ? " " : "");
	say(sh, "\n");
	return 0;
}

static int cmd_mem(struct dsh *sh, int argc, char **argv)
{
	struct slate_system_info si;
	slate_status_t st = slate_system_info(&si);

	if (st != SLATE_OK) {
		say(sh, "mem: %lld\n", (long long)st);
		return 1;
	}
	say(sh, "frames: %llu free of %llu (%llu KiB free of %llu KiB)\n",
	    (unsigned long long)si.free_frames,
	    (unsigned long long)si.total_frames,
	    (unsigned long long)(si.free_frames * si.page_size / 1024),
	    (unsigned long long)(si.total_frames * si.page_size / 1024));
	say(sh, "objects: %llu\ncpus: %u\n", (unsigned long long)si.objects,
	    si.ncpus);
	return 0;
}

static int cmd_stats(struct dsh *sh, int argc, char **argv)
{
	struct slate_system_stats st;

	if (slate_system_stats(&st) != SLATE_OK) {
		say(sh, "stats: cannot read them\n");
		return 1;
	}
	say(sh, "kernel entries from user: %llu\n",
	    (unsigned long long)st.user_entries);
	say(sh, "address-space switches:   %llu\n",
	    (unsigned long long)st.as_switches);
	say(sh, "context switches:         %llu\n",
	    (unsigned long long)st.context_switches);
	say(sh, "TLB shootdowns served:    %llu\n",
	    (unsigned long long)st.tlb_shootdowns);
	return 0;
}

static int cmd_uptime(struct dsh *sh, int argc, char **argv)
{
	slate_time_t now = slate_clock_get();

	say(sh, "up %llu.%03llu s\n", (unsigned long long)(now / NS_PER_S),
	    (unsigned long long)(now % NS_PER_S / NS_PER_MS));
	return 0;
}

struct log_read {
	char chunk[SLATE_LOG_READ_MAX];
	uint64_t offset;
};

static slate_status_t log_chunk(slate_handle_t h, void *arg)
{
	struct log_read *lr = arg;

	return slate_log_read(h, lr->chunk, sizeof(lr->chunk), lr->offset);
}

/* The kernel log the kernel still keeps, oldest first. */
static int cmd_log(struct dsh *sh, int argc, char **argv)
{
	static struct log_read lr;
	slate_status_t n;

	lr.offset = 0;
	while ((n = with_power(log_chunk, &lr)) > 0) {
		console_write(&sh->con, lr.chunk, (size_t)n);
		lr.offset += (uint64_t)n;
	}
	if (n < 0) {
		say(sh, "log: %s\n",
		    n == SLATE_ERR_ACCESS ? "not allowed" : "cannot read it");
		return 1;
	}
	return 0;
}

struct ps_list {
	struct slate_process_entry e[PS_MAX];
};

static slate_status_t ps_fill(slate_handle_t h, void *arg)
{
	return slate_process_list(h, ((struct ps_list *)arg)->e, PS_MAX);
}

static const char *state_name(uint32_t state)
{
	static const char *const names[] = {
	    [SLATE_PROCESS_RUNNING] = "running",
	    [SLATE_PROCESS_DYING] = "dying",
	    [SLATE_PROCESS_ENDED] = "ended",
	};

	return state < 3 ? names[state] : "?";
}

static int cmd_ps(struct dsh *sh, int argc, char **argv)
{
	static struct ps_list ps;
	slate_status_t n = with_power(ps_fill, &ps);

	if (n < 0) {
		say(sh, "ps: %s\n",
		    n == SLATE_ERR_ACCESS ? "not allowed" : "cannot list");
		return 1;
	}
	say(sh, "%6s  %-8s %7s %6s  %s\n", "KOID", "STATE", "THREADS", "PAGES",
	    "NAME");
	for (slate_status_t i = 0; i < n && i < PS_MAX; i++) {
		const struct slate_process_entry *e = &ps.e[i];

		say(sh, "%6llu  %-8s %7u %6llu  %s\n",
		    (unsigned long long)e->koid, state_name(e->state),
		    e->threads, (unsigned long long)e->pages, e->name);
	}
	if (n > PS_MAX)
		say(sh, "(%lld more not shown)\n", (long long)(n - PS_MAX));
	return 0;
}

static slate_status_t kill_one(slate_handle_t h, void *arg)
{
	return slate_process_kill_koid(h, *(uint64_t *)arg);
}

static int cmd_kill(struct dsh *sh, int argc, char **argv)
{
	uint64_t koid;
	slate_status_t st;

	if (argc != 2 || !parse_u64(argv[1], &koid)) {
		say(sh, "usage: kill KOID (see ps)\n");
		return DSH_STATUS_BAD;
	}
	st = with_power(kill_one, &koid);
	if (st == SLATE_OK)
		return 0;
	say(sh, "kill: %s\n",
	    st == SLATE_ERR_NOT_FOUND ? "no such process"
	    : st == SLATE_ERR_ACCESS  ? "not allowed"
				      : "failed");
	return 1;
}

static slate_status_t power_off(slate_handle_t h, void *arg)
{
	return slate_poweroff(h);
}

static int cmd_poweroff(struct dsh *sh, int argc, char **argv)
{
	slate_status_t st = with_power(power_off, NULL);

	say(sh, "poweroff: %s\n",
	    st == SLATE_ERR_ACCESS ? "not allowed" : "failed");
	return 1;
}

static int cmd_exit(struct dsh *sh, int argc, char **argv)
{
	uint64_t status = (uint64_t)sh->status;

	if (argc > 2 ||
	    (argc == 2 && (!parse_u64(argv[1], &status) || status > 255))) {
		say(sh, "usage: exit [STATUS 0-255]\n");
		return DSH_STATUS_BAD;
	}
	exit((int)status);
}

/* ---- services, through init's control endpoint ---- */

/*
 * The supervisor's control endpoint, if the manifest gave this shell
 * "control" lines; the services it may list and restart are those.
 */
static bool control_conn(struct dsh *sh, struct svc_conn *out)
{
	slate_handle_t h = slate_start_handle(SLATE_START_CONTROL);

	if (h == SLATE_HANDLE_INVALID) {
		say(sh, "no control over services (no 'control' line in the "
			"manifest)\n");
		return false;
	}
	*out = svc_conn_remote(h);
	return true;
}

static int cmd_services(struct dsh *sh, int argc, char **argv)
{
	struct svc_conn conn;
	struct slate_msg m;
	char name[SLATE_NAMES_MAX + 1];

	if (!control_conn(sh, &conn))
		return 1;
	say(sh, "  %-24s %-8s %s\n", "NAME", "STATE", "RESTARTS");
	for (uint64_t i = 0;; i++) {
		uint64_t w;

		m = (struct slate_msg){
		    .info = SLATE_MSG_INFO(SLATE_SUPERVISOR_LIST, 1, 0),
		    .words = {i}};
		if (svc_call(&conn, &m) != SLATE_OK)
			break;
		if (!slate_names_unpack(m.words, name))
			continue;
		w = m.words[SLATE_NAMES_WORDS];
		say(sh, "  %-24s %-8s %u\n", name,
		    SLATE_SUPERVISOR_LIST_GAVE_UP(w)   ? "given up"
		    : SLATE_SUPERVISOR_LIST_RUNNING(w) ? "running"
						       : "starting",
		    SLATE_SUPERVISOR_LIST_RESTARTS(w));
	}
	return 0;
}

static int cmd_restart(struct dsh *sh, int argc, char **argv)
{
	struct svc_conn conn;
	struct slate_msg m = {.info = SLATE_MSG_INFO(SLATE_SUPERVISOR_KILL,
						     SLATE_NAMES_WORDS, 0)};
	slate_status_t st;

	if (argc != 2 || !slate_names_pack(argv[1], m.words)) {
		say(sh, "usage: restart NAME (see services)\n");
		return DSH_STATUS_BAD;
	}
	if (!control_conn(sh, &conn))
		return 1;
	/* Killed as a failure, the service is restarted by its policy. */
	st = svc_call(&conn, &m);
	if (st == SLATE_OK)
		return 0;
	say(sh, "restart: %s\n",
	    st == SLATE_ERR_ACCESS      ? "no such service under my control"
	    : st == SLATE_ERR_BAD_STATE ? "not running"
					: "failed");
	return 1;
}

static const struct dsh_command {
	const char *name;
	int (*fn)(struct dsh *sh, int argc, char **argv);
	const char *help;
} commands[] = {
    {"help", cmd_help, "this list"},
    {"echo", cmd_echo, "echo WORDS: print them ($? is the last status)"},
    {"mem", cmd_mem, "free and total memory, kernel objects"},
    {"stats", cmd_stats, "kernel event counts since boot"},
    {"uptime", cmd_uptime, "time since boot"},
    {"log", cmd_log, "the kernel log kept in memory"},
    {"ps", cmd_ps, "processes: koid, state, threads, pages, name"},
    {"kill", cmd_kill, "kill KOID: end a process"},
    {"services", cmd_services, "the services this shell may restart"},
    {"restart", cmd_restart, "restart NAME: kill a service; init restarts it"},
    {"poweroff", cmd_poweroff, "switch the machine off"},
    {"exit", cmd_exit, "exit [STATUS]: end the shell"},
};
#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static int cmd_help(struct dsh *sh, int argc, char **argv)
{
	for (unsigned i = 0; i < NCOMMANDS; i++)
		say(sh, "  %-9s %s\n", commands[i].name, commands[i].help);
	return 0;
}

/* ---- lines ---- */

/* Copy word to out with every "$?" replaced by status. */
static void expand(const char *word, int status, char *out, size_t size)
{
	size_t n = 0;

	for (; *word && n + 1 < size; word++) {
		if (word[0] == '$' && word[1] == '?') {
			n += (size_t)snprintf(out + n, size - n, "%d", status);
			if (n >= size)
				n = size - 1;
			word++;
			continue;
		}
		out[n++] = *word;
	}
	out[n] = '\0';
}

/* Split cmd into words at blanks, in place; returns the count. */
static int split(char *cmd, char **argv)
{
	int argc = 0;

	for (;;) {
		while (*cmd == ' ' || *cmd == '\t')
			cmd++;
		if (!*cmd || argc == DSH_MAX_WORDS)
			return argc;
		argv[argc++] = cmd;
		while (*cmd && *cmd != ' ' && *cmd != '\t')
			cmd++;
		if (*cmd)
			*cmd++ = '\0';
	}
}

static void run_command(struct dsh *sh, char *cmd)
{
	static char expanded[DSH_MAX_WORDS][DSH_LINE_MAX];
	char *argv[DSH_MAX_WORDS];
	int argc = split(cmd, argv);

	if (argc == 0)
		return;
	for (int i = 0; i < argc; i++) {
		expand(argv[i], sh->status, expanded[i], DSH_LINE_MAX);
		argv[i] = expanded[i];
	}
	for (unsigned i = 0; i < NCOMMANDS; i++) {
		if (strcmp(argv[0], commands[i].name) == 0) {
			sh->status = commands[i].fn(sh, argc, argv);
			return;
		}
	}
	say(sh, "%s: unknown command (try help)\n", argv[0]);
	sh->status = DSH_STATUS_NONE;
}

void dsh_run_line(struct dsh *sh, char *line)
{
	char *cmd = line, *end;

	while ((end = strchr(cmd, ';'))) {
		*end = '\0';
		run_command(sh, cmd);
		cmd = end + 1;
	}
	run_command(sh, cmd);
}

/* A line from the console without its newline; false on ^C and such. */
static bool read_line(struct dsh *sh, char *line)
{
	long n = console_read(&sh->con, line, DSH_LINE_MAX - 1);

	if (n == SLATE_ERR_INTERRUPTED) {
		console_take_events(&sh->con);
		say(sh, "\n");
		return false;
	}
	if (n == SLATE_ERR_PEER_CLOSED &&
	    console_reopen(&sh->con, sh->ipc, true) == SLATE_OK) {
		say(sh, "\n(the console was restarted)\n");
		return false;
	}
	if (n < 0) {
		printf("dsh: reading the console: %ld\n", n);
		exit(1);
	}
	if (n == 0) {
		say(sh, "\n(end of input: use poweroff or exit)\n");
		return false;
	}
	while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
		n--;
	line[n] = '\0';
	return true;
}

_Noreturn void dsh_loop(struct dsh *sh)
{
	static char line[DSH_LINE_MAX];

	say(sh, "Slate debug shell; type help for the commands.\n");
	for (;;) {
		say(sh, DSH_PROMPT);
		if (read_line(sh, line))
			dsh_run_line(sh, line);
	}
}
