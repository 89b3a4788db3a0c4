/* SPDX-License-Identifier: MIT */
/*
 * The name service protocol (docs/services.md). Services publish
 * endpoints under names and find each other's by name; which service may
 * register or look up which name is what the system manifest says, and
 * the name service enforces it by the badge of the caller's handle.
 *
 * Every request goes through the server skeleton (<slate/server.h>): the
 * label is the operation, the reply's label the status. A name travels
 * in SLATE_NAMES_WORDS words, SLATE_NAMES_MAX bytes packed little-endian
 * (byte i is bits 8*(i%8) .. 8*(i%8)+7 of word i/8), padded with zero
 * bytes; a name of exactly SLATE_NAMES_MAX bytes has no terminator.
 */
#ifndef SLATE_NAMES_H
#define SLATE_NAMES_H

#include <stdbool.h>
#include <stddef.h>

#include <slate/types.h>

#define SLATE_NAMES_MAX   24 /* bytes in a name, no terminator needed */
#define SLATE_NAMES_WORDS 3  /* words that carry one */

_Static_assert(SLATE_NAMES_MAX == SLATE_NAMES_WORDS * sizeof(uint64_t),
	       "a name fills its words exactly");
_Static_assert(SLATE_NAMES_WORDS + 1 <= 4,
	       "a name and one more word fit the message registers");

/*
 * Operations. Words are listed in order; "name" is SLATE_NAMES_WORDS
 * words. Errors common to all: SLATE_ERR_INVALID for a malformed name
 * (empty, a zero byte followed by a non-zero one, a byte outside
 * printable ASCII) or a missing word.
 */
enum slate_names_op {
	/*
	 * name, and one handle: an endpoint with WRITE and DUPLICATE and
	 * without READ (the name service must never receive your calls).
	 * Publishes it under name, replacing what was there (a restarted
	 * server registers again). SLATE_ERR_ACCESS: the caller may not
	 * register name. SLATE_ERR_INVALID: no handle, not an endpoint,
	 * or the wrong rights. SLATE_ERR_NO_MEMORY: the table is full.
	 */
	SLATE_NAMES_REGISTER = 1,
	/*
	 * name. Replies with one handle: a copy of the registered endpoint
	 * with WRITE and TRANSFER only, so the caller can call it (and
	 * pass it on) but never receive on it. SLATE_ERR_ACCESS: the
	 * caller may not look name up (checked first, so the answer says
	 * nothing about names it may not see). SLATE_ERR_NOT_FOUND:
	 * nobody registered it (yet).
	 */
	SLATE_NAMES_LOOKUP = 2,
	/*
	 * name. Withdraws it; only the badge that registered it may.
	 * SLATE_ERR_ACCESS otherwise, SLATE_ERR_NOT_FOUND if unregistered.
	 */
	SLATE_NAMES_UNREGISTER = 3,
	/*
	 * badge, name: from now on the service whose handle carries badge
	 * may register (ALLOW_REGISTER) or look up (ALLOW_LOOKUP) name.
	 * Only the unbadged handle init keeps may grant (SLATE_ERR_ACCESS
	 * otherwise); badge 0 is refused (SLATE_ERR_INVALID).
	 * SLATE_ERR_NO_MEMORY: the table is full.
	 */
	SLATE_NAMES_ALLOW_REGISTER = 16,
	SLATE_NAMES_ALLOW_LOOKUP = 17,
};

/*
 * Pack a NUL-terminated name into words. Returns false (words zeroed)
 * if it is empty or longer than SLATE_NAMES_MAX bytes.
 */
static inline bool slate_names_pack(const char *name,
				    uint64_t words[SLATE_NAMES_WORDS])
{
	size_t i;

	for (i = 0; i < SLATE_NAMES_WORDS; i++)
		words[i] = 0;
	for (i = 0; name[i]; i++) {
		if (i == SLATE_NAMES_MAX) {
			for (size_t j = 0; j < SLATE_NAMES_WORDS; j++)
				words[j] = 0;
			return false;
		}
		words[i / 8] |= (uint64_t)(uint8_t)name[i] << (8 * (i % 8));
	}
	return i > 0;
}

/*
 * Unpack words into out (SLATE_NAMES_MAX + 1 bytes, NUL-terminated).
 * Returns false for a malformed name (see above).
 */
static inline bool slate_names_unpack(const uint64_t words[SLATE_NAMES_WORDS],
				      char out[SLATE_NAMES_MAX + 1])
{
	bool ended = false;

	for (size_t i = 0; i < SLATE_NAMES_MAX; i++) {
		uint8_t c = (uint8_t)(words[i / 8] >> (8 * (i % 8)));

		if (ended && c)
			return false;
		if (!c)
			ended = true;
		else if (c < 0x21 || c > 0x7e)
			return false;
		out[i] = (char)c;
	}
	out[SLATE_NAMES_MAX] = 0;
	return out[0] != 0;
}

#endif
