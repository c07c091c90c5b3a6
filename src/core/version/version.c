/*
 * version.c: the ecosystem table and the entry points of version.h.
 */
#include "util/compat.h"
#include "core/version/version.h"
#include "core/version/scheme.h"
#include "util/err.h"

/*
 * OSV ecosystem names (osv-schema's ecosystems list) with the scheme their
 * own tooling orders versions by. Ecosystems that share a scheme are listed
 * only where the distribution or registry uses the same tool: apk-tools for
 * Wolfi, Chainguard, MinimOS and BellSoft's Alpaquita and Hardened
 * Containers; rpm's rpmvercmp for the Red Hat family, SUSE, Photon OS and
 * Azure Linux; Haskell's Data.Version for GHC itself; R's package_version for
 * Bioconductor; SemVer (as OSV orders it) for Julia, VSCode extensions,
 * Kubernetes, GitHub Actions and ConanCenter, whose advisories state SemVer
 * versions; dpkg's comparison without the epoch for opam, as opam itself
 * orders (OpamVersionCompare). Not listed, because their order is not one of these or not
 * documented: Android, CleanStart, Docker Hardened Images, Echo, FreeBSD,
 * Linux, OSS-Fuzz, Root, TuxCare: their advisories match by their
 * `versions` lists alone, and the ranges left unordered are counted in a note.
 */
static const struct ecosystem ecosystems[] = {
	{ "AlmaLinux", &version_scheme_rpm, "rpm" },
	{ "Alpaquita", &version_scheme_apk, "apk" },
	{ "Alpine", &version_scheme_apk, "apk" },
	{ "Azure Linux", &version_scheme_rpm, "rpm" },
	{ "BellSoft Hardened Containers", &version_scheme_apk, "apk" },
	{ "Bioconductor", &version_scheme_cran, "bioconductor" },
	{ "Bitnami", &version_scheme_semver, "bitnami" },
	{ "CRAN", &version_scheme_cran, "cran" },
	{ "Chainguard", &version_scheme_apk, "apk" },
	{ "ConanCenter", &version_scheme_semver, "conan" },
	{ "Debian", &version_scheme_dpkg, "deb" },
	{ "GHC", &version_scheme_pvp, "generic" },
	{ "GitHub Actions", &version_scheme_semver, "github" },
	{ "Go", &version_scheme_go, "golang" },
	{ "Hackage", &version_scheme_pvp, "hackage" },
	{ "Hex", &version_scheme_semver, "hex" },
	{ "Julia", &version_scheme_semver, "julia" },
	{ "Kubernetes", &version_scheme_semver, "generic" },
	{ "Mageia", &version_scheme_rpm, "rpm" },
	{ "Maven", &version_scheme_maven, "maven" },
	{ "MinimOS", &version_scheme_apk, "apk" },
	{ "NuGet", &version_scheme_nuget, "nuget" },
	{ "Packagist", &version_scheme_composer, "composer" },
	{ "Photon OS", &version_scheme_rpm, "rpm" },
	{ "Pub", &version_scheme_pub, "pub" },
	{ "PyPI", &version_scheme_pep440, "pypi" },
	{ "Red Hat", &version_scheme_rpm, "rpm" },
	{ "Rocky Linux", &version_scheme_rpm, "rpm" },
	{ "RubyGems", &version_scheme_rubygems, "gem" },
	{ "SUSE", &version_scheme_rpm, "rpm" },
	{ "SwiftURL", &version_scheme_semver, "swift" },
	{ "Ubuntu", &version_scheme_dpkg, "deb" },
	{ "VSCode", &version_scheme_semver, "vscode" },
	{ "Wolfi", &version_scheme_apk, "apk" },
	{ "crates.io", &version_scheme_semver, "cargo" },
	{ "npm", &version_scheme_semver, "npm" },
	{ "opam", &version_scheme_opam, "opam" },
	{ "openEuler", &version_scheme_rpm, "rpm" },
	{ "openSUSE", &version_scheme_rpm, "rpm" },
};

const struct ecosystem *ecosystem_findn(const char *name, size_t len)
{
	const char *colon;

	if (!name)
		return NULL;
	/* "Debian:12", "Alpine:v3.19", "Ubuntu:22.04:LTS": the release does not
	 * change the order of versions. */
	colon = memchr(name, ':', len);
	if (colon)
		len = (size_t)(colon - name);
	for (size_t i = 0; i < ARRAY_SIZE(ecosystems); i++)
		if (strlen(ecosystems[i].name) == len && !memcmp(ecosystems[i].name, name, len))
			return &ecosystems[i];
	return NULL;
}

const struct ecosystem *ecosystem_find(const char *name)
{
	return name ? ecosystem_findn(name, strlen(name)) : NULL;
}

const struct ecosystem *ecosystem_list(size_t *n)
{
	*n = ARRAY_SIZE(ecosystems);
	return ecosystems;
}

static _Thread_local const char *last_reason;

int version_reject(const char *reason)
{
	last_reason = reason;
	return ERR_PARSE;
}

const char *version_reason(void)
{
	return last_reason ? last_reason : "not a version";
}

/* The message names the string; control bytes and long strings are cut so a
 * hostile line cannot forge output on a terminal. */
static int reject_named(const struct ecosystem *e, const char *s, size_t len, int code,
                        const char *reason)
{
	char shown[68];
	size_t n = 0;

	for (size_t i = 0; i < len && n < 64; i++)
		shown[n++] = (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? '?' : s[i];
	if (len > 64) {
		shown[n++] = '.';
		shown[n++] = '.';
		shown[n++] = '.';
	}
	shown[n] = 0;
	return err_set(code, "'%s' is not a%s %s version: %s", shown,
	               strchr("AEIOUaeiou", e->name[0]) || !strcmp(e->name, "npm") ? "n" : "",
	               e->name, reason);
}

static int check_one(const struct ecosystem *e, const char *s, size_t len)
{
	if (len > VERSION_MAX_LEN)
		return reject_named(e, s, len, ERR_TOOBIG, "longer than 1024 bytes");
	if (len == 0)
		return reject_named(e, s, len, ERR_PARSE, "empty");
	if (e->scheme->validate(s, len) < 0)
		return reject_named(e, s, len, ERR_PARSE, version_reason());
	return 0;
}

int version_validate(const struct ecosystem *e, const char *s, size_t len)
{
	if (!e || !s)
		return err_set(ERR_USAGE, "no ecosystem or version given");
	return check_one(e, s, len);
}

int version_compare(const struct ecosystem *e, const char *a, size_t alen, const char *b,
                    size_t blen, int *out)
{
	int r, c = 0;

	if (!e || !a || !b)
		return err_set(ERR_USAGE, "no ecosystem or version given");
	if (alen > VERSION_MAX_LEN || blen > VERSION_MAX_LEN || !alen || !blen) {
		if ((r = check_one(e, a, alen)) < 0)
			return r;
		return check_one(e, b, blen);
	}
	r = e->scheme->compare(a, alen, b, blen, &c);
	if (r < 0) {
		/* Find which one failed, for the message. */
		if ((r = check_one(e, a, alen)) < 0)
			return r;
		if ((r = check_one(e, b, blen)) < 0)
			return r;
		return err_set(ERR_PARSE, "cannot compare '%.*s' and '%.*s'", (int)alen, a,
		               (int)blen, b);
	}
	*out = vsign(c);
	return 0;
}

int vnum_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	int r;

	while (alen && *a == '0')
		a++, alen--;
	while (blen && *b == '0')
		b++, blen--;
	if (alen != blen)
		return alen < blen ? -1 : 1;
	r = alen ? memcmp(a, b, alen) : 0;
	return vsign(r);
}

int vnumlist_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t i = 0, j = 0;

	for (;;) {
		size_t ia = i, jb = j;
		int c;

		if (i >= alen || j >= blen)
			return (i < alen) - (j < blen);
		while (i < alen && vdigit((unsigned char)a[i]))
			i++;
		while (j < blen && vdigit((unsigned char)b[j]))
			j++;
		if ((c = vnum_cmp(a + ia, i - ia, b + jb, j - jb)))
			return c;
		if (i < alen)
			i++;
		if (j < blen)
			j++;
	}
}

int vstr_cmp(const char *a, size_t alen, const char *b, size_t blen)
{
	int r = memcmp(a, b, alen < blen ? alen : blen);

	if (r)
		return vsign(r);
	return alen < blen ? -1 : alen > blen;
}

int vstr_casecmp(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t n = alen < blen ? alen : blen;

	for (size_t i = 0; i < n; i++) {
		int x = vlower((unsigned char)a[i]), y = vlower((unsigned char)b[i]);
		if (x != y)
			return x < y ? -1 : 1;
	}
	return alen < blen ? -1 : alen > blen;
}

bool vstr_caseeq(const char *s, size_t n, const char *w)
{
	size_t wl = strlen(w);

	if (n != wl)
		return false;
	for (size_t i = 0; i < n; i++)
		if (vlower((unsigned char)s[i]) != w[i])
			return false;
	return true;
}
