/*
 * secrets.c: `vouch secrets`, credentials in source trees and git histories.
 */
#include "util/compat.h"
#include "cmd/cmd.h"
#include "cmd/opt.h"
#include "cmd/ui.h"
#include "core/formats/sarif.h"
#include "core/secrets/secrets.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/json.h"

static void report_table(struct buf *out, const struct secrets *s, size_t active, size_t accepted,
                         bool color)
{
	for (size_t i = 0; i < s->nfindings; i++) {
		const struct secrets_finding *f = &s->findings[i];

		if (f->baselined)
			continue;
		buf_addf(out, "%s%s:%zu:%zu%s  %s  %s", color ? "\033[1m" : "", ui_safe(f->path),
		         f->line, f->column, color ? "\033[0m" : "", f->rule, ui_safe(f->redacted));
		if (f->note)
			buf_addf(out, "  (%s)", ui_safe(f->note));
		buf_addch(out, '\n');
		if (f->commit)
			buf_addf(out, "    commit %.12s  %s  %s\n", f->commit, ui_safe(f->author),
			         f->date);
	}
	buf_addf(out, "%zu secret%s found in %" PRIu64 " files (%" PRIu64 " bytes)", active,
	         active == 1 ? "" : "s", s->files_scanned, s->bytes_scanned);
	if (accepted)
		buf_addf(out, ", %zu accepted by the baseline", accepted);
	if (s->files_binary)
		buf_addf(out, ", %" PRIu64 " binary files skipped", s->files_binary);
	buf_addch(out, '\n');
}

static int report_json(struct buf *out, const struct secrets *s, size_t accepted)
{
	struct jw w;

	jw_init(&w, out, true);
	jw_obj_begin(&w);
	jw_key(&w, "findings");
	jw_arr_begin(&w);
	for (size_t i = 0; i < s->nfindings; i++) {
		const struct secrets_finding *f = &s->findings[i];

		if (f->baselined)
			continue;
		jw_obj_begin(&w);
		jw_kstr(&w, "path", f->path);
		jw_kint(&w, "line", (int64_t)f->line);
		jw_kint(&w, "column", (int64_t)f->column);
		jw_kstr(&w, "rule", f->rule);
		jw_kstr(&w, "secret", f->redacted);
		jw_kstr(&w, "fingerprint", f->fingerprint);
		if (f->note)
			jw_kstr(&w, "note", f->note);
		if (f->commit) {
			jw_kstr(&w, "commit", f->commit);
			jw_kstr(&w, "author", f->author);
			jw_kstr(&w, "date", f->date);
		}
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_key(&w, "files_scanned");
	jw_uint(&w, s->files_scanned);
	jw_key(&w, "bytes_scanned");
	jw_uint(&w, s->bytes_scanned);
	jw_key(&w, "files_binary");
	jw_uint(&w, s->files_binary);
	jw_key(&w, "baselined");
	jw_uint(&w, accepted);
	jw_key(&w, "not_read");
	jw_arr_begin(&w);
	for (size_t i = 0; i < s->nunread; i++) {
		jw_obj_begin(&w);
		jw_kstr(&w, "path", s->unread[i].path);
		jw_kstr(&w, "reason", s->unread[i].reason);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_obj_end(&w);
	return jw_finish(&w);
}

#ifndef VOUCH_VERSION
#define VOUCH_VERSION "0.0.0-dev"
#endif

static int report_sarif(struct buf *out, const struct secrets *s)
{
	/* CWE-798 (hard-coded credentials) as CodeQL tags it: code scanning and
	   `vouch assess` ([evidence] sarif) place the findings by it */
	static const char *const tags[] = { "security", "secrets", "external/cwe/cwe-798" };
	struct sarif sa;
	size_t n;
	const struct secrets_rule *rules = secrets_rules(&n);

	sarif_begin(&sa, out, "vouch", VOUCH_VERSION);
	for (size_t i = 0; i < n; i++)
		sarif_rule(&sa,
		           &(struct sarif_rule){
		                   .id = rules[i].id,
		                   .short_text = rules[i].title,
		                   .help_text = "Revoke the credential at its provider, remove it "
		                                "from the tree (and the history), and load it "
		                                "from a secret store at run time.",
		                   .help_uri = rules[i].source,
		                   .level = "error",
		                   .security_severity = "8.0",
		                   .tags = tags,
		                   .ntags = ARRAY_SIZE(tags),
		           });
	sarif_results(&sa);
	for (size_t i = 0; i < s->nfindings; i++) {
		const struct secrets_finding *f = &s->findings[i];
		struct buf msg = BUF_INIT;
		struct sarif_prop props[4];
		size_t np = 0;

		buf_addf(&msg, "%s: %s", f->rule, f->redacted);
		if (f->note)
			buf_addf(&msg, " (%s)", f->note);
		if (f->commit) {
			props[np++] = (struct sarif_prop){ "commit", f->commit, NULL, 0 };
			props[np++] = (struct sarif_prop){ "author", f->author, NULL, 0 };
			props[np++] = (struct sarif_prop){ "date", f->date, NULL, 0 };
		}
		props[np++] = (struct sarif_prop){ "secret", f->redacted, NULL, 0 };
		sarif_result(
		        &sa,
		        &(struct sarif_result){
		                .rule_id = f->rule,
		                .message = msg.ptr,
		                .locs = &(struct sarif_location){ .uri = f->path,
		                                                  .line = (unsigned)f->line,
		                                                  .column = (unsigned)f->column },
		                .nlocs = 1,
		                .fingerprint = f->fingerprint,
		                .suppressed = f->baselined,
		                .suppress_kind = "external",
		                .justification = "accepted in the baseline",
		                .props = props,
		                .nprops = np,
		        });
		buf_release(&msg);
	}
	return sarif_end(&sa);
}

static void list_rules(struct buf *out)
{
	size_t n;
	const struct secrets_rule *r = secrets_rules(&n);

	for (size_t i = 0; i < n; i++)
		buf_addf(out, "%-24s %s\n%-24s %s\n", r[i].id, r[i].title, "", r[i].source);
}

int cmd_secrets(int argc, char **argv)
{
	static const char *const formats[] = { "table", "json", "sarif", NULL };
	const char *format = "table", *output = NULL, *write_baseline = NULL;
	struct strlist baselines = STRLIST_INIT;
	bool git = false, rules = false;
	const struct opt_spec opts[] = {
		OPT_BOOL(0, "git", &git,
		         "scan every commit of the repository at PATH (each blob once) instead of "
		         "the files"),
		OPT_LIST(0, "baseline", &baselines, "FILE",
		         "accept the findings whose fingerprints FILE lists (repeatable)"),
		OPT_STRING(0, "write-baseline", &write_baseline, "FILE",
		           "write the fingerprints of every finding to FILE and exit 0"),
		OPT_CHOICE(0, "format", &format, "FORMAT", formats,
		           "table (default), json or sarif"),
		OPT_STRING('o', "output", &output, "FILE",
		           "write the report to FILE (replaced atomically; - for stdout)"),
		OPT_BOOL(0, "list-rules", &rules, "print the rules and the documents they follow"),
		OPT_END(),
	};
	const struct opt_usage usage = {
		"vouch secrets",
		"[--git] [--baseline FILE]... [--write-baseline FILE] [--format FORMAT] [-o FILE] "
		"[PATH...]\n--list-rules",
		"Finds credentials (provider tokens with their checksums, private keys, JWTs,\n"
		"passwords in URLs, secret-named assignments) in files, or with --git in every\n"
		"commit of a repository's history. Offline: nothing is ever sent anywhere. Exit 1\n"
		"when a secret not in the baseline is found; 3 when some input could not be read.",
	};
	static char *dot[] = { (char *)".", NULL };
	struct secrets s = SECRETS_INIT;
	struct buf out = BUF_INIT;
	size_t active = 0, accepted = 0;
	int r, code = EXIT_OK;

	r = opt_parse(&argc, &argv, opts, &usage);
	if (r != OPT_OK) {
		code = r == OPT_HELP ? EXIT_OK : EXIT_USAGE;
		goto done;
	}
	if (rules) {
		list_rules(&out);
		fwrite(out.ptr, 1, out.len, stdout);
		goto done;
	}
	if (!argc) {
		argc = 1;
		argv = dot;
	}
	if (opt_check_paths(&usage, argc, argv) != OPT_OK) {
		code = EXIT_USAGE;
		goto done;
	}
	if (write_baseline && output && !strcmp(write_baseline, output)) {
		opt_usage_error(&usage, "--write-baseline and --output name the same file");
		code = EXIT_USAGE;
		goto done;
	}
	if (secrets_init(&s) < 0) {
		code = ui_error_last();
		goto done;
	}
	for (size_t i = 0; i < baselines.n; i++) {
		if (secrets_load_baseline(&s, baselines.v[i]) < 0) {
			/* accepting nothing would report what was accepted: refuse to run */
			ui_error_last();
			code = EXIT_FAIL;
			goto done;
		}
	}
	for (int i = 0; i < argc; i++) {
		r = git ? secrets_scan_git(&s, argv[i]) : secrets_scan_path(&s, argv[i]);
		if (r < 0) {
			code = ui_error_last();
			if (git && r == ERR_IO)
				code = EXIT_FAIL;
			goto done;
		}
	}
	secrets_sort(&s);
	for (size_t i = 0; i < s.nunread; i++)
		ui_error("'%s': %s", s.unread[i].path, s.unread[i].reason);
	for (size_t i = 0; i < s.nfindings; i++) {
		if (s.findings[i].baselined)
			accepted++;
		else
			active++;
	}
	if (write_baseline) {
		struct buf bl = BUF_INIT;

		r = secrets_format_baseline(&bl, &s);
		if (r == 0)
			r = fs_write_atomic(write_baseline, bl.ptr, bl.len, 0644, 0);
		buf_release(&bl);
		if (r < 0) {
			ui_error_last();
			code = EXIT_FAIL;
			goto done;
		}
		accepted += active;
		active = 0;
		for (size_t i = 0; i < s.nfindings; i++)
			s.findings[i].baselined = true;
	}
	if (!strcmp(format, "json"))
		r = report_json(&out, &s, accepted);
	else if (!strcmp(format, "sarif"))
		r = report_sarif(&out, &s);
	else {
		report_table(&out, &s, active, accepted, !output && ui_color());
		r = 0;
	}
	if (r < 0) {
		code = ui_error_last();
		goto done;
	}
	if ((code = ui_write_result(output, &out)) != EXIT_OK)
		goto done;
	if (s.nunread)
		code = EXIT_PARTIAL;
	else if (active)
		code = EXIT_NEGATIVE;
done:
	secrets_release(&s);
	strlist_release(&baselines);
	buf_release(&out);
	return code;
}
