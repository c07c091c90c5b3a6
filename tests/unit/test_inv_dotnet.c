/*
 * test_inv_dotnet.c: the NuGet packages.lock.json, packages.config and
 * .deps.json extractors.
 */
#include "util/compat.h"
#include "harness.h"
#include "invcheck.h"

/* Expectations written from the fixtures. */
static const struct ic_fixture lock_fixtures[] = {
	{ "invalid/invalid", 0, true },
	{ "valid/packages.lock.json", 8, false },
};

static const struct ic_fixture config_fixtures[] = {
	{ "invalid", 0, true },
	{ "nopackage", 1, true }, /* a <package> without id */
	{ "noversion", 1, true }, /* a <package> without version */
	{ "valid", 2, false },
};

static const struct ic_fixture deps_fixtures[] = {
	{ "empty", 0, false }, /* "{}" */
	{ "invalid", 0, true },
	{ "nopackagename", 2, true }, /* a library key without /VERSION */
	{ "valid", 3, false },
};

static void test_corpus(void)
{
	CHECK_INT(ic_check_folder("nuget-packages-lock", "dotnet-packageslockjson", lock_fixtures,
	                          ARRAY_SIZE(lock_fixtures)),
	          2);
	CHECK_INT(ic_check_folder("nuget-packages-config", "dotnet-packagesconfig", config_fixtures,
	                          ARRAY_SIZE(config_fixtures)),
	          4);
	CHECK_INT(ic_check_folder("dotnet-deps-json", "dotnet-depsjson", deps_fixtures,
	                          ARRAY_SIZE(deps_fixtures)),
	          4);
}

static void test_packages_lock_exact(void)
{
	struct inventory inv = INVENTORY_INIT;
	struct pkg *core, *three;

	ic_read_corpus(&inv, "nuget-packages-lock",
	               "dotnet-packageslockjson/valid/packages.lock.json");
	CHECK_PURLS(&inv, "pkg:nuget/Another.Longer.Name.Dep@4.5.4\n"
	                  "pkg:nuget/Core.Dep@1.24.0\n"
	                  "pkg:nuget/Some.Dep.Five@4.7.2\n"
	                  "pkg:nuget/Some.Dep.Four@4.5.0\n"
	                  "pkg:nuget/Some.Dep.One@1.1.1\n"
	                  "pkg:nuget/Some.Dep.Three@1.0.2\n"
	                  "pkg:nuget/Some.Dep.Two@4.6.0\n"
	                  "pkg:nuget/Some.Longer.Name.Dep@4.7.2\n");
	core = IC_PKG(&inv, "pkg:nuget/Core.Dep@1.24.0");
	CHECK_INT(core->flags, PKG_DIRECT);
	CHECK_STR(core->ecosystem, "NuGet");
	CHECK_INT(core->locs[0].line, 5);
	CHECK_INT(core->ndeps, 7);
	/* contentHash "+/qI1j2o..." is base64 for fb fa 88 d6 3d a8 ... */
	CHECK(!strncmp(ic_hash(core, "SHA-512"), "fbfa88d63da85354", 16));
	CHECK_INT(strlen(ic_hash(core, "SHA-512")), 128);
	three = IC_PKG(&inv, "pkg:nuget/Some.Dep.Three@1.0.2");
	CHECK_INT(three->flags, PKG_TRANSITIVE);
	CHECK_INT(three->locs[0].line, 30);
	/* requests 4.6.0 of Some.Dep.Five; the target resolved 4.7.2 */
	CHECK(ic_has_dep(three, "pkg:nuget/Some.Dep.Five@4.7.2"));
	CHECK_STR(ic_prop(three, "vouch:nuget-target"), "net6.0");
	inventory_release(&inv);
}

static void test_packages_lock_forms(void)
{
	struct inventory inv = INVENTORY_INIT;
	struct pkg *p;

	ic_read(&inv, "nuget-packages-lock", "packages.lock.json",
	        "{\"version\": 2, \"dependencies\": {\n"
	        " \"net8.0\": {\n"
	        "  \"A\": {\"type\": \"Direct\", \"requested\": \"[1.0.0, )\", \"resolved\": "
	        "\"1.0.0\","
	        "   \"dependencies\": {\"b\": \"[2.0.0, )\"}},\n"
	        "  \"B\": {\"type\": \"CentralTransitive\", \"resolved\": \"2.0.0\"},\n"
	        "  \"mylib\": {\"type\": \"Project\", \"dependencies\": {\"A\": \"[1.0.0, )\"}}\n"
	        " },\n"
	        " \"net8.0/linux-x64\": {\n"
	        "  \"A\": {\"type\": \"Direct\", \"resolved\": \"1.0.0\", \"contentHash\": "
	        "\"!!\"}\n"
	        " }}}\n");
	CHECK_PURLS(&inv, "pkg:nuget/A@1.0.0\npkg:nuget/B@2.0.0\npkg:nuget/mylib\n");
	p = IC_PKG(&inv, "pkg:nuget/A@1.0.0");
	CHECK_INT(p->nlocs, 2); /* one per target */
	CHECK_INT(p->locs[0].line, 3);
	CHECK_INT(p->locs[1].line, 8);
	CHECK(ic_has_dep(p, "pkg:nuget/B@2.0.0")); /* names compare without case */
	CHECK_INT(IC_PKG(&inv, "pkg:nuget/B@2.0.0")->flags, PKG_TRANSITIVE);
	p = IC_PKG(&inv, "pkg:nuget/mylib");
	CHECK_INT(p->flags, PKG_LOCAL);
	CHECK(p->ecosystem == NULL);
	CHECK(ic_has_dep(p, "pkg:nuget/A@1.0.0"));
	CHECK_INT(ic_diags(&inv, INV_ERROR, "contentHash of 'A' is not a base64 SHA-512"), 1);
	CHECK_INT(ic_diag_line(&inv, "contentHash"), 8);
	inventory_release(&inv);

	ic_read(&inv, "nuget-packages-lock", "packages.lock.json", "{\"dependencies\": {}}");
	CHECK_INT(ic_diags(&inv, INV_ERROR, "not a NuGet packages.lock.json"), 1);
	inventory_release(&inv);
}

static void test_packages_config_exact(void)
{
	struct inventory inv = INVENTORY_INIT;
	struct pkg *p;

	ic_read_corpus(&inv, "nuget-packages-config", "dotnet-packagesconfig/valid");
	CHECK_PURLS(&inv, "pkg:nuget/Microsoft.CodeDom.Providers.DotNetCompilerPlatform@1.0.0\n"
	                  "pkg:nuget/Microsoft.Net.Compilers@1.0.0\n");
	p = IC_PKG(&inv, "pkg:nuget/Microsoft.Net.Compilers@1.0.0");
	CHECK_INT(p->flags, PKG_DEV);
	CHECK_INT(p->locs[0].line, 4);
	CHECK_STR(ic_prop(p, "vouch:nuget-target"), "net46");
	CHECK_INT(IC_PKG(&inv, "pkg:nuget/Microsoft.CodeDom.Providers.DotNetCompilerPlatform@1.0.0")
	                  ->flags,
	          0);
	inventory_release(&inv);

	ic_read_corpus(&inv, "nuget-packages-config", "dotnet-packagesconfig/noversion");
	CHECK_INT(ic_diag_line(&inv, "without a version"), 4);
	inventory_release(&inv);
}

static void test_deps_json_exact(void)
{
	struct inventory inv = INVENTORY_INIT;
	struct pkg *root, *p;

	ic_read_corpus(&inv, "dotnet-deps-json", "dotnet-depsjson/valid");
	CHECK_PURLS(&inv, "pkg:nuget/AWSSDK.Core@3.7.10.6\n"
	                  "pkg:nuget/Microsoft.Extensions.DependencyInjection@6.0.0\n"
	                  "pkg:nuget/TestLibrary@1.0.0\n");
	root = IC_PKG(&inv, "pkg:nuget/TestLibrary@1.0.0");
	CHECK_INT(root->flags, PKG_ROOT);
	CHECK(root->ecosystem == NULL);
	/* only the dependencies that are libraries of this file */
	CHECK_INT(root->ndeps, 1);
	CHECK(ic_has_dep(root, "pkg:nuget/Microsoft.Extensions.DependencyInjection@6.0.0"));
	p = IC_PKG(&inv, "pkg:nuget/AWSSDK.Core@3.7.10.6");
	CHECK_INT(p->locs[0].line, 50);
	CHECK_STR(ic_hash(p, "SHA-512"),
	          "907041f909a8b15686e83a6781743c3a52d554d33396d3484dfb11afaf19f74a8eedd4aa27610735"
	          "df1db41535bb701040baaa147398d257e66e97b1787e8f7b");
	inventory_release(&inv);
}

/* The project named like the file is the application; other projects are references. */
static void test_deps_json_root_by_name(void)
{
	const char *dir = harness_tmpdir();
	struct inventory inv = INVENTORY_INIT;

	ic_write(
	        dir, "bin/Web.deps.json",
	        "{\"runtimeTarget\": {\"name\": \"n\"}, \"targets\": {\"n\": {\n"
	        " \"Web/1.0.0\": {\"dependencies\": {\"Lib\": \"2.0.0\"}},\n"
	        " \"Lib/2.0.0\": {}}},\n"
	        " \"libraries\": {\n"
	        "  \"Lib/2.0.0\": {\"type\": \"project\"},\n"
	        "  \"Web/1.0.0\": {\"type\": \"project\"},\n"
	        "  \"System.Runtime/4.0.0\": {\"type\": \"reference\"},\n"
	        "  \"Microsoft.NETCore.App.Runtime.linux-x64/8.0.1\": {\"type\": \"runtimepack\"}\n"
	        " }}\n");
	CHECK_OK(inventory_scan(&inv, dir, NULL));
	inventory_sort(&inv);
	CHECK_PURLS(&inv, "pkg:nuget/Lib@2.0.0\n"
	                  "pkg:nuget/Microsoft.NETCore.App.Runtime.linux-x64@8.0.1\n"
	                  "pkg:nuget/Web@1.0.0\n");
	CHECK_INT(IC_PKG(&inv, "pkg:nuget/Web@1.0.0")->flags, PKG_ROOT);
	CHECK_INT(IC_PKG(&inv, "pkg:nuget/Lib@2.0.0")->flags, PKG_LOCAL);
	CHECK(ic_has_dep(IC_PKG(&inv, "pkg:nuget/Web@1.0.0"), "pkg:nuget/Lib@2.0.0"));
	CHECK_STR(ic_prop(IC_PKG(&inv, "pkg:nuget/Microsoft.NETCore.App.Runtime.linux-x64@8.0.1"),
	                  "vouch:dotnet-library-type"),
	          "runtimepack");
	inventory_release(&inv);
}

static void test_dotnet_names(void)
{
	const char *dir = harness_tmpdir();
	struct inventory inv = INVENTORY_INIT;

	ic_write(dir, "a/packages.lock.json",
	         "{\"version\": 1, \"dependencies\": {\"net6.0\": {\"X\": {\"type\": \"Direct\", "
	         "\"resolved\": \"1.0.0\"}}}}");
	ic_write(dir, "b/packages.config",
	         "<packages><package id=\"Y\" version=\"2.0.0\"/></packages>");
	ic_write(dir, "c/packages.Proj.config",
	         "<packages><package id=\"Z\" version=\"3.0.0\"/></packages>");
	ic_write(dir, "d/app.config", "<configuration/>");
	CHECK_OK(inventory_scan(&inv, dir, NULL));
	inventory_sort(&inv);
	CHECK_PURLS(&inv, "pkg:nuget/X@1.0.0\npkg:nuget/Y@2.0.0\npkg:nuget/Z@3.0.0\n");
	CHECK_INT(inv.nerrors, 0);
	inventory_release(&inv);
}

RUN_TESTS("inv_dotnet", T(test_corpus), T(test_packages_lock_exact), T(test_packages_lock_forms),
          T(test_packages_config_exact), T(test_deps_json_exact), T(test_deps_json_root_by_name),
          T(test_dotnet_names))
