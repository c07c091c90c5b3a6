/*
 * api.c: the JSON and CSV API under /api/v1/ (docs/serve-api.md).
 */
#include "util/compat.h"
#include "core/bundle/bundle.h"
#include "core/integrity/minisign.h"
#include "core/serve/serve_int.h"
#include "core/serve/ingest.h"
#include "util/err.h"
#include "util/json.h"
#include "util/num.h"

/* The newest assessment of product row p (kept by ingest_assessment). */
#define LATEST "p.latest_assessment"

/*
 * Writes rows as an array of objects keyed by column name; types[i] says how
 * column i is written: 's' string, 'i' integer, 'n' a number as stored.
 */
static void row_members(struct jw *w, const struct store_rows *rows, size_t i, const char *types,
                        size_t ncols)
{
	for (size_t j = 0; j < rows->ncols && j < ncols; j++) {
		const char *v = store_cell(rows, i, j);
		char t = j < strlen(types) ? types[j] : 's';

		jw_key(w, rows->names[j]);
		if (!v)
			jw_null(w);
		else if (t == 'i')
			jw_int(w, store_cell_i64(rows, i, j, 0));
		else if (t == 'n')
			jw_number_raw(w, v);
		else
			jw_str(w, v);
	}
}

static void rows_json(struct jw *w, const struct store_rows *rows, const char *types)
{
	jw_arr_begin(w);
	for (size_t i = 0; i < rows->nrows; i++) {
		jw_obj_begin(w);
		row_members(w, rows, i, types, SIZE_MAX);
		jw_obj_end(w);
	}
	jw_arr_end(w);
}

static bool query(struct sreq *r, struct store_rows *rows, const char *sql, size_t n,
                  const char *const *p)
{
	if (req_rows(r, rows, sql, n, p) < 0) {
		reply_error(r, 500, "%s", err_msg());
		return false;
	}
	return true;
}

/* The product's id as text into id, or a 404 reply. */
static bool product_id(struct sreq *r, char id[24], const char *name)
{
	struct store_rows rows = STORE_ROWS_INIT;
	const char *p[] = { name };
	bool ok = query(r, &rows, "SELECT id FROM products WHERE name = $1", 1, p);

	if (ok && !rows.nrows) {
		reply_error(r, 404, "no product '%s'", name);
		ok = false;
	}
	if (ok)
		snprintf(id, 24, "%s", store_cell(&rows, 0, 0));
	store_rows_release(&rows);
	return ok;
}

/* Runs sql and replies with its rows as a JSON array (or under key in an object). */
static void reply_rows(struct sreq *r, const char *sql, size_t n, const char *const *p,
                       const char *types)
{
	struct store_rows rows = STORE_ROWS_INIT;
	struct jw w;

	if (!query(r, &rows, sql, n, p))
		return;
	jw_init(&w, &r->out, true);
	rows_json(&w, &rows, types);
	if (jw_finish(&w) < 0)
		reply_error(r, 500, "%s", err_msg());
	else
		reply(r, 200, "application/json");
	store_rows_release(&rows);
}

void api_whoami(struct sreq *r, const char *const *seg)
{
	struct jw w;

	jw_init(&w, &r->out, true);
	jw_obj_begin(&w);
	jw_kstr(&w, "name", r->who.name);
	jw_kstr(&w, "role", auth_role_name(r->who.role));
	jw_key(&w, "products");
	if (r->who.products)
		jw_str(&w, r->who.products);
	else
		jw_null(&w);
	jw_kbool(&w, "session", r->who.session);
	jw_obj_end(&w);
	jw_finish(&w);
	reply(r, 200, "application/json");
}

#define PRODUCT_TYPES "ssiissiiiii" /* how PRODUCTS_SQL's columns are written */
#define PRODUCT_NCOLS 11
/* open_findings is kept at write time (ingest.c), plus what expired since (ingest.h) */
#define PRODUCTS_SQL                                                                               \
	"SELECT p.name AS name, p.created AS created,"                                             \
	" (SELECT COUNT(*) FROM releases r WHERE r.product_id = p.id) AS releases,"                \
	" a.id AS assessment, ra.version AS version, a.uploaded AS uploaded, a.met AS met,"        \
	" a.not_met AS not_met, a.unknown AS unknown, a.not_applicable AS not_applicable,"         \
	" " INGEST_PRODUCT_OPEN " AS open_findings"
#define PRODUCTS_FROM                                                                              \
	" FROM products p LEFT JOIN assessments a ON a.id = " LATEST                               \
	" LEFT JOIN releases ra ON ra.id = a.release_id"

/*
 * Replies with what build() renders into w, kept per data generation in
 * slot k: the listing and the export are read whole and often, and change
 * only when something is uploaded.
 */
static void reply_kept(struct sreq *r, enum page_slot k, bool (*build)(struct sreq *, struct jw *))
{
	struct buf text = BUF_INIT_MAX(r->out.max);
	struct page_text *t;
	size_t all[1][2] = { { 0, 1 } };
	int64_t gen;
	struct jw w;

	if (page_key(&gen, r) < 0) {
		reply_error(r, 500, "%s", err_msg());
		return;
	}
	if (!(t = page_get(r->srv, k, gen))) {
		jw_init(&w, &text, true);
		if (!build(r, &w))
			goto done;
		if (jw_finish(&w) < 0) {
			reply_error(r, 500, "%s", err_msg());
			goto done;
		}
		t = page_keep(r->srv, k, gen, &text, NULL, 0, 0);
	}
	if (page_reply(r, t, "", all, 1))
		reply(r, 200, "application/json");
	else
		reply_error(r, 500, "out of memory");
done:
	buf_release(&text);
}

static bool products_build(struct sreq *r, struct jw *w)
{
	struct store_rows rows = STORE_ROWS_INIT;

	if (!query(r, &rows, PRODUCTS_SQL PRODUCTS_FROM " ORDER BY p.name", 0, NULL))
		return false;
	rows_json(w, &rows, PRODUCT_TYPES);
	store_rows_release(&rows);
	return true;
}

void api_products(struct sreq *r, const char *const *seg)
{
	reply_kept(r, PAGE_PRODUCTS, products_build);
}

/* One statement, one round trip: the product's row repeated beside each of its principles. */
const char api_product_sql[] =
        PRODUCTS_SQL ", pr.principle AS id, pr.status AS status" PRODUCTS_FROM
                     " LEFT JOIN principles pr ON pr.assessment_id = " LATEST
                     " WHERE p.name = $1 ORDER BY pr.principle";

void api_product(struct sreq *r, const char *const *seg)
{
	struct store_rows rows = STORE_ROWS_INIT;
	const char *p[] = { seg[0] };
	struct jw w;

	if (!query(r, &rows, api_product_sql, 1, p))
		return;
	if (!rows.nrows) {
		reply_error(r, 404, "no product '%s'", seg[0]);
		goto done;
	}
	jw_init(&w, &r->out, true);
	jw_obj_begin(&w);
	row_members(&w, &rows, 0, PRODUCT_TYPES, PRODUCT_NCOLS);
	jw_key(&w, "principles");
	jw_arr_begin(&w);
	for (size_t i = 0; i < rows.nrows; i++) {
		if (!store_cell(&rows, i, PRODUCT_NCOLS))
			continue; /* no assessment yet: the one row has no principle */
		jw_obj_begin(&w);
		jw_kstr(&w, "id", store_cell(&rows, i, PRODUCT_NCOLS));
		jw_kstr(&w, "status", store_cell(&rows, i, PRODUCT_NCOLS + 1));
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_obj_end(&w);
	if (jw_finish(&w) < 0)
		reply_error(r, 500, "%s", err_msg());
	else
		reply(r, 200, "application/json");
done:
	store_rows_release(&rows);
}

void api_releases(struct sreq *r, const char *const *seg)
{
	char id[24];
	const char *p[] = { id };

	if (!product_id(r, id, seg[0]))
		return;
	reply_rows(r,
	           "SELECT r.version AS version, r.created AS created,"
	           " (SELECT COUNT(*) FROM assessments a WHERE a.release_id = r.id) AS assessments,"
	           " (SELECT COUNT(*) FROM sboms s WHERE s.release_id = r.id) AS sboms,"
	           " (SELECT s.components FROM sboms s WHERE s.release_id = r.id"
	           "  ORDER BY s.id DESC LIMIT 1) AS components,"
	           " " INGEST_RELEASE_OPEN " AS open_findings"
	           " FROM releases r WHERE r.product_id = $1 ORDER BY r.id",
	           1, p, "ssiiii");
}

void api_assessments(struct sreq *r, const char *const *seg)
{
	char id[24];
	const char *p[] = { id };

	if (!product_id(r, id, seg[0]))
		return;
	reply_rows(r,
	           "SELECT a.id AS id, r.version AS version, a.uploaded AS uploaded,"
	           " a.generated AS generated, a.sha256 AS sha256, a.met AS met,"
	           " a.not_met AS not_met, a.unknown AS unknown, a.not_applicable AS not_applicable"
	           " FROM assessments a JOIN releases r ON r.id = a.release_id"
	           " WHERE r.product_id = $1 ORDER BY a.id",
	           1, p, "issssiiii");
}

void api_assessment(struct sreq *r, const char *const *seg)
{
	struct store_rows rows = STORE_ROWS_INIT;
	const char *p[] = { seg[0] };
	uint64_t id;

	if (num_parse_u64(&id, seg[0], strlen(seg[0]), INT64_MAX, 0) < 0) {
		reply_error(r, 404, "no assessment '%s'", seg[0]);
		return;
	}
	if (!query(r, &rows, "SELECT doc FROM assessments WHERE id = $1", 1, p))
		return;
	if (!rows.nrows)
		reply_error(r, 404, "no assessment '%s'", seg[0]);
	else if (buf_adds(&r->out, store_cell(&rows, 0, 0)) < 0)
		reply_error(r, 500, "%s", err_msg());
	else
		reply(r, 200, "application/json");
	store_rows_release(&rows);
}

void api_claims(struct sreq *r, const char *const *seg)
{
	const char *p[] = { seg[0] };
	char id[24];

	if (!product_id(r, id, seg[0]))
		return;
	reply_rows(r,
	           "SELECT c.claim AS id, c.principle AS principle, c.status AS status,"
	           " c.basis AS basis, c.due AS due, c.accept_expires AS acceptance_expires,"
	           " c.assessment_id AS assessment"
	           " FROM products p JOIN claims c ON c.assessment_id = " LATEST
	           " WHERE p.name = $1 ORDER BY c.claim",
	           1, p, "ssssssi");
}

void api_claim_history(struct sreq *r, const char *const *seg)
{
	char id[24];
	const char *p[] = { id, seg[1] };

	if (!product_id(r, id, seg[0]))
		return;
	reply_rows(r,
	           "SELECT a.id AS assessment, r.version AS version, a.uploaded AS uploaded,"
	           " c.status AS status, c.basis AS basis"
	           " FROM claims c JOIN assessments a ON a.id = c.assessment_id"
	           " JOIN releases r ON r.id = a.release_id"
	           " WHERE r.product_id = $1 AND c.claim = $2 ORDER BY a.id",
	           2, p, "issss");
}

void api_claim_across(struct sreq *r, const char *const *seg)
{
	const char *p[] = { seg[0] };

	reply_rows(r,
	           "SELECT p.name AS product, c.status AS status, c.basis AS basis,"
	           " c.assessment_id AS assessment"
	           " FROM products p JOIN claims c ON c.assessment_id = " LATEST
	           " AND c.claim = $1 ORDER BY p.name",
	           1, p, "sssi");
}

#define FINDINGS_SQL                                                                               \
	"SELECT p.name AS product, r.version AS version, f.vuln AS id, f.purl AS purl,"            \
	" f.severity AS severity, f.score AS score, f.source AS source,"                           \
	" f.first_seen AS first_seen, f.fixed_at AS fixed_at, f.summary AS summary,"               \
	" f.suppressed AS suppressed, f.suppressed_until AS suppressed_until"                      \
	" FROM findings f JOIN releases r ON r.id = f.release_id"                                  \
	" JOIN products p ON p.id = r.product_id"

void api_findings(struct sreq *r, const char *const *seg)
{
	const char *open = r->query ? r->query(r->ctx, "open") : NULL;
	const char *p[] = { seg[0] };
	char id[24];

	if (!product_id(r, id, seg[0]))
		return;
	if (open && strcmp(open, "0"))
		reply_rows(r,
		           FINDINGS_SQL " WHERE p.name = $1 AND " INGEST_OPEN(
		                   "f") " ORDER BY f.first_seen, f.vuln, f.purl",
		           1, p, "ssssssssssss");
	else
		reply_rows(r,
		           FINDINGS_SQL " WHERE p.name = $1 ORDER BY f.first_seen, f.vuln, f.purl",
		           1, p, "ssssssssssss");
}

static bool export_portfolio_build(struct sreq *r, struct jw *w)
{
	struct store_rows prod = STORE_ROWS_INIT, pr = STORE_ROWS_INIT;
	size_t k = 0;
	bool ok = false;

	if (!query(r, &prod, PRODUCTS_SQL PRODUCTS_FROM " ORDER BY p.name", 0, NULL) ||
	    !query(r, &pr,
	           "SELECT p.name, pr.principle, pr.status FROM products p"
	           " JOIN principles pr ON pr.assessment_id = " LATEST
	           " ORDER BY p.name, pr.principle",
	           0, NULL))
		goto done;
	jw_obj_begin(w);
	jw_key(w, "products");
	jw_arr_begin(w);
	for (size_t i = 0; i < prod.nrows; i++) {
		const char *name = store_cell(&prod, i, 0);

		jw_obj_begin(w);
		row_members(w, &prod, i, PRODUCT_TYPES, SIZE_MAX);
		jw_key(w, "principles");
		jw_obj_begin(w);
		for (; k < pr.nrows && !strcmp(store_cell(&pr, k, 0), name); k++)
			jw_kstr(w, store_cell(&pr, k, 1), store_cell(&pr, k, 2));
		jw_obj_end(w);
		jw_obj_end(w);
	}
	jw_arr_end(w);
	jw_obj_end(w);
	ok = true;
done:
	store_rows_release(&prod);
	store_rows_release(&pr);
	return ok;
}

void api_export_portfolio(struct sreq *r, const char *const *seg)
{
	reply_kept(r, PAGE_EXPORT_PORTFOLIO, export_portfolio_build);
}

static void reply_csv(struct sreq *r, const char *sql)
{
	struct store_rows rows = STORE_ROWS_INIT;

	if (!query(r, &rows, sql, 0, NULL))
		return;
	for (size_t j = 0; j < rows.ncols; j++)
		csv_field(&r->out, rows.names[j], j + 1 == rows.ncols);
	for (size_t i = 0; i < rows.nrows; i++)
		for (size_t j = 0; j < rows.ncols; j++)
			csv_field(&r->out, store_cell(&rows, i, j), j + 1 == rows.ncols);
	reply(r, 200, "text/csv; charset=utf-8");
	store_rows_release(&rows);
}

void api_export_claims_csv(struct sreq *r, const char *const *seg)
{
	reply_csv(r,
	          "SELECT p.name AS product, ra.version AS version, c.assessment_id AS assessment,"
	          " c.claim AS claim, c.principle AS principle, c.status AS status,"
	          " c.basis AS basis, c.due AS due"
	          " FROM products p JOIN claims c ON c.assessment_id = " LATEST
	          " JOIN assessments a ON a.id = c.assessment_id"
	          " JOIN releases ra ON ra.id = a.release_id ORDER BY p.name, c.claim");
}

void api_export_findings_csv(struct sreq *r, const char *const *seg)
{
	reply_csv(r, FINDINGS_SQL " ORDER BY p.name, r.version, f.first_seen, f.vuln, f.purl");
}

void api_audit(struct sreq *r, const char *const *seg)
{
	reply_rows(r,
	           "SELECT id, at, actor, action, subject, detail, log_index, seq, hash FROM audit"
	           " ORDER BY id DESC LIMIT 1000",
	           0, NULL, "isssssiis");
}

static void upload(struct sreq *r, const char *const *seg, enum upload_kind kind)
{
	struct ingest_result res;
	struct buf subject = BUF_INIT_MAX(512), detail = BUF_INIT_MAX(512);
	struct jw w;
	int rc;

	if (!auth_may_write(&r->who, seg[0])) {
		reply_error(r, 403, "'%s' may not upload to product '%s'", r->who.name, seg[0]);
		return;
	}
	if (!ingest_name_ok(seg[0]) || !ingest_name_ok(seg[1])) {
		reply_error(r, 422, "not a product name and release version: '%s' '%s'", seg[0],
		            seg[1]);
		return;
	}
	if (kind == UPLOAD_ASSESSMENT)
		rc = ingest_assessment(&res, r->c, seg[0], seg[1], r->body, r->body_len);
	else if (kind == UPLOAD_SBOM)
		rc = ingest_sbom(&res, r->c, seg[0], seg[1], r->body, r->body_len);
	else
		rc = ingest_scan(&res, r->c, seg[0], seg[1], r->body, r->body_len);
	if (rc < 0) {
		reply_err_code(r, rc);
		return;
	}
	if (kind == UPLOAD_ASSESSMENT &&
	    deadlines_record_assessment(r->c, seg[0], r->body, r->body_len) < 0) {
		reply_error(r, 500, "stored, but its review dates were not: %s", err_msg());
		return;
	}
	if (kind == UPLOAD_SCAN &&
	    deadlines_record_scan(r->c, seg[0], seg[1], r->body, r->body_len) < 0) {
		reply_error(r, 500, "stored, but its ignore entries' expiry dates were not: %s",
		            err_msg());
		return;
	}
	buf_addf(&subject, "%s@%s", seg[0], seg[1]);
	buf_addf(&detail, "id %" PRId64 ", %zu items, sha256 %s", res.id, res.count,
	         kind == UPLOAD_SCAN ? "-" : res.sha256);
	jw_init(&w, &r->out, true);
	jw_obj_begin(&w);
	jw_kstr(&w, "kind", upload_kind_name(kind));
	jw_kstr(&w, "product", seg[0]);
	jw_kstr(&w, "version", seg[1]);
	jw_kint(&w, "id", res.id);
	jw_kint(&w, "count", (int64_t)res.count);
	if (kind == UPLOAD_SCAN) {
		jw_kint(&w, "new_findings", (int64_t)res.new_findings);
		jw_kint(&w, "fixed", (int64_t)res.fixed);
	} else {
		jw_kstr(&w, "sha256", res.sha256);
	}
	jw_obj_end(&w);
	jw_finish(&w);
	if (serve_audit(r->srv, r->c, r->who.name, upload_kind_name(kind), subject.ptr,
	                detail.ptr) < 0)
		reply_error(r, 500, "stored, but the audit record failed: %s", err_msg());
	else
		reply(r, 201, "application/json");
	buf_release(&subject);
	buf_release(&detail);
}

void api_upload_assessment(struct sreq *r, const char *const *seg)
{
	upload(r, seg, UPLOAD_ASSESSMENT);
}

void api_upload_sbom(struct sreq *r, const char *const *seg)
{
	upload(r, seg, UPLOAD_SBOM);
}

void api_upload_scan(struct sreq *r, const char *const *seg)
{
	upload(r, seg, UPLOAD_SCAN);
}

/* What a bundle carries that the server keeps: the member and how it is read. */
static const struct {
	const char *member;
	enum upload_kind kind;
} bundle_parts[] = {
	{ "vex/", UPLOAD_VEX }, /* first: the findings stored next obey it */
	{ "assessment.json", UPLOAD_ASSESSMENT },
	{ "sbom.cdx.json", UPLOAD_SBOM },
	{ "scan.json", UPLOAD_SCAN },
};

/* Whether a member's path is part's: that name, or under it when part ends with '/'. */
static bool part_is(const char *path, const char *part)
{
	size_t n = strlen(part);

	return n && part[n - 1] == '/' ? !strncmp(path, part, n) : !strcmp(path, part);
}

/*
 * A .vouch assurance bundle: verified whole against the server's bundle key
 * (every check of `vouch bundle verify`), refused with the first failing
 * check named; then its assessment, SBOM and scan result are stored for the
 * product and version its signed manifest names.
 */
void api_upload_bundle(struct sreq *r, const char *const *seg)
{
	struct minisign_pubkey pk;
	struct bundle_result br = BUNDLE_RESULT_INIT;
	struct bundle_archive ar = BUNDLE_ARCHIVE_INIT;
	struct bundle_verify_opts vo = { 0 };
	struct buf subject = BUF_INIT_MAX(512), detail = BUF_INIT_MAX(512);
	struct jw w;
	size_t stored = 0;

	(void)seg;
	if (!r->srv->cfg.bundle_key) {
		reply_error(r, 501,
		            "this server verifies no bundles: start it with --bundle-key FILE "
		            "(the vendor's minisign public key)");
		return;
	}
	if (minisign_pubkey_load(&pk, r->srv->cfg.bundle_key) < 0) {
		reply_error(r, 500, "the server's bundle key: %s", err_msg());
		return;
	}
	if (bundle_verify(&br, NULL, r->body, r->body_len, &pk, &vo) < 0) {
		reply_error(r, 422, "not a bundle vouch reads: %s", err_msg());
		goto done;
	}
	if (br.nfailed || !br.manifest_verified) {
		const struct bundle_check *f = NULL;

		for (size_t i = 0; i < br.n && !f; i++)
			if (!br.v[i].ok)
				f = &br.v[i];
		reply_error(r, 422, "the bundle does not verify: %s: %s%s%s (%zu check(s) failed)",
		            f ? f->member : "manifest.json", f ? f->check : "signature",
		            f && f->detail ? ": " : "", f && f->detail ? f->detail : "",
		            br.nfailed);
		goto done;
	}
	if (!br.product || !br.version || !ingest_name_ok(br.product) ||
	    !ingest_name_ok(br.version)) {
		reply_error(r, 422,
		            "the bundle's manifest names no product and version vouch keeps");
		goto done;
	}
	if (!auth_may_write(&r->who, br.product)) {
		reply_error(r, 403, "'%s' may not upload to product '%s'", r->who.name, br.product);
		goto done;
	}
	if (bundle_tar_read(&ar, r->body, r->body_len) < 0) {
		reply_error(r, 422, "not a bundle vouch reads: %s", err_msg());
		goto done;
	}
	jw_init(&w, &r->out, true);
	jw_obj_begin(&w);
	jw_kstr(&w, "kind", "bundle");
	jw_kstr(&w, "product", br.product);
	jw_kstr(&w, "version", br.version);
	jw_kint(&w, "checks", (int64_t)br.n);
	jw_key(&w, "stored");
	jw_arr_begin(&w);
	for (size_t k = 0; k < ARRAY_SIZE(bundle_parts); k++) {
		for (size_t i = 0; i < ar.n; i++) {
			const struct bundle_member *m = &ar.v[i];
			struct ingest_result res;
			int rc;

			if (!part_is(m->path, bundle_parts[k].member) || !m->data.len)
				continue;
			if (bundle_parts[k].kind == UPLOAD_VEX)
				rc = ingest_vex(&res, r->c, br.product, br.version, m->path,
				                m->data.ptr, m->data.len);
			else if (bundle_parts[k].kind == UPLOAD_ASSESSMENT)
				rc = ingest_assessment(&res, r->c, br.product, br.version,
				                       m->data.ptr, m->data.len);
			else if (bundle_parts[k].kind == UPLOAD_SBOM)
				rc = ingest_sbom(&res, r->c, br.product, br.version, m->data.ptr,
				                 m->data.len);
			else
				rc = ingest_scan(&res, r->c, br.product, br.version, m->data.ptr,
				                 m->data.len);
			if (rc == 0 && bundle_parts[k].kind == UPLOAD_ASSESSMENT)
				rc = deadlines_record_assessment(r->c, br.product, m->data.ptr,
				                                 m->data.len);
			if (rc == 0 && bundle_parts[k].kind == UPLOAD_SCAN)
				rc = deadlines_record_scan(r->c, br.product, br.version,
				                           m->data.ptr, m->data.len);
			if (rc < 0) {
				jw_finish(&w);
				buf_reset(&r->out);
				reply_err_code(r, rc);
				goto done;
			}
			jw_obj_begin(&w);
			jw_kstr(&w, "member", m->path);
			jw_kstr(&w, "kind", upload_kind_name(bundle_parts[k].kind));
			jw_kint(&w, "id", res.id);
			jw_kint(&w, "count", (int64_t)res.count);
			jw_obj_end(&w);
			stored++;
		}
	}
	jw_arr_end(&w);
	jw_obj_end(&w);
	jw_finish(&w);
	if (deadlines_record_bundle(r->c, br.product, &ar) < 0) {
		reply_error(r, 500, "stored, but its security.txt and lifecycle dates were not: %s",
		            err_msg());
		goto done;
	}
	buf_addf(&subject, "%s@%s", br.product, br.version);
	buf_addf(&detail, "bundle signed by %s, %zu checks passed, %zu part(s) stored",
	         br.keyid ? br.keyid : "?", br.n, stored);
	if (serve_audit(r->srv, r->c, r->who.name, "bundle", subject.ptr, detail.ptr) < 0)
		reply_error(r, 500, "stored, but the audit record failed: %s", err_msg());
	else
		reply(r, 201, "application/json");
done:
	bundle_archive_release(&ar);
	bundle_result_release(&br);
	buf_release(&subject);
	buf_release(&detail);
}

void api_rematch(struct sreq *r, const char *const *seg)
{
	size_t rel = 0, added = 0, fixed = 0;
	struct jw w;

	if (!r->srv->cfg.vulndb) {
		reply_error(r, 409,
		            "this server has no vulnerability database (vouch serve --vulns)");
		return;
	}
	if (serve_rematch(r->srv, r->who.name, &rel, &added, &fixed) < 0) {
		reply_error(r, err_code() == ERR_IO ? 503 : 500, "%s", err_msg());
		return;
	}
	jw_init(&w, &r->out, true);
	jw_obj_begin(&w);
	jw_kint(&w, "releases", (int64_t)rel);
	jw_kint(&w, "new_findings", (int64_t)added);
	jw_kint(&w, "fixed", (int64_t)fixed);
	jw_obj_end(&w);
	jw_finish(&w);
	reply(r, 200, "application/json");
}

/* Deadlines across the portfolio (deadlines.c): JSON, and CSV for spreadsheets. */
void api_deadlines(struct sreq *r, const char *const *seg)
{
	struct deadlines d;
	int64_t today = serve_today();
	struct jw w;

	if (serve_deadlines(&d, &r->srv->cfg, r->c, today) < 0) {
		reply_error(r, 500, "%s", err_msg());
		return;
	}
	jw_init(&w, &r->out, true);
	deadlines_json(&w, &d, today);
	if (jw_finish(&w) < 0)
		reply_error(r, 500, "%s", err_msg());
	else
		reply(r, 200, "application/json");
	deadlines_release(&d);
}

void api_export_deadlines_csv(struct sreq *r, const char *const *seg)
{
	struct deadlines d;
	static const char *const head[] = { "product", "kind", "what", "due", "days", "link" };

	if (serve_deadlines(&d, &r->srv->cfg, r->c, serve_today()) < 0) {
		reply_error(r, 500, "%s", err_msg());
		return;
	}
	for (size_t j = 0; j < ARRAY_SIZE(head); j++)
		csv_field(&r->out, head[j], j + 1 == ARRAY_SIZE(head));
	for (size_t i = 0; i < d.n; i++) {
		csv_field(&r->out, d.v[i].product, false);
		csv_field(&r->out, d.v[i].kind, false);
		csv_field(&r->out, d.v[i].what, false);
		csv_field(&r->out, d.v[i].due, false);
		buf_addf(&r->out, "%" PRId64 ",", d.v[i].days); /* a number: nothing to defuse */
		csv_field(&r->out, d.v[i].link, true);
	}
	reply(r, 200, "text/csv; charset=utf-8");
	deadlines_release(&d);
}
