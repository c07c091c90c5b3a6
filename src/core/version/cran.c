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
	return vnumlist_cmp(a->s, a->len, b->s, b->len);
}

VERSION_SCHEME_FROM_PARSE(cran, struct numlist, "cran");
