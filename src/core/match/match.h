/*
 * match.h: is a version affected by an OSV affected[] entry? With the reason.
 *
 * The rules are the OSV schema's evaluation (docs "Evaluation"): a version is
 * affected when it equals one in `versions` or lies in any SEMVER or
 * ECOSYSTEM range; a range's events are sorted in the ecosystem's version
 * order ("0" as introduced is below every version, a limit of "*" above
 * every one), then walked: introduced (v >= it) opens, fixed (v >= it)
 * closes, last_affected (v > it) closes; limit events bound the range from
 * above (v must be below some limit when there is one). GIT ranges name
 * commits, not versions: they are skipped and counted in the notes.
 *
 * Versions are ordered by the ecosystem's scheme (core/version); both range
 * types use it, since OSV's SEMVER ranges appear only in ecosystems whose
 * own order is SemVer's (Go, npm, crates.io, ...). A version list entry
 * matches when the scheme says equal, or when the strings are identical.
 */
#ifndef VOUCH_MATCH_H
#define VOUCH_MATCH_H

#include "util/compat.h"
#include "util/buf.h"
#include "core/version/version.h"

#include <jansson.h>

/* Why a version is affected: the range and the events that bound it. */
struct match_why {
	int range;              /* index in ranges[], or -1 when the versions list matched */
	const char *type;       /* "SEMVER", "ECOSYSTEM", or NULL for the versions list */
	const char *introduced; /* the event that opened the interval ("0" for all) */
	const char *upper_kind; /* "fixed", "last_affected", "limit", or NULL (open above) */
	const char *upper;      /* its version */
	const char *listed;     /* the versions[] entry that matched */
};

/* What could not be evaluated, counted for the report. */
struct match_notes {
	size_t git_ranges;   /* GIT ranges skipped */
	size_t bad_events;   /* ranges skipped: an event is not a version of the scheme */
	size_t unordered;    /* ranges skipped: no version order known for the ecosystem */
	char first_bad[160]; /* the first such problem, for messages */
};

/*
 * Evaluates version (v, vlen) against one affected entry's ranges and
 * versions (either may be NULL). scheme may be NULL when the ecosystem has
 * no known order: then only the versions list (by string equality) is used
 * and ranges are counted as unordered. Sets *affected; fills *why (pointers
 * into ranges/versions) when affected. Returns 0, or ERR_PARSE when the
 * version itself is not one of the scheme (message says so).
 */
int match_entry(bool *affected, struct match_why *why, const struct version_scheme *scheme,
                const json_t *ranges, const json_t *versions, const char *v, size_t vlen,
                struct match_notes *notes);

/*
 * The fixed versions of an entry: every "fixed" event of its SEMVER and
 * ECOSYSTEM ranges, in order of appearance, each once. Returns a new
 * array of strings (json_decref).
 */
json_t *match_fixed_versions(const json_t *ranges);

/* A human explanation: "in range 0 (ECOSYSTEM): introduced 1.0, fixed 1.2.3". */
int match_explain(struct buf *out, const struct match_why *why);

#endif
