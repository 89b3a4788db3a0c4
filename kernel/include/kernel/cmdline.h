/* SPDX-License-Identifier: MIT */
/*
 * The kernel command line: space-separated "name" or "name=value" words.
 * Each subsystem declares its own options with CMDLINE_OPTION(); an unknown
 * name or a value its handler rejects produces a warning, never a stop.
 */
#ifndef KERNEL_CMDLINE_H
#define KERNEL_CMDLINE_H

#include <stdbool.h>
#include <stddef.h>

/* Returns NULL if the value is accepted, else a reason for the warning. */
typedef const char *(*cmdline_handler_t)(const char *value);

struct cmdline_option {
	const char *name;
	cmdline_handler_t handler;
	const char *help;
};

typedef void (*cmdline_warn_t)(const char *word, const char *reason);

/*
 * Parse line against opts, calling each handler with the value ("" for a
 * bare word). Words longer than CMDLINE_WORD_MAX are refused with a
 * warning. Returns the number of warnings.
 */
#define CMDLINE_WORD_MAX 128
unsigned cmdline_parse(const char *line, const struct cmdline_option *opts,
		       size_t nopts, cmdline_warn_t warn);

/* Parse a decimal or 0x-hex unsigned number; false on junk or overflow. */
bool cmdline_parse_u64(const char *s, unsigned long long *out);

#define CMDLINE_OPTION(id, name_, handler_, help_)                            \
	static const struct cmdline_option cmdline_opt_##id                   \
	    __attribute__((used, section("cmdline_options"), aligned(8))) = { \
		.name = (name_),                                              \
		.handler = (handler_),                                        \
		.help = (help_),                                              \
	}

/* Parse the boot command line against every CMDLINE_OPTION in the kernel. */
void cmdline_apply(const char *line);

#endif
