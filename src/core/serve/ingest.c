/*
 * ingest.c: uploads checked and recorded (ingest.h). SBOMs go through the
 * one CycloneDX/SPDX reader the scanner uses (inventory/sbom/bom_input.c),
 * so the server sees the same components `vouch scan` would.
 */
#include "util/compat.h"
#include "core/serve/ingest.h"
#include "core/inventory/inventory.h"
#include "core/match/scan.h"
#include "core/match/vex.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/epoch.h"
#include "util/err.h"
#include "util/hash.h"
#include "util/json.h"
#include "util/strmap.h"

const char *upload_kind_name(enum upload_kind k)
{
	switch (k) {
	case UPLOAD_ASSESSMENT:
		return "assessment";
	case UPLOAD_SBOM:
		return "sbom";
	case UPLOAD_SCAN:
		return "scan";
	case UPLOAD_BUNDLE:
		return "bundle";
	case UPLOAD_VEX:
		return "vex";
	default:
		return "unknown";
	}
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcmp(s + n - m, suffix);
}

enum upload_kind upload_sniff(const char *data, size_t len, const char *name)
{
	json_t *doc = NULL;
	enum upload_kind k = UPLOAD_UNKNOWN;

	if (name && ends_with(name, ".vouch"))
		return UPLOAD_BUNDLE;
	if (len >= 4 && !memcmp(data, "PK\x03\x04", 4))
		return UPLOAD_BUNDLE;
	if (vjson_parse(&doc, data, len, name ? name : "upload") < 0) {
		err_clear();
		return UPLOAD_UNKNOWN;
	}
	if (!json_is_object(doc))
		goto done;
	if (json_is_array(json_object_get(doc, "principles")))
		k = UPLOAD_ASSESSMENT;
	else if (vjson_str(doc, "bomFormat") || vjson_str(doc, "spdxVersion"))
		k = UPLOAD_SBOM;
	else if (json_is_array(json_object_get(doc, "findings")))
		k = UPLOAD_SCAN;
done:
	json_decref(doc);
	return k;
}

static char *dup_ok(const char *s)
{
	return s && ingest_name_ok(s) ? xstrdup(s) : NULL;
}

void upload_subject(char **name, char **version, const char *data, size_t len)
{
	json_t *doc = NULL, *p;

	*name = *version = NULL;
	if (vjson_parse(&doc, data, len, "upload") < 0) {
		err_clear();
		return;
	}
	if ((p = json_object_get(doc, "product")) && json_is_object(p)) { /* assessment */
		*name = dup_ok(vjson_str(p, "name"));
		*version = dup_ok(vjson_str(p, "version"));
	} else if ((p = json_object_get(json_object_get(doc, "metadata"), "component"))) {
		*name = dup_ok(vjson_str(p, "name")); /* CycloneDX */
		*version = dup_ok(vjson_str(p, "version"));
	} else if (vjson_str(doc, "spdxVersion")) {
		*name = dup_ok(vjson_str(doc, "name"));
	}
	json_decref(doc);
}

bool ingest_name_ok(const char *s)
{
	size_t n = strlen(s);

	if (n == 0 || n > INGEST_MAX_NAME || s[0] == '.' || s[0] == '-')
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		      (ch >= '0' && ch <= '9') || ch == '.' || ch == '_' || ch == '-' ||
		      ch == '+' || ch == '~'))
			return false;
	}
	return true;
}

static void sha256_hex(char out[65], const char *data, size_t len)
{
	uint8_t h[SHA256_LEN];

	hash_sha256(h, data, len);
	hex_encode(out, h, sizeof h);
}

int ingest_release(int64_t *out, struct store_conn *c, const char *product, const char *version)
{
	struct store_rows rows = STORE_ROWS_INIT;
	char now[32], pid[24];
	int r;

	if (!ingest_name_ok(product))
		return err_set(ERR_USAGE, "not a product name: '%s'", product);
	if (!ingest_name_ok(version))
		return err_set(ERR_USAGE, "not a release version: '%s'", version);
	store_now(now);
	{
		const char *p[] = { product, now };

		r = store_exec(NULL, c,
		               "INSERT INTO products (name, created) VALUES ($1, $2)"
		               " ON CONFLICT (name) DO NOTHING",
		               2, p);
		if (r < 0)
			goto done;
		r = store_exec(&rows, c, "SELECT id FROM products WHERE name = $1", 1, p);
		if (r < 0)
			goto done;
	}
	snprintf(pid, sizeof pid, "%" PRId64, store_cell_i64(&rows, 0, 0, -1));
	{
		const char *p[] = { pid, version, now };

		r = store_exec(
		        NULL, c,
		        "INSERT INTO releases (product_id, version, created) VALUES ($1, $2, $3)"
		        " ON CONFLICT (product_id, version) DO NOTHING",
		        3, p);
		if (r < 0)
			goto done;
		r = store_exec(&rows, c,
		               "SELECT id FROM releases WHERE product_id = $1 AND version = $2", 2,
		               p);
		if (r < 0)
			goto done;
	}
	*out = store_cell_i64(&rows, 0, 0, -1);
	if (*out < 0)
		r = err_set(ERR_GENERIC, "release '%s' of '%s' was not recorded", version, product);
done:
	store_rows_release(&rows);
	return r;
}

static const char *status_ok(const char *s)
{
	static const char *const ok[] = { "met", "not_met", "not_applicable", "unknown" };

	for (size_t i = 0; s && i < ARRAY_SIZE(ok); i++)
		if (!strcmp(s, ok[i]))
			return ok[i];
	return NULL;
}

/* A short string member: NULL when absent, ERR_PARSE through *bad when too long. */
static const char *short_str(const json_t *o, const char *key, bool *bad)
{
	const char *s = vjson_str(o, key);

	if (s && strlen(s) > 256) {
		*bad = true;
		return NULL;
	}
	return s;
}

/* Parses a document that must be an object with an array member; *arr is that member. */
static int parse_with_array(json_t **doc, json_t **arr, const char *data, size_t len,
                            const char *name, const char *member, const char *what)
{
	int r = vjson_parse(doc, data, len, name);

	if (r < 0)
		return r;
	*arr = json_object_get(*doc, member);
	if (!json_is_object(*doc) || !json_is_array(*arr))
		return err_set(ERR_PARSE, "not %s: no '%s' array", what, member);
	return 0;
}

static int check_subject(const json_t *doc, const char *product)
{
	const json_t *p = json_object_get(doc, "product");
	const char *name = p ? vjson_str(p, "name") : NULL;

	if (name && strcmp(name, product))
		return err_set(ERR_USAGE, "the document is about product '%s', not '%s'", name,
		               product);
	return 0;
}

int ingest_assessment(struct ingest_result *out, struct store_conn *c, const char *product,
                      const char *version, const char *data, size_t len)
{
	json_t *doc = NULL, *principles, *p, *cl;
	struct store_rows rows = STORE_ROWS_INIT;
	size_t i, j, nclaims = 0, count[4] = { 0 };
	int64_t rel;
	char now[32], relid[24], aid[24], num[4][24];
	bool in_tx = false, bad = false;
	int r;

	memset(out, 0, sizeof *out);
	r = parse_with_array(&doc, &principles, data, len, "assessment", "principles",
	                     "an assessment");
	if (r < 0)
		goto done;
	if (json_array_size(principles) > 64) {
		r = err_set(ERR_TOOBIG, "more than 64 principles");
		goto done;
	}
	if ((r = check_subject(doc, product)) < 0)
		goto done;
	/* check everything before writing anything */
	json_array_foreach(principles, i, p)
	{
		const char *pid = short_str(p, "id", &bad);
		json_t *claims = json_object_get(p, "claims");

		if (!pid || bad || !status_ok(vjson_str(p, "status")) || !json_is_array(claims)) {
			r = err_set(ERR_PARSE, "principles[%zu]: needs 'id', 'status' and 'claims'",
			            i);
			goto done;
		}
		json_array_foreach(claims, j, cl)
		{
			const char *st = status_ok(vjson_str(cl, "status"));

			if (!short_str(cl, "id", &bad) || bad || !st ||
			    (short_str(cl, "basis", &bad), bad)) {
				r = err_set(
				        ERR_PARSE,
				        "principles[%zu].claims[%zu]: needs 'id' and a 'status' of "
				        "met, not_met, not_applicable or unknown",
				        i, j);
				goto done;
			}
			if (++nclaims > INGEST_MAX_CLAIMS) {
				r = err_set(ERR_TOOBIG, "more than %d claims", INGEST_MAX_CLAIMS);
				goto done;
			}
			count[!strcmp(st, "met")       ? 0
			      : !strcmp(st, "not_met") ? 1
			      : !strcmp(st, "unknown") ? 2
			                               : 3]++;
		}
	}
	sha256_hex(out->sha256, data, len);
	if ((r = store_begin(c)) < 0)
		goto done;
	in_tx = true;
	if ((r = ingest_release(&rel, c, product, version)) < 0)
		goto done;
	store_now(now);
	snprintf(relid, sizeof relid, "%" PRId64, rel);
	for (i = 0; i < 4; i++)
		snprintf(num[i], sizeof num[i], "%zu", count[i]);
	{
		const char *q[] = { relid,       now,    vjson_str(doc, "generated"),
			            out->sha256, num[0], num[1],
			            num[2],      num[3], data };

		r = store_exec(
		        &rows, c,
		        "INSERT INTO assessments (release_id, uploaded, generated, sha256, met,"
		        " not_met, unknown, not_applicable, doc)"
		        " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
		        9, q);
		if (r < 0)
			goto done;
	}
	out->id = store_cell_i64(&rows, 0, 0, -1);
	snprintf(aid, sizeof aid, "%" PRId64, out->id);
	{
		/* the newest assessment is what every page shows: kept on the product row, so that
		 * no page looks for it; only ever raised (two uploads may commit out of order) */
		const char *q[] = { aid, relid };

		r = store_exec(NULL, c,
		               "UPDATE products SET latest_assessment = $1 WHERE id ="
		               " (SELECT product_id FROM releases WHERE id = $2) AND"
		               " (latest_assessment IS NULL OR latest_assessment < $1)",
		               2, q);
		if (r < 0)
			goto done;
	}
	json_array_foreach(principles, i, p)
	{
		const char *q[] = { aid, vjson_str(p, "id"), vjson_str(p, "status") };

		r = store_exec(NULL, c,
		               "INSERT INTO principles (assessment_id, principle, status)"
		               " VALUES ($1, $2, $3)",
		               3, q);
		if (r < 0)
			goto done;
		json_array_foreach(json_object_get(p, "claims"), j, cl)
		{
			const char *qc[] = { aid,
				             vjson_str(cl, "id"),
				             vjson_str(p, "id"),
				             vjson_str(cl, "status"),
				             vjson_str(cl, "basis"),
				             vjson_str(cl, "due"),
				             vjson_str(json_object_get(cl, "acceptance"),
				                       "expires") };

			r = store_exec(
			        NULL, c,
			        "INSERT INTO claims (assessment_id, claim, principle, status,"
			        " basis, due, accept_expires) VALUES ($1, $2, $3, $4, $5, $6, $7)",
			        7, qc);
			if (r == ERR_EXISTS)
				r = err_set(ERR_PARSE, "claim '%s' appears twice",
				            vjson_str(cl, "id"));
			if (r < 0)
				goto done;
		}
	}
	out->count = nclaims;
	if ((r = store_data_changed(c)) < 0)
		goto done;
	r = store_commit(c);
	in_tx = false;
done:
	if (in_tx)
		store_rollback(c);
	store_rows_release(&rows);
	json_decref(doc);
	return r;
}

#define ROWS_PER_INSERT 100

int ingest_sbom(struct ingest_result *out, struct store_conn *c, const char *product,
                const char *version, const char *data, size_t len)
{
	struct inventory inv = INVENTORY_INIT;
	struct store_rows rows = STORE_ROWS_INIT;
	struct buf sql = BUF_INIT;
	const struct extractor *ex = NULL;
	const char *q[4 * ROWS_PER_INSERT + 1];
	char now[32], relid[24], sid[24], num[24];
	enum { NONE, CDX, SPDX } fmt = NONE;
	json_t *doc = NULL;
	bool in_tx = false;
	int64_t rel;
	int r;

	memset(out, 0, sizeof *out);
	if ((r = vjson_parse(&doc, data, len, "sbom")) < 0)
		goto done;
	if (json_is_object(doc) && vjson_str(doc, "bomFormat"))
		fmt = CDX;
	else if (json_is_object(doc) && vjson_str(doc, "spdxVersion"))
		fmt = SPDX;
	if (fmt == NONE) {
		r = err_set(ERR_PARSE, "not a CycloneDX or SPDX JSON document");
		goto done;
	}
	ex = extractor_find(fmt == CDX ? "cyclonedx" : "spdx");
	if (!ex) {
		r = err_set(ERR_GENERIC, "no SBOM reader built in");
		goto done;
	}
	if ((r = inventory_read_as(&inv, ex, "sbom", "sbom.json", data, len, NULL)) < 0)
		goto done;
	for (size_t i = 0; i < inv.ndiags; i++)
		if (inv.diags[i].level == INV_ERROR) {
			r = err_set(ERR_PARSE, "sbom%s%zu: %s", inv.diags[i].line ? ":" : "",
			            inv.diags[i].line, inv.diags[i].msg);
			if (!inv.diags[i].line)
				r = err_set(ERR_PARSE, "sbom: %s", inv.diags[i].msg);
			goto done;
		}
	if (inv.npkgs > INGEST_MAX_COMPONENTS) {
		r = err_set(ERR_TOOBIG, "more than %d components", INGEST_MAX_COMPONENTS);
		goto done;
	}
	sha256_hex(out->sha256, data, len);
	if ((r = store_begin(c)) < 0)
		goto done;
	in_tx = true;
	if ((r = ingest_release(&rel, c, product, version)) < 0)
		goto done;
	store_now(now);
	snprintf(relid, sizeof relid, "%" PRId64, rel);
	snprintf(num, sizeof num, "%zu", inv.npkgs);
	{
		const char *p[] = { relid, now, fmt == CDX ? "cyclonedx" : "spdx", out->sha256,
			            num };

		r = store_exec(
		        &rows, c,
		        "INSERT INTO sboms (release_id, uploaded, format, sha256, components)"
		        " VALUES ($1, $2, $3, $4, $5) RETURNING id",
		        5, p);
		if (r < 0)
			goto done;
	}
	out->id = store_cell_i64(&rows, 0, 0, -1);
	snprintf(sid, sizeof sid, "%" PRId64, out->id);
	q[0] = sid;
	for (size_t i = 0; i < inv.npkgs; i += ROWS_PER_INSERT) {
		size_t n = inv.npkgs - i < ROWS_PER_INSERT ? inv.npkgs - i : ROWS_PER_INSERT;

		buf_reset(&sql);
		buf_adds(
		        &sql,
		        "INSERT INTO components (sbom_id, purl, ecosystem, name, version) VALUES ");
		for (size_t k = 0; k < n; k++) {
			const struct pkg *pk = inv.pkgs[i + k];

			buf_addf(&sql, "%s($1, $%zu, $%zu, $%zu, $%zu)", k ? ", " : "", 2 + 4 * k,
			         3 + 4 * k, 4 + 4 * k, 5 + 4 * k);
			q[1 + 4 * k] = pk->purl ? pk->purl : pk->name;
			q[2 + 4 * k] = pk->ecosystem;
			q[3 + 4 * k] = pk->name;
			q[4 + 4 * k] = pk->version;
		}
		if ((r = store_exec(NULL, c, sql.ptr, 1 + 4 * n, q)) < 0)
			goto done;
	}
	out->count = inv.npkgs;
	if ((r = store_data_changed(c)) < 0)
		goto done;
	r = store_commit(c);
	in_tx = false;
done:
	if (in_tx)
		store_rollback(c);
	store_rows_release(&rows);
	buf_release(&sql);
	inventory_release(&inv);
	json_decref(doc);
	return r;
}

static char *pair_key(const char *vuln, const char *purl)
{
	struct buf b = BUF_INIT;

	buf_adds(&b, vuln);
	buf_addch(&b, '\n');
	buf_adds(&b, purl);
	return buf_detach(&b, NULL);
}

#define INGEST_COLS 7 /* parameters per finding row */

/* Upserts the nb findings whose VALUES rows are in sql; empties sql. */
static int flush_findings(struct store_conn *c, struct buf *sql, const char **q, size_t *nb)
{
	int r;

	buf_adds(sql, " ON CONFLICT (release_id, vuln, purl) DO UPDATE SET"
	              " severity = excluded.severity, score = excluded.score,"
	              " summary = excluded.summary, source = excluded.source, fixed_at = NULL,"
	              " suppressed = excluded.suppressed,"
	              " suppressed_until = excluded.suppressed_until");
	r = store_exec(NULL, c, sql->ptr, 3 + INGEST_COLS * *nb, q);
	buf_reset(sql);
	*nb = 0;
	return r;
}

/*
 * Counts the release's open findings again, by severity (release_open), and
 * its product's total (products.open_findings), which the portfolio and the
 * product listing read instead of walking every finding.
 */
static int summary_open(struct store_conn *c, const char *relid)
{
	const char *p[] = { relid };
	int r;

	r = store_exec(NULL, c, "DELETE FROM release_open WHERE release_id = $1", 1, p);
	if (r == 0)
		r = store_exec(NULL, c,
		               "INSERT INTO release_open (release_id, severity, n)"
		               " SELECT release_id, severity, COUNT(*) FROM findings"
		               " WHERE release_id = $1 AND " INGEST_OPEN_KEPT(
		                       "findings") " GROUP BY release_id, severity",
		               1, p);
	if (r == 0)
		r = store_exec(NULL, c,
		               "UPDATE products SET open_findings = (SELECT COALESCE(SUM(o.n), 0)"
		               " FROM release_open o JOIN releases r ON r.id = o.release_id"
		               " WHERE r.product_id = products.id)"
		               " WHERE id = (SELECT product_id FROM releases WHERE id = $1)",
		               1, p);
	return r;
}

int ingest_findings(struct ingest_result *out, struct store_conn *c, int64_t release_id,
                    const char *source, const struct ingest_finding *f, size_t n, bool *is_new)
{
	struct store_rows rows = STORE_ROWS_INIT;
	struct strmap seen = STRMAP_INIT, present = STRMAP_INIT;
	struct buf sql = BUF_INIT;
	const char *q[3 + INGEST_COLS * ROWS_PER_INSERT];
	char relid[24], now[32];
	size_t nb = 0;
	int r;

	store_now(now);
	snprintf(relid, sizeof relid, "%" PRId64, release_id);
	{
		const char *p[] = { relid };

		r = store_exec(&rows, c,
		               "SELECT vuln, purl, fixed_at, source, id FROM findings"
		               " WHERE release_id = $1",
		               1, p);
		if (r < 0)
			goto done;
	}
	for (size_t i = 0; i < rows.nrows; i++) {
		char *k = pair_key(store_cell(&rows, i, 0), store_cell(&rows, i, 1));

		strmap_put(&seen, k, 1);
		free(k);
	}
	q[0] = relid;
	q[1] = source;
	q[2] = now;
	for (size_t i = 0; i < n; i++) {
		char *k = pair_key(f[i].vuln, f[i].purl);
		bool dup = strmap_get(&present, k) != NULL;

		if (!strmap_get(&seen, k)) {
			out->new_findings++;
			strmap_put(&seen, k, 1);
			if (is_new)
				is_new[i] = true;
		}
		strmap_put(&present, k, 1);
		free(k);
		if (dup) /* one row per pair: a statement may not update a row twice */
			continue;
		if (!nb)
			buf_adds(&sql,
			         "INSERT INTO findings (release_id, vuln, purl, severity, score,"
			         " summary, suppressed, suppressed_until, source, first_seen) "
			         "VALUES ");
		buf_addf(&sql, "%s($1", nb ? ", " : "");
		for (size_t k = 0; k < INGEST_COLS; k++)
			buf_addf(&sql, ", $%zu", 4 + INGEST_COLS * nb + k);
		buf_adds(&sql, ", $2, $3)");
		q[3 + INGEST_COLS * nb] = f[i].vuln;
		q[4 + INGEST_COLS * nb] = f[i].purl;
		q[5 + INGEST_COLS * nb] = f[i].severity;
		q[6 + INGEST_COLS * nb] = f[i].score;
		q[7 + INGEST_COLS * nb] = f[i].summary;
		q[8 + INGEST_COLS * nb] = f[i].suppressed;
		q[9 + INGEST_COLS * nb] = f[i].suppressed ? f[i].suppressed_until : NULL;
		if (++nb == ROWS_PER_INSERT && (r = flush_findings(c, &sql, q, &nb)) < 0)
			goto done;
	}
	if (nb && (r = flush_findings(c, &sql, q, &nb)) < 0)
		goto done;
	for (size_t i = 0; i < rows.nrows; i++) {
		char *k = pair_key(store_cell(&rows, i, 0), store_cell(&rows, i, 1));
		bool gone = !strmap_get(&present, k) && !store_cell(&rows, i, 2) &&
		            !strcmp(store_cell(&rows, i, 3), source);

		free(k);
		if (gone) {
			const char *p[] = { now, store_cell(&rows, i, 4) };

			if ((r = store_exec(NULL, c,
			                    "UPDATE findings SET fixed_at = $1 WHERE id = $2", 2,
			                    p)) < 0)
				goto done;
			out->fixed++;
		}
	}
	if ((r = summary_open(c, relid)) < 0 || (r = store_data_changed(c)) < 0)
		goto done;
	out->count = n;
done:
	buf_release(&sql);
	strmap_release(&seen);
	strmap_release(&present);
	store_rows_release(&rows);
	return r;
}

/*
 * Suppression (ingest.h): rows of the suppressions table, one per VEX
 * statement id and product or per ignore entry, in the order given.
 */
static int sup_clear(struct store_conn *c, const char *relid, const char *origin)
{
	const char *p[] = { relid, origin };

	return store_exec(NULL, c, "DELETE FROM suppressions WHERE release_id = $1 AND origin = $2",
	                  2, p);
}

static int sup_add(struct store_conn *c, const char *relid, const char *origin, const char *status,
                   const char *vuln, const char *package, struct buf *reason, const char *expires)
{
	const char *p[] = { relid, origin, status, vuln, package, reason->ptr, expires };
	int r;

	if (reason->len > 1024) /* a reason is shown, not kept whole */
		buf_truncate(reason, 1024);
	r = store_exec(NULL, c,
	               "INSERT INTO suppressions (release_id, origin, status, vuln, package,"
	               " reason, expires) VALUES ($1, $2, $3, $4, $5, $6, $7)",
	               7, p);
	buf_reset(reason);
	return r;
}

static bool is_day(const char *s)
{
	char full[32];
	int64_t t;

	if (!s || strlen(s) != 10)
		return false;
	snprintf(full, sizeof full, "%sT00:00:00Z", s);
	if (epoch_parse_rfc3339(&t, full) < 0) {
		err_clear();
		return false;
	}
	return true;
}

/* The aliases array of a scan finding as "A B C", or NULL. */
static char *join_aliases(const json_t *arr)
{
	struct buf b = BUF_INIT;
	size_t i;
	json_t *a;

	json_array_foreach(arr, i, a)
	{
		const char *s = json_string_value(a);

		if (s && *s && !strchr(s, ' ') && strlen(s) <= 256 && i < 256)
			buf_addf(&b, "%s%s", b.len ? " " : "", s);
	}
	return b.len ? buf_detach(&b, NULL) : NULL;
}

/* A scan result's suppressed findings: the VEX statement or the ignore entry that says so. */
static int suppressions_from_scan(struct store_conn *c, int64_t rel, const json_t *findings)
{
	struct buf reason = BUF_INIT;
	char relid[24];
	size_t i, rows = 0;
	json_t *f;
	int r;

	snprintf(relid, sizeof relid, "%" PRId64, rel);
	if ((r = sup_clear(c, relid, "scan")) < 0)
		return r;
	json_array_foreach(findings, i, f)
	{
		const json_t *vex = json_object_get(f, "vex"), *ig = json_object_get(f, "ignored");
		const char *vs = vjson_str(vex, "status"), *why = vjson_str(vex, "justification"),
		           *expires = vjson_str(ig, "expires"), *status = "ignore";

		if (!json_is_true(json_object_get(f, "suppressed")))
			continue;
		if (vs && (!strcmp(vs, "not_affected") || !strcmp(vs, "fixed"))) {
			if (!why)
				why = vjson_str(vex, "statement");
			buf_addf(&reason, "VEX %s%s%s", vs, why ? ": " : "", why ? why : "");
			status = vs;
			expires = NULL;
		} else if (vjson_str(ig, "reason")) {
			if (expires && !is_day(expires)) {
				r = err_set(ERR_PARSE,
				            "findings[%zu]: ignored.expires is not a date", i);
				break;
			}
			buf_addf(&reason, "ignored: %s", vjson_str(ig, "reason"));
		} else {
			continue; /* suppressed without saying by what: kept open */
		}
		if (++rows > INGEST_MAX_SUPPRESSIONS) {
			r = err_set(ERR_TOOBIG, "more than %d suppressed findings",
			            INGEST_MAX_SUPPRESSIONS);
			break;
		}
		r = sup_add(c, relid, "scan", status, vjson_str(f, "id"), vjson_str(f, "purl"),
		            &reason, expires);
		if (r < 0)
			break;
	}
	buf_release(&reason);
	return r;
}

int ingest_vex(struct ingest_result *out, struct store_conn *c, const char *product,
               const char *version, const char *name, const char *data, size_t len)
{
	struct vex v = VEX_INIT;
	struct buf reason = BUF_INIT, origin = BUF_INIT;
	char relid[24];
	size_t rows = 0;
	bool in_tx = false;
	int64_t rel;
	int r;

	memset(out, 0, sizeof *out);
	if ((r = vex_parse(&v, data, len, name)) < 0)
		goto done;
	if ((r = store_begin(c)) < 0)
		goto done;
	in_tx = true;
	if ((r = ingest_release(&rel, c, product, version)) < 0)
		goto done;
	snprintf(relid, sizeof relid, "%" PRId64, rel);
	buf_addf(&origin, "vex:%s", name);
	if ((r = sup_clear(c, relid, origin.ptr)) < 0)
		goto done;
	for (size_t i = 0; i < v.n; i++) {
		const struct vex_stmt *st = &v.st[i];
		const char *why = st->justification ? st->justification : st->statement;

		for (size_t k = 0; k < st->nids; k++) {
			for (size_t j = 0; j < (st->nproducts ? st->nproducts : 1); j++) {
				if (++rows > INGEST_MAX_SUPPRESSIONS) {
					r = err_set(ERR_TOOBIG, "%s: more than %d statements", name,
					            INGEST_MAX_SUPPRESSIONS);
					goto done;
				}
				buf_addf(&reason, "VEX %s (%s)%s%s", vex_status_name(st->status),
				         name, why ? ": " : "", why ? why : "");
				r = sup_add(c, relid, origin.ptr, vex_status_name(st->status),
				            st->ids[k], st->nproducts ? st->products[j] : NULL,
				            &reason, NULL);
				if (r < 0)
					goto done;
			}
		}
	}
	out->id = rel;
	out->count = v.n;
	sha256_hex(out->sha256, data, len);
	r = store_commit(c);
	in_tx = false;
done:
	if (in_tx)
		store_rollback(c);
	buf_release(&reason);
	buf_release(&origin);
	vex_release(&v);
	return r;
}

static bool names_vuln(const struct ingest_finding *f, const char *id)
{
	size_t n = strlen(id);

	if (!strcmp(f->vuln, id))
		return true;
	for (const char *a = f->aliases; a && *a;) {
		size_t l = strcspn(a, " ");

		if (l == n && !memcmp(a, id, n))
			return true;
		a += l;
		a += strspn(a, " ");
	}
	return false;
}

static bool names_package(const char *package, const char *purl)
{
	struct scan_pkg p = { 0 };

	if (!package)
		return true;
	p.purl = (char *)purl;
	return scan_purl_names(package, &p);
}

int ingest_suppress(struct store_rows *keep, struct store_conn *c, int64_t release_id,
                    struct ingest_finding *f, size_t n)
{
	char relid[24], today[32];
	const char *p[] = { relid };
	int r;

	snprintf(relid, sizeof relid, "%" PRId64, release_id);
	store_now(today);
	today[10] = 0;
	r = store_exec(keep, c,
	               "SELECT status, vuln, package, reason, expires FROM suppressions"
	               " WHERE release_id = $1 ORDER BY id",
	               1, p);
	if (r < 0)
		return r;
	for (size_t i = 0; i < n; i++) {
		const char *vex = NULL, *vex_why = NULL, *ign = NULL, *until = NULL;

		f[i].suppressed = f[i].suppressed_until = NULL;
		for (size_t k = 0; k < keep->nrows; k++) {
			const char *st = store_cell(keep, k, 0), *exp = store_cell(keep, k, 4);

			if (!names_vuln(&f[i], store_cell(keep, k, 1)) ||
			    !names_package(store_cell(keep, k, 2), f[i].purl))
				continue;
			if (strcmp(st, "ignore")) { /* VEX: the last statement decides */
				vex = st;
				vex_why = store_cell(keep, k, 3);
			} else if (!(exp && strcmp(exp, today) < 0) && /* not past its last day */
			           (!ign || (until && (!exp || strcmp(exp, until) > 0)))) {
				ign = store_cell(keep, k, 3);
				until = exp;
			}
		}
		if (vex && (!strcmp(vex, "not_affected") || !strcmp(vex, "fixed")))
			f[i].suppressed = vex_why;
		else if (ign) {
			f[i].suppressed = ign;
			f[i].suppressed_until = until;
		}
	}
	return 0;
}

int ingest_scan(struct ingest_result *out, struct store_conn *c, const char *product,
                const char *version, const char *data, size_t len)
{
	json_t *doc = NULL, *findings, *f;
	struct ingest_finding *v = NULL;
	struct store_rows keep = STORE_ROWS_INIT;
	char(*scores)[16] = NULL, **aliases = NULL;
	bool in_tx = false, bad = false;
	int64_t rel;
	size_t i, n = 0;
	int r;

	memset(out, 0, sizeof *out);
	r = parse_with_array(&doc, &findings, data, len, "scan", "findings", "a scan result");
	if (r < 0)
		goto done;
	n = json_array_size(findings);
	if (n > INGEST_MAX_FINDINGS) {
		r = err_set(ERR_TOOBIG, "more than %d findings", INGEST_MAX_FINDINGS);
		goto done;
	}
	v = xcalloc(n ? n : 1, sizeof *v);
	scores = xcalloc(n ? n : 1, sizeof *scores);
	aliases = xcalloc(n ? n : 1, sizeof *aliases);
	json_array_foreach(findings, i, f)
	{
		json_t *sev = json_object_get(f, "severity"),
		       *score = json_object_get(sev, "score");

		v[i].vuln = short_str(f, "id", &bad);
		v[i].purl = vjson_str(f, "purl");
		v[i].severity = short_str(sev, "level", &bad);
		v[i].summary = vjson_str(f, "summary");
		if (json_is_number(score)) {
			snprintf(scores[i], sizeof scores[i], "%.1f", json_number_value(score));
			v[i].score = scores[i];
		}
		if (!v[i].vuln || !v[i].purl || bad || strlen(v[i].purl) > 4096) {
			r = err_set(ERR_PARSE, "findings[%zu]: needs 'id' and 'purl'", i);
			goto done;
		}
		if (!v[i].severity)
			v[i].severity = "unknown";
		v[i].aliases = aliases[i] = join_aliases(json_object_get(f, "aliases"));
	}
	if ((r = store_begin(c)) < 0)
		goto done;
	in_tx = true;
	if ((r = ingest_release(&rel, c, product, version)) < 0)
		goto done;
	if ((r = suppressions_from_scan(c, rel, findings)) < 0 ||
	    (r = ingest_suppress(&keep, c, rel, v, n)) < 0)
		goto done;
	if ((r = ingest_findings(out, c, rel, "scan", v, n, NULL)) < 0)
		goto done;
	out->id = rel;
	r = store_commit(c);
	in_tx = false;
done:
	if (in_tx)
		store_rollback(c);
	for (i = 0; aliases && i < n; i++)
		free(aliases[i]);
	free(aliases);
	free(v);
	free(scores);
	store_rows_release(&keep);
	json_decref(doc);
	return r;
}
