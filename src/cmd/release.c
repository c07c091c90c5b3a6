/*
 * release.c: `vouch release check`, the release gate over the [release]
 * policy of vouch.toml (docs/cmd/release.md).
 */
#include "util/compat.h"
#include "cmd/cmd.h"
#include "cmd/opt.h"
#include "cmd/ui.h"
#include "core/assess/assess.h"
#include "core/integrity/tlog.h"
#include "core/release/check.h"
#include "util/buf.h"
#include "util/epoch.h"
#include "util/err.h"
#include "util/fs.h"

#ifndef VOUCH_VERSION
#define VOUCH_VERSION "0.0.0-dev"
#endif

static const char *const formats[] = { "table", "json", "junit", "sarif", NULL };

static void table(struct buf *out, const struct release_check *rc, bool color)
{
	for (int i = 0; i < RELEASE_NRULES; i++) {
		const struct release_rule *r = &rc->rules[i];
		const char *word = r->status == RULE_PASS   ? "PASS"
		                   : r->status == RULE_FAIL ? "FAIL"
		                   : r->status == RULE_SKIP ? "SKIP"
		                                            : "ERROR";
		const char *col = !color                    ? ""
		                  : r->status == RULE_PASS  ? "\033[32m"
		                  : r->status == RULE_FAIL  ? "\033[1;31m"
		                  : r->status == RULE_ERROR ? "\033[33m"
		                                            : "\033[2m";

		buf_addf(out, "%s%-5s%s %-19s %s\n", col, word, color ? "\033[0m" : "", r->id,
		         ui_safe(r->reason.ptr));
		if (r->fix.len && r->status != RULE_SKIP)
			buf_addf(out, "      %-19s fix: %s\n", "", ui_safe(r->fix.ptr));
	}
	buf_addf(out, "release check of '%s': %zu passed, %zu failed, %zu skipped",
	         ui_safe(rc->product), rc->counts[RULE_PASS], rc->counts[RULE_FAIL],
	         rc->counts[RULE_SKIP]);
	if (rc->counts[RULE_ERROR])
		buf_addf(out, ", %zu could not be checked", rc->counts[RULE_ERROR]);
	buf_adds(out, "\n");
}

static int release_check(int argc, char **argv)
{
	const char *config = NULL, *db = NULL, *format = "table", *log_dir = NULL, *output = NULL;
	const char *path = ".";
	const struct opt_spec opts[] = {
		OPT_STRING('c', "config", &config, "FILE",
		           "the vouch.toml (default PATH/vouch.toml)"),
		OPT_STRING(0, "db", &db, "FILE",
		           "the vulnerability database for fail_on (default [evidence] db, "
		           "$VOUCH_DB or the cache)"),
		OPT_CHOICE('f', "format", &format, "FORMAT", formats,
		           "table (the default), json, junit (one test case per rule) or sarif"),
		OPT_STRING('o', "output", &output, "FILE", "write the result to FILE (atomically)"),
		OPT_STRING(0, "log", &log_dir, "DIR",
		           "append the result (JSON) to the build log in DIR"),
		OPT_END(),
	};
	const struct opt_usage usage = {
		"vouch release check",
		"[--config FILE] [--db FILE] [--format table|json|junit|sarif] [--output FILE] "
		"[--log DIR] [PATH]",
		"Checks the release policy of vouch.toml's [release] table: each rule passes, "
		"fails or is skipped (not configured), with the reason and the fix. Exit 0 when "
		"no rule fails, 1 when one does, 3 when none fails but an input could not be "
		"read (named), 4 when the check could not run.",
	};
	struct assess_config cfg = ASSESS_CONFIG_INIT;
	struct release_check rc;
	struct release_opts ro = { 0 };
	struct buf cfgpath = BUF_INIT, out = BUF_INIT, js = BUF_INIT;
	struct tlog log = TLOG_INIT;
	int r, code = EXIT_FAIL;

	release_check_init(&rc);
	r = opt_parse(&argc, &argv, opts, &usage);
	if (r != OPT_OK) {
		code = r == OPT_HELP ? EXIT_OK : EXIT_USAGE;
		goto done;
	}
	if (argc > 1) {
		opt_usage_error(&usage, "only one PATH may be given");
		code = EXIT_USAGE;
		goto done;
	}
	if (argc == 1)
		path = argv[0];
	if (opt_check_paths(&usage, argc, argv) != OPT_OK) {
		code = EXIT_USAGE;
		goto done;
	}
	if (config)
		buf_adds(&cfgpath, config);
	else
		buf_addf(&cfgpath, "%s/vouch.toml", path);
	if (config || fs_exists(cfgpath.ptr)) {
		if (assess_config_load(&cfg, cfgpath.ptr) < 0) {
			/* without its policy the gate cannot run */
			ui_error_last();
			goto done;
		}
	} else {
		assess_config_default(&cfg, path);
	}
	if (!cfg.release.present)
		ui_warn("no [release] policy in '%s': every rule is skipped (see `vouch init`)",
		        cfg.file ? cfg.file : cfgpath.ptr);
	if (epoch_now(&ro.now) < 0) {
		code = ui_error_last();
		goto done;
	}
	ro.db = db;
	if (release_check_run(&rc, &cfg, &ro) < 0) {
		code = ui_error_last();
		goto done;
	}
	for (size_t i = 0; i < rc.nunread; i++)
		ui_error("%s", rc.unread[i]);
	if (release_check_json(&js, &rc) < 0) {
		code = ui_error_last();
		goto done;
	}
	if (!strcmp(format, "json"))
		r = buf_add(&out, js.ptr, js.len);
	else if (!strcmp(format, "junit"))
		r = release_check_junit(&out, &rc);
	else if (!strcmp(format, "sarif"))
		r = release_check_sarif(&out, &rc, VOUCH_VERSION);
	else {
		table(&out, &rc, !output && ui_color());
		r = 0;
	}
	if (r < 0) {
		code = ui_error_last();
		goto done;
	}
	if (output && strcmp(output, "-")) {
		if (fs_write_atomic(output, out.ptr, out.len, 0644, 0) < 0) {
			code = ui_error_last();
			goto done;
		}
	} else if (fwrite(out.ptr, 1, out.len, stdout) != out.len) {
		ui_error("cannot write output: %s", strerror(errno));
		goto done;
	}
	if (log_dir) {
		uint64_t idx;

		if (tlog_open(&log, log_dir, TLOG_CREATE) < 0 ||
		    tlog_add(&idx, &log, js.ptr, js.len) < 0 || tlog_commit(&log) < 0) {
			code = ui_error_last();
			goto done;
		}
		ui_info("log '%s': the result is entry %" PRIu64, log_dir, idx);
	}
	code = rc.counts[RULE_FAIL]    ? EXIT_NEGATIVE
	       : rc.counts[RULE_ERROR] ? EXIT_PARTIAL
	                               : EXIT_OK;
done:
	tlog_release(&log);
	release_check_release(&rc);
	assess_config_release(&cfg);
	buf_release(&cfgpath);
	buf_release(&out);
	buf_release(&js);
	return code;
}

static const struct subcmd verbs[] = {
	{ "check", release_check,
	  "[--config FILE] [--db FILE] [--format table|json|junit|sarif] [--log DIR] [PATH]",
	  "the release gate: the [release] policy, rule by rule" },
};

int cmd_release(int argc, char **argv)
{
	return cmd_run_sub(argc, argv, "release", verbs, ARRAY_SIZE(verbs));
}
