/* SPDX-License-Identifier: MIT */
/* What sltest and sltest-child agree on (tests/system/child/child.c). */
#ifndef SLTEST_CHILD_H
#define SLTEST_CHILD_H

#include <slate/start.h>

#define CHILD_PROGRAM        "sltest-child"
#define CHILD_START_ENDPOINT SLATE_START_USER /* serve: the endpoint */
#define CHILD_LABEL_SEQ      1                /* word 0: sequence number */
#define CHILD_LABEL_STOP     2 /* word 0: calls made; no reply, exit */

/* cow-write: the first word of page i of the VMO it is given. */
#define COW_WORD(i) (0xc0de000000000000ull + (i))

#endif
