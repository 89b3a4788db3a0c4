/* SPDX-License-Identifier: MIT */
/* libFuzzer harness: any byte string as a kernel command line. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <kernel/cmdline.h>

static const char *accept_any(const char *v)
{
	unsigned long long n;

	return cmdline_parse_u64(v, &n) ? NULL : "not a number";
}

static void ignore(const char *word, const char *reason)
{
	(void)word;
	(void)reason;
}

static const struct cmdline_option opts[] = {
    {"a", accept_any, ""},
    {"log", accept_any, ""},
};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *line = malloc(size + 1);

	if (!line)
		return 0;
	memcpy(line, data, size);
	line[size] = '\0';
	cmdline_parse(line, opts, 2, ignore);
	free(line);
	return 0;
}
