/*
 * test_inv_pub.c: the Dart/Flutter pubspec.lock extractor.
 */
#include "util/compat.h"
#include "harness.h"
#include "invcheck.h"

/* Expectations written from the fixtures in lockfiles/dart-pubspec. */
static const struct ic_fixture fixtures[] = {
	{ "empty.lock", 0, false }, /* pub reads an empty file as an empty lock */
	{ "mixed-packages.lock", 4, false },  { "no-packages.lock", 0, false },
	{ "not-yaml.txt", 0, true }, /* a YAML scalar, not a mapping */
	{ "one-package-dev.lock", 1, false }, { "one-package.lock", 1, false },
	{ "source-git.lock", 5, false },      { "source-path.lock", 1, false },
	{ "source-sdk.lock", 1, false },      { "two-packages.lock", 2, false },
};

static void test_corpus(void)
{
	CHECK_INT(ic_check_folder("pub-lock", "dart-pubspec", fixtures, ARRAY_SIZE(fixtures)), 10);
}

static void test_mixed_exact(void)
{
	struct inventory inv = INVENTORY_INIT;
	struct pkg *p;

	ic_read_corpus(&inv, "pub-lock", "dart-pubspec/mixed-packages.lock");
	CHECK_PURLS(&inv, "pkg:pub/back_button_interceptor@6.0.1\n"
	                  "pkg:pub/build_runner@2.2.1\n"
	                  "pkg:pub/shelf@1.3.2\n"
	                  "pkg:pub/shelf_web_socket@1.0.2\n");
	CHECK_INT(IC_PKG(&inv, "pkg:pub/back_button_interceptor@6.0.1")->flags, PKG_DIRECT);
	p = IC_PKG(&inv, "pkg:pub/build_runner@2.2.1");
	CHECK_INT(p->flags, PKG_DIRECT | PKG_DEV);
	CHECK_INT(p->locs[0].line, 11);
	CHECK_STR(p->ecosystem, "Pub");
	CHECK_INT(IC_PKG(&inv, "pkg:pub/shelf@1.3.2")->flags, PKG_TRANSITIVE);
	/* pub.dartlang.org is the default registry: no qualifier */
	CHECK_INT(p->nqualifiers, 0);
	inventory_release(&inv);
}

static void test_sources(void)
{
	struct inventory inv = INVENTORY_INIT;
	struct pkg *p;

	ic_read_corpus(&inv, "pub-lock", "dart-pubspec/source-git.lock");
	CHECK_PURLS(&inv, "pkg:pub/flutter_rust_bridge@1.32.0\n"
	                  "pkg:pub/screen_retriever@0.1.2\n"
	                  "pkg:pub/toggle_switch@1.4.0\n"
	                  "pkg:pub/tray_manager@0.1.8\n"
	                  "pkg:pub/window_manager@0.2.7\n");
	p = IC_PKG(&inv, "pkg:pub/screen_retriever@0.1.2");
	CHECK(p->ecosystem == NULL);
	CHECK_INT(p->flags, PKG_TRANSITIVE);
	CHECK_STR(ic_prop(p, "vouch:git-commit"), "406b9b038b2c1d779f1e7bf609c8c248be247372");
	CHECK_STR(ic_prop(p, "vouch:git-url"),
	          "https://github.com/Kingtous/rustdesk_screen_retriever.git");
	CHECK_STR(IC_PKG(&inv, "pkg:pub/toggle_switch@1.4.0")->ecosystem, "Pub");
	inventory_release(&inv);

	ic_read_corpus(&inv, "pub-lock", "dart-pubspec/source-path.lock");
	CHECK_PURLS(&inv, "pkg:pub/maa_core@0.0.1\n");
	CHECK_INT(inv.pkgs[0]->flags, PKG_DIRECT | PKG_LOCAL);
	CHECK_STR(ic_prop(inv.pkgs[0], "vouch:path"), "..");
	inventory_release(&inv);

	ic_read_corpus(&inv, "pub-lock", "dart-pubspec/source-sdk.lock");
	CHECK_PURLS(&inv, "pkg:pub/flutter_web_plugins@0.0.0\n");
	CHECK(inv.pkgs[0]->ecosystem == NULL);
	CHECK_STR(ic_prop(inv.pkgs[0], "vouch:pub-source"), "sdk");
	inventory_release(&inv);
}

static void test_hashes_and_errors(void)
{
	struct inventory inv = INVENTORY_INIT;
	struct pkg *p;

	ic_read(&inv, "pub-lock", "pubspec.lock",
	        "packages:\n"
	        "  async:\n"
	        "    dependency: transitive\n"
	        "    description:\n"
	        "      name: async\n"
	        "      sha256: "
	        "\"947bfcf187f74dbc5e146c9eb9c0f10c9f8b30743e341481c1e2ed3ecc18c20c\"\n"
	        "      url: \"https://pub.dev\"\n"
	        "    source: hosted\n"
	        "    version: \"2.11.0\"\n"
	        "  private:\n"
	        "    dependency: \"direct main\"\n"
	        "    description: {name: private, url: \"https://pub.example.com\", sha256: xyz}\n"
	        "    source: hosted\n"
	        "    version: \"1.0.0\"\n"
	        "  broken:\n"
	        "    dependency: transitive\n"
	        "sdks:\n"
	        "  dart: \">=3.0.0 <4.0.0\"\n");
	CHECK_PURLS(&inv, "pkg:pub/async@2.11.0\n"
	                  "pkg:pub/private@1.0.0?repository_url=https:%2F%2Fpub.example.com\n");
	p = IC_PKG(&inv, "pkg:pub/async@2.11.0");
	CHECK_STR(ic_hash(p, "SHA-256"),
	          "947bfcf187f74dbc5e146c9eb9c0f10c9f8b30743e341481c1e2ed3ecc18c20c");
	CHECK_INT(ic_diags(&inv, INV_ERROR, "sha256 of 'private'"), 1);
	CHECK_INT(ic_diag_line(&inv, "without a name or a version"), 15);
	CHECK_INT(inv.nerrors, 2);
	inventory_release(&inv);

	ic_read(&inv, "pub-lock", "pubspec.lock", "packages:\n  a: [unclosed\n");
	CHECK_INT(inv.nerrors, 1);
	CHECK(ic_diags(&inv, INV_ERROR, "not valid YAML") == 1);
	inventory_release(&inv);

	ic_read(&inv, "pub-lock", "pubspec.lock", "packages: &x\n  a: *x\n");
	CHECK_INT(ic_diags(&inv, INV_ERROR, "aliases"), 1);
	inventory_release(&inv);
}

RUN_TESTS("inv_pub", T(test_corpus), T(test_mixed_exact), T(test_sources),
          T(test_hashes_and_errors))
