/*
 * advisory.h: a vendor's security advisory, authored once (TOML or JSON) and
 * written as CSAF 2.0, OSV and OpenVEX.
 *
 *     struct advisory a = ADVISORY_INIT;
 *     if (advisory_load(&a, "advisories/LSA-2026-001.toml") < 0)
 *             ... err_msg(): "LSA-2026-001.toml:7: 'cvss': ..." ...
 *     advisory_csaf(&out, &a, "https://example.com/.well-known/csaf");
 *     advisory_release(&a);
 *
 * The input (docs/cmd/advisory.md lists the keys): id, title, description,
 * product, vendor (or [publisher] name), [publisher] namespace, the version
 * lists affected / fixed / unaffected, and optionally purl, ecosystem, cve,
 * cwe (+ cwe_name), cvss (a v3.0/v3.1 or v2 vector, scored by cvss.c),
 * remediation, acknowledgements, the dates reported, fix_released and
 * published (a TOML date or date-time; in JSON a "YYYY-MM-DD" or RFC 3339
 * string), and [[revision]] tables (date, summary) for each later update,
 * in date order, none before published (at most ADVISORY_MAX_REVISIONS). Unknown keys, wrong types, a version in two lists, a fix released
 * before the report or an advisory before the fix are errors naming the file
 * and (for TOML) the line. Limits: ADVISORY_MAX_SIZE bytes of input,
 * ADVISORY_MAX_VERSIONS versions in all, ADVISORY_MAX_STRING bytes a string.
 */
#ifndef VOUCH_ADVISORY_H
#define VOUCH_ADVISORY_H

#include "util/compat.h"
#include "core/vulndb/cvss.h"
#include "util/buf.h"

#define ADVISORY_MAX_SIZE      ((size_t)1 << 20)
#define ADVISORY_MAX_VERSIONS  4096
#define ADVISORY_MAX_STRING    ((size_t)64 << 10)
#define ADVISORY_MAX_REVISIONS 1000

struct advisory_list {
	char **v;
	size_t n;
};

struct advisory {
	char *source; /* the file it was read from */
	char *id, *title, *description, *product, *vendor, *purl, *ecosystem;
	char *cve, *cwe, *cwe_name, *cvss_vector, *remediation;
	char *publisher_name, *publisher_namespace, *publisher_category;
	struct advisory_list affected, fixed, unaffected, acks;
	struct cvss cvss;                          /* when cvss_vector */
	int64_t reported, fix_released, published; /* seconds since the epoch, -1 when absent */
	/* updates after the first release ([[revision]] date, summary): revisions 2, 3... */
	struct advisory_revision {
		int64_t date;
		char *summary;
	} * revisions;
	size_t nrevisions;
};

/* The date of the latest release of the advisory: the last revision's, else published. */
int64_t advisory_current(const struct advisory *a);

#define ADVISORY_INIT                                                                              \
	{                                                                                          \
		.reported = -1, .fix_released = -1, .published = -1                                \
	}

/* Reads path (TOML unless it ends in ".json") into *out. 0, or an error naming file and line. */
int advisory_load(struct advisory *out, const char *path);
/* The same from memory; name is for messages and decides the format as for a path. */
int advisory_parse(struct advisory *out, const char *data, size_t len, const char *name);
/* The same with a vendor for advisories that name neither vendor nor publisher.name. */
int advisory_load_vendor(struct advisory *out, const char *path, const char *default_vendor);
int advisory_parse_vendor(struct advisory *out, const char *data, size_t len, const char *name,
                          const char *default_vendor);
void advisory_release(struct advisory *a);

/* The CSAF file name of the advisory: its id in lower case, other than [+-a-z0-9] as '_', ".json". */
int advisory_csaf_name(struct buf *out, const struct advisory *a);
/* The year (UTC) of the published date, for the provider's year folders. */
int advisory_year(const struct advisory *a);

/*
 * The documents, pretty JSON with a final newline. base_url is where the
 * provider folder is served (no trailing '/'); the CSAF document's self
 * reference is base_url/YEAR/NAME. now is the generation time.
 */
int advisory_csaf(struct buf *out, const struct advisory *a, const char *base_url, int64_t now);
/*
 * The OSV id: the OSV schema admits the registered databases' prefixes and "x_" for
 * others, so a vendor's id is written "x_ID" (unchanged when it starts with "x_").
 */
int advisory_osv_id(struct buf *out, const struct advisory *a);
/* OSV; ERR_UNSUPPORTED when the advisory names neither an ecosystem nor a purl that maps to one. */
int advisory_osv(struct buf *out, const struct advisory *a, const char *base_url);
/* OpenVEX v0.2.0: not_affected for each unaffected release, fixed for each fixed one. */
int advisory_openvex(struct buf *out, const struct advisory *a, const char *base_url, int64_t now);

/*
 * The timing record (JSON object members appended to an open jw object by the
 * caller is not needed: a whole object): id, dates, days from report to fix
 * and from fix to advisory (null when a date is missing).
 */
struct jw;
void advisory_timing(struct jw *w, const struct advisory *a);

#endif
