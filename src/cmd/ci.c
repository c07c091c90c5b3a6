/*
 * vouch ci: checks of the build pipeline definitions in a source tree
 * (core/ci/ci.h; docs/cmd/ci.md).
 */
#include "util/compat.h"
#include "cmd/cmd.h"
#include "cmd/opt.h"
#include "cmd/ui.h"
#include "core/ci/ci.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/fs.h"

#ifndef VOUCH_VERSION
#define VOUCH_VERSION "0.0.0-dev"
#endif

static int level_rank(const char *level)
{
	if (!strcmp(level, "error"))
		return 3;
	if (!strcmp(level, "warning"))
		return 2;
	return 1;
}

static void write_table(struct buf *out, const struct ci_report *r, bool color)
{
	for (size_t i = 0; i < r->n; i++) {
		const struct ci_finding *f = &r->v[i];
		const struct ci_rule_info *ri = ci_rule_info(f->rule);
		const char *on = "", *off = "";

		if (color) {
			on = level_rank(f->level) == 3   ? "\033[31m"
			     : level_rank(f->level) == 2 ? "\033[33m"
			                                 : "\033[36m";
			off = "\033[0m";
		}
		if (f->line)
			buf_addf(out, "%s:%zu: ", ui_safe(f->path), f->line);
		else
			buf_addf(out, "%s: ", ui_safe(f->path));
		buf_addf(out, "%s%s%s [%s] %s\n    fix: %s\n", on, f->level, off, ri->id,
		         ui_safe(f->message), ri->fix);
	}
}

static int ci_check_cmd(int argc, char **argv)
{
	static const struct opt_usage u = {
		"vouch ci check",
		"[--format table|json|sarif] [--fail-on error|warning|note] [--output FILE] [PATH]",
		"Check the build pipeline definitions of the tree at PATH (default '.'): GitHub "
		"Actions workflows and composite actions, GitLab CI files and their local "
		"includes. "
		"Each finding names the file, the line, the rule and the fix. Exit 1 when a "
		"finding "
		"is at or above --fail-on (default note: any finding), 3 when a pipeline file "
		"could "
		"not be read or parsed."
	};
	static const char *const formats[] = { "table", "json", "sarif", NULL };
	static const char *const levels[] = { "error", "warning", "note", NULL };
	const char *format = "table", *fail_on = "note", *output = NULL, *root = ".";
	const struct opt_spec opts[] = {
		OPT_CHOICE('f', "format", &format, "FORMAT", formats,
		           "table (default), json or sarif"),
		OPT_CHOICE(0, "fail-on", &fail_on, "LEVEL", levels,
		           "exit 1 when a finding is at least LEVEL (default note)"),
		OPT_STRING('o', "output", &output, "FILE", "write the report to FILE"),
		OPT_END(),
	};
	struct ci_report rep = CI_REPORT_INIT;
	struct buf out = BUF_INIT;
	size_t counts[4] = { 0 };
	int code, r;

	if ((code = opt_parse(&argc, &argv, opts, &u)) != OPT_OK)
		return code == OPT_HELP ? EXIT_OK : EXIT_USAGE;
	if (argc > 1) {
		opt_usage_error(&u, "unexpected '%s': one tree at a time", argv[1]);
		return EXIT_USAGE;
	}
	if (argc == 1)
		root = argv[0];
	if (opt_check_paths(&u, argc, argv) != OPT_OK)
		return EXIT_USAGE;
	if (ci_check(&rep, root) < 0) {
		code = ui_error_last();
		goto done;
	}
	r = 0;
	if (!strcmp(format, "json"))
		r = ci_report_json(&out, &rep);
	else if (!strcmp(format, "sarif"))
		r = ci_report_sarif(&out, &rep, VOUCH_VERSION);
	else
		write_table(&out, &rep, !output && ui_color());
	if (r < 0) {
		code = ui_error_last();
		goto done;
	}
	if (output && strcmp(output, "-")) {
		if (fs_write_atomic(output, out.ptr, out.len, 0644, 0) < 0) {
			code = ui_error_last();
			goto done;
		}
	} else {
		fwrite(out.ptr, 1, out.len, stdout);
	}
	for (size_t i = 0; i < rep.nproblems; i++)
		ui_error("%s", rep.problems[i]);
	code = EXIT_OK;
	for (size_t i = 0; i < rep.n; i++) {
		counts[level_rank(rep.v[i].level)]++;
		if (level_rank(rep.v[i].level) >= level_rank(fail_on))
			code = EXIT_NEGATIVE;
	}
	if (!rep.nfiles)
		ui_info("no pipeline definitions found under '%s'", root);
	ui_info("%zu finding%s (%zu error%s, %zu warning%s, %zu note%s) in %zu pipeline file%s",
	        rep.n, rep.n == 1 ? "" : "s", counts[3], counts[3] == 1 ? "" : "s", counts[2],
	        counts[2] == 1 ? "" : "s", counts[1], counts[1] == 1 ? "" : "s", rep.nfiles,
	        rep.nfiles == 1 ? "" : "s");
	if (rep.nproblems)
		code = EXIT_PARTIAL;
done:
	ci_report_release(&rep);
	buf_release(&out);
	return code;
}

int cmd_ci(int argc, char **argv)
{
	static const struct subcmd subs[] = {
		{ "check", ci_check_cmd,
		  "[--format table|json|sarif] [--fail-on LEVEL] [--output FILE] [PATH]",
		  "check GitHub Actions and GitLab CI definitions for supply-chain risks" },
	};

	return cmd_run_sub(argc, argv, "ci", subs, ARRAY_SIZE(subs));
}
