/*
 * vouch assess: the self-assessment against the Software Security Code of
 * Practice (core/assess/assess.h; docs/cmd/assess.md).
 */
#include "util/compat.h"
#include "cmd/cmd.h"
#include "cmd/opt.h"
#include "cmd/password.h"
#include "cmd/ui.h"
#include "core/assess/assess.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/epoch.h"
#include "util/err.h"
#include "util/fs.h"

#include <dirent.h>

#ifndef VOUCH_VERSION
#define VOUCH_VERSION "0.0.0-dev"
#endif

/* The newest saved assessment in dir whose name sorts before `before`, or NULL. */
static char *latest_saved(const char *dir, const char *before)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char *best = NULL;
	struct buf b = BUF_INIT;

	if (!d)
		return NULL;
	while ((de = readdir(d))) {
		size_t l = strlen(de->d_name);

		if (l < 6 || strcmp(de->d_name + l - 5, ".json") || de->d_name[0] == '.' ||
		    strcmp(de->d_name, before) >= 0)
			continue;
		if (!best || strcmp(de->d_name, best) > 0) {
			free(best);
			best = xstrdup(de->d_name);
		}
	}
	closedir(d);
	if (!best)
		return NULL;
	buf_addf(&b, "%s/%s", dir, best);
	free(best);
	return buf_detach(&b, NULL);
}

int cmd_load_config(struct assess_config *out, const char *config, const char *path)
{
	struct buf cfgpath = BUF_INIT;
	int code = EXIT_OK;

	if (config)
		buf_adds(&cfgpath, config);
	else
		buf_addf(&cfgpath, "%s/vouch.toml", path);
	if (config || fs_exists(cfgpath.ptr)) {
		if (assess_config_load(out, cfgpath.ptr) < 0) {
			/* without its configuration the assessment cannot run at all */
			ui_error_last();
			code = EXIT_FAIL;
		}
	} else {
		ui_warn("no vouch.toml in '%s': only automated evidence is used (see `vouch init`)",
		        path);
		assess_config_default(out, path);
	}
	buf_release(&cfgpath);
	return code;
}

int cmd_assess(int argc, char **argv)
{
	static const struct opt_usage u = {
		"vouch assess",
		"[--config FILE] [--format html|json|markdown|oscal] [--output FILE [--sign KEY]] "
		"[--db FILE] [--no-save] [--fail-on-gaps] [PATH]",
		"Assess the product in PATH (default: the current folder) against the 45 claims of "
		"the UK Software Security Code of Practice, combining automated evidence with the "
		"claims declared in vouch.toml. The report is saved under PATH/.vouch/assessments/ "
		"so the next one shows what changed. With --sign, the written report is signed "
		"with a minisign secret key into FILE.minisig."
	};
	static const char *const formats[] = { "html", "json", "markdown", "oscal", NULL };
	const char *config = NULL, *format = "html", *output = NULL, *db = NULL, *path = ".";
	const char *sign = NULL;
	bool no_save = false, fail_on_gaps = false;
	const struct opt_spec opts[] = {
		OPT_STRING('c', "config", &config, "FILE",
		           "the vouch.toml (default PATH/vouch.toml)"),
		OPT_CHOICE('f', "format", &format, "FORMAT", formats,
		           "report format (default html)"),
		OPT_STRING('o', "output", &output, "FILE", "write the report to FILE"),
		OPT_STRING(0, "sign", &sign, "KEY",
		           "sign the written report with the minisign secret key KEY, into "
		           "FILE.minisig"),
		OPT_STRING(0, "db", &db, "FILE", "the vulnerability database"),
		OPT_BOOL(0, "no-save", &no_save, "do not keep this assessment under .vouch/"),
		OPT_BOOL(0, "fail-on-gaps", &fail_on_gaps,
		         "exit 1 when an applicable claim is not met or unknown"),
		OPT_END(),
	};
	struct assess_config cfg = ASSESS_CONFIG_INIT;
	struct assessment a = ASSESSMENT_INIT;
	struct assess_opts ao = { 0 };
	struct buf out = BUF_INIT, js = BUF_INIT, dir = BUF_INIT, name = BUF_INIT;
	struct minisign_seckey key;
	struct buf sig = BUF_INIT;
	struct buf signame = BUF_INIT;
	char keyid[2 * MINISIGN_KEYID_LEN + 1];
	const char *outname = NULL;
	bool key_loaded = false;
	char *prev = NULL;
	size_t n[4];
	int code, r;

	if ((code = opt_parse(&argc, &argv, opts, &u)) != OPT_OK)
		return code == OPT_HELP ? EXIT_OK : EXIT_USAGE;
	if (argc > 1) {
		opt_usage_error(&u, "only one PATH may be given");
		return EXIT_USAGE;
	}
	if (argc == 1)
		path = argv[0];
	if (output) {
		/* syft's "-o FORMAT=FILE" or "-o FORMAT": never a file named "json=r.json" */
		const char *one[] = { output };
		const struct strlist values = { one, 1, 1 };
		struct opt_output *o = NULL;

		if (opt_outputs(&o, &values, format, formats, &u) < 0)
			return EXIT_USAGE;
		format = o->format;
		output = o->path;
		code = o->version ? opt_usage_error(&u, "'%s' has no version to choose", format)
		                  : 0;
		free(o);
		if (code)
			return EXIT_USAGE;
	}
	/* a mistyped PATH would assess nothing: refused before any report is written */
	if (opt_check_paths(&u, argc, argv) != OPT_OK)
		return EXIT_USAGE;
	if (sign && !output) {
		opt_usage_error(&u, "--sign needs --output FILE: the signature goes beside it");
		return EXIT_USAGE;
	}
	if (sign) {
		/* The key first: its id goes into the report, and a wrong password writes nothing. */
		outname = strrchr(output, '/') ? strrchr(output, '/') + 1 : output;
		if (cmd_load_seckey(&key, sign) < 0) {
			code = ui_error_last();
			goto done;
		}
		key_loaded = true;
		minisign_keyid_hex(keyid, key.keyid);
		a.signer_keyid = keyid;
		buf_addf(&signame, "%s.minisig", outname);
		a.signature_file = signame.ptr;
	}
	ao.fixed_time = getenv("SOURCE_DATE_EPOCH") != NULL;
	if (epoch_now(&ao.now) < 0) {
		code = ui_error_last();
		goto done;
	}
	ao.db = db;
	if ((code = cmd_load_config(&cfg, config, path)) != EXIT_OK)
		goto done;
	a.tool_version = VOUCH_VERSION;
	if ((r = assess_run(&a, &cfg, &ao)) < 0) {
		code = ui_error_last();
		goto done;
	}
	buf_addf(&dir, "%s/.vouch/assessments", cfg.products[0].path);
	for (const char *p = a.generated; *p; p++)
		if (*p != ':')
			buf_addch(&name, *p);
	buf_adds(&name, ".json");
	if ((prev = latest_saved(dir.ptr, name.ptr)) && assess_compare(&a, prev) < 0) {
		ui_warn("%s", err_msg());
	}
	if (assess_render_json(&js, &a) < 0) {
		code = ui_error_last();
		goto done;
	}
	r = !strcmp(format, "json")       ? (buf_add(&out, js.ptr, js.len), 0)
	    : !strcmp(format, "markdown") ? assess_render_markdown(&out, &a)
	    : !strcmp(format, "oscal")    ? assess_render_oscal(&out, &a)
	                                  : assess_render_html(&out, &a);
	if (r < 0) {
		code = ui_error_last();
		goto done;
	}
	if (output) {
		if (fs_write_atomic(output, out.ptr, out.len, 0644, 0) < 0) {
			code = ui_error_last();
			goto done;
		}
		/* Signed from the bytes just written: the signature covers exactly the file. */
		if (key_loaded &&
		    (minisign_sign_buf(&sig, &key, out.ptr, out.len, outname, NULL, NULL) < 0 ||
		     cmd_write_minisig(output, &sig) < 0)) {
			code = ui_error_last();
			goto done;
		}
		if (key_loaded && !vouch_quiet)
			ui_info("signed '%s' with key %s -> '%s.minisig'", output, keyid, output);
	} else {
		fwrite(out.ptr, 1, out.len, stdout);
	}
	if (!no_save) {
		struct buf f = BUF_INIT;

		buf_addf(&f, "%s/%s", dir.ptr, name.ptr);
		if (fs_mkdirs(dir.ptr, 0755) < 0 ||
		    fs_write_atomic(f.ptr, js.ptr, js.len, 0644, 0) < 0)
			ui_warn("could not keep the assessment: %s", err_msg());
		buf_release(&f);
	}
	for (const char *p = a.warnings.ptr, *nl; p && (nl = strchr(p, '\n')); p = nl + 1)
		ui_warn("%.*s", (int)(nl - p), p);
	assess_counts(&a, n);
	if (!vouch_quiet)
		ui_info("%zu met, %zu not met, %zu unknown, %zu not applicable", n[ST_MET],
		        n[ST_NOT_MET], n[ST_UNKNOWN], n[ST_NA]);
	code = a.partial                                          ? EXIT_PARTIAL
	       : fail_on_gaps && (n[ST_NOT_MET] || n[ST_UNKNOWN]) ? EXIT_NEGATIVE
	                                                          : EXIT_OK;
done:
	if (key_loaded)
		minisign_seckey_wipe(&key);
	buf_release(&signame);
	buf_release(&sig);
	free(prev);
	assessment_release(&a);
	assess_config_release(&cfg);
	buf_release(&out);
	buf_release(&js);
	buf_release(&dir);
	buf_release(&name);
	return code;
}
