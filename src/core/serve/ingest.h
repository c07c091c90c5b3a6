/*
 * ingest.h: what the server accepts, checked and recorded in the store.
 *
 * Every upload names a product and a release version (from the URL); the
 * product and release rows are created on first use. Each function runs in
 * one transaction: a rejected upload leaves nothing behind. Rejections are
 * ERR_PARSE (malformed), ERR_TOOBIG (a cap), ERR_USAGE (a document about
 * another product), with a message naming what is wrong.
 *
 * Caps: INGEST_MAX_* below; the body itself is capped by the server.
 */
#ifndef VOUCH_INGEST_H
#define VOUCH_INGEST_H

#include "util/compat.h"
#include "core/store/store.h"

#define INGEST_MAX_CLAIMS     2000
#define INGEST_MAX_COMPONENTS 200000
#define INGEST_MAX_FINDINGS   200000
#define INGEST_MAX_NAME       128

enum upload_kind {
	UPLOAD_UNKNOWN = 0,
	UPLOAD_ASSESSMENT, /* vouch assess --format json */
	UPLOAD_SBOM,       /* CycloneDX or SPDX JSON */
	UPLOAD_SCAN,       /* vouch scan --format json */
	UPLOAD_BUNDLE,     /* a .vouch assurance bundle (issue 15) */
	UPLOAD_VEX,        /* an OpenVEX or CycloneDX VEX document (a bundle's vex/) */
};

const char *upload_kind_name(enum upload_kind k);

/*
 * What the bytes are, from their content (and name: a ".vouch" file is a
 * bundle). Cheap: looks at the top-level members only after a full parse.
 */
enum upload_kind upload_sniff(const char *data, size_t len, const char *name);

/* The product name and version a document states, when it does (strings to free), else NULL. */
void upload_subject(char **name, char **version, const char *data, size_t len);

/* True when s is an acceptable product name / release version. */
bool ingest_name_ok(const char *s);

/* What an ingest did, for the response and the audit log. */
struct ingest_result {
	int64_t id;          /* the new assessment / sbom row, or the release for a scan */
	size_t count;        /* claims, components or findings recorded */
	size_t new_findings; /* scans and re-matches: findings not seen before */
	size_t fixed;        /* findings that disappeared (fixed_at set) */
	char sha256[65];
};

int ingest_assessment(struct ingest_result *out, struct store_conn *c, const char *product,
                      const char *version, const char *data, size_t len);
int ingest_sbom(struct ingest_result *out, struct store_conn *c, const char *product,
                const char *version, const char *data, size_t len);
int ingest_scan(struct ingest_result *out, struct store_conn *c, const char *product,
                const char *version, const char *data, size_t len);

/* One finding to record. */
struct ingest_finding {
	const char *vuln, *purl, *severity, *score, *summary;
	const char *aliases; /* the vulnerability's other ids, space-separated, or NULL */
	/* set by ingest_suppress(): the reason it is suppressed (NULL: it is not), and the
	 * suppressing ignore entry's last day "YYYY-MM-DD" (NULL: no expiry) */
	const char *suppressed, *suppressed_until;
};

/*
 * An open finding, in SQL about findings aliased `a`: not fixed, and not
 * suppressed (by VEX, or by an ignore entry whose last day has not passed).
 * Every count and list of open findings uses it.
 */
#define INGEST_OPEN(a)                                                                             \
	"(" a ".fixed_at IS NULL AND (" a ".suppressed IS NULL OR " a ".suppressed_until <"        \
	" CAST(CURRENT_DATE AS TEXT)))"

/*
 * INGEST_OPEN in two parts. What the counts kept at write time hold
 * (release_open, products.open_findings: ingest.c): not fixed and not
 * suppressed. And what turns open with no write at all, once an ignore
 * entry's last day has passed: every count of open findings read from the
 * kept ones adds INGEST_EXPIRED's, which an index keeps to the few findings
 * suppressed until a day (findings_expiring), and pages kept in the process
 * are keyed on the store's date as well as its data generation (cache.c).
 */
#define INGEST_OPEN_KEPT(a) "(" a ".fixed_at IS NULL AND " a ".suppressed IS NULL)"
#define INGEST_EXPIRED(a)                                                                          \
	"(" a ".fixed_at IS NULL AND " a ".suppressed_until < CAST(CURRENT_DATE AS TEXT))"
/* The open findings of the release r.id (SQL, with releases aliased r) */
#define INGEST_RELEASE_OPEN                                                                        \
	"((SELECT COALESCE(SUM(o.n), 0) FROM release_open o WHERE o.release_id = r.id) +"          \
	" (SELECT COUNT(*) FROM findings fx WHERE fx.release_id = r.id AND " INGEST_EXPIRED(       \
	        "fx") "))"
/* The open findings of the product p.id (SQL, with products aliased p) */
#define INGEST_PRODUCT_OPEN                                                                        \
	"(p.open_findings + (SELECT COUNT(*) FROM findings fx JOIN releases rx"                    \
	" ON rx.id = fx.release_id WHERE rx.product_id = p.id AND " INGEST_EXPIRED("fx") "))"

#define INGEST_MAX_SUPPRESSIONS 20000 /* VEX statements and ignore entries, per document */

/*
 * Suppression. What an upload says suppresses findings of a release is kept
 * as its suppressions: a scan result's suppressed findings (their VEX
 * statement or ignore entry, with its expiry) and the statements of a VEX
 * document (OpenVEX or CycloneDX, core/match/vex.h) in a bundle. Each
 * replaces the earlier ones of its origin (the scan result, or the VEX
 * document of that name) for that release. ingest_vex runs in its own
 * transaction, ingest_suppress in the caller's.
 */
int ingest_vex(struct ingest_result *out, struct store_conn *c, const char *product,
               const char *version, const char *name, const char *data, size_t len);
/*
 * Sets suppressed / suppressed_until of the n findings from the release's
 * suppressions, as `vouch scan` would: the last VEX statement naming the
 * finding (its id or an alias, and its package) decides, not_affected and
 * fixed suppressing; else an ignore entry whose last day is not past. The
 * strings live in keep (store_rows_release it after use).
 */
int ingest_suppress(struct store_rows *keep, struct store_conn *c, int64_t release_id,
                    struct ingest_finding *f, size_t n);

/*
 * Records the findings now open for a release from one source ("scan",
 * "monitor"): new ones get first_seen now, ones seen before keep theirs (and
 * are reopened if they had been fixed), open ones of that source no longer
 * present get fixed_at now. Inside the caller's transaction. is_new, when
 * not NULL, has n entries: which of f were never seen for this release.
 */
int ingest_findings(struct ingest_result *out, struct store_conn *c, int64_t release_id,
                    const char *source, const struct ingest_finding *f, size_t n, bool *is_new);

/* The release's id, creating the product and release rows as needed (inside a transaction). */
int ingest_release(int64_t *out, struct store_conn *c, const char *product, const char *version);

#endif
