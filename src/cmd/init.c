/*
 * vouch init: write a commented vouch.toml prefilled with what can be
 * detected in the project (docs/cmd/init.md). It never overwrites a file.
 */
#include "util/compat.h"
#include "cmd/cmd.h"
#include "cmd/opt.h"
#include "cmd/ui.h"
#include "core/inventory/inventory.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/json.h"
#include "util/toml.h"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#define INIT_MAX_TAGS 20

/* A TOML basic string. */
static void tq(struct buf *b, const char *s)
{
	buf_addch(b, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			buf_addf(b, "\\%c", c);
		else if (c < 0x20 || c == 0x7f)
			buf_addf(b, "\\u%04x", c);
		else
			buf_addch(b, (char)c);
	}
	buf_addch(b, '"');
}

static char *path_join(const char *a, const char *b)
{
	struct buf o = BUF_INIT;

	buf_addf(&o, "%s/%s", a, b);
	return buf_detach(&o, NULL);
}

/* The product name from a manifest, else the folder's name. */
static char *detect_name(const char *dir, const char **from)
{
	char *p, *name = NULL;
	json_t *j = NULL;
	struct toml_value *t = NULL;

	p = path_join(dir, "package.json");
	if (fs_exists(p) && vjson_load_file(&j, p, 1 << 20) == 0 && vjson_str(j, "name")) {
		name = xstrdup(vjson_str(j, "name"));
		*from = "package.json";
	}
	json_decref(j);
	free(p);
	if (!name) {
		p = path_join(dir, "Cargo.toml");
		if (fs_exists(p) && toml_load_file(&t, p, 1 << 20) == 0 &&
		    toml_strval(TOML_PATH(t, "package", "name"))) {
			name = xstrdup(toml_strval(TOML_PATH(t, "package", "name")));
			*from = "Cargo.toml";
		}
		toml_free(t);
		t = NULL;
		free(p);
	}
	if (!name) {
		p = path_join(dir, "pyproject.toml");
		if (fs_exists(p) && toml_load_file(&t, p, 1 << 20) == 0 &&
		    toml_strval(TOML_PATH(t, "project", "name"))) {
			name = xstrdup(toml_strval(TOML_PATH(t, "project", "name")));
			*from = "pyproject.toml";
		}
		toml_free(t);
		free(p);
	}
	err_clear();
	if (!name) {
		char *abs = realpath(dir, NULL);
		const char *s = abs ? strrchr(abs, '/') : NULL;

		name = xstrdup(s && s[1] ? s + 1 : "product");
		*from = "the folder name";
		free(abs);
	}
	return name;
}

static bool tag_ok(const char *s)
{
	if (!*s || strlen(s) > 100)
		return false;
	for (; *s; s++)
		if ((unsigned char)*s < 0x21 || *s == '"' || *s == '\\')
			return false;
	return true;
}

/* Tag names from .git/refs/tags and .git/packed-refs (no git process: cheap and safe). */
static size_t detect_tags(char **tags, const char *dir)
{
	size_t n = 0;
	char *p = path_join(dir, ".git/refs/tags");
	DIR *d = opendir(p);
	struct dirent *de;
	struct buf pr = BUF_INIT_MAX((size_t)4 << 20);

	while (d && (de = readdir(d)) && n < INIT_MAX_TAGS)
		if (de->d_name[0] != '.' && tag_ok(de->d_name))
			tags[n++] = xstrdup(de->d_name);
	if (d)
		closedir(d);
	free(p);
	p = path_join(dir, ".git/packed-refs");
	if (fs_exists(p) && buf_read_file(&pr, p) == 0) {
		const char *s = pr.ptr, *nl;

		for (; n < INIT_MAX_TAGS && (nl = strchr(s, '\n')); s = nl + 1) {
			const char *t = memchr(s, ' ', (size_t)(nl - s));
			char *name;

			if (!t || (size_t)(nl - t) < 11 || strncmp(t + 1, "refs/tags/", 10))
				continue;
			name = xstrndup(t + 11, (size_t)(nl - t - 11));
			if (tag_ok(name))
				tags[n++] = name;
			else
				free(name);
		}
	}
	err_clear();
	buf_release(&pr);
	free(p);
	return n;
}

static int cmp_str(const void *x, const void *y)
{
	return strcmp(*(char *const *)x, *(char *const *)y);
}

/*
 * The template, one string a section, one line of vouch.toml a line here:
 * a new key is a one-line change. Keys are documented in
 * docs/internals/assess-inputs.md.
 */
// clang-format off
static const char tpl_head[] =
	"# vouch.toml: the declared facts behind `vouch assess` (docs/cmd/assess.md).\n"
	"# Written by `vouch init`; edit it, keep it in version control.\n"
	"# Dates are TOML local dates (2026-06-30). Paths are relative to this file.\n"
	"\n"
	"[organisation]\n"
	"name = \"\"                      # your organisation\n"
	"# developer-distributor (all 14 principles) | reseller (themes 3-4) |\n"
	"# developer (themes 1-2, and the theme-3 principles listed below)\n"
	"role = \"developer-distributor\"\n"
	"# theme3_in_scope = [\"3.3\"]     # developer role only\n"
	"\n"
	"[sro]                          # the Senior Responsible Owner\n"
	"# name = \"A. Person\"\n"
	"# title = \"Chief Technology Officer\"\n"
	"# appointed = 2026-01-01\n"
	"# statement = \"I have reviewed this assessment...\"   # shown in the report\n"
	"\n";

static const char tpl_releases[] =
	"\n"
	"# One block per supported release (claims 4.1.1, 4.2.1: notice at least\n"
	"# one calendar year before end_of_support).\n";

static const char tpl_release_example[] =
	"# [[product.release]]\n"
	"# version = \"1.0\"\n"
	"# released = 2026-01-15\n"
	"# end_of_support = 2028-01-31\n"
	"# notice_published = 2026-06-01\n"
	"# notice_url = \"https://example.com/lifecycle\"\n";

static const char tpl_release_fields[] =
	"# Optional per release (vouch lifecycle publish: endoflife.date fields):\n"
	"# eoas = 2027-06-30   lts = true   latest = \"1.4.2\"\n";

static const char tpl_lifecycle[] =
	"\n"
	"# [lifecycle]                  # vouch lifecycle (claims 4.1.1, 4.2.1)\n"
	"# warn_days = 90                # check warns this long before notice is due\n"
	"# notices = \"lifecycle/notices\" # notice files of vouch lifecycle notice\n"
	"# page_url = \"https://example.com/lifecycle\"\n"
	"# feed_url = \"https://example.com/lifecycle/notices.atom\"\n"
	"# output = \"public/lifecycle\"   # where publish writes\n";

static const char tpl_incident[] =
	"\n"
	"# [incident]                   # vouch incident (claim 4.3.2)\n"
	"# notify_within_hours = 72      # policy: customers told within this of detection\n"
	"# dir = \"incidents\"             # one TOML record per incident\n";

static const char tpl_disclosure[] =
	"# policy_url = \"https://example.com/security/disclosure\"\n"
	"# the fields of `vouch securitytxt generate`:\n"
	"# contact = [\"mailto:security@example.com\"]\n"
	"# encryption = \"https://example.com/.well-known/openpgp-key.asc\"\n"
	"# canonical = \"https://example.com/.well-known/security.txt\"\n"
	"# preferred_languages = \"en\"\n"
	"# expires_days = 365            # Expires: at most a year ahead\n"
	"\n";

static const char tpl_evidence[] =
	"[evidence]                     # where the automated collectors look\n"
	"# log = \"buildlog\"              # environment snapshots, `vouch env diff --log`\n"
	"# log_retention_days = 730      # the agreed period the log is kept (2.2.3)\n"
	"# public_key = \"vouch.pub\"      # the release key: releases and checkpoints\n"
	"# releases = \"dist\"             # signed SHA256SUMS or FILE.minisig (3.1.1)\n"
	"# provenance = [\"dist.intoto.json\"]   # checked when given (3.1.1)\n"
	"# db = \"vulns.db\"               # vulnerability database (3.3.1, 3.3.2)\n"
	"# junit = [\"build/junit.xml\"]   # test results (1.3.2)\n"
	"# sarif = [\"results/*.sarif\"]   # any analyser: 1.3.3; by CWE 1.4.3-1.4.5\n"
	"# sarif_level = \"warning\"        # open results from this level up are gaps\n"
	"# vex = [\"vex/openvex.json\"]    # triage decisions (3.3.2)\n"
	"# secrets_baseline = \".vouch-secrets\"   # accepted `vouch secrets` findings\n"
	"\n";

static const char tpl_harden[] =
	"# [harden]                     # mitigations of the shipped binaries (3.5.2),\n"
	"# paths = [\"build/bin\"]         # read with the release folder's\n"
	"# require = [\"pie\", \"nx\", \"relro=full\", \"canary\", \"fortify\"]   # see 'vouch harden'\n"
	"\n";

static const char tpl_release_gate[] =
	"# The release gate, `vouch release check`: each rule set here must pass (an\n"
	"# unset rule is skipped). previous_sbom also informs 1.2.3 and 1.2.4.\n"
	"# [release]\n"
	"# fail_on = \"high\"                # no open finding this severe (VEX, .vouchignore.toml applied)\n"
	"# require_tests = true            # [evidence] junit present, no failure\n"
	"# max_skipped = 0                 # skipped tests allowed\n"
	"# require_signed = true           # every artefact in [evidence] releases signed\n"
	"# require_provenance = true       # [evidence] provenance covers every artefact\n"
	"# require_sbom = true             # an SBOM with no unreadable input\n"
	"# sbom = \"dist/sbom.cdx.json\"     # the release SBOM (default: the product tree)\n"
	"# security_txt = true             # valid, not expiring within the margin\n"
	"# expires_margin_days = 30\n"
	"# notice = true                   # a year's end-of-support notice (4.2.1)\n"
	"# previous_sbom = \"release/1.4/sbom.cdx.json\"   # the previous release's SBOM\n"
	"# max_new_components = 0          # new since previous_sbom and not reviewed\n"
	"# reviewed = [\"pkg:npm/left-pad\"]  # components reviewed (no version: any)\n"
	"\n";

static const char tpl_fix_targets[] =
	"# Days within which an open finding of each severity should be fixed; `vouch\n"
	"# serve` lists findings past them (default: the server's, 7/30/90/180/90).\n"
	"# [fix_targets]\n"
	"# critical = 7\n"
	"# high = 30\n"
	"# medium = 90\n"
	"# low = 180\n"
	"# unknown = 90\n"
	"\n";

static const char tpl_claims[] =
	"# Declared claims: what no tool can observe. A declaration never overrides what\n"
	"# vouch observed. Evidence files must be non-empty files inside this folder.\n"
	"# [[claim]]\n"
	"# id = \"1.1.2\"\n"
	"# status = \"met\"   # met | not_met | not_applicable | unknown\n"
	"# argument = \"All developers complete secure coding training yearly.\"\n"
	"# evidence = [\"evidence/training-2026.pdf\"]\n"
	"# owner = \"Head of Engineering\"   # required\n"
	"# reviewed = 2026-09-01           # not in the future\n"
	"# due = 2027-03-31                # when an open gap is to close\n"
	"#\n"
	"# A risk accepted on a claim that is not met (shown beside it; a gap once\n"
	"# expired):\n"
	"# [[claim]]\n"
	"# id = \"3.3.2\"\n"
	"# owner = \"Head of Security\"\n"
	"# reviewed = 2026-11-20\n"
	"# [claim.risk_accepted]\n"
	"# reason = \"Findings in the legacy importer are unreachable.\"\n"
	"# owner = \"A. Person (SRO)\"\n"
	"# expires = 2027-03-31\n";
// clang-format on

int cmd_init(int argc, char **argv)
{
	static const struct opt_usage u = {
		"vouch init", "[--output FILE] [PATH]",
		"Write PATH/vouch.toml (default: the current folder), commented, prefilled with "
		"the "
		"product name, lockfiles, security.txt and git tags found there. An existing file "
		"is never overwritten; --output - prints the draft instead."
	};
	const char *output = NULL, *dir = ".";
	const struct opt_spec opts[] = {
		OPT_STRING('o', "output", &output, "FILE", "write here instead ('-': stdout)"),
		OPT_END(),
	};
	struct buf b = BUF_INIT, target = BUF_INIT;
	struct inventory inv = INVENTORY_INIT;
	char *name = NULL, *tags[INIT_MAX_TAGS], *sec = NULL;
	const char *from = "";
	size_t ntags = 0;
	int code = EXIT_OK;

	if ((code = opt_parse(&argc, &argv, opts, &u)) != OPT_OK)
		return code == OPT_HELP ? EXIT_OK : EXIT_USAGE;
	if (argc > 1) {
		opt_usage_error(&u, "only one PATH may be given");
		return EXIT_USAGE;
	}
	if (argc)
		dir = argv[0];
	if (opt_check_paths(&u, argc, argv) != OPT_OK)
		return EXIT_USAGE;
	if (output)
		buf_adds(&target, output);
	else
		buf_addf(&target, "%s/vouch.toml", dir);
	if (strcmp(target.ptr, "-") && fs_would_clobber(target.ptr)) {
		ui_error("'%s' already exists; vouch init never overwrites it", target.ptr);
		code = EXIT_NEGATIVE;
		goto done;
	}
	name = detect_name(dir, &from);
	if (inventory_scan(&inv, dir, NULL) < 0)
		err_clear();
	ntags = detect_tags(tags, dir);
	if (ntags)
		qsort(tags, ntags, sizeof(*tags), cmp_str);
	{
		char *p1 = path_join(dir, ".well-known/security.txt"),
		     *p2 = path_join(dir, "security.txt");

		sec = fs_exists(p1)   ? xstrdup(".well-known/security.txt")
		      : fs_exists(p2) ? xstrdup("security.txt")
		                      : NULL;
		free(p1);
		free(p2);
	}

	buf_adds(&b, tpl_head);
	buf_addf(&b, "[[product]]\nname = ");
	tq(&b, name);
	buf_addf(
	        &b,
	        "                # from %s\n# version = \"1.0.0\"          # the version assessed\n"
	        "path = \".\"                     # its commit is read from .git\n",
	        from);
	if (inv.nfiles) {
		buf_adds(&b, "# lockfiles and manifests found (claims 1.1.4, 1.2.1, 1.2.2):\n");
		for (size_t i = 0; i < inv.nfiles && i < 20; i++) {
			buf_adds(&b, "#   ");
			for (const char *s = inv.files[i].path; *s; s++)
				buf_addch(&b, (unsigned char)*s < 0x20 ? '?' : *s);
			buf_adds(&b, "\n");
		}
	} else {
		buf_adds(&b,
		         "# no lockfile was found: commit one per package manager (claim 1.2.1)\n");
	}
	buf_adds(&b, tpl_releases);
	if (!ntags)
		buf_adds(&b, tpl_release_example);
	for (size_t i = 0; i < ntags; i++) {
		buf_addf(&b, "# [[product.release]]         # git tag %s\n# version = ", tags[i]);
		tq(&b, tags[i]);
		buf_adds(&b, "\n# end_of_support = 2028-01-31\n# notice_published = 2026-06-01\n");
	}
	buf_adds(&b, tpl_release_fields);
	buf_adds(&b, tpl_lifecycle);
	buf_adds(&b, tpl_incident);
	buf_adds(&b, "\n[disclosure]                   # claims 3.2.1, 3.2.2\n");
	if (sec) {
		buf_adds(&b, "security_txt = ");
		tq(&b, sec);
		buf_adds(&b, "   # found\n");
	} else {
		buf_adds(&b, "# security_txt = \".well-known/security.txt\"   # none found: "
		             "publish one\n");
	}
	buf_adds(&b, tpl_disclosure);
	buf_adds(&b, tpl_evidence);
	buf_adds(&b, tpl_harden);
	buf_adds(&b, tpl_release_gate);
	buf_adds(&b, tpl_fix_targets);
	buf_adds(&b, tpl_claims);
	if (!strcmp(target.ptr, "-")) {
		fwrite(b.ptr, 1, b.len, stdout);
	} else {
		if (fs_write_atomic(target.ptr, b.ptr, b.len, 0644, FS_NO_CLOBBER) < 0) {
			ui_error_last();
			code = EXIT_FAIL;
			goto done;
		}
		if (!vouch_quiet)
			ui_info("wrote %s", target.ptr);
	}
	code = EXIT_OK;
done:
	for (size_t i = 0; i < ntags; i++)
		free(tags[i]);
	free(name);
	free(sec);
	inventory_release(&inv);
	buf_release(&b);
	buf_release(&target);
	return code;
}
