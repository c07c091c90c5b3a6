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
#include "util/num.h"
#include "util/strmap.h"

#include <curl/curl.h>
#include <stdatomic.h>
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
 * The re-match, in bounded memory. Every distinct purl of the releases'
 * newest SBOMs is looked up once however many products share it (products of
 * one vendor share most of their dependencies, and the lookups are the
 * cost), but REMATCH_BATCH at a time: the distinct purls go to a temporary
 * table of the store connection, each batch's findings to another, and each
 * batch is freed before the next. Then each release reads its findings from
 * there with one join and records them in its own transaction. What the
 * process holds is one batch, one release's findings and the list of
 * releases, whatever the number of stored SBOMs.
 */
#define REMATCH_BATCH 4000
#define REMATCH_ROWS  100 /* findings per INSERT into rematch_hits */

void serve_halt(struct serve *s)
{
	atomic_store(&s->halt, true);
}

static bool halted(struct serve *s)
{
	return atomic_load(&s->halt);
}

static int halt_error(void)
{
	return err_set(ERR_IO, "the server is stopping: the re-match was interrupted");
}

#define HITS_TABLE                                                                                 \
	"CREATE TEMP TABLE IF NOT EXISTS rematch_hits (purl TEXT NOT NULL, vuln TEXT NOT NULL,"    \
	" aliases TEXT, level BIGINT NOT NULL, score TEXT, summary TEXT)"
#define PURLS_FILL                                                                                 \
	"INSERT INTO rematch_purls SELECT DISTINCT purl FROM components WHERE sbom_id IN"          \
	" (SELECT MAX(id) FROM sboms GROUP BY release_id)"

static int hits_prepare(struct store_conn *c)
{
	static const char *const sql[] = {
		"CREATE TEMP TABLE IF NOT EXISTS rematch_purls (purl TEXT PRIMARY KEY)",
		HITS_TABLE,
		"CREATE INDEX IF NOT EXISTS rematch_hits_purl ON rematch_hits (purl)",
		"DELETE FROM rematch_purls",
		"DELETE FROM rematch_hits",
		PURLS_FILL,
	};
	int r = 0;

	for (size_t i = 0; i < ARRAY_SIZE(sql) && r == 0; i++)
		r = store_exec(NULL, c, sql[i], 0, NULL);
	return r;
}

/* Inserts the batch's findings into rematch_hits, REMATCH_ROWS a statement. */
static int hits_store(struct store_conn *c, const struct scan *sc)
{
	const char *q[6 * REMATCH_ROWS];
	char lv[REMATCH_ROWS][4], sc10[REMATCH_ROWS][8];
	struct buf sql = BUF_INIT, al = BUF_INIT;
	char *alias[REMATCH_ROWS] = { 0 };
	size_t nb = 0;
	int r = 0;

	for (size_t i = 0; i <= sc->nfindings && r == 0; i++) {
		if (i < sc->nfindings) {
			const struct finding *f = &sc->findings[i];

			buf_reset(&al);
			for (size_t k = 0; k < f->naliases; k++)
				if (!strchr(f->aliases[k], ' '))
					buf_addf(&al, "%s%s", al.len ? " " : "", f->aliases[k]);
			alias[nb] = al.len ? xstrdup(al.ptr) : NULL;
			snprintf(lv[nb], sizeof lv[nb], "%d", (int)f->level);
			sc10[nb][0] = 0;
			if (f->score10 >= 0)
				report_score(sc10[nb], f->score10);
			buf_addf(&sql, "%s($%zu, $%zu, $%zu, $%zu, $%zu, $%zu)", nb ? ", " : "",
			         1 + 6 * nb, 2 + 6 * nb, 3 + 6 * nb, 4 + 6 * nb, 5 + 6 * nb,
			         6 + 6 * nb);
			q[6 * nb] = sc->pkgs[f->pkg].purl;
			q[6 * nb + 1] = f->id;
			q[6 * nb + 2] = alias[nb];
			q[6 * nb + 3] = lv[nb];
			q[6 * nb + 4] = sc10[nb][0] ? sc10[nb] : NULL;
			q[6 * nb + 5] = f->summary;
			nb++;
		}
		if (nb && (nb == REMATCH_ROWS || i == sc->nfindings)) {
			struct buf full = BUF_INIT;

			buf_addf(&full,
			         "INSERT INTO rematch_hits (purl, vuln, aliases, level, score, "
			         "summary)"
			         " VALUES %s",
			         sql.ptr);
			r = store_exec(NULL, c, full.ptr, 6 * nb, q);
			buf_release(&full);
			buf_reset(&sql);
			for (size_t k = 0; k < nb; k++)
				free(alias[k]);
			nb = 0;
		}
	}
	buf_release(&sql);
	buf_release(&al);
	return r;
}

/* Matches the distinct purls REMATCH_BATCH at a time; their findings go to rematch_hits. */
static int match_all(struct serve *s, struct store_conn *c, struct vulndb *db)
{
	struct store_rows page = STORE_ROWS_INIT;
	char *last = xstrdup("");
	int r;

	if ((r = hits_prepare(c)) < 0)
		goto done;
	for (;;) {
		struct scan sc = SCAN_INIT;
		char lim[24];

		snprintf(lim, sizeof lim, "%d", REMATCH_BATCH);
		{
			const char *pl[] = { last, lim };

			r = store_exec(
			        &page, c,
			        "SELECT purl FROM rematch_purls WHERE purl > $1 ORDER BY purl"
			        " LIMIT $2",
			        2, pl);
		}
		if (r < 0 || !page.nrows)
			break;
		for (size_t i = 0; i < page.nrows; i++) {
			char *eco = NULL, *name = NULL, *ver = NULL;
			const char *purl = store_cell(&page, i, 0);

			if (purl && scan_purl_package(&eco, &name, &ver, purl) == 0 && ver)
				scan_add_pkg(&sc, eco, name, ver, purl);
			err_clear();
			free(eco);
			free(name);
			free(ver);
		}
		free(last);
		last = xstrdup(store_cell(&page, page.nrows - 1, 0));
		if (sc.npkgs) {
			/* one read transaction: SQLite would otherwise lock and check the file per
			 * query */
			sqlite3_exec(vulndb_sqlite(db), "BEGIN", NULL, NULL, NULL);
			r = scan_run(&sc, db);
			sqlite3_exec(vulndb_sqlite(db), "COMMIT", NULL, NULL, NULL);
			if (r == 0 && (r = store_exec(NULL, c, "BEGIN", 0, NULL)) == 0) {
				r = hits_store(c, &sc);
				if (r == 0)
					r = store_exec(NULL, c, "COMMIT", 0, NULL);
				else
					store_rollback(c);
			}
		}
		scan_release(&sc);
		if (r == 0 && halted(s))
			r = halt_error();
		if (r < 0)
			break;
	}
done:
	free(last);
	store_rows_release(&page);
	return r;
}

/* The webhook's document of new findings: posted every HOOK_CHUNK findings and at the end. */
#define HOOK_CHUNK 1000

struct hook {
	const char *url;
	struct buf doc;
	struct jw w;
	size_t n, total;
	char *err; /* the first failed post's message */
};

static void hook_begin(struct hook *h)
{
	buf_reset(&h->doc);
	jw_init(&h->w, &h->doc, false);
	jw_obj_begin(&h->w);
	jw_kstr(&h->w, "event", "new_findings");
	jw_key(&h->w, "findings");
	jw_arr_begin(&h->w);
	h->n = 0;
}

static void hook_flush(struct hook *h)
{
	int r;

	jw_arr_end(&h->w);
	jw_obj_end(&h->w);
	r = jw_finish(&h->w);
	if (r == 0 && h->n)
		r = serve_webhook_post(h->url, &h->doc);
	if (r < 0 && !h->err)
		h->err = xstrdup(err_msg());
	err_clear();
	hook_begin(h);
}

static void hook_add(struct hook *h, const char *product, const char *version,
                     const struct ingest_finding *f)
{
	jw_obj_begin(&h->w);
	jw_kstr(&h->w, "product", product);
	jw_kstr(&h->w, "version", version);
	jw_kstr(&h->w, "id", f->vuln);
	jw_kstr(&h->w, "purl", f->purl);
	jw_kstr(&h->w, "severity", f->severity);
	jw_obj_end(&h->w);
	h->total++;
	if (++h->n == HOOK_CHUNK)
		hook_flush(h);
}

/* Records one release's findings (those of its newest SBOM's components); new ones go to hook. */
static int rematch_one(struct ingest_result *res, struct store_conn *c, int64_t release,
                       const char *sbom, const char *product, const char *version,
                       enum cvss_severity level, struct hook *hook)
{
	struct store_rows hits = STORE_ROWS_INIT, keep = STORE_ROWS_INIT;
	struct ingest_finding *v = NULL;
	bool *is_new = NULL, in_tx = false;
	const char *p[] = { sbom };
	size_t n;
	int r;

	if ((r = store_exec(&hits, c,
	                    "SELECT h.vuln, h.purl, h.aliases, h.level, h.score, h.summary"
	                    " FROM (SELECT DISTINCT purl FROM components WHERE sbom_id = $1) c"
	                    " JOIN rematch_hits h ON h.purl = c.purl",
	                    1, p)) < 0)
		goto done;
	n = hits.nrows;
	v = xcalloc(n + 1, sizeof *v);
	is_new = xcalloc(n + 1, sizeof *is_new);
	for (size_t i = 0; i < n; i++) {
		v[i].vuln = store_cell(&hits, i, 0);
		v[i].purl = store_cell(&hits, i, 1);
		v[i].aliases = store_cell(&hits, i, 2);
		v[i].severity = cvss_severity_lname(
		        (enum cvss_severity)store_cell_i64(&hits, i, 3, CVSS_SEV_NONE));
		v[i].score = store_cell(&hits, i, 4);
		v[i].summary = store_cell(&hits, i, 5);
	}
	if ((r = store_begin(c)) < 0)
		goto done;
	in_tx = true;
	if ((r = ingest_suppress(&keep, c, release, v, n)) < 0 ||
	    (r = ingest_findings(res, c, release, "monitor", v, n, is_new)) < 0)
		goto done;
	if ((r = store_commit(c)) < 0)
		goto done;
	in_tx = false;
	for (size_t i = 0; hook && i < n; i++)
		if (is_new[i] && !v[i].suppressed && store_cell_i64(&hits, i, 3, 0) >= (int)level)
			hook_add(hook, product, version, &v[i]);
done:
	if (in_tx)
		store_rollback(c);
	free(v);
	free(is_new);
	store_rows_release(&hits);
	store_rows_release(&keep);
	return r;
}

/* The re-match itself (serve_rematch records it). */
/*
 * VOUCH_TEST_REMATCH_PAUSE_MS: a pause before each release, so that a test
 * can stop a re-match while it still has work to do on a machine of any
 * speed (as git's GIT_TEST_* variables serve its tests). Unset: no pause.
 */
static void test_pause(void)
{
	const char *v = getenv("VOUCH_TEST_REMATCH_PAUSE_MS");
	uint64_t ms;

	if (v && num_parse_u64(&ms, v, strlen(v), 10000, 0) == 0 && ms) {
		struct timespec ts = { (time_t)(ms / 1000), (long)(ms % 1000) * 1000000L };

		nanosleep(&ts, NULL); /* a signal ends it early: halted() is asked next */
	}
}

static int rematch_run(struct serve *s, size_t *out_releases, size_t *out_new, size_t *out_fixed)
{
	struct vulndb *db = NULL;
	struct store_rows rel = STORE_ROWS_INIT;
	struct store_conn *c = NULL;
	struct hook hook = { s->cfg.webhook, BUF_INIT, { 0 }, 0, 0, NULL };
	enum cvss_severity level =
	        cvss_severity_parse(s->cfg.webhook_level, strlen(s->cfg.webhook_level));
	int r;

	*out_releases = *out_new = *out_fixed = 0;
	if (!s->cfg.vulndb)
		return err_set(ERR_USAGE, "no vulnerability database configured");
	if ((r = vulndb_open(&db, s->cfg.vulndb, VULNDB_READONLY | VULNDB_ADVISORIES)) < 0)
		goto done;
	c = store_acquire(s->st);
	r = store_exec(&rel, c,
	               "SELECT r.id, s.id, p.name, r.version FROM releases r"
	               " JOIN products p ON p.id = r.product_id"
	               " JOIN sboms s ON s.id = (SELECT MAX(s2.id) FROM sboms s2"
	               "  WHERE s2.release_id = r.id) ORDER BY r.id",
	               0, NULL);
	if (r < 0 || (r = match_all(s, c, db)) < 0)
		goto done;
	hook_begin(&hook);
	for (size_t i = 0; i < rel.nrows; i++) {
		struct ingest_result res = { 0 };

		test_pause();
		if (halted(s)) {
			r = halt_error();
			break;
		}
		r = rematch_one(&res, c, store_cell_i64(&rel, i, 0, -1), store_cell(&rel, i, 1),
		                store_cell(&rel, i, 2), store_cell(&rel, i, 3), level,
		                s->cfg.webhook ? &hook : NULL);
		if (r < 0) {
			err_prefix("release '%s' of '%s': ", store_cell(&rel, i, 3),
			           store_cell(&rel, i, 2));
			break;
		}
		(*out_releases)++;
		*out_new += res.new_findings;
		*out_fixed += res.fixed;
	}
	/* what was committed is sent, even when the run stopped half-way */
	if (s->cfg.webhook && hook.n)
		hook_flush(&hook);
	if (r == 0 && hook.err)
		r = err_set(ERR_IO, "%s", hook.err);
done:
	if (c) {
		/* the temporary tables' rows are not kept with the connection */
		char *saved = xstrdup(err_msg());
		int code = err_code();

		store_exec(NULL, c, "DELETE FROM rematch_hits", 0, NULL);
		store_exec(NULL, c, "DELETE FROM rematch_purls", 0, NULL);
		err_clear();
		if (code != ERR_OK)
			err_set(code, "%s", saved);
		free(saved);
		store_give_back(s->st, c);
	}
	free(hook.err);
	vulndb_close(db);
	store_rows_release(&rel);
	buf_release(&hook.doc);
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
static void server_name(char out[300])
{
	char host[256] = "?";

	gethostname(host, sizeof host - 1);
	snprintf(out, 300, "%s:%ld", host, (long)getpid());
}

static int claim(bool *won, struct store_conn *c, const char *gen, const char *by)
{
	struct store_rows rows = STORE_ROWS_INIT;
	char now[32], stale[32], who[300];
	const char *p[] = { gen, now, who, by, stale };
	int r;

	store_now(now);
	store_time(stale, (int64_t)time(NULL) - CLAIM_STALE);
	server_name(who);
	r = store_exec(&rows, c,
	               "INSERT INTO rematches (generation, claimed, server, started_by)"
	               " VALUES ($1, $2, $3, $4)"
	               " ON CONFLICT (generation) DO NOTHING RETURNING generation",
	               4, p);
	if (r == 0 && !rows.nrows)
		r = store_exec(&rows, c,
		               "UPDATE rematches SET claimed = $2, server = $3, started_by = $4,"
		               " error = NULL WHERE generation = $1 AND finished IS NULL"
		               " AND claimed < $5 RETURNING generation",
		               5, p);
	*won = r == 0 && rows.nrows == 1;
	store_rows_release(&rows);
	return r;
}

/*
 * Runs the re-match and records it: its rows of rematches (key) gets the
 * time it finished, the counts or the error, and the audit log an entry by
 * who. A re-match stopped by the server's shutdown is recorded unfinished
 * and its claim made stale at once, so that the next server to look takes
 * the generation over; the releases it recorded stay recorded, and the next
 * re-match does the rest.
 */
static int rematch_recorded(struct serve *s, const char *key, const char *gen, const char *who,
                            size_t *rel, size_t *added, size_t *fixed)
{
	struct buf detail = BUF_INIT;
	struct store_conn *c;
	char now[32], num[3][24];
	bool stopped;
	int r, r2;

	pthread_mutex_lock(&s->rematch_lock);
	r = rematch_run(s, rel, added, fixed);
	pthread_mutex_unlock(&s->rematch_lock);
	stopped = r < 0 && halted(s);
	if (r < 0)
		buf_addf(&detail, "%s", err_msg());
	else
		buf_addf(&detail, "database %s: %zu releases, %zu new findings, %zu fixed", gen,
		         *rel, *added, *fixed);
	store_now(now);
	snprintf(num[0], sizeof num[0], "%zu", *rel);
	snprintf(num[1], sizeof num[1], "%zu", *added);
	snprintf(num[2], sizeof num[2], "%zu", *fixed);
	{
		const char *p[] = { key,    stopped ? NULL : now,
			            num[0], num[1],
			            num[2], r < 0 ? detail.ptr : NULL,
			            who,    stopped ? "1970-01-01T00:00:00Z" : NULL };

		c = store_acquire(s->st);
		r2 = store_exec(NULL, c,
		                "UPDATE rematches SET finished = $2, releases = $3,"
		                " new_findings = $4, fixed = $5, error = $6, started_by = $7,"
		                " claimed = COALESCE($8, claimed) WHERE generation = $1",
		                8, p);
		if (r2 == 0 && r == 0)
			r2 = serve_audit(s, c, who, "rematch", "all", detail.ptr);
		store_give_back(s->st, c);
	}
	if (r < 0)
		err_set(stopped ? ERR_IO : ERR_GENERIC, "%s", detail.ptr);
	buf_release(&detail);
	return r < 0 ? r : r2;
}

static atomic_uint runs; /* this process's re-matches of claimed generations */

int serve_rematch(struct serve *s, const char *who, size_t *out_releases, size_t *out_new,
                  size_t *out_fixed)
{
	struct store_conn *c;
	struct buf key = BUF_INIT;
	char *gen = NULL;
	bool won = false;
	int r;

	*out_releases = *out_new = *out_fixed = 0;
	if (!s->cfg.vulndb)
		return err_set(ERR_USAGE, "no vulnerability database configured");
	if ((r = vulndb_generation(&gen, s->cfg.vulndb)) < 0)
		return r;
	/* the generation's own row when no server has claimed it yet, else a row of this run */
	c = store_acquire(s->st);
	r = claim(&won, c, gen, who);
	if (r == 0 && !won) {
		char now[32], srv[300];

		store_now(now);
		server_name(srv);
		buf_addf(&key, "%s (again at %s by %s, run %u)", gen, now, srv,
		         atomic_fetch_add(&runs, 1) + 1); /* two in one second get two rows */
		{
			const char *p[] = { key.ptr, now, srv, who };

			r = store_exec(
			        NULL, c,
			        "INSERT INTO rematches (generation, claimed, server, started_by)"
			        " VALUES ($1, $2, $3, $4)",
			        4, p);
		}
	} else {
		buf_adds(&key, gen);
	}
	store_give_back(s->st, c);
	if (r == 0)
		r = rematch_recorded(s, key.ptr, gen, who, out_releases, out_new, out_fixed);
	free(gen);
	buf_release(&key);
	return r;
}

int serve_watch_once(struct serve *s, bool *ran)
{
	struct store_conn *c;
	char *gen = NULL;
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
	r = claim(&won, c, gen, "monitor");
	store_give_back(s->st, c);
	if (r < 0 || !won)
		goto done;
	*ran = true;
	r = rematch_recorded(s, gen, gen, "monitor", &rel, &added, &fixed);
done:
	if ((r == 0 || won) && !halted(s)) { /* a failed re-match is recorded, not tried again */
		free(s->generation);
		s->generation = gen;
		gen = NULL;
	}
	free(gen);
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
