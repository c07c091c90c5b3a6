/*
 * handle.c: one request from authentication to response (server.h):
 * who is asking, whether they may, at what rate, and which handler answers.
 */
#include "util/compat.h"
#include "core/serve/serve_int.h"
#include "core/integrity/tlog.h"
#include "util/alloc.h"
#include "util/err.h"
#include "util/hash.h"
#include "util/json.h"

#include <time.h>

enum route_flags {
	R_PUBLIC = 1 << 0, /* answers without a token or session (sign-in page, stylesheet) */
	R_HTML = 1 << 1,   /* a page: unauthenticated visitors are sent to /login */
	R_WRITE = 1 << 2,  /* an API write: a bearer token only, never a cookie (no CSRF surface) */
	R_FORM = 1 << 3,   /* a browser form post: session and CSRF token */
};

struct route {
	const char *method;
	const char *pattern;
	route_fn *fn;
	enum auth_role need;
	unsigned flags;
	/*
	 * The handler's first read, or NULL: sent with the token or session check
	 * in one round trip (auth.h), its parameter $1 the route's first capture
	 * if it has one. The handler gets its rows through req_rows() only once
	 * every check has passed.
	 */
	const char *first;
};

#define GEN store_data_generation_sql /* what a kept page reads first (page_key) */

static const struct route routes[] = {
	{ "GET", "/api/v1/whoami", api_whoami, ROLE_VIEWER, 0, NULL },
	{ "GET", "/api/v1/products", api_products, ROLE_VIEWER, 0, GEN },
	{ "GET", "/api/v1/products/*", api_product, ROLE_VIEWER, 0, api_product_sql },
	{ "GET", "/api/v1/products/*/releases", api_releases, ROLE_VIEWER, 0, NULL },
	{ "GET", "/api/v1/products/*/assessments", api_assessments, ROLE_VIEWER, 0, NULL },
	{ "GET", "/api/v1/products/*/claims", api_claims, ROLE_VIEWER, 0, NULL },
	{ "GET", "/api/v1/products/*/claims/*/history", api_claim_history, ROLE_VIEWER, 0, NULL },
	{ "GET", "/api/v1/products/*/findings", api_findings, ROLE_VIEWER, 0, NULL },
	{ "GET", "/api/v1/assessments/*", api_assessment, ROLE_VIEWER, 0, NULL },
	{ "GET", "/api/v1/claims/*", api_claim_across, ROLE_VIEWER, 0, NULL },
	{ "GET", "/api/v1/export/portfolio.json", api_export_portfolio, ROLE_VIEWER, 0, GEN },
	{ "GET", "/api/v1/export/claims.csv", api_export_claims_csv, ROLE_VIEWER, 0, NULL },
	{ "GET", "/api/v1/export/findings.csv", api_export_findings_csv, ROLE_VIEWER, 0, NULL },
	{ "GET", "/api/v1/audit", api_audit, ROLE_ADMIN, 0, NULL },
	{ "GET", "/api/v1/deadlines", api_deadlines, ROLE_VIEWER, 0, NULL },
	{ "GET", "/api/v1/export/deadlines.csv", api_export_deadlines_csv, ROLE_VIEWER, 0, NULL },
	{ "POST", "/api/v1/products/*/releases/*/assessment", api_upload_assessment, ROLE_UPLOADER,
	  R_WRITE, NULL },
	{ "POST", "/api/v1/products/*/releases/*/sbom", api_upload_sbom, ROLE_UPLOADER, R_WRITE,
	  NULL },
	{ "POST", "/api/v1/products/*/releases/*/scan", api_upload_scan, ROLE_UPLOADER, R_WRITE,
	  NULL },
	{ "POST", "/api/v1/bundles", api_upload_bundle, ROLE_UPLOADER, R_WRITE, NULL },
	{ "POST", "/api/v1/rematch", api_rematch, ROLE_ADMIN, R_WRITE, NULL },
	{ "GET", "/", dash_root, ROLE_VIEWER, R_HTML, NULL },
	{ "GET", "/login", dash_login_form, ROLE_NONE, R_HTML | R_PUBLIC, NULL },
	{ "POST", "/login", dash_login, ROLE_NONE, R_HTML | R_PUBLIC, NULL },
	{ "POST", "/logout", dash_logout, ROLE_VIEWER, R_HTML | R_FORM, NULL },
	{ "GET", "/portfolio", dash_portfolio, ROLE_VIEWER, R_HTML, GEN },
	{ "GET", "/product/*", dash_product, ROLE_VIEWER, R_HTML, NULL },
	{ "GET", "/claim/*", dash_claim, ROLE_VIEWER, R_HTML, NULL },
	{ "GET", "/deadlines", dash_deadlines, ROLE_VIEWER, R_HTML, NULL },
	{ "GET", "/static/vouch.css", dash_css, ROLE_NONE, R_PUBLIC, NULL },
	{ "GET", "/favicon.ico", dash_favicon, ROLE_NONE, R_PUBLIC, NULL },
};

#define MAX_SEGS 8

/* Splits path into at most MAX_SEGS segments (NUL-terminated copies in buf). */
static int split(char *buf, size_t bufsize, const char *path, char *seg[MAX_SEGS])
{
	size_t n = strlen(path);
	int k = 0;

	if (n == 0 || path[0] != '/' || n >= bufsize)
		return -1;
	memcpy(buf, path, n + 1);
	if (n == 1)
		return 0;
	for (char *p = buf + 1;;) {
		char *e = strchr(p, '/');

		if (k == MAX_SEGS)
			return -1;
		seg[k++] = p;
		if (!e)
			break;
		*e = 0;
		p = e + 1;
	}
	for (int i = 0; i < k; i++)
		if (!*seg[i] && i != k - 1)
			return -1; /* "//" */
	return k;
}

static bool match(const char *pattern, char *const *seg, int nseg, const char **caps)
{
	char pbuf[128], *pseg[MAX_SEGS];
	int np = split(pbuf, sizeof pbuf, pattern, pseg), nc = 0;

	if (np != nseg)
		return false;
	for (int i = 0; i < np; i++) {
		if (!strcmp(pseg[i], "*")) {
			if (!*seg[i])
				return false;
			caps[nc++] = seg[i];
		} else if (strcmp(pseg[i], seg[i])) {
			return false;
		}
	}
	return true;
}

void reply(struct sreq *r, unsigned status, const char *ctype)
{
	r->status = status;
	r->ctype = ctype;
}

void reply_clear(struct sreq *r)
{
	buf_reset(&r->out);
	buf_reset(&r->tail);
	page_text_unref(r->kept);
	r->kept = NULL;
	r->nparts = 0;
	r->encoding = NULL;
}

void reply_error(struct sreq *r, unsigned status, const char *fmt, ...)
{
	struct buf msg = BUF_INIT_MAX(4096);
	struct jw w;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	reply_clear(r);
	jw_init(&w, &r->out, false);
	jw_obj_begin(&w);
	jw_kstr(&w, "error", msg.ptr);
	jw_kint(&w, "status", status);
	jw_obj_end(&w);
	jw_finish(&w);
	buf_addch(&r->out, '\n');
	reply(r, status, "application/json");
	buf_release(&msg);
}

void reply_err_code(struct sreq *r, int code)
{
	unsigned st = 500;

	switch (code) {
	case ERR_PARSE:
	case ERR_USAGE:
		st = 422;
		break;
	case ERR_TOOBIG:
		st = 413;
		break;
	case ERR_NOTFOUND:
		st = 404;
		break;
	case ERR_EXISTS:
		st = 409;
		break;
	case ERR_VERIFY:
		st = 422;
		break;
	default:
		break;
	}
	reply_error(r, st, "%s", err_msg());
}

void redirect(struct sreq *r, const char *where)
{
	snprintf(r->location, sizeof r->location, "%s", where);
	reply_clear(r);
	reply(r, 303, "text/plain; charset=utf-8");
}

void html_esc(struct buf *b, const char *s)
{
	buf_add_html(b, s);
}

void csv_field(struct buf *b, const char *s, bool last)
{
	buf_addch(b, '"');
	if (s && (*s == '=' || *s == '+' || *s == '-' || *s == '@'))
		buf_addch(b, '\'');
	for (; s && *s; s++) {
		if (*s == '"')
			buf_addch(b, '"');
		buf_addch(b, *s);
	}
	buf_addch(b, '"');
	buf_adds(b, last ? "\r\n" : ",");
}

bool form_get(struct buf *out, const char *body, size_t len, const char *key)
{
	size_t klen = strlen(key), i = 0;

	buf_reset(out);
	while (i < len) {
		size_t e = i, eq;

		while (e < len && body[e] != '&')
			e++;
		for (eq = i; eq < e && body[eq] != '='; eq++)
			;
		if (eq - i == klen && !memcmp(body + i, key, klen) && eq < e) {
			for (size_t j = eq + 1; j < e; j++) {
				uint8_t byte;

				if (body[j] == '+') {
					buf_addch(out, ' ');
				} else if (body[j] == '%' && j + 2 < e &&
				           hex_decode(&byte, 1, body + j + 1, 2) == 0) {
					buf_addch(out, byte);
					j += 2;
				} else {
					buf_addch(out, body[j]);
				}
			}
			return true;
		}
		i = e + 1;
	}
	return false;
}

const char *const *serve_security_headers(bool tls)
{
	/* HSTS first, so that plain HTTP answers with the same list less its first pair */
	static const char *const headers[] = {
		"Strict-Transport-Security",
		"max-age=31536000",
		"Content-Security-Policy",
		"default-src 'none'; style-src 'self'; img-src 'self'; script-src 'self'; "
		"frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
		"X-Content-Type-Options",
		"nosniff",
		"Referrer-Policy",
		"no-referrer",
		"X-Frame-Options",
		"DENY",
		"Cross-Origin-Opener-Policy",
		"same-origin",
		"Cache-Control",
		"no-store",
		NULL,
	};
	return tls ? headers : headers + 2;
}

/*
 * A token bucket per token, kept in the store so that every server on one
 * database counts the same requests (shared.c). A store failure lets the
 * request through: the limit protects the service, it is not access control.
 */
static bool rate_ok(struct sreq *r)
{
	struct timespec ts;
	bool ok = true;

	if (!r->srv->cfg.rate)
		return true;
	clock_gettime(CLOCK_REALTIME, &ts);
	if (serve_rate_take(&ok, &r->retry_after, r->c, r->who.token_id,
	                    (double)ts.tv_sec + (double)ts.tv_nsec / 1e9, r->srv->cfg.rate,
	                    r->srv->cfg.burst) < 0) {
		err_clear();
		return true;
	}
	return ok;
}

static void first_drop(struct sreq *r)
{
	store_rows_release(&r->first);
	r->first_sql = r->first_param = NULL;
}

/* Who is asking; the route's first read (rt->first) in the same round trip. */
static int authenticate(struct sreq *r, const struct route *rt, const char *const *caps)
{
	struct store_stmt first = { &r->first, rt->first, caps[0] ? 1 : 0, caps, 0 };
	int rc = 0;

	if (r->bearer) {
		rc = auth_token_check(&r->who, r->c, r->bearer, rt->first ? &first : NULL);
		r->authed = rc == 0;
	} else if (r->session) {
		r->authed = auth_session_check(&r->who, r->c, r->session,
		                               rt->first ? &first : NULL) == 0;
	}
	if (r->authed && rt->first && first.rc == 0) {
		r->first_sql = rt->first;
		r->first_param = caps[0];
	} else {
		first_drop(r); /* a failed check never reaches the rows */
	}
	return rc;
}

int req_rows(struct sreq *r, struct store_rows *out, const char *sql, size_t n,
             const char *const *p)
{
	if (r->first_sql && sql == r->first_sql && n == (r->first_param ? 1u : 0u) &&
	    (!n || !strcmp(p[0], r->first_param))) {
		store_rows_release(out);
		*out = r->first;
		r->first = (struct store_rows)STORE_ROWS_INIT;
		r->first_sql = r->first_param = NULL;
		return 0;
	}
	return store_exec(out, r->c, sql, n, p);
}

void serve_handle(struct sreq *r)
{
	char pbuf[1024], *seg[MAX_SEGS];
	const char *caps[MAX_SEGS] = { NULL };
	const struct route *rt = NULL;
	bool path_known = false;
	int nseg;

	buf_init(&r->out, (size_t)256 << 20);
	buf_init(&r->tail, (size_t)1 << 16);
	r->status = 500;
	r->ctype = "application/json";
	nseg = split(pbuf, sizeof pbuf, r->path ? r->path : "", seg);
	if (nseg < 0 || !r->method) {
		reply_error(r, 404, "no such page");
		return;
	}
	for (size_t i = 0; i < ARRAY_SIZE(routes); i++) {
		if (!match(routes[i].pattern, seg, nseg, caps))
			continue;
		path_known = true;
		if (!strcmp(routes[i].method, r->method) ||
		    (!strcmp(r->method, "HEAD") && !strcmp(routes[i].method, "GET"))) {
			rt = &routes[i];
			break;
		}
	}
	if (!rt) {
		if (path_known)
			reply_error(r, 405, "method '%s' not allowed here", r->method);
		else
			reply_error(r, 404, "no such page");
		return;
	}
	/* re-capture: the loop may have matched a pattern with another method first */
	match(rt->pattern, seg, nseg, caps);
	if (rt->flags & R_PUBLIC) { /* the sign-in page and the static files */
		if (strcmp(rt->method, "GET"))
			r->c = store_acquire(r->srv->st);
		if (r->body_too_big)
			reply_error(r, 413, "request body larger than %zu bytes",
			            r->srv->cfg.max_body);
		else
			rt->fn(r, caps);
		goto done;
	}
	r->c = store_acquire(r->srv->st);
	if (authenticate(r, rt, caps) < 0) {
		reply_error(r, 401, "%s", err_msg());
		goto done;
	}
	if (!r->authed) {
		if (rt->flags & R_HTML)
			redirect(r, "/login");
		else
			reply_error(r, 401,
			            "a token (Authorization: Bearer) or a session is needed");
		goto done;
	}
	if ((rt->flags & R_WRITE) && r->who.session) {
		reply_error(r, 401, "writes need a token in an Authorization: Bearer header");
		goto done;
	}
	if (r->who.role < rt->need) {
		reply_error(r, 403, "role '%s' may not do this (needs '%s')",
		            auth_role_name(r->who.role), auth_role_name(rt->need));
		goto done;
	}
	if (!rate_ok(r)) {
		reply_error(r, 429, "too many requests for this token; retry in %u s",
		            r->retry_after);
		goto done;
	}
	if (rt->flags & R_FORM) {
		struct buf v = BUF_INIT_MAX(256);
		bool ok = r->who.session && form_get(&v, r->body, r->body_len, "csrf") &&
		          auth_equal(v.ptr, r->who.csrf);

		buf_release(&v);
		if (!ok) {
			reply_error(r, 403, "missing or wrong form token (csrf)");
			goto done;
		}
	}
	if (r->body_too_big) {
		reply_error(r, 413, "request body larger than %zu bytes", r->srv->cfg.max_body);
		goto done;
	}
	rt->fn(r, caps);
done:
	first_drop(r);
	if (r->c)
		store_give_back(r->srv->st, r->c);
	r->c = NULL;
}

void sreq_release(struct sreq *r)
{
	reply_clear(r);
	buf_release(&r->out);
	buf_release(&r->tail);
	principal_release(&r->who);
}

int serve_audit(struct serve *s, struct store_conn *c, const char *actor, const char *action,
                const char *subject, const char *detail)
{
	struct buf entry = BUF_INIT_MAX(TLOG_MAX_ENTRY);
	struct tlog log = TLOG_INIT;
	char now[32], idx[24] = "";
	uint64_t index = 0;
	struct jw w;
	int r = 0;

	store_now(now);
	jw_init(&w, &entry, false);
	jw_obj_begin(&w);
	jw_kstr(&w, "at", now);
	jw_kstr(&w, "actor", actor);
	jw_kstr(&w, "action", action);
	jw_kstr(&w, "subject", subject);
	if (detail)
		jw_kstr(&w, "detail", detail);
	jw_obj_end(&w);
	if ((r = jw_finish(&w)) < 0)
		goto done;
	if (s && s->cfg.audit_log) { /* this server's own copy, besides the shared chain */
		pthread_mutex_lock(&s->audit_lock);
		r = tlog_open(&log, s->cfg.audit_log, TLOG_CREATE);
		if (r == 0 && (r = tlog_add(&index, &log, entry.ptr, entry.len)) == 0)
			r = tlog_commit(&log);
		tlog_release(&log);
		pthread_mutex_unlock(&s->audit_lock);
		if (r < 0) {
			err_prefix("audit log '%s': ", s->cfg.audit_log);
			goto done;
		}
		snprintf(idx, sizeof idx, "%" PRIu64, index);
	}
	r = serve_audit_append(NULL, c, now, actor, action, subject, detail, entry.ptr,
	                       *idx ? idx : NULL);
done:
	buf_release(&entry);
	return r;
}

int serve_open(struct serve **out, const struct serve_config *cfg)
{
	struct serve *s = xcalloc(1, sizeof *s);
	int r;

	s->cfg = *cfg;
	pthread_mutex_init(&s->audit_lock, NULL);
	pthread_mutex_init(&s->rematch_lock, NULL);
	pthread_mutex_init(&s->deadline_lock, NULL);
	pthread_cond_init(&s->deadline_wake, NULL);
	page_cache_init(s);
	/* one connection per worker, and one spare for a re-match started by a request */
	if ((r = store_open(&s->st, cfg->db_url, cfg->threads ? cfg->threads + 1 : 1)) < 0) {
		serve_stop(s);
		return r;
	}
	*out = s;
	return 0;
}

struct store *serve_store(struct serve *s)
{
	return s->st;
}

unsigned serve_port(const struct serve *s)
{
	return s->port;
}
