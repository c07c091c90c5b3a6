/*
 * fuzz_serve_request: one request through the server's core, network aside:
 * routing, authentication, form parsing, uploads of assessments, SBOMs and
 * scan results into an in-memory SQLite store, and the pages built from it.
 *
 * Input: byte 0 picks the caller (admin, uploader of "p", viewer, nobody,
 * a garbage token) and, by its top bit, whether gzip is accepted; then
 * "METHOD PATH\n" (PATH may end in "?k=v&...", the query), then the body.
 */
#include "util/compat.h"
#include "core/serve/ingest.h"
#include "core/serve/server.h"
#include "util/alloc.h"
#include "util/err.h"
#include "util/hash.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct serve *srv;
static char *tokens[3];
static unsigned runs;

static void setup(void)
{
	struct serve_config cfg = SERVE_CONFIG_INIT;
	static const char *const roles[] = { "admin", "uploader", "viewer" };
	struct store_conn *c;
	int64_t id;

	hash_init();
	cfg.db_url = "sqlite::memory:";
	cfg.threads = 0;
	cfg.rate = 0;
	if (serve_open(&srv, &cfg) < 0)
		abort();
	c = store_acquire(serve_store(srv));
	for (int i = 0; i < 3; i++)
		if (auth_token_create(&tokens[i], &id, c, auth_role_parse(roles[i]),
		                      i == 1 ? "p" : NULL, NULL) < 0)
			abort();
	store_give_back(serve_store(srv), c);
}

static void wipe(void)
{
	static const char *const tables[] = {
		"claims",   "principles",    "assessments",         "components",
		"sboms",    "findings",      "release_open",        "suppressions",
		"releases", "product_dates", "product_fix_targets", "products",
		"sessions", "audit",         "deadline_notices"
	};
	struct store_conn *c = store_acquire(serve_store(srv));
	char sql[64];

	for (size_t i = 0; i < ARRAY_SIZE(tables); i++) {
		snprintf(sql, sizeof sql, "DELETE FROM %s", tables[i]);
		store_exec(NULL, c, sql, 0, NULL);
	}
	store_data_changed(c); /* the pages kept before are stale now */
	store_give_back(serve_store(srv), c);
}

/* The query: "?k=v&..." after the path (as libmicrohttpd would split it), else open=1. */
static const char *query_arg(void *ctx, const char *key)
{
	static char val[4][64];
	static unsigned next;
	const char *q = ctx;
	size_t klen = strlen(key);

	while (q && *q) {
		const char *e = q + strcspn(q, "&");

		if (!strncmp(q, key, klen) && q[klen] == '=') {
			char *v = val[next++ % 4];
			size_t n = (size_t)(e - q) - klen - 1;

			n = n < sizeof val[0] - 1 ? n : sizeof val[0] - 1;
			memcpy(v, q + klen + 1, n);
			v[n] = 0;
			return v;
		}
		q = *e ? e + 1 : e;
	}
	return !strcmp(key, "open") ? "1" : NULL;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sreq r = { 0 };
	const char *nl, *sp;
	char *method = NULL, *path = NULL, *body = NULL, *name = NULL, *version = NULL, *qs;
	size_t blen;

	if (!srv)
		setup();
	if (size < 2)
		return 0;
	nl = memchr(data + 1, '\n', size - 1);
	if (!nl)
		return 0;
	sp = memchr(data + 1, ' ', (size_t)(nl - (const char *)data - 1));
	if (!sp)
		return 0;
	method = xmemdupz(data + 1, (size_t)(sp - (const char *)data - 1));
	path = xmemdupz(sp + 1, (size_t)(nl - sp - 1));
	blen = size - (size_t)(nl + 1 - (const char *)data);
	body = xmemdupz(nl + 1, blen);
	r.srv = srv;
	r.method = method;
	r.path = path;
	r.query = query_arg;
	if ((qs = strchr(path, '?'))) /* the path without it, as the HTTP layer gives it */
		*qs++ = 0;
	r.ctx = qs;
	r.body = body;
	r.body_len = blen;
	r.gzip_ok = data[0] & 0x80;
	switch (data[0] % 5) {
	case 0:
	case 1:
	case 2:
		r.bearer = tokens[data[0] % 5];
		break;
	case 3:
		break;
	default:
		r.bearer = "vouch_0123";
		r.session = "00";
		r.pre = "ab";
	}
	serve_handle(&r);
	sreq_release(&r);
	upload_sniff(body, blen, path);
	upload_subject(&name, &version, body, blen);
	free(name);
	free(version);
	err_clear();
	free(method);
	free(path);
	free(body);
	if (++runs % 256 == 0)
		wipe();
	return 0;
}
