/*
 * csaf.h: checking a CSAF 2.0 document (OASIS Common Security Advisory
 * Framework Version 2.0, section 6.1 "Mandatory Tests" and the structure the
 * JSON schema requires).
 *
 *     struct csaf_report r = CSAF_REPORT_INIT;
 *     csaf_check(&r, doc);          // doc: a parsed JSON value
 *     for (size_t i = 0; i < r.n; i++)
 *             printf("%s %s at %s\n", r.v[i].test, r.v[i].msg, r.v[i].path);
 *     csaf_report_release(&r);
 *
 * Every finding names its test ("6.1.1", "6.1.27.9", or "schema" for a
 * structural fault the CSAF JSON schema rejects), the JSON pointer of the
 * value concerned and a lower-case message. A finding with warning set is a
 * note that does not fail the document (e.g. a CWE id whose name vouch cannot
 * check because it is not in its table).
 *
 * What is not checked, and says so as a warning when it matters: 6.1.9's
 * environmental score of CVSS v2 (v2 base and temporal scores, and every v3.0
 * and v3.1 score and severity, are recomputed); 6.1.11 for CWE ids outside the built-in table (the most used
 * weaknesses); 6.1.12's subtags after the primary language (syntax only).
 * The schema check is structural (the required members, their types and
 * enumerations), not a general JSON Schema validator.
 *
 * Limits: at most CSAF_MAX_FINDINGS findings are kept (the last says that
 * more were dropped); product-tree branches deeper than CSAF_MAX_DEPTH are a
 * schema finding and not followed.
 */
#ifndef VOUCH_CSAF_H
#define VOUCH_CSAF_H

#include "util/compat.h"
#include <jansson.h>

#define CSAF_MAX_FINDINGS 1000
#define CSAF_MAX_DEPTH    64

struct csaf_finding {
	char *test; /* "6.1.1" ... or "schema" */
	char *path; /* JSON pointer, "" for the whole document */
	char *msg;
	bool warning;
};

struct csaf_report {
	struct csaf_finding *v;
	size_t n, alloc;
	size_t nerrors; /* findings that are not warnings */
	bool truncated;
};

#define CSAF_REPORT_INIT                                                                           \
	{                                                                                          \
		NULL, 0, 0, 0, false                                                               \
	}

/*
 * Runs every mandatory test and the structural schema check on doc, adding
 * findings to *out (which may already hold some). Returns 0; the document
 * passes when out->nerrors is 0.
 */
int csaf_check(struct csaf_report *out, const json_t *doc);

/* True when the report has an error finding for test (e.g. "6.1.14"). */
bool csaf_report_fails(const struct csaf_report *r, const char *test);

void csaf_report_release(struct csaf_report *r);

/*
 * True when tag is a well-formed RFC 5646 language tag whose two-letter primary
 * language (if any) is an ISO 639-1 code; grandfathered tags are accepted.
 */
bool csaf_language_valid(const char *tag);

/* The CWE list's name for id ("CWE-787"), from the table 6.1.11 uses, or NULL when not in it. */
const char *csaf_cwe_name(const char *id);

#endif
