/*
 * sarif_read.h: reading SARIF 2.1.0 logs written by any analyser (clang's
 * static analyser, CodeQL, semgrep, cppcheck, eslint, vouch itself).
 *
 * Each result is reduced to what an assessment needs: its tool, rule,
 * effective level, message, first location, and whether it is still open.
 * The level follows SARIF 2.1.0 §3.27.10: the result's own `level`; else
 * "none" when its `kind` is not "fail"; else its rule's
 * defaultConfiguration.level (found by ruleIndex or ruleId in the driver's
 * rules); else "warning". A result is open unless it is suppressed (a
 * suppression whose status is absent or "accepted"; "underReview" and
 * "rejected" ones do not count, §3.35.3) or its baselineState is "absent"
 * (it was fixed), or its level is "none".
 *
 * The CWE ids of a result are gathered from every place analysers put them:
 * the result's taxa and its rule's relationships of kind "equal" or
 * "superset" (§3.27.8, §3.49.15, §3.53) that refer to a taxonomy named
 * "CWE" (by toolComponent name, or by index into run.taxonomies), the taxon
 * given by id ("79", "CWE-79") or by index into that taxonomy's taxa; and
 * the tags of the rule's and the result's property bags (§3.8.2): CodeQL's
 * "external/cwe/cwe-079", semgrep's "CWE-89: Improper Neutralization...",
 * and a "cwe" property ("CWE-79" or an array of them). At most
 * SARIF_MAX_CWE distinct ids a result, in the order found.
 *
 * Bounds: the document is at most SARIF_READ_MAX_SIZE bytes (callers pass
 * it; sarif_read_file enforces it), at most SARIF_READ_MAX_RESULTS results
 * in all (ERR_TOOBIG beyond), strings kept are cut at 1000 bytes. A log
 * whose version is not 2.1.0 is ERR_UNSUPPORTED; a malformed one ERR_PARSE,
 * "NAME: what".
 */
#ifndef VOUCH_SARIF_READ_H
#define VOUCH_SARIF_READ_H

#include "util/compat.h"

#define SARIF_READ_MAX_SIZE    ((size_t)256 << 20)
#define SARIF_READ_MAX_RESULTS 1000000
#define SARIF_MAX_CWE          8

enum sarif_level { SARIF_NONE, SARIF_NOTE, SARIF_WARNING, SARIF_ERROR };

struct sarif_item {
	size_t run; /* index in log->runs */
	char *rule; /* ruleId (or the rule's id), or NULL */
	enum sarif_level level;
	char *message; /* message.text, or "(message NAME)" for a message id */
	char *path;    /* the first location's artifact URI, or NULL */
	size_t line;   /* its region.startLine, or 0 */
	bool suppressed;
	bool absent;                 /* baselineState "absent": fixed since the baseline */
	bool open;                   /* counts: not suppressed, not absent, level above none */
	unsigned cwe[SARIF_MAX_CWE]; /* CWE ids (79 for CWE-79) */
	unsigned ncwe;
};

struct sarif_run_info {
	char *tool;     /* tool.driver.name */
	char *version;  /* tool.driver.semanticVersion or version, or NULL */
	size_t results; /* of this run */
};

struct sarif_log {
	struct sarif_item *v;
	size_t n, alloc;
	struct sarif_run_info *runs;
	size_t nruns;
};

#define SARIF_LOG_INIT                                                                             \
	{                                                                                          \
		NULL, 0, 0, NULL, 0                                                                \
	}

/* Appends the results of len bytes of SARIF (named name in errors) to *out. */
int sarif_read(struct sarif_log *out, const char *data, size_t len, const char *name);
int sarif_read_file(struct sarif_log *out, const char *path);
void sarif_log_release(struct sarif_log *log);

/* "error", "warning", "note" or "none"; and back (-1 when not one of them). */
const char *sarif_level_name(enum sarif_level l);
int sarif_level_parse(const char *s);

#endif
