/*
 * test_dep5: the DEP-5 copyright reader (core/inventory/os/dep5.h), checked
 * against Debian's own parser (python3-debian's debian.copyright) over every
 * copyright file of this machine, and its SPDX licence expressions.
 */
#include "util/compat.h"
#include "harness.h"
#include "core/formats/bom.h"
#include "core/inventory/os/dep5.h"
#include "util/alloc.h"
#include "util/buf.h"

#include <glob.h>

static char *spdx(const char *synopsis)
{
	struct buf b = BUF_INIT;

	if (!dep5_license_spdx(&b, synopsis))
		return xstrdup("(none)");
	return buf_detach(&b, NULL);
}

static void test_synopses(void)
{
	static const char *const cases[][2] = {
		{ "GPL-2+", "GPL-2.0-or-later" },
		{ "GPL-2", "GPL-2.0-only" },
		{ "GPL-2.0+", "GPL-2.0-or-later" },
		{ "LGPL-2.1+", "LGPL-2.1-or-later" },
		{ "LGPL-3", "LGPL-3.0-only" },
		{ "GPL", "GPL-1.0-or-later" },
		{ "GFDL-NIV-1.3+", "GFDL-1.3-no-invariants-or-later" },
		{ "GPL-4", "LicenseRef-GPL-4" },
		{ "Expat", "MIT" },
		{ "expat", "MIT" },
		{ "BSD-3-clause", "BSD-3-Clause" },
		{ "Apache-2.0", "Apache-2.0" },
		{ "public-domain", "LicenseRef-public-domain" },
		{ "public domain", "LicenseRef-public-domain" },
		{ "MIT/X11", "LicenseRef-MIT-X11" },
		{ "GPL-1+ or Artistic", "GPL-1.0-or-later OR Artistic-1.0-Perl" },
		{ "LGPL-3+ or GPL-2+", "LGPL-3.0-or-later OR GPL-2.0-or-later" },
		{ "BSL-1.0 and Jam", "BSL-1.0 AND LicenseRef-Jam" },
		{ "A or B and C", "LicenseRef-A OR LicenseRef-B AND LicenseRef-C" },
		{ "GPL-2+ or Artistic-2.0, and BSD-3-clause",
		  "(GPL-2.0-or-later OR Artistic-2.0) AND BSD-3-Clause" },
		{ "MPL-1.1 or LGPL-2.1+, and SC",
		  "(MPL-1.1 OR LGPL-2.1-or-later) AND LicenseRef-SC" },
		{ "A, or B, and C", "(LicenseRef-A OR LicenseRef-B) AND LicenseRef-C" },
		{ "A, and B, and C", "LicenseRef-A AND LicenseRef-B AND LicenseRef-C" },
		{ "A and B, or C", "(LicenseRef-A AND LicenseRef-B) OR LicenseRef-C" },
		{ "GPL-2+ with Autoconf exception",
		  "GPL-2.0-or-later WITH Autoconf-exception-2.0" },
		{ "GPL-3+ with Autoconf exception",
		  "GPL-3.0-or-later WITH Autoconf-exception-3.0" },
		{ "GPL-3+ with Bison exception", "GPL-3.0-or-later WITH Bison-exception-2.2" },
		{ "Apache-2.0 with LLVM exception", "Apache-2.0 WITH LLVM-exception" },
		{ "GPL-2+ with OpenSSL exception", "LicenseRef-GPL-2plus-with-OpenSSL-exception" },
		{ "Zlib and LGPL-2.1+ with staticLink exception",
		  "Zlib AND LicenseRef-LGPL-2.1plus-with-staticLink-exception" },
		{ "GPL-2+ or", "GPL-2.0-or-later" },
		{ "or or", "(none)" },
		{ "", "(none)" },
		{ "  ", "(none)" },
		{ ",", "(none)" },
		{ "GPL-2+, LGPL-2+", "GPL-2.0-or-later AND LGPL-2.0-or-later" },
		{ "+", "LicenseRef-plus" },
		{ "(((", "LicenseRef-unnamed" },
		{ "APACHE-2-LLVM-EXCEPTIONS", "Apache-2.0 WITH LLVM-exception" },
		{ "APACHE-2-LLVM-EXCEPTIONS with Bison exception",
		  "LicenseRef-APACHE-2-LLVM-EXCEPTIONS-with-Bison-exception" },
	};

	{
		/* ", and" and ", or" alternating deeper than the writers take: one name */
		struct buf deep = BUF_INIT;
		char *got;

		for (int i = 0; i < 40; i++)
			buf_addf(&deep, "L%d, %s ", i, i % 2 ? "and" : "or");
		buf_adds(&deep, "Z");
		got = spdx(deep.ptr);
		CHECK(!strncmp(got, "LicenseRef-L0-or-L1-and", 23));
		CHECK(bom_license_is_expression(got));
		free(got);
		buf_reset(&deep);
		for (int i = 0; i < 6; i++)
			buf_addf(&deep, "L%d, %s ", i, i % 2 ? "and" : "or");
		buf_adds(&deep, "Z");
		got = spdx(deep.ptr);
		CHECK(!strncmp(got, "(((((LicenseRef-L0 OR LicenseRef-L1) AND", 40));
		CHECK(bom_license_is_expression(got));
		free(got);
		buf_release(&deep);
	}
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		char *got = spdx(cases[i][0]);

		CHECK_STR(got, cases[i][1]);
		CHECK(!strcmp(got, "(none)") || bom_license_is_expression(got));
		free(got);
	}
}

static void parse(struct dep5 *d, const char *s)
{
	dep5_release(d);
	*d = (struct dep5)DEP5_INIT;
	dep5_parse(d, s, strlen(s));
}

static void test_paragraphs(void)
{
	struct dep5 d = DEP5_INIT;
	char *lic;

	parse(&d, "Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/\n"
	          "Upstream-Name: x\n"
	          "\n"
	          "Files: *\n"
	          "Copyright: 2020 A\n"
	          "License: GPL-2+\n"
	          " This program is free software\n"
	          " .\n"
	          "\n"
	          "# a comment\n"
	          "files: src/a.c\n"
	          "\tsrc/b.c   src/c.c\n"
	          "license:   Expat  \n"
	          " \n"
	          "Files: debian/*\n"
	          "License: GPL-2+\n"
	          "License: MIT\n"
	          "\n"
	          "License: GPL-2+\n"
	          " stand-alone: not a Files paragraph\n"
	          "\n"
	          "Files: doc/*\n");
	CHECK(d.machine_readable && !d.truncated);
	CHECK_INT(d.nfiles, 4);
	CHECK_STR(d.files[0].files, "*");
	CHECK_STR(d.files[0].license, "GPL-2+");
	CHECK_INT(d.files[0].line, 4);
	CHECK_STR(d.files[1].files, "src/a.c src/b.c src/c.c");
	CHECK_STR(d.files[1].license, "Expat");
	CHECK_STR(d.files[2].license, "GPL-2+"); /* the first of two */
	CHECK(d.files[3].license == NULL);
	lic = dep5_package_license(&d);
	CHECK_STR(lic, "GPL-2.0-or-later AND MIT");
	free(lic);

	/* not machine-readable: no Format, or a line that is not deb822 */
	parse(&d, "This is the Debian package of x.\n\nIt was downloaded from y.\n");
	CHECK(!d.machine_readable && !d.nfiles);
	parse(&d, "Upstream-Name: x\n\nFiles: *\nLicense: MIT\n");
	CHECK(!d.machine_readable && !d.nfiles);
	parse(&d, "Format: x\n\nFiles: *\nLicense: MIT\n\nFiles : a\nLicense: MIT\n");
	CHECK(!d.machine_readable && !d.nfiles);
	parse(&d, "Format: x\n\n continued\nFiles: *\nLicense: MIT\n");
	CHECK(!d.machine_readable);
	CHECK(dep5_package_license(&d) == NULL);
	/* CRLF, and the header's own Files ignored */
	parse(&d, "Format: x\r\nFiles: h\r\nLicense: Zlib\r\n\r\nFiles: *\r\nLicense: MIT or "
	          "Apache-2.0, and MIT\r\n");
	CHECK(d.machine_readable);
	CHECK_INT(d.nfiles, 1);
	lic = dep5_package_license(&d);
	CHECK_STR(lic, "(MIT OR Apache-2.0) AND MIT");
	free(lic);
	/* a group and the same licence alone are one */
	parse(&d,
	      "Format: x\n\nFiles: *\nLicense: MPL-1.1 or LGPL-2.1+, and SC\n\nFiles: a\n"
	      "License: MPL-1.1 or LGPL-2.1+\n\nFiles: b\nLicense: GPL-2 with Linux-syscall-note "
	      "exception\n");
	lic = dep5_package_license(&d);
	CHECK_STR(lic, "(MPL-1.1 OR LGPL-2.1-or-later) AND LicenseRef-SC AND GPL-2.0-only WITH "
	               "Linux-syscall-note");
	free(lic);
	dep5_release(&d);
}

static void test_limits(void)
{
	struct dep5 d = DEP5_INIT;
	struct buf b = BUF_INIT;
	char *lic;

	buf_adds(&b, "Format: x\n");
	for (size_t i = 0; i < DEP5_MAX_PARAS + 10; i++)
		buf_addf(&b, "\nFiles: f%zu\nLicense: L%zu\n", i, i % 3000);
	dep5_parse(&d, b.ptr, b.len);
	CHECK(d.machine_readable && d.truncated);
	CHECK_INT(d.nfiles, DEP5_MAX_PARAS);
	/* thousands of licences: more than an SBOM field should carry */
	CHECK(dep5_package_license(&d) == NULL);
	dep5_release(&d);

	buf_reset(&b);
	buf_adds(&b, "Format: x\n\nFiles: *\nLicense: ");
	for (size_t i = 0; i < 3 * DEP5_MAX_SYNOPSIS; i++)
		buf_addch(&b, 'a');
	buf_addch(&b, '\n');
	d = (struct dep5)DEP5_INIT;
	dep5_parse(&d, b.ptr, b.len);
	CHECK_INT(strlen(d.files[0].license), DEP5_MAX_SYNOPSIS);
	lic = dep5_package_license(&d);
	CHECK(lic && bom_license_is_expression(lic));
	free(lic);
	dep5_release(&d);
	buf_release(&b);
}

/*
 * Debian's parser over every copyright file here: the same files are
 * machine-readable, with the same Files paragraphs (patterns and License
 * first lines); and every package licence is a valid SPDX expression.
 */
static const char oracle_py[] =
        "import sys, logging\n"
        "logging.disable(logging.CRITICAL)\n"
        "from debian import copyright as c\n"
        "for path in sys.argv[1:]:\n"
        "    try:\n"
        "        with open(path, encoding='utf-8', errors='replace') as f:\n"
        "            cr = c.Copyright(f, strict=False)\n"
        "    except Exception:\n"
        "        print(path, 'no')\n"
        "        continue\n"
        "    print(path, 'dep5')\n"
        "    for p in cr.all_files_paragraphs():\n"
        "        lic = p.license\n"
        "        print(' files', ' '.join(p.files), '|', '(none)' if lic is None else "
        "lic.synopsis)\n";

static void test_python_debian(void)
{
	const char *dir = harness_tmpdir();
	struct buf cmd = BUF_INIT, mine = BUF_INIT, theirs = BUF_INIT, path = BUF_INIT;
	glob_t g = { 0 };
	size_t dep5 = 0, paras = 0, licensed = 0;
	FILE *f;

	if (system("/usr/bin/python3 -c 'import debian.copyright' >/dev/null 2>&1") != 0)
		harness_skip("python3-debian is not installed (scripts/bootstrap installs it)");
	if (glob("/usr/share/doc/*/copyright", 0, NULL, &g) != 0 || g.gl_pathc < 10)
		harness_skip("fewer than 10 files /usr/share/doc/*/copyright here");
	buf_addf(&path, "%s/oracle.py", dir);
	f = fopen(path.ptr, "w");
	CHECK(f && fputs(oracle_py, f) >= 0 && fclose(f) == 0);
	/* python decodes with errors=replace: compare what both see as UTF-8 */
	buf_reset(&cmd);
	buf_addf(&cmd,
	         "cd '%s' && ls /usr/share/doc/*/copyright | xargs /usr/bin/python3 oracle.py"
	         " >theirs.txt",
	         dir);
	CHECK(system(cmd.ptr) == 0);
	for (size_t i = 0; i < g.gl_pathc; i++) {
		struct buf data = BUF_INIT_MAX(DEP5_MAX_SIZE + 1);
		struct dep5 d = DEP5_INIT;
		char *lic;

		if (buf_read_file(&data, g.gl_pathv[i]) < 0) {
			buf_release(&data);
			continue;
		}
		dep5_parse(&d, data.ptr, data.len);
		buf_addf(&mine, "%s %s\n", g.gl_pathv[i], d.machine_readable ? "dep5" : "no");
		dep5 += d.machine_readable;
		for (size_t k = 0; k < d.nfiles; k++) {
			buf_addf(&mine, " files %s | %s\n", d.files[k].files,
			         d.files[k].license ? d.files[k].license : "(none)");
			paras++;
		}
		lic = dep5_package_license(&d);
		if (lic && !bom_license_is_expression(lic))
			harness_fail(__FILE__, __LINE__, "'%s': '%s' is not an SPDX expression",
			             g.gl_pathv[i], lic);
		licensed += lic != NULL;
		free(lic);
		dep5_release(&d);
		buf_release(&data);
	}
	buf_reset(&path);
	buf_addf(&path, "%s/mine.txt", dir);
	f = fopen(path.ptr, "w");
	CHECK(f && fwrite(mine.ptr, 1, mine.len, f) == mine.len && fclose(f) == 0);
	buf_reset(&cmd);
	buf_addf(&cmd,
	         "cd '%s' && /usr/bin/python3 -c \"import sys; sys.stdout.write(open('mine.txt', "
	         "encoding='utf-8', errors='replace').read())\" >mine-utf8.txt && "
	         "diff theirs.txt mine-utf8.txt >diff.txt",
	         dir);
	if (system(cmd.ptr) != 0) {
		buf_reset(&path);
		buf_addf(&path, "%s/diff.txt", dir);
		buf_reset(&theirs);
		buf_read_file(&theirs, path.ptr);
		buf_truncate(&theirs, theirs.len < 2000 ? theirs.len : 2000);
		harness_fail(__FILE__, __LINE__, "python3-debian reads differently:\n%s",
		             theirs.ptr ? theirs.ptr : "");
	}
	printf("# %zu copyright files, %zu machine-readable, %zu Files paragraphs, %zu with a "
	       "package licence\n",
	       g.gl_pathc, dep5, paras, licensed);
	globfree(&g);
	buf_release(&cmd);
	buf_release(&mine);
	buf_release(&theirs);
	buf_release(&path);
}

RUN_TESTS("dep5", T(test_synopses), T(test_paragraphs), T(test_limits), T(test_python_debian))
