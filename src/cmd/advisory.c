/*
 * advisory.c: `vouch advisory check`: the CSAF 2.0 mandatory tests on CSAF documents.
 *
 * check prints one line per finding, "FILE: TEST message at /json/pointer"
 * (warnings prefixed "warning: "), and "FILE: ok" for a document without
 * errors; --format json writes one array of per-file results instead. A file
 * that cannot be read or parsed is named on stderr (with the line and column
 * of a JSON error) and the rest are still checked.
 * Exit: 1 when a document fails a test, else 3 when a file could not be read.
 */
#include "util/compat.h"
#include "cmd/cmd.h"
#include "cmd/opt.h"
#include "cmd/ui.h"
#include "core/disclose/csaf.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/json.h"

/* CSAF documents are small; 64 MiB is far above any real one and bounds the parse. */
#define ADVISORY_MAX_SIZE ((size_t)64 << 20)

static const char *const formats[] = { "table", "json", NULL };

static void write_json_result(struct jw *w, const char *file, const struct csaf_report *r,
                              const char *error)
{
	jw_obj_begin(w);
	jw_kstr(w, "file", file);
	if (error) {
		jw_kstr(w, "error", error);
	} else {
		jw_kbool(w, "valid", r->nerrors == 0);
		jw_key(w, "findings");
		jw_arr_begin(w);
		for (size_t i = 0; i < r->n; i++) {
			jw_obj_begin(w);
			jw_kstr(w, "test", r->v[i].test);
			jw_kstr(w, "level", r->v[i].warning ? "warning" : "error");
			jw_kstr(w, "path", r->v[i].path);
			jw_kstr(w, "message", r->v[i].msg);
			jw_obj_end(w);
		}
		jw_arr_end(w);
		if (r->truncated)
			jw_kbool(w, "truncated", true);
	}
	jw_obj_end(w);
}

static int advisory_check(int argc, char **argv)
{
	const char *format = "table";
	const struct opt_spec opts[] = {
		OPT_CHOICE(0, "format", &format, "FORMAT", formats, "table (default) or json"),
		OPT_END(),
	};
	static const struct opt_usage u = {
		"vouch advisory check",
		"[--format table|json] FILE...",
		"Runs the CSAF 2.0 mandatory tests (section 6.1) and the structural schema\n"
		"checks on each CSAF document. Exit 1 when a document fails a test.",
	};
	struct buf out = BUF_INIT_MAX((size_t)256 << 20);
	struct jw w;
	int code, failed = 0, unread = 0;

	if ((code = opt_parse(&argc, &argv, opts, &u)) != OPT_OK)
		return code == OPT_HELP ? EXIT_OK : EXIT_USAGE;
	if (!argc) {
		opt_usage_error(&u, "no CSAF document given");
		return EXIT_USAGE;
	}
	jw_init(&w, &out, true);
	if (!strcmp(format, "json"))
		jw_arr_begin(&w);
	for (int i = 0; i < argc; i++) {
		struct csaf_report r = CSAF_REPORT_INIT;
		json_t *doc = NULL;

		if (vjson_load_file(&doc, argv[i], ADVISORY_MAX_SIZE) < 0) {
			ui_error("cannot check '%s': %s", argv[i], err_msg());
			unread++;
			if (!strcmp(format, "json"))
				write_json_result(&w, argv[i], NULL, err_msg());
			continue;
		}
		csaf_check(&r, doc);
		if (r.nerrors)
			failed++;
		if (!strcmp(format, "json")) {
			write_json_result(&w, argv[i], &r, NULL);
		} else {
			for (size_t k = 0; k < r.n; k++)
				buf_addf(&out, "%s: %s%s %s at %s\n", argv[i],
				         r.v[k].warning ? "warning: " : "", r.v[k].test, r.v[k].msg,
				         *r.v[k].path ? r.v[k].path : "/");
			if (r.truncated)
				buf_addf(&out, "%s: more than %d findings, the rest not listed\n",
				         argv[i], CSAF_MAX_FINDINGS);
			if (!r.nerrors)
				buf_addf(&out, "%s: ok\n", argv[i]);
		}
		csaf_report_release(&r);
		json_decref(doc);
	}
	if (!strcmp(format, "json")) {
		jw_arr_end(&w);
		if (jw_finish(&w) < 0) {
			buf_release(&out);
			return ui_error_last();
		}
	}
	fwrite(out.ptr, 1, out.len, stdout);
	buf_release(&out);
	if (failed)
		return EXIT_NEGATIVE;
	return unread ? EXIT_PARTIAL : EXIT_OK;
}

static const struct subcmd verbs[] = {
	{ "check", advisory_check, "[--format table|json] FILE...",
	  "run the CSAF 2.0 mandatory tests on CSAF documents" },
};

int cmd_advisory(int argc, char **argv)
{
	return cmd_run_sub(argc, argv, "advisory", verbs, ARRAY_SIZE(verbs));
}
