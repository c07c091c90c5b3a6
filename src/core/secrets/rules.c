/*
 * rules.c: the rule table (from rules.def) and the confirmers that decide
 * whether a candidate vectorscan found is a secret.
 */
#include "util/compat.h"
#include "core/secrets/rule.h"
#include "core/secrets/secrets.h"
#include "util/alloc.h"
#include "util/json.h"

#include <math.h>
#include <sodium.h>

static bool confirm_token(const struct secrets_row *r, const char *d, size_t len, size_t at,
                          size_t end, struct secrets_hit *hit);
static bool ends_with_ci(const char *s, size_t n, const char *suf);
static bool b64url_decode(struct buf *out, const char *s, size_t n, size_t cap);
static bool confirm_crc32_base62(const struct secrets_row *r, const char *d, size_t len, size_t at,
                                 size_t end, struct secrets_hit *hit);
static bool confirm_aws(const struct secrets_row *r, const char *d, size_t len, size_t at,
                        size_t end, struct secrets_hit *hit);
static bool confirm_private_key(const struct secrets_row *r, const char *d, size_t len, size_t at,
                                size_t end, struct secrets_hit *hit);
static bool confirm_jwt(const struct secrets_row *r, const char *d, size_t len, size_t at,
                        size_t end, struct secrets_hit *hit);
static bool confirm_url_password(const struct secrets_row *r, const char *d, size_t len, size_t at,
                                 size_t end, struct secrets_hit *hit);
static bool confirm_generic(const struct secrets_row *r, const char *d, size_t len, size_t at,
                            size_t end, struct secrets_hit *hit);

#define RULE(id, pattern, cs, min, max, confirm, title, source)                                    \
	{ { id, title, source }, pattern, cs, min, max, confirm },
const struct secrets_row secrets_rows[] = {
#include "core/secrets/rules.def"
};
#undef RULE
const size_t secrets_nrows = ARRAY_SIZE(secrets_rows);

static struct secrets_rule rule_list[ARRAY_SIZE(secrets_rows)];

const struct secrets_rule *secrets_rules(size_t *n)
{
	for (size_t i = 0; i < secrets_nrows; i++)
		rule_list[i] = secrets_rows[i].rule;
	*n = secrets_nrows;
	return rule_list;
}

bool secrets_rule_heuristic(const char *id)
{
	return !strcmp(id, "secret-generic") || !strcmp(id, "url-password");
}

static bool is_alnum(unsigned char c)
{
	return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
}

static bool is_b64(unsigned char c)
{
	return is_alnum(c) || c == '+' || c == '/' || c == '=';
}

static bool is_b64url(unsigned char c)
{
	return is_alnum(c) || c == '-' || c == '_';
}

bool secrets_in_charset(enum secrets_charset cs, unsigned char c)
{
	switch (cs) {
	case CS_BASE62:
		return is_alnum(c);
	case CS_WORD:
		return is_alnum(c) || c == '_';
	case CS_B64URL:
		return is_b64url(c);
	case CS_GITLAB:
		return is_b64url(c) || c == '.';
	case CS_AWS_ID:
		return (c >= 'A' && c <= 'Z') || (c >= '2' && c <= '7');
	case CS_SLACK:
		return is_alnum(c) || c == '-';
	case CS_URLPATH:
		return is_alnum(c) || c == '/' || c == '_';
	case CS_NONE:
		break;
	}
	return false;
}

/* CRC-32 (IEEE 802.3, reflected 0xEDB88320), as zlib's crc32() */
uint32_t secrets_crc32(const void *p, size_t len)
{
	static uint32_t table[256];
	static bool ready;
	const unsigned char *b = p;
	uint32_t c = 0xffffffffu;

	if (!ready) {
		for (uint32_t i = 0; i < 256; i++) {
			uint32_t v = i;
			for (int k = 0; k < 8; k++)
				v = v & 1 ? 0xedb88320u ^ (v >> 1) : v >> 1;
			table[i] = v;
		}
		ready = true;
	}
	for (size_t i = 0; i < len; i++)
		c = table[(c ^ b[i]) & 0xff] ^ (c >> 8);
	return c ^ 0xffffffffu;
}

void secrets_base62_6(char out[7], uint32_t v)
{
	static const char digits[] =
	        "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

	for (int i = 5; i >= 0; i--) {
		out[i] = digits[v % 62];
		v /= 62;
	}
	out[6] = '\0';
}

double secrets_entropy(const char *s, size_t n)
{
	size_t count[256] = { 0 };
	double h = 0;

	if (!n)
		return 0;
	for (size_t i = 0; i < n; i++)
		count[(unsigned char)s[i]]++;
	for (size_t i = 0; i < 256; i++) {
		if (count[i]) {
			double p = (double)count[i] / (double)n;
			h -= p * log2(p);
		}
	}
	return h;
}

char *secrets_redact(const char *s, size_t n)
{
	size_t k = n / 5;
	struct buf b = BUF_INIT;

	if (k > 4)
		k = 4;
	buf_add(&b, s, k);
	buf_adds(&b, "\xe2\x80\xa6"); /* U+2026 */
	buf_add(&b, s + n - k, k);
	return buf_detach(&b, NULL);
}

static bool contains_ci(const char *s, size_t n, const char *word)
{
	size_t wl = strlen(word);

	for (size_t i = 0; i + wl <= n; i++)
		if (!strncasecmp(s + i, word, wl))
			return true;
	return false;
}

bool secrets_placeholder(const char *s, size_t n)
{
	static const char *const words[] = {
		"example",  "xxxx",    "placeholder", "your",  "dummy",  "sample",     "redacted",
		"changeme", "replace", "insert",      "fake",  "<",      ">",          "${",
		"{{",       "***",     "...",         "12345", "abcdef", "0123456789", "lorem",
	};
	size_t run = 1;

	for (size_t i = 0; i < ARRAY_SIZE(words); i++)
		if (contains_ci(s, n, words[i]))
			return true;
	for (size_t i = 1; i < n; i++) {
		run = s[i] == s[i - 1] ? run + 1 : 1;
		if (run >= 6)
			return true;
	}
	return false;
}

static bool set_secret(struct secrets_hit *hit, const char *d, size_t start, size_t end)
{
	hit->start = start;
	hit->end = end;
	buf_reset(&hit->secret);
	return buf_add(&hit->secret, d + start, end - start) == 0;
}

/*
 * The shape every prefixed token shares: the token runs from at through the
 * rule's characters, is MIN..MAX bytes, does not continue a word on the left
 * and is no placeholder.
 */
static bool token_extent(const struct secrets_row *r, const char *d, size_t len, size_t at,
                         size_t end, size_t *tok_end)
{
	size_t e = end;

	if (at && is_alnum((unsigned char)d[at - 1]))
		return false;
	while (e < len && e - at <= r->max && secrets_in_charset(r->charset, (unsigned char)d[e]))
		e++;
	/* a trailing '.' or '-' ends a sentence, not the token */
	while (e > end && (d[e - 1] == '.' || d[e - 1] == '-'))
		e--;
	if (e - at < r->min || e - at > r->max)
		return false;
	if (secrets_placeholder(d + at, e - at))
		return false;
	*tok_end = e;
	return true;
}

static bool confirm_token(const struct secrets_row *r, const char *d, size_t len, size_t at,
                          size_t end, struct secrets_hit *hit)
{
	size_t e;

	if (!token_extent(r, d, len, at, end, &e))
		return false;
	return set_secret(hit, d, at, e);
}

/* GitHub and npm: the last 6 characters are the base62 CRC-32 of the 30 before them */
static bool confirm_crc32_base62(const struct secrets_row *r, const char *d, size_t len, size_t at,
                                 size_t end, struct secrets_hit *hit)
{
	char sum[7];
	size_t e;

	if (!token_extent(r, d, len, at, end, &e))
		return false;
	secrets_base62_6(sum, secrets_crc32(d + e - 36, 30));
	if (memcmp(sum, d + e - 6, 6))
		return false;
	return set_secret(hit, d, at, e);
}

/* Where the line holding off starts and ends. */
static void line_of(const char *d, size_t len, size_t off, size_t *ls, size_t *le)
{
	size_t a = off, b = off;

	while (a && d[a - 1] != '\n')
		a--;
	while (b < len && d[b] != '\n')
		b++;
	*ls = a;
	*le = b;
}

/*
 * An AWS secret access key near the key id: 40 base64 characters standing
 * alone, mixing cases and digits, within 5 lines (at most 2 KiB) either side.
 */
static bool aws_secret_near(const char *d, size_t len, size_t at, size_t *ks)
{
	size_t lo = at, hi = at;

	for (int n = 0; n < 6 && lo; n++) {
		lo--;
		while (lo && d[lo - 1] != '\n' && at - lo < 2048)
			lo--;
	}
	for (int n = 0; n < 6 && hi < len; n++) {
		hi++;
		while (hi < len && d[hi] != '\n' && hi - at < 2048)
			hi++;
	}
	for (size_t i = lo; i + 40 <= hi; i++) {
		bool up = false, low = false, dig = false;
		size_t k;

		if (i > lo && is_b64((unsigned char)d[i - 1]))
			continue;
		for (k = 0; k < 40 && is_b64((unsigned char)d[i + k]) && d[i + k] != '='; k++) {
			unsigned char c = (unsigned char)d[i + k];
			up |= c >= 'A' && c <= 'Z';
			low |= c >= 'a' && c <= 'z';
			dig |= c >= '0' && c <= '9';
		}
		if (k < 40 || (i + 40 < len && is_b64((unsigned char)d[i + 40])))
			continue;
		if (up && low && dig && secrets_entropy(d + i, 40) >= 4.0 &&
		    !secrets_placeholder(d + i, 40)) {
			*ks = i;
			return true;
		}
	}
	return false;
}

static bool confirm_aws(const struct secrets_row *r, const char *d, size_t len, size_t at,
                        size_t end, struct secrets_hit *hit)
{
	size_t e, ks;

	if (!token_extent(r, d, len, at, end, &e) || (e < len && is_alnum((unsigned char)d[e])))
		return false;
	if (!set_secret(hit, d, at, e))
		return false;
	if (aws_secret_near(d, len, at, &ks)) {
		buf_addch(&hit->secret, ':');
		buf_add(&hit->secret, d + ks, 40);
		snprintf(hit->note, sizeof(hit->note), "with its secret access key nearby");
	} else {
		snprintf(hit->note, sizeof(hit->note), "no secret access key nearby");
	}
	return true;
}

/*
 * PEM / OpenSSH / OpenPGP: the header line, optional RFC 1421 headers
 * ("Proc-Type: ..."), then at least 64 base64 characters before the END line.
 * Line breaks may be real or written "\n" inside a string literal.
 */
static bool confirm_private_key(const struct secrets_row *r, const char *d, size_t len, size_t at,
                                size_t end, struct secrets_hit *hit)
{
	size_t i = end, body = 0, limit = len - at > 65536 ? at + 65536 : len;
	bool in_header = true;

	buf_reset(&hit->secret);
	while (i < limit) {
		unsigned char c = (unsigned char)d[i];

		if (c == '\n' || c == '\r' || c == ' ' || c == '\t') {
			i++;
		} else if (c == '\\' && i + 1 < limit && (d[i + 1] == 'n' || d[i + 1] == 'r')) {
			i += 2;
		} else if (c == '-' && i + 8 <= limit && !memcmp(d + i, "-----END", 8)) {
			break;
		} else if (in_header && body == 0) {
			/* "Proc-Type: 4,ENCRYPTED", "Comment: ...", "Version: ..." lines */
			size_t ls, le, k;

			line_of(d, len, i, &ls, &le);
			for (k = i; k < le && d[k] != ':'; k++)
				if (!is_alnum((unsigned char)d[k]) && d[k] != '-')
					break;
			if (k < le && d[k] == ':') {
				i = le;
				continue;
			}
			in_header = false;
		} else if (is_b64(c)) {
			if (buf_addch(&hit->secret, (char)c) < 0)
				return false;
			body++;
			i++;
		} else {
			break;
		}
	}
	if (body < 64 || secrets_entropy(hit->secret.ptr, hit->secret.len) < 4.5 ||
	    contains_ci(hit->secret.ptr, hit->secret.len, "example") ||
	    contains_ci(hit->secret.ptr, hit->secret.len, "xxxxxx"))
		return false;
	hit->start = at;
	hit->end = i;
	return true;
}

/* base64url without padding into out (at most cap bytes); false on a bad character */
static bool b64url_decode(struct buf *out, const char *s, size_t n, size_t cap)
{
	uint32_t acc = 0;
	int bits = 0;

	if (n / 4 * 3 + 3 > cap)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		int v;

		if (c >= 'A' && c <= 'Z')
			v = c - 'A';
		else if (c >= 'a' && c <= 'z')
			v = c - 'a' + 26;
		else if (c >= '0' && c <= '9')
			v = c - '0' + 52;
		else if (c == '-')
			v = 62;
		else if (c == '_')
			v = 63;
		else
			return false;
		acc = (acc << 6) | (uint32_t)v;
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			buf_addch(out, (char)((acc >> bits) & 0xff));
		}
	}
	return true;
}

static json_t *b64url_json(const char *s, size_t n)
{
	struct buf b = BUF_INIT;
	json_t *v = NULL;

	if (b64url_decode(&b, s, n, 8192) && vjson_parse(&v, b.ptr, b.len, "jwt") < 0)
		v = NULL;
	buf_release(&b);
	if (v && !json_is_object(v)) {
		json_decref(v);
		v = NULL;
	}
	return v;
}

static size_t b64url_run(const char *d, size_t len, size_t i)
{
	while (i < len && is_b64url((unsigned char)d[i]))
		i++;
	return i;
}

/*
 * An HS256 token whose signature verifies with a key printed in every
 * tutorial ("secret", jwt.io's "your-256-bit-secret") protects nothing: it
 * is a documentation example, not a credential.
 */
static bool jwt_public_key(const char *alg, const char *signed_part, size_t sn, const char *sig,
                           size_t sl)
{
	static const char *const keys[] = {
		"secret",     "your-256-bit-secret", "key",      "password", "secretkey",
		"secret-key", "my-secret",           "mysecret", "changeme", "shhhhh",
		"test",
	};
	struct buf want = BUF_INIT;
	bool hit = false;

	if (strcmp(alg, "HS256") || !b64url_decode(&want, sig, sl, 64) ||
	    want.len != crypto_auth_hmacsha256_BYTES) {
		buf_release(&want);
		return false;
	}
	for (size_t i = 0; i < ARRAY_SIZE(keys) && !hit; i++) {
		unsigned char mac[crypto_auth_hmacsha256_BYTES];
		crypto_auth_hmacsha256_state st;

		crypto_auth_hmacsha256_init(&st, (const unsigned char *)keys[i], strlen(keys[i]));
		crypto_auth_hmacsha256_update(&st, (const unsigned char *)signed_part, sn);
		crypto_auth_hmacsha256_final(&st, mac);
		hit = !memcmp(mac, want.ptr, sizeof(mac));
	}
	buf_release(&want);
	return hit;
}

static bool confirm_jwt(const struct secrets_row *r, const char *d, size_t len, size_t at,
                        size_t end, struct secrets_hit *hit)
{
	size_t h_end, p_end, s_end;
	json_t *head = NULL, *payload = NULL;
	const char *alg;
	bool ok = false;

	if (at && (is_b64url((unsigned char)d[at - 1]) || d[at - 1] == '.'))
		return false;
	h_end = b64url_run(d, len, at);
	if (h_end >= len || d[h_end] != '.')
		return false;
	p_end = b64url_run(d, len, h_end + 1);
	if (p_end >= len || d[p_end] != '.')
		return false;
	s_end = b64url_run(d, len, p_end + 1);
	/* a JWE has five parts; a sixth dot means something else */
	if (s_end < len && d[s_end] == '.')
		return false;
	if (s_end - p_end - 1 < 16 || h_end - at > 4096 || p_end - h_end > 16384)
		return false;
	head = b64url_json(d + at, h_end - at);
	payload = b64url_json(d + h_end + 1, p_end - h_end - 1);
	if (!head || !payload)
		goto done;
	alg = vjson_str(head, "alg");
	if (!alg || !strcasecmp(alg, "none"))
		goto done;
	/* the specification's and jwt.io's worked examples */
	if (vjson_str(payload, "name") && !strcmp(vjson_str(payload, "name"), "John Doe"))
		goto done;
	if (vjson_str(payload, "sub") && !strcmp(vjson_str(payload, "sub"), "1234567890"))
		goto done;
	if (secrets_placeholder(d + p_end + 1, s_end - p_end - 1) ||
	    jwt_public_key(alg, d + at, p_end - at, d + p_end + 1, s_end - p_end - 1))
		goto done;
	ok = set_secret(hit, d, at, s_end);
done:
	json_decref(head);
	json_decref(payload);
	return ok;
}

/*
 * Documentation shows made-up credentials next to the word "example" ("For
 * example::", "token_type": "example", RFC 2606 hosts): for the heuristic
 * rules, the word within 8 lines above or 3 lines below (at most 1 KiB)
 * makes the value an illustration.
 */
static bool example_near(const char *d, size_t len, size_t at)
{
	size_t lo = at, hi = at;

	for (int n = 0; lo && n < 9 && at - lo < 1024; lo--)
		if (d[lo - 1] == '\n')
			n++;
	for (int n = 0; hi < len && n < 4 && hi - at < 512; hi++)
		if (d[hi] == '\n')
			n++;
	return contains_ci(d + lo, hi - lo, "example");
}

static bool word_in(const char *s, size_t n, const char *const *words, size_t nwords)
{
	for (size_t i = 0; i < nwords; i++)
		if (strlen(words[i]) == n && !strncasecmp(s, words[i], n))
			return true;
	return false;
}

/* A value written in a template or a shell (${X}, $X, %s, <pass>, {{x}}), not a secret. */
static bool templated(const char *s, size_t n)
{
	return n && (s[0] == '$' || s[0] == '%' || s[0] == '{' || s[0] == '<' || s[0] == '*' ||
	             s[0] == '[' || s[0] == '(' || contains_ci(s, n, "${") ||
	             contains_ci(s, n, "%s") || contains_ci(s, n, "%(") || contains_ci(s, n, "{{"));
}

static bool confirm_url_password(const struct secrets_row *r, const char *d, size_t len, size_t at,
                                 size_t end, struct secrets_hit *hit)
{
	static const char *const common[] = {
		"password", "passwd",   "pass",    "pwd",    "secret",    "changeme", "pw",
		"foo",      "bar",      "baz",     "test",   "testing",   "user",     "username",
		"admin",    "root",     "guest",   "login",  "anonymous", "tiger",    "qwerty",
		"letmein",  "mysecret", "hunter2", "s3cr3t", "p4ssw0rd",  "passw0rd", "token",
	};
	static const char *const users[] = {
		"user", "username", "usr", "login", "me", "name", "foo", "myuser", "your_user",
	};
	static const char *const hosts[] = {
		"host",      "hostname",    "server", "domain",       "company.com", "domain.com",
		"mycompany", "yourcompany", "acme",   "hostname.com", "server.com",
	};
	size_t u, colon, at_sign, h;

	if (at && (is_alnum((unsigned char)d[at - 1]) || d[at - 1] == '+' || d[at - 1] == '.'))
		return false;
	for (u = at; u + 2 < end && memcmp(d + u, "://", 3); u++)
		;
	u += 3;
	for (at_sign = end; at_sign > u && d[at_sign - 1] != '@'; at_sign--)
		;
	at_sign--;
	for (colon = u; colon < at_sign && d[colon] != ':'; colon++)
		;
	if (colon >= at_sign)
		return false;
	{
		const char *user = d + u, *pw = d + colon + 1;
		size_t ul = colon - u, pl = at_sign - colon - 1;

		if (pl < 6 || (ul == pl && !memcmp(user, pw, pl)) || templated(pw, pl) ||
		    word_in(user, ul, users, ARRAY_SIZE(users)) || templated(user, ul) ||
		    secrets_placeholder(pw, pl) || word_in(pw, pl, common, ARRAY_SIZE(common)) ||
		    contains_ci(pw, pl, "password") || contains_ci(pw, pl, "passwd") ||
		    contains_ci(pw, pl, "secret") || contains_ci(pw, pl, "pass") ||
		    secrets_entropy(pw, pl) < 2.5)
			return false;
	}
	/* documentation hosts (RFC 2606) */
	for (h = at_sign + 1;
	     h < len && (is_alnum((unsigned char)d[h]) || d[h] == '.' || d[h] == '-'); h++)
		;
	if (contains_ci(d + at_sign + 1, h - at_sign - 1, ".invalid") ||
	    word_in(d + at_sign + 1, h - at_sign - 1, hosts, ARRAY_SIZE(hosts)) ||
	    example_near(d, len, at))
		return false;
	for (size_t i = 0; i < ARRAY_SIZE(hosts); i++)
		if (strchr(hosts[i], '.') &&
		    ends_with_ci(d + at_sign + 1, h - at_sign - 1, hosts[i]))
			return false;
	return set_secret(hit, d, colon + 1, at_sign);
}

static bool is_lower(char c)
{
	return c >= 'a' && c <= 'z';
}

/* "LicenseRef-scancode-secret-labs-2011": three or more parts, each letters only or digits only */
static bool identifier_like(const char *s, size_t n)
{
	size_t parts = 0, i = 0;

	while (i < n) {
		size_t a = i;
		bool letters = true, digits = true;

		while (i < n && s[i] != '-' && s[i] != '_' && s[i] != '.') {
			letters &= (s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z');
			digits &= s[i] >= '0' && s[i] <= '9';
			i++;
		}
		if (i == a || (!letters && !digits))
			return false;
		parts++;
		i++;
	}
	return parts >= 3;
}

/*
 * Base64 of prose ("bm90IG15IHJlYWwgcGFzc3dvcmQ=" is "not my real password"):
 * printable text with a space is a sentence, not a password.
 */
static bool base64_prose(const char *s, size_t n)
{
	struct buf b = BUF_INIT;
	bool prose = false, space = false;
	uint32_t acc = 0;
	int bits = 0;
	size_t i;

	for (i = 0; i < n && s[i] != '='; i++) {
		const char *p = strchr(
		        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/", s[i]);
		if (!p || !s[i])
			goto done;
		acc = (acc << 6) |
		      (uint32_t)(p - "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvw"
		                     "xyz0123456789+/");
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			buf_addch(&b, (char)((acc >> bits) & 0xff));
		}
	}
	for (; i < n; i++)
		if (s[i] != '=')
			goto done;
	for (i = 0; i < b.len; i++) {
		unsigned char c = (unsigned char)b.ptr[i];
		if (c < 0x20 || c > 0x7e)
			goto done;
		space |= c == ' ';
	}
	prose = space && b.len >= 8;
done:
	buf_release(&b);
	return prose;
}

static bool ends_with_ci(const char *s, size_t n, const char *suf)
{
	size_t sl = strlen(suf);
	return n >= sl && !strncasecmp(s + n - sl, suf, sl);
}

/*
 * keyword = "value": the value must look random (entropy at least 3.5 bits a
 * character over at least 12 characters, letters and digits mixed) and not
 * be a reference, a path, a URL, a hash with its algorithm named, or a key
 * naming something about the secret rather than the secret (token_type).
 */
static bool confirm_generic(const struct secrets_row *r, const char *d, size_t len, size_t at,
                            size_t end, struct secrets_hit *hit)
{
	static const char *const not_secret[] = {
		"_file",   "_path",   "_url",    "_uri",      "_name",   "_type",    "_len",
		"_length", "_size",   "_env",    "_var",      "_field",  "_header",  "_id",
		"_dir",    "_key_id", "_prefix", "_format",   "_hash",   "_version", "_count",
		"_mode",   "_class",  "_policy", "_endpoint", "_method", "_command", "_cmd",
	};
	size_t k = end, v, ve;
	char q;
	bool alpha = false, digit = false;

	/*
	 * The keyword is a word of the name: "db_password", "clientSecret",
	 * "TOKENS", not "opencompensationtokenlicense" or "secretlabs".
	 */
	if (at && is_lower(d[at - 1]) && is_lower(d[at]))
		return false;
	if (end < len && d[end] == 's' && (end + 1 >= len || !is_lower(d[end + 1])))
		k++;
	if (k < len && is_lower(d[k]))
		return false;
	/* KEYWORD[name chars]["'] *(:=|=>|=|:) *["'] */
	while (k < len && k - end < 20 &&
	       (is_alnum((unsigned char)d[k]) || d[k] == '_' || d[k] == '-' || d[k] == '.'))
		k++;
	for (size_t i = 0; i < ARRAY_SIZE(not_secret); i++)
		if (ends_with_ci(d + at, k - at, not_secret[i]))
			return false;
	v = k;
	if (v < len && (d[v] == '"' || d[v] == '\''))
		v++;
	while (v < len && (d[v] == ' ' || d[v] == '\t'))
		v++;
	if (v + 1 < len && ((d[v] == ':' && d[v + 1] == '=') || (d[v] == '=' && d[v + 1] == '>')))
		v += 2;
	else if (v < len && (d[v] == '=' || d[v] == ':'))
		v++;
	else
		return false;
	while (v < len && (d[v] == ' ' || d[v] == '\t'))
		v++;
	if (v >= len || (d[v] != '"' && d[v] != '\''))
		return false;
	q = d[v++];
	for (ve = v; ve < len && ve - v <= 256 && d[ve] != q; ve++)
		if (d[ve] == '\n' || d[ve] == ' ' || d[ve] == '\t' || d[ve] == '\\')
			return false;
	if (ve >= len || d[ve] != q || ve - v > 256 || ve - v < 12)
		return false;
	for (size_t i = v; i < ve; i++) {
		unsigned char c = (unsigned char)d[i];
		alpha |= (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
		digit |= c >= '0' && c <= '9';
	}
	if (!alpha || !digit || templated(d + v, ve - v) || secrets_placeholder(d + v, ve - v) ||
	    contains_ci(d + v, ve - v, "://") || contains_ci(d + v, ve - v, "sha1-") ||
	    contains_ci(d + v, ve - v, "sha256") || contains_ci(d + v, ve - v, "sha512-") ||
	    d[v] == '/' || d[v] == '.' || secrets_entropy(d + v, ve - v) < 3.5 ||
	    example_near(d, len, at) || identifier_like(d + v, ve - v) ||
	    base64_prose(d + v, ve - v))
		return false;
	return set_secret(hit, d, v, ve);
}
