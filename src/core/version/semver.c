/*
 * semver.c: SemVer 2.0.0 precedence (npm, crates.io, Hex, SwiftURL, Bitnami)
 * and Go module versions.
 *
 * Precedence is SemVer 2.0.0 section 11: the three numbers by value, then a
 * version with a prerelease before the same without, identifiers compared
 * one by one (numeric by value and before alphanumeric, alphanumeric by ASCII
 * bytes, a shorter list first when all else is equal); build metadata never
 * counts.
 *
 * Accepted spellings (SEMVER_OSV) are the loose forms that the npm registry
 * and OSV's own SEMVER ranges carry: an optional leading 'v', leading zeros
 * in numbers (compared by value, as npm's loose mode does), one or two
 * numbers standing for MAJOR.MINOR.0 / MAJOR.0.0, and numeric components past
 * the third ("1.2.3.4"), which, as in OSV's coercion, count as build metadata.
 * Numbers of any length compare exactly (npm stops at 2^53).
 *
 * Go (SEMVER_GO) follows golang.org/x/mod/semver: "v" optional here because
 * OSV's Go entries drop it, MAJOR, MAJOR.MINOR only without a suffix, no
 * leading zeros, and pseudo-versions and "+incompatible" are ordinary
 * prerelease and build parts, so they need no special case.
 */
#include "util/compat.h"
#include "core/version/scheme.h"
#include "util/err.h"

static bool ident_char(int c)
{
	return valnum(c) || c == '-';
}

/* Scans dot-separated non-empty identifiers from s[*i]; stops at stop chars. */
static int scan_idents(const char *s, size_t len, size_t *i, bool no_zero_lead)
{
	size_t id = *i;

	for (;;) {
		if (*i < len && ident_char((unsigned char)s[*i])) {
			(*i)++;
			continue;
		}
		if (*i == id)
			return version_reject("empty identifier in prerelease or build");
		if (no_zero_lead && *i - id > 1 && s[id] == '0') {
			bool num = true;
			for (size_t k = id; k < *i; k++)
				num = num && vdigit((unsigned char)s[k]);
			if (num)
				return version_reject(
				        "numeric prerelease identifier with a leading zero");
		}
		if (*i < len && s[*i] == '.') {
			(*i)++;
			id = *i;
			continue;
		}
		break;
	}
	return 0;
}

int semver_parts_parse(const char *s, size_t len, enum semver_dialect d, struct semver_parts *out)
{
	size_t i = 0, maxcore = d == SEMVER_NUGET ? 4 : 3;
	int r;

	memset(out, 0, sizeof(*out));
	if (len && s[0] == 'v' && d != SEMVER_NUGET)
		i++;
	for (;;) {
		size_t st = i;
		while (i < len && vdigit((unsigned char)s[i]))
			i++;
		if (i == st)
			return version_reject(out->ncore ? "empty numeric component"
			                                 : "does not start with a number");
		if (d == SEMVER_GO && i - st > 1 && s[st] == '0')
			return version_reject("number with a leading zero");
		out->core[out->ncore] = s + st;
		out->corelen[out->ncore] = i - st;
		out->ncore++;
		if (out->ncore == maxcore || i == len || s[i] != '.')
			break;
		i++;
	}
	if (d == SEMVER_GO && out->ncore < 3 && i != len)
		return version_reject("MAJOR or MAJOR.MINOR shorthand takes no suffix");
	if (d == SEMVER_OSV && i < len && s[i] == '.') {
		size_t st = ++i;
		for (;;) {
			size_t c = i;
			while (i < len && vdigit((unsigned char)s[i]))
				i++;
			if (i == c)
				return version_reject("empty numeric component");
			if (i == len || s[i] != '.')
				break;
			i++;
		}
		out->extra = s + st;
		out->extralen = i - st;
	}
	if (i < len && s[i] == '-') {
		size_t st = ++i;
		if ((r = scan_idents(s, len, &i, d == SEMVER_GO)) < 0)
			return r;
		out->pre = s + st;
		out->prelen = i - st;
	}
	if (i < len && s[i] == '+') {
		size_t st = ++i;
		if ((r = scan_idents(s, len, &i, false)) < 0)
			return r;
		out->build = s + st;
		out->buildlen = i - st;
	}
	if (i != len) {
		if (s[i] == '.')
			return version_reject(d == SEMVER_GO ? "more than three numbers"
			                                     : "more than four numbers");
		return version_reject("unexpected character after the version numbers");
	}
	return 0;
}

static bool all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!vdigit((unsigned char)s[i]))
			return false;
	return n > 0;
}

int semver_idents_cmp(const char *a, size_t alen, const char *b, size_t blen, bool fold)
{
	size_t i = 0, j = 0;

	for (;;) {
		size_t ia = i, jb = j;
		bool an, bn;
		int c;

		if (i >= alen || j >= blen)
			return (i < alen) - (j < blen);
		while (i < alen && a[i] != '.')
			i++;
		while (j < blen && b[j] != '.')
			j++;
		an = all_digits(a + ia, i - ia);
		bn = all_digits(b + jb, j - jb);
		if (an && bn)
			c = vnum_cmp(a + ia, i - ia, b + jb, j - jb);
		else if (an || bn)
			c = an ? -1 : 1;
		else if (fold)
			c = vstr_casecmp(a + ia, i - ia, b + jb, j - jb);
		else
			c = vstr_cmp(a + ia, i - ia, b + jb, j - jb);
		if (c)
			return c;
		/* skip the dots; a trailing identifier list ends at the length */
		if (i < alen)
			i++;
		if (j < blen)
			j++;
	}
}

int semver_core_cmp(const struct semver_parts *a, const struct semver_parts *b)
{
	size_t n = a->ncore > b->ncore ? a->ncore : b->ncore;

	for (size_t k = 0; k < n; k++) {
		int c = vnum_cmp(k < a->ncore ? a->core[k] : "0", k < a->ncore ? a->corelen[k] : 1,
		                 k < b->ncore ? b->core[k] : "0", k < b->ncore ? b->corelen[k] : 1);
		if (c)
			return c;
	}
	return 0;
}

static int semver_precedence(const struct semver_parts *a, const struct semver_parts *b)
{
	int c = semver_core_cmp(a, b);

	if (c)
		return c;
	if (!a->pre || !b->pre)
		return (!a->pre) - (!b->pre);
	return semver_idents_cmp(a->pre, a->prelen, b->pre, b->prelen, false);
}

static int semver_parse(const char *s, size_t len, struct semver_parts *out)
{
	return semver_parts_parse(s, len, SEMVER_OSV, out);
}

static int semver_cmp(const struct semver_parts *a, const struct semver_parts *b)
{
	return semver_precedence(a, b);
}

VERSION_SCHEME_FROM_PARSE(semver, struct semver_parts, "semver");

static int go_parse(const char *s, size_t len, struct semver_parts *out)
{
	return semver_parts_parse(s, len, SEMVER_GO, out);
}

static int go_cmp(const struct semver_parts *a, const struct semver_parts *b)
{
	return semver_precedence(a, b);
}

VERSION_SCHEME_FROM_PARSE(go, struct semver_parts, "go");
