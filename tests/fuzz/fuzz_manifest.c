/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness: any byte string as a system manifest. Besides not
 * crashing, an accepted manifest must be self-consistent: the start
 * order is a permutation in which every dependency comes first.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../../servers/init/manifest.h"

static struct manifest m;

static void check_order(void)
{
	bool seen[MANIFEST_MAX_SERVICES] = {false};

	for (unsigned i = 0; i < m.count; i++) {
		const struct manifest_service *s = &m.service[m.order[i]];

		if (m.order[i] >= m.count || seen[m.order[i]])
			abort();
		seen[m.order[i]] = true;
		for (unsigned j = 0; j < s->after.count; j++) {
			const struct manifest_service *d =
			    manifest_find(&m, s->after.name[j]);

			if (!d || !seen[d - m.service])
				abort();
		}
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (manifest_parse(&m, (const char *)data, size))
		check_order();
	else if (m.nerrors == 0)
		abort();
	return 0;
}
