/*
 * vouch lifecycle: support periods, the one-year notice rule and
 * end-of-support notices (core/disclose/lifecycle.h; docs/cmd/lifecycle.md).
 */
#include "util/compat.h"
#include "cmd/cmd.h"
#include "cmd/opt.h"
#include "cmd/ui.h"
#include "core/assess/assess.h"
#include "core/disclose/cycles.h"
#include "core/disclose/lifecycle.h"
#include "core/disclose/records.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/epoch.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/hash.h"
#include "util/json.h"

static const char *config_path = "vouch.toml", *log_dir;

#define CONFIG_OPT                                                                                 \
	OPT_STRING('c', "config", &config_path, "FILE", "the vouch.toml (default ./vouch.toml)")
#define LOG_OPT OPT_STRING(0, "log", &log_dir, "DIR", "record what was done in this build log")

/* Loads the config and the notices; prints unreadable notices. *partial when there were some. */
static int load(struct assess_config *cfg, struct lifecycle_notices *l, int64_t *today,
                bool *partial)
{
	struct buf warn = BUF_INIT;
	char *dir = NULL;
	int64_t now;
	int code = EXIT_OK;

	if (epoch_now(&now) < 0) {
		code = ui_error_last();
		goto done;
	}
	if (assess_config_load(cfg, config_path) < 0) {
		/* without its releases there is nothing to do: could not run */
		ui_error_last();
		code = EXIT_FAIL;
		goto done;
	}
	*today = now / 86400;
	dir = lifecycle_notices_dir(cfg);
	if (lifecycle_notices_load(l, dir, &warn) < 0) {
		code = ui_error_last();
		goto done;
	}
	for (const char *p = warn.ptr, *nl; p && (nl = strchr(p, '\n')); p = nl + 1) {
		ui_warn("%.*s (notice not read)", (int)(nl - p), p);
		*partial = true;
	}
done:
	free(dir);
	buf_release(&warn);
	return code;
}

/* Appends one record to the build log. */
static int log_record(const struct buf *rec)
{
	uint64_t idx;

	if (records_log(&idx, log_dir, rec->ptr, rec->len) < 0)
		return ui_error_last();
	ui_info("log '%s': recorded as entry %" PRIu64, log_dir, idx);
	return EXIT_OK;
}

static const char *state_word(const struct lifecycle_status *s)
{
	if (s->ended)
		return "ended";
	switch (s->state) {
	case NOTICE_NO_EOS:
		return "no-end-date";
	case NOTICE_ON_TIME:
		return "ok";
	case NOTICE_LATE:
		return "late-notice";
	case NOTICE_OVERDUE:
		return "overdue";
	case NOTICE_DUE_SOON:
		return "due-soon";
	case NOTICE_PENDING:
		return "pending";
	}
	return "?";
}

/* error (1), warning (2) or nothing (0): what check says of a release. */
static int severity(const struct lifecycle_status *s)
{
	if (s->ended)
		return 0;
	if (s->state == NOTICE_LATE || s->state == NOTICE_OVERDUE)
		return 1;
	return s->state == NOTICE_DUE_SOON || s->state == NOTICE_NO_EOS ? 2 : 0;
}

static void message(struct buf *m, const struct lifecycle_status *s, int64_t today)
{
	char e[16], d[16], n[16];

	assess_date_text(e, s->release->end_of_support);
	assess_date_text(d, s->due);
	assess_date_text(n, s->notice);
	if (s->ended) {
		buf_addf(m, "support ended on %s", e);
		return;
	}
	switch (s->state) {
	case NOTICE_NO_EOS:
		buf_adds(m, "no end_of_support date: customers cannot plan for its end (4.1.1)");
		break;
	case NOTICE_ON_TIME:
		buf_addf(m, "notice given %s%s for end of support on %s (due by %s)", n,
		         s->recorded ? " (notice file)" : "", e, d);
		break;
	case NOTICE_LATE:
		buf_addf(m,
		         "notice given %s, only %" PRId64 " days before end of support on %s; it "
		         "was due by %s",
		         n, s->release->end_of_support - s->notice, e, d);
		break;
	case NOTICE_OVERDUE:
		buf_addf(m,
		         "no notice of end of support on %s, which is less than a year away: it "
		         "was due by %s; send it now (vouch lifecycle notice --release %s)",
		         e, d, s->release->version);
		break;
	case NOTICE_DUE_SOON:
		buf_addf(m, "notice of end of support on %s must go out by %s (%" PRId64 " days)",
		         e, d, s->due - today);
		break;
	case NOTICE_PENDING:
		buf_addf(m, "notice of end of support on %s due by %s", e, d);
		break;
	}
}

static int lc_check(int argc, char **argv)
{
	static const struct opt_usage u = {
		"vouch lifecycle check", "[--config FILE] [--format text|json]",
		"Apply the one-year notice rule (Code of Practice 4.2.1) to every release in "
		"vouch.toml at planning time: a supported release whose end of support is less "
		"than a year away without notice, or whose notice was late, is an error (exit 1); "
		"one whose notice falls due within [lifecycle] warn_days (default 90) is a "
		"warning naming the date by which notice must go out."
	};
	static const char *const formats[] = { "text", "json", NULL };
	const char *format = "text";
	const struct opt_spec opts[] = {
		CONFIG_OPT,
		OPT_CHOICE(0, "format", &format, "FORMAT", formats, "output format"),
		OPT_END(),
	};
	struct assess_config cfg = ASSESS_CONFIG_INIT;
	struct lifecycle_notices l = LIFECYCLE_NOTICES_INIT;
	struct lifecycle_status *st = NULL;
	struct buf out = BUF_INIT, m = BUF_INIT;
	size_t n = 0, errors = 0, warnings = 0;
	bool partial = false;
	int64_t today = 0;
	int code;

	if ((code = opt_parse(&argc, &argv, opts, &u)) != OPT_OK)
		return code == OPT_HELP ? EXIT_OK : EXIT_USAGE;
	if (argc) {
		opt_usage_error(&u, "unexpected '%s'", argv[0]);
		return EXIT_USAGE;
	}
	if ((code = load(&cfg, &l, &today, &partial)) != EXIT_OK)
		goto done;
	lifecycle_statuses(&st, &n, &cfg, &l, today);
	if (!strcmp(format, "json")) {
		struct jw w;
		char d[16];

		jw_init(&w, &out, true);
		jw_obj_begin(&w);
		jw_key(&w, "releases");
		jw_arr_begin(&w);
		for (size_t i = 0; i < n; i++) {
			int sev = severity(&st[i]);

			buf_reset(&m);
			message(&m, &st[i], today);
			jw_obj_begin(&w);
			jw_kstr(&w, "product", st[i].product->name);
			jw_kstr(&w, "release", st[i].release->version);
#define KDATE(k, v)                                                                                \
	(jw_key(&w, k), (v) >= 0 ? (assess_date_text(d, v), jw_str(&w, d)) : jw_null(&w))
			KDATE("end_of_support", st[i].release->end_of_support);
			KDATE("notice_due", st[i].due);
			KDATE("notice", st[i].notice);
#undef KDATE
			jw_key(&w, "notice_source");
			st[i].notice < 0
			        ? jw_null(&w)
			        : jw_str(&w, st[i].recorded ? "notice-file" : "vouch.toml");
			jw_kstr(&w, "status", state_word(&st[i]));
			jw_kstr(&w, "level", sev == 1 ? "error" : sev == 2 ? "warning" : "ok");
			jw_kstr(&w, "message", m.ptr);
			jw_obj_end(&w);
		}
		jw_arr_end(&w);
		for (size_t i = 0; i < n; i++)
			errors += severity(&st[i]) == 1, warnings += severity(&st[i]) == 2;
		jw_kint(&w, "errors", (int64_t)errors);
		jw_kint(&w, "warnings", (int64_t)warnings);
		jw_obj_end(&w);
		jw_finish(&w);
	} else {
		for (size_t i = 0; i < n; i++) {
			buf_reset(&m);
			message(&m, &st[i], today);
			buf_addf(&out, "%-12s %-10s %-12s %s\n", ui_safe(st[i].product->name),
			         ui_safe(st[i].release->version), state_word(&st[i]),
			         ui_safe(m.ptr));
			errors += severity(&st[i]) == 1, warnings += severity(&st[i]) == 2;
		}
	}
	/* the findings on stderr whatever the format, as a CI log shows them */
	for (size_t i = 0; i < n; i++) {
		int sev = severity(&st[i]);

		buf_reset(&m);
		message(&m, &st[i], today);
		if (sev == 1)
			ui_error("error: %s %s: %s", st[i].product->name, st[i].release->version,
			         m.ptr);
		else if (sev == 2)
			ui_warn("%s %s: %s", st[i].product->name, st[i].release->version, m.ptr);
	}
	if (!n)
		ui_warn("'%s' records no release ([[product.release]])", config_path);
	fwrite(out.ptr, 1, out.len, stdout);
	ui_info("%zu release%s: %zu error%s, %zu warning%s", n, n == 1 ? "" : "s", errors,
	        errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s");
	code = errors ? EXIT_NEGATIVE : partial ? EXIT_PARTIAL : EXIT_OK;
done:
	free(st);
	buf_release(&out);
	buf_release(&m);
	lifecycle_notices_release(&l);
	assess_config_release(&cfg);
	return code;
}

/* The product and release --product/--release name; prints why not found. */
static int find_release(const struct assess_product **pp, const struct assess_release **rp,
                        const struct assess_config *cfg, const char *product, const char *release)
{
	size_t found = 0;

	for (size_t i = 0; i < cfg->nproducts; i++) {
		const struct assess_product *p = &cfg->products[i];

		if (product && strcmp(p->name, product))
			continue;
		for (size_t k = 0; k < p->nreleases; k++)
			if (!strcmp(p->releases[k].version, release) && found++ == 0)
				*pp = p, *rp = &p->releases[k];
	}
	if (found == 1)
		return EXIT_OK;
	if (found)
		ui_error("release '%s' is in more than one product of '%s': name one with "
		         "--product",
		         release, config_path);
	else
		ui_error("no release '%s'%s%s%s in '%s' ([[product.release]] version)", release,
		         product ? " of product '" : "", product ? product : "", product ? "'" : "",
		         config_path);
	return EXIT_USAGE;
}

static int lc_notice(int argc, char **argv)
{
	static const struct opt_usage u = {
		"vouch lifecycle notice",
		"--release V [--product NAME] [--date YYYY-MM-DD] [--channel C] [--url URL] "
		"[--log DIR] [--force] [--config FILE]",
		"Draft the end-of-support notice of release V (what ends and when, what customers "
		"should do, the risk of staying), write it as a notice file in the product "
		"repository ([lifecycle] notices, default lifecycle/notices/) where the feed "
		"and the assessment read it, print it, and with --log record it (date, channel, "
		"where published) in the build log."
	};
	const char *release = NULL, *product = NULL, *date = NULL, *channel = "web", *url = NULL;
	bool force = false;
	const struct opt_spec opts[] = {
		OPT_STRING('r', "release", &release, "V",
		           "the release ([[product.release]] version)"),
		OPT_STRING(0, "product", &product, "NAME", "the product, when several have V"),
		OPT_STRING(0, "date", &date, "YYYY-MM-DD",
		           "the day the notice is published (default today)"),
		OPT_STRING(0, "channel", &channel, "C",
		           "how customers are told: web, email, ... (default web)"),
		OPT_STRING(0, "url", &url, "URL",
		           "where it is published (default [lifecycle] page_url, else the "
		           "release's notice_url)"),
		OPT_BOOL('f', "force", &force, "replace an existing notice of the release"),
		LOG_OPT,
		CONFIG_OPT,
		OPT_END(),
	};
	struct assess_config cfg = ASSESS_CONFIG_INIT;
	struct lifecycle_notices l = LIFECYCLE_NOTICES_INIT;
	struct lifecycle_notice n = { 0 };
	const struct assess_product *p = NULL;
	const struct assess_release *r = NULL;
	const struct lifecycle_notice *old;
	struct buf toml = BUF_INIT, rec = BUF_INIT, rel = BUF_INIT;
	char *dir = NULL, *name = NULL, *path = NULL;
	uint8_t sum[SHA256_LEN];
	char hex[2 * SHA256_LEN + 1];
	int64_t today = 0, day;
	bool partial = false;
	int code;

	if ((code = opt_parse(&argc, &argv, opts, &u)) != OPT_OK)
		return code == OPT_HELP ? EXIT_OK : EXIT_USAGE;
	if (argc || !release) {
		opt_usage_error(&u, argc ? "unexpected '%s'" : "--release V is required",
		                argc ? argv[0] : "");
		return EXIT_USAGE;
	}
	if (!*channel) {
		opt_usage_error(&u, "--channel is empty");
		return EXIT_USAGE;
	}
	if ((code = load(&cfg, &l, &today, &partial)) != EXIT_OK ||
	    (code = find_release(&p, &r, &cfg, product, release)) != EXIT_OK)
		goto done;
	day = today;
	if (date && lifecycle_parse_day(&day, date) < 0) {
		opt_usage_error(&u, "--date '%s' is not a date YYYY-MM-DD", date);
		code = EXIT_USAGE;
		goto done;
	}
	if (day > today) {
		opt_usage_error(&u,
		                "--date %s is in the future: record a notice once it is published",
		                date);
		code = EXIT_USAGE;
		goto done;
	}
	if (!url)
		url = cfg.lifecycle_url ? cfg.lifecycle_url : r->notice_url;
	if (lifecycle_notice_draft(&n, &cfg, p, r, day, channel, url) < 0) {
		code = ui_error_last();
		goto done;
	}
	if (day > r->end_of_support) {
		ui_error(
		        "--date is after the end of support of %s %s: a notice must come before it",
		        p->name, r->version);
		code = EXIT_USAGE;
		goto done;
	}
	dir = lifecycle_notices_dir(&cfg);
	name = lifecycle_notice_file_name(p->name, r->version);
	buf_addf(&rel, "%s/%s", dir, name);
	path = buf_detach(&rel, NULL);
	if ((old = lifecycle_notice_find(&l, p->name, r->version)) && !force) {
		ui_error("a notice of %s %s is already recorded in '%s'; --force replaces it",
		         p->name, r->version, old->path);
		code = EXIT_USAGE;
		goto done;
	}
	lifecycle_notice_toml(&toml, &n);
	if (fs_mkdirs(dir, 0755) < 0 || fs_write_atomic(path, toml.ptr, toml.len, 0644, 0) < 0) {
		code = ui_error_last();
		goto done;
	}
	ui_info("notice of %s %s written to '%s'", p->name, r->version, path);
	if (r->notice_published >= 0 && r->notice_published < day)
		ui_warn("vouch.toml says notice of %s %s was already published on an earlier "
		        "day; the earlier date counts",
		        p->name, r->version);
	if (log_dir) {
		/* the file as the product repository names it */
		const char *shown = records_in_repo(path, cfg.base);

		hash_sha256(sum, toml.ptr, toml.len);
		hex_encode(hex, sum, sizeof(sum));
		lifecycle_notice_record(&rec, &n, shown, hex);
		if ((code = log_record(&rec)) != EXIT_OK)
			goto done;
	}
	printf("%s\n\n%s\n", n.title, n.text);
	code = partial ? EXIT_PARTIAL : EXIT_OK;
done:
	free(dir);
	free(name);
	free(path);
	buf_release(&toml);
	buf_release(&rec);
	buf_release(&rel);
	lifecycle_notice_release(&n);
	lifecycle_notices_release(&l);
	assess_config_release(&cfg);
	return code;
}

/* Writes dir/name; adds "name": sha256 to the record. */
static int put(const char *dir, const char *name, const struct buf *data, struct jw *rec)
{
	struct buf path = BUF_INIT;
	uint8_t sum[SHA256_LEN];
	char hex[2 * SHA256_LEN + 1];
	int r;

	buf_addf(&path, "%s/%s", dir, name);
	r = fs_write_atomic(path.ptr, data->ptr, data->len, 0644, 0);
	if (r >= 0) {
		hash_sha256(sum, data->ptr, data->len);
		hex_encode(hex, sum, sizeof(sum));
		jw_kstr(rec, name, hex);
		ui_info("wrote '%s'", path.ptr);
	}
	buf_release(&path);
	return r;
}

static int lc_publish(int argc, char **argv)
{
	static const struct opt_usage u = {
		"vouch lifecycle publish", "[--output DIR] [--log DIR] [--config FILE]",
		"Write the support periods for customers into DIR ([lifecycle] output): "
		"lifecycle.json (endoflife.date release cycles, one array per product, keyed by "
		"product name), notices.atom (an Atom feed of the end-of-support notices, RFC "
		"4287) and index.html (a page with no external resources). The same input gives "
		"the same bytes (dates follow SOURCE_DATE_EPOCH)."
	};
	const char *output = NULL;
	const struct opt_spec opts[] = {
		OPT_STRING('o', "output", &output, "DIR",
		           "the folder to write (created if needed)"),
		LOG_OPT,
		CONFIG_OPT,
		OPT_END(),
	};
	struct assess_config cfg = ASSESS_CONFIG_INIT;
	struct lifecycle_notices l = LIFECYCLE_NOTICES_INIT;
	struct buf json = BUF_INIT, atom = BUF_INIT, html = BUF_INIT, rec = BUF_INIT;
	struct jw w, rw;
	char gen[EPOCH_RFC3339_LEN];
	int64_t today = 0;
	bool partial = false;
	int code;

	if ((code = opt_parse(&argc, &argv, opts, &u)) != OPT_OK)
		return code == OPT_HELP ? EXIT_OK : EXIT_USAGE;
	if (argc) {
		opt_usage_error(&u, "unexpected '%s'", argv[0]);
		return EXIT_USAGE;
	}
	if ((code = load(&cfg, &l, &today, &partial)) != EXIT_OK)
		goto done;
	if (!output)
		output = cfg.lifecycle_output;
	if (!output) {
		opt_usage_error(&u, "--output DIR is required (or [lifecycle] output in '%s')",
		                config_path);
		code = EXIT_USAGE;
		goto done;
	}
	/* {"PRODUCT": [cycles...]}: each product's array is endoflife.date's shape */
	jw_init(&w, &json, true);
	jw_obj_begin(&w);
	for (size_t i = 0; i < cfg.nproducts; i++) {
		struct buf one = BUF_INIT;
		json_t *arr = NULL;

		jw_key(&w, cfg.products[i].name);
		if (lifecycle_cycles_json(&one, &cfg.products[i]) < 0 ||
		    vjson_parse(&arr, one.ptr, one.len, "cycles") < 0) {
			buf_release(&one);
			code = ui_error_last();
			goto done;
		}
		jw_value(&w, arr, false);
		json_decref(arr);
		buf_release(&one);
	}
	jw_obj_end(&w);
	jw_finish(&w);
	buf_addch(&json, '\n');
	epoch_rfc3339(gen, today * 86400);
	lifecycle_render_atom(&atom, &cfg, &l, gen);
	lifecycle_render_html(&html, &cfg, &l, today);
	jw_init(&rw, &rec, false);
	jw_obj_begin(&rw);
	jw_kstr(&rw, "schema", "vouch-lifecycle-publish/1");
	jw_kstr(&rw, "type", "lifecycle-publish");
	jw_kstr(&rw, "published", gen);
	jw_kint(&rw, "notices", (int64_t)l.n);
	jw_key(&rw, "files");
	jw_obj_begin(&rw);
	if (fs_mkdirs(output, 0755) < 0 || put(output, "lifecycle.json", &json, &rw) < 0 ||
	    put(output, "notices.atom", &atom, &rw) < 0 ||
	    put(output, "index.html", &html, &rw) < 0) {
		code = ui_error_last();
		goto done;
	}
	jw_obj_end(&rw);
	jw_obj_end(&rw);
	jw_finish(&rw);
	buf_addch(&rec, '\n');
	if (log_dir && (code = log_record(&rec)) != EXIT_OK)
		goto done;
	code = partial ? EXIT_PARTIAL : EXIT_OK;
done:
	buf_release(&json);
	buf_release(&atom);
	buf_release(&html);
	buf_release(&rec);
	lifecycle_notices_release(&l);
	assess_config_release(&cfg);
	return code;
}

static const struct subcmd verbs[] = {
	{ "publish", lc_publish, "[--output DIR] [--log DIR] [--config FILE]",
	  "write lifecycle.json, an Atom feed of notices and a page for customers" },
	{ "check", lc_check, "[--config FILE] [--format text|json]",
	  "apply the one-year notice rule at planning time" },
	{ "notice", lc_notice, "--release V [--date D] [--channel C] [--url URL] [--log DIR]",
	  "draft, record and log an end-of-support notice" },
};

int cmd_lifecycle(int argc, char **argv)
{
	return cmd_run_sub(argc, argv, "lifecycle", verbs, ARRAY_SIZE(verbs));
}
