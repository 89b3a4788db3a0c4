/* SPDX-License-Identifier: MIT */
/* Applying the boot command line to the options the kernel declares. */
#define LOG_SUBSYS "cmdline"
#include <kernel/cmdline.h>
#include <kernel/log.h>

extern const struct cmdline_option __cmdline_options_start[];
extern const struct cmdline_option __cmdline_options_end[];

static void cmdline_warn(const char *word, const char *reason)
{
	log_warn("'%s': %s", word, reason);
}

void cmdline_apply(const char *line)
{
	size_t n = (size_t)(__cmdline_options_end - __cmdline_options_start);
	unsigned warnings;

	log_info("command line: \"%s\"", line);
	warnings =
	    cmdline_parse(line, __cmdline_options_start, n, cmdline_warn);
	if (warnings) {
		log_warn("%u problem(s) on the command line; known options:",
			 warnings);
		for (size_t i = 0; i < n; i++)
			log_warn("  %s", __cmdline_options_start[i].help);
	}
}
