/*
 * monitor.c: continuous monitoring. Every release's newest SBOM is matched
 * again with the scanner's own core (match/scan.h) against the server's
 * vulnerability database; the findings are recorded with source "monitor"
 * (first_seen kept, fixed_at set for those gone), and a webhook receives the
 * new ones at or above the configured level.
 */
#include "util/compat.h"
#include "core/serve/serve_int.h"
#include "core/serve/ingest.h"
#include "core/match/report.h"
#include "core/match/scan.h"
#include "core/vulndb/cvss.h"
#include "core/vulndb/db.h"
#include "util/alloc.h"
#include "util/err.h"
#include "util/json.h"
#include "util/strmap.h"

#include <curl/curl.h>

static size_t discard(char *p, size_t size, size_t n, void *u)
{
	(void)p;
	(void)u;
	return size * n;
}

/* POSTs the JSON document; a failure is returned (the caller decides whether it matters). */
int serve_webhook_post(const char *url, const struct buf *doc)
{
	CURL *h = curl_easy_init();
	struct curl_slist *hdr = NULL;
	long code = 0;
	CURLcode rc;

	if (!h)
		return err_set(ERR_NOMEM, "cannot start a web request");
	hdr = curl_slist_append(hdr, "Content-Type: application/json");
	curl_easy_setopt(h, CURLOPT_URL, url);
	curl_easy_setopt(h, CURLOPT_HTTPHEADER, hdr);
	curl_easy_setopt(h, CURLOPT_POSTFIELDS, doc->ptr);
	curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)doc->len);
	curl_easy_setopt(h, CURLOPT_TIMEOUT, 15L);
	curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, discard);
	rc = curl_easy_perform(h);
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code);
	curl_slist_free_all(hdr);
	curl_easy_cleanup(h);
	if (rc != CURLE_OK)
		return err_set(ERR_IO, "webhook '%s': %s", url, curl_easy_strerror(rc));
	if (code < 200 || code > 299)
		return err_set(ERR_IO, "webhook '%s' answered %ld", url, code);
	return 0;
}

/*
 * Every component of every release's newest SBOM is looked up once however
 * many products share it: products of one vendor share most of their
 * dependencies, and the lookups are the cost.
 */
struct matched {
	struct scan sc;
	struct strmap by_purl; /* purl -> index in sc.pkgs */
	size_t *first, *next;  /* per package its findings: first[pkg], then next[finding] */
};

static int match_all(struct matched *m, struct store_conn *c, struct vulndb *db)
{
	struct store_rows comp = STORE_ROWS_INIT;
	int r;

	r = store_exec(&comp, c,
	               "SELECT DISTINCT purl FROM components WHERE sbom_id IN"
	               " (SELECT MAX(id) FROM sboms GROUP BY release_id)",
	               0, NULL);
	if (r < 0)
		goto done;
	for (size_t i = 0; i < comp.nrows; i++) {
		char *eco = NULL, *name = NULL, *ver = NULL;
		const char *purl = store_cell(&comp, i, 0);

		if (purl && scan_purl_package(&eco, &name, &ver, purl) == 0 && ver)
			scan_add_pkg(&m->sc, eco, name, ver, purl);
		err_clear();
		free(eco);
		free(name);
		free(ver);
	}
	if (m->sc.npkgs && (r = scan_run(&m->sc, db)) < 0)
		goto done;
	for (size_t i = 0; i < m->sc.npkgs; i++)
		strmap_put(&m->by_purl, m->sc.pkgs[i].purl, (unsigned)i);
	m->first = xcalloc(m->sc.npkgs + 1, sizeof *m->first);
	m->next = xcalloc(m->sc.nfindings + 1, sizeof *m->next);
	for (size_t i = 0; i < m->sc.npkgs; i++)
		m->first[i] = SIZE_MAX;
	for (size_t i = m->sc.nfindings; i-- > 0;) {
		size_t pk = m->sc.findings[i].pkg;

		m->next[i] = m->first[pk];
		m->first[pk] = i;
	}
done:
	store_rows_release(&comp);
	return r;
}

static void matched_release(struct matched *m)
{
	scan_release(&m->sc);
	strmap_release(&m->by_purl);
	free(m->first);
	free(m->next);
}

/* Records one release's findings (those of its newest SBOM's components); new ones go to hook. */
static int rematch_one(struct ingest_result *res, struct store_conn *c, const struct matched *m,
                       int64_t release, const char *sbom, const char *product, const char *version,
                       enum cvss_severity level, struct jw *hook, size_t *hooked)
{
	struct store_rows comp = STORE_ROWS_INIT;
	struct ingest_finding *v = NULL;
	const struct finding **src = NULL;
	char(*scores)[8] = NULL;
	bool *is_new = NULL, in_tx = false;
	const char *p[] = { sbom };
	size_t n = 0, alloc = 0;
	int r;

	if ((r = store_exec(&comp, c, "SELECT DISTINCT purl FROM components WHERE sbom_id = $1", 1,
	                    p)) < 0)
		goto done;
	for (size_t i = 0; i < comp.nrows; i++) {
		const unsigned *pk = store_cell(&comp, i, 0)
		                             ? strmap_get(&m->by_purl, store_cell(&comp, i, 0))
		                             : NULL;

		for (size_t f = pk ? m->first[*pk] : SIZE_MAX; f != SIZE_MAX; f = m->next[f]) {
			if (n == alloc) {
				alloc = alloc ? 2 * alloc : 64;
				v = xreallocarray(v, alloc, sizeof *v);
				src = xreallocarray(src, alloc, sizeof *src);
			}
			src[n++] = &m->sc.findings[f];
		}
	}
	scores = xcalloc(n + 1, sizeof *scores);
	is_new = xcalloc(n + 1, sizeof *is_new);
	for (size_t i = 0; i < n; i++) {
		const struct finding *f = src[i];

		memset(&v[i], 0, sizeof v[i]);
		v[i].vuln = f->id;
		v[i].purl = m->sc.pkgs[f->pkg].purl;
		v[i].severity = cvss_severity_lname(f->level);
		v[i].summary = f->summary;
		if (f->score10 >= 0) {
			report_score(scores[i], f->score10);
			v[i].score = scores[i];
		}
	}
	if ((r = store_begin(c)) < 0)
		goto done;
	in_tx = true;
	if ((r = ingest_findings(res, c, release, "monitor", v, n, is_new)) < 0)
		goto done;
	if ((r = store_commit(c)) < 0)
		goto done;
	in_tx = false;
	for (size_t i = 0; hook && i < n; i++) {
		if (!is_new[i] || src[i]->suppressed || src[i]->level < level)
			continue;
		jw_obj_begin(hook);
		jw_kstr(hook, "product", product);
		jw_kstr(hook, "version", version);
		jw_kstr(hook, "id", v[i].vuln);
		jw_kstr(hook, "purl", v[i].purl);
		jw_kstr(hook, "severity", v[i].severity);
		jw_obj_end(hook);
		(*hooked)++;
	}
done:
	if (in_tx)
		store_rollback(c);
	free(v);
	free(src);
	free(scores);
	free(is_new);
	store_rows_release(&comp);
	return r;
}

int serve_rematch(struct serve *s, size_t *out_releases, size_t *out_new, size_t *out_fixed)
{
	struct vulndb *db = NULL;
	struct store_rows rel = STORE_ROWS_INIT;
	struct matched m = { SCAN_INIT, STRMAP_INIT, NULL, NULL };
	struct store_conn *c = NULL;
	struct buf doc = BUF_INIT;
	struct jw w;
	enum cvss_severity level =
	        cvss_severity_parse(s->cfg.webhook_level, strlen(s->cfg.webhook_level));
	size_t hooked = 0;
	int r;

	*out_releases = *out_new = *out_fixed = 0;
	if (!s->cfg.vulndb)
		return err_set(ERR_USAGE, "no vulnerability database configured");
	pthread_mutex_lock(&s->rematch_lock);
	if ((r = vulndb_open(&db, s->cfg.vulndb, VULNDB_READONLY | VULNDB_ADVISORIES)) < 0)
		goto done;
	c = store_acquire(s->st);
	r = store_exec(&rel, c,
	               "SELECT r.id, s.id, p.name, r.version FROM releases r"
	               " JOIN products p ON p.id = r.product_id"
	               " JOIN sboms s ON s.id = (SELECT MAX(s2.id) FROM sboms s2"
	               "  WHERE s2.release_id = r.id) ORDER BY r.id",
	               0, NULL);
	if (r < 0 || (r = match_all(&m, c, db)) < 0)
		goto done;
	jw_init(&w, &doc, false);
	jw_obj_begin(&w);
	jw_kstr(&w, "event", "new_findings");
	jw_key(&w, "findings");
	jw_arr_begin(&w);
	for (size_t i = 0; i < rel.nrows; i++) {
		struct ingest_result res = { 0 };

		r = rematch_one(&res, c, &m, store_cell_i64(&rel, i, 0, -1), store_cell(&rel, i, 1),
		                store_cell(&rel, i, 2), store_cell(&rel, i, 3), level,
		                s->cfg.webhook ? &w : NULL, &hooked);
		if (r < 0) {
			err_prefix("release '%s' of '%s': ", store_cell(&rel, i, 3),
			           store_cell(&rel, i, 2));
			goto done;
		}
		(*out_releases)++;
		*out_new += res.new_findings;
		*out_fixed += res.fixed;
	}
	jw_arr_end(&w);
	jw_obj_end(&w);
	if ((r = jw_finish(&w)) < 0)
		goto done;
	if (s->cfg.webhook && hooked)
		r = serve_webhook_post(s->cfg.webhook, &doc);
done:
	if (c)
		store_give_back(s->st, c);
	vulndb_close(db);
	matched_release(&m);
	store_rows_release(&rel);
	buf_release(&doc);
	pthread_mutex_unlock(&s->rematch_lock);
	return r;
}
