/*
 * pub.c: Dart Pub versions (the pub_semver package).
 *
 * SemVer spelling as the semver scheme accepts it, but build metadata is
 * ordered, after the prerelease: 1.0.0-pre < 1.0.0-pre+build < 1.0.0 <
 * 1.0.0+build, and builds compare like prerelease lists (numbers by value
 * and before strings). Numeric components past the third, as OSV coerces
 * them, are build metadata ("1.2.3.4" is 1.2.3+4).
 */
#include "util/compat.h"
#include "core/version/scheme.h"

static int pub_parse(const char *s, size_t len, struct semver_parts *out)
{
	int r = semver_parts_parse(s, len, SEMVER_OSV, out);

	if (r < 0)
		return r;
	if (out->extra && out->build)
		return version_reject("numbers past the third and build metadata together");
	if (out->extra) {
		out->build = out->extra;
		out->buildlen = out->extralen;
	}
	return 0;
}

static int pub_cmp(const struct semver_parts *a, const struct semver_parts *b)
{
	int c = semver_core_cmp(a, b);

	if (c)
		return c;
	if (!a->pre != !b->pre)
		return (!a->pre) - (!b->pre);
	if (a->pre && (c = semver_idents_cmp(a->pre, a->prelen, b->pre, b->prelen, false)))
		return c;
	if (!a->build || !b->build)
		return (a->build != NULL) - (b->build != NULL);
	return semver_idents_cmp(a->build, a->buildlen, b->build, b->buildlen, false);
}

VERSION_SCHEME_FROM_PARSE(pub, struct semver_parts, "pub");
