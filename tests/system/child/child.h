/* SPDX-License-Identifier: MIT */
/* What sltest and sltest-child agree on (tests/system/child/child.c). */
#ifndef SLTEST_CHILD_H
#define SLTEST_CHILD_H

#include <slate/start.h>

#define CHILD_PROGRAM        "sltest-child"
#define CHILD_START_ENDPOINT SLATE_START_USER /* serve: the endpoint */
#define CHILD_LABEL_SEQ      1                /* word 0: sequence number */
#define CHILD_LABEL_STOP     2 /* word 0: calls made; no reply, exit */

#endif
