/*
 * vouch env: record the build environment and list changes against an
 * approved baseline (core/buildenv/buildenv.h; docs/cmd/env.md).
 */
#include "util/compat.h"
#include "cmd/cmd.h"
#include "cmd/opt.h"
#include "cmd/ui.h"
#include "core/buildenv/buildenv.h"
#include "core/integrity/tlog.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/json.h"

#ifndef VOUCH_VERSION
#define VOUCH_VERSION "0.0.0-dev"
#endif

static struct strlist include_env = STRLIST_INIT, hash_files = STRLIST_INIT;
static const char *dpkg_status, *os_release;
static bool no_tools;

#define SNAPSHOT_OPTS                                                                              \
	OPT_LIST(0, "include-env", &include_env, "NAME",                                           \
	         "also record environment variable NAME (repeatable)"),                            \
	        OPT_LIST(0, "hash", &hash_files, "FILE",                                           \
	                 "also record the SHA-256 of FILE (repeatable)"),                          \
	        OPT_STRING(0, "dpkg-status", &dpkg_status, "FILE",                                 \
	                   "dpkg's status database (default /var/lib/dpkg/status)"),               \
	        OPT_STRING(0, "os-release", &os_release, "FILE",                                   \
	                   "the os-release file (default /etc/os-release)"),                       \
	        OPT_BOOL(0, "no-tools", &no_tools, "run no program: leave tool versions out")

/* Takes a snapshot of the current folder; prints warnings; sets *partial. */
static int take_snapshot(json_t **out, bool *partial)
{
	struct buildenv_opts o = { 0 };
	struct buf warn = BUF_INIT;
	int r;

	o.root = ".";
	o.dpkg_status = dpkg_status;
	o.os_release = os_release;
	o.include_env = include_env.v;
	o.ninclude_env = include_env.n;
	o.hash_files = hash_files.v;
	o.nhash_files = hash_files.n;
	o.collector = "vouch " VOUCH_VERSION;
	o.no_tools = no_tools;
	r = buildenv_snapshot(out, &o, &warn, partial);
	if (warn.len) {
		const char *p = warn.ptr, *nl;

		while ((nl = strchr(p, '\n'))) {
			ui_warn("%.*s", (int)(nl - p), p);
			p = nl + 1;
		}
	}
	buf_release(&warn);
	return r;
}

static int env_snapshot(int argc, char **argv)
{
	static const struct opt_usage u = {
		"vouch env snapshot",
		"[--output FILE] [--include-env NAME]... [--hash FILE]... [--no-tools]",
		"Record the build environment as canonical JSON: tool versions, installed Debian "
		"packages, allow-listed environment variables, and hashes of CI configuration and "
		"build scripts in the current folder."
	};
	const char *output = NULL;
	const struct opt_spec opts[] = {
		OPT_STRING('o', "output", &output, "FILE", "write the snapshot to FILE"),
		SNAPSHOT_OPTS,
		OPT_END(),
	};
	json_t *snap = NULL;
	struct buf out = BUF_INIT;
	bool partial = false;
	int code;

	if ((code = opt_parse(&argc, &argv, opts, &u)) != OPT_OK)
		return code == OPT_HELP ? EXIT_OK : EXIT_USAGE;
	if (argc) {
		opt_usage_error(&u, "unexpected '%s'", argv[0]);
		code = EXIT_USAGE;
		goto done;
	}
	/* a mistyped --hash FILE is refused before the snapshot is written */
	if (opt_check_paths(&u, (int)hash_files.n, (char **)hash_files.v) != OPT_OK) {
		code = EXIT_USAGE;
		goto done;
	}
	if (take_snapshot(&snap, &partial) < 0 || buildenv_write(&out, snap) < 0) {
		code = ui_error_last();
		goto done;
	}
	if (output) {
		if (fs_write_atomic(output, out.ptr, out.len, 0644, 0) < 0) {
			code = ui_error_last();
			goto done;
		}
	} else {
		fwrite(out.ptr, 1, out.len, stdout);
	}
	code = partial ? EXIT_PARTIAL : EXIT_OK;
done:
	json_decref(snap);
	buf_release(&out);
	return code;
}

static void write_diff_json(struct buf *out, const struct buildenv_diff *d, const char *base,
                            const char *cur)
{
	struct jw w;

	jw_init(&w, out, true);
	jw_obj_begin(&w);
	jw_kstr(&w, "baseline", base);
	jw_key(&w, "current");
	if (cur)
		jw_str(&w, cur);
	else
		jw_null(&w);
	jw_key(&w, "changes");
	jw_arr_begin(&w);
	for (size_t i = 0; i < d->n; i++) {
		const struct buildenv_change *c = &d->v[i];

		jw_obj_begin(&w);
		jw_kstr(&w, "section", c->section);
		jw_kstr(&w, "key", c->key);
		jw_kstr(&w, "change", c->kind);
		jw_key(&w, "old");
		c->old_value ? jw_str(&w, c->old_value) : jw_null(&w);
		jw_key(&w, "new");
		c->new_value ? jw_str(&w, c->new_value) : jw_null(&w);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_obj_end(&w);
	jw_finish(&w);
}

static void write_diff_text(struct buf *out, const struct buildenv_diff *d)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct buildenv_change *c = &d->v[i];

		buf_addf(out, "%s %s %s", c->kind, c->section, c->key);
		if (c->old_value && c->new_value)
			buf_addf(out, ": %s -> %s\n", c->old_value, c->new_value);
		else
			buf_addf(out, ": %s\n", c->old_value ? c->old_value : c->new_value);
	}
}

static int env_diff(int argc, char **argv)
{
	static const struct opt_usage u = {
		"vouch env diff",
		"BASELINE [CURRENT] [--format text|json] [--log DIR] [snapshot options]",
		"List every change (added, removed, changed, per section) from the approved "
		"BASELINE snapshot to CURRENT (default: a snapshot taken now). Exit 1 when there "
		"are changes. With --log, append the current snapshot and the diff to the log."
	};
	static const char *const formats[] = { "text", "json", NULL };
	const char *format = "text", *log_dir = NULL;
	const struct opt_spec opts[] = {
		OPT_CHOICE(0, "format", &format, "FORMAT", formats, "output format"),
		OPT_STRING(0, "log", &log_dir, "DIR",
		           "append the snapshot and the diff to this log"),
		SNAPSHOT_OPTS,
		OPT_END(),
	};
	json_t *base = NULL, *cur = NULL;
	struct buildenv_diff d = BUILDENV_DIFF_INIT;
	struct buf out = BUF_INIT, snap = BUF_INIT, dj = BUF_INIT;
	struct tlog log = TLOG_INIT;
	bool partial = false;
	int code;

	if ((code = opt_parse(&argc, &argv, opts, &u)) != OPT_OK)
		return code == OPT_HELP ? EXIT_OK : EXIT_USAGE;
	if (argc < 1 || argc > 2) {
		opt_usage_error(&u, argc ? "too many operands" : "no BASELINE snapshot given");
		code = EXIT_USAGE;
		goto done;
	}
	if (buildenv_load(&base, argv[0]) < 0 ||
	    (argc == 2 ? buildenv_load(&cur, argv[1]) : take_snapshot(&cur, &partial)) < 0) {
		code = ui_error_last();
		goto done;
	}
	buildenv_diff(&d, base, cur);
	if (!strcmp(format, "json"))
		write_diff_json(&out, &d, argv[0], argc == 2 ? argv[1] : NULL);
	else
		write_diff_text(&out, &d);
	if (log_dir) {
		uint64_t i1, i2;

		buildenv_write(&snap, cur);
		write_diff_json(&dj, &d, argv[0], argc == 2 ? argv[1] : NULL);
		if (tlog_open(&log, log_dir, TLOG_CREATE) < 0 ||
		    tlog_add(&i1, &log, snap.ptr, snap.len) < 0 ||
		    tlog_add(&i2, &log, dj.ptr, dj.len) < 0 || tlog_commit(&log) < 0) {
			code = ui_error_last();
			goto done;
		}
		ui_info("log '%s': the snapshot is entry %" PRIu64 ", the diff entry %" PRIu64,
		        log_dir, i1, i2);
	}
	fwrite(out.ptr, 1, out.len, stdout);
	ui_info("%zu change%s from '%s'", d.n, d.n == 1 ? "" : "s", argv[0]);
	code = partial ? EXIT_PARTIAL : d.n ? EXIT_NEGATIVE : EXIT_OK;
done:
	json_decref(base);
	json_decref(cur);
	buildenv_diff_release(&d);
	buf_release(&out);
	buf_release(&snap);
	buf_release(&dj);
	tlog_release(&log);
	return code;
}

static const struct subcmd verbs[] = {
	{ "snapshot", env_snapshot, "[--output FILE] [--include-env NAME]... [--hash FILE]...",
	  "record the build environment as canonical JSON" },
	{ "diff", env_diff, "BASELINE [CURRENT] [--format text|json] [--log DIR]",
	  "list changes against an approved baseline" },
};

int cmd_env(int argc, char **argv)
{
	int code = cmd_run_sub(argc, argv, "env", verbs, ARRAY_SIZE(verbs));

	strlist_release(&include_env);
	strlist_release(&hash_files);
	return code;
}
