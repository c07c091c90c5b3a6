/*
 * auth.h: who is asking. API tokens, browser sessions and CSRF tokens.
 *
 * A token is "vouch_" and 64 hex digits (32 random bytes from libsodium).
 * Only its SHA-256 is stored; a presented token is hashed, looked up, and
 * the stored hash compared again in constant time. Sessions are the same
 * shape: the cookie holds the random value, the store its hash, so a copy of
 * the database signs nobody in.
 *
 * Roles: viewer (reads everything), uploader (reads everything, writes only
 * to the products named on the token), admin (everything).
 */
#ifndef VOUCH_AUTH_H
#define VOUCH_AUTH_H

#include "util/compat.h"
#include "util/buf.h"
#include "core/store/store.h"

#define AUTH_TOKEN_PREFIX "vouch_"
#define AUTH_TOKEN_LEN    (6 + 64)
#define AUTH_SESSION_SECS (8 * 3600)

enum auth_role {
	ROLE_NONE = 0,
	ROLE_VIEWER,
	ROLE_UPLOADER,
	ROLE_ADMIN,
};

const char *auth_role_name(enum auth_role r);
/* ROLE_NONE when s names no role. */
enum auth_role auth_role_parse(const char *s);

struct principal {
	enum auth_role role;
	int64_t token_id;
	char name[64];  /* "token 3" or the token's name: what the audit log says */
	char *products; /* uploader: comma-separated product names */
	char csrf[65];  /* session only: the form token */
	bool session;   /* signed in through the browser */
};

void principal_release(struct principal *p);

/*
 * Creates a token: *token_out receives its text (shown once; wipe and free
 * it), *id_out its id. products is a comma-separated list (uploader), name a
 * label or NULL.
 */
int auth_token_create(char **token_out, int64_t *id_out, struct store_conn *c, enum auth_role role,
                      const char *products, const char *name);
/* Marks it revoked; ERR_NOTFOUND when there is no such live token. */
int auth_token_revoke(struct store_conn *c, int64_t id);
/* Rows: id, role, products, name, created, revoked. */
int auth_token_list(struct store_rows *out, struct store_conn *c);

/*
 * Fills p for a presented token; ERR_VERIFY when unknown or revoked. also is
 * NULL or a read of the request's that runs in the same round trip as the
 * check (store_exec_batch): its rows are for the caller to use when this
 * returns 0 and also->rc is 0, and to release unread otherwise. A token that
 * fails the check never sees them.
 */
int auth_token_check(struct principal *p, struct store_conn *c, const char *token,
                     struct store_stmt *also);

/* A new session for p's token: *cookie_out the cookie value (free it), p->csrf set. */
int auth_session_create(char **cookie_out, struct principal *p, struct store_conn *c);
/*
 * Fills p for a session cookie value; ERR_VERIFY when unknown, expired or its
 * token revoked. also as for auth_token_check().
 */
int auth_session_check(struct principal *p, struct store_conn *c, const char *cookie,
                       struct store_stmt *also);
int auth_session_delete(struct store_conn *c, const char *cookie);

/* Whether p may write to product. */
bool auth_may_write(const struct principal *p, const char *product);

/* 2 * n hex digits of random bytes into out (2n + 1 bytes). */
void auth_random_hex(char *out, size_t n);
/* Constant-time equality of two NUL-terminated strings of public length. */
bool auth_equal(const char *a, const char *b);

#endif
