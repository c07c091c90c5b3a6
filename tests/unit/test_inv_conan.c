/*
 * test_inv_conan.c: the conan.lock extractor (Conan 1 graph locks, Conan 2 lists).
 */
#include "util/compat.h"
#include "harness.h"
#include "invcheck.h"

/* Expectations written from the fixtures in lockfiles/cpp-conanlock. */
static const struct ic_fixture fixtures[] = {
	{ "empty.v1.json", 1, false }, /* the project alone */
	{ "empty.v1.revisions.json", 1, false },
	{ "empty.v2.json", 0, false },
	{ "nested-dependencies.v1.json", 6, false },
	{ "nested-dependencies.v1.revisions.json", 6, false },
	{ "nested-dependencies.v2.json", 5, false },
	{ "no-name.v1.json", 2, true }, /* the reference "1.2.3" has no name */
	{ "no-name.v1.revisions.json", 2, true },
	{ "no-name.v2.json", 1, true },
	{ "not-json.txt", 0, true },
	{ "null.v2.jsontest", 0, true },
	{ "old-format-0.0.json", 1, false },
	{ "old-format-0.1.json", 2, false },
	{ "old-format-0.2.json", 2, false },
	{ "old-format-0.3.json", 2, false },
	{ "one-package-dev.v1.json", 2, false },
	{ "one-package-dev.v1.revisions.json", 2, false },
	{ "one-package-dev.v2.json", 1, false },
	{ "one-package.v1.json", 2, false },
	{ "one-package.v1.revisions.json", 2, false },
	{ "one-package.v2.json", 1, false },
	{ "two-packages.v1.json", 3, false },
	{ "two-packages.v1.revisions.json", 3, false },
	{ "two-packages.v2.json", 2, false },
};

static void test_corpus(void)
{
	CHECK_INT(ic_check_folder("conan-lock", "cpp-conanlock", fixtures, ARRAY_SIZE(fixtures)),
	          24);
}

static void test_graph_lock_exact(void)
{
	struct inventory inv = INVENTORY_INIT;
	struct pkg *root, *ft;

	ic_read_corpus(&inv, "conan-lock", "cpp-conanlock/nested-dependencies.v1.json");
	CHECK_PURLS(&inv, "pkg:conan/brotli@1.0.9\n"
	                  "pkg:conan/bzip2@1.0.8\n"
	                  "pkg:conan/freetype@2.12.1\n"
	                  "pkg:conan/libpng@1.6.39\n"
	                  "pkg:conan/test@1.0\n"
	                  "pkg:conan/zlib@1.2.13\n");
	root = IC_PKG(&inv, "pkg:conan/test@1.0");
	CHECK_INT(root->flags, PKG_ROOT);
	CHECK(root->ecosystem == NULL);
	CHECK_INT(root->ndeps, 1);
	ft = IC_PKG(&inv, "pkg:conan/freetype@2.12.1");
	CHECK_INT(ft->flags, PKG_DIRECT);
	CHECK_STR(ft->ecosystem, "ConanCenter");
	CHECK_INT(ft->ndeps, 4);
	CHECK_INT(IC_PKG(&inv, "pkg:conan/zlib@1.2.13")->flags, PKG_TRANSITIVE);
	CHECK(ic_has_dep(IC_PKG(&inv, "pkg:conan/libpng@1.6.39"), "pkg:conan/zlib@1.2.13"));
	inventory_release(&inv);

	ic_read_corpus(&inv, "conan-lock", "cpp-conanlock/two-packages.v1.revisions.json");
	ft = IC_PKG(&inv, "pkg:conan/zlib@1.2.11?rrev=ffa77daf83a57094149707928bdce823");
	CHECK_INT(ft->flags, PKG_DIRECT);
	CHECK_INT(ft->locs[0].line, 14);
	CHECK_STR(ic_prop(ft, "vouch:conan-prev"), "a636df1594de20e55e1c393ffb1eb166");
	inventory_release(&inv);
}

static void test_build_requires_are_dev(void)
{
	struct inventory inv = INVENTORY_INIT;

	ic_read_corpus(&inv, "conan-lock", "cpp-conanlock/one-package-dev.v1.json");
	CHECK_INT(IC_PKG(&inv, "pkg:conan/ninja@1.11.1")->flags, PKG_DIRECT | PKG_DEV);
	inventory_release(&inv);

	ic_read_corpus(&inv, "conan-lock", "cpp-conanlock/one-package-dev.v2.json");
	CHECK_PURLS(&inv, "pkg:conan/ninja@1.11.1?rrev=a2f0b832705907016f336839f96963f8\n");
	CHECK_INT(inv.pkgs[0]->flags, PKG_DEV);
	CHECK_INT(inv.pkgs[0]->locs[0].line, 5);
	inventory_release(&inv);

	/* a tool's own requirements are build-time too; one also required at run time is not */
	ic_read(&inv, "conan-lock", "conan.lock",
	        "{\"graph_lock\": {\"nodes\": {\n"
	        " \"0\": {\"path\": \"conanfile.txt\", \"requires\": [\"1\"], "
	        "\"build_requires\": [\"2\"]},\n"
	        " \"1\": {\"ref\": \"openssl/3.0.0@acme/stable\", \"requires\": [\"3\"]},\n"
	        " \"2\": {\"ref\": \"cmake/3.25.0\", \"requires\": [\"3\", \"4\"]},\n"
	        " \"3\": {\"ref\": \"zlib/1.2.13\"},\n"
	        " \"4\": {\"ref\": \"ncurses/6.4\", \"context\": \"build\"}\n"
	        "}}, \"version\": \"0.4\"}\n");
	CHECK_PURLS(&inv, "pkg:conan/cmake@3.25.0\n"
	                  "pkg:conan/ncurses@6.4\n"
	                  "pkg:conan/openssl@3.0.0?channel=stable&user=acme\n"
	                  "pkg:conan/zlib@1.2.13\n");
	CHECK_INT(IC_PKG(&inv, "pkg:conan/cmake@3.25.0")->flags, PKG_DIRECT | PKG_DEV);
	CHECK_INT(IC_PKG(&inv, "pkg:conan/ncurses@6.4")->flags, PKG_TRANSITIVE | PKG_DEV);
	CHECK_INT(IC_PKG(&inv, "pkg:conan/zlib@1.2.13")->flags, PKG_TRANSITIVE);
	CHECK(IC_PKG(&inv, "pkg:conan/openssl@3.0.0?channel=stable&user=acme")->ecosystem == NULL);
	CHECK_INT(inv.nerrors, 0);
	inventory_release(&inv);
}

static void test_v2_exact(void)
{
	struct inventory inv = INVENTORY_INIT;

	ic_read_corpus(&inv, "conan-lock", "cpp-conanlock/two-packages.v2.json");
	CHECK_PURLS(&inv, "pkg:conan/bzip2@1.0.8?rrev=464be69744fa6d48ed01928cfe470008\n"
	                  "pkg:conan/zlib@1.2.11?rrev=ffa77daf83a57094149707928bdce823\n");
	CHECK_INT(inv.pkgs[0]->flags, 0);
	CHECK_INT(inv.pkgs[0]->locs[0].line, 5);
	CHECK_INT(inv.pkgs[1]->locs[0].line, 4);
	inventory_release(&inv);

	ic_read_corpus(&inv, "conan-lock", "cpp-conanlock/no-name.v2.json");
	CHECK_INT(ic_diag_line(&inv, "is not NAME/VERSION"), 5);
	inventory_release(&inv);
}

RUN_TESTS("inv_conan", T(test_corpus), T(test_graph_lock_exact), T(test_build_requires_are_dev),
          T(test_v2_exact))
