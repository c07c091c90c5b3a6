/*
 * The Python TOML lockfile extractors on the shared corpus:
 * python-poetrylock, python-uvlock, python-pdmlock, python-pylock.
 */
#include "util/compat.h"
#include "harness.h"
#include "inv_helper.h"

static void test_poetry_corpus(void)
{
	struct inventory inv = INVENTORY_INIT;
	size_t n = read_corpus_folder(&inv, "python-poetrylock", NULL, "pypi-poetry-lock");

	CHECK_INT(n, 10);
	CHECK_INT(inv.nfiles, 10);
	CHECK_INT(count_partial(&inv), 1);
	CHECK(file_partial(&inv, "/not-toml.txt"));
	inventory_release(&inv);
}

static void test_poetry_v2(void)
{
	struct inventory inv = INVENTORY_INIT;
	const struct pkg *p;

	read_fixture(&inv, "pypi-poetry-lock", "python-poetrylock/multiple-packages.v2.lock");
	/* groups without "main" are dev; optional = true is optional */
	CHECK_DESCRIBE(&inv, "pkg:pypi/async-timeout@5.0.1 optional 4\n"
	                     "pkg:pypi/factory-boy@3.3.1 dev 17\n"
	                     "pkg:pypi/faker@33.3.0 dev 36\n"
	                     "pkg:pypi/proto-plus@1.22.0 - 52\n"
	                     "pkg:pypi/proto-plus@1.23.0 - 71\n"
	                     "pkg:pypi/protobuf@4.25.5 - 90\n"
	                     "pkg:pypi/python-dateutil@2.9.0.post0 dev 111\n"
	                     "pkg:pypi/redis@5.2.1 optional 126\n"
	                     "pkg:pypi/six@1.17.0 - 146\n"
	                     "pkg:pypi/typing-extensions@4.12.2 dev 158\n"
	                     "pkg:pypi/urllib3@2.3.0 dev 170\n"
	                     "dep pkg:pypi/factory-boy@3.3.1 -> pkg:pypi/faker@33.3.0\n"
	                     "dep pkg:pypi/faker@33.3.0 -> pkg:pypi/python-dateutil@2.9.0.post0\n"
	                     "dep pkg:pypi/faker@33.3.0 -> pkg:pypi/typing-extensions@4.12.2\n"
	                     "dep pkg:pypi/proto-plus@1.22.0 -> pkg:pypi/protobuf@4.25.5\n"
	                     "dep pkg:pypi/proto-plus@1.23.0 -> pkg:pypi/protobuf@4.25.5\n"
	                     "dep pkg:pypi/python-dateutil@2.9.0.post0 -> pkg:pypi/six@1.17.0\n"
	                     "dep pkg:pypi/redis@5.2.1 -> pkg:pypi/async-timeout@5.0.1\n");
	p = find_pkg(&inv, "pkg:pypi/async-timeout@5.0.1");
	CHECK_INT(p->nhashes, 2);
	CHECK_STR(p->hashes[0].hex,
	          "39e3809566ff85354557ec2398b55e096c8364bacac9405a7a1fa429e77fe76c");
	CHECK_INT(inv.nerrors, 0);
	inventory_release(&inv);
}

static void test_poetry_v1_sources(void)
{
	struct inventory inv = INVENTORY_INIT;

	read_fixture(&inv, "pypi-poetry-lock", "python-poetrylock/one-package-with-metadata.lock");
	read_fixture(&inv, "pypi-poetry-lock", "python-poetrylock/source-git.lock");
	read_fixture(&inv, "pypi-poetry-lock", "python-poetrylock/optional-package.lock");
	CHECK_DESCRIBE(&inv, "pkg:pypi/emoji@2.0.0 - 2\n"
	                     "pkg:pypi/ike@0.2.0 - 2\n"
	                     "pkg:pypi/numpy@1.23.3 optional 2\n");
	/* 1.x: the hash is in [metadata.files] */
	CHECK_INT(find_pkg(&inv, "pkg:pypi/emoji@2.0.0")->nhashes, 1);
	CHECK_STR(pkg_prop(find_pkg(&inv, "pkg:pypi/ike@0.2.0"), "vouch:source"),
	          "git+https://github.com/dzshn/ike@cd66602cd29f61a2d2e7fb995fef1e61708c034d");
	inventory_release(&inv);
}

static void test_poetry_names_outside(void)
{
	struct inventory inv = INVENTORY_INIT;

	/* names in strings, comments and sub-tables are not packages */
	read_fixture(&inv, "pypi-poetry-lock",
	             "python-poetrylock/names-outside-package-block.lock");
	CHECK_DESCRIBE(&inv, "pkg:pypi/first-pkg@1.0.0 - 5\n"
	                     "pkg:pypi/second-pkg@2.0.0 - 18\n");
	inventory_release(&inv);
}

static void test_uv_corpus(void)
{
	struct inventory inv = INVENTORY_INIT;
	size_t n = read_corpus_folder(&inv, "python-uvlock", NULL, "pypi-uv-lock");

	CHECK_INT(n, 9);
	CHECK_INT(inv.nfiles, 9);
	CHECK_INT(count_partial(&inv), 2);
	CHECK(file_partial(&inv, "/empty.lock"));
	CHECK(file_partial(&inv, "/not-toml.txt"));
	inventory_release(&inv);
}

static void test_uv_grouped(void)
{
	struct inventory inv = INVENTORY_INIT;
	const struct pkg *p;

	read_fixture(&inv, "pypi-uv-lock", "python-uvlock/grouped-packages.lock");
	/* emoji is the one runtime dependency; the rest is reached only through extras */
	CHECK_DESCRIBE(&inv, "pkg:pypi/black@24.10.0 direct,optional 5\n"
	                     "pkg:pypi/click@8.1.7 direct,optional 39\n"
	                     "pkg:pypi/colorama@0.4.6 transitive,optional 51\n"
	                     "pkg:pypi/emoji@2.14.0 direct 60\n"
	                     "pkg:pypi/flake8@7.1.1 direct,optional 69\n"
	                     "pkg:pypi/mccabe@0.7.0 transitive,optional 83\n"
	                     "pkg:pypi/mypy-extensions@1.0.0 transitive,optional 92\n"
	                     "pkg:pypi/packaging@24.2 transitive,optional 101\n"
	                     "pkg:pypi/pathspec@0.12.1 transitive,optional 110\n"
	                     "pkg:pypi/platformdirs@4.3.6 transitive,optional 119\n"
	                     "pkg:pypi/pycodestyle@2.12.1 transitive,optional 128\n"
	                     "pkg:pypi/pyflakes@3.2.0 transitive,optional 137\n"
	                     "pkg:pypi/tomli@2.2.1 transitive,optional 146\n"
	                     "pkg:pypi/typing-extensions@4.12.2 transitive,optional 185\n"
	                     "pkg:pypi/uv-lockfiles@0.1.0 local,root 194\n"
	                     "dep pkg:pypi/black@24.10.0 -> pkg:pypi/click@8.1.7\n"
	                     "dep pkg:pypi/black@24.10.0 -> pkg:pypi/mypy-extensions@1.0.0\n"
	                     "dep pkg:pypi/black@24.10.0 -> pkg:pypi/packaging@24.2\n"
	                     "dep pkg:pypi/black@24.10.0 -> pkg:pypi/pathspec@0.12.1\n"
	                     "dep pkg:pypi/black@24.10.0 -> pkg:pypi/platformdirs@4.3.6\n"
	                     "dep pkg:pypi/black@24.10.0 -> pkg:pypi/tomli@2.2.1\n"
	                     "dep pkg:pypi/black@24.10.0 -> pkg:pypi/typing-extensions@4.12.2\n"
	                     "dep pkg:pypi/click@8.1.7 -> pkg:pypi/colorama@0.4.6\n"
	                     "dep pkg:pypi/flake8@7.1.1 -> pkg:pypi/mccabe@0.7.0\n"
	                     "dep pkg:pypi/flake8@7.1.1 -> pkg:pypi/pycodestyle@2.12.1\n"
	                     "dep pkg:pypi/flake8@7.1.1 -> pkg:pypi/pyflakes@3.2.0\n"
	                     "dep pkg:pypi/uv-lockfiles@0.1.0 -> pkg:pypi/black@24.10.0\n"
	                     "dep pkg:pypi/uv-lockfiles@0.1.0 -> pkg:pypi/click@8.1.7\n"
	                     "dep pkg:pypi/uv-lockfiles@0.1.0 -> pkg:pypi/emoji@2.14.0\n"
	                     "dep pkg:pypi/uv-lockfiles@0.1.0 -> pkg:pypi/flake8@7.1.1\n");
	p = find_pkg(&inv, "pkg:pypi/emoji@2.14.0");
	CHECK_INT(p->nhashes, 2); /* sdist and one wheel */
	CHECK_INT(inv.nerrors, 0);
	inventory_release(&inv);
}

static void test_uv_dev_groups_and_git(void)
{
	struct inventory inv = INVENTORY_INIT;
	const char *text =
	        "version = 1\nrequires-python = \">=3.10\"\n\n"
	        "[[package]]\nname = \"app\"\nversion = \"0.1.0\"\n"
	        "source = { editable = \".\" }\n"
	        "dependencies = [{ name = \"a\" }]\n\n"
	        "[package.dev-dependencies]\ndev = [{ name = \"pytest\" }, { name = \"a\" }]\n\n"
	        "[[package]]\nname = \"a\"\nversion = \"1.0\"\n"
	        "source = { git = \"https://example.org/a.git#abc\" }\n\n"
	        "[[package]]\nname = \"pytest\"\nversion = \"8.0\"\n"
	        "source = { registry = \"https://pypi.org/simple\" }\n"
	        "dependencies = [{ name = \"missing\" }]\n";

	CHECK_OK(inventory_read_as(&inv, extractor_find("pypi-uv-lock"), "uv.lock", "uv.lock", text,
	                           strlen(text), NULL));
	CHECK_DESCRIBE(&inv, "pkg:pypi/a@1.0 direct 14\n"
	                     "pkg:pypi/app@0.1.0 local,root 5\n"
	                     "pkg:pypi/pytest@8.0 direct,dev 19\n"
	                     "dep pkg:pypi/app@0.1.0 -> pkg:pypi/a@1.0\n"
	                     "dep pkg:pypi/app@0.1.0 -> pkg:pypi/pytest@8.0\n");
	CHECK_STR(pkg_prop(find_pkg(&inv, "pkg:pypi/a@1.0"), "vouch:source"),
	          "git+https://example.org/a.git#abc");
	CHECK_INT(count_diags(&inv, INV_NOTE, "'missing'"), 1);
	inventory_release(&inv);
}

static void test_pdm_corpus(void)
{
	struct inventory inv = INVENTORY_INIT;
	size_t n = read_corpus_folder(&inv, "python-pdmlock", NULL, "pypi-pdm-lock");

	CHECK_INT(n, 8);
	CHECK_INT(inv.nfiles, 8);
	CHECK_INT(count_partial(&inv), 1);
	CHECK(file_partial(&inv, "/not-toml.txt"));
	inventory_release(&inv);
}

static void test_pdm_groups(void)
{
	struct inventory inv = INVENTORY_INIT;

	read_fixture(&inv, "pypi-pdm-lock", "python-pdmlock/dev-dependency.toml");
	CHECK_DESCRIBE(&inv, "pkg:pypi/pyroute2@0.7.11 dev 11\n"
	                     "pkg:pypi/toml@0.10.2 - 23\n"
	                     "pkg:pypi/win-inet-pton@1.1.0 dev 34\n"
	                     "dep pkg:pypi/pyroute2@0.7.11 -> pkg:pypi/win-inet-pton@1.1.0\n");
	inventory_release(&inv);
	inv = (struct inventory)INVENTORY_INIT;
	read_fixture(&inv, "pypi-pdm-lock", "python-pdmlock/optional-dependency.toml");
	CHECK_DESCRIBE(&inv, "pkg:pypi/pyroute2@0.7.11 optional 11\n"
	                     "pkg:pypi/toml@0.10.2 - 23\n"
	                     "pkg:pypi/win-inet-pton@1.1.0 optional 34\n"
	                     "dep pkg:pypi/pyroute2@0.7.11 -> pkg:pypi/win-inet-pton@1.1.0\n");
	CHECK_STR(pkg_prop(find_pkg(&inv, "pkg:pypi/pyroute2@0.7.11"), "vouch:groups"), "tmp");
	CHECK_INT(find_pkg(&inv, "pkg:pypi/toml@0.10.2")->nhashes, 2);
	inventory_release(&inv);
}

static void test_pdm_git(void)
{
	struct inventory inv = INVENTORY_INIT;

	read_fixture(&inv, "pypi-pdm-lock", "python-pdmlock/git-dependency.toml");
	CHECK_DESCRIBE(&inv, "pkg:pypi/toml@0.10.2 - 11\n");
	CHECK_STR(pkg_prop(inv.pkgs[0], "vouch:source"),
	          "git+https://github.com/uiri/toml.git@65bab7582ce14c55cdeec2244c65ea23039c9e6f");
	inventory_release(&inv);
}

static void test_pylock_corpus(void)
{
	struct inventory inv = INVENTORY_INIT;
	size_t n = read_corpus_folder(&inv, "python-pylock", NULL, "pypi-pylock");

	CHECK_INT(n, 7);
	CHECK_INT(inv.nfiles, 7);
	CHECK_INT(count_partial(&inv), 1);
	CHECK(file_partial(&inv, "/not-toml.txt"));
	inventory_release(&inv);
}

static void test_pylock_commits(void)
{
	struct inventory inv = INVENTORY_INIT;

	read_fixture(&inv, "pypi-pylock", "python-pylock/commits.toml");
	CHECK_DESCRIBE(&inv, "pkg:pypi/click@8.2.1 - 8\n"
	                     "pkg:pypi/mleroc@0.1.0 - 15\n"
	                     "pkg:pypi/net-inf-eval local,root 20\n"
	                     "pkg:pypi/packaging@24.2 - 24\n"
	                     "pkg:pypi/pathspec@0.12.1 - 31\n"
	                     "pkg:pypi/python-dateutil@2.9.0.post0 - 38\n"
	                     "pkg:pypi/scikit-learn@1.6.1 - 45\n"
	                     "pkg:pypi/tqdm@4.67.1 - 72\n");
	CHECK_STR(pkg_prop(find_pkg(&inv, "pkg:pypi/mleroc@0.1.0"), "vouch:source"),
	          "git+https://github.com/Veggente/"
	          "mleroc.git@735093f03c4d8be70bfaaae44074ac92d7419b6d");
	inventory_release(&inv);
}

static void test_pylock_pip(void)
{
	struct inventory inv = INVENTORY_INIT;
	const struct pkg *p;

	read_fixture(&inv, "pypi-pylock", "python-pylock/pip-full.toml");
	CHECK_DESCRIBE(&inv, "pkg:pypi/annotated-types@0.7.0 - 5\n"
	                     "pkg:pypi/packaging@25.0 - 16\n"
	                     "pkg:pypi/pyproject-toml@0.1.0 - 27\n"
	                     "pkg:pypi/setuptools@80.9.0 - 38\n"
	                     "pkg:pypi/wheel@0.45.1 - 49\n");
	p = find_pkg(&inv, "pkg:pypi/wheel@0.45.1");
	CHECK_INT(p->nhashes, 1);
	CHECK_STR(p->hashes[0].hex,
	          "708e7481cc80179af0e556bbf0cc00b8444c7321e2700b8d8580231d13017248");
	inventory_release(&inv);
}

static void test_toml_lock_sniffs(void)
{
	const char *poetry = "# This file is automatically @generated by Poetry 2.0.0\n";
	const char *uv = "version = 1\nrequires-python = \">=3.10\"\n";
	const char *pdm = "# This file is @generated by PDM.\n";
	const char *py = "lock-version = \"1.0\"\ncreated-by = \"pip\"\n[[packages]]\n";

	CHECK(extractor_find("pypi-poetry-lock")->sniff(poetry, strlen(poetry)));
	CHECK(extractor_find("pypi-uv-lock")->sniff(uv, strlen(uv)));
	CHECK(extractor_find("pypi-pdm-lock")->sniff(pdm, strlen(pdm)));
	CHECK(extractor_find("pypi-pylock")->sniff(py, strlen(py)));
	CHECK(!extractor_find("pypi-uv-lock")->sniff(poetry, strlen(poetry)));
	CHECK(extractor_find("pypi-pylock")->match("pylock.dev.toml", "pylock.dev.toml"));
	CHECK(!extractor_find("pypi-pylock")->match("pylock.toml.bak", "pylock.toml.bak"));
}

RUN_TESTS("inv_pylocks", T(test_poetry_corpus), T(test_poetry_v2), T(test_poetry_v1_sources),
          T(test_poetry_names_outside), T(test_uv_corpus), T(test_uv_grouped),
          T(test_uv_dev_groups_and_git), T(test_pdm_corpus), T(test_pdm_groups), T(test_pdm_git),
          T(test_pylock_corpus), T(test_pylock_commits), T(test_pylock_pip),
          T(test_toml_lock_sniffs))
