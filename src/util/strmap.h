/*
 * strmap.h: a map from strings to unsigned values, open addressing.
 *
 * Keys are copied; lookups are by NUL-terminated string. Used where a run
 * meets many paths (the files of a container image's layers) and needs to
 * ask "seen before?" in constant time. The table grows by doubling and stays
 * under 3/4 full; memory is the keys plus two words per slot.
 */
#ifndef VOUCH_STRMAP_H
#define VOUCH_STRMAP_H

#include "util/compat.h"

struct strmap_slot {
	char *key; /* NULL = empty */
	unsigned value;
};

struct strmap {
	struct strmap_slot *slots;
	size_t cap; /* power of two, or 0 */
	size_t n;
};

#define STRMAP_INIT                                                                                \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}

/* The value stored for key, or NULL when absent. The pointer is valid until the next put. */
unsigned *strmap_get(const struct strmap *m, const char *key);
/* The same for a key given as (ptr, len), which need not be NUL-terminated. */
unsigned *strmap_getn(const struct strmap *m, const char *key, size_t len);

/* Sets key to value (adding it when absent) and returns the stored value's address. */
unsigned *strmap_put(struct strmap *m, const char *key, unsigned value);

void strmap_release(struct strmap *m);

#endif
