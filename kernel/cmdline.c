/* SPDX-License-Identifier: MIT */
/*
 * Parsing the kernel command line. The parser is pure (it also runs in
 * the host unit tests and under the fuzzer); cmdline_apply() feeds it the
 * options the kernel's subsystems declared with CMDLINE_OPTION().
 */
#include <kernel/cmdline.h>
#include <kernel/string.h>

static const struct cmdline_option *
cmdline_find(const char *name, const struct cmdline_option *opts, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (strcmp(opts[i].name, name) == 0)
			return &opts[i];
	}
	return NULL;
}

/* Handle one word, already copied and terminated; returns warnings. */
static unsigned cmdline_word(const char *word,
			     const struct cmdline_option *opts, size_t nopts,
			     cmdline_warn_t warn)
{
	const struct cmdline_option *opt;
	char name[CMDLINE_WORD_MAX];
	char *eq;
	const char *value = "";
	const char *why;

	/* Warnings quote the whole word, value included. */
	memcpy(name, word, strlen(word) + 1);
	eq = strchr(name, '=');
	if (eq) {
		*eq = '\0';
		value = eq + 1;
	}
	if (name[0] == '\0') {
		warn(word, "option with an empty name");
		return 1;
	}
	opt = cmdline_find(name, opts, nopts);
	if (!opt) {
		warn(word, "unknown option, ignored");
		return 1;
	}
	why = opt->handler(value);
	if (why) {
		warn(word, why);
		return 1;
	}
	return 0;
}

unsigned cmdline_parse(const char *line, const struct cmdline_option *opts,
		       size_t nopts, cmdline_warn_t warn)
{
	char word[CMDLINE_WORD_MAX];
	unsigned warnings = 0;

	while (*line) {
		size_t len = 0;

		while (*line == ' ' || *line == '\t' || *line == '\n')
			line++;
		if (!*line)
			break;
		while (line[len] && line[len] != ' ' && line[len] != '\t' &&
		       line[len] != '\n')
			len++;
		if (len >= sizeof(word)) {
			warn("(long word)", "word too long, ignored");
			warnings++;
		} else {
			memcpy(word, line, len);
			word[len] = '\0';
			warnings += cmdline_word(word, opts, nopts, warn);
		}
		line += len;
	}
	return warnings;
}

bool cmdline_parse_u64(const char *s, unsigned long long *out)
{
	unsigned long long v = 0;
	unsigned base = 10;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	if (!*s)
		return false;
	for (; *s; s++) {
		unsigned d;

		if (*s >= '0' && *s <= '9')
			d = *s - '0';
		else if (base == 16 && *s >= 'a' && *s <= 'f')
			d = *s - 'a' + 10;
		else if (base == 16 && *s >= 'A' && *s <= 'F')
			d = *s - 'A' + 10;
		else
			return false;
		if (v > (~0ull - d) / base)
			return false;
		v = v * base + d;
	}
	*out = v;
	return true;
}
