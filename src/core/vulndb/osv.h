/*
 * osv.h: OSV advisories (schema 1.7): validation, ecosystems and names.
 *
 * vouch keeps advisories as jansson values in the OSV JSON form; this module
 * decides whether one is valid and answers the questions the database and the
 * matcher ask of it. It does not allocate except where it says so.
 */
#ifndef VOUCH_OSV_H
#define VOUCH_OSV_H

#include "util/compat.h"
#include "util/buf.h"

#include <jansson.h>

/*
 * Checks doc against the OSV schema's rules (ossf/osv-schema
 * validation/schema.json): required id (with a known database prefix or
 * "x_") and modified; RFC 3339 UTC time-stamps; field types; affected
 * packages with a known ecosystem (an optional ":SUFFIX" kept as given),
 * ranges of type SEMVER, ECOSYSTEM or GIT with at least one introduced event,
 * each event exactly one of introduced, fixed, last_affected and limit,
 * fixed and last_affected never in the same range, GIT ranges with a repo
 * and full commit hashes; severity types and vector patterns; reference and
 * credit types; no affected[].severity beside a top-level severity.
 * Returns 0 or ERR_PARSE with "what is wrong" (the caller adds the file name).
 */
int osv_validate(const json_t *doc);

/* A range of type GIT that breaks the schema, as osv_validate_lenient() found it. */
struct osv_git_drop {
	size_t affected, range; /* its place in the document as given */
	char *why;              /* e.g. "events[1].fixed: 'cb35df940a' is not a full commit hash" */
};

struct osv_git_drops {
	struct osv_git_drop *v;
	size_t n, alloc;
};

#define OSV_GIT_DROPS_INIT                                                                         \
	{                                                                                          \
		NULL, 0, 0                                                                         \
	}

/*
 * As osv_validate(), except that a range whose type is "GIT" and that breaks
 * the schema (a short or decorated commit hash, no repo, ...) does not make
 * the advisory invalid: it is appended to out (empty on entry), and the rest
 * of the document is checked as usual. vouch never matches commits, so such a
 * range carries nothing a scan could use. Returns 0 when everything outside
 * those ranges is valid (out->n of them then to leave out, see
 * osv_without_ranges), or ERR_PARSE as osv_validate() does, out then holding
 * whatever was found before the error. out is released by the caller.
 */
int osv_validate_lenient(struct osv_git_drops *out, const json_t *doc);
void osv_git_drops_release(struct osv_git_drops *d);

/*
 * A deep copy of doc (valid for osv_validate_lenient, which filled drops)
 * without the ranges in drops; every other member is kept as it is. The
 * caller owns the result (json_decref).
 */
json_t *osv_without_ranges(const json_t *doc, const struct osv_git_drops *drops);

/* The length of the ecosystem's base name: "Debian:12" -> 6 ("Debian"). */
size_t osv_ecosystem_base_len(const char *ecosystem);

/* True when base (len n) is an ecosystem the OSV schema defines. */
bool osv_ecosystem_known(const char *base, size_t n);

/*
 * Appends the name as the database indexes it for the base ecosystem:
 * PEP 503 for PyPI (lower case, runs of "-_." as one "-"); lower case for
 * NuGet, Packagist and crates.io (whose registries treat names case-
 * insensitively; crates.io also treats '_' and '-' as the same); as given
 * for every other ecosystem (npm, Go, Maven, RubyGems, OS packages, ...).
 */
int osv_normalize_name(struct buf *out, const char *base, size_t baselen, const char *name,
                       size_t namelen);

/*
 * A sortable key for an RFC 3339 UTC time-stamp ("2023-11-07T20:24:23.9Z"
 * -> "2023-11-07T20:24:23.900000000"), so that fractions compare correctly
 * as text. out must hold 30 bytes. Returns false when ts is not of that form.
 */
bool osv_time_key(char out[30], const char *ts);

/* True when ts is "YYYY-MM-DDTHH:MM:SS[.fraction]Z". */
bool osv_timestamp_valid(const char *ts);

#endif
