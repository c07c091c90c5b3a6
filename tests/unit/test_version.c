/*
 * test_version.c: the version comparators' edge cases.
 *
 * Every expectation comes from a specification's own example or was checked
 * against the real tool on a Debian 12 machine, as noted per table:
 * SemVer 2.0.0 section 11; PEP 440 and python3-packaging 23.0; dpkg 1.21
 * (`dpkg --compare-versions`); rpm's documented '~' and '^' rules; the Maven
 * ComparableVersion documentation; NuGet's and RubyGems' documentation.
 */
#include "util/compat.h"
#include "harness.h"
#include "core/version/version.h"
#include "util/err.h"

struct vcase {
	const char *eco, *a, *op, *b;
};

static int cmp_of(const char *eco, const char *a, const char *b)
{
	const struct ecosystem *e = ecosystem_find(eco);
	int c = 99;

	if (!e)
		harness_fail(__FILE__, __LINE__, "unknown ecosystem %s", eco);
	if (version_compare(e, a, strlen(a), b, strlen(b), &c) < 0)
		harness_fail(__FILE__, __LINE__, "%s: %s vs %s: %s", eco, a, b, err_msg());
	return c;
}

static void run_cases(const struct vcase *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		int want = v[i].op[0] == '<' ? -1 : v[i].op[0] == '>' ? 1 : 0;
		int got = cmp_of(v[i].eco, v[i].a, v[i].b), back = cmp_of(v[i].eco, v[i].b, v[i].a);
		if (got != want || back != -want)
			harness_fail(__FILE__, __LINE__, "%s: %s %s %s, got %d (reverse %d)",
			             v[i].eco, v[i].a, v[i].op, v[i].b, got, back);
	}
}

static void test_semver(void)
{
	/* SemVer 2.0.0 section 11's example chain, build metadata ignored
	 * (section 10), numbers past 64 bits compared exactly */
	static const struct vcase v[] = {
		{ "npm", "1.0.0-alpha", "<", "1.0.0-alpha.1" },
		{ "npm", "1.0.0-alpha.1", "<", "1.0.0-alpha.beta" },
		{ "npm", "1.0.0-alpha.beta", "<", "1.0.0-beta" },
		{ "npm", "1.0.0-beta", "<", "1.0.0-beta.2" },
		{ "npm", "1.0.0-beta.2", "<", "1.0.0-beta.11" },
		{ "npm", "1.0.0-beta.11", "<", "1.0.0-rc.1" },
		{ "npm", "1.0.0-rc.1", "<", "1.0.0" },
		{ "npm", "1.9.0", "<", "1.10.0" },
		{ "npm", "1.0.0+20130313144700", "=", "1.0.0+exp.sha.5114f85" },
		{ "crates.io", "18446744073709551616.0.0", ">", "18446744073709551615.0.0" },
		{ "crates.io", "1.0.0-A", "<", "1.0.0-a" }, /* ASCII order */
		{ "Hex", "1.0.0-1-a", ">", "1.0.0-1" },     /* hyphen makes it alphanumeric */
		{ "npm", "v1.2.3", "=", "1.2.3" },
	};
	run_cases(v, ARRAY_SIZE(v));
}

static void test_go(void)
{
	/* golang.org/x/mod/semver: shorthand, pseudo-versions, +incompatible */
	static const struct vcase v[] = {
		{ "Go", "v1", "=", "v1.0.0" },
		{ "Go", "v1.2", "=", "1.2.0" },
		{ "Go", "v0.0.0-20191109021931-daa7c04131f5", "<", "v0.0.1" },
		{ "Go", "v1.2.4-0.20191109021931-daa7c04131f5", ">", "v1.2.3" },
		{ "Go", "v1.2.4-0.20191109021931-daa7c04131f5", "<", "v1.2.4" },
		{ "Go", "v2.0.0+incompatible", "=", "v2.0.0" },
	};
	static const char *const bad[] = { "v1.2-pre", "v01.0.0", "1.0.0-01", "v1.0.0.0" };
	const struct ecosystem *e = ecosystem_find("Go");

	run_cases(v, ARRAY_SIZE(v));
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		CHECK_INT(version_validate(e, bad[i], strlen(bad[i])), ERR_PARSE);
}

static void test_pep440(void)
{
	/* PEP 440's "summary of permitted suffixes and relative ordering"
	 * example, and normalisation rules; all checked with packaging 23.0 */
	static const struct vcase v[] = {
		{ "PyPI", "1.0.dev456", "<", "1.0a1" },
		{ "PyPI", "1.0a1", "<", "1.0a2.dev456" },
		{ "PyPI", "1.0a2.dev456", "<", "1.0a12.dev456" },
		{ "PyPI", "1.0a12", "<", "1.0b1.dev456" },
		{ "PyPI", "1.0b2.post345.dev456", "<", "1.0b2.post345" },
		{ "PyPI", "1.0rc1.dev456", "<", "1.0rc1" },
		{ "PyPI", "1.0", "<", "1.0+abc.5" },
		{ "PyPI", "1.0+abc.7", "<", "1.0+5" },
		{ "PyPI", "1.0+5", "<", "1.0.post456.dev34" },
		{ "PyPI", "1.0.post456.dev34", "<", "1.0.post456" },
		{ "PyPI", "1.1.dev1", ">", "1.0.post456" },
		{ "PyPI", "1.0", "=", "1.0.0.0" },
		{ "PyPI", "1.0-1", "=", "1.0.post1" },
		{ "PyPI", "1.0alpha1", "=", "1.0a1" },
		{ "PyPI", "1.0c1", "=", "1.0rc1" },
		{ "PyPI", "1.0-preview_2", "=", "1.0rc2" },
		{ "PyPI", "v1.0", "=", "1.0" },
		{ "PyPI", "1!0.1", ">", "2.0" },
		{ "PyPI", "1.0+ubuntu-1", "=", "1.0+ubuntu.1" },
		{ "PyPI", "1.0a-1", "=", "1.0a1" },
		{ "PyPI", "1.0.0100000000000000000000", ">", "1.0.99999999999999999999" },
		/* legacy (LegacyVersion up to packaging 21.3): before all PEP 440 */
		{ "PyPI", "0.9-ivysaur", "<", "0.1" },
		{ "PyPI", "1.0-bulbasaur", "<", "1.0-charmander" },
	};
	run_cases(v, ARRAY_SIZE(v));
}

static void test_dpkg(void)
{
	/* each checked with dpkg --compare-versions (dpkg 1.21) */
	static const struct vcase v[] = {
		{ "Debian", "1.0~rc1", "<", "1.0" },
		{ "Debian", "1.0~~", "<", "1.0~" },
		{ "Debian", "1.0", "<", "1.0a" },
		{ "Debian", "1.0a", "<", "1.0+" }, /* letters before non-letters */
		{ "Debian", "1:0.1", ">", "9.9" },
		{ "Debian", "0:1.0", "=", "1.0" },
		{ "Debian", "1.0", "=", "1.0-0" },
		{ "Debian", "1.0-1", "<", "1.0-1+deb12u1" },
		{ "Debian", "1.0-1~bpo1", "<", "1.0-1" },
		{ "Debian", "1.001", "=", "1.1" },
		{ "Debian:12", "1.2-3-4", ">", "1.2-3" },
		{ "Ubuntu", "99999999999999999999999", "<", "100000000000000000000000" },
	};
	static const char *const bad[] = { "a1.0",  "1.0-",         ":1.0",  "x:1.0",
		                           "1.0 2", "2147483648:1", "1.0_1", "1.0-1_2" };
	const struct ecosystem *e = ecosystem_find("Debian");

	run_cases(v, ARRAY_SIZE(v));
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		CHECK_INT(version_validate(e, bad[i], strlen(bad[i])), ERR_PARSE);
}

static void test_opam(void)
{
	/* opam's OpamVersionCompare: dpkg's comparison of the part before the
	 * last '-', then of the part after it; no epoch, any first character */
	static const struct vcase v[] = {
		{ "opam", "1.0~rc1", "<", "1.0" },
		{ "opam", "~x", ">", "~x~y" },      /* the end sorts after '~' */
		{ "opam", "v1.0", ">", "1.0" },     /* letters after digits */
		{ "opam", "1.0-beta", ">", "1.0" }, /* "beta" is the revision */
		{ "opam", "1.0", "=", "1.0-0" },
		{ "opam", "1.0", "=", "1.00" },
		{ "opam", "4.14.1+options", ">", "4.14.1" },
		{ "opam", "0.9_1", ">", "0.9" },
		{ "opam", "1.0-1", "<", "1.0-a" },
	};
	static const char *const bad[] = { "", "1:1.0", "1.0 2", "1.0/2", "1.0\n" };
	const struct ecosystem *e = ecosystem_find("opam");

	CHECK(e != NULL);
	run_cases(v, ARRAY_SIZE(v));
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		CHECK_INT(version_validate(e, bad[i], strlen(bad[i])), ERR_PARSE);
}

static void test_rpm(void)
{
	/* rpm's version comparison rules (rpm.org "RPM version comparison"):
	 * '~' before everything, '^' after the end but before anything else */
	static const struct vcase v[] = {
		{ "Red Hat", "1.0~rc1", "<", "1.0" },
		{ "Red Hat", "1.0^", ">", "1.0" },
		{ "Red Hat", "1.0^git1", "<", "1.0.1" },
		{ "Red Hat", "1.0^git1", ">", "1.0" },
		{ "Red Hat", "1.0a", "<", "1.0.1" },
		{ "Red Hat", "1.0", "=", "1_0" }, /* separators only split */
		{ "Rocky Linux", "1:1.0-1", ">", "2.0-1" },
		{ "AlmaLinux", "0:1.0-1.el8", "=", "1.0-1.el8" },
		{ "openSUSE", "1.0-1", ">", "1.0" },
		{ "SUSE", "10", ">", "9a" },
	};
	run_cases(v, ARRAY_SIZE(v));
}

static void test_apk(void)
{
	/* apk-tools' suffix order and revision handling */
	static const struct vcase v[] = {
		{ "Alpine", "1.0_alpha1", "<", "1.0_beta1" },
		{ "Alpine", "1.0_beta1", "<", "1.0_pre1" },
		{ "Alpine", "1.0_pre1", "<", "1.0_rc1" },
		{ "Alpine", "1.0_rc1", "<", "1.0" },
		{ "Alpine", "1.0", "<", "1.0_cvs1" },
		{ "Alpine", "1.0_cvs1", "<", "1.0_svn1" },
		{ "Alpine", "1.0_git1", "<", "1.0_hg1" },
		{ "Alpine", "1.0_hg1", "<", "1.0_p1" },
		{ "Alpine", "1.0-r1", "<", "1.0-r2" },
		{ "Alpine", "1.0a", ">", "1.0" },
		{ "Alpine:v3.19", "1.0-r10", ">", "1.0-r9" },
		{ "Wolfi", "2.2.39-r1", ">", "1.0.4-r3" },
		/* strings apk-tools 2 reads in full keep its order, even where
		 * apk-tools 3 refuses a digit after a letter (it says "=") */
		{ "Alpine", "6.6.2p1", "<", "6.6.2p2" },
		{ "Alpine", "a", "<", "b" },
		{ "Alpine", "1-r", "=", "1-r0" },
		/* rule 1: a malformed rest is older than anything but a pre-release
		 * suffix (apk-tools 3; apk-tools 2 made it the newest) */
		{ "Alpine", "1.2.0A", "<", "1.2.0d" },
		{ "Alpine", "1-r-0", "<", "1-r0" },
		{ "Alpine", "1", ">", "1-ruff" },
		{ "Alpine", "1A", ">", "1_rc1" },
		{ "Alpine", "1-r2", ">", "1-r-1" },
		/* rule 2: a '.' with no digits after it is older than any other
		 * token, equal to another such (apk-tools 3 refuses it) */
		{ "Alpine", "0.r1", "<", "0r2" },
		{ "Alpine", "0.8.21.r2", "<", "0.8.21r2" },
		{ "Alpine", "0.8.21.r2", ">", "0.8.21.r1" },
		{ "Alpine", "0..8", ">", "0...8" },
		{ "Alpine", "1..5", "<", "1.0" },
		{ "Alpine", "1.", "<", "1" },
		{ "Alpine", "1.", ">", "1A" },
		/* rule 3: "-r" then a letter is a malformed rest, not an empty
		 * revision, while "-r-" still is one */
		{ "Alpine", "1-ruff2", "=", "1--ruff1" },
		{ "Alpine", "1-r0-ruff2", "=", "1-r0-ruff1" },
		{ "Alpine", "1-r-2", "=", "1-r0-1" },
	};
	run_cases(v, ARRAY_SIZE(v));
}

static void test_maven(void)
{
	/* ComparableVersion's documented qualifier order and null rules */
	static const struct vcase v[] = {
		{ "Maven", "1-alpha", "<", "1-beta" },
		{ "Maven", "1-beta", "<", "1-milestone" },
		{ "Maven", "1-milestone", "<", "1-rc" },
		{ "Maven", "1-rc", "<", "1-snapshot" },
		{ "Maven", "1-snapshot", "<", "1" },
		{ "Maven", "1", "<", "1-sp" },
		{ "Maven", "1-sp", "<", "1-foo" },
		{ "Maven", "1", "=", "1.0.0" },
		{ "Maven", "1.ga", "=", "1-final" },
		{ "Maven", "1a1", "=", "1-alpha-1" },
		{ "Maven", "1cr", "=", "1rc" },
		{ "Maven", "1.0.RELEASE", "=", "1.0" },
		{ "Maven", "1-1", ">", "1" },
		{ "Maven", "12345678901234567890", "<", "12345678901234567891" },
		/* MNG-7644 (Maven 3.8.7, 3.9): .X reads as -X before a digit or at the end */
		{ "Maven", "1.0.0.RC1", "<", "1.0.0-RC2" },
		{ "Maven", "1.0.0.RC1", "=", "1.0.0-RC1" },
		{ "Maven", "9.0.0.M1", "=", "9.0.0-M1" },
		{ "Maven", "9.0.0.M1", "<", "9.0.0-M2" },
		{ "Maven", "1.0.0.a1", "<", "1.0.0-a2" },
		{ "Maven", "2.0.abc", "=", "2-abc" },
		{ "Maven", "2.0.0.abc", "=", "2.0.abc" },
		{ "Maven", "2.9.0.RC1", "<", "2.9.0-1" },
		/* MNG-6964: a sub-list against nothing looks past its first item */
		{ "Maven", "1-0.1", ">", "1" },
	};
	run_cases(v, ARRAY_SIZE(v));
}

static void test_others(void)
{
	static const struct vcase v[] = {
		/* RubyGems: prereleases (a letter) sort before the release */
		{ "RubyGems", "1.0.a", "<", "1.0" },
		{ "RubyGems", "1.0.b1", ">", "1.0.a2" },
		{ "RubyGems", "1.0", "=", "1" },
		{ "RubyGems", "1.0-1", "=", "1.0.pre.1" },
		/* NuGet: four parts, case-insensitive labels */
		{ "NuGet", "1.0.0.1", ">", "1.0.0" },
		{ "NuGet", "1.0.0-BETA", "=", "1.0.0-beta" },
		{ "NuGet", "1.0.0-alpha", "<", "1.0.0-beta" },
		/* Packagist */
		{ "Packagist", "1.0-dev", "<", "1.0alpha1" },
		{ "Packagist", "1.0RC1", "<", "1.0" },
		{ "Packagist", "1.0", "<", "1.0pl1" },
		{ "Packagist", "v1.0.0", "=", "1.0.0" },
		/* Pub: builds ordered after the release */
		{ "Pub", "1.0.0", "<", "1.0.0+1" },
		{ "Pub", "1.0.0-dev", "<", "1.0.0" },
		/* Hackage, CRAN: lists of numbers */
		{ "Hackage", "1.0", "<", "1.0.0" },
		{ "GHC", "9.4.7", ">", "9.4" },
		{ "CRAN", "1.0-10", ">", "1.0-9" },
		{ "CRAN", "0.01", "=", "0.1" },
	};
	run_cases(v, ARRAY_SIZE(v));
}

static void test_ecosystem_find(void)
{
	const struct ecosystem *e;
	size_t n;

	CHECK((e = ecosystem_find("Debian:12")) && !strcmp(e->name, "Debian"));
	CHECK((e = ecosystem_find("Ubuntu:22.04:LTS")) && !strcmp(e->name, "Ubuntu"));
	CHECK((e = ecosystem_find("Alpine:v3.19")) && !strcmp(e->purl_type, "apk"));
	CHECK((e = ecosystem_find("Red Hat")) && !strcmp(e->purl_type, "rpm"));
	CHECK((e = ecosystem_find("crates.io")) && !strcmp(e->purl_type, "cargo"));
	CHECK((e = ecosystem_find("Go")) && !strcmp(e->purl_type, "golang"));
	CHECK((e = ecosystem_find("PyPI")) && !strcmp(e->purl_type, "pypi"));
	CHECK(!ecosystem_find("pypi")); /* OSV spelling, exactly */
	CHECK(!ecosystem_find("Debia"));
	CHECK(!ecosystem_find(""));
	CHECK(!ecosystem_find(NULL));
	CHECK(ecosystem_list(&n) && n >= 16);
}

static void test_errors(void)
{
	const struct ecosystem *e = ecosystem_find("PyPI");
	char big[VERSION_MAX_LEN + 2];
	int c;

	CHECK_INT(version_validate(e, "1 0", 3), ERR_PARSE);
	CHECK(strstr(err_msg(), "'1 0' is not a PyPI version: "));
	CHECK_INT(version_compare(ecosystem_find("npm"), "1.0.0", 5, "1..0", 4, &c), ERR_PARSE);
	CHECK(strstr(err_msg(), "'1..0' is not an npm version: empty numeric component"));
	memset(big, '1', sizeof(big));
	CHECK_INT(version_validate(e, big, sizeof(big)), ERR_TOOBIG);
	CHECK_INT(version_validate(e, big, VERSION_MAX_LEN), 0);
	CHECK_INT(version_validate(e, "", 0), ERR_PARSE);
	CHECK_INT(version_validate(ecosystem_find("Maven"), "1\n2", 3), ERR_PARSE);
	CHECK_INT(version_validate(ecosystem_find("Hackage"), "01.0", 4), ERR_PARSE);
	CHECK_INT(version_validate(ecosystem_find("CRAN"), "1", 1), ERR_PARSE);
	/* found by fuzz_version_dpkg: a NUL byte slipped through strchr() */
	CHECK_INT(version_validate(ecosystem_find("Debian"), "2\0002", 3), ERR_PARSE);
	CHECK_INT(version_validate(ecosystem_find("Debian"), "2-1\0", 4), ERR_PARSE);
}

RUN_TESTS("version", T(test_semver), T(test_go), T(test_pep440), T(test_dpkg), T(test_opam),
          T(test_rpm), T(test_apk), T(test_maven), T(test_others), T(test_ecosystem_find),
          T(test_errors))
