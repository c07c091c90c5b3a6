#include "util/compat.h"
#include "harness.h"
#include "core/formats/purl.h"
#include "util/err.h"

static void check_build(const char *type, const char *ns, const char *name, const char *ver,
                        const struct purl_qualifier *q, size_t nq, const char *want)
{
	struct buf b = BUF_INIT;

	CHECK_OK(purl_build(&b, type, ns, name, ver, q, nq, NULL));
	CHECK_STR(b.ptr, want);
	buf_release(&b);
}

/* Examples from the purl specification's type definitions. */
static void test_build_spec_examples(void)
{
	struct purl_qualifier deb[] = { { (char *)"distro", (char *)"jessie" },
		                        { (char *)"arch", (char *)"i386" } };
	struct purl_qualifier mvn[] = { { (char *)"packaging", (char *)"sources" } };

	check_build("npm", "@angular", "animation", "12.3.1", NULL, 0,
	            "pkg:npm/%40angular/animation@12.3.1");
	check_build("npm", NULL, "foobar", "12.3.1", NULL, 0, "pkg:npm/foobar@12.3.1");
	check_build("pypi", NULL, "Django_package", "1.11.1.dev1", NULL, 0,
	            "pkg:pypi/django-package@1.11.1.dev1");
	check_build("deb", "debian", "curl", "7.50.3-1", deb, 2,
	            "pkg:deb/debian/curl@7.50.3-1?arch=i386&distro=jessie");
	check_build("maven", "org.apache.xmlgraphics", "batik-anim", "1.9.1", mvn, 1,
	            "pkg:maven/org.apache.xmlgraphics/batik-anim@1.9.1?packaging=sources");
	check_build("golang", "github.com/gorilla", "context", "234fd47e07d1004f0aed9c", NULL, 0,
	            "pkg:golang/github.com/gorilla/context@234fd47e07d1004f0aed9c");
	check_build("cargo", NULL, "rand", "0.7.2", NULL, 0, "pkg:cargo/rand@0.7.2");
	check_build("gem", NULL, "ruby-advisory-db-check", "0.12.4", NULL, 0,
	            "pkg:gem/ruby-advisory-db-check@0.12.4");
}

static void test_build_encodes(void)
{
	check_build("deb", "debian", "libc6", "2.36-9+deb12u4", NULL, 0,
	            "pkg:deb/debian/libc6@2.36-9%2Bdeb12u4");
	check_build("deb", "debian", "dpkg", "1:1.21.22", NULL, 0, "pkg:deb/debian/dpkg@1:1.21.22");
	check_build("generic", NULL, "a b", "1 0", NULL, 0, "pkg:generic/a%20b@1%200");
	check_build("golang", "github.com/Azure", "go-autorest", "v1.0.0+incompatible", NULL, 0,
	            "pkg:golang/github.com/Azure/go-autorest@v1.0.0%2Bincompatible");
}

static void test_parse_round_trip(void)
{
	static const char *const purls[] = {
		"pkg:npm/%40angular/animation@12.3.1",
		"pkg:deb/debian/curl@7.50.3-1?arch=i386&distro=jessie",
		"pkg:maven/org.apache.xmlgraphics/batik-anim@1.9.1?packaging=sources",
		"pkg:golang/github.com/gorilla/context@234fd47e07d1004f0aed9c",
		"pkg:deb/debian/libc6@2.36-9%2Bdeb12u4",
		"pkg:github/package-url/purl-spec@244fd47e07d1004#everybody/loves/dogs",
	};

	for (size_t i = 0; i < ARRAY_SIZE(purls); i++) {
		struct purl p = PURL_INIT;
		struct buf b = BUF_INIT;

		CHECK_OK(purl_parse(&p, purls[i], strlen(purls[i])));
		CHECK_OK(purl_build(&b, p.type, p.namespace, p.name, p.version, p.qualifiers,
		                    p.nqualifiers, p.subpath));
		CHECK_STR(b.ptr, purls[i]);
		purl_release(&p);
		buf_release(&b);
	}
}

static void test_parse_parts(void)
{
	const char *s = "pkg:npm/@babel/core@7.0.0?Foo=a%20b";
	struct purl p = PURL_INIT;

	CHECK_OK(purl_parse(&p, s, strlen(s)));
	CHECK_STR(p.type, "npm");
	CHECK_STR(p.namespace, "@babel");
	CHECK_STR(p.name, "core");
	CHECK_STR(p.version, "7.0.0");
	CHECK_STR(purl_qualifier(&p, "foo"), "a b");
	purl_release(&p);

	s = "pkg:golang/golang.org/x/net@v0.1.0";
	CHECK_OK(purl_parse(&p, s, strlen(s)));
	CHECK_STR(p.namespace, "golang.org/x");
	CHECK_STR(p.name, "net");
	purl_release(&p);
}

static void test_parse_rejects(void)
{
	static const char *const bad[] = { "npm/foo@1",    "pkg:npm",       "pkg:/foo",
		                           "pkg:npm/",     "pkg:npm/foo%2", "pkg:npm/foo?x",
		                           "pkg:n!pm/foo", "pkg:npm/foo%00" };
	struct purl p = PURL_INIT;

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		if (purl_parse(&p, bad[i], strlen(bad[i])) == 0)
			harness_fail(__FILE__, __LINE__, "accepted '%s'", bad[i]);
		CHECK(strstr(err_msg(), "purl") != NULL);
	}
}

/* GitHub Actions: purl-spec's githubactions examples, and the OSV name OWNER/REPO. */
static void test_githubactions(void)
{
	static const struct {
		const char *purl, *name;
	} cases[] = {
		{ "pkg:githubactions/actions/checkout@v5", "actions/checkout" },
		{ "pkg:githubactions/myorg/actions-repo%2Fmyaction@main", "myorg/actions-repo" },
		{ "pkg:github/actions/checkout@v4", "actions/checkout" },
	};

	check_build("githubactions", "MyOrg", "actions-repo/myaction", "main", NULL, 0,
	            "pkg:githubactions/myorg/actions-repo%2Fmyaction@main");
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		struct purl p = PURL_INIT;
		char *eco = NULL, *name = NULL;

		CHECK_OK(purl_parse(&p, cases[i].purl, strlen(cases[i].purl)));
		CHECK_OK(purl_osv_package(&eco, &name, &p));
		CHECK_STR(eco, "GitHub Actions");
		CHECK_STR(name, cases[i].name);
		free(eco);
		free(name);
		purl_release(&p);
	}
}

RUN_TESTS("purl", T(test_build_spec_examples), T(test_build_encodes), T(test_parse_round_trip),
          T(test_parse_parts), T(test_parse_rejects), T(test_githubactions))
