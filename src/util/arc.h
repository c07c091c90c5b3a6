/*
 * arc.h: what every reader of libarchive needs alike.
 */
#ifndef VOUCH_ARC_H
#define VOUCH_ARC_H

#include "util/compat.h"

#include <archive.h>

/*
 * Whether archive_read_next_header() gave an entry to read: ARCHIVE_WARN
 * gives one too (a member name that cannot be converted to the locale's
 * character set, a pax header libarchive does not know). Stopping there
 * dropped every member after a name like "résumé.txt".
 */
static inline bool arc_header_ok(int r)
{
	return r == ARCHIVE_OK || r == ARCHIVE_WARN;
}

/* libarchive's message for its last error, never NULL (it has none for some damage). */
static inline const char *arc_error(struct archive *a)
{
	const char *s = archive_error_string(a);

	return s && *s ? s : "damaged archive (libarchive gives no reason)";
}

#endif
