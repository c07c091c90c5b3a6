/*
 * ignore.h: ignore files, the findings a project has accepted, each with a
 * reason and an optional expiry date.
 *
 * A TOML document (docs/cmd/scan.md, "Ignore files"):
 *
 *     [[ignore]]
 *     id = "GHSA-xxxx-xxxx-xxxx"        # the finding's id or any alias
 *     package = "pkg:npm/lodash"        # optional purl; without version: all
 *     reason = "not reachable: ..."     # required
 *     expires = 2027-01-31              # optional, a date (or "2027-01-31")
 *
 *     struct ignore ig = IGNORE_INIT;
 *     ignore_load(&ig, ".vouchignore.toml");  // entries in error are kept in ig.errors
 *     scan_apply_ignore(&sc, &ig, today);     // after scan_apply_vex
 *     ignore_release(&ig);
 *
 * An entry applies to a finding when its id names the finding and its
 * package (if any) names the finding's package. Until its expiry day
 * (included) it suppresses the finding; after it, the finding stays reported
 * and a note says the entry expired. A finding already suppressed (by VEX or
 * an earlier entry) is left as it is, the entry counting as used. Entries that
 * matched nothing are noted too, so that stale ones get removed.
 */
#ifndef VOUCH_IGNORE_H
#define VOUCH_IGNORE_H

#include "util/compat.h"
#include "core/match/scan.h"

/* read from each folder that `vouch scan` is given, unless --ignore names files */
#define IGNORE_FILE_NAME ".vouchignore.toml"

#define IGNORE_MAX_SIZE    ((size_t)1 << 20)
#define IGNORE_MAX_ENTRIES 10000

struct ignore_entry {
	char *id;
	char *package; /* a purl, or NULL for every package */
	char *reason;
	char expires[11]; /* "YYYY-MM-DD" or "" */
	char *source;     /* "FILE:LINE" */
	size_t suppressed, expired_hits;
};

struct ignore {
	struct ignore_entry *e;
	size_t n, alloc;
	char **errors; /* "FILE:LINE: what": entries (or files) not used */
	size_t nerrors, aerrors;
};

#define IGNORE_INIT                                                                                \
	{                                                                                          \
		0                                                                                  \
	}

/*
 * Reads an ignore file. A file that cannot be read or parsed returns the
 * error (and nothing is added); an entry in error is left out with its
 * message in ig->errors and the others are kept.
 */
int ignore_load(struct ignore *ig, const char *path);
/* The same from memory; name is used in messages. */
int ignore_parse(struct ignore *ig, const char *data, size_t len, const char *name);

/* Applies the entries; today is "YYYY-MM-DD". Adds notes for expired and unused entries. */
void scan_apply_ignore(struct scan *sc, struct ignore *ig, const char *today);

void ignore_release(struct ignore *ig);

#endif
