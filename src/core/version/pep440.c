/*
 * pep440.c: PyPI versions: PEP 440, and the legacy order for the rest.
 *
 * A string that matches PEP 440's canonical pattern (as the `packaging`
 * library parses it: case-insensitive, optional 'v', separators '-', '_', '.'
 * optional around pre, post and dev parts, implicit post release "1.0-1",
 * surrounding white space ignored) orders by (epoch, release with trailing
 * zeros ignored, pre, post, dev, local) exactly as packaging's Version does.
 *
 * Anything else is a legacy version, ordered as packaging's LegacyVersion did
 * up to packaging 21.3 (setuptools' old parse_version): before every PEP 440
 * version, and among legacy versions by a list of parts: digit runs padded to
 * eight characters, letter runs, other runs, with "pre", "preview" and "rc"
 * read as "c", "dev" as "@", "-" as "final-", and trailing zeros of each
 * numeric series dropped. packaging 22 removed LegacyVersion, but PyPI still
 * serves releases with such versions and OSV lists them in `versions`, so the
 * order is kept. Here a legacy version must be printable ASCII without white
 * space; that is the only way a PyPI version is refused.
 */
#include "util/compat.h"
#include "core/version/scheme.h"

#define LEGACY_MAX_PARTS (VERSION_MAX_LEN + 2)

enum { PRE_NONE = 0, PRE_A = 1, PRE_B = 2, PRE_RC = 3 };

struct span {
	const char *p;
	size_t n;
};

struct legacy_part {
	const char *p;
	uint16_t n;
	uint8_t num; /* a digit run, compared as its zfill(8) form */
};

struct pep440 {
	bool legacy;
	struct span epoch, rel, pre_n, post_n, dev_n, local;
	int pre;
	bool post, dev, has_local;
	/* legacy only */
	size_t nparts;
	struct legacy_part parts[LEGACY_MAX_PARTS];
};

/* ---- PEP 440: a small backtracking matcher over the stages of packaging's
 * VERSION_PATTERN, trying alternatives in the pattern's own order. ---- */

struct cur {
	const char *s;
	size_t len;
};

static bool is_sep(const struct cur *c, size_t i)
{
	return i < c->len && (c->s[i] == '-' || c->s[i] == '_' || c->s[i] == '.');
}

static bool word_at(const struct cur *c, size_t i, const char *w, size_t *end)
{
	size_t n = strlen(w);

	if (c->len - i < n || i > c->len)
		return false;
	for (size_t k = 0; k < n; k++)
		if (vlower((unsigned char)c->s[i + k]) != w[k])
			return false;
	*end = i + n;
	return true;
}

static size_t digits(const struct cur *c, size_t i)
{
	while (i < c->len && vdigit((unsigned char)c->s[i]))
		i++;
	return i;
}

static bool is_space(int ch)
{
	return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == '\f' || ch == '\v';
}

static bool m_end(const struct cur *c, size_t i, struct pep440 *v)
{
	(void)v;
	while (i < c->len && is_space((unsigned char)c->s[i]))
		i++;
	return i == c->len;
}

static bool m_local(const struct cur *c, size_t i, struct pep440 *v)
{
	if (i < c->len && c->s[i] == '+') {
		size_t st = ++i;
		for (;;) {
			size_t w = i;
			while (i < c->len && valnum((unsigned char)c->s[i]))
				i++;
			if (i == w)
				return false; /* every segment non-empty */
			if (is_sep(c, i) && i + 1 < c->len && valnum((unsigned char)c->s[i + 1])) {
				i++;
				continue;
			}
			break;
		}
		if (m_end(c, i, v)) {
			v->has_local = true;
			v->local = (struct span){ c->s + st, i - st };
			return true;
		}
		return false;
	}
	v->has_local = false;
	return m_end(c, i, v);
}

/* [-_.]? WORD [-_.]? [0-9]* : calls next for each way, greedy first. */
static bool m_tagged(const struct cur *c, size_t i, const char *const *words, size_t nwords,
                     struct pep440 *v, int *which, struct span *num,
                     bool (*next)(const struct cur *, size_t, struct pep440 *))
{
	for (int s1 = is_sep(c, i) ? 1 : 0; s1 >= 0; s1--) {
		for (size_t w = 0; w < nwords; w++) {
			size_t j;
			if (!word_at(c, i + (size_t)s1, words[w], &j))
				continue;
			for (int s2 = is_sep(c, j) ? 1 : 0; s2 >= 0; s2--) {
				size_t k = j + (size_t)s2, e = digits(c, k);
				*which = (int)w;
				*num = (struct span){ c->s + k, e - k };
				if (next(c, e, v))
					return true;
				/* [0-9]+ may also match nothing; only helps when no digit */
			}
		}
	}
	return false;
}

static bool m_dev(const struct cur *c, size_t i, struct pep440 *v)
{
	static const char *const w[] = { "dev" };
	int which;

	if (m_tagged(c, i, w, 1, v, &which, &v->dev_n, m_local)) {
		v->dev = true;
		return true;
	}
	v->dev = false;
	return m_local(c, i, v);
}

static bool m_post(const struct cur *c, size_t i, struct pep440 *v)
{
	static const char *const w[] = { "post", "rev", "r" };
	int which;

	if (i < c->len && c->s[i] == '-' && i + 1 < c->len && vdigit((unsigned char)c->s[i + 1])) {
		size_t e = digits(c, i + 1);
		v->post_n = (struct span){ c->s + i + 1, e - i - 1 };
		if (m_dev(c, e, v)) {
			v->post = true;
			return true;
		}
	}
	if (m_tagged(c, i, w, 3, v, &which, &v->post_n, m_dev)) {
		v->post = true;
		return true;
	}
	v->post = false;
	return m_dev(c, i, v);
}

static bool m_pre(const struct cur *c, size_t i, struct pep440 *v)
{
	static const char *const w[] = { "a", "b", "c", "rc", "alpha", "beta", "pre", "preview" };
	static const int kind[] = { PRE_A, PRE_B, PRE_RC, PRE_RC, PRE_A, PRE_B, PRE_RC, PRE_RC };
	int which;

	if (m_tagged(c, i, w, 8, v, &which, &v->pre_n, m_post)) {
		v->pre = kind[which];
		return true;
	}
	v->pre = PRE_NONE;
	return m_post(c, i, v);
}

static bool pep440_match(const char *s, size_t len, struct pep440 *v)
{
	struct cur c = { s, len };
	size_t i = 0, e;

	memset(v, 0, offsetof(struct pep440, nparts));
	while (i < len && is_space((unsigned char)s[i]))
		i++;
	if (i < len && (s[i] == 'v' || s[i] == 'V'))
		i++;
	e = digits(&c, i);
	if (e > i && e < len && s[e] == '!') {
		v->epoch = (struct span){ s + i, e - i };
		i = e + 1;
	}
	e = digits(&c, i);
	if (e == i)
		return false;
	v->rel.p = s + i;
	while (e + 1 < len && s[e] == '.' && vdigit((unsigned char)s[e + 1]))
		e = digits(&c, e + 1);
	v->rel.n = (size_t)(s + e - v->rel.p);
	return m_pre(&c, e, v);
}

/* ---- legacy ---- */

static int legacy_part_char(const struct legacy_part *p, size_t k)
{
	/* the string form: zfill(8) for digit runs, '*' + text otherwise */
	if (p->num) {
		size_t pad = p->n < 8 ? 8 - p->n : 0;
		if (k < pad)
			return '0';
		k -= pad;
		return k < p->n ? (unsigned char)p->p[k] : -1;
	}
	if (k == 0)
		return '*';
	return k - 1 < p->n ? vlower((unsigned char)p->p[k - 1]) : -1;
}

static int legacy_part_cmp(const struct legacy_part *a, const struct legacy_part *b)
{
	for (size_t k = 0;; k++) {
		int x = legacy_part_char(a, k), y = legacy_part_char(b, k);
		if (x != y)
			return x < y ? -1 : 1;
		if (x < 0)
			return 0;
	}
}

static bool legacy_part_is(const struct legacy_part *p, const char *w)
{
	return !p->num && vstr_caseeq(p->p, p->n, w);
}

/* True when the part's string form is "00000000". */
static bool is_zero8(const struct legacy_part *p)
{
	if (!p->num || p->n > 8)
		return false;
	for (size_t k = 0; k < p->n; k++)
		if (p->p[k] != '0')
			return false;
	return true;
}

static void legacy_push(struct pep440 *v, const char *p, size_t n, bool num)
{
	static const struct legacy_part final = { "final", 5, 0 };
	struct legacy_part part = { p, (uint16_t)n, num };

	if (!num) {
		/* the replacement map */
		if (vstr_caseeq(p, n, "pre") || vstr_caseeq(p, n, "preview") ||
		    vstr_caseeq(p, n, "rc"))
			part = (struct legacy_part){ "c", 1, 0 };
		else if (vstr_caseeq(p, n, "dev"))
			part = (struct legacy_part){ "@", 1, 0 };
		else if (n == 1 && p[0] == '-')
			part = (struct legacy_part){ "final-", 6, 0 };
		if (legacy_part_cmp(&part, &final) < 0)
			while (v->nparts && legacy_part_is(&v->parts[v->nparts - 1], "final-"))
				v->nparts--;
		while (v->nparts && is_zero8(&v->parts[v->nparts - 1]))
			v->nparts--;
	}
	v->parts[v->nparts++] = part;
}

static int legacy_parse(const char *s, size_t len, struct pep440 *v)
{
	size_t i = 0;

	memset(v, 0, offsetof(struct pep440, nparts));
	v->legacy = true;
	v->nparts = 0;
	for (size_t k = 0; k < len; k++) {
		unsigned char ch = (unsigned char)s[k];
		if (ch <= ' ' || ch >= 0x7f)
			return version_reject("neither PEP 440 nor a legacy version: white space, "
			                      "control or non-ASCII bytes");
	}
	while (i < len) {
		size_t st = i;
		unsigned char ch = (unsigned char)s[i];
		if (vdigit(ch)) {
			while (i < len && vdigit((unsigned char)s[i]))
				i++;
			legacy_push(v, s + st, i - st, true);
		} else if (valpha(ch)) {
			while (i < len && valpha((unsigned char)s[i]))
				i++;
			legacy_push(v, s + st, i - st, false);
		} else if (ch == '.') {
			i++; /* dropped */
		} else if (ch == '-') {
			i++;
			legacy_push(v, s + st, 1, false);
		} else {
			while (i < len && !valnum((unsigned char)s[i]) && s[i] != '.' &&
			       s[i] != '-')
				i++;
			legacy_push(v, s + st, i - st, false);
		}
	}
	legacy_push(v, "final", 5, false);
	return 0;
}

static int pep440_parse(const char *s, size_t len, struct pep440 *out)
{
	if (pep440_match(s, len, out)) {
		out->legacy = false;
		return 0;
	}
	return legacy_parse(s, len, out);
}

/* ---- order ---- */

static int release_cmp(const struct span *a, const struct span *b)
{
	size_t i = 0, j = 0;

	while (i < a->n || j < b->n) {
		size_t si = i, sj = j;
		int c;
		while (i < a->n && a->p[i] != '.')
			i++;
		while (j < b->n && b->p[j] != '.')
			j++;
		/* a missing component counts as 0: trailing zeros do not matter */
		c = vnum_cmp(a->p + si, i - si, b->p + sj, j - sj);
		if (c)
			return c;
		if (i < a->n)
			i++;
		if (j < b->n)
			j++;
	}
	return 0;
}

static int local_cmp(const struct span *a, const struct span *b)
{
	size_t i = 0, j = 0;

	for (;;) {
		size_t si = i, sj = j;
		bool an = true, bn = true;
		int c;

		if (i >= a->n || j >= b->n)
			return (i < a->n) - (j < b->n);
		for (; i < a->n && valnum((unsigned char)a->p[i]); i++)
			an = an && vdigit((unsigned char)a->p[i]);
		for (; j < b->n && valnum((unsigned char)b->p[j]); j++)
			bn = bn && vdigit((unsigned char)b->p[j]);
		if (an && bn)
			c = vnum_cmp(a->p + si, i - si, b->p + sj, j - sj);
		else if (an != bn)
			c = an ? 1 : -1; /* a number sorts after a string */
		else
			c = vstr_casecmp(a->p + si, i - si, b->p + sj, j - sj);
		if (c)
			return c;
		if (i < a->n)
			i++;
		if (j < b->n)
			j++;
	}
}

/* The pre-release key: -inf for a dev release without pre and post, +inf
 * without pre, else (kind, number). */
static int pre_key_cmp(const struct pep440 *a, const struct pep440 *b)
{
	int ka = a->pre ? 1 : (!a->post && a->dev) ? 0 : 2;
	int kb = b->pre ? 1 : (!b->post && b->dev) ? 0 : 2;

	if (ka != kb)
		return ka < kb ? -1 : 1;
	if (ka != 1)
		return 0;
	if (a->pre != b->pre)
		return a->pre < b->pre ? -1 : 1;
	return vnum_cmp(a->pre_n.p, a->pre_n.n, b->pre_n.p, b->pre_n.n);
}

static int pep440_cmp(const struct pep440 *a, const struct pep440 *b)
{
	int c;

	if (a->legacy || b->legacy) {
		if (!a->legacy || !b->legacy)
			return a->legacy ? -1 : 1;
		for (size_t k = 0; k < a->nparts && k < b->nparts; k++)
			if ((c = legacy_part_cmp(&a->parts[k], &b->parts[k])))
				return c;
		return (a->nparts > b->nparts) - (a->nparts < b->nparts);
	}
	if ((c = vnum_cmp(a->epoch.p ? a->epoch.p : "", a->epoch.n, b->epoch.p ? b->epoch.p : "",
	                  b->epoch.n)))
		return c;
	if ((c = release_cmp(&a->rel, &b->rel)))
		return c;
	if ((c = pre_key_cmp(a, b)))
		return c;
	if (a->post != b->post)
		return a->post ? 1 : -1;
	if (a->post && (c = vnum_cmp(a->post_n.p, a->post_n.n, b->post_n.p, b->post_n.n)))
		return c;
	if (a->dev != b->dev)
		return a->dev ? -1 : 1;
	if (a->dev && (c = vnum_cmp(a->dev_n.p, a->dev_n.n, b->dev_n.p, b->dev_n.n)))
		return c;
	if (a->has_local != b->has_local)
		return a->has_local ? 1 : -1;
	return a->has_local ? local_cmp(&a->local, &b->local) : 0;
}

VERSION_SCHEME_FROM_PARSE(pep440, struct pep440, "pep440");
