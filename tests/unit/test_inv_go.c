/*
 * The Go extractors on the shared corpus (golang-gomod, golang-vendormodules).
 */
#include "util/compat.h"
#include "harness.h"
#include "inv_helper.h"
#include "core/inventory/go/golang.h"
#include "util/fs.h"

static void test_gomod_corpus(void)
{
	struct inventory inv = INVENTORY_INIT;
	size_t n = read_corpus_folder(&inv, "golang-gomod", ".mod", "go-mod");

	CHECK_INT(n, 15);
	CHECK_INT(inv.nfiles, 15);
	/* not-go-mod.mod (unknown directive) and indirect-1.23.sum (not go.sum lines) */
	CHECK_INT(count_partial(&inv), 2);
	CHECK(file_partial(&inv, "/not-go-mod.mod"));
	CHECK(file_partial(&inv, "/indirect-1.23.mod"));
	CHECK_INT(count_diags(&inv, INV_ERROR, "unknown directive 'this'"), 1);
	CHECK_INT(count_diags(&inv, INV_ERROR, "not a go.sum line"), 1);
	inventory_release(&inv);
}

static void test_gomod_indirect_116_with_sum(void)
{
	const char *corpus = need_corpus();
	struct inventory inv = INVENTORY_INIT;
	struct buf path = BUF_INIT;
	const struct pkg *p;

	buf_addf(&path, "%s/lockfiles/golang-gomod/indirect-1.16.mod", corpus);
	scan_path(&inv, path.ptr, "go-mod");
	/* go 1.16: the rest of the build list comes from the .sum file's zip lines */
	CHECK_DESCRIBE(
	        &inv,
	        "pkg:golang/github.com/davecgh/go-spew@v1.1.1 transitive 2\n"
	        "pkg:golang/github.com/pmezard/go-difflib@v1.0.0 transitive 4\n"
	        "pkg:golang/github.com/sirupsen/logrus@v1.9.3 direct 5\n"
	        "pkg:golang/github.com/stretchr/testify@v1.7.0 transitive 9\n"
	        "pkg:golang/golang.org/x/sys@v0.0.0-20220715151400-c0bba94af5f8 transitive 11\n"
	        "pkg:golang/gopkg.in/yaml.v3@v3.0.0-20200313102051-9f266ea9e77c transitive 14\n"
	        "pkg:golang/stdlib@1.16 direct 3\n"
	        "pkg:golang/test root 1\n"
	        "dep pkg:golang/test -> pkg:golang/github.com/sirupsen/logrus@v1.9.3\n"
	        "dep pkg:golang/test -> pkg:golang/stdlib@1.16\n");
	p = find_pkg(&inv, "pkg:golang/github.com/sirupsen/logrus@v1.9.3");
	CHECK_STR(pkg_prop(p, "vouch:go-sum-h1"),
	          "h1:dueUQJ1C2q9oE3F7wvmSGAaVtTmUizReu6fjN8uqzbQ=");
	CHECK_STR(p->namespace, "github.com/sirupsen");
	CHECK_STR(p->name, "logrus");
	p = find_pkg(&inv, "pkg:golang/github.com/stretchr/testify@v1.7.0");
	CHECK(strstr(p->locs[0].path, "indirect-1.16.sum") != NULL);
	CHECK_STR(pkg_prop(p, "vouch:found-in"), "go.sum");
	CHECK_STR(pkg_prop(find_pkg(&inv, "pkg:golang/stdlib@1.16"), "vouch:go-version-source"),
	          "go directive (minimum version)");
	CHECK_INT(inv.nerrors, 0);
	buf_release(&path);
	inventory_release(&inv);
}

static void test_gomod_indirect_packages(void)
{
	struct inventory inv = INVENTORY_INIT;

	read_fixture(&inv, "go-mod", "golang-gomod/indirect-packages.mod");
	CHECK_DESCRIBE(
	        &inv,
	        "pkg:golang/github.com/BurntSushi/toml@v1.0.0 direct 6\n"
	        "pkg:golang/github.com/mattn/go-colorable@v0.1.9 transitive 11\n"
	        "pkg:golang/github.com/mattn/go-isatty@v0.0.14 transitive 12\n"
	        "pkg:golang/golang.org/x/sys@v0.0.0-20210630005230-0f9fa26af87c transitive 13\n"
	        "pkg:golang/gopkg.in/yaml.v2@v2.4.0 direct 7\n"
	        "pkg:golang/my-library root 1\n"
	        "pkg:golang/stdlib@1.17 direct 3\n"
	        "dep pkg:golang/my-library -> pkg:golang/github.com/BurntSushi/toml@v1.0.0\n"
	        "dep pkg:golang/my-library -> pkg:golang/gopkg.in/yaml.v2@v2.4.0\n"
	        "dep pkg:golang/my-library -> pkg:golang/stdlib@1.17\n");
	inventory_release(&inv);
}

static void test_gomod_replace(void)
{
	struct inventory inv = INVENTORY_INIT;
	const struct pkg *p;

	read_fixture(&inv, "go-mod", "golang-gomod/replace-different.mod");
	read_fixture(&inv, "go-mod", "golang-gomod/replace-local.mod");
	read_fixture(&inv, "go-mod", "golang-gomod/replace-mixed.mod");
	read_fixture(&inv, "go-mod", "golang-gomod/replace-not-required.mod");
	CHECK_DESCRIBE(&inv, "pkg:golang/example.com/fork/foe@v1.4.2 direct 3\n"
	                     "pkg:golang/example.com/fork/foe@v1.4.5 direct 2\n"
	                     "pkg:golang/example.com/fork/net@v1.4.5 direct 2\n"
	                     "pkg:golang/github.com/BurntSushi/toml@v1.0.0 direct 3\n"
	                     "pkg:golang/golang.org/x/net direct,local 2\n"
	                     "pkg:golang/golang.org/x/net@v0.5.6 direct 3\n");
	p = find_pkg(&inv, "pkg:golang/example.com/fork/foe@v1.4.2");
	CHECK_STR(pkg_prop(p, "vouch:replaces"), "golang.org/x/net@v0.5.6");
	p = find_pkg(&inv, "pkg:golang/golang.org/x/net");
	CHECK_STR(pkg_prop(p, "vouch:replace-path"), "./fork/net");
	CHECK_INT(count_diags(&inv, INV_NOTE, "applies to no requirement"), 1);
	CHECK_INT(inv.nerrors, 0);
	inventory_release(&inv);
}

static void test_gomod_replace_all_versions(void)
{
	struct inventory inv = INVENTORY_INIT;
	const struct pkg *p;

	/* "replace x => y v" applies to both required versions: one package, two lines */
	read_fixture(&inv, "go-mod", "golang-gomod/replace-no-version.mod");
	CHECK_DESCRIBE(&inv, "pkg:golang/example.com/fork/net@v1.4.5 direct 2\n");
	p = inv.pkgs[0];
	CHECK_INT(p->nlocs, 2);
	CHECK_INT(p->nprops, 2);
	inventory_release(&inv);
}

static void test_gomod_toolchain(void)
{
	struct inventory inv = INVENTORY_INIT;
	const struct pkg *p;

	read_fixture(&inv, "go-mod", "golang-gomod/toolchain-with-suffix.mod");
	p = find_pkg(&inv, "pkg:golang/stdlib@1.23.6");
	CHECK(p != NULL);
	CHECK_STR(pkg_prop(p, "vouch:go-toolchain"), "go1.23.6-xyz");
	CHECK_INT(p->locs[0].line, 5);
	inventory_release(&inv);
}

static void test_gomod_syntax(void)
{
	struct inventory inv = INVENTORY_INIT;
	const struct pkg *p;
	const char *text = "// comment\nmodule \"example.com/m\"\n\ngo 1.22\n"
	                   "require (\n\texample.com/a v1.2.3 // indirect; why\n"
	                   "\texample.com/b/v2 v2.0.0+incompatible\n"
	                   "\texample.com/c/v3 v1.0.0\n"
	                   "\texample.com/d notaversion\n)\n"
	                   "exclude example.com/a v1.2.3\n"
	                   "retract v0.1.0\nfrobnicate x\nrequire (\n";

	CHECK_OK(inventory_read_as(&inv, extractor_find("go-mod"), "go.mod", "go.mod", text,
	                           strlen(text), NULL));
	CHECK_DESCRIBE(&inv, "pkg:golang/example.com/b/v2@v2.0.0%2Bincompatible direct 7\n"
	                     "pkg:golang/example.com/c/v3@v1.0.0 direct 8\n"
	                     "pkg:golang/example.com/m root 2\n"
	                     "pkg:golang/stdlib@1.22 direct 4\n"
	                     "dep pkg:golang/example.com/m -> "
	                     "pkg:golang/example.com/b/v2@v2.0.0%2Bincompatible\n"
	                     "dep pkg:golang/example.com/m -> pkg:golang/example.com/c/v3@v1.0.0\n"
	                     "dep pkg:golang/example.com/m -> pkg:golang/stdlib@1.22\n");
	p = find_pkg(&inv, "pkg:golang/example.com/b/v2@v2.0.0%2Bincompatible");
	CHECK_STR(p->version, "v2.0.0+incompatible");
	/* c/v3 at v1, a bad version, an unknown directive, an unclosed block */
	CHECK_INT(inv.nerrors, 4);
	CHECK_INT(count_diags(&inv, INV_NOTE, "excluded"), 1);
	inventory_release(&inv);
}

static void test_gomod_sniff(void)
{
	const struct extractor *e = extractor_find("go-mod");

	CHECK(e->sniff("module x\n", 9));
	CHECK(e->sniff("\n// c\nrequire (\n", 16));
	CHECK(!e->sniff("this is not a go.mod file!\n", 27));
	CHECK(go_valid_version("v0.0.0-20220715151400-c0bba94af5f8", 34));
	CHECK(!go_valid_version("1.2.3", 5));
	CHECK(!go_valid_version("v1.2", 4));
	CHECK(go_major_ok("a/b/v2", 6, "v2.1.0", 6));
	CHECK(!go_major_ok("a/b/v2", 6, "v1.1.0", 6));
	CHECK(go_major_ok("gopkg.in/yaml.v2", 16, "v2.4.0", 6));
}

static void test_vendor_corpus(void)
{
	struct inventory inv = INVENTORY_INIT;
	size_t n = 0;

	n += read_corpus_folder(&inv, "golang-vendormodules/empty/vendor", NULL,
	                        "go-vendor-modules");
	n += read_corpus_folder(&inv, "golang-vendormodules/invalid/vendor", NULL,
	                        "go-vendor-modules");
	n += read_corpus_folder(&inv, "golang-vendormodules/valid/vendor", NULL,
	                        "go-vendor-modules");
	CHECK_INT(n, 3);
	CHECK_INT(inv.nfiles, 3);
	CHECK_INT(count_partial(&inv), 1);
	CHECK(file_partial(&inv, "invalid/vendor/modules.txt"));
	inventory_release(&inv);
}

static void test_vendor_valid(void)
{
	struct inventory inv = INVENTORY_INIT;
	const struct pkg *p;

	read_fixture(&inv, "go-vendor-modules", "golang-vendormodules/valid/vendor/modules.txt");
	/* modules with vendored packages; headeronly has none; "# malformed" is ignored as go does */
	CHECK_DESCRIBE(&inv,
	               "pkg:golang/example.com/afterheaderonly@v0.3.0 - 26\n"
	               "pkg:golang/example.com/fork/net@v1.4.5 - 7\n"
	               "pkg:golang/example.com/local local 10\n"
	               "pkg:golang/example.com/transitive@v0.2.0 - 18\n"
	               "pkg:golang/example.com/wildcard-fork@v0.2.0 - 29\n"
	               "pkg:golang/github.com/BurntSushi/toml@v1.2.1 - 1\n"
	               "pkg:golang/github.com/example/incompatible@v2.0.0%2Bincompatible - 15\n"
	               "pkg:golang/golang.org/x/crypto@v0.31.0 - 4\n");
	p = find_pkg(&inv, "pkg:golang/github.com/BurntSushi/toml@v1.2.1");
	CHECK_INT(p->nlocs, 2); /* listed twice in the file */
	CHECK_STR(pkg_prop(find_pkg(&inv, "pkg:golang/example.com/fork/net@v1.4.5"),
	                   "vouch:replaces"),
	          "golang.org/x/net@v0.5.6");
	CHECK_INT(inv.nerrors, 0);
	CHECK_INT(count_diags(&inv, INV_NOTE, "headeronly"), 1);
	inventory_release(&inv);
}

static void test_vendor_in_tree(void)
{
	const char *dir = harness_tmpdir();
	struct inventory inv = INVENTORY_INIT;
	struct buf path = BUF_INIT;
	static const char mod[] =
	        "module example.com/app\n\ngo 1.21\n\nrequire example.com/x v1.0.0\n";
	static const char sum[] =
	        "example.com/x v1.0.0 h1:AAAA=\nexample.com/x v1.0.0/go.mod h1:BBBB=\n";
	static const char txt[] = "# example.com/x v1.0.0\n## explicit; go 1.21\nexample.com/x\n";

	buf_addf(&path, "%s/app/vendor", dir);
	CHECK_OK(fs_mkdirs(path.ptr, 0755));
	buf_adds(&path, "/modules.txt");
	CHECK_OK(fs_write_atomic(path.ptr, txt, strlen(txt), 0644, 0));
	buf_reset(&path);
	buf_addf(&path, "%s/app/go.mod", dir);
	CHECK_OK(fs_write_atomic(path.ptr, mod, strlen(mod), 0644, 0));
	buf_reset(&path);
	buf_addf(&path, "%s/app/go.sum", dir);
	CHECK_OK(fs_write_atomic(path.ptr, sum, strlen(sum), 0644, 0));
	scan_path(&inv, dir, NULL);
	/* go.mod and vendor/modules.txt name the same module: one package, two locations */
	CHECK_DESCRIBE(&inv, "pkg:golang/example.com/app root 1\n"
	                     "pkg:golang/example.com/x@v1.0.0 direct 5\n"
	                     "pkg:golang/stdlib@1.21 direct 3\n"
	                     "dep pkg:golang/example.com/app -> pkg:golang/example.com/x@v1.0.0\n"
	                     "dep pkg:golang/example.com/app -> pkg:golang/stdlib@1.21\n");
	CHECK_INT(find_pkg(&inv, "pkg:golang/example.com/x@v1.0.0")->nlocs, 2);
	CHECK_STR(pkg_prop(find_pkg(&inv, "pkg:golang/example.com/x@v1.0.0"), "vouch:go-sum-h1"),
	          "h1:AAAA=");
	CHECK_INT(inv.nfiles, 2);
	CHECK_INT(inv.nerrors, 0);
	buf_release(&path);
	inventory_release(&inv);
}

/* more packages than the inventory's first index size, one root with many edges */
static void test_gomod_many_requirements(void)
{
	struct inventory inv = INVENTORY_INIT;
	struct buf b = BUF_INIT;
	const size_t n = 20000;

	buf_adds(&b, "module example.com/big\n\ngo 1.21\n\nrequire (\n");
	for (size_t i = 0; i < n; i++)
		buf_addf(&b, "\texample.com/m%zu v1.0.%zu\n", i, i);
	/* the same module twice: one package, one edge */
	buf_adds(&b, "\texample.com/m0 v1.0.0\n)\n");
	CHECK_OK(inventory_read_as(&inv, extractor_find("go-mod"), "go.mod", "go.mod", b.ptr, b.len,
	                           NULL));
	inventory_sort(&inv);
	CHECK_INT(inv.npkgs, n + 2); /* and the root and stdlib */
	CHECK_INT(find_pkg(&inv, "pkg:golang/example.com/big")->ndeps, n + 1);
	CHECK_INT(find_pkg(&inv, "pkg:golang/example.com/m0@v1.0.0")->nlocs, 2);
	CHECK_INT(inv.nerrors, 0);
	buf_release(&b);
	inventory_release(&inv);
}

RUN_TESTS("inv_go", T(test_gomod_corpus), T(test_gomod_indirect_116_with_sum),
          T(test_gomod_indirect_packages), T(test_gomod_replace),
          T(test_gomod_replace_all_versions), T(test_gomod_toolchain), T(test_gomod_syntax),
          T(test_gomod_sniff), T(test_vendor_corpus), T(test_vendor_valid), T(test_vendor_in_tree),
          T(test_gomod_many_requirements))
