/* SPDX-License-Identifier: MIT */
/*
 * What the roles of svctest share: the check lines tools/test-all
 * reads, and the entry points of the roles in heal.c.
 */
#ifndef SVCTEST_H
#define SVCTEST_H

#include <stdbool.h>

/* Print "[svctest] PASS name" or "[svctest] FAIL name: why (got N)". */
void check(const char *name, bool ok, const char *why, long long got);

#define CHECK_EQ(name, expr, want)                                         \
	do {                                                               \
		long long got_ = (long long)(expr);                        \
		check(name, got_ == (long long)(want), #expr " != " #want, \
		      got_);                                               \
	} while (0)

/* heal.c: the supervisor's fault-injection test (heal.manifest). */
int run_heal_server(const char *name);
int run_healer(void);
int run_crashy(void);

/* mm.c: the memory manager's clients (test.manifest). */
int run_mmuser(void);
int run_mmpeer(void);
int run_mmhog(void);

#endif
