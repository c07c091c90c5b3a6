/*
 * composer.c: Packagist versions, ordered as Composer orders them when it
 * matches a version against a constraint: both normalised by VersionParser's
 * rules (four numbers, the stability spelled out: composer_normalize()), then
 * compared with PHP's version_compare(). A version Composer cannot normalise
 * (a branch, a date, anything else) is compared as written, after a leading
 * 'v' is stripped. Checked against composer/semver itself (t0102).
 *
 * The string is cut into components at '.', '-', '_' and '+' and between a
 * digit and a non-digit ("1.0rc1" is 1 . 0 . rc . 1). Numbers compare by
 * value (any length); other components rank by their prefix: "dev" <
 * "alpha"/"a" < "beta"/"b" < "RC"/"rc" < a number < "pl"/"p", anything else
 * below "dev". When one version runs out, a remaining number makes the
 * longer one newer, a remaining word is ranked against a number (so 1.0 <
 * 1.0.0, 1.0rc1 < 1.0 < 1.0pl1). Unlike PHP, which reads numbers with strtol,
 * numbers of any length compare exactly; other characters ('#') are kept in
 * their component as OSV's Packagist ordering does.
 */
#include "util/compat.h"
#include "core/version/scheme.h"

struct composer {
	const char *s;
	size_t len;
	char norm[160]; /* Composer's normal form, when the version has one */
	size_t nlen;    /* its length; 0 when it has none (compared as written) */
};

/* A component iterator over the canonical form, without building it. */
struct comp_iter {
	const char *s;
	size_t len, i;
};

static bool csep(int c)
{
	return c == '.' || c == '-' || c == '_' || c == '+';
}

/* Next component into (p, n); false at the end. Separators never join: each
 * one ends a component, so "1..2" has an empty component. */
static bool comp_next(struct comp_iter *it, const char **p, size_t *n, bool *first)
{
	size_t st;

	if (it->i > it->len)
		return false;
	if (!*first) {
		/* it->i points at a separator or a digit/non-digit boundary */
		if (it->i == it->len) {
			it->i++;
			return false;
		}
		if (csep((unsigned char)it->s[it->i]))
			it->i++;
	}
	*first = false;
	st = it->i;
	if (it->i < it->len && vdigit((unsigned char)it->s[it->i])) {
		while (it->i < it->len && vdigit((unsigned char)it->s[it->i]))
			it->i++;
	} else {
		while (it->i < it->len && !csep((unsigned char)it->s[it->i]) &&
		       !vdigit((unsigned char)it->s[it->i]))
			it->i++;
	}
	*p = it->s + st;
	*n = it->i - st;
	return true;
}

static bool is_number(const char *p, size_t n)
{
	return n > 0 && vdigit((unsigned char)p[0]);
}

/* PHP's special forms, matched by prefix; a number is "#". */
static int weight(const char *p, size_t n)
{
	static const struct {
		const char *name;
		int order;
	} forms[] = { { "dev", 0 }, { "alpha", 1 }, { "a", 1 }, { "beta", 2 }, { "b", 2 },
		      { "RC", 3 },  { "rc", 3 },    { "#", 4 }, { "pl", 5 },   { "p", 5 } };

	for (size_t k = 0; k < ARRAY_SIZE(forms); k++) {
		size_t l = strlen(forms[k].name);
		if (n >= l && !memcmp(p, forms[k].name, l))
			return forms[k].order;
	}
	return -1;
}

static int comp_cmp(const char *a, size_t an, const char *b, size_t bn)
{
	bool x = is_number(a, an), y = is_number(b, bn);

	if (x && y)
		return vnum_cmp(a, an, b, bn);
	return vsign(weight(x ? "#" : a, x ? 1 : an) - weight(y ? "#" : b, y ? 1 : bn));
}

static bool ci_prefix(const char *p, size_t n, const char *word)
{
	size_t l = strlen(word);

	return n >= l && !strncasecmp(p, word, l);
}

/*
 * Composer's VersionParser::normalize() for the classical form it accepts,
 * v?N(.N){0,3} [._-]? (stable|beta|b|RC|alpha|a|patch|pl|p)([.-]?N)* [.-]?dev,
 * with "+build" dropped: four numbers ("2.0" is 2.0.0.0), the stability
 * spelled out ("-p1" is "-patch1", "b2" is "-beta2"), "-dev" kept. Other
 * forms (branches, dates, anything else) have none: false.
 */
static bool composer_normalize(struct composer *v, const char *s, size_t len)
{
	static const struct {
		const char *in, *out;
	} stab[] = { { "stable", "" },     { "beta", "beta" },   { "b", "beta" },
		     { "rc", "RC" },       { "alpha", "alpha" }, { "a", "alpha" },
		     { "patch", "patch" }, { "pl", "patch" },    { "p", "patch" } };
	char *o = v->norm, *end = v->norm + sizeof(v->norm) - 8;
	size_t i = 0, parts = 0, k;
	const char *plus = memchr(s, '+', len);

	if (plus && plus > s) /* build metadata */
		len = (size_t)(plus - s);
	/* the normal form is at most 20 bytes longer: a long version is compared as written */
	if (len >= sizeof(v->norm) - 40)
		return false;
	if (len >= 4 && !strncasecmp(s, "dev-", 4))
		return false;
	if (i < len && (s[i] == 'v' || s[i] == 'V'))
		i++;
	/* the numbers: the first of 1 to 5 digits, then up to three ".N" */
	for (; parts < 4; parts++) {
		size_t st = i + (parts > 0);

		if (parts > 0 && (i >= len || s[i] != '.'))
			break;
		k = st;
		while (k < len && vdigit((unsigned char)s[k]))
			k++;
		if (k == st || (parts == 0 && k - st > 5) || o + (k - i) >= end)
			break;
		memcpy(o, s + i, k - i);
		o += k - i;
		i = k;
	}
	if (!parts)
		return false;
	for (; parts < 4; parts++) {
		memcpy(o, ".0", 2);
		o += 2;
	}
	/* [._-]? stability digits */
	if (i < len) {
		size_t j = i + (s[i] == '.' || s[i] == '_' || s[i] == '-'), w;
		const char *word = NULL;

		for (w = 0; w < ARRAY_SIZE(stab) && !word; w++)
			if (ci_prefix(s + j, len - j, stab[w].in)) {
				word = stab[w].out;
				j += strlen(stab[w].in);
			}
		if (word) {
			bool stable = !*word;

			if (!stable) {
				*o++ = '-';
				memcpy(o, word, strlen(word));
				o += strlen(word);
			}
			/* ((?:[.-]?\d+)*): the separators before the first number dropped */
			for (bool first = true;;) {
				size_t q = j + (j < len && (s[j] == '.' || s[j] == '-')), r = q;

				while (r < len && vdigit((unsigned char)s[r]))
					r++;
				if (r == q)
					break;
				if (o + (r - j) >= end)
					return false;
				if (stable)
					return false; /* "stable1": Composer drops the digits; keep as written */
				if (!first)
					*o++ = s[j] == '.' || s[j] == '-' ? s[j] : '.';
				memcpy(o, s + q, r - q);
				o += r - q;
				first = false;
				j = r;
			}
			i = j;
		}
		/* ([.-]?dev)? */
		k = i + (i < len && (s[i] == '.' || s[i] == '-'));
		if (k + 3 == len && !strncasecmp(s + k, "dev", 3)) {
			memcpy(o, "-dev", 4);
			o += 4;
			i = len;
		}
		if (i != len)
			return false;
	}
	v->nlen = (size_t)(o - v->norm);
	*o = '\0';
	return true;
}

static int composer_parse(const char *s, size_t len, struct composer *out)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		if (c <= ' ' || c >= 0x7f)
			return version_reject("contains white space, control or non-ASCII bytes");
	}
	if (len && (s[0] == 'v' || s[0] == 'V'))
		s++, len--;
	if (!len)
		return version_reject("nothing after 'v'");
	out->s = s;
	out->len = len;
	out->nlen = 0;
	if (!composer_normalize(out, s, len))
		out->nlen = 0;
	return 0;
}

/*
 * Two versions Composer can normalise compare in their normal forms (so 2.0
 * equals 2.0.0 and 3.3.1.0 equals 3.3.1, as in a composer.json constraint);
 * otherwise as written.
 */
static int composer_cmp(const struct composer *a, const struct composer *b)
{
	bool n = a->nlen && b->nlen;
	struct comp_iter ia = { n ? a->norm : a->s, n ? a->nlen : a->len, 0 },
	                 ib = { n ? b->norm : b->s, n ? b->nlen : b->len, 0 };
	bool fa = true, fb = true;
	const char *p, *q;
	size_t pn, qn;
	bool ha, hb;
	int c;

	for (;;) {
		ha = comp_next(&ia, &p, &pn, &fa);
		hb = comp_next(&ib, &q, &qn, &fb);
		if (!ha || !hb)
			break;
		if ((c = comp_cmp(p, pn, q, qn)))
			return c;
	}
	/* the longer one: a number makes it newer, words rank against "#" */
	while (ha) {
		if (is_number(p, pn))
			return 1;
		if ((c = comp_cmp(p, pn, "#", 1)))
			return c;
		ha = comp_next(&ia, &p, &pn, &fa);
	}
	while (hb) {
		if (is_number(q, qn))
			return -1;
		if ((c = comp_cmp("#", 1, q, qn)))
			return c;
		hb = comp_next(&ib, &q, &qn, &fb);
	}
	return 0;
}

VERSION_SCHEME_FROM_PARSE(composer, struct composer, "composer");
