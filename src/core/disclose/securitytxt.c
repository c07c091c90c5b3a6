/*
 * securitytxt.c: RFC 9116 security.txt, read line by line into fields with
 * every fault kept as a problem (see securitytxt.h for what is checked).
 */
#include "util/compat.h"
#include "core/disclose/securitytxt.h"
#include "core/disclose/csaf.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/lines.h"
#include "util/num.h"

#include <ctype.h>
#include <stdarg.h>
#include <strings.h>

#define YEAR_SECONDS ((int64_t)366 * 86400)

static void problem(struct securitytxt *s, size_t line, bool error, const char *fmt, ...)
        VOUCH_PRINTF(4, 5);

static void problem(struct securitytxt *s, size_t line, bool error, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	if (s->nproblems > SECURITYTXT_MAX_PROBLEMS)
		return;
	if (s->nproblems == SECURITYTXT_MAX_PROBLEMS) {
		/* A note that more were dropped; error level kept if this one was. */
		buf_adds(&b, "too many problems: the rest are not listed");
	} else {
		va_start(ap, fmt);
		buf_vaddf(&b, fmt, ap);
		va_end(ap);
	}
	s->problems = xreallocarray(s->problems, s->nproblems + 1, sizeof(*s->problems));
	s->problems[s->nproblems].line = line;
	s->problems[s->nproblems].error = error;
	s->problems[s->nproblems].msg = buf_detach(&b, NULL);
	s->nproblems++;
}

static bool lower_eq(const char *s, size_t n, const char *t)
{
	if (strlen(t) != n)
		return false;
	for (size_t i = 0; i < n; i++)
		if (tolower((unsigned char)s[i]) != t[i])
			return false;
	return true;
}

static bool digits(const char *s, size_t n, int64_t *out)
{
	int64_t v = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return false;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return true;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's method). */
static int64_t days_from_civil(int64_t y, int64_t m, int64_t d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

int securitytxt_parse_time(int64_t *out, const char *s, size_t n)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int64_t y, mo, d, h, mi, sec, oh = 0, om = 0, off = 0;
	size_t i;

	if (n < 20 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't') ||
	    s[13] != ':' || s[16] != ':' || !digits(s, 4, &y) || !digits(s + 5, 2, &mo) ||
	    !digits(s + 8, 2, &d) || !digits(s + 11, 2, &h) || !digits(s + 14, 2, &mi) ||
	    !digits(s + 17, 2, &sec))
		return err_set(ERR_PARSE, "not an RFC 3339 date-time");
	if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] || h > 23 || mi > 59 || sec > 60)
		return err_set(ERR_PARSE, "date-time out of range");
	if (mo == 2 && d == 29 && !(y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)))
		return err_set(ERR_PARSE, "date-time out of range");
	i = 19;
	if (i < n && s[i] == '.') {
		size_t start = ++i;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == start)
			return err_set(ERR_PARSE, "not an RFC 3339 date-time");
	}
	if (i + 1 == n && (s[i] == 'Z' || s[i] == 'z')) {
		off = 0;
	} else if (i + 6 == n && (s[i] == '+' || s[i] == '-') && s[i + 3] == ':' &&
	           digits(s + i + 1, 2, &oh) && digits(s + i + 4, 2, &om) && oh <= 23 && om <= 59) {
		off = (oh * 60 + om) * 60;
		if (s[i] == '-')
			off = -off;
	} else {
		return err_set(ERR_PARSE, "not an RFC 3339 date-time (a time zone is required)");
	}
	if (sec == 60)
		sec = 59; /* a leap second: close enough for a deadline */
	*out = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + sec - off;
	return 0;
}

/* Adds a value to one of the field arrays, up to the cap. */
static void keep(struct securitytxt *s, char ***v, size_t *n, const char *val, size_t len,
                 size_t line)
{
	if (*n >= SECURITYTXT_MAX_VALUES) {
		if (*n == SECURITYTXT_MAX_VALUES)
			problem(s, line, false,
			        "more than %d values of one field: the rest ignored",
			        SECURITYTXT_MAX_VALUES);
		return;
	}
	*v = xreallocarray(*v, *n + 1, sizeof(**v));
	(*v)[(*n)++] = xmemdupz(val, len);
}

/* The URI scheme, lower-cased into buf; false when the value has none. */
static bool scheme_of(char *out, size_t cap, const char *v, size_t n)
{
	size_t i;

	if (!n || !isalpha((unsigned char)v[0]))
		return false;
	for (i = 0; i < n && v[i] != ':'; i++)
		if (!isalnum((unsigned char)v[i]) && v[i] != '+' && v[i] != '-' && v[i] != '.')
			return false;
	if (i == n || i + 1 > cap || i + 1 == n)
		return false;
	for (size_t j = 0; j < i; j++)
		out[j] = (char)tolower((unsigned char)v[j]);
	out[i] = '\0';
	return true;
}

static bool has_space(const char *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (v[i] == ' ' || v[i] == '\t' || (unsigned char)v[i] < 0x20)
			return true;
	return false;
}

/* Checks a URI value; contact adds the mailto:/tel: rule. True when acceptable. */
static bool check_uri(struct securitytxt *s, size_t line, const char *field, const char *v,
                      size_t n, bool contact)
{
	char sch[32];

	if (!scheme_of(sch, sizeof(sch), v, n) || has_space(v, n)) {
		problem(s, line, true, "%s: '%.*s' is not a URI%s", field, (int)(n > 80 ? 80 : n),
		        v,
		        contact && memchr(v, '@', n) ? " (an e-mail address needs 'mailto:')" : "");
		return false;
	}
	if (!strcmp(sch, "http")) {
		problem(s, line, true, "%s: web URI must use https, not http", field);
		return false;
	}
	if (!strcmp(sch, "https"))
		return true;
	if (contact && strcmp(sch, "mailto") && strcmp(sch, "tel"))
		problem(s, line, false,
		        "%s: unusual URI scheme '%s' (expected mailto:, https: or tel:)", field,
		        sch);
	return true;
}

enum field {
	F_OTHER,
	F_CONTACT,
	F_EXPIRES,
	F_ENCRYPTION,
	F_POLICY,
	F_ACK,
	F_CANONICAL,
	F_HIRING,
	F_LANG,
};

static enum field field_of(const char *name, size_t n)
{
	static const struct {
		const char *name;
		enum field f;
	} known[] = {
		{ "contact", F_CONTACT },       { "expires", F_EXPIRES },
		{ "encryption", F_ENCRYPTION }, { "policy", F_POLICY },
		{ "acknowledgments", F_ACK },   { "canonical", F_CANONICAL },
		{ "hiring", F_HIRING },         { "preferred-languages", F_LANG },
	};
	for (size_t i = 0; i < ARRAY_SIZE(known); i++)
		if (lower_eq(name, n, known[i].name))
			return known[i].f;
	return F_OTHER;
}

struct state {
	size_t nexpires, nlang;
	int64_t now;
};

static void field_line(struct securitytxt *s, struct state *st, size_t line, const char *p,
                       size_t n)
{
	const char *colon = memchr(p, ':', n), *v;
	size_t nlen, vlen;
	enum field f;

	if (!colon) {
		problem(s, line, true, "not a field ('Name: value') or a comment");
		return;
	}
	nlen = (size_t)(colon - p);
	for (size_t i = 0; i < nlen; i++)
		if (!isalnum((unsigned char)p[i]) && !strchr("!#$%&'*+-.^_`|~", p[i])) {
			problem(s, line, true, "not a valid field name before ':'");
			return;
		}
	if (!nlen) {
		problem(s, line, true, "empty field name");
		return;
	}
	v = colon + 1;
	vlen = n - nlen - 1;
	str_trim(&v, &vlen);
	f = field_of(p, nlen);
	if (!vlen) {
		problem(s, line, f != F_OTHER, "field '%.*s' has no value", (int)nlen, p);
		return;
	}
	switch (f) {
	case F_CONTACT:
		if (check_uri(s, line, "Contact", v, vlen, true))
			keep(s, &s->contact, &s->ncontact, v, vlen, line);
		break;
	case F_ENCRYPTION:
		if (check_uri(s, line, "Encryption", v, vlen, false))
			keep(s, &s->encryption, &s->nencryption, v, vlen, line);
		break;
	case F_POLICY:
		if (check_uri(s, line, "Policy", v, vlen, false))
			keep(s, &s->policy, &s->npolicy, v, vlen, line);
		break;
	case F_CANONICAL:
		if (check_uri(s, line, "Canonical", v, vlen, false))
			keep(s, &s->canonical, &s->ncanonical, v, vlen, line);
		break;
	case F_ACK:
		check_uri(s, line, "Acknowledgments", v, vlen, false);
		break;
	case F_HIRING:
		check_uri(s, line, "Hiring", v, vlen, false);
		break;
	case F_LANG:
		if (++st->nlang == 2)
			problem(s, line, true, "Preferred-Languages appears more than once");
		/* a comma-separated list of RFC 5646 tags (RFC 9116 section 2.5.8) */
		for (size_t i = 0; i < vlen;) {
			size_t j = i;
			const char *tag;
			size_t tn;
			char buf[64];
			while (j < vlen && v[j] != ',')
				j++;
			tag = v + i;
			tn = j - i;
			str_trim(&tag, &tn);
			if (!tn || tn >= sizeof(buf)) {
				problem(s, line, true,
				        "Preferred-Languages: an empty or overlong tag");
			} else {
				memcpy(buf, tag, tn);
				buf[tn] = 0;
				if (!csaf_language_valid(buf))
					problem(s, line, true,
					        "Preferred-Languages: '%s' is not a language tag "
					        "(RFC 5646)",
					        buf);
			}
			i = j + 1;
		}
		break;
	case F_EXPIRES: {
		int64_t t;

		if (++st->nexpires > 1) {
			if (st->nexpires == 2)
				problem(s, line, true, "Expires appears more than once");
			break;
		}
		s->expires_text = xmemdupz(v, vlen);
		if (securitytxt_parse_time(&t, v, vlen) < 0) {
			problem(s, line, true, "Expires: '%.*s': %s", (int)(vlen > 40 ? 40 : vlen),
			        v, err_msg());
			err_clear();
			break;
		}
		s->expires = t;
		s->has_expires = true;
		if (t <= st->now)
			problem(s, line, true, "Expires: %s is in the past: the file is stale",
			        s->expires_text);
		else if (t - st->now > YEAR_SECONDS)
			problem(s, line, false,
			        "Expires: %s is more than a year ahead (RFC 9116 recommends less)",
			        s->expires_text);
		break;
	}
	case F_OTHER:
		break;
	}
}

enum pgp { PGP_NONE, PGP_HEADERS, PGP_BODY, PGP_SIG, PGP_AFTER };

int securitytxt_parse(struct securitytxt *out, const char *data, size_t len, const char *name,
                      int64_t now)
{
	struct lines it = LINES_INIT(data, len);
	struct state st = { 0, 0, now };
	enum pgp pgp = PGP_NONE;
	bool seen_content = false;
	const char *p;
	size_t n;

	memset(out, 0, sizeof(*out));
	if (len > SECURITYTXT_MAX_SIZE)
		return err_set(ERR_TOOBIG, "'%s': larger than %zu bytes: not read", name,
		               SECURITYTXT_MAX_SIZE);
	if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) {
		problem(out, 1, false, "starts with a byte order mark");
		it.p += 3;
	}
	while (lines_next(&it, &p, &n)) {
		size_t line = it.lineno;
		const char *t = p;
		size_t tn = n;

		if (memchr(p, '\0', n)) {
			problem(out, line, true, "contains a NUL byte: line skipped");
			continue;
		}
		if (n > SECURITYTXT_MAX_LINE) {
			problem(out, line, true, "line longer than %d bytes: skipped",
			        SECURITYTXT_MAX_LINE);
			continue;
		}
		str_trim(&t, &tn);
		if (pgp == PGP_NONE && !seen_content && tn &&
		    str_eq(t, tn, "-----BEGIN PGP SIGNED MESSAGE-----")) {
			pgp = PGP_HEADERS;
			out->signed_pgp = true;
			continue;
		}
		if (pgp == PGP_HEADERS) {
			if (!tn)
				pgp = PGP_BODY;
			else if (!str_starts(t, tn, "Hash:"))
				problem(out, line, false, "unexpected OpenPGP armor header");
			continue;
		}
		if (pgp == PGP_BODY && str_eq(t, tn, "-----BEGIN PGP SIGNATURE-----")) {
			pgp = PGP_SIG;
			continue;
		}
		if (pgp == PGP_SIG) {
			if (str_eq(t, tn, "-----END PGP SIGNATURE-----"))
				pgp = PGP_AFTER;
			continue;
		}
		if (pgp == PGP_AFTER) {
			if (tn)
				problem(out, line, true,
				        "text after the OpenPGP signature: not covered by it, "
				        "ignored");
			continue;
		}
		if (pgp == PGP_BODY && str_starts(p, n, "- ")) {
			/* Dash-escaped line (RFC 4880 section 7.1). */
			t = p + 2;
			tn = n - 2;
			str_trim(&t, &tn);
		} else if (tn && t[0] == '-' && str_starts(t, tn, "-----BEGIN PGP")) {
			problem(out, line, true, "OpenPGP framing in an unexpected place");
			continue;
		}
		if (!tn || t[0] == '#')
			continue;
		seen_content = true;
		field_line(out, &st, line, t, tn);
	}
	if (pgp == PGP_HEADERS || pgp == PGP_BODY)
		problem(out, 0, true, "OpenPGP signed message without its signature block");
	else if (pgp == PGP_SIG)
		problem(out, 0, true, "OpenPGP signature block is not closed");
	else if (pgp == PGP_AFTER) {
		out->pgp_note = out->nproblems + 1;
		problem(out, 0, false, "OpenPGP signature present but not verified by vouch");
	}
	if (!out->ncontact)
		problem(out, 0, true, "no Contact field (RFC 9116 requires at least one)");
	if (!st.nexpires)
		problem(out, 0, true, "no Expires field (RFC 9116 requires exactly one)");
	return 0;
}

/* The URI lower-cased up to the path (scheme and host are case-insensitive), rest as is. */
static void uri_norm(struct buf *out, const char *u)
{
	const char *p = strstr(u, "://");
	const char *path = p ? strchr(p + 3, '/') : NULL;
	size_t n = path ? (size_t)(path - u) : strlen(u);

	for (size_t i = 0; i < n; i++)
		buf_addch(out, tolower((unsigned char)u[i]));
	if (path)
		buf_adds(out, path);
	else
		buf_addch(out, '/');
}

void securitytxt_check_location(struct securitytxt *s, const char *url)
{
	struct buf a = BUF_INIT, b = BUF_INIT;
	bool found = false;
	const char *path;

	if (strncasecmp(url, "https://", 8))
		problem(s, 0, true,
		        "read from '%s': RFC 9116 requires security.txt to be served over "
		        "https",
		        url);
	path = strstr(url, "://") ? strchr(strstr(url, "://") + 3, '/') : NULL;
	if (!path || (strcmp(path, "/.well-known/security.txt") && strcmp(path, "/security.txt")))
		problem(s, 0, true, "read from '%s': the file belongs at /.well-known/security.txt",
		        url);
	else if (!strcmp(path, "/security.txt"))
		problem(s, 0, false,
		        "read from the legacy /security.txt: RFC 9116 places it in /.well-known/");
	uri_norm(&a, url);
	for (size_t i = 0; i < s->ncanonical; i++) {
		buf_reset(&b);
		uri_norm(&b, s->canonical[i]);
		if (!strcmp(a.ptr, b.ptr))
			found = true;
	}
	if (s->ncanonical && !found)
		problem(s, 0, true,
		        "Canonical does not list '%s', where the file was read from (RFC 9116 "
		        "section 2.5.2)",
		        url);
	buf_release(&a);
	buf_release(&b);
}

void securitytxt_note(struct securitytxt *s, bool error, const char *msg)
{
	problem(s, 0, error, "%s", msg);
}

void securitytxt_pgp_verdict(struct securitytxt *s, bool error, const char *msg)
{
	if (s->pgp_note && s->pgp_note <= s->nproblems) {
		struct securitytxt_problem *p = &s->problems[s->pgp_note - 1];
		free(p->msg);
		p->msg = xstrdup(msg);
		p->error = error;
	} else {
		problem(s, 0, error, "%s", msg);
	}
}

bool securitytxt_valid(const struct securitytxt *s)
{
	for (size_t i = 0; i < s->nproblems; i++)
		if (s->problems[i].error)
			return false;
	return true;
}

bool securitytxt_confidential(const struct securitytxt *s)
{
	if (s->nencryption)
		return true;
	for (size_t i = 0; i < s->ncontact; i++)
		if (!strncasecmp(s->contact[i], "https:", 6))
			return true;
	return false;
}

static void free_list(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void securitytxt_release(struct securitytxt *s)
{
	if (!s)
		return;
	free_list(s->contact, s->ncontact);
	free_list(s->policy, s->npolicy);
	free_list(s->encryption, s->nencryption);
	free_list(s->canonical, s->ncanonical);
	free(s->expires_text);
	for (size_t i = 0; i < s->nproblems; i++)
		free(s->problems[i].msg);
	free(s->problems);
	memset(s, 0, sizeof(*s));
}
