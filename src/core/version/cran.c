/*
 * cran.c: R package versions (R's package_version / numeric_version).
 *
 * At least two non-negative integers separated by single '.' or '-' (the
 * DESCRIPTION file rule); compared as integer lists, a list that is a prefix
 * of another being older (0.1.0 < 0.1.0.0). Leading zeros do not count
 * (0.01 = 0.1).
 */
#include "util/compat.h"
#include "core/version/scheme.h"

struct numlist {
	const char *s;
	size_t len;
};

/* Shared by CRAN and Hackage: compares two validated lists of numbers
 * separated by any non-digit. */
static int numlist_cmp(const struct numlist *a, const struct numlist *b)
{
	size_t i = 0, j = 0;

	for (;;) {
		size_t ia = i, jb = j;
		int c;

		if (i >= a->len || j >= b->len)
			return (i < a->len) - (j < b->len);
		while (i < a->len && vdigit((unsigned char)a->s[i]))
			i++;
		while (j < b->len && vdigit((unsigned char)b->s[j]))
			j++;
		if ((c = vnum_cmp(a->s + ia, i - ia, b->s + jb, j - jb)))
			return c;
		if (i < a->len)
			i++;
		if (j < b->len)
			j++;
	}
}

static int cran_parse(const char *s, size_t len, struct numlist *out)
{
	size_t n = 0, i = 0;

	for (;;) {
		size_t st = i;
		while (i < len && vdigit((unsigned char)s[i]))
			i++;
		if (i == st)
			return version_reject(i == len ? "ends with a separator"
			                               : "expected a number between '.' or '-'");
		n++;
		if (i == len)
			break;
		if (s[i] != '.' && s[i] != '-')
			return version_reject("only digits separated by '.' or '-' are allowed");
		i++;
	}
	if (n < 2)
		return version_reject("needs at least two numbers");
	out->s = s;
	out->len = len;
	return 0;
}

static int cran_cmp(const struct numlist *a, const struct numlist *b)
{
	return numlist_cmp(a, b);
}

VERSION_SCHEME_FROM_PARSE(cran, struct numlist, "cran");

/*
 * Hackage (and GHC): Haskell's Data.Version branches as Cabal parses them,
 * numbers separated by '.', no leading zeros (Cabal refuses "01"); compared
 * as lists, so 1.0 < 1.0.0. Cabal also caps a number at 9 digits; here any
 * length compares exactly.
 */
static int pvp_parse(const char *s, size_t len, struct numlist *out)
{
	size_t i = 0;

	for (;;) {
		size_t st = i;
		while (i < len && vdigit((unsigned char)s[i]))
			i++;
		if (i == st)
			return version_reject(i == len ? "ends with '.'" : "expected a number");
		if (i - st > 1 && s[st] == '0')
			return version_reject("number with a leading zero");
		if (i == len)
			break;
		if (s[i] != '.')
			return version_reject("only numbers separated by '.' are allowed");
		i++;
	}
	out->s = s;
	out->len = len;
	return 0;
}

static int pvp_cmp(const struct numlist *a, const struct numlist *b)
{
	return numlist_cmp(a, b);
}

VERSION_SCHEME_FROM_PARSE(pvp, struct numlist, "pvp");
