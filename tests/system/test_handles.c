/* SPDX-License-Identifier: MIT */
/*
 * Handles and their rights (include/slate/rights.h): creating endpoints,
 * duplicating with fewer rights, and the promise that a duplicate never
 * has more rights than its source.
 */
#include <slate/sys.h>

#include "sltest.h"

SLTEST(endpoint_create)
{
	struct slate_handle_info a, b;
	slate_status_t h1 = slate_endpoint_create();
	slate_status_t h2 = slate_endpoint_create();

	SLTEST_CHECK(h1 > 0 && h2 > 0 && h1 != h2);
	SLTEST_CHECK_EQ(slate_handle_info((slate_handle_t)h1, &a), 0);
	SLTEST_CHECK_EQ(slate_handle_info((slate_handle_t)h2, &b), 0);
	SLTEST_CHECK_EQ(a.type, SLATE_OBJ_ENDPOINT);
	SLTEST_CHECK(a.koid != 0 && a.koid != b.koid);
	/* A new endpoint must at least be usable for both directions. */
	SLTEST_CHECK((a.rights & (SLATE_RIGHT_READ | SLATE_RIGHT_WRITE)) ==
		     (SLATE_RIGHT_READ | SLATE_RIGHT_WRITE));

	SLTEST_CHECK_EQ(slate_handle_close((slate_handle_t)h1), 0);
	SLTEST_CHECK_EQ(slate_handle_close((slate_handle_t)h1),
			SLATE_ERR_BAD_HANDLE);
	SLTEST_CHECK_EQ(slate_handle_info((slate_handle_t)h1, &a),
			SLATE_ERR_BAD_HANDLE);
	SLTEST_CHECK_EQ(slate_handle_close((slate_handle_t)h2), 0);
	return NULL;
}

SLTEST(duplicate_with_fewer_rights)
{
	const uint32_t fewer = SLATE_RIGHT_READ | SLATE_RIGHT_DUPLICATE;
	struct slate_handle_info orig, dup;
	slate_status_t ep = slate_endpoint_create();
	slate_status_t d, d2;

	SLTEST_CHECK(ep > 0);
	SLTEST_CHECK_EQ(slate_handle_info((slate_handle_t)ep, &orig), 0);
	if (!(orig.rights & SLATE_RIGHT_DUPLICATE))
		return sltest_fail("a new endpoint lacks the DUPLICATE right "
				   "(rights %#x)",
				   orig.rights);

	d = slate_handle_duplicate((slate_handle_t)ep, fewer);
	SLTEST_CHECK(d > 0 && d != ep);
	SLTEST_CHECK_EQ(slate_handle_info((slate_handle_t)d, &dup), 0);
	SLTEST_CHECK_EQ(dup.rights, fewer);
	SLTEST_CHECK_EQ(dup.type, orig.type);
	SLTEST_CHECK(dup.koid == orig.koid);

	/* Never more: WRITE is not in d's rights, so d cannot grant it. */
	d2 = slate_handle_duplicate((slate_handle_t)d,
				    SLATE_RIGHT_READ | SLATE_RIGHT_WRITE);
	SLTEST_CHECK(d2 < 0);
	d2 = slate_handle_duplicate((slate_handle_t)d, SLATE_RIGHT_READ);
	SLTEST_CHECK(d2 > 0);
	SLTEST_CHECK_EQ(slate_handle_info((slate_handle_t)d2, &dup), 0);
	SLTEST_CHECK_EQ(dup.rights, SLATE_RIGHT_READ);

	/* Without DUPLICATE, no copies at all. */
	SLTEST_CHECK(
	    slate_handle_duplicate((slate_handle_t)d2, SLATE_RIGHT_READ) < 0);

	/* Closing the original leaves the copies working. */
	SLTEST_CHECK_EQ(slate_handle_close((slate_handle_t)ep), 0);
	SLTEST_CHECK_EQ(slate_handle_info((slate_handle_t)d, &dup), 0);
	SLTEST_CHECK_EQ(slate_handle_close((slate_handle_t)d), 0);
	SLTEST_CHECK_EQ(slate_handle_close((slate_handle_t)d2), 0);
	return NULL;
}

SLTEST(duplicate_bad_handle)
{
	SLTEST_CHECK_EQ(slate_handle_duplicate(0, SLATE_RIGHT_READ),
			SLATE_ERR_BAD_HANDLE);
	SLTEST_CHECK_EQ(slate_handle_duplicate(12345, SLATE_RIGHT_READ),
			SLATE_ERR_BAD_HANDLE);
	return NULL;
}
