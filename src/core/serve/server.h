/*
 * server.h: `vouch serve`, the organisation's view of every product.
 *
 *     struct serve_config cfg = SERVE_CONFIG_INIT;
 *     cfg.db_url = "sqlite:/srv/vouch.db";
 *     struct serve *s = NULL;
 *     if (serve_start(&s, &cfg) < 0) ...        // binds, migrates, starts threads
 *     ... serve_port(s) ...                      // the port bound (for --listen ...:0)
 *     serve_stop(s);
 *
 * The HTTP layer (http.c, libmicrohttpd) turns each request into a struct
 * sreq and calls serve_handle(), which authenticates, rate-limits, routes and
 * writes the response into the struct; it never touches the network itself,
 * so the fuzz target drives it directly. The routes are in docs/serve-api.md.
 */
#ifndef VOUCH_SERVER_H
#define VOUCH_SERVER_H

#include "util/compat.h"
#include "util/buf.h"
#include "core/serve/auth.h"
#include "core/store/store.h"

#define SERVE_MAX_BODY_DEFAULT ((size_t)32 << 20)
#define SERVE_MAX_HEADERS      ((size_t)16 << 10)

struct serve_config {
	const char *listen;   /* "ADDR:PORT"; port 0 picks a free one */
	const char *db_url;   /* store.h */
	const char *tls_cert; /* PEM files, both or neither */
	const char *tls_key;
	const char *audit_log;     /* a `vouch log` folder every write is appended to, or NULL */
	const char *vulndb;        /* the vulnerability database for re-matching, or NULL */
	const char *webhook;       /* URL receiving a JSON POST on new findings, or NULL */
	const char *webhook_level; /* lowest severity that triggers it ("high") */
	size_t max_body;
	size_t threads;
	unsigned rate;          /* requests per second per token (0: no limit) */
	unsigned burst;         /* bucket size */
	unsigned fix_days;      /* the vendor's target for fixing an open finding */
	const char *bundle_key; /* minisign public key bundles must verify against, or NULL */
	/* days to fix an open finding by severity (serve_fix_target); 0: fix_days or the default */
	unsigned fix_target[5];
	unsigned deadline_check;       /* seconds between deadline webhook checks (0: 3600) */
	void (*warn)(const char *msg); /* a background failure (the deadline webhook), or NULL */
	unsigned watch; /* seconds between checks of vulndb for an update, 0: never (serve_start) */
};
#define SERVE_CONFIG_INIT                                                                          \
	{                                                                                          \
		"127.0.0.1:8080", NULL, NULL, NULL, NULL, NULL, NULL, "high",                      \
		        SERVE_MAX_BODY_DEFAULT, 4, 20, 100, 0, NULL, { 0 }, 0, NULL, 0             \
	}

struct serve;
struct page_text; /* a kept page's text, shared by the responses sending it (cache.c) */

/*
 * The core without the network: open the store (for serve_handle and tests).
 * threads 0 opens a single connection (an in-memory SQLite database is one
 * database per connection).
 */
int serve_open(struct serve **out, const struct serve_config *cfg);
/* serve_open() and listen; ERR_IO when the address cannot be bound. */
int serve_start(struct serve **out, const struct serve_config *cfg);
unsigned serve_port(const struct serve *s);
void serve_stop(struct serve *s);
struct store *serve_store(struct serve *s);

/* One request. The HTTP layer fills the first part, serve_handle() the rest. */
struct sreq {
	struct serve *srv;
	const char *method;
	const char *path; /* decoded, without the query */
	const char *(*query)(void *ctx, const char *key);
	void *ctx;
	const char *bearer;  /* the Authorization: Bearer value, or NULL */
	const char *session; /* the session cookie's value, or NULL */
	const char *pre;     /* the sign-in form's cookie value, or NULL */
	const char *content_type;
	const char *body;
	size_t body_len;
	bool body_too_big; /* the HTTP layer stopped reading at max_body */
	bool tls;
	bool gzip_ok; /* Accept-Encoding allows gzip */
	/* the response: out, then the parts of kept (when not NULL), then tail */
	unsigned status;
	struct buf out;
	struct page_text *kept; /* a reference, dropped by sreq_release() or the HTTP layer */
	struct sreq_part {
		const char *p;
		size_t len;
	} part[4]; /* slices of kept's text */
	size_t nparts;
	struct buf tail;
	const char *ctype;
	const char *encoding; /* Content-Encoding of out ("gzip"), or NULL */
	char location[512];
	char cookie[2][256]; /* Set-Cookie values */
	unsigned retry_after;
	/* private */
	struct principal who;
	bool authed;
	struct store_conn *c;
	/* the route's first read, run with the authentication (handle.c, req_rows) */
	struct store_rows first;
	const char *first_sql, *first_param;
};

void serve_handle(struct sreq *r);
void sreq_release(struct sreq *r);

/* The security headers every response carries, as name/value pairs ending with NULL. */
const char *const *serve_security_headers(bool tls);

/*
 * Records a write (who, what, when): a row of the audit table and, when the
 * server has an audit log, an entry appended to that `vouch log` folder
 * (tamper-evident; its index is kept in the row). s may be NULL (no log).
 */
int serve_audit(struct serve *s, struct store_conn *c, const char *actor, const char *action,
                const char *subject, const char *detail);

/*
 * Re-matches every stored SBOM's components against the vulnerability
 * database: findings appear with source "monitor", fixed ones get fixed_at.
 * *out_new / *out_fixed count them; the webhook fires for new ones at or
 * above the configured level (suppressed ones never). Recorded like the
 * watcher's own re-matches: a row of rematches (started_by who) and an audit
 * entry by who. A serve_halt() or serve_stop() meanwhile ends it between
 * batches, each release's findings committed or not at all (ERR_IO).
 */
int serve_rematch(struct serve *s, const char *who, size_t *out_releases, size_t *out_new,
                  size_t *out_fixed);
/* Asks a running re-match to stop (async-signal-safe). */
void serve_halt(struct serve *s);

/*
 * State shared by every server on one database (shared.c). serve_rate_take:
 * one request of token at time now (seconds, the real clock) against rate
 * per second and burst; *ok false and *retry seconds when over.
 */
int serve_rate_take(bool *ok, unsigned *retry, struct store_conn *c, int64_t token, double now,
                    unsigned rate, unsigned burst);
/* Appends one record to the audit chain in its own transaction; *out_seq its place. */
int serve_audit_append(int64_t *out_seq, struct store_conn *c, const char *at, const char *actor,
                       const char *action, const char *subject, const char *detail,
                       const char *entry, const char *log_index);
struct audit_check {
	int64_t records;   /* chained records read */
	int64_t bad;       /* the first record that fails, or -1 */
	char why[160];     /* what failed */
	char head[65];     /* the last record's hash (hex) */
	uint64_t log_size; /* entries in the log folder, when one was given */
};
/*
 * Recomputes the chain; with log_dir, also that the log's entries are the
 * chain's first ones, byte for byte. A broken chain is out->bad >= 0, not an
 * error; errors are failures to read.
 */
int serve_audit_verify(struct audit_check *out, struct store_conn *c, const char *log_dir);
/* Verifies, then appends the records the log does not have yet (*out_added). */
int serve_audit_export(struct audit_check *out, size_t *out_added, struct store_conn *c,
                       const char *log_dir);

/*
 * Deadlines across the portfolio (deadlines.c has the rules and sources).
 * Severities are critical, high, medium, low, unknown; each has a fix
 * target: cfg->fix_target[i], else cfg->fix_days, else 7, 30, 90, 180, 90.
 */
#define SERVE_NSEV             5
#define SERVE_DEADLINE_HORIZON 60 /* days ahead that a date is listed */
struct jw;
struct bundle_archive;
struct deadline {
	char *product;
	const char *kind; /* "fix target", "review", ... */
	char *what;       /* one sentence */
	char due[16];     /* YYYY-MM-DD */
	int64_t days;     /* due minus today: negative when overdue */
	char *link;       /* the product's dashboard page */
	char *key;        /* what identifies the item for the webhook */
};
struct deadlines {
	struct deadline *v;
	size_t n, alloc;
};
const char *serve_severity_name(size_t i);
unsigned serve_fix_target(const struct serve_config *cfg, const char *severity);
/* Today as days since 1970: SOURCE_DATE_EPOCH when set, else the clock. */
int64_t serve_today(void);
/* Every item listed on day today, soonest (most overdue) first. */
int serve_deadlines(struct deadlines *out, const struct serve_config *cfg, struct store_conn *c,
                    int64_t today);
void deadlines_release(struct deadlines *d);
/* {"today", "horizon_days", "deadlines": [{product, kind, what, due, days, link}]} */
void deadlines_json(struct jw *w, const struct deadlines *d, int64_t today);
/* At upload: the review dates of an assessment, the security.txt and lifecycle of a bundle. */
int deadlines_record_assessment(struct store_conn *c, const char *product, const char *data,
                                size_t len);
int deadlines_record_bundle(struct store_conn *c, const char *product,
                            const struct bundle_archive *ar);
/* At a scan upload: the expiry of each ignore entry that accepted a finding. */
int deadlines_record_scan(struct store_conn *c, const char *product, const char *version,
                          const char *data, size_t len);
/*
 * Posts the items not yet sent today to the webhook, once per item per day
 * whichever server runs it (deadline_notices); *out_sent counts them. Does
 * nothing without a webhook.
 */
int serve_deadlines_notify(struct serve *s, size_t *out_sent);

#endif
