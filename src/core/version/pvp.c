/*
 * pvp.c: Hackage (and GHC) versions: Haskell's Data.Version branches as Cabal parses them,
 * numbers separated by '.', no leading zeros (Cabal refuses "01"); compared
 * as lists, so 1.0 < 1.0.0. Cabal also caps a number at 9 digits; here any
 * length compares exactly.
 */
#include "util/compat.h"
#include "core/version/scheme.h"

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
	return vnumlist_cmp(a->s, a->len, b->s, b->len);
}

VERSION_SCHEME_FROM_PARSE(pvp, struct numlist, "pvp");
