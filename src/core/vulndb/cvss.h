/*
 * cvss.h: CVSS vector parsing and scoring, versions 2.0, 3.0, 3.1 and 4.0.
 *
 *     struct cvss c;
 *     if (cvss_parse(&c, "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", n, 0) < 0)
 *             ... err_msg() says what is wrong with the vector ...
 *     printf("%d.%d %s\n", c.score10 / 10, c.score10 % 10, cvss_severity_name(c.severity));
 *
 * Scores:
 * - 2.0: the base score of the CVSS v2 guide (section 3.2.1); temporal and
 *   environmental metrics are parsed and validated, not scored.
 * - 3.0 and 3.1: the base score, with each version's own Roundup (3.0: the
 *   smallest tenth not below the value; 3.1: the integer-arithmetic Roundup
 *   of the 3.1 specification, Appendix A). Temporal and environmental metrics
 *   are parsed and validated, not scored.
 * - 4.0: the CVSS-B/BT/BE/BTE score of the 4.0 specification (section 8):
 *   every metric (base, threat, environmental, supplemental) is parsed, the
 *   modified metrics and the threat metric take part, through the MacroVector
 *   lookup table and the interpolation by severity distances.
 *
 * Parsing is strict: the prefix ("CVSS:3.0/", "CVSS:3.1/", "CVSS:4.0/"; v2
 * vectors have none), every mandatory metric present, no metric twice, no
 * unknown metric or value, and metrics in the order of the specification's
 * table. CVSS_ANY_ORDER accepts the metrics in any order (still no
 * duplicates): real advisories carry such vectors, and the score does not
 * depend on the order. v2 temporal and environmental groups are all-or-none.
 * Vectors longer than CVSS_MAX_LEN are refused.
 */
#ifndef VOUCH_CVSS_H
#define VOUCH_CVSS_H

#include "util/compat.h"

#define CVSS_MAX_LEN 512

enum cvss_version {
	CVSS_V2 = 20,
	CVSS_V30 = 30,
	CVSS_V31 = 31,
	CVSS_V40 = 40,
};

/* Ordered: a larger value is more severe. */
enum cvss_severity {
	CVSS_SEV_UNKNOWN = 0,
	CVSS_SEV_NONE,
	CVSS_SEV_LOW,
	CVSS_SEV_MEDIUM,
	CVSS_SEV_HIGH,
	CVSS_SEV_CRITICAL,
};

enum cvss_flags {
	CVSS_ANY_ORDER = 1 << 0,
	/*
	 * Only checks that every METRIC:VALUE token is one the version defines
	 * (what the OSV schema's patterns for CVSS_V2 and CVSS_V3 require): no
	 * order, duplicate or mandatory-metric checks, and no score (*out is
	 * then left untouched).
	 */
	CVSS_TOKENS_ONLY = 1 << 1,
};

struct cvss {
	enum cvss_version version;
	int score10; /* the score in tenths: 98 for 9.8 */
	enum cvss_severity severity;
};

/*
 * Parses and scores the vector (s, len). 0 on success; ERR_PARSE with the
 * reason ("'CVSS:3.1/AV:X': ...") for a vector that is not valid; *out is
 * untouched then.
 */
int cvss_parse(struct cvss *out, const char *s, size_t len, unsigned flags);

/*
 * The qualitative rating of a score (tenths) for a version: 3.x and 4.0 use
 * the specifications' table (0.0 NONE, 0.1-3.9 LOW, 4.0-6.9 MEDIUM,
 * 7.0-8.9 HIGH, 9.0-10.0 CRITICAL); 2.0 has none of its own and uses NVD's
 * (0.0-3.9 LOW, 4.0-6.9 MEDIUM, 7.0-10.0 HIGH).
 */
enum cvss_severity cvss_severity_of(enum cvss_version v, int score10);

/* "NONE", "LOW", "MEDIUM", "HIGH", "CRITICAL" ("UNKNOWN" for 0). */
const char *cvss_severity_name(enum cvss_severity s);
/* The same in lower case, for JSON and command-line levels. */
const char *cvss_severity_lname(enum cvss_severity s);
/* Parses a level name in either case; CVSS_SEV_UNKNOWN when not one. "moderate" is MEDIUM. */
enum cvss_severity cvss_severity_parse(const char *s, size_t len);

#endif
