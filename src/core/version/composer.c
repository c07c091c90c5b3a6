/*
 * composer.c: Packagist versions, ordered as PHP's version_compare() orders
 * them after Composer strips a leading 'v' (Composer's Comparator hands
 * version strings to version_compare()).
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
	return 0;
}

static int composer_cmp(const struct composer *a, const struct composer *b)
{
	struct comp_iter ia = { a->s, a->len, 0 }, ib = { b->s, b->len, 0 };
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
