/* SPDX-License-Identifier: MIT */
/*
 * libFuzzer harness for the console line discipline: bytes typed, with
 * some input bytes turned into mode changes and reads, must keep every
 * invariant of struct ldisc.
 */
#include <stdint.h>
#include <stdlib.h>

#include "../../drivers/console/ldisc.h"

static struct ldisc ld;

static void check(void)
{
	if (ld.ready > ld.len || ld.len > LDISC_BUF_SIZE ||
	    ld.nlines > LDISC_MAX_LINES || ld.echo_len > LDISC_ECHO_MAX)
		abort();
	for (unsigned i = 0; i < ld.nlines; i++)
		if (ld.line_end[i] > ld.ready ||
		    (i && ld.line_end[i] < ld.line_end[i - 1]))
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint8_t out[LDISC_BUF_SIZE];

	ldisc_init(&ld);
	for (size_t i = 0; i < size; i++) {
		/* 0xfe: a read of the next byte's size; 0xff: a new mode. */
		if (data[i] == 0xfe && i + 1 < size) {
			long n = ldisc_read(&ld, out, data[++i]);

			if (n > (long)data[i] || n < -1)
				abort();
		} else if (data[i] == 0xff && i + 1 < size) {
			ldisc_set_mode(&ld, data[++i]);
		} else {
			ldisc_input(&ld, data[i]);
		}
		check();
	}
	return 0;
}
