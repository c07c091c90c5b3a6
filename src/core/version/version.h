/*
 * version.h: version order per ecosystem, behind one interface.
 *
 * Each ecosystem's rules live in one comparator file in this folder
 * (semver.c, pep440.c, dpkg.c, rpm.c, apk.c, maven.c, ...), declared as a
 * `const struct version_scheme` and listed in the table in version.c.
 *
 *     const struct ecosystem *e = ecosystem_find("PyPI");
 *     int c;
 *     if (version_compare(e, "1.0rc1", 6, "1.0", 3, &c) < 0)
 *             ... err_msg() says which string is not a version and why ...
 *     // c < 0, == 0 or > 0
 *
 * Ecosystem names are OSV's, matched exactly as OSV spells them ("PyPI",
 * "crates.io", "Red Hat"); a release suffix after ':' ("Debian:12",
 * "Alpine:v3.19", "Ubuntu:22.04:LTS") selects the base ecosystem.
 * Nothing here allocates on the comparison path except where a scheme needs
 * to (none keep state between calls). Inputs are (ptr, len), not NUL-terminated;
 * versions longer than VERSION_MAX_LEN are refused (ERR_TOOBIG).
 */
#ifndef VOUCH_VERSION_H
#define VOUCH_VERSION_H

#include "util/compat.h"

#define VERSION_MAX_LEN 1024

struct version_scheme {
	const char *name; /* "semver", "pep440", "dpkg", ... */
	/*
	 * Compares a and b: *out < 0, 0 or > 0. Returns ERR_PARSE when either is
	 * not a version under this scheme (or is longer than VERSION_MAX_LEN);
	 * version_compare() turns that into a message naming the string and the
	 * ecosystem, so call through it.
	 */
	int (*compare)(const char *a, size_t alen, const char *b, size_t blen, int *out);
	/* 0 when s is a valid version, ERR_PARSE with a reason otherwise. */
	int (*validate)(const char *s, size_t len);
};

struct ecosystem {
	const char *name; /* as OSV spells it */
	const struct version_scheme *scheme;
	/* purl type for this ecosystem ("npm", "pypi", "golang", "cargo", "maven", "deb", ...) */
	const char *purl_type;
};

/* The ecosystem called name (exact OSV spelling, suffix after ':' ignored), or NULL. */
const struct ecosystem *ecosystem_find(const char *name);
/* The same for a (ptr, len) name. */
const struct ecosystem *ecosystem_findn(const char *name, size_t len);
/* All known ecosystems, for listing in usage errors; *n receives the count. */
const struct ecosystem *ecosystem_list(size_t *n);

/*
 * The OSV ecosystem of an operating system's packages from its os-release
 * ID, VERSION_ID and VERSION (for openEuler's "22.03 (LTS-SP3)"), qualified
 * by release as OSV names it: "Debian:12", "Alpine:v3.19", "Rocky Linux:9",
 * "Red Hat:9.4", "openSUSE:Leap 15.5", "SUSE:15 SP5", "openEuler:22.03-LTS-SP3",
 * "Azure Linux:3", "Wolfi". Unqualified without VERSION_ID; NULL (allocated
 * otherwise) for a distribution OSV has no ecosystem for.
 */
char *osv_distro_ecosystem(const char *id, const char *version_id, const char *version);

/*
 * Whether an advisory's affected entry of ecosystem entry applies to a
 * package of ecosystem pkg, by release: "Ubuntu:22.04:LTS" to "Ubuntu:22.04",
 * "Red Hat:enterprise_linux:9::appstream" to "Red Hat:9.4" (and
 * "Red Hat:rhel_eus:9.2::baseos" only to 9.2), every "SUSE:... 15 SP5[-LTSS]"
 * product and module to "SUSE:15 SP5". True when either names no release.
 */
bool osv_release_applies(const char *entry, const char *pkg);

/*
 * Compares a and b in e's order: *out is -1, 0 or 1. On a string that is not
 * a version of e: ERR_PARSE (ERR_TOOBIG past VERSION_MAX_LEN) with the message
 * "'S' is not a(n) ECOSYSTEM version: REASON"; *out is then untouched.
 */
int version_compare(const struct ecosystem *e, const char *a, size_t alen, const char *b,
                    size_t blen, int *out);
/* 0 when s is a version of e; otherwise as version_compare(). */
int version_validate(const struct ecosystem *e, const char *s, size_t len);

#endif
