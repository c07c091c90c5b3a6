#include "util/compat.h"
#include "harness.h"
#include "util/err.h"
#include "core/inventory/inventory.h"
#include "core/inventory/npm/npm.h"
#include "util/buf.h"

static struct inventory inv;

static void read_as(const char *kind, const char *text)
{
	inventory_release(&inv);
	CHECK_OK(inventory_read_as(&inv, extractor_find(kind), "f", "f", text, strlen(text), NULL));
	inventory_sort(&inv);
}

static const struct pkg *find(const char *purl)
{
	for (size_t i = 0; i < inv.npkgs; i++)
		if (!strcmp(inv.pkgs[i]->purl, purl))
			return inv.pkgs[i];
	return NULL;
}

static void test_json_lines(void)
{
	const char *t = "{\n \"a\": {\n  \"b\": 1},\n \"x\": \"b\",\n \"b\" : 2\n}";
	struct json_lines jl = { t, strlen(t), 0, 1 };

	CHECK_INT(json_lines_key(&jl, "a"), 2);
	CHECK_INT(json_lines_key(&jl, "b"), 3);
	/* a string value "b" is not a key; the next key "b" is on line 5 */
	CHECK_INT(json_lines_key(&jl, "b"), 5);
	CHECK_INT(json_lines_key(&jl, "zz"), 0);
}

static void test_jsonc(void)
{
	struct buf b = BUF_INIT;
	const char *in = "{\"a\": [1, 2,], // c\n \"s\": \"x,]//\", /* k */}";

	CHECK_OK(npm_jsonc_to_json(&b, in, strlen(in)));
	CHECK_INT(b.len, strlen(in));
	CHECK_STR(b.ptr, "{\"a\": [1, 2 ],     \n \"s\": \"x,]//\"         }");
	buf_release(&b);
}

static void test_package_lock_v3_lookup_and_links(void)
{
	read_as("npm-package-lock",
	        "{\"name\":\"app\",\"version\":\"1.0.0\",\"lockfileVersion\":3,\"packages\":{"
	        "\"\":{\"name\":\"app\",\"dependencies\":{\"a\":\"1\",\"w\":\"*\"}},"
	        "\"node_modules/a\":{\"version\":\"1.0.0\",\"dependencies\":{\"b\":\"2\"}},"
	        "\"node_modules/a/node_modules/b\":{\"version\":\"2.0.0\"},"
	        "\"node_modules/b\":{\"version\":\"1.0.0\",\"dev\":true},"
	        "\"node_modules/w\":{\"resolved\":\"ws/w\",\"link\":true},"
	        "\"ws/w\":{\"name\":\"w\",\"version\":\"0.1.0\",\"dependencies\":{\"b\":\"1\"}}}}");
	CHECK_INT(inv.nerrors, 0);
	CHECK_INT(inv.npkgs, 5);
	CHECK(find("pkg:npm/a@1.0.0")->ndeps == 1);
	CHECK_STR(find("pkg:npm/a@1.0.0")->deps[0], "pkg:npm/b@2.0.0");
	CHECK(find("pkg:npm/b@1.0.0")->flags & PKG_DEV);
	CHECK(find("pkg:npm/w@0.1.0")->flags & PKG_LOCAL);
	CHECK(find("pkg:npm/w@0.1.0")->flags & PKG_DIRECT);
	CHECK_STR(find("pkg:npm/w@0.1.0")->deps[0], "pkg:npm/b@1.0.0");
	CHECK(find("pkg:npm/app@1.0.0")->flags & PKG_ROOT);
}

static void test_package_lock_errors_keep_the_rest(void)
{
	read_as("npm-package-lock", "{\"lockfileVersion\":2,\"packages\":{\n"
	                            "\"node_modules/a\": 7,\n"
	                            "\"node_modules/b\": {\"version\": \"1.0.0\"}}}");
	CHECK_INT(inv.nerrors, 1);
	CHECK_INT(inv.diags[0].line, 2);
	CHECK(find("pkg:npm/b@1.0.0") != NULL);
}

static void test_yarn_v1_edges(void)
{
	read_as("npm-yarn-lock", "# yarn lockfile v1\n\n"
	                         "a@^1.0.0, a@^1.1.0:\n  version \"1.2.0\"\n  dependencies:\n"
	                         "    b \"~2\"\n\n"
	                         "b@~2:\n  version \"2.0.1\"\n  integrity sha1-2jmj7l5rSw0yVb/"
	                         "vlWAYkK/YBwk=\n");
	CHECK_INT(inv.nerrors, 0);
	CHECK_STR(find("pkg:npm/a@1.2.0")->deps[0], "pkg:npm/b@2.0.1");
	CHECK_INT(find("pkg:npm/b@2.0.1")->locs[0].line, 8);
	CHECK_INT(find("pkg:npm/b@2.0.1")->nhashes, 1);
}

static void test_pnpm_v6_keys(void)
{
	read_as("npm-pnpm-lock",
	        "lockfileVersion: '6.0'\ndependencies:\n  a:\n    specifier: ^1\n"
	        "    version: 1.0.0(p@2.0.0)\npackages:\n"
	        "  /a@1.0.0(p@2.0.0):\n    resolution: {integrity: sha1-2jmj7l5rSw0yVb/"
	        "vlWAYkK/YBwk=}\n    dependencies:\n      p: 2.0.0\n"
	        "  /p@2.0.0:\n    dev: true\n");
	CHECK_INT(inv.nerrors, 0);
	CHECK(find("pkg:npm/a@1.0.0")->flags & PKG_DIRECT);
	CHECK_INT(find("pkg:npm/a@1.0.0")->locs[0].line, 7);
	CHECK_STR(find("pkg:npm/a@1.0.0")->deps[0], "pkg:npm/p@2.0.0");
	CHECK(find("pkg:npm/p@2.0.0")->flags & PKG_DEV);
}

static void test_long_versions_are_refused(void)
{
	char text[1024];

	snprintf(text, sizeof(text),
	         "{\"lockfileVersion\":3,\"packages\":{\"node_modules/a\":"
	         "{\"version\":\"%0300d\"}}}",
	         1);
	read_as("npm-package-lock", text);
	CHECK_INT(inv.nerrors, 1);
	CHECK(find("pkg:npm/a") != NULL);
}

static void test_sniffing(void)
{
	const struct extractor *lock = extractor_find("npm-package-lock");
	const struct extractor *bun = extractor_find("npm-bun-lock");

	CHECK(lock->sniff("{\"lockfileVersion\": 3, \"packages\": {}}", 37));
	CHECK(!bun->sniff("{\"lockfileVersion\": 3, \"packages\": {}}", 37));
	CHECK(bun->sniff("{\"lockfileVersion\": 1, \"workspaces\": {}, \"packages\": {}}", 55));
	CHECK(!lock->sniff("{\"lockfileVersion\": 1, \"workspaces\": {}, \"packages\": {}}", 55));
	CHECK(extractor_find("npm-package-json")
	              ->match("node_modules/@s/x/package.json", "package.json"));
	CHECK(!extractor_find("npm-package-json")
	               ->match("node_modules/x/lib/package.json", "package.json"));
	CHECK(!extractor_find("npm-package-json")->match("package.json", "package.json"));
	CHECK(!lock->match("node_modules/x/package-lock.json", "package-lock.json"));
	inventory_release(&inv);
}

RUN_TESTS("npm", T(test_json_lines), T(test_jsonc), T(test_package_lock_v3_lookup_and_links),
          T(test_package_lock_errors_keep_the_rest), T(test_yarn_v1_edges), T(test_pnpm_v6_keys),
          T(test_long_versions_are_refused), T(test_sniffing))
