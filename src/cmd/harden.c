/*
 * harden.c: `vouch harden`, the exploit mitigations of executables and
 * libraries (ELF, PE, Mach-O), checked against an optional policy.
 */
#include "util/compat.h"
#include "cmd/cmd.h"
#include "cmd/opt.h"
#include "cmd/ui.h"
#include "core/formats/sarif.h"
#include "core/harden/harden.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/json.h"

static const char *const formats[] = { "table", "json", "sarif", NULL };

static void on_unread(const char *path, const char *msg, void *payload)
{
	(void)path;
	(void)payload;
	ui_error("%s", msg);
}

static const char *tri_name(enum harden_tri t)
{
	static const char *const names[] = { "no", "yes", "unknown", "n/a" };

	return names[t];
}

static void jw_tri(struct jw *w, const char *key, enum harden_tri t)
{
	jw_key(w, key);
	if (t == HARDEN_YES || t == HARDEN_NO)
		jw_bool(w, t == HARDEN_YES);
	else
		jw_null(w);
}

static void jw_kstr_or_null(struct jw *w, const char *key, const char *s)
{
	jw_key(w, key);
	if (s)
		jw_str(w, s);
	else
		jw_null(w);
}

struct fails {
	struct jw *w;     /* JSON: the "failures" array being written */
	struct buf *text; /* table: the lines under the table */
};

static void on_fail(const struct harden_file *f, const char *req, const char *have, void *payload)
{
	struct fails *fl = payload;

	if (fl->w) {
		jw_obj_begin(fl->w);
		jw_kstr(fl->w, "requirement", req);
		jw_kstr(fl->w, "have", have);
		jw_obj_end(fl->w);
	}
	if (fl->text) {
		buf_addf(fl->text, "%s", ui_safe(f->path));
		if (f->slice >= 0)
			buf_addf(fl->text, " [%s]", harden_file_arch(f));
		buf_addf(fl->text, ": lacks %s (has %s)\n", req, ui_safe(have));
	}
}

static void json_fortify(struct jw *w, const struct harden_file *f)
{
	jw_key(w, "fortify");
	jw_obj_begin(w);
	jw_kstr(w, "status", harden_fortify_name(f->fortify));
	jw_key(w, "fortified");
	jw_arr_begin(w);
	for (size_t i = 0; i < harden_fortifiable_count(); i++)
		if (f->fortified[i])
			jw_str(w, harden_fortifiable_name(i));
	jw_arr_end(w);
	jw_key(w, "unfortified");
	jw_arr_begin(w);
	for (size_t i = 0; i < harden_fortifiable_count(); i++)
		if (f->unfortified[i])
			jw_str(w, harden_fortifiable_name(i));
	jw_arr_end(w);
	jw_obj_end(w);
}

static void json_file(struct jw *w, const struct harden_file *f, const struct harden_policy *p,
                      bool policy)
{
	struct fails fl = { w, NULL };

	jw_obj_begin(w);
	jw_kstr(w, "path", f->path);
	jw_kstr(w, "format", harden_format_name(f->format));
	jw_kstr(w, "arch", harden_file_arch(f));
	jw_kstr(w, "type", f->type);
	if (f->slice >= 0)
		jw_kint(w, "slice", f->slice);
	switch (f->format) {
	case HARDEN_ELF:
		jw_kbool(w, "pie", f->pie);
		jw_kstr(w, "relro", harden_relro_name(f->relro));
		jw_kbool(w, "bindnow", f->bindnow);
		jw_kbool(w, "nx", f->nx);
		jw_tri(w, "canary", f->canary);
		json_fortify(w, f);
		jw_key(w, "cet");
		jw_obj_begin(w);
		jw_kbool(w, "ibt", f->ibt);
		jw_kbool(w, "shstk", f->shstk);
		jw_obj_end(w);
		if (!strcmp(harden_file_arch(f), "aarch64")) {
			jw_kbool(w, "bti", f->bti);
			jw_kbool(w, "pac", f->pac);
		}
		jw_kstr_or_null(w, "rpath", f->rpath);
		jw_kstr_or_null(w, "runpath", f->runpath);
		jw_kbool(w, "execstack", f->execstack);
		jw_kbool(w, "rwx_segment", f->rwx_segment);
		jw_kbool(w, "stripped", f->stripped);
		break;
	case HARDEN_PE:
		jw_kbool(w, "aslr", f->aslr);
		jw_kbool(w, "dynamic_base", f->dynamic_base);
		jw_kbool(w, "relocs_stripped", f->relocs_stripped);
		jw_tri(w, "high_entropy_va", f->high_entropy_va);
		jw_kbool(w, "nx", f->nx);
		jw_kbool(w, "cfg", f->cfg);
		jw_tri(w, "safeseh", f->safeseh);
		jw_kbool(w, "authenticode", f->authenticode);
		jw_tri(w, "gs", f->gs);
		jw_key(w, "security_cookie");
		if (f->security_cookie) {
			char hex[24];

			snprintf(hex, sizeof(hex), "0x%" PRIx64, f->security_cookie);
			jw_str(w, hex);
		} else {
			jw_null(w);
		}
		break;
	case HARDEN_MACHO:
		jw_kbool(w, "pie", f->pie);
		jw_kbool(w, "nx", f->nx);
		jw_tri(w, "canary", f->canary);
		jw_kbool(w, "restrict", f->restrict_seg);
		jw_kbool(w, "code_signature", f->code_signature);
		break;
	}
	if (policy) {
		jw_key(w, "failures");
		jw_arr_begin(w);
		harden_policy_check(p, f, on_fail, &fl);
		jw_arr_end(w);
	}
	jw_obj_end(w);
}

static int print_json(const struct harden_set *s, const struct harden_policy *p, bool policy)
{
	struct buf out = BUF_INIT;
	struct jw w;
	int r;

	jw_init(&w, &out, true);
	jw_obj_begin(&w);
	if (policy) {
		jw_key(&w, "require");
		jw_arr_begin(&w);
		for (size_t i = 0; harden_requirement_names[i]; i++) {
			struct harden_policy one = HARDEN_POLICY_INIT;

			if (harden_policy_add(&one, harden_requirement_names[i]) == 0 &&
			    (p->bits & one.bits))
				jw_str(&w, harden_requirement_names[i]);
		}
		jw_arr_end(&w);
	}
	jw_key(&w, "files");
	jw_arr_begin(&w);
	for (size_t i = 0; i < s->n; i++)
		json_file(&w, &s->v[i], p, policy);
	jw_arr_end(&w);
	jw_obj_end(&w);
	r = jw_finish(&w);
	if (r == 0)
		fwrite(out.ptr, 1, out.len, stdout);
	buf_release(&out);
	return r;
}

struct sarif_ctx {
	struct sarif *s;
	const char *level;
	struct buf msg, fp, rule;
};

static void on_sarif(const struct harden_file *f, const char *req, const char *have, void *payload)
{
	struct sarif_ctx *c = payload;
	struct sarif_location loc = { .uri = f->path };
	struct sarif_prop props[] = {
		{ .key = "arch", .value = harden_file_arch(f) },
		{ .key = "format", .value = harden_format_name(f->format) },
		{ .key = "have", .value = have },
	};

	buf_reset(&c->msg);
	buf_reset(&c->fp);
	buf_reset(&c->rule);
	buf_addf(&c->rule, "harden/%s", req);
	buf_addf(&c->msg, "'%s' (%s %s, %s) lacks %s: %s (has %s)", f->path,
	         harden_format_name(f->format), harden_file_arch(f), f->type, req,
	         harden_requirement_what(req), have);
	buf_addf(&c->fp, "%s|%s|%d|%s", f->path, harden_file_arch(f), f->slice, req);
	sarif_result(c->s, &(struct sarif_result){
	                           .rule_id = c->rule.ptr,
	                           .level = c->level,
	                           .message = c->msg.ptr,
	                           .locs = &loc,
	                           .nlocs = 1,
	                           .fingerprint = c->fp.ptr,
	                           .props = props,
	                           .nprops = ARRAY_SIZE(props),
	                   });
}

/*
 * SARIF: one result per unmet requirement, at level error for --require and
 * warning for the recommended set (HARDEN_RECOMMENDED) when there is none.
 */
static int print_sarif(const struct harden_set *set, const struct harden_policy *p, bool policy)
{
	struct harden_policy rec = HARDEN_POLICY_INIT;
	const struct harden_policy *use = p;
	struct sarif_ctx c = { NULL, policy ? "error" : "warning", BUF_INIT, BUF_INIT, BUF_INIT };
	struct buf out = BUF_INIT, id = BUF_INIT;
	struct sarif s;
	int r;

	if (!policy) {
		harden_policy_add(&rec, HARDEN_RECOMMENDED);
		use = &rec;
	}
	sarif_begin(&s, &out, "vouch", VOUCH_VERSION);
	for (size_t i = 0; harden_requirement_names[i]; i++) {
		struct harden_policy one = HARDEN_POLICY_INIT;
		const char *n = harden_requirement_names[i];

		if (harden_policy_add(&one, n) < 0 || !(use->bits & one.bits))
			continue;
		buf_reset(&id);
		buf_addf(&id, "harden/%s", n);
		sarif_rule(&s, &(struct sarif_rule){
		                       .id = id.ptr,
		                       .short_text = harden_requirement_what(n),
		                       .help_text = harden_requirement_fix(n),
		                       .level = c.level,
		               });
	}
	sarif_results(&s);
	c.s = &s;
	for (size_t i = 0; i < set->n; i++)
		harden_policy_check(use, &set->v[i], on_sarif, &c);
	r = sarif_end(&s);
	if (r == 0)
		fwrite(out.ptr, 1, out.len, stdout);
	buf_release(&out);
	buf_release(&id);
	buf_release(&c.msg);
	buf_release(&c.fp);
	buf_release(&c.rule);
	return r;
}

static const char *yn(bool b)
{
	return b ? "yes" : "no";
}

static void print_table(const struct harden_set *s, const struct harden_policy *p, bool policy)
{
	struct buf fails = BUF_INIT;
	struct fails fl = { NULL, &fails };

	printf("%-5s %-8s %-4s %-4s %-3s %-7s %-7s %-7s %-9s %s\n", "FMT", "ARCH", "TYPE", "PIE",
	       "NX", "RELRO", "CANARY", "FORTIFY", "OTHER", "FILE");
	for (size_t i = 0; i < s->n; i++) {
		const struct harden_file *f = &s->v[i];
		char other[64] = "-";

		if (f->format == HARDEN_ELF)
			snprintf(other, sizeof(other), "cet:%s%s%s",
			         f->ibt && f->shstk ? "yes"
			         : f->ibt           ? "ibt"
			         : f->shstk         ? "shstk"
			                            : "no",
			         f->rpath ? ",rpath" : "", f->runpath ? ",runpath" : "");
		else if (f->format == HARDEN_PE)
			snprintf(other, sizeof(other), "hiva:%s,cfg:%s,safeseh:%s,gs:%s,sig:%s",
			         tri_name(f->high_entropy_va), yn(f->cfg), tri_name(f->safeseh),
			         tri_name(f->gs), yn(f->authenticode));
		else
			snprintf(other, sizeof(other), "restrict:%s,sig:%s", yn(f->restrict_seg),
			         yn(f->code_signature));
		printf("%-5s %-8s %-4s %-4s %-3s %-7s %-7s %-7s %-9s %s\n",
		       harden_format_name(f->format), harden_file_arch(f), f->type,
		       f->format == HARDEN_PE ? yn(f->aslr) : yn(f->pie), yn(f->nx),
		       f->format == HARDEN_ELF ? harden_relro_name(f->relro) : "-",
		       f->format == HARDEN_PE ? "-" : tri_name(f->canary),
		       f->format == HARDEN_ELF ? harden_fortify_name(f->fortify) : "-", other,
		       ui_safe(f->path));
		if (policy)
			harden_policy_check(p, f, on_fail, &fl);
	}
	if (fails.len) {
		printf("\n");
		fwrite(fails.ptr, 1, fails.len, stdout);
	}
	buf_release(&fails);
}

int cmd_harden(int argc, char **argv)
{
	const char *format = "table";
	struct strlist req = STRLIST_INIT;
	struct harden_set s = HARDEN_SET_INIT;
	struct harden_policy pol = HARDEN_POLICY_INIT;
	const struct opt_spec opts[] = {
		OPT_CHOICE('f', "format", &format, "FORMAT", formats,
		           "table (the default), json or sarif (unmet requirements; without "
		           "--require, the recommended ones as warnings)"),
		OPT_LIST('r', "require", &req, "LIST",
		         "exit 1 when a file lacks one of these properties, e.g. "
		         "pie,nx,relro=full,canary,fortify (repeatable; see docs/cmd/harden.md)"),
		OPT_END(),
	};
	const struct opt_usage usage = {
		"vouch harden",
		"[--format table|json|sarif] [--require LIST]... PATH...",
		"Report the exploit mitigations of every ELF, PE and Mach-O file in PATH (files "
		"or folders, walked; other files are skipped): PIE/ASLR, NX, RELRO, stack "
		"protector, FORTIFY_SOURCE, CET, RPATH, SafeSEH, CFG, code signatures. With "
		"--require, exit 1 names each file that lacks a required property.",
	};
	size_t failed = 0;
	int r, ret = EXIT_OK, unread = 0;

	r = opt_parse(&argc, &argv, opts, &usage);
	if (r != OPT_OK) {
		ret = r == OPT_HELP ? EXIT_OK : EXIT_USAGE;
		goto done;
	}
	if (argc == 0) {
		opt_usage_error(&usage, "nothing to check: give PATH...");
		ret = EXIT_USAGE;
		goto done;
	}
	for (size_t i = 0; i < req.n; i++)
		if (harden_policy_add(&pol, req.v[i]) < 0) {
			opt_usage_error(&usage, "%s", err_msg());
			ret = EXIT_USAGE;
			goto done;
		}
	if (opt_check_paths(&usage, argc, argv) != OPT_OK) {
		ret = EXIT_USAGE;
		goto done;
	}
	for (int i = 0; i < argc; i++) {
		r = harden_scan(&s, argv[i], on_unread, NULL);
		if (r < 0) {
			ui_error("%s", err_msg());
			unread++;
		} else {
			unread += r;
		}
	}
	harden_set_sort(&s);
	if (!s.n && !unread)
		ui_info("no ELF, PE or Mach-O file found in the %d path%s given", argc,
		        argc == 1 ? "" : "s");
	for (size_t i = 0; i < s.n; i++)
		failed += harden_policy_check(&pol, &s.v[i], NULL, NULL) ? 1 : 0;
	if (!strcmp(format, "sarif")) {
		if (print_sarif(&s, &pol, req.n > 0) < 0) {
			ret = ui_error_last();
			goto done;
		}
	} else if (!strcmp(format, "json")) {
		if (print_json(&s, &pol, req.n > 0) < 0) {
			ret = ui_error_last();
			goto done;
		}
	} else {
		print_table(&s, &pol, req.n > 0);
	}
	if (failed) {
		ui_error("%zu of %zu files lack a required property", failed, s.n);
		ret = EXIT_NEGATIVE;
	} else if (unread) {
		ret = EXIT_PARTIAL;
	}
done:
	harden_set_release(&s);
	strlist_release(&req);
	return ret;
}
