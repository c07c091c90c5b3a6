/*
 * nuget.c: NuGet versions (NuGet.Versioning's NuGetVersion and its comparer).
 *
 * One to four numbers (MAJOR.MINOR.PATCH.REVISION, missing ones are 0, so
 * 1.0 = 1.0.0.0; leading zeros allowed, 1.0.01 = 1.0.1), an optional
 * prerelease and build metadata as in SemVer 2.0. Prerelease labels compare
 * case-insensitively (OrdinalIgnoreCase), numeric labels by value and before
 * alphanumeric ones; build metadata does not count.
 */
#include "util/compat.h"
#include "core/version/scheme.h"

static int nuget_parse(const char *s, size_t len, struct semver_parts *out)
{
	return semver_parts_parse(s, len, SEMVER_NUGET, out);
}

static int nuget_cmp(const struct semver_parts *a, const struct semver_parts *b)
{
	int c = semver_core_cmp(a, b);

	if (c)
		return c;
	if (!a->pre || !b->pre)
		return (!a->pre) - (!b->pre);
	return semver_idents_cmp(a->pre, a->prelen, b->pre, b->prelen, true);
}

VERSION_SCHEME_FROM_PARSE(nuget, struct semver_parts, "nuget");
