/*
 * epoch.h: the time that goes into outputs, honouring SOURCE_DATE_EPOCH.
 *
 * Reproducible builds (reproducible-builds.org/specs/source-date-epoch/):
 * when SOURCE_DATE_EPOCH is set, it is the current time for every time-stamp
 * vouch writes, so the same input gives the same bytes.
 */
#ifndef VOUCH_EPOCH_H
#define VOUCH_EPOCH_H

#include "util/compat.h"

/*
 * Seconds since 1970 UTC: SOURCE_DATE_EPOCH when set (a decimal integer up to
 * 253402300799, i.e. 9999-12-31T23:59:59Z), else time(). A set but malformed
 * variable is ERR_USAGE with a message naming it.
 */
int epoch_now(int64_t *out);

/* Writes t as RFC 3339 UTC "YYYY-MM-DDThh:mm:ssZ" and a NUL (21 bytes). */
#define EPOCH_RFC3339_LEN 21
int epoch_rfc3339(char out[EPOCH_RFC3339_LEN], int64_t t);

/* Reads that exact form back (ERR_PARSE for anything else, the message quoting s). */
int epoch_parse_rfc3339(int64_t *out, const char *s);

#endif
