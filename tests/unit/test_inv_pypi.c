/*
 * The PyPI extractors on the shared corpus (python-requirements,
 * python-pipfilelock, python-wheelegg) and on this machine's own
 * /usr/lib/python3/dist-packages, checked against importlib.metadata.
 */
#include "util/compat.h"
#include "harness.h"
#include "inv_helper.h"
#include "core/inventory/python/pypi.h"
#include "util/alloc.h"
#include "util/fs.h"
#include "util/hash.h"

static void test_requirements_corpus(void)
{
	struct inventory inv = INVENTORY_INIT;
	size_t n = read_corpus_folder(&inv, "python-requirements", ".txt", "pypi-requirements");

	CHECK_INT(n, 13);
	/* files read through -r are not counted twice: 13 files, 5 of them partial */
	CHECK_INT(inv.nfiles, 13);
	CHECK_INT(count_partial(&inv), 5);
	CHECK(file_partial(&inv, "/example.txt")); /* -c constraints.txt is absent */
	CHECK(file_partial(&inv, "/invalid.txt")); /* "asdf==", "==1.0", "asdf 1.0" */
	CHECK(file_partial(&inv, "/loop.txt"));    /* -r loop */
	CHECK(file_partial(&inv, "/other-loop.txt"));
	CHECK(file_partial(&inv, "/per_req_options.txt"));
	CHECK(!file_partial(&inv, "/with_versions.txt"));
	inventory_release(&inv);
}

static void test_requirements_with_versions(void)
{
	struct inventory inv = INVENTORY_INIT;
	const struct pkg *p;

	/* with_versions.txt, line by line: only == and === pin a version */
	read_fixture(&inv, "pypi-requirements", "python-requirements/with_versions.txt");
	CHECK_DESCRIBE(&inv, "pkg:pypi/asdf unresolved 4\n"
	                     "pkg:pypi/combination-.--.also--.-valid unresolved 10\n"
	                     "pkg:pypi/hy-phen@1.2 - 7\n"
	                     "pkg:pypi/newspaper3k unresolved 3\n"
	                     "pkg:pypi/nltk@3.2.2 - 1\n"
	                     "pkg:pypi/pkg unresolved 12\n"
	                     "pkg:pypi/pkg.dot.name@5.0.0 - 9\n"
	                     "pkg:pypi/qwerty@0.1 - 5\n"
	                     "pkg:pypi/tabulate@0.7.7 - 2\n"
	                     "pkg:pypi/under-score@1.3 - 8\n"
	                     "pkg:pypi/yolo@1.0 - 11\n");
	p = find_pkg(&inv, "pkg:pypi/asdf");
	CHECK_STR(pkg_prop(p, "vouch:requirement"), "==0.7.*");
	p = find_pkg(&inv, "pkg:pypi/under-score@1.3");
	CHECK_STR(p->name, "under_score");
	CHECK_INT(inv.nerrors, 0);
	inventory_release(&inv);
}

static void test_requirements_example_includes(void)
{
	const char *corpus = need_corpus();
	struct inventory inv = INVENTORY_INIT;
	struct buf path = BUF_INIT;
	const struct pkg *p;

	buf_addf(&path, "%s/lockfiles/python-requirements/example.txt", corpus);
	scan_path(&inv, path.ptr, "pypi-requirements");
	CHECK_DESCRIBE(&inv, "pkg:pypi/beautifulsoup4 unresolved 5\n"
	                     "pkg:pypi/coverage unresolved 15\n"
	                     "pkg:pypi/docopt@0.6.1 - 8\n"
	                     "pkg:pypi/keyring unresolved 13\n"
	                     "pkg:pypi/mopidy-dirble unresolved 17\n"
	                     "pkg:pypi/numpy@1.9.2 local 25\n"
	                     "pkg:pypi/pandas@2.2.3 - 1\n"
	                     "pkg:pypi/pytest unresolved 3\n"
	                     "pkg:pypi/pytest-cov unresolved 4\n"
	                     "pkg:pypi/requests unresolved 9\n"
	                     "pkg:pypi/urllib3 unresolved 10\n"
	                     "pkg:pypi/wxpython-phoenix@3.0.3.dev1820%2B49a8884 - 28\n");
	/* pandas comes from -r other-requirements.txt and is located there */
	p = find_pkg(&inv, "pkg:pypi/pandas@2.2.3");
	CHECK(strstr(p->locs[0].path, "/other-requirements.txt") != NULL);
	p = find_pkg(&inv, "pkg:pypi/requests");
	CHECK_STR(pkg_prop(p, "vouch:extras"), "security");
	CHECK_STR(pkg_prop(p, "vouch:marker"), "python_version < \"2.7\"");
	CHECK_STR(pkg_prop(p, "vouch:requirement"), ">= 2.8.1, == 2.8.*");
	p = find_pkg(&inv, "pkg:pypi/urllib3");
	CHECK_STR(pkg_prop(p, "vouch:source"),
	          "https://github.com/urllib3/urllib3/archive/refs/tags/1.26.8.zip");
	/* the missing constraints file is the one error, at its line */
	CHECK_INT(inv.nerrors, 1);
	CHECK_INT(count_diags(&inv, INV_ERROR, "constraints.txt"), 1);
	CHECK_INT(inv.diags[0].line, 22);
	buf_release(&path);
	inventory_release(&inv);
}

static void test_requirements_loop(void)
{
	const char *corpus = need_corpus();
	struct inventory inv = INVENTORY_INIT;
	struct buf path = BUF_INIT;

	buf_addf(&path, "%s/lockfiles/python-requirements/loop.txt", corpus);
	scan_path(&inv, path.ptr, "pypi-requirements");
	CHECK_INT(inv.npkgs, 0);
	CHECK_INT(inv.nerrors, 1);
	CHECK_INT(count_diags(&inv, INV_ERROR, "loop"), 1);
	CHECK(strstr(inv.diags[0].path, "other-loop.txt") != NULL);
	CHECK_INT(inv.diags[0].line, 2);
	buf_release(&path);
	inventory_release(&inv);
}

static void test_requirements_options_and_hashes(void)
{
	struct inventory inv = INVENTORY_INIT;
	const struct pkg *p;
	const char *text = "# hashes, markers, continuation\n"
	                   "Foo_Bar[Extra1, extra2]==1.0 ; python_version >= \"3.8\" \\\n"
	                   "    --hash=sha256:"
	                   "2c2349112351b88699d8d4b6b075022c0808887cb7ad10069318a8b0bc88db44 \\\n"
	                   "    --hash sha512:"
	                   "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce"
	                   "47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e\n"
	                   "-e git+https://example.org/x.git@v1#egg=gitpkg\n"
	                   "-e ./local/dir\n"
	                   "--index-url https://pypi.example/simple  # mirror\n"
	                   "bad==1.0 --frobnicate\n"
	                   "pinned===2020.1-custom\n"
	                   "range>=1,<2\n";

	CHECK_OK(inventory_read_as(&inv, extractor_find("pypi-requirements"), "r.txt", "r.txt",
	                           text, strlen(text), NULL));
	CHECK_DESCRIBE(&inv, "pkg:pypi/bad@1.0 - 8\n"
	                     "pkg:pypi/foo-bar@1.0 - 2\n"
	                     "pkg:pypi/gitpkg unresolved 5\n"
	                     "pkg:pypi/pinned@2020.1-custom - 9\n"
	                     "pkg:pypi/range unresolved 10\n");
	p = find_pkg(&inv, "pkg:pypi/foo-bar@1.0");
	CHECK_INT(p->nhashes, 2);
	CHECK_STR(p->hashes[0].alg, "SHA-256");
	CHECK_STR(p->hashes[0].hex,
	          "2c2349112351b88699d8d4b6b075022c0808887cb7ad10069318a8b0bc88db44");
	CHECK_STR(p->hashes[1].alg, "SHA-512");
	CHECK_STR(pkg_prop(p, "vouch:extras"), "Extra1,extra2");
	CHECK_STR(pkg_prop(p, "vouch:marker"), "python_version >= \"3.8\"");
	p = find_pkg(&inv, "pkg:pypi/gitpkg");
	CHECK_STR(pkg_prop(p, "vouch:source"), "git+https://example.org/x.git@v1#egg=gitpkg");
	/* unknown option: an error at its line; "./local/dir" names no package: a note */
	CHECK_INT(inv.nerrors, 1);
	CHECK_INT(count_diags(&inv, INV_ERROR, "--frobnicate"), 1);
	CHECK_INT(count_diags(&inv, INV_NOTE, "./local/dir"), 1);
	inventory_release(&inv);
}

static void test_requirements_constraints_pin(void)
{
	const char *dir = harness_tmpdir();
	struct inventory inv = INVENTORY_INIT;
	struct buf path = BUF_INIT, c = BUF_INIT;
	const struct pkg *p;

	buf_addf(&path, "%s/requirements.txt", dir);
	buf_adds(&c, "requests\n-c sub/constraints.txt\n-r sub/more.txt\n");
	CHECK_OK(fs_write_atomic(path.ptr, c.ptr, c.len, 0644, 0));
	buf_reset(&path);
	buf_addf(&path, "%s/sub", dir);
	CHECK_OK(fs_mkdirs(path.ptr, 0755));
	buf_addf(&path, "/constraints.txt");
	CHECK_OK(fs_write_atomic(path.ptr, "Requests==2.31.0\nother==1\n", 26, 0644, 0));
	buf_reset(&path);
	buf_addf(&path, "%s/sub/more.txt", dir);
	/* relative to sub/, as pip reads it */
	CHECK_OK(fs_write_atomic(path.ptr, "-r ../base.txt\n", 15, 0644, 0));
	buf_reset(&path);
	buf_addf(&path, "%s/base.txt", dir);
	CHECK_OK(fs_write_atomic(path.ptr, "six==1.16.0\n", 12, 0644, 0));
	buf_reset(&path);
	buf_addf(&path, "%s/requirements.txt", dir);
	scan_path(&inv, path.ptr, NULL);
	CHECK_DESCRIBE(&inv, "pkg:pypi/requests@2.31.0 - 1\n"
	                     "pkg:pypi/six@1.16.0 - 1\n");
	p = find_pkg(&inv, "pkg:pypi/requests@2.31.0");
	CHECK(strstr(pkg_prop(p, "vouch:constraint"), "sub/constraints.txt") != NULL);
	p = find_pkg(&inv, "pkg:pypi/six@1.16.0");
	CHECK(strstr(p->locs[0].path, "/base.txt") != NULL);
	CHECK_INT(inv.nerrors, 0);
	buf_release(&path);
	buf_release(&c);
	inventory_release(&inv);
}

static void test_requirements_outside_tree(void)
{
	const char *dir = harness_tmpdir();
	struct inventory inv = INVENTORY_INIT;
	struct buf path = BUF_INIT;

	buf_addf(&path, "%s/requirements.txt", dir);
	CHECK_OK(fs_write_atomic(path.ptr, "-r ../../etc/passwd\n-r /etc/passwd\nsix==1\n", 42,
	                         0644, 0));
	scan_path(&inv, dir, NULL);
	CHECK_INT(inv.npkgs, 1);
	CHECK_INT(inv.nerrors, 2);
	buf_release(&path);
	inventory_release(&inv);
}

static void test_requirements_sniff(void)
{
	const struct extractor *e = extractor_find("pypi-requirements");
	const char *ok = "# c\nrequests==2.0\n-r x.txt\n", *mod = "# github.com/a/b v1.0.0\na/b\n";

	CHECK(e->sniff(ok, strlen(ok)));
	CHECK(!e->sniff(mod, strlen(mod)));
	CHECK(!e->sniff("{}", 2));
	CHECK(!e->sniff("hello\n", 6));
	CHECK(!e->sniff("null\n", 5));
	CHECK(e->match("requirements-dev.txt", "requirements-dev.txt"));
	CHECK(e->match("a/requirements/base.txt", "base.txt"));
	CHECK(!e->match("a/notes.txt", "notes.txt"));
}

static void test_pipfile_corpus(void)
{
	struct inventory inv = INVENTORY_INIT;
	size_t n = read_corpus_folder(&inv, "python-pipfilelock", NULL, "pypi-pipfile-lock");

	CHECK_INT(n, 10);
	CHECK_INT(inv.nfiles, 10);
	CHECK_INT(count_partial(&inv), 2);
	CHECK(file_partial(&inv, "/empty-file"));
	CHECK(file_partial(&inv, "/not-json.txt"));
	inventory_release(&inv);
}

static void test_pipfile_multiple(void)
{
	struct inventory inv = INVENTORY_INIT;
	const struct pkg *p;

	read_fixture(&inv, "pypi-pipfile-lock", "python-pipfilelock/multiple-packages.json");
	/* itsdangerous is in default and develop: one package, not dev, two locations */
	CHECK_DESCRIBE(&inv, "pkg:pypi/itsdangerous@2.1.2 - 19\n"
	                     "pkg:pypi/markupsafe@2.1.1 - 32\n"
	                     "pkg:pypi/pluggy@1.0.0 dev 88\n"
	                     "pkg:pypi/pluggy@1.0.1 - 27\n");
	p = find_pkg(&inv, "pkg:pypi/itsdangerous@2.1.2");
	CHECK_INT(p->nlocs, 2);
	CHECK_INT(p->locs[1].line, 80);
	CHECK_INT(p->nhashes, 2);
	CHECK_STR(p->hashes[0].hex,
	          "2c2349112351b88699d8d4b6b075022c0808887cb7ad10069318a8b0bc88db44");
	p = find_pkg(&inv, "pkg:pypi/markupsafe@2.1.1");
	CHECK_INT(p->nhashes, 40);
	CHECK_STR(pkg_prop(p, "vouch:marker"), "python_version >= '3.7'");
	CHECK_INT(inv.nerrors, 0);
	inventory_release(&inv);
}

static void test_pipfile_git(void)
{
	struct inventory inv = INVENTORY_INIT;

	read_fixture(&inv, "pypi-pipfile-lock", "python-pipfilelock/no-version.json");
	CHECK_DESCRIBE(&inv, "pkg:pypi/itsdangerous dev,unresolved 26\n"
	                     "pkg:pypi/markupsafe unresolved 19\n");
	CHECK_STR(pkg_prop(find_pkg(&inv, "pkg:pypi/markupsafe"), "vouch:source"),
	          "git+https://github.com/pallets/"
	          "markupsafe@b36054111bc1e8bbadb5d0d60158feb72926f467");
	inventory_release(&inv);
}

static void test_pkginfo_corpus(void)
{
	struct inventory inv = INVENTORY_INIT;
	size_t n = read_corpus_folder(&inv, "python-wheelegg", NULL, "pypi-installed");

	CHECK_INT(n, 10);
	CHECK_INT(inv.nfiles, 10);
	CHECK_INT(count_partial(&inv), 2);
	CHECK(file_partial(&inv, "/empty"));
	CHECK(file_partial(&inv, "/malformed_pkginfo"));
	inventory_sort(&inv);
	/* every other file is one distribution; httplib2 twice at two versions */
	CHECK_DESCRIBE(&inv, "pkg:pypi/backports.ssl-match-hostname@3.5.0.1 - 2\n"
	                     "pkg:pypi/httplib2@0.20.4 - 2\n"
	                     "pkg:pypi/httplib2@1.0 - 2\n"
	                     "pkg:pypi/passlib@1.7.4 - 2\n"
	                     "pkg:pypi/pip@22.2.2 - 2\n"
	                     "pkg:pypi/pycups@2.0.1 - 2\n"
	                     "pkg:pypi/pyopenssl@26.0.0 - 2\n"
	                     "pkg:pypi/root@1.0.0 - 2\n"
	                     "pkg:pypi/setuptools@57.4.0 - 2\n");
	inventory_release(&inv);
}

static void test_pkginfo_licenses(void)
{
	struct inventory inv = INVENTORY_INIT;

	/* License: MIT; License: GPLv2+; UNKNOWN + one MIT classifier; Apache text field */
	read_fixture(&inv, "pypi-installed", "python-wheelegg/distinfo_meta");
	read_fixture(&inv, "pypi-installed", "python-wheelegg/egginfo");
	read_fixture(&inv, "pypi-installed", "python-wheelegg/egginfo_pkginfo");
	read_fixture(&inv, "pypi-installed", "python-wheelegg/pyopenssl-26.0.0.dist-info");
	/* License: BSD with "BSD License" classifier: which BSD is not said */
	read_fixture(&inv, "pypi-installed", "python-wheelegg/malformed_pkginfo");
	CHECK_STR(find_pkg(&inv, "pkg:pypi/pip@22.2.2")->license, "MIT");
	CHECK_STR(find_pkg(&inv, "pkg:pypi/pycups@2.0.1")->license, "GPL-2.0-or-later");
	CHECK_STR(find_pkg(&inv, "pkg:pypi/setuptools@57.4.0")->license, "MIT");
	CHECK_STR(find_pkg(&inv, "pkg:pypi/pyopenssl@26.0.0")->license, "Apache-2.0");
	CHECK(find_pkg(&inv, "pkg:pypi/passlib@1.7.4")->license == NULL);
	inventory_release(&inv);
}

static void test_pkginfo_expression_and_edges(void)
{
	const char *dir = harness_tmpdir();
	struct inventory inv = INVENTORY_INIT;
	struct buf path = BUF_INIT;
	static const char a[] = "Metadata-Version: 2.4\nName: A_Pkg\nVersion: 1.0\n"
	                        "License-Expression: MIT OR (Apache-2.0 WITH LLVM-exception)\n"
	                        "Requires-Dist: b-pkg>=1\nRequires-Dist: missing\n"
	                        "Requires-Dist: c; extra == \"test\"\n\nbody\n";
	static const char b[] = "Metadata-Version: 2.1\nName: B.Pkg\nVersion: 2.0\n";
	static const char c[] = "Metadata-Version: 2.1\nName: c\nVersion: 3.0\n";

	buf_addf(&path, "%s/site/a_pkg-1.0.dist-info", dir);
	CHECK_OK(fs_mkdirs(path.ptr, 0755));
	buf_adds(&path, "/METADATA");
	CHECK_OK(fs_write_atomic(path.ptr, a, strlen(a), 0644, 0));
	buf_reset(&path);
	buf_addf(&path, "%s/site/B.Pkg-2.0.egg-info", dir);
	CHECK_OK(fs_write_atomic(path.ptr, b, strlen(b), 0644, 0));
	buf_reset(&path);
	buf_addf(&path, "%s/site/c-3.0.dist-info", dir);
	CHECK_OK(fs_mkdirs(path.ptr, 0755));
	buf_adds(&path, "/METADATA");
	CHECK_OK(fs_write_atomic(path.ptr, c, strlen(c), 0644, 0));
	buf_reset(&path);
	buf_addf(&path, "%s/site", dir);
	scan_path(&inv, path.ptr, NULL);
	/* c is only an extra's requirement: no edge */
	CHECK_DESCRIBE(&inv, "pkg:pypi/a-pkg@1.0 - 2\n"
	                     "pkg:pypi/b.pkg@2.0 - 2\n"
	                     "pkg:pypi/c@3.0 - 2\n"
	                     "dep pkg:pypi/a-pkg@1.0 -> pkg:pypi/b.pkg@2.0\n");
	CHECK_STR(find_pkg(&inv, "pkg:pypi/a-pkg@1.0")->license,
	          "MIT OR (Apache-2.0 WITH LLVM-exception)");
	CHECK_INT(inv.nerrors, 0);
	buf_release(&path);
	inventory_release(&inv);
}

static void test_pypi_names_and_requirements(void)
{
	struct pyreq r;
	const char *why;
	struct buf n = BUF_INIT;

	CHECK(pypi_valid_name("a.b-c_d", 7));
	CHECK(!pypi_valid_name("-a", 2));
	CHECK(!pypi_valid_name("a b", 3));
	pypi_normalize(&n, "Foo.__Bar-baz", 13);
	CHECK_STR(n.ptr, "foo-bar-baz");
	CHECK(pyreq_parse(&r, "name (>=1.0)", 12, &why) == 0);
	CHECK_INT(r.npins, 0);
	CHECK(pyreq_parse(&r, "x==1.0,==2.0", 12, &why) == 0);
	CHECK_INT(r.npins, 2);
	CHECK(pyreq_parse(&r, "x==1.0,==1.0", 12, &why) == 0);
	CHECK_INT(r.npins, 1);
	CHECK(pyreq_parse(&r, "x @ file:///a;b ; os_name=='nt'", 31, &why) == 0);
	CHECK_INT(r.url.n, 11);
	CHECK(pyreq_parse(&r, "x[a", 3, &why) < 0);
	CHECK(pyreq_parse(&r, "x==1 y", 6, &why) < 0);
	CHECK(pyreq_parse(&r, "x;", 2, &why) < 0);
	CHECK_STR(pypi_license_from_classifier("License :: OSI Approved :: MIT License", 38),
	          "MIT");
	CHECK(pypi_license_from_classifier("License :: OSI Approved :: BSD License", 38) == NULL);
	CHECK(pypi_license_from_field("BSD", 3) == NULL);
	CHECK(pypi_field_is_spdx("BSD-3-Clause OR Apache-2.0", 26));
	CHECK(!pypi_field_is_spdx("GPL", 3));
	buf_release(&n);
}

/*
 * Runs python3's importlib.metadata over the folder: "normalised-name version"
 * lines. importlib looks only in the folders it is given, while vouch also
 * finds distributions vendored deeper (py/_vendored_packages/...), so it is
 * given every folder below dir that holds a .dist-info or .egg-info.
 */
static int python_oracle(struct buf *out, const char *dir)
{
	struct buf cmd = BUF_INIT;
	char line[512];
	FILE *f;
	int rc;

	buf_addf(&cmd,
	         "/usr/bin/python3 -c 'import importlib.metadata as m, re, sys, os\n"
	         "dirs = sorted({r for r, ds, fs in os.walk(sys.argv[1]) for n in ds + fs\n"
	         "               if n.endswith((\".dist-info\", \".egg-info\"))})\n"
	         "for d in m.distributions(path=dirs):\n"
	         "    print(re.sub(r\"[-_.]+\", \"-\", d.metadata[\"Name\"]).lower(), d.version)' "
	         "'%s' | sort -u",
	         dir);
	f = popen(cmd.ptr, "r");
	buf_release(&cmd);
	if (!f)
		return -1;
	while (fgets(line, sizeof(line), f))
		buf_adds(out, line);
	rc = pclose(f);
	return rc == 0 ? 0 : -1;
}

static int cmp_lines(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void test_debian_dist_packages_match_importlib(void)
{
	const char *dir = "/usr/lib/python3/dist-packages";
	struct inventory inv = INVENTORY_INIT;
	struct buf want = BUF_INIT, got = BUF_INIT, norm = BUF_INIT;
	char **lines = NULL;
	size_t n = 0;
	struct stat st;

	if (stat("/usr/bin/python3", &st) < 0 || stat(dir, &st) < 0)
		harness_skip("no /usr/bin/python3 or %s on this machine", dir);
	CHECK_OK(python_oracle(&want, dir));
	scan_path(&inv, dir, NULL);
	lines = xcalloc(inv.npkgs + 1, sizeof(*lines));
	for (size_t i = 0; i < inv.npkgs; i++) {
		const struct pkg *p = inv.pkgs[i];

		if (strcmp(p->purl_type, "pypi"))
			continue;
		buf_reset(&norm);
		pypi_normalize(&norm, p->name, strlen(p->name));
		buf_addf(&norm, " %s\n", p->version ? p->version : "");
		lines[n++] = buf_detach(&norm, NULL);
	}
	QSORT(lines, n, cmp_lines);
	for (size_t i = 0; i < n; i++) {
		buf_adds(&got, lines[i]);
		free(lines[i]);
	}
	free(lines);
	/* both ways: the same set of (name, version), no more, no less */
	if (strcmp(got.ptr, want.ptr))
		fprintf(stderr, "--- vouch\n%s--- importlib.metadata\n%s", got.ptr, want.ptr);
	CHECK_STR(got.ptr, want.ptr);
	CHECK(want.len > 0);
	CHECK_INT(inv.nerrors, 0);
	buf_release(&want);
	buf_release(&got);
	buf_release(&norm);
	inventory_release(&inv);
}

RUN_TESTS("inv_pypi", T(test_requirements_corpus), T(test_requirements_with_versions),
          T(test_requirements_example_includes), T(test_requirements_loop),
          T(test_requirements_options_and_hashes), T(test_requirements_constraints_pin),
          T(test_requirements_outside_tree), T(test_requirements_sniff), T(test_pipfile_corpus),
          T(test_pipfile_multiple), T(test_pipfile_git), T(test_pkginfo_corpus),
          T(test_pkginfo_licenses), T(test_pkginfo_expression_and_edges),
          T(test_pypi_names_and_requirements), T(test_debian_dist_packages_match_importlib))
