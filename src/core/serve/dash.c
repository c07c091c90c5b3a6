/*
 * dash.c: the dashboard, server-rendered HTML. No script at all, no inline
 * style (the CSP forbids both): colours come from classes in one stylesheet
 * served as a file, and every colour has its text beside it.
 */
#include "util/compat.h"
#include "core/assess/assess.h"
#include "core/serve/serve_int.h"
#include "core/serve/ingest.h"
#include "util/alloc.h"
#include "util/err.h"
#include "util/num.h"

#include <time.h>

static const char css[] =
        "body{font:15px/1.45 system-ui,sans-serif;margin:0;color:#1b1b1b;background:#fafafa}\n"
        "header{background:#1d2b3a;color:#fff;padding:.6em 1.2em;display:flex;gap:1.2em;"
        "align-items:center}\n"
        "header a{color:#fff;text-decoration:none;font-weight:600}\n"
        "header form{margin-left:auto}\n"
        "main{padding:1em 1.2em;max-width:90em}\n"
        "table{border-collapse:collapse;margin:.6em 0 1.4em;background:#fff}\n"
        "th,td{border:1px solid #d4d4d4;padding:.25em .5em;text-align:left;vertical-align:top}\n"
        "th{background:#eef1f4}\n"
        "/* status cells (dash.c, statuses[]): met, not met, unknown, n/a, no data */\n"
        ".m{background:#cdeccd}.n{background:#f6c9c4}.u{background:#f3e6b3}"
        ".a{background:#e2e2e2}.x{background:#fff;color:#777}\n"
        ".sev-critical{background:#e8a39b}.sev-high{background:#f6c9c4}"
        ".sev-medium{background:#f3e6b3}.sev-low{background:#dde8f3}\n"
        ".late{color:#a30000;font-weight:600}\n"
        "p.note{color:#555}\n"
        "form.login{background:#fff;border:1px solid #d4d4d4;padding:1em;max-width:32em}\n"
        "input[type=password]{width:100%;box-sizing:border-box;padding:.4em;margin:.4em 0}\n";

void dash_css(struct sreq *r, const char *const *seg)
{
	buf_add(&r->out, css, sizeof css - 1);
	reply(r, 200, "text/css; charset=utf-8");
}

/* Browsers ask for it on every site: no icon, and no error in their console. */
void dash_favicon(struct sreq *r, const char *const *seg)
{
	reply(r, 204, NULL);
}

static void page_begin(struct sreq *r, const char *title)
{
	buf_adds(&r->out, "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
	                  "<meta name=\"viewport\" content=\"width=device-width\"><title>");
	html_esc(&r->out, title);
	buf_adds(&r->out, " - vouch</title><link rel=\"stylesheet\" href=\"/static/vouch.css\">"
	                  "</head><body><header><a href=\"/portfolio\">Portfolio</a>"
	                  "<a href=\"/deadlines\">Deadlines</a>");
	if (r->authed && r->who.session) {
		buf_adds(&r->out, "<form method=\"post\" action=\"/logout\">"
		                  "<input type=\"hidden\" name=\"csrf\" value=\"");
		html_esc(&r->out, r->who.csrf);
		buf_adds(&r->out, "\"><button type=\"submit\">Sign out ");
		html_esc(&r->out, r->who.name);
		buf_adds(&r->out, "</button></form>");
	}
	buf_adds(&r->out, "</header><main><h1>");
	html_esc(&r->out, title);
	buf_adds(&r->out, "</h1>\n");
}

static const char page_foot[] = "</main></body></html>\n";

static void page_end(struct sreq *r, unsigned status)
{
	buf_adds(&r->out, page_foot);
	if (r->out.len >= r->out.max)
		reply_error(r, 500, "page too large");
	else
		reply(r, status, "text/html; charset=utf-8");
}

static bool rows(struct sreq *r, struct store_rows *out, const char *sql, size_t n,
                 const char *const *p)
{
	if (req_rows(r, out, sql, n, p) < 0) {
		reply_error(r, 500, "%s", err_msg());
		return false;
	}
	return true;
}

/*
 * A status as a cell: its text, and a one-letter class for its colour (the
 * portfolio has 14 a product: a thousand products' classes in full were a
 * quarter of the page).
 */
static const struct {
	const char *status, *cls, *text;
} statuses[] = {
	{ "met", "m", "met" },
	{ "not_met", "n", "not met" },
	{ "unknown", "u", "unknown" },
	{ "not_applicable", "a", "n/a" },
};

static void status_cell(struct buf *b, const char *s)
{
	const char *cls = "x", *text = s ? s : "no data";

	for (size_t i = 0; s && i < ARRAY_SIZE(statuses); i++)
		if (!strcmp(s, statuses[i].status)) {
			cls = statuses[i].cls;
			text = statuses[i].text;
		}
	buf_adds(b, "<td class=");
	buf_adds(b, cls);
	buf_addch(b, '>');
	html_esc(b, text);
	buf_adds(b, "</td>");
}

static void td(struct buf *b, const char *s)
{
	buf_adds(b, "<td>");
	html_esc(b, s ? s : "—");
	buf_adds(b, "</td>");
}

static void link(struct buf *b, const char *prefix, const char *name)
{
	buf_adds(b, "<a href=\"");
	buf_adds(b, prefix);
	html_esc(b, name); /* names are [A-Za-z0-9._+~-] (ingest_name_ok): safe in a path */
	buf_adds(b, "\">");
	html_esc(b, name);
	buf_adds(b, "</a>");
}

void dash_root(struct sreq *r, const char *const *seg)
{
	redirect(r, "/portfolio");
}

static void login_page(struct sreq *r, unsigned status, const char *msg)
{
	char pre[65];

	auth_random_hex(pre, 32);
	snprintf(r->cookie[0], sizeof r->cookie[0],
	         "vouch_pre=%s; Path=/login; HttpOnly; SameSite=Strict%s", pre,
	         r->tls ? "; Secure" : "");
	page_begin(r, "Sign in");
	if (msg) {
		buf_adds(&r->out, "<p class=\"late\">");
		html_esc(&r->out, msg);
		buf_adds(&r->out, "</p>");
	}
	buf_adds(&r->out, "<form class=\"login\" method=\"post\" action=\"/login\">"
	                  "<input type=\"hidden\" name=\"pre\" value=\"");
	buf_adds(&r->out, pre);
	buf_adds(&r->out,
	         "\"><label for=\"token\">API token</label>"
	         "<input type=\"password\" id=\"token\" name=\"token\" autocomplete=\"off\""
	         " required><button type=\"submit\">Sign in</button>"
	         "<p class=\"note\">Paste a token from <code>vouch serve token create</code>."
	         " The session lasts 8 hours.</p></form>");
	page_end(r, status);
}

void dash_login_form(struct sreq *r, const char *const *seg)
{
	login_page(r, 200, NULL);
}

void dash_login(struct sreq *r, const char *const *seg)
{
	struct buf pre = BUF_INIT_MAX(256), tok = BUF_INIT_MAX(256);
	char *cookie = NULL;

	if (!form_get(&pre, r->body, r->body_len, "pre") || !r->pre ||
	    !auth_equal(pre.ptr, r->pre)) {
		login_page(r, 403, "the sign-in form expired: try again");
		goto done;
	}
	if (!form_get(&tok, r->body, r->body_len, "token") ||
	    auth_token_check(&r->who, r->c, tok.ptr, NULL) < 0) {
		login_page(r, 401, "unknown or revoked token");
		goto done;
	}
	if (auth_session_create(&cookie, &r->who, r->c) < 0 ||
	    serve_audit(r->srv, r->c, r->who.name, "sign-in", "session", NULL) < 0) {
		reply_error(r, 500, "%s", err_msg());
		goto done;
	}
	snprintf(r->cookie[0], sizeof r->cookie[0],
	         "vouch_session=%s; Path=/; HttpOnly; SameSite=Strict%s", cookie,
	         r->tls ? "; Secure" : "");
	snprintf(r->cookie[1], sizeof r->cookie[1],
	         "vouch_pre=; Path=/login; Max-Age=0; HttpOnly; SameSite=Strict");
	redirect(r, "/portfolio");
done:
	if (cookie)
		xfree_secret(cookie, strlen(cookie));
	buf_wipe(&tok);
	buf_release(&pre);
}

void dash_logout(struct sreq *r, const char *const *seg)
{
	if (r->session)
		auth_session_delete(r->c, r->session);
	snprintf(r->cookie[0], sizeof r->cookie[0],
	         "vouch_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict%s",
	         r->tls ? "; Secure" : "");
	redirect(r, "/login");
}

/* Products a page of the portfolio shows (?page=N; ?page=all shows every one). */
#define PORTFOLIO_PAGE_ROWS 100

struct worst_key {
	int64_t not_met, unknown, open;
	size_t i; /* the product's place by name: the order among equals */
};

static int worst_cmp(const void *pa, const void *pb)
{
	const struct worst_key *a = pa, *b = pb;

	if (a->not_met != b->not_met)
		return a->not_met > b->not_met ? -1 : 1;
	if (a->unknown != b->unknown)
		return a->unknown > b->unknown ? -1 : 1;
	if (a->open != b->open)
		return a->open > b->open ? -1 : 1;
	return a->i < b->i ? -1 : a->i > b->i;
}

/*
 * The portfolio's table, the same for every viewer, by name or worst first:
 * into b, cut (cuts[], *ncuts) after its head, after every PORTFOLIO_PAGE_ROWS
 * rows and at its end, so that a page is the head, one run of rows and the
 * end (page_reply). *nrows the products. False and a reply on an error.
 */
static bool portfolio_table(struct sreq *r, struct buf *b, bool worst, size_t **cuts, size_t *ncuts,
                            size_t *nrows)
{
	struct store_rows prod = STORE_ROWS_INIT, cols = STORE_ROWS_INIT, pr = STORE_ROWS_INIT;
	const char **cell = NULL;
	struct worst_key *order = NULL;
	size_t k = 0, nc = 0;
	bool ok = false;

	/* open findings are counted at write time (products.open_findings, ingest.c); the
	 * columns are the principles of the products' newest assessments */
	if (!rows(r, &prod,
	          "SELECT p.name, ra.version, " INGEST_PRODUCT_OPEN " FROM products p"
	          " LEFT JOIN assessments a ON a.id = p.latest_assessment"
	          " LEFT JOIN releases ra ON ra.id = a.release_id ORDER BY p.name",
	          0, NULL) ||
	    !rows(r, &cols,
	          "SELECT DISTINCT pr.principle FROM products p JOIN principles pr"
	          " ON pr.assessment_id = p.latest_assessment ORDER BY pr.principle",
	          0, NULL) ||
	    !rows(r, &pr,
	          "SELECT p.name, pr.principle, pr.status FROM products p JOIN principles pr ON"
	          " pr.assessment_id = p.latest_assessment ORDER BY p.name, pr.principle",
	          0, NULL))
		goto done;
	/* each product's status in each column, and how it ranks worst first */
	cell = xcalloc(st_mult(prod.nrows, cols.nrows) + 1, sizeof *cell);
	order = xcalloc(prod.nrows + 1, sizeof *order);
	for (size_t i = 0; i < prod.nrows; i++) {
		const char *name = store_cell(&prod, i, 0);

		order[i] = (struct worst_key){ 0, 0, store_cell_i64(&prod, i, 2, 0), i };
		for (size_t j = 0; j < cols.nrows; j++) {
			const char *st = NULL;

			if (k < pr.nrows && !strcmp(store_cell(&pr, k, 0), name) &&
			    !strcmp(store_cell(&pr, k, 1), store_cell(&cols, j, 0)))
				st = store_cell(&pr, k++, 2);
			cell[i * cols.nrows + j] = st;
			order[i].not_met += st && !strcmp(st, "not_met");
			order[i].unknown += st && !strcmp(st, "unknown");
		}
		while (k < pr.nrows && !strcmp(store_cell(&pr, k, 0), name))
			k++;
	}
	if (worst)
		qsort(order, prod.nrows, sizeof *order, worst_cmp);
	*cuts = xcalloc(prod.nrows / PORTFOLIO_PAGE_ROWS + 3, sizeof **cuts);
	buf_adds(b, "<table><thead><tr><th>Product</th><th>Release</th>");
	for (size_t j = 0; j < cols.nrows; j++) {
		buf_adds(b, "<th>");
		link(b, "/claim/", store_cell(&cols, j, 0));
		buf_adds(b, "</th>");
	}
	buf_adds(b, "<th>Open findings</th></tr></thead><tbody>\n");
	(*cuts)[nc++] = b->len;
	for (size_t n = 0; n < prod.nrows; n++) {
		size_t i = order[n].i;

		buf_adds(b, "<tr><th>");
		link(b, "/product/", store_cell(&prod, i, 0));
		buf_adds(b, "</th>");
		td(b, store_cell(&prod, i, 1));
		for (size_t j = 0; j < cols.nrows; j++)
			status_cell(b, cell[i * cols.nrows + j]);
		td(b, store_cell(&prod, i, 2));
		buf_adds(b, "</tr>\n");
		if ((n + 1) % PORTFOLIO_PAGE_ROWS == 0 || n + 1 == prod.nrows)
			(*cuts)[nc++] = b->len;
	}
	buf_adds(b, "</tbody></table>\n<p class=\"note\">Column headers link to each "
	            "principle's claims across products. Colours repeat the text: met, not "
	            "met, unknown, n/a, no data.</p>");
	(*cuts)[nc++] = b->len;
	*ncuts = nc;
	*nrows = prod.nrows;
	ok = true;
done:
	free(cell);
	free(order);
	store_rows_release(&prod);
	store_rows_release(&cols);
	store_rows_release(&pr);
	return ok;
}

/* The portfolio's view from the query: ?sort=name|worst, ?page=N|all (0). False: replied. */
static bool portfolio_view(struct sreq *r, bool *worst, size_t *page)
{
	const char *sort = r->query ? r->query(r->ctx, "sort") : NULL,
	           *pg = r->query ? r->query(r->ctx, "page") : NULL;
	uint64_t n = 1;

	*worst = sort && !strcmp(sort, "worst");
	if (sort && !*worst && strcmp(sort, "name")) {
		reply_error(r, 400, "unknown order '%.40s': sort=name or sort=worst", sort);
		return false;
	}
	if (pg && strcmp(pg, "all") &&
	    (num_parse_u64(&n, pg, strlen(pg), 1000000, 0) < 0 || n == 0)) {
		err_clear();
		reply_error(r, 400, "page '%.40s' is not a number from 1, or 'all'", pg);
		return false;
	}
	*page = pg && !strcmp(pg, "all") ? 0 : (size_t)n;
	return true;
}

/* A link to the portfolio in another view, text its words. */
static void view_link(struct buf *b, bool worst, size_t page, const char *text)
{
	buf_adds(b, "<a href=\"/portfolio?");
	if (worst)
		buf_adds(b, "sort=worst&amp;");
	if (page)
		buf_addf(b, "page=%zu\">", page);
	else
		buf_adds(b, "page=all\">");
	buf_adds(b, text);
	buf_adds(b, "</a>");
}

/* What the page shows of the table, and the links to the rest: r->out, after page_begin. */
static void portfolio_nav(struct sreq *r, size_t nrows, size_t npages, bool worst, size_t page)
{
	struct buf *b = &r->out;
	size_t from = page ? (page - 1) * PORTFOLIO_PAGE_ROWS + 1 : 1,
	       to = page && page * PORTFOLIO_PAGE_ROWS < nrows ? page * PORTFOLIO_PAGE_ROWS : nrows;

	buf_addf(b,
	         "<p>%zu products, each against the Code's principles as of its newest "
	         "assessment",
	         nrows);
	if (worst)
		buf_adds(b, ", worst first: the most principles not met, then the most unknown, "
		            "then the most open findings");
	else
		buf_adds(b, ", by name");
	buf_adds(b, ".</p>\n<p class=\"nav\">");
	if (nrows)
		buf_addf(b, "Products %zu to %zu", from, to);
	if (page && npages > 1) {
		buf_addf(b, " (page %zu of %zu):", page, npages);
		if (page > 1) {
			buf_adds(b, " ");
			view_link(b, worst, 1, "first");
			buf_adds(b, ", ");
			view_link(b, worst, page - 1, "previous");
		}
		if (page < npages) {
			buf_adds(b, page > 1 ? ", " : " ");
			view_link(b, worst, page + 1, "next");
			buf_adds(b, ", ");
			view_link(b, worst, npages, "last");
		}
		buf_adds(b, ". ");
		view_link(b, worst, 0, "All on one page");
	} else if (npages > 1) {
		buf_adds(b, ". ");
		view_link(b, worst, 1, "In pages");
	}
	buf_adds(b, nrows ? ". " : "");
	view_link(b, !worst, page ? 1 : 0, worst ? "By name" : "Worst first");
	buf_adds(b, ".</p>\n");
}

/*
 * The table is rendered once per data generation and order and kept
 * (cache.c), cut a page at a time: a request whose generation matches reads
 * that one row and sends the kept chunks it shows as they lie (deflated,
 * when the client takes gzip: the whole table of 1,000 products is 424 kB).
 */
void dash_portfolio(struct sreq *r, const char *const *seg)
{
	struct buf table = BUF_INIT_MAX(r->out.max / 2);
	struct page_text *t;
	size_t *cuts = NULL, ncuts = 0, nrows = 0, page, npages, range[3][2], nr = 0;
	enum page_slot slot;
	bool worst;
	int64_t gen;

	if (!portfolio_view(r, &worst, &page))
		return;
	if (page_key(&gen, r) < 0) {
		reply_error(r, 500, "%s", err_msg());
		return;
	}
	slot = worst ? PAGE_PORTFOLIO_WORST : PAGE_PORTFOLIO;
	if (!(t = page_get(r->srv, slot, gen))) {
		if (!portfolio_table(r, &table, worst, &cuts, &ncuts, &nrows))
			goto done;
		t = page_keep(r->srv, slot, gen, &table, cuts, ncuts, nrows);
	}
	/* chunks: the table's head, its pages of rows, its end */
	npages = t->nchunks - 2;
	if (page > npages)
		page = npages;
	if (page) {
		size_t show[3][2] = { { 0, 1 }, { page, 1 }, { t->nchunks - 1, 1 } };

		memcpy(range, show, sizeof show);
		nr = 3;
	} else {
		range[0][0] = 0;
		range[0][1] = t->nchunks;
		nr = 1;
	}
	page_begin(r, "Portfolio");
	portfolio_nav(r, t->nrows, npages, worst, page);
	if (page_reply(r, t, page_foot, (const size_t(*)[2])range, nr))
		reply(r, 200, "text/html; charset=utf-8");
	else
		reply_error(r, 500, "out of memory");
done:
	free(cuts);
	buf_release(&table);
}

static const char *const severities[] = { "critical", "high", "medium", "low", "unknown" };
static const char *const ages[] = { "under 7 days", "7 to 30 days", "30 to 90 days",
	                            "over 90 days" };

static int age_bucket(const char *first_seen, int64_t now)
{
	int64_t t, d;

	if (store_parse_time(&t, first_seen) < 0)
		return 3;
	d = (now - t) / 86400;
	return d < 7 ? 0 : d < 30 ? 1 : d < 90 ? 2 : 3;
}

void dash_product(struct sreq *r, const char *const *seg)
{
	struct store_rows rel = STORE_ROWS_INIT, as = STORE_ROWS_INIT, cl = STORE_ROWS_INIT,
	                  fi = STORE_ROWS_INIT;
	const char *p[] = { seg[0] };
	size_t grid[5][4] = { { 0 } };
	int64_t now = (int64_t)time(NULL);

	if (!rows(r, &rel,
	          "SELECT r.version, r.created, r.released, r.end_of_support,"
	          " (SELECT COUNT(*) FROM assessments a WHERE a.release_id = r.id),"
	          " (SELECT s.components FROM sboms s WHERE s.release_id = r.id ORDER BY s.id DESC"
	          "  LIMIT 1),"
	          " " INGEST_RELEASE_OPEN
	          " FROM releases r JOIN products p ON p.id = r.product_id WHERE p.name = $1"
	          " ORDER BY r.id",
	          1, p))
		goto done;
	if (!rel.nrows) {
		reply_error(r, 404, "no product '%s'", seg[0]);
		goto done;
	}
	if (!rows(r, &as,
	          "SELECT a.id, r.version, a.uploaded, a.met, a.not_met, a.unknown, "
	          "a.not_applicable"
	          " FROM assessments a JOIN releases r ON r.id = a.release_id JOIN products p ON"
	          " p.id = r.product_id WHERE p.name = $1 ORDER BY a.id",
	          1, p) ||
	    !rows(r, &cl,
	          "SELECT c.claim, c.principle, c.status, c.basis, c.due, c.accept_expires"
	          " FROM products p JOIN claims c ON c.assessment_id = p.latest_assessment WHERE "
	          "p.name = $1 ORDER BY c.claim",
	          1, p) ||
	    !rows(r, &fi,
	          "SELECT f.vuln, f.purl, f.severity, f.score, r.version, f.first_seen"
	          " FROM findings f JOIN releases r ON r.id = f.release_id JOIN products p ON"
	          " p.id = r.product_id WHERE p.name = $1 AND " INGEST_OPEN(
	                  "f") " ORDER BY f.first_seen, f.vuln",
	          1, p))
		goto done;
	page_begin(r, seg[0]);
	buf_adds(&r->out, "<h2>Releases</h2><table><thead><tr><th>Version</th><th>First seen</th>"
	                  "<th>Released</th><th>End of support</th><th>Assessments</th>"
	                  "<th>Components</th><th>Open findings</th></tr></thead><tbody>\n");
	for (size_t i = 0; i < rel.nrows; i++) {
		buf_adds(&r->out, "<tr>");
		for (size_t j = 0; j < 7; j++)
			td(&r->out, store_cell(&rel, i, j));
		buf_adds(&r->out, "</tr>\n");
	}
	buf_adds(&r->out, "</tbody></table>\n<h2>Trend across assessments</h2><table><thead><tr>"
	                  "<th>Assessment</th><th>Release</th><th>Uploaded</th><th>Met</th>"
	                  "<th>Not met</th><th>Unknown</th><th>n/a</th><th>Share met</th></tr>"
	                  "</thead><tbody>\n");
	for (size_t i = 0; i < as.nrows; i++) {
		int64_t met = store_cell_i64(&as, i, 3, 0), total = 0;

		for (size_t j = 3; j < 7; j++)
			total += store_cell_i64(&as, i, j, 0);
		buf_adds(&r->out, "<tr>");
		for (size_t j = 0; j < 7; j++)
			td(&r->out, store_cell(&as, i, j));
		buf_addf(&r->out,
		         "<td><meter min=\"0\" max=\"%" PRId64 "\" value=\"%" PRId64 "\">%" PRId64
		         " of %" PRId64 "</meter> %" PRId64 " of %" PRId64 "</td></tr>\n",
		         total, met, met, total, met, total);
	}
	buf_adds(&r->out, "</tbody></table>\n<h2>Open findings by severity and age</h2>");
	for (size_t i = 0; i < fi.nrows; i++) {
		const char *sev = store_cell(&fi, i, 2);
		size_t s = 4;

		for (size_t j = 0; j < 4; j++)
			if (sev && !strcmp(sev, severities[j]))
				s = j;
		grid[s][age_bucket(store_cell(&fi, i, 5), now)]++;
	}
	buf_adds(&r->out, "<table><thead><tr><th>Severity</th>");
	for (size_t j = 0; j < 4; j++)
		buf_addf(&r->out, "<th>%s</th>", ages[j]);
	buf_adds(&r->out, "</tr></thead><tbody>\n");
	for (size_t s = 0; s < 5; s++) {
		buf_addf(&r->out, "<tr><th class=\"sev-%s\">%s</th>", severities[s], severities[s]);
		for (size_t j = 0; j < 4; j++)
			buf_addf(&r->out, "<td>%zu</td>", grid[s][j]);
		buf_adds(&r->out, "</tr>\n");
	}
	buf_adds(&r->out, "</tbody></table>\n");
	if (fi.nrows) {
		buf_adds(&r->out,
		         "<table><thead><tr><th>Vulnerability</th><th>Component</th>"
		         "<th>Severity</th><th>Score</th><th>Release</th><th>First seen</th>"
		         "</tr></thead><tbody>\n");
		for (size_t i = 0; i < fi.nrows && i < 500; i++) {
			buf_adds(&r->out, "<tr>");
			for (size_t j = 0; j < 6; j++)
				td(&r->out, store_cell(&fi, i, j));
			buf_adds(&r->out, "</tr>\n");
		}
		buf_adds(&r->out, "</tbody></table>\n");
	}
	buf_adds(&r->out, "<h2>Claims (newest assessment)</h2><table><thead><tr><th>Claim</th>"
	                  "<th>Principle</th><th>Status</th><th>Basis</th><th>Gap due</th>"
	                  "<th>Risk accepted until</th></tr></thead><tbody>\n");
	for (size_t i = 0; i < cl.nrows; i++) {
		buf_adds(&r->out, "<tr><td>");
		link(&r->out, "/claim/", store_cell(&cl, i, 0));
		buf_adds(&r->out, "</td>");
		td(&r->out, store_cell(&cl, i, 1));
		status_cell(&r->out, store_cell(&cl, i, 2));
		td(&r->out, store_cell(&cl, i, 3));
		td(&r->out, store_cell(&cl, i, 4));
		td(&r->out, store_cell(&cl, i, 5));
		buf_adds(&r->out, "</tr>\n");
	}
	buf_adds(&r->out, "</tbody></table>\n");
	page_end(r, 200);
done:
	store_rows_release(&rel);
	store_rows_release(&as);
	store_rows_release(&cl);
	store_rows_release(&fi);
}

void dash_claim(struct sreq *r, const char *const *seg)
{
	struct store_rows cl = STORE_ROWS_INIT;
	const char *p[] = { seg[0] };
	bool principle = !strchr(seg[0], '.') || !strchr(strchr(seg[0], '.') + 1, '.');

	/* "1.2" is a principle: its claims; "1.2.3" one claim */
	if (!rows(r, &cl,
	          principle ? "SELECT p.name, c.claim, c.status, c.basis, c.due FROM products p"
	                      " JOIN claims c ON c.assessment_id = p.latest_assessment AND "
	                      "c.principle = $1 ORDER BY p.name, c.claim"
	                    : "SELECT p.name, c.claim, c.status, c.basis, c.due FROM products p"
	                      " JOIN claims c ON c.assessment_id = p.latest_assessment AND c.claim "
	                      "= $1 ORDER BY p.name",
	          1, p))
		return;
	page_begin(r, principle ? "Principle" : "Claim");
	buf_adds(&r->out, "<p>");
	html_esc(&r->out, seg[0]);
	buf_addf(&r->out, " across products (newest assessment of each): %zu rows.</p>", cl.nrows);
	buf_adds(&r->out, "<table><thead><tr><th>Product</th><th>Claim</th><th>Status</th>"
	                  "<th>Basis</th><th>Gap due</th></tr></thead><tbody>\n");
	for (size_t i = 0; i < cl.nrows; i++) {
		buf_adds(&r->out, "<tr><td>");
		link(&r->out, "/product/", store_cell(&cl, i, 0));
		buf_adds(&r->out, "</td>");
		td(&r->out, store_cell(&cl, i, 1));
		status_cell(&r->out, store_cell(&cl, i, 2));
		td(&r->out, store_cell(&cl, i, 3));
		td(&r->out, store_cell(&cl, i, 4));
		buf_adds(&r->out, "</tr>\n");
	}
	buf_adds(&r->out, "</tbody></table>\n");
	page_end(r, 200);
	store_rows_release(&cl);
}

void dash_deadlines(struct sreq *r, const char *const *seg)
{
	struct deadlines d;
	int64_t today = serve_today();
	char day[16];
	size_t late = 0;

	if (serve_deadlines(&d, &r->srv->cfg, r->c, today) < 0) {
		reply_error(r, 500, "%s", err_msg());
		return;
	}
	for (size_t i = 0; i < d.n; i++)
		late += d.v[i].days < 0;
	assess_date_text(day, today);
	page_begin(r, "Deadlines");
	buf_addf(&r->out,
	         "<p>As of %s: %zu item(s), %zu overdue. Listed: end-of-support notices due "
	         "(one year ahead), security.txt expiring, declared claims last reviewed a year "
	         "ago, risk acceptances expiring, gaps due to close, each from %d days before its "
	         "date; open findings once past the fix target for their severity (",
	         day, d.n, late, SERVE_DEADLINE_HORIZON);
	for (size_t k = 0; k < SERVE_NSEV; k++)
		buf_addf(&r->out, "%s%s %u days", k ? ", " : "", serve_severity_name(k),
		         serve_fix_target(&r->srv->cfg, serve_severity_name(k)));
	buf_adds(&r->out, "; a product's own, from [fix_targets] in its vouch.toml, come first"
	                  "). Also as <a href=\"/api/v1/deadlines\">JSON</a> and <a "
	                  "href=\"/api/v1/export/deadlines.csv\">CSV</a>.</p>\n");
	buf_adds(&r->out, "<table><thead><tr><th>Product</th><th>What</th><th>Kind</th>"
	                  "<th>Due</th><th>Days left</th></tr></thead><tbody>\n");
	for (size_t i = 0; i < d.n; i++) {
		const struct deadline *x = &d.v[i];

		buf_addf(&r->out, "<tr%s><td>", x->days < 0 ? " class=\"late\"" : "");
		link(&r->out, "/product/", x->product);
		buf_adds(&r->out, "</td>");
		td(&r->out, x->what);
		td(&r->out, x->kind);
		td(&r->out, x->due);
		if (x->days < 0)
			buf_addf(&r->out, "<td>%" PRId64 " overdue</td>", -x->days);
		else
			buf_addf(&r->out, "<td>%" PRId64 "</td>", x->days);
		buf_adds(&r->out, "</tr>\n");
	}
	buf_adds(&r->out, "</tbody></table>\n");
	if (!d.n)
		buf_adds(&r->out, "<p class=\"note\">Nothing falls due.</p>");
	page_end(r, 200);
	deadlines_release(&d);
}
