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
#include <sqlite3.h>
#include <time.h>
#include <unistd.h>

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
	if (m->sc.npkgs) {
		/* one read transaction: SQLite would otherwise lock and check the file per query */
		sqlite3_exec(vulndb_sqlite(db), "BEGIN", NULL, NULL, NULL);
		r = scan_run(&m->sc, db);
		sqlite3_exec(vulndb_sqlite(db), "COMMIT", NULL, NULL, NULL);
		if (r < 0)
			goto done;
	}
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

/*
 * Watching the vulnerability database. Its generation is what `vouch db`
 * records on every import ("created" and "updated" in its meta table), so
 * copies of one database on several machines have the same generation. Each
 * generation is claimed once per store by a row of rematches: the server
 * whose INSERT adds the row re-matches, the others see it there and do
 * nothing. A claim left unfinished for CLAIM_STALE seconds (its server died)
 * may be taken over. Nothing is kept in the process but the generation it
 * last saw, which only saves a claim attempt.
 */
#define CLAIM_STALE 3600

/*
 * "created updated advisories newest-modified": an import that adds, changes
 * or withdraws advisories changes it, even two within one second.
 */
static int vulndb_generation(char **out, const char *path)
{
	struct vulndb *db = NULL;
	char *created = NULL, *updated = NULL;
	struct buf b = BUF_INIT;
	sqlite3_stmt *st = NULL;
	int r;

	*out = NULL;
	if ((r = vulndb_open(&db, path, VULNDB_READONLY)) < 0)
		return r;
	if ((r = vulndb_meta_get(db, "created", &created)) < 0 ||
	    (r = vulndb_meta_get(db, "updated", &updated)) < 0)
		goto done;
	if (sqlite3_prepare_v2(vulndb_sqlite(db), "SELECT count(*), max(modified) FROM advisory",
	                       -1, &st, NULL) != SQLITE_OK ||
	    sqlite3_step(st) != SQLITE_ROW) {
		r = err_set(ERR_IO, "database '%s': %s", path, sqlite3_errmsg(vulndb_sqlite(db)));
		goto done;
	}
	buf_addf(&b, "%s %s %lld %s", created ? created : "-", updated ? updated : "-",
	         (long long)sqlite3_column_int64(st, 0),
	         sqlite3_column_text(st, 1) ? (const char *)sqlite3_column_text(st, 1) : "-");
	*out = buf_detach(&b, NULL);
done:
	sqlite3_finalize(st);
	vulndb_close(db);
	free(created);
	free(updated);
	return r;
}

/* True when this server now holds the claim on generation gen. */
static int claim(bool *won, struct store_conn *c, const char *gen)
{
	struct store_rows rows = STORE_ROWS_INIT;
	char now[32], stale[32], who[300], host[256] = "?";
	const char *p[] = { gen, now, who, stale };
	int r;

	store_now(now);
	store_time(stale, (int64_t)time(NULL) - CLAIM_STALE);
	gethostname(host, sizeof host - 1);
	snprintf(who, sizeof who, "%s:%ld", host, (long)getpid());
	r = store_exec(&rows, c,
	               "INSERT INTO rematches (generation, claimed, server) VALUES ($1, $2, $3)"
	               " ON CONFLICT (generation) DO NOTHING RETURNING generation",
	               3, p);
	if (r == 0 && !rows.nrows)
		r = store_exec(
		        &rows, c,
		        "UPDATE rematches SET claimed = $2, server = $3 WHERE generation = $1"
		        " AND finished IS NULL AND claimed < $4 RETURNING generation",
		        4, p);
	*won = r == 0 && rows.nrows == 1;
	store_rows_release(&rows);
	return r;
}

int serve_watch_once(struct serve *s, bool *ran)
{
	struct store_conn *c;
	struct buf detail = BUF_INIT;
	char *gen = NULL, now[32], num[3][24];
	size_t rel = 0, added = 0, fixed = 0;
	bool won = false;
	int r;

	*ran = false;
	if (!s->cfg.vulndb)
		return 0;
	if ((r = vulndb_generation(&gen, s->cfg.vulndb)) < 0)
		return r;
	if (s->generation && !strcmp(s->generation, gen)) {
		free(gen);
		return 0;
	}
	c = store_acquire(s->st);
	r = claim(&won, c, gen);
	store_give_back(s->st, c);
	if (r < 0 || !won)
		goto done;
	*ran = true;
	r = serve_rematch(s, &rel, &added, &fixed);
	if (r < 0)
		buf_addf(&detail, "%s", err_msg());
	else
		buf_addf(&detail, "database %s: %zu releases, %zu new findings, %zu fixed", gen,
		         rel, added, fixed);
	store_now(now);
	snprintf(num[0], sizeof num[0], "%zu", rel);
	snprintf(num[1], sizeof num[1], "%zu", added);
	snprintf(num[2], sizeof num[2], "%zu", fixed);
	{
		const char *p[] = { gen, now, num[0], num[1], num[2], r < 0 ? detail.ptr : NULL };
		int r2;

		c = store_acquire(s->st);
		r2 = store_exec(NULL, c,
		                "UPDATE rematches SET finished = $2, releases = $3,"
		                " new_findings = $4, fixed = $5, error = $6 WHERE generation = $1",
		                6, p);
		if (r2 == 0 && r == 0)
			r2 = serve_audit(s, c, "monitor", "rematch", "all", detail.ptr);
		store_give_back(s->st, c);
		if (r == 0)
			r = r2;
	}
done:
	if (r == 0 || won) { /* a failed re-match is recorded, not tried again and again */
		free(s->generation);
		s->generation = gen;
		gen = NULL;
	}
	free(gen);
	buf_release(&detail);
	return r;
}

static void *watch_main(void *arg)
{
	struct serve *s = arg;
	bool ran;

	pthread_mutex_lock(&s->watch_lock);
	while (!s->stopping) {
		struct timespec until;

		/* the first check at once: a server started after an update re-matches now */
		pthread_mutex_unlock(&s->watch_lock);
		serve_watch_once(s, &ran); /* a failure is retried at the next check */
		err_clear();
		pthread_mutex_lock(&s->watch_lock);
		if (s->stopping)
			break;
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += s->cfg.watch;
		pthread_cond_timedwait(&s->watch_wake, &s->watch_lock, &until);
	}
	pthread_mutex_unlock(&s->watch_lock);
	return NULL;
}

int serve_watch_start(struct serve *s)
{
	if (!s->cfg.vulndb || !s->cfg.watch)
		return 0;
	pthread_mutex_init(&s->watch_lock, NULL);
	pthread_cond_init(&s->watch_wake, NULL);
	if (pthread_create(&s->watcher, NULL, watch_main, s) != 0) {
		pthread_mutex_destroy(&s->watch_lock);
		pthread_cond_destroy(&s->watch_wake);
		return err_set(ERR_GENERIC, "cannot start the database watcher");
	}
	s->watching = true;
	return 0;
}

void serve_watch_stop(struct serve *s)
{
	if (s->watching) {
		pthread_mutex_lock(&s->watch_lock);
		s->stopping = true;
		pthread_cond_signal(&s->watch_wake);
		pthread_mutex_unlock(&s->watch_lock);
		pthread_join(s->watcher, NULL);
		pthread_mutex_destroy(&s->watch_lock);
		pthread_cond_destroy(&s->watch_wake);
		s->watching = false;
	}
	free(s->generation);
	s->generation = NULL;
}
