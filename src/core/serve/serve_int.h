/*
 * serve_int.h: what the files of core/serve share; not for other modules.
 */
#ifndef VOUCH_SERVE_INT_H
#define VOUCH_SERVE_INT_H

#include "util/compat.h"
#include "core/serve/server.h"

#include <pthread.h>
#include <stdatomic.h>

enum page_slot {
	PAGE_PORTFOLIO,        /* /portfolio's table, by name (dash.c) */
	PAGE_PORTFOLIO_WORST,  /* the same, worst first */
	PAGE_PRODUCTS,         /* /api/v1/products */
	PAGE_EXPORT_PORTFOLIO, /* /api/v1/export/portfolio */
	PAGE_NSLOTS
};

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
	/* rendered pages kept while the store's data generation is unchanged (cache.c) */
	pthread_mutex_t page_lock;
	struct page_kept {
		int64_t gen;
		struct page_text *text;
	} pages[PAGE_NSLOTS];
	atomic_bool halt; /* serve_stop() or serve_halt() was called: re-matches stop */
};

/*
 * A kept text: immutable once kept, freed with its last reference. A
 * response holds one (sreq.kept) until the network layer has sent it, so a
 * kept page goes out with no copy and no allocation of its size. It is cut
 * into chunks (a table's head, its rows a page at a time, its end), each also
 * deflated on its own (raw, ending on a full flush): any run of chunks is a
 * run of bytes of data and of gz, so a response may send any of them.
 */
struct page_text {
	atomic_size_t refs;
	char *data, *gz; /* gz NULL: kept plain only */
	size_t len, gzlen;
	size_t nrows; /* what the text counts (products), for the page around it */
	size_t nchunks;
	struct page_chunk {
		size_t off, len, gzoff, gzlen;
		uint32_t crc; /* CRC-32 of the chunk's data */
	} chunk[];
};
void page_text_unref(struct page_text *t);

/*
 * The pages kept: each slot is one rendering that does not depend on who
 * asks (the portfolio's table, the product listing's JSON...), made at a
 * generation (read from the store by the request, page_key).
 * page_get(): a reference to slot k's text when it was made at gen, or NULL.
 * page_keep(): keeps text made at gen, cut into chunks at cuts[0..ncuts-1]
 * (each a chunk's end; the last is text->len), unless a newer one is there,
 * and returns a reference to it either way.
 * page_reply(): the response becomes r->out (its head, not kept), the chunks
 * of t in ranges (first, count) by reference, then foot; gzip when the client
 * accepts it (the kept chunks deflated; the head and foot added as stored
 * blocks, compressed against nothing). Takes over the reference t; false
 * (and r->out untouched) only when memory runs short.
 */
struct page_text *page_get(struct serve *s, enum page_slot k, int64_t gen);
struct page_text *page_keep(struct serve *s, enum page_slot k, int64_t gen, const struct buf *text,
                            const size_t *cuts, size_t ncuts, size_t nrows);
#define PAGE_MAX_RANGES 3
bool page_reply(struct sreq *r, struct page_text *t, const char *foot, const size_t (*ranges)[2],
                size_t nranges);
/*
 * The key the pages are kept under: the store's data generation and its
 * date (store_data_generation), one number.
 */
int page_key(int64_t *out, struct sreq *r);
void page_cache_init(struct serve *s);
void page_cache_release(struct serve *s);

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

/*
 * A handler's read: store_exec(), or the rows the route's first read got in
 * the authentication's round trip when sql (the same pointer) and the
 * parameters are that read's (handle.c). ERR_* with the message set.
 */
int req_rows(struct sreq *r, struct store_rows *out, const char *sql, size_t n,
             const char *const *p);
/* GET /api/v1/products/NAME's one statement ($1 the name): a route's first read. */
extern const char api_product_sql[];

/* Responses. reply_clear() empties the body (out, kept, tail) and its encoding. */
void reply_clear(struct sreq *r);
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
