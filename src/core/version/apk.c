/*
 * apk.c: Alpine, Wolfi, Chainguard and MinimOS versions, as apk-tools orders
 * them (`apk version -t`).
 *
 * A version is read as a sequence of typed tokens: numbers separated by '.',
 * a single lower-case letter after a number, suffixes after '_' (pre-release
 * _alpha < _beta < _pre < _rc < none < post-release _cvs < _svn < _git < _hg
 * < _p, each with an optional number) and a package revision "-rN". Tokens
 * compare in order while their types agree: numbers by value (a number with
 * leading zeros after a '.' sorts by its extra zeros first, as apk does), letters by
 * byte, suffixes by rank. When the types part, the version that goes on is
 * newer unless what follows is a pre-release suffix; a token sequence that
 * breaks the grammar stops the comparison there, as in apk-tools. On strings
 * that apk-tools 2 reads in full this is apk-tools 2's order exactly; where a
 * string is malformed, three rules follow apk-tools 3 instead (apk-tools 2's
 * order there is an accident of its tokenizer, and apk-tools 3 refuses such
 * strings): a malformed rest makes a version older than anything but a
 * pre-release suffix at that point (1-r-0 < 1-r0, 1.2.0A < 1.2.0d, 1 > 1-ruff);
 * a '.' without digits after it is older than any other token but another
 * such empty number, to which it is equal (0.r1 < 0r2, 0..1..0 < 0..1..1); and
 * "-r" followed by a letter is not a revision but a malformed rest
 * (1-ruff2 = 1--ruff1). See docs/internals/version.md.
 *
 * Refused: empty strings and white space or control bytes (apk stops at a NUL,
 * so anything after one could not be what apk compared).
 */
#include "util/compat.h"
#include "core/version/scheme.h"

enum {
	T_INVALID = -1,
	T_DIGIT_OR_ZERO,
	T_DIGIT,
	T_LETTER,
	T_SUFFIX,
	T_SUFFIX_NO,
	T_REVISION_NO,
	T_END,
};

struct apk {
	const char *s;
	size_t len;
};

struct blob {
	const char *p;
	size_t len;
};

/* A token's value: a small number, or a run of digits of any length; empty
 * marks a '.' with no digits after it, below every other number. */
struct tval {
	long long v;
	const char *d;
	size_t dn;
	bool span;
	bool empty;
};

static void next_token(int *type, struct blob *b)
{
	int n = T_INVALID;

	if (b->len == 0) {
		n = T_END;
	} else if ((*type == T_DIGIT || *type == T_DIGIT_OR_ZERO) && b->p[0] >= 'a' &&
	           b->p[0] <= 'z') {
		n = T_LETTER;
	} else if (*type == T_LETTER && vdigit((unsigned char)b->p[0])) {
		n = T_DIGIT;
	} else if (*type == T_SUFFIX && vdigit((unsigned char)b->p[0])) {
		n = T_SUFFIX_NO;
	} else {
		switch (b->p[0]) {
		case '.':
			n = T_DIGIT_OR_ZERO;
			break;
		case '_':
			n = T_SUFFIX;
			break;
		case '-':
			/* "-r" then a letter is a word ("-rc1", "-ruff"), not a
			 * revision: apk-tools 3 refuses it at the '-', where
			 * apk-tools 2 read an empty revision and stopped at the
			 * letter; so 1-ruff2 = 1--ruff1 while 1-r-2 = 1-r0-1. */
			if (b->len > 1 && b->p[1] == 'r' && !(b->len > 2 && valpha(b->p[2]))) {
				n = T_REVISION_NO;
				b->p++;
				b->len--;
			}
			break;
		}
		b->p++;
		b->len--;
	}
	if (n < *type) {
		if (!((n == T_DIGIT_OR_ZERO && *type == T_DIGIT) ||
		      (n == T_SUFFIX && *type == T_SUFFIX_NO) ||
		      (n == T_DIGIT && *type == T_LETTER)))
			n = T_INVALID;
	}
	*type = n;
}

static struct tval get_token(int *type, struct blob *b)
{
	static const char *const pre[] = { "alpha", "beta", "pre", "rc" };
	static const char *const post[] = { "cvs", "svn", "git", "hg", "p" };
	struct tval v = { 0, NULL, 0, false, false };
	size_t i = 0;
	int nt = T_INVALID;

	if (*type == T_DIGIT_OR_ZERO && (b->len == 0 || !vdigit((unsigned char)b->p[0])))
		v.empty = true;
	if (b->len == 0) {
		*type = T_END;
		return v;
	}
	switch (*type) {
	case T_DIGIT_OR_ZERO:
		/* Leading zeros get a special treatment: a token worth minus the
		 * number of extra zeros, then the digits as a number, so
		 * 1.005 < 1.05 < 1.5 and 1.00 < 1.0, while "0" alone is 0 then 0
		 * (1.0_rc1 < 1.0, as apk-tools 2.12 and later order it). */
		if (b->p[0] == '0') {
			while (i + 1 < b->len && b->p[i + 1] == '0')
				i++;
			nt = T_DIGIT;
			v.v = -(long long)i;
			break;
		}
		/* fall through */
	case T_DIGIT:
	case T_SUFFIX_NO:
	case T_REVISION_NO:
		while (i < b->len && vdigit((unsigned char)b->p[i]))
			i++;
		v.span = true;
		v.d = b->p;
		v.dn = i;
		break;
	case T_LETTER:
		v.v = (unsigned char)b->p[i++];
		break;
	case T_SUFFIX: {
		size_t k;
		for (k = 0; k < ARRAY_SIZE(pre); k++) {
			i = strlen(pre[k]);
			if (i <= b->len && !memcmp(pre[k], b->p, i))
				break;
		}
		if (k < ARRAY_SIZE(pre)) {
			v.v = (long long)k - (long long)ARRAY_SIZE(pre);
			break;
		}
		for (k = 0; k < ARRAY_SIZE(post); k++) {
			i = strlen(post[k]);
			if (i <= b->len && !memcmp(post[k], b->p, i))
				break;
		}
		if (k < ARRAY_SIZE(post)) {
			v.v = (long long)k;
			break;
		}
		*type = T_INVALID; /* an unknown suffix */
		v.v = -1;
		return v;
	}
	default:
		*type = T_INVALID;
		v.v = -1;
		return v;
	}
	b->p += i;
	b->len -= i;
	if (b->len == 0)
		*type = T_END;
	else if (nt != T_INVALID)
		*type = nt;
	else
		next_token(type, b);
	return v;
}

static int tval_cmp(const struct tval *a, const struct tval *b)
{
	if (a->empty || b->empty)
		return a->empty == b->empty ? 0 : a->empty ? -1 : 1;
	if (a->span && b->span)
		return vnum_cmp(a->d, a->dn, b->d, b->dn);
	if (a->span || b->span) {
		/* a digit run (>= 0) against a small number */
		const struct tval *s = a->span ? a : b, *o = a->span ? b : a;
		int c;
		size_t k = 0, n = s->dn;
		long long x = 0;
		while (k < n && s->d[k] == '0')
			k++;
		if (o->v < 0 || n - k > 18)
			c = 1;
		else {
			for (; k < n; k++)
				x = x * 10 + (s->d[k] - '0');
			c = x < o->v ? -1 : x > o->v;
		}
		return a->span ? c : -c;
	}
	return a->v < b->v ? -1 : a->v > b->v;
}

static int apk_parse(const char *s, size_t len, struct apk *out)
{
	out->s = NULL;
	out->len = 0;
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c <= ' ' || c == 0x7f)
			return version_reject("contains white space or control bytes");
	}
	out->s = s;
	out->len = len;
	return 0;
}

static int apk_cmp(const struct apk *x, const struct apk *y)
{
	struct blob a = { x->s, x->len }, b = { y->s, y->len };
	int at = T_DIGIT, bt = T_DIGIT, tt;
	struct tval av = { 0, NULL, 0, false, false }, bv = av;
	int c = 0;

	while (at == bt && at != T_END && at != T_INVALID && c == 0) {
		av = get_token(&at, &a);
		bv = get_token(&bt, &b);
		c = tval_cmp(&av, &bv);
	}
	if (c)
		return c;
	if (at == bt)
		return 0;
	/* the longer one is newer, unless it goes on with a pre-release suffix */
	tt = at;
	if (at == T_SUFFIX) {
		struct blob t = a;
		struct tval v = get_token(&tt, &t);
		if (!v.span && v.v < 0)
			return -1;
	}
	tt = bt;
	if (bt == T_SUFFIX) {
		struct blob t = b;
		struct tval v = get_token(&tt, &t);
		if (!v.span && v.v < 0)
			return 1;
	}
	/* apk-tools 3's order for malformed strings: a malformed rest is older
	 * than anything but a pre-release suffix (apk-tools 2 made it the newest),
	 * then a '.' with no digits after it (apk-tools 3 refuses it too). */
	if (at == T_INVALID)
		return -1;
	if (bt == T_INVALID)
		return 1;
	if (at == T_DIGIT_OR_ZERO && (a.len == 0 || !vdigit((unsigned char)a.p[0])))
		return -1;
	if (bt == T_DIGIT_OR_ZERO && (b.len == 0 || !vdigit((unsigned char)b.p[0])))
		return 1;
	if (at > bt)
		return -1;
	if (bt > at)
		return 1;
	return 0;
}

VERSION_SCHEME_FROM_PARSE(apk, struct apk, "apk");
