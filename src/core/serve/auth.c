/*
 * auth.c: tokens, sessions and the rules of who may write (auth.h).
 */
#include "util/compat.h"
#include "core/serve/auth.h"
#include "util/alloc.h"
#include "util/err.h"
#include "util/hash.h"

#include <sodium.h>
#include <time.h>

const char *auth_role_name(enum auth_role r)
{
	switch (r) {
	case ROLE_VIEWER:
		return "viewer";
	case ROLE_UPLOADER:
		return "uploader";
	case ROLE_ADMIN:
		return "admin";
	default:
		return "none";
	}
}

enum auth_role auth_role_parse(const char *s)
{
	if (!s)
		return ROLE_NONE;
	if (!strcmp(s, "viewer"))
		return ROLE_VIEWER;
	if (!strcmp(s, "uploader"))
		return ROLE_UPLOADER;
	if (!strcmp(s, "admin"))
		return ROLE_ADMIN;
	return ROLE_NONE;
}

void principal_release(struct principal *p)
{
	free(p->products);
	sodium_memzero(p, sizeof *p);
}

void auth_random_hex(char *out, size_t n)
{
	uint8_t b[64];

	if (n > sizeof b)
		n = sizeof b;
	randombytes_buf(b, n);
	hex_encode(out, b, n);
	sodium_memzero(b, sizeof b);
}

bool auth_equal(const char *a, const char *b)
{
	size_t n = strlen(a);

	return n == strlen(b) && sodium_memcmp(a, b, n) == 0;
}

static void secret_hash(char out[65], const char *secret)
{
	uint8_t h[SHA256_LEN];

	hash_sha256(h, secret, strlen(secret));
	hex_encode(out, h, sizeof h);
}

int auth_token_create(char **token_out, int64_t *id_out, struct store_conn *c, enum auth_role role,
                      const char *products, const char *name)
{
	struct store_rows rows = STORE_ROWS_INIT;
	char *tok = xmalloc(AUTH_TOKEN_LEN + 1), hash[65], now[32];
	int r;

	memcpy(tok, AUTH_TOKEN_PREFIX, 6);
	auth_random_hex(tok + 6, 32);
	secret_hash(hash, tok);
	store_now(now);
	{
		const char *p[] = { hash, auth_role_name(role), products, name, now };

		r = store_exec(&rows, c,
		               "INSERT INTO tokens (hash, role, products, name, created)"
		               " VALUES ($1, $2, $3, $4, $5) RETURNING id",
		               5, p);
	}
	if (r < 0) {
		xfree_secret(tok, AUTH_TOKEN_LEN + 1);
		tok = NULL;
	} else {
		*id_out = store_cell_i64(&rows, 0, 0, -1);
	}
	*token_out = tok;
	store_rows_release(&rows);
	return r;
}

int auth_token_revoke(struct store_conn *c, int64_t id)
{
	struct store_rows rows = STORE_ROWS_INIT;
	char sid[24], now[32];
	const char *p[] = { now, sid };
	int r;

	snprintf(sid, sizeof sid, "%" PRId64, id);
	store_now(now);
	r = store_exec(
	        &rows, c,
	        "UPDATE tokens SET revoked = $1 WHERE id = $2 AND revoked IS NULL RETURNING id", 2,
	        p);
	if (r == 0 && rows.nrows == 0)
		r = err_set(ERR_NOTFOUND, "no live token %" PRId64, id);
	if (r == 0)
		r = store_exec(NULL, c, "DELETE FROM sessions WHERE token_id = $1", 1, p + 1);
	store_rows_release(&rows);
	return r;
}

int auth_token_list(struct store_rows *out, struct store_conn *c)
{
	return store_exec(
	        out, c, "SELECT id, role, products, name, created, revoked FROM tokens ORDER BY id",
	        0, NULL);
}

static int fill(struct principal *p, const struct store_rows *rows, const char *hash,
                size_t hashcol)
{
	const char *stored = store_cell(rows, 0, hashcol), *name = store_cell(rows, 0, 3);

	memset(p, 0, sizeof *p);
	if (rows->nrows != 1 || !stored || !auth_equal(stored, hash))
		return err_set(ERR_VERIFY, "unknown or revoked token");
	p->token_id = store_cell_i64(rows, 0, 0, -1);
	p->role = auth_role_parse(store_cell(rows, 0, 1));
	if (store_cell(rows, 0, 2))
		p->products = xstrdup(store_cell(rows, 0, 2));
	if (name && *name)
		snprintf(p->name, sizeof p->name, "%s", name);
	else
		snprintf(p->name, sizeof p->name, "token %" PRId64, p->token_id);
	if (p->role == ROLE_NONE)
		return err_set(ERR_VERIFY, "token with an unknown role");
	return 0;
}

/* The check's statement and also's in one batch; r < 0 only when the check's own failed. */
static int check(struct store_rows *rows, struct store_conn *c, const char *sql, size_t n,
                 const char *const *q, struct store_stmt *also)
{
	struct store_stmt v[2] = { { rows, sql, n, q, 0 } };

	if (!also)
		return store_exec(rows, c, sql, n, q);
	v[1] = *also;
	store_exec_batch(c, v, 2);
	also->rc = v[1].rc;
	if (v[0].rc == 0 && v[1].rc < 0) /* the request's read failed: the handler reads again */
		err_clear();
	return v[0].rc;
}

int auth_token_check(struct principal *p, struct store_conn *c, const char *token,
                     struct store_stmt *also)
{
	struct store_rows rows = STORE_ROWS_INIT;
	char hash[65];
	const char *q[] = { hash };
	int r;

	memset(p, 0, sizeof *p);
	if (also)
		also->rc = ERR_GENERIC; /* not run */
	if (strlen(token) != AUTH_TOKEN_LEN || strncmp(token, AUTH_TOKEN_PREFIX, 6))
		return err_set(ERR_VERIFY, "malformed token");
	secret_hash(hash, token);
	r = check(&rows, c,
	          "SELECT id, role, products, name, hash FROM tokens"
	          " WHERE hash = $1 AND revoked IS NULL",
	          1, q, also);
	if (r == 0)
		r = fill(p, &rows, hash, 4);
	store_rows_release(&rows);
	return r;
}

int auth_session_create(char **cookie_out, struct principal *p, struct store_conn *c)
{
	char *cookie = xmalloc(65), hash[65], now[32], exp[32], tid[24];
	int r;

	auth_random_hex(cookie, 32);
	auth_random_hex(p->csrf, 32);
	secret_hash(hash, cookie);
	store_now(now);
	store_time(exp, (int64_t)time(NULL) + AUTH_SESSION_SECS);
	snprintf(tid, sizeof tid, "%" PRId64, p->token_id);
	{
		const char *q[] = { hash, tid, p->csrf, now, exp };

		r = store_exec(NULL, c,
		               "INSERT INTO sessions (hash, token_id, csrf, created, expires)"
		               " VALUES ($1, $2, $3, $4, $5)",
		               5, q);
	}
	if (r < 0) {
		xfree_secret(cookie, 65);
		cookie = NULL;
	}
	p->session = r == 0;
	*cookie_out = cookie;
	return r;
}

static bool hex64(const char *s)
{
	if (strlen(s) != 64)
		return false;
	for (; *s; s++)
		if (!((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f')))
			return false;
	return true;
}

int auth_session_check(struct principal *p, struct store_conn *c, const char *cookie,
                       struct store_stmt *also)
{
	struct store_rows rows = STORE_ROWS_INIT;
	char hash[65], now[32];
	const char *q[] = { hash, now };
	int r;

	memset(p, 0, sizeof *p);
	if (also)
		also->rc = ERR_GENERIC; /* not run */
	if (!hex64(cookie))
		return err_set(ERR_VERIFY, "malformed session");
	secret_hash(hash, cookie);
	store_now(now);
	r = check(&rows, c,
	          "SELECT t.id, t.role, t.products, t.name, s.hash, s.csrf"
	          " FROM sessions s JOIN tokens t ON t.id = s.token_id"
	          " WHERE s.hash = $1 AND s.expires > $2 AND t.revoked IS NULL",
	          2, q, also);
	if (r == 0 && (r = fill(p, &rows, hash, 4)) == 0) {
		snprintf(p->csrf, sizeof p->csrf, "%s", store_cell(&rows, 0, 5));
		p->session = true;
	}
	store_rows_release(&rows);
	return r;
}

int auth_session_delete(struct store_conn *c, const char *cookie)
{
	char hash[65];
	const char *q[] = { hash };

	if (!hex64(cookie))
		return 0;
	secret_hash(hash, cookie);
	return store_exec(NULL, c, "DELETE FROM sessions WHERE hash = $1", 1, q);
}

bool auth_may_write(const struct principal *p, const char *product)
{
	const char *s, *e;
	size_t n = strlen(product);

	if (p->role == ROLE_ADMIN)
		return true;
	if (p->role != ROLE_UPLOADER || !p->products)
		return false;
	for (s = p->products; *s; s = *e ? e + 1 : e) {
		e = strchr(s, ',');
		if (!e)
			e = s + strlen(s);
		if ((size_t)(e - s) == n && !memcmp(s, product, n))
			return true;
	}
	return false;
}
