/*
 * deadlines.c: what falls due across the portfolio (server.h, "Deadlines"),
 * for the dashboard, the API, the CSV export and the webhook.
 *
 * Sources, all from what was uploaded:
 *   - end-of-support notice: the newest assessment's product.releases (end
 *     of support, and the effective notice day lifecycle_statuses() found)
 *     judged by assess_notice_judge(), the rule of 4.2.1 and `vouch
 *     lifecycle check`; a release without notice is listed from
 *     ASSESS_WARN_DAYS before the notice is due until the end of support;
 *   - security.txt expiring: the Expires field of the bundle's security.txt;
 *   - review: a declared claim's "reviewed" date in the newest assessment,
 *     due ASSESS_REVIEW_MAX_DAYS later;
 *   - risk acceptance: a claim's acceptance expiry in the newest assessment,
 *     and an ignore entry's expiry on a finding of a release's newest scan;
 *   - gap due: a claim not met with a due date in the newest assessment;
 *   - fix target: an open finding first seen longer ago than the target for
 *     its severity: the product's own (its newest assessment's fix_targets,
 *     from vouch.toml [fix_targets]) or the server's (listed only once past it).
 * The others are listed from SERVE_DEADLINE_HORIZON days before their date.
 * "Today" is epoch_now(): SOURCE_DATE_EPOCH when set, as everywhere in vouch.
 */
#include "util/compat.h"
#include "core/assess/assess.h"
#include "core/bundle/bundle.h"
#include "core/disclose/lifecycle.h"
#include "core/disclose/securitytxt.h"
#include "core/serve/serve_int.h"
#include "core/serve/ingest.h"
#include "util/alloc.h"
#include "util/epoch.h"
#include "util/err.h"
#include "util/json.h"

#include <curl/curl.h>
#include <time.h>

static const char *const sev_names[SERVE_NSEV] = { "critical", "high", "medium", "low", "unknown" };
static const unsigned sev_default[SERVE_NSEV] = { 7, 30, 90, 180, 90 };

const char *serve_severity_name(size_t i)
{
	return i < SERVE_NSEV ? sev_names[i] : NULL;
}

unsigned serve_fix_target(const struct serve_config *cfg, const char *severity)
{
	size_t i = SERVE_NSEV - 1;

	for (size_t k = 0; severity && k < SERVE_NSEV; k++)
		if (!strcmp(severity, sev_names[k]))
			i = k;
	if (cfg->fix_target[i])
		return cfg->fix_target[i];
	return cfg->fix_days ? cfg->fix_days : sev_default[i];
}

int64_t serve_today(void)
{
	int64_t now;

	if (epoch_now(&now) < 0) {
		err_clear();
		now = (int64_t)time(NULL);
	}
	return now / 86400;
}

void deadlines_release(struct deadlines *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].product);
		free(d->v[i].what);
		free(d->v[i].link);
		free(d->v[i].key);
	}
	free(d->v);
	memset(d, 0, sizeof *d);
}

static void add(struct deadlines *d, const char *product, const char *kind, int64_t due,
                int64_t today, const char *subject, const char *fmt, ...) VOUCH_PRINTF(7, 8);

static void add(struct deadlines *d, const char *product, const char *kind, int64_t due,
                int64_t today, const char *subject, const char *fmt, ...)
{
	struct deadline *x;
	struct buf b = BUF_INIT;
	va_list ap;

	if (d->n == d->alloc) {
		d->alloc = d->alloc ? 2 * d->alloc : 32;
		d->v = xreallocarray(d->v, d->alloc, sizeof *d->v);
	}
	x = &d->v[d->n++];
	memset(x, 0, sizeof *x);
	x->product = xstrdup(product);
	x->kind = kind;
	x->days = due - today;
	assess_date_text(x->due, due);
	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	x->what = buf_detach(&b, NULL);
	buf_addf(&b, "/product/%s", product);
	x->link = buf_detach(&b, NULL);
	buf_addf(&b, "%s|%s|%s|%s", kind, product, subject, x->due);
	x->key = buf_detach(&b, NULL);
}

/* "YYYY-MM-DD..." as days since 1970, or -1. */
static int64_t day_of(const char *s)
{
	int64_t d;
	char head[11];

	if (!s || strlen(s) < 10)
		return -1;
	memcpy(head, s, 10);
	head[10] = 0;
	return lifecycle_parse_day(&d, head) == 0 ? d : -1;
}

static int by_due(const void *a, const void *b)
{
	const struct deadline *x = a, *y = b;
	int c;

	if (x->days != y->days)
		return x->days < y->days ? -1 : 1;
	if ((c = strcmp(x->product, y->product)))
		return c;
	if ((c = strcmp(x->kind, y->kind)))
		return c;
	return strcmp(x->what, y->what);
}

/* A product's own fix targets (its newest assessment's [fix_targets]), sorted by name. */
struct own_target {
	const char *product;
	unsigned days[SERVE_NSEV]; /* 0: the server's */
};

static int by_product(const void *a, const void *b)
{
	return strcmp(((const struct own_target *)a)->product,
	              ((const struct own_target *)b)->product);
}

/* From rows (name, severity, days) ordered by name: one entry per product. */
static struct own_target *own_targets(size_t *n, const struct store_rows *ft)
{
	struct own_target *v = xcalloc(ft->nrows + 1, sizeof *v);

	*n = 0;
	for (size_t i = 0; i < ft->nrows; i++) {
		const char *p = store_cell(ft, i, 0), *sev = store_cell(ft, i, 1);
		int64_t t = store_cell_i64(ft, i, 2, 0);

		if (!p || !sev || t < 1 || t > 3650)
			continue;
		if (!*n || strcmp(v[*n - 1].product, p))
			v[(*n)++].product = p;
		for (size_t k = 0; k < SERVE_NSEV; k++)
			if (!strcmp(sev, sev_names[k]))
				v[*n - 1].days[k] = (unsigned)t;
	}
	qsort(v, *n, sizeof *v, by_product);
	return v;
}

/* The target for a finding of product: the product's own, or the server's. */
static unsigned product_fix_target(const struct own_target *v, size_t n,
                                   const struct serve_config *cfg, const char *product,
                                   const char *severity)
{
	struct own_target key = { .product = product ? product : "" };
	const struct own_target *o = n ? bsearch(&key, v, n, sizeof *v, by_product) : NULL;
	size_t k = SERVE_NSEV - 1;

	for (size_t j = 0; severity && j < SERVE_NSEV; j++)
		if (!strcmp(severity, sev_names[j]))
			k = j;
	return o && o->days[k] ? o->days[k] : serve_fix_target(cfg, sev_names[k]);
}

int serve_deadlines(struct deadlines *out, const struct serve_config *cfg, struct store_conn *c,
                    int64_t today)
{
	struct store_rows pd = STORE_ROWS_INIT, cl = STORE_ROWS_INIT, fi = STORE_ROWS_INIT;
	struct store_rows ft = STORE_ROWS_INIT;
	struct own_target *own = NULL;
	size_t nown = 0;
	unsigned least = UINT_MAX;
	char cutoff[32];
	const char *p[] = { cutoff };
	int r;

	memset(out, 0, sizeof *out);
	for (size_t i = 0; i < SERVE_NSEV; i++) {
		unsigned t = serve_fix_target(cfg, sev_names[i]);

		least = t < least ? t : least;
	}
	/* products' own targets (rows by product name, then severity) */
	if ((r = store_exec(&ft, c,
	                    "SELECT p.name, t.severity, t.days FROM product_fix_targets t"
	                    " JOIN products p ON p.id = t.product_id ORDER BY p.id",
	                    0, NULL)) < 0)
		goto done;
	own = own_targets(&nown, &ft);
	for (size_t i = 0; i < nown; i++)
		for (size_t k = 0; k < SERVE_NSEV; k++)
			if (own[i].days[k] && own[i].days[k] < least)
				least = own[i].days[k];
	store_time(cutoff, (today - (int64_t)least) * 86400);
	if ((r = store_exec(&pd, c,
	                    "SELECT p.name, d.kind, d.subject, d.due, d.detail FROM product_dates d"
	                    " JOIN products p ON p.id = d.product_id ORDER BY p.name, d.kind,"
	                    " d.subject",
	                    0, NULL)) < 0 ||
	    (r = store_exec(
	             &cl, c,
	             "SELECT p.name, c.claim, c.status, c.due, c.accept_expires FROM products"
	             " p JOIN claims c ON c.assessment_id = p.latest_assessment WHERE"
	             " (c.due IS NOT NULL AND c.status <> 'met') OR c.accept_expires IS NOT"
	             " NULL ORDER BY p.name, c.claim",
	             0, NULL)) < 0 ||
	    (r = store_exec(
	             &fi, c,
	             "SELECT p.name, r.version, f.vuln, f.purl, f.severity, f.first_seen"
	             " FROM findings f JOIN releases r ON r.id = f.release_id JOIN products p"
	             " ON p.id = r.product_id WHERE " INGEST_OPEN(
	                     "f") " AND f.first_seen < $1"
	                          " ORDER BY f.first_seen, p.name LIMIT 20000",
	             1, p)) < 0)
		goto done;
	for (size_t i = 0; i < pd.nrows; i++) {
		const char *prod = store_cell(&pd, i, 0), *kind = store_cell(&pd, i, 1),
		           *subj = store_cell(&pd, i, 2);
		int64_t day = day_of(store_cell(&pd, i, 3)), due;

		if (day < 0)
			continue;
		if (!strcmp(kind, "end_of_support")) {
			enum assess_notice_state st = assess_notice_judge(
			        &due, day, day_of(store_cell(&pd, i, 4)), today, ASSESS_WARN_DAYS);
			char eos[16];

			if (day < today || (st != NOTICE_OVERDUE && st != NOTICE_DUE_SOON))
				continue;
			assess_date_text(eos, day);
			add(out, prod, "end-of-support notice", due, today, subj,
			    "give notice that release %s ends support on %s (a year ahead); none "
			    "is "
			    "recorded",
			    subj, eos);
		} else if (!strcmp(kind, "security.txt")) {
			if (day - today <= SERVE_DEADLINE_HORIZON)
				add(out, prod, "security.txt expires", day, today, subj,
				    "security.txt Expires (%s): publish a renewed file", subj);
		} else if (!strncmp(kind, "ignore@", 7) && day - today <= SERVE_DEADLINE_HORIZON) {
			struct buf key = BUF_INIT; /* the webhook's: one item per release */

			buf_addf(&key, "%s %s", kind + 7, subj);
			add(out, prod, "risk acceptance", day, today, key.ptr,
			    "the ignore entry accepting %s (release %s) expires", subj, kind + 7);
			buf_release(&key);
		} else if (!strcmp(kind, "review")) {
			due = day + ASSESS_REVIEW_MAX_DAYS;
			if (due - today <= SERVE_DEADLINE_HORIZON)
				add(out, prod, "review", due, today, subj,
				    "claim %s was last reviewed on %s: review it again", subj,
				    store_cell(&pd, i, 3));
		}
	}
	for (size_t i = 0; i < cl.nrows; i++) {
		const char *prod = store_cell(&cl, i, 0), *claim = store_cell(&cl, i, 1);
		const char *st = store_cell(&cl, i, 2);
		int64_t due = day_of(store_cell(&cl, i, 3)), exp = day_of(store_cell(&cl, i, 4));

		if (exp >= 0 && exp - today <= SERVE_DEADLINE_HORIZON)
			add(out, prod, "risk acceptance", exp, today, claim,
			    "the accepted risk on claim %s expires", claim);
		if (due >= 0 && st && strcmp(st, "met") && due - today <= SERVE_DEADLINE_HORIZON)
			add(out, prod, "gap due", due, today, claim,
			    "the gap on claim %s (%s) is due to close", claim, st);
	}
	for (size_t i = 0; i < fi.nrows; i++) {
		const char *sev = store_cell(&fi, i, 4);
		int64_t seen = day_of(store_cell(&fi, i, 5)), due;
		unsigned target = product_fix_target(own, nown, cfg, store_cell(&fi, i, 0), sev);

		if (seen < 0)
			continue;
		due = seen + (int64_t)target;
		if (due >= today)
			continue;
		{
			struct buf subj = BUF_INIT;

			buf_addf(&subj, "%s %s %s", store_cell(&fi, i, 1), store_cell(&fi, i, 2),
			         store_cell(&fi, i, 3));
			add(out, store_cell(&fi, i, 0), "fix target", due, today, subj.ptr,
			    "%s in %s (%s, release %s): open since %.10s, target %u days",
			    store_cell(&fi, i, 2), store_cell(&fi, i, 3), sev ? sev : "unknown",
			    store_cell(&fi, i, 1), store_cell(&fi, i, 5), target);
			buf_release(&subj);
		}
	}
	if (out->n)
		qsort(out->v, out->n, sizeof *out->v, by_due);
done:
	store_rows_release(&pd);
	store_rows_release(&cl);
	store_rows_release(&fi);
	store_rows_release(&ft);
	free(own);
	if (r < 0)
		deadlines_release(out);
	return r;
}

/* One item, as the API and the webhook give it. */
static void deadline_json(struct jw *w, const struct deadline *x)
{
	jw_obj_begin(w);
	jw_kstr(w, "product", x->product);
	jw_kstr(w, "kind", x->kind);
	jw_kstr(w, "what", x->what);
	jw_kstr(w, "due", x->due);
	jw_kint(w, "days", x->days);
	jw_kstr(w, "link", x->link);
	jw_obj_end(w);
}

void deadlines_json(struct jw *w, const struct deadlines *d, int64_t today)
{
	char t[16];

	assess_date_text(t, today);
	jw_obj_begin(w);
	jw_kstr(w, "today", t);
	jw_kint(w, "horizon_days", SERVE_DEADLINE_HORIZON);
	jw_key(w, "deadlines");
	jw_arr_begin(w);
	for (size_t i = 0; i < d->n; i++)
		deadline_json(w, &d->v[i]);
	jw_arr_end(w);
	jw_obj_end(w);
}

#define MAX_DATES 256

/* Dates of one kind read from an upload: subject, day and a detail (may be NULL). */
struct dates {
	char *subject[MAX_DATES];
	char day[MAX_DATES][16];
	char detail[MAX_DATES][16];
	bool has_detail[MAX_DATES];
	size_t n;
};

static void dates_add(struct dates *d, const char *subject, int64_t day, int64_t detail)
{
	if (!subject || day < 0 || d->n == MAX_DATES || strlen(subject) > 1024)
		return;
	d->subject[d->n] = xstrdup(subject);
	assess_date_text(d->day[d->n], day);
	d->has_detail[d->n] = detail >= 0;
	if (detail >= 0)
		assess_date_text(d->detail[d->n], detail);
	d->n++;
}

static void dates_release(struct dates *d)
{
	for (size_t i = 0; i < d->n; i++)
		free(d->subject[i]);
	d->n = 0;
}

/* Replaces the product's dates of kind with d. */
static int replace_dates(struct store_conn *c, const char *product, const char *kind,
                         const struct dates *d)
{
	const char *p[] = { product, kind, NULL, NULL, NULL };
	int r;

	r = store_exec(NULL, c,
	               "DELETE FROM product_dates WHERE kind = $2 AND product_id ="
	               " (SELECT id FROM products WHERE name = $1)",
	               2, p);
	for (size_t i = 0; r == 0 && i < d->n; i++) {
		p[2] = d->subject[i];
		p[3] = d->day[i];
		p[4] = d->has_detail[i] ? d->detail[i] : NULL;
		r = store_exec(NULL, c,
		               "INSERT INTO product_dates (product_id, kind, subject, due, detail)"
		               " SELECT id, $2, $3, $4, $5 FROM products WHERE name = $1"
		               " ON CONFLICT (product_id, kind, subject) DO UPDATE SET due = $4,"
		               " detail = $5",
		               5, p);
	}
	return r;
}

/* Replaces the product's own fix targets with those of its newest assessment (may be none). */
static int record_fix_targets(struct store_conn *c, const char *product, const json_t *ft)
{
	const char *p[] = { product, NULL, NULL };
	char days[24];
	int r;

	r = store_exec(NULL, c,
	               "DELETE FROM product_fix_targets WHERE product_id ="
	               " (SELECT id FROM products WHERE name = $1)",
	               1, p);
	for (size_t i = 0; r == 0 && i < SERVE_NSEV; i++) {
		const json_t *v = json_object_get(ft, sev_names[i]);

		/* what `vouch assess` accepts: a whole number of days from 1 to 3650 */
		if (!json_is_integer(v) || json_integer_value(v) < 1 ||
		    json_integer_value(v) > 3650)
			continue;
		snprintf(days, sizeof days, "%" PRId64, (int64_t)json_integer_value(v));
		p[1] = sev_names[i];
		p[2] = days;
		r = store_exec(NULL, c,
		               "INSERT INTO product_fix_targets (product_id, severity, days)"
		               " SELECT id, $2, CAST($3 AS BIGINT) FROM products WHERE name = $1",
		               3, p);
	}
	return r;
}

int deadlines_record_assessment(struct store_conn *c, const char *product, const char *data,
                                size_t len)
{
	json_t *doc = NULL, *pr, *cl;
	struct dates *rev = xcalloc(1, sizeof *rev), *eos = xcalloc(1, sizeof *eos);
	size_t i, j;
	int r;

	if ((r = vjson_parse(&doc, data, len, "assessment")) < 0)
		goto done;
	json_array_foreach(json_object_get(doc, "principles"), i, pr)
	{
		json_array_foreach(json_object_get(pr, "claims"), j, cl)
		        dates_add(rev, vjson_str(cl, "id"), day_of(vjson_str(cl, "reviewed")), -1);
	}
	json_array_foreach(json_object_get(json_object_get(doc, "product"), "releases"), i, pr)
	        dates_add(eos, vjson_str(pr, "version"), day_of(vjson_str(pr, "end_of_support")),
	                  day_of(vjson_str(pr, "notice_published")));
	if ((r = replace_dates(c, product, "review", rev)) == 0 &&
	    (r = replace_dates(c, product, "end_of_support", eos)) == 0)
		r = record_fix_targets(c, product, json_object_get(doc, "fix_targets"));
	json_decref(doc);
done:
	dates_release(rev);
	dates_release(eos);
	free(rev);
	free(eos);
	return r;
}

int deadlines_record_scan(struct store_conn *c, const char *product, const char *version,
                          const char *data, size_t len)
{
	json_t *doc = NULL, *f;
	struct dates *d = xcalloc(1, sizeof *d);
	struct buf kind = BUF_INIT, subj = BUF_INIT;
	size_t i;
	int r;

	if ((r = vjson_parse(&doc, data, len, "scan")) < 0)
		goto done;
	/* accepted findings: an ignore entry (vouch scan's "ignored") with an expiry */
	json_array_foreach(json_object_get(doc, "findings"), i, f)
	{
		const char *id = vjson_str(f, "id"), *purl = vjson_str(f, "purl");

		if (!id || !purl || strlen(id) > 128 || strlen(purl) > 512)
			continue;
		buf_reset(&subj);
		buf_addf(&subj, "%s %s", id, purl);
		dates_add(d, subj.ptr, day_of(vjson_str(json_object_get(f, "ignored"), "expires")),
		          -1);
	}
	json_decref(doc);
	buf_addf(&kind, "ignore@%s", version);
	r = replace_dates(c, product, kind.ptr, d);
done:
	dates_release(d);
	free(d);
	buf_release(&kind);
	buf_release(&subj);
	return r;
}

int deadlines_record_bundle(struct store_conn *c, const char *product,
                            const struct bundle_archive *ar)
{
	int r = 0;

	for (size_t i = 0; r == 0 && i < ar->n; i++) {
		const struct bundle_member *m = &ar->v[i];
		struct securitytxt s;
		struct dates d = { .n = 0 };

		if (!m->data.len || strcmp(m->path, "security.txt"))
			continue;
		if (securitytxt_parse(&s, m->data.ptr, m->data.len, "security.txt", 0) == 0 &&
		    s.has_expires && s.expires >= 0)
			dates_add(&d, s.expires_text ? s.expires_text : "Expires",
			          s.expires / 86400, -1);
		err_clear();
		securitytxt_release(&s);
		r = replace_dates(c, product, "security.txt", &d);
		dates_release(&d);
	}
	return r;
}

int serve_deadlines_notify(struct serve *s, size_t *out_sent)
{
	struct deadlines d = { 0 };
	struct store_rows rows = STORE_ROWS_INIT;
	struct store_conn *c;
	struct buf doc = BUF_INIT;
	bool *sent = NULL;
	char day[16], now[32];
	int64_t today = serve_today();
	struct jw w;
	int r;

	*out_sent = 0;
	if (!s->cfg.webhook)
		return 0;
	assess_date_text(day, today);
	store_now(now);
	c = store_acquire(s->st);
	if ((r = serve_deadlines(&d, &s->cfg, c, today)) < 0)
		goto done;
	sent = xcalloc(d.n + 1, sizeof *sent);
	jw_init(&w, &doc, false);
	jw_obj_begin(&w);
	jw_kstr(&w, "event", "deadlines");
	jw_kstr(&w, "today", day);
	jw_key(&w, "deadlines");
	jw_arr_begin(&w);
	for (size_t i = 0; i < d.n; i++) {
		const struct deadline *x = &d.v[i];
		const char *p[] = { x->key, day, now };

		/* the row is the claim on the item for today: one server, one post */
		r = store_exec(&rows, c,
		               "INSERT INTO deadline_notices (item, day, sent) VALUES ($1, $2, $3)"
		               " ON CONFLICT (item, day) DO NOTHING RETURNING item",
		               3, p);
		if (r < 0)
			goto done;
		if (!rows.nrows)
			continue;
		sent[i] = true;
		(*out_sent)++;
		deadline_json(&w, x);
	}
	jw_arr_end(&w);
	jw_obj_end(&w);
	if ((r = jw_finish(&w)) < 0 || !*out_sent)
		goto done;
	if ((r = serve_webhook_post(s->cfg.webhook, &doc)) < 0) {
		/* not delivered: give the items back, so that the next check sends them */
		char *saved = xstrdup(err_msg());

		for (size_t i = 0; i < d.n; i++) {
			const char *p[] = { d.v[i].key, day };

			if (sent[i])
				store_exec(
				        NULL, c,
				        "DELETE FROM deadline_notices WHERE item = $1 AND day = $2",
				        2, p);
		}
		r = err_set(ERR_IO, "%s", saved);
		free(saved);
		*out_sent = 0;
	}
done:
	store_give_back(s->st, c);
	store_rows_release(&rows);
	deadlines_release(&d);
	buf_release(&doc);
	free(sent);
	return r;
}

static void *deadline_loop(void *arg)
{
	struct serve *s = arg;
	unsigned every = s->cfg.deadline_check ? s->cfg.deadline_check : 3600;

	pthread_mutex_lock(&s->deadline_lock);
	while (!s->deadline_stop) {
		struct timespec until;
		size_t n;

		pthread_mutex_unlock(&s->deadline_lock);
		if (serve_deadlines_notify(s, &n) < 0 && s->cfg.warn)
			s->cfg.warn(err_msg());
		err_clear();
		pthread_mutex_lock(&s->deadline_lock);
		clock_gettime(CLOCK_REALTIME, &until);
		until.tv_sec += every;
		while (!s->deadline_stop &&
		       pthread_cond_timedwait(&s->deadline_wake, &s->deadline_lock, &until) == 0)
			;
	}
	pthread_mutex_unlock(&s->deadline_lock);
	return NULL;
}

int serve_deadline_thread_start(struct serve *s)
{
	if (!s->cfg.webhook)
		return 0;
	s->deadline_stop = false;
	if (pthread_create(&s->deadline_thread, NULL, deadline_loop, s) != 0)
		return err_set(ERR_IO, "cannot start the deadline thread");
	s->deadline_running = true;
	return 0;
}

void serve_deadline_thread_stop(struct serve *s)
{
	if (!s->deadline_running)
		return;
	pthread_mutex_lock(&s->deadline_lock);
	s->deadline_stop = true;
	pthread_cond_broadcast(&s->deadline_wake);
	pthread_mutex_unlock(&s->deadline_lock);
	pthread_join(s->deadline_thread, NULL);
	s->deadline_running = false;
}
