/*
 * http.c: libmicrohttpd in front of serve_handle(). Bodies are collected up
 * to the configured cap, and the bytes held by all requests together are
 * capped too (SERVE_INFLIGHT_BODIES bodies at most), so a crowd of large
 * uploads gets 503 rather than the machine's memory.
 */
#include "util/compat.h"
#include "core/serve/serve_int.h"
#include "util/alloc.h"
#include "util/err.h"

#include <microhttpd.h>
#include <netdb.h>
#include <stdatomic.h>
#include <sys/socket.h>

#define SERVE_INFLIGHT_BODIES 8

static atomic_size_t inflight;

struct conn_state {
	struct buf body;
	bool too_big;
	bool counted; /* this request's bytes are in inflight */
	size_t reserved;
};

static const char *get_arg(void *ctx, const char *key)
{
	return MHD_lookup_connection_value(ctx, MHD_GET_ARGUMENT_KIND, key);
}

/* True when the parameters from p to end give a weight of zero ("q=0", "q=0.000"). */
static bool q_zero(const char *p, const char *end)
{
	char num[16];
	size_t n;

	p += strspn(p, " \t");
	if (end - p < 3 || (*p != 'q' && *p != 'Q') || p[1] != '=')
		return false;
	p += 2;
	n = (size_t)(end - p) < sizeof num - 1 ? (size_t)(end - p) : sizeof num - 1;
	memcpy(num, p, n);
	num[n] = 0;
	return !(strtod(num, NULL) > 0);
}

/*
 * True when an Accept-Encoding value allows gzip without q=0: by name, or
 * else by "*".
 */
static bool accepts_gzip(const char *v)
{
	int star = -1;

	while (v && *v) {
		size_t n, name;
		const char *semi;
		bool ok;

		v += strspn(v, " \t,");
		n = strcspn(v, ",");
		name = strcspn(v, " \t;,");
		semi = memchr(v, ';', n);
		ok = !semi || !q_zero(semi + 1, v + n);
		if (name == 4 && !strncasecmp(v, "gzip", 4))
			return ok;
		if (name == 1 && *v == '*')
			star = ok;
		v += n;
	}
	return star == 1;
}

/* What a response sent from a kept text frees once libmicrohttpd is done with it. */
struct sent {
	char *head, *tail;
	struct page_text *kept;
};

static void sent_free(void *cls)
{
	struct sent *x = cls;

	free(x->head);
	free(x->tail);
	page_text_unref(x->kept);
	free(x);
}

/* The response's body: out alone, or out, the kept parts and tail without copying the parts. */
static struct MHD_Response *body(struct sreq *r)
{
	struct MHD_Response *resp;
	struct MHD_IoVec iov[ARRAY_SIZE(r->part) + 2];
	unsigned n = 0;
	struct sent *x;
	size_t len = r->out.len;
	char *data;

	if (!r->kept) {
		data = buf_detach(&r->out, NULL);
		resp = MHD_create_response_from_buffer(len, data, MHD_RESPMEM_MUST_FREE);
		if (!resp)
			free(data);
		return resp;
	}
	x = xcalloc(1, sizeof *x);
	iov[n++] = (struct MHD_IoVec){ r->out.ptr, r->out.len };
	for (size_t i = 0; i < r->nparts && i < ARRAY_SIZE(r->part); i++)
		iov[n++] = (struct MHD_IoVec){ r->part[i].p, r->part[i].len };
	iov[n++] = (struct MHD_IoVec){ r->tail.ptr, r->tail.len };
	resp = MHD_create_response_from_iovec(iov, n, sent_free, x);
	if (resp) { /* the parts now belong to the response */
		x->head = buf_detach(&r->out, NULL);
		x->tail = buf_detach(&r->tail, NULL);
		x->kept = r->kept;
		r->kept = NULL;
		r->nparts = 0;
	} else {
		free(x);
	}
	return resp;
}

static enum MHD_Result send_reply(struct MHD_Connection *conn, struct sreq *r)
{
	struct MHD_Response *resp;
	enum MHD_Result ret;
	const char *const *h;
	char num[16];

	resp = body(r);
	if (!resp)
		return MHD_NO;
	for (h = serve_security_headers(r->tls); *h; h += 2)
		MHD_add_response_header(resp, h[0], h[1]);
	if (r->ctype)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->ctype);
	if (r->encoding) {
		MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_ENCODING, r->encoding);
		MHD_add_response_header(resp, MHD_HTTP_HEADER_VARY, "Accept-Encoding");
	}
	if (r->location[0])
		MHD_add_response_header(resp, MHD_HTTP_HEADER_LOCATION, r->location);
	for (size_t i = 0; i < 2; i++)
		if (r->cookie[i][0])
			MHD_add_response_header(resp, MHD_HTTP_HEADER_SET_COOKIE, r->cookie[i]);
	if (r->status == 401 && strncmp(r->path ? r->path : "", "/api/", 5) == 0)
		MHD_add_response_header(resp, MHD_HTTP_HEADER_WWW_AUTHENTICATE, "Bearer");
	if (r->retry_after) {
		snprintf(num, sizeof num, "%u", r->retry_after);
		MHD_add_response_header(resp, MHD_HTTP_HEADER_RETRY_AFTER, num);
	}
	ret = MHD_queue_response(conn, r->status, resp);
	MHD_destroy_response(resp);
	return ret;
}

static enum MHD_Result simple(struct MHD_Connection *conn, struct serve *s, unsigned status,
                              const char *msg)
{
	struct sreq r = { 0 };
	enum MHD_Result ret;

	r.srv = s;
	buf_init(&r.out, 4096);
	reply_error(&r, status, "%s", msg);
	ret = send_reply(conn, &r);
	buf_release(&r.out);
	return ret;
}

static enum MHD_Result on_request(void *cls, struct MHD_Connection *conn, const char *url,
                                  const char *method, const char *version, const char *upload_data,
                                  size_t *upload_data_size, void **con_cls)
{
	struct serve *s = cls;
	struct conn_state *cs = *con_cls;
	struct sreq r = { 0 };
	const char *auth, *len;
	enum MHD_Result ret;

	if (!cs) {
		uint64_t n = 0;

		bool get = !strcmp(method, "GET") || !strcmp(method, "HEAD");

		cs = xcalloc(1, sizeof *cs);
		/* reads carry no body worth holding: a small cap, and no share of inflight */
		buf_init(&cs->body, get ? 64 << 10 : s->cfg.max_body);
		*con_cls = cs;
		len = MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
		                                  MHD_HTTP_HEADER_CONTENT_LENGTH);
		if (len) {
			for (const char *p = len; *p >= '0' && *p <= '9' && n <= cs->body.max; p++)
				n = n * 10 + (uint64_t)(*p - '0');
			if (n > cs->body.max)
				return simple(conn, s, 413, "request body too large");
		}
		if (MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
		                                MHD_HTTP_HEADER_CONTENT_ENCODING))
			return simple(conn, s, 415, "compressed request bodies are not accepted");
		if (!get && (n || !len)) {
			size_t want = n ? (size_t)n : s->cfg.max_body;

			if (atomic_fetch_add(&inflight, want) + want >
			    SERVE_INFLIGHT_BODIES * s->cfg.max_body) {
				atomic_fetch_sub(&inflight, want);
				return simple(conn, s, 503, "too many uploads at once; retry");
			} else {
				cs->counted = true;
				cs->reserved = want;
			}
		}
		return MHD_YES;
	}
	if (*upload_data_size) {
		if (!cs->too_big && buf_add(&cs->body, upload_data, *upload_data_size) < 0) {
			cs->too_big = true;
			buf_release(&cs->body);
			err_clear();
		}
		*upload_data_size = 0;
		return MHD_YES;
	}
	r.srv = s;
	r.method = method;
	r.path = url;
	r.query = get_arg;
	r.ctx = conn;
	r.tls = s->cert_pem != NULL;
	r.gzip_ok = accepts_gzip(MHD_lookup_connection_value(conn, MHD_HEADER_KIND,
	                                                     MHD_HTTP_HEADER_ACCEPT_ENCODING));
	auth = MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
	if (auth && !strncasecmp(auth, "Bearer ", 7))
		r.bearer = auth + 7;
	r.session = MHD_lookup_connection_value(conn, MHD_COOKIE_KIND, "vouch_session");
	r.pre = MHD_lookup_connection_value(conn, MHD_COOKIE_KIND, "vouch_pre");
	r.content_type =
	        MHD_lookup_connection_value(conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_TYPE);
	r.body = cs->body.ptr;
	r.body_len = cs->body.len;
	r.body_too_big = cs->too_big;
	serve_handle(&r);
	if (!strcmp(method, "HEAD"))
		reply_clear(&r);
	ret = send_reply(conn, &r);
	sreq_release(&r);
	return ret;
}

static void on_done(void *cls, struct MHD_Connection *conn, void **con_cls,
                    enum MHD_RequestTerminationCode toe)
{
	struct conn_state *cs = *con_cls;

	if (!cs)
		return;
	if (cs->counted)
		atomic_fetch_sub(&inflight, cs->reserved);
	buf_release(&cs->body);
	free(cs);
	*con_cls = NULL;
}

static int parse_listen(struct sockaddr_storage *out, socklen_t *len, const char *listen)
{
	struct addrinfo hints = { 0 }, *res = NULL;
	char host[256];
	const char *colon = strrchr(listen, ':'), *h = listen;
	size_t hl;
	int rc;

	if (!colon || !colon[1])
		return err_set(ERR_USAGE, "listen address '%s' is not ADDR:PORT", listen);
	hl = (size_t)(colon - listen);
	if (hl >= 2 && listen[0] == '[' && listen[hl - 1] == ']') {
		h++;
		hl -= 2;
	}
	if (hl >= sizeof host)
		return err_set(ERR_USAGE, "listen address '%s' is too long", listen);
	memcpy(host, h, hl);
	host[hl] = 0;
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	rc = getaddrinfo(hl ? host : NULL, colon + 1, &hints, &res);
	if (rc != 0)
		return err_set(ERR_USAGE, "listen address '%s': %s", listen, gai_strerror(rc));
	memcpy(out, res->ai_addr, res->ai_addrlen);
	*len = res->ai_addrlen;
	freeaddrinfo(res);
	return 0;
}

int serve_start(struct serve **out, const struct serve_config *cfg)
{
	struct serve *s = NULL;
	struct sockaddr_storage sa;
	socklen_t salen;
	struct buf cert = BUF_INIT_MAX(1 << 20), key = BUF_INIT_MAX(1 << 20);
	unsigned flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO;
	const union MHD_DaemonInfo *info;
	int r;

	*out = NULL;
	if (!cfg->threads)
		return err_set(ERR_USAGE, "a server needs at least one thread");
	if ((r = parse_listen(&sa, &salen, cfg->listen)) < 0)
		return r;
	if (!cfg->tls_cert != !cfg->tls_key)
		return err_set(ERR_USAGE, "TLS needs both --tls-cert and --tls-key");
	if (cfg->tls_cert) {
		if ((r = buf_read_file(&cert, cfg->tls_cert)) < 0 ||
		    (r = buf_read_file(&key, cfg->tls_key)) < 0)
			goto fail;
		if (!MHD_is_feature_supported(MHD_FEATURE_TLS)) {
			r = err_set(ERR_UNSUPPORTED, "this libmicrohttpd was built without TLS");
			goto fail;
		}
		flags |= MHD_USE_TLS;
	}
	if (sa.ss_family == AF_INET6)
		flags |= MHD_USE_IPv6;
	if ((r = serve_open(&s, cfg)) < 0)
		goto fail;
	if (cfg->tls_cert) {
		s->cert_pem = buf_detach(&cert, NULL);
		s->key_pem = buf_detach(&key, NULL);
	}
	if (s->cert_pem)
		s->daemon = MHD_start_daemon(
		        flags, 0, NULL, NULL, on_request, s, MHD_OPTION_SOCK_ADDR, &sa,
		        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)s->cfg.threads,
		        MHD_OPTION_NOTIFY_COMPLETED, on_done, s, MHD_OPTION_CONNECTION_TIMEOUT,
		        (unsigned)60, MHD_OPTION_CONNECTION_MEMORY_LIMIT, SERVE_MAX_HEADERS * 2,
		        MHD_OPTION_CONNECTION_LIMIT, (unsigned)1024, MHD_OPTION_HTTPS_MEM_CERT,
		        s->cert_pem, MHD_OPTION_HTTPS_MEM_KEY, s->key_pem, MHD_OPTION_END);
	else
		s->daemon = MHD_start_daemon(
		        flags, 0, NULL, NULL, on_request, s, MHD_OPTION_SOCK_ADDR, &sa,
		        MHD_OPTION_THREAD_POOL_SIZE, (unsigned)s->cfg.threads,
		        MHD_OPTION_NOTIFY_COMPLETED, on_done, s, MHD_OPTION_CONNECTION_TIMEOUT,
		        (unsigned)60, MHD_OPTION_CONNECTION_MEMORY_LIMIT, SERVE_MAX_HEADERS * 2,
		        MHD_OPTION_CONNECTION_LIMIT, (unsigned)1024, MHD_OPTION_END);
	if (!s->daemon) {
		r = err_set(ERR_IO,
		            "cannot listen on '%s' (in use, not permitted, or bad TLS files)",
		            cfg->listen);
		goto fail;
	}
	if ((r = serve_watch_start(s)) < 0) /* after the daemon: a re-match does not delay it */
		goto fail;
	info = MHD_get_daemon_info(s->daemon, MHD_DAEMON_INFO_BIND_PORT);
	s->port = info ? info->port : 0;
	if ((r = serve_deadline_thread_start(s)) < 0)
		goto fail;
	*out = s;
	buf_release(&cert);
	buf_release(&key);
	return 0;
fail:
	serve_stop(s);
	buf_release(&cert);
	buf_release(&key);
	return r;
}

void serve_stop(struct serve *s)
{
	if (!s)
		return;
	serve_halt(s); /* a re-match running in a request or the watcher ends first */
	serve_deadline_thread_stop(s);
	if (s->daemon)
		MHD_stop_daemon(s->daemon);
	serve_watch_stop(s);
	store_close(s->st);
	if (s->key_pem)
		xfree_secret(s->key_pem, strlen(s->key_pem));
	free(s->cert_pem);
	pthread_mutex_destroy(&s->audit_lock);
	pthread_mutex_destroy(&s->rematch_lock);
	pthread_mutex_destroy(&s->deadline_lock);
	pthread_cond_destroy(&s->deadline_wake);
	page_cache_release(s);
	free(s);
}
