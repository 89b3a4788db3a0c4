/* SPDX-License-Identifier: MIT */
/* What sltest and sltest-child agree on (tests/system/child/child.c). */
#ifndef SLTEST_CHILD_H
#define SLTEST_CHILD_H

#include <slate/start.h>

#define CHILD_PROGRAM        "sltest-child"
/* The same program linked position independent (static PIE). */
#define CHILD_PIE_PROGRAM    "sltest-pie"
/* env: exit status on success, plus the number of variables checked. */
#define CHILD_ENV_STATIC     100
#define CHILD_ENV_PIE        200
/* Where the loader puts a PIE (lib/spawn.c, SPAWN_PIE_BASE). */
#define CHILD_PIE_BASE       0x10000000ul
#define CHILD_START_ENDPOINT SLATE_START_USER /* serve: the endpoint */
#define CHILD_LABEL_SEQ      1                /* word 0: sequence number */
#define CHILD_LABEL_STOP     2 /* word 0: calls made; no reply, exit */

/* cow-write: the first word of page i of the VMO it is given. */
#define COW_WORD(i) (0xc0de000000000000ull + (i))

#endif
