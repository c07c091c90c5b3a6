#include "util/compat.h"
#include "harness.h"
#include "core/match/scan.h"
#include "util/err.h"

static void check_purl(const char *purl, const char *eco, const char *name, const char *ver,
                       int line)
{
	char *e = NULL, *n = NULL, *v = NULL;

	if (scan_purl_package(&e, &n, &v, purl) < 0)
		harness_fail(__FILE__, line, "'%s' refused: %s", purl, err_msg());
	if (strcmp(e, eco) || strcmp(n, name) || strcmp(v ? v : "", ver ? ver : ""))
		harness_fail(__FILE__, line, "'%s' gave (%s, %s, %s)", purl, e, n, v ? v : "-");
	free(e);
	free(n);
	free(v);
}

#define PURL(p, e, n, v) check_purl((p), (e), (n), (v), __LINE__)

static void test_purls_to_osv(void)
{
	PURL("pkg:npm/%40babel/core@7.0.0", "npm", "@babel/core", "7.0.0");
	PURL("pkg:npm/left-pad@1.0.0", "npm", "left-pad", "1.0.0");
	PURL("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1", "Maven",
	     "org.apache.logging.log4j:log4j-core", "2.14.1");
	PURL("pkg:golang/golang.org/x/net@v0.1.0", "Go", "golang.org/x/net", "v0.1.0");
	PURL("pkg:pypi/django@4.2", "PyPI", "django", "4.2");
	PURL("pkg:cargo/smallvec@1.6.0", "crates.io", "smallvec", "1.6.0");
	PURL("pkg:composer/symfony/http-kernel@6.0.0", "Packagist", "symfony/http-kernel", "6.0.0");
	PURL("pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12&upstream=openssl",
	     "Debian:12", "openssl", "3.0.11-1~deb12u2");
	PURL("pkg:deb/ubuntu/curl@7.81.0-1ubuntu1.15?distro=ubuntu-22.04", "Ubuntu:22.04", "curl",
	     "7.81.0-1ubuntu1.15");
	PURL("pkg:apk/alpine/busybox@1.36.1-r5?distro=alpine-3.19.1", "Alpine:v3.19", "busybox",
	     "1.36.1-r5");
	PURL("pkg:gem/rails", "RubyGems", "rails", NULL);
}

static void test_unsupported_type(void)
{
	char *e, *n, *v;

	CHECK_INT(scan_purl_package(&e, &n, &v, "pkg:generic/thing@1"), ERR_UNSUPPORTED);
	CHECK(strstr(err_msg(), "generic"));
	CHECK(scan_purl_package(&e, &n, &v, "not a purl") < 0);
}

RUN_TESTS("scan", T(test_purls_to_osv), T(test_unsupported_type))
