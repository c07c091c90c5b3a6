/*
 * test_inv_renv.c: the renv.lock extractor (R).
 */
#include "util/compat.h"
#include "harness.h"
#include "invcheck.h"

/* Expectations written from the fixtures in lockfiles/r-renvlock. */
static const struct ic_fixture fixtures[] = {
	{ "empty.lock", 0, false }, /* "{}" */
	{ "not-json.txt", 0, true },
	{ "one-package.lock", 1, false },
	{ "two-packages.lock", 2, false },
	{ "with-bioconductor.lock", 2, false },
	{ "with-mixed-sources.lock", 2, false },
	{ "without-repository.lock", 1, false },
};

static void test_corpus(void)
{
	CHECK_INT(ic_check_folder("renv-lock", "r-renvlock", fixtures, ARRAY_SIZE(fixtures)), 7);
}

static void test_mixed_sources_exact(void)
{
	struct inventory inv = INVENTORY_INIT;
	struct pkg *p;

	ic_read_corpus(&inv, "renv-lock", "r-renvlock/with-mixed-sources.lock");
	CHECK_PURLS(&inv, "pkg:cran/markdown@1.0\npkg:cran/mime@0.12.1\n");
	p = IC_PKG(&inv, "pkg:cran/markdown@1.0");
	CHECK_STR(p->ecosystem, "CRAN");
	CHECK_INT(p->locs[0].line, 12);
	/* renv's Hash covers DESCRIPTION fields, not files: a property, not a hash */
	CHECK_INT(p->nhashes, 0);
	CHECK_STR(ic_prop(p, "vouch:renv-hash"), "4584a57f565dd7987d59dda3a02cfb41");
	p = IC_PKG(&inv, "pkg:cran/mime@0.12.1");
	CHECK(p->ecosystem == NULL); /* from GitHub */
	CHECK_STR(ic_prop(p, "vouch:git-commit"), "1763e0dcb72fb58d97bab97bb834fc71f1e012bc");
	CHECK_STR(ic_prop(p, "vouch:git-url"), "https://github.com/yihui/mime");
	CHECK_INT(p->ndeps, 0); /* "tools" is a base package, not in the lock */
	inventory_release(&inv);
}

static void test_sources_and_edges(void)
{
	struct inventory inv = INVENTORY_INIT;

	ic_read_corpus(&inv, "renv-lock", "r-renvlock/with-bioconductor.lock");
	CHECK_STR(IC_PKG(&inv, "pkg:cran/BSgenome@1.60.0")->ecosystem, "Bioconductor");
	CHECK_STR(IC_PKG(&inv, "pkg:cran/BH@1.75.0-0")->ecosystem, "CRAN");
	inventory_release(&inv);

	ic_read_corpus(&inv, "renv-lock", "r-renvlock/without-repository.lock");
	CHECK(inv.pkgs[0]->ecosystem == NULL);
	CHECK_INT(ic_diags(&inv, INV_NOTE, "1 package records no Source"), 1);
	inventory_release(&inv);

	ic_read(&inv, "renv-lock", "renv.lock",
	        "{\"R\": {\"Version\": \"4.3.0\"}, \"Packages\": {\n"
	        " \"a\": {\"Package\": \"a\", \"Version\": \"1\", \"Source\": \"Repository\",\n"
	        "        \"Repository\": \"RSPM\", \"Requirements\": [\"b\", \"R\", \"stats\"]},\n"
	        " \"b\": {\"Package\": \"b\", \"Version\": \"2\", \"Source\": \"Local\"},\n"
	        " \"c\": {\"Package\": \"c\"}\n"
	        "}}\n");
	CHECK_PURLS(&inv, "pkg:cran/a@1\npkg:cran/b@2\n");
	CHECK(ic_has_dep(IC_PKG(&inv, "pkg:cran/a@1"), "pkg:cran/b@2"));
	CHECK_STR(IC_PKG(&inv, "pkg:cran/a@1")->ecosystem, "CRAN");
	CHECK_INT(IC_PKG(&inv, "pkg:cran/b@2")->flags, PKG_LOCAL);
	CHECK_INT(ic_diag_line(&inv, "package 'c' has no Version"), 5);
	inventory_release(&inv);
}

RUN_TESTS("inv_renv", T(test_corpus), T(test_mixed_sources_exact), T(test_sources_and_edges))
