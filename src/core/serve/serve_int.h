/*
 * serve_int.h: what the files of core/serve share; not for other modules.
 */
#ifndef VOUCH_SERVE_INT_H
#define VOUCH_SERVE_INT_H

#include "util/compat.h"
#include "core/serve/server.h"

#include <pthread.h>
#include <stdatomic.h>

struct serve {
	struct serve_config cfg;
	struct store *st;
	void *daemon; /* struct MHD_Daemon */
	unsigned port;
	char *cert_pem, *key_pem;
	pthread_mutex_t audit_lock;
	pthread_mutex_t rematch_lock;
	/* the deadline webhook's thread (deadlines.c) */
	pthread_t deadline_thread;
	bool deadline_running, deadline_stop;
	pthread_mutex_t deadline_lock;
	pthread_cond_t deadline_wake;
	/* the watcher of the vulnerability database (monitor.c) */
	pthread_t watcher;
	bool watching, stopping;
	pthread_mutex_t watch_lock;
	pthread_cond_t watch_wake;
	char *generation; /* the last one this process saw, or NULL */
	atomic_bool halt; /* serve_stop() or serve_halt() was called: re-matches stop */
};

/* POSTs a JSON document to url (monitor.c). */
int serve_webhook_post(const char *url, const struct buf *doc);
/* Starts / stops the thread that runs serve_deadlines_notify() every cfg.deadline_check s. */
int serve_deadline_thread_start(struct serve *s);
void serve_deadline_thread_stop(struct serve *s);

/*
 * Checks the vulnerability database's generation once and, when it is one no
 * server of this store has claimed, claims it and re-matches (*ran true).
 * serve_watch_start() does this now and then every cfg.watch seconds in a
 * thread; serve_watch_stop() ends that thread.
 */
int serve_watch_once(struct serve *s, bool *ran);
int serve_watch_start(struct serve *s);
void serve_watch_stop(struct serve *s);

/* Responses. */
void reply(struct sreq *r, unsigned status, const char *ctype);
void reply_error(struct sreq *r, unsigned status, const char *fmt, ...) VOUCH_PRINTF(3, 4);
/* An error from the core (err_msg) mapped to a status: 400 parse/usage, 413 toobig, ... */
void reply_err_code(struct sreq *r, int code);
void redirect(struct sreq *r, const char *where);

/* Appends s HTML-escaped. */
void html_esc(struct buf *b, const char *s);
/* Appends s as one CSV field (quoted; a leading = + - @ is defused with a quote). */
void csv_field(struct buf *b, const char *s, bool last);

/* Form fields (application/x-www-form-urlencoded body): value decoded into out. */
bool form_get(struct buf *out, const char *body, size_t len, const char *key);

/* Handlers: seg[] are the '*' segments of the route's pattern. */
typedef void route_fn(struct sreq *r, const char *const *seg);
route_fn api_products, api_product, api_assessments, api_assessment, api_claims, api_claim_history,
        api_claim_across, api_findings, api_export_claims_csv, api_export_findings_csv,
        api_export_portfolio, api_upload_assessment, api_upload_sbom, api_upload_scan,
        api_upload_bundle, api_rematch, api_audit, api_whoami, api_releases, api_deadlines,
        api_export_deadlines_csv;
route_fn dash_root, dash_login_form, dash_login, dash_logout, dash_portfolio, dash_product,
        dash_claim, dash_deadlines, dash_css, dash_favicon;

#endif
