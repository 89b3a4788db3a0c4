/* SPDX-License-Identifier: MIT */
/* What the parts of libslate share with each other, and nobody else. */
#ifndef LIBSLATE_INTERNAL_H
#define LIBSLATE_INTERNAL_H

#include <stdio.h>

/*
 * Report a fatal error in the runtime itself ("libslate: ..." on the
 * debug log) and end the process with status. Takes no lock and
 * allocates nothing, so it works from inside malloc or printf.
 */
_Noreturn void libslate_fatal(int status, const char *fmt, ...)
    SLATE_PRINTF(2, 3);

/* Exit status of abort(), a failed assert and a smashed stack. */
#define LIBSLATE_ABORT_STATUS 134

#endif
