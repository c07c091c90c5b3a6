/*
 * report.h: scan results as JSON (vouch's own shape, design.md), SARIF 2.1.0
 * and CycloneDX 1.6 with vulnerabilities (a VDR). The table is the command's.
 *
 * Output is deterministic: packages and findings in the scan's order, keys
 * in a fixed order, the time-stamp from SOURCE_DATE_EPOCH when set.
 */
#ifndef VOUCH_REPORT_H
#define VOUCH_REPORT_H

#include "util/compat.h"
#include "util/buf.h"
#include "core/match/scan.h"

struct report_meta {
	const char *tool_version;
	const char *db_path;
	const char *db_updated;     /* last import, or NULL */
	const char *db_newest;      /* newest advisory 'modified', or NULL */
	int64_t db_age_days;        /* -1 when unknown */
	const char *now;            /* RFC 3339 */
	const char *const *targets; /* what was scanned */
	size_t ntargets;
};

int report_json(struct buf *out, const struct scan *sc, const struct report_meta *m);
int report_sarif(struct buf *out, const struct scan *sc, const struct report_meta *m);
int report_cyclonedx(struct buf *out, const struct scan *sc, const struct report_meta *m);

/* "9.8" for 98; "" for a negative score. out: 5 bytes. */
void report_score(char out[5], int score10);

#endif
