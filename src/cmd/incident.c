/*
 * vouch incident: incident records and what customers were told
 * (core/disclose/incident.h; docs/cmd/incident.md).
 */
#include "util/compat.h"
#include "cmd/cmd.h"
#include "cmd/opt.h"
#include "cmd/ui.h"
#include "core/assess/assess.h"
#include "core/disclose/incident.h"
#include "core/disclose/records.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/epoch.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/hash.h"
#include "util/json.h"
#include "util/num.h"

static const char *config_path = "vouch.toml", *log_dir;

#define CONFIG_OPT                                                                                 \
	OPT_STRING('c', "config", &config_path, "FILE", "the vouch.toml (default ./vouch.toml)")
#define LOG_OPT OPT_STRING(0, "log", &log_dir, "DIR", "record the change in this build log")

/* What every verb starts from: the config (optional), the folder, the incidents, now. */
struct ictx {
	struct assess_config cfg;
	struct incidents l;
	char *dir;
	int64_t now;
	bool partial;
};

static int load(struct ictx *x)
{
	struct buf warn = BUF_INIT;
	int code = EXIT_OK;

	if (epoch_now(&x->now) < 0)
		return ui_error_last();
	if (fs_exists(config_path) || strcmp(config_path, "vouch.toml")) {
		if (assess_config_load(&x->cfg, config_path) < 0) {
			ui_error_last();
			return EXIT_FAIL;
		}
	} else {
		assess_config_default(&x->cfg, ".");
	}
	x->dir = incident_dir(&x->cfg);
	if (incidents_load(&x->l, x->dir, &warn) < 0) {
		code = ui_error_last();
		goto done;
	}
	for (const char *p = warn.ptr, *nl; p && (nl = strchr(p, '\n')); p = nl + 1) {
		ui_warn("%.*s (incident not read)", (int)(nl - p), p);
		x->partial = true;
	}
done:
	buf_release(&warn);
	return code;
}

static void release(struct ictx *x)
{
	incidents_release(&x->l);
	assess_config_release(&x->cfg);
	free(x->dir);
}

static struct incident *find(struct ictx *x, const char *id)
{
	for (size_t i = 0; i < x->l.n; i++)
		if (!strcmp(x->l.v[i].id, id))
			return &x->l.v[i];
	ui_error("no incident '%s' in '%s'%s", id, x->dir,
	         x->partial ? " (some files could not be read, see above)" : "");
	return NULL;
}

/* A time option: RFC 3339 with a zone, not in the future. */
static int opt_time(int64_t *out, const char *s, const char *what, const struct opt_usage *u,
                    int64_t now)
{
	if (incident_parse_time(out, s) < 0) {
		opt_usage_error(u, "%s '%s' is not a date-time with a zone (2026-10-02T09:14:00Z)",
		                what, s);
		return -1;
	}
	if (*out > now) {
		opt_usage_error(u, "%s %s is in the future", what, s);
		return -1;
	}
	return 0;
}

/* Writes the incident to its file (atomically) and, with --log, records the action. */
static int save(struct ictx *x, struct incident *inc, const char *action)
{
	struct buf toml = BUF_INIT, rec = BUF_INIT;
	uint8_t sum[SHA256_LEN];
	char hex[2 * SHA256_LEN + 1];
	int code = EXIT_OK;

	incident_toml(&toml, inc);
	if (fs_mkdirs(x->dir, 0755) < 0 ||
	    fs_write_atomic(inc->path, toml.ptr, toml.len, 0644, 0) < 0) {
		code = ui_error_last();
		goto done;
	}
	ui_info("incident %s %s: '%s'", inc->id, action, inc->path);
	if (log_dir) {
		uint64_t idx;
		const char *shown = records_in_repo(inc->path, x->cfg.base);

		hash_sha256(sum, toml.ptr, toml.len);
		hex_encode(hex, sum, sizeof(sum));
		incident_record(&rec, inc, action, shown, hex, x->now);
		if (records_log(&idx, log_dir, rec.ptr, rec.len) < 0)
			code = ui_error_last();
		else
			ui_info("log '%s': recorded as entry %" PRIu64, log_dir, idx);
	}
done:
	buf_release(&toml);
	buf_release(&rec);
	return code;
}

static int parse_count(int64_t *out, const char *s, const struct opt_usage *u)
{
	uint64_t v;

	if (num_parse_u64(&v, s, strlen(s), 100000000, 0) < 0) {
		opt_usage_error(u, "--customers '%s' is not a count", s);
		return -1;
	}
	*out = (int64_t)v;
	return 0;
}

static int inc_open(int argc, char **argv)
{
	static const struct opt_usage u = {
		"vouch incident open",
		"--title T --severity low|medium|high|critical [--id ID] [--detected TIME] "
		"[--customers N] [--containment TEXT] [--log DIR] [--config FILE]",
		"Open an incident record: incidents/ID.toml in the product repository "
		"([incident] dir). ID defaults to INC-YEAR-NNN, the next number of the year it "
		"was detected; --detected defaults to now."
	};
	static const char *const sev[] = { "low", "medium", "high", "critical", NULL };
	const char *title = NULL, *severity = NULL, *id = NULL, *detected = NULL, *customers = NULL,
	           *containment = NULL;
	const struct opt_spec opts[] = {
		OPT_STRING(0, "title", &title, "T", "what happened, in one line"),
		OPT_CHOICE(0, "severity", &severity, "S", sev, "low, medium, high or critical"),
		OPT_STRING(0, "id", &id, "ID", "the incident's id (default INC-YEAR-NNN)"),
		OPT_STRING(0, "detected", &detected, "TIME",
		           "when it was detected, RFC 3339 with a zone (default now)"),
		OPT_STRING(0, "customers", &customers, "N", "how many customers are affected"),
		OPT_STRING(0, "containment", &containment, "TEXT", "what was done to contain it"),
		LOG_OPT,
		CONFIG_OPT,
		OPT_END(),
	};
	struct ictx x = { ASSESS_CONFIG_INIT, INCIDENTS_INIT, NULL, 0, false };
	struct incident inc = { 0 };
	struct buf b = BUF_INIT;
	int code;

	if ((code = opt_parse(&argc, &argv, opts, &u)) != OPT_OK)
		return code == OPT_HELP ? EXIT_OK : EXIT_USAGE;
	if (argc || !title || !*title || !severity) {
		opt_usage_error(&u,
		                argc ? "unexpected '%s'" : "--title and --severity are required",
		                argc ? argv[0] : "");
		return EXIT_USAGE;
	}
	if ((code = load(&x)) != EXIT_OK)
		goto done;
	inc.detected = x.now;
	inc.contained = inc.closed = inc.customers = -1;
	code = EXIT_USAGE;
	if ((detected && opt_time(&inc.detected, detected, "--detected", &u, x.now) < 0) ||
	    (customers && parse_count(&inc.customers, customers, &u) < 0))
		goto done;
	if (id && !incident_id_valid(id)) {
		opt_usage_error(&u, "--id '%s' must be 1 to %d letters, digits, '.', '_' or '-'",
		                id, INCIDENT_MAX_ID);
		goto done;
	}
	if (!id) {
		char day[16];
		unsigned next = 1;

		assess_date_text(day, inc.detected / 86400);
		buf_addf(&b, "INC-%.4s-", day);
		for (size_t i = 0; i < x.l.n; i++) {
			const char *s = x.l.v[i].id;
			uint64_t n;

			if (!strncmp(s, b.ptr, b.len) &&
			    num_parse_u64(&n, s + b.len, strlen(s + b.len), 999999,
			                  NUM_ALLOW_LEADING_ZERO) == 0 &&
			    n >= next)
				next = (unsigned)n + 1;
		}
		buf_addf(&b, "%03u", next);
		id = b.ptr;
	}
	for (size_t i = 0; i < x.l.n; i++)
		if (!strcmp(x.l.v[i].id, id)) {
			ui_error("incident '%s' already exists: '%s'", id, x.l.v[i].path);
			goto done;
		}
	inc.id = xstrdup(id);
	inc.title = xstrdup(title);
	inc.severity = xstrdup(severity);
	inc.containment = containment ? xstrdup(containment) : NULL;
	buf_reset(&b);
	buf_addf(&b, "%s/%s.toml", x.dir, inc.id);
	inc.path = buf_detach(&b, NULL);
	if (fs_exists(inc.path)) {
		ui_error("'%s' already exists", inc.path);
		goto done;
	}
	if ((code = save(&x, &inc, "open")) == EXIT_OK) {
		printf("%s\n", inc.id);
		code = x.partial ? EXIT_PARTIAL : EXIT_OK;
	}
done:
	incident_release(&inc);
	buf_release(&b);
	release(&x);
	return code;
}

static int inc_update(int argc, char **argv)
{
	static const struct opt_usage u = {
		"vouch incident update",
		"ID [--notice-to WHO --notice-channel C --notice-summary TEXT [--notice-sent "
		"TIME]] "
		"[--containment TEXT] [--contained TIME] [--customers N] [--severity S] "
		"[--log DIR] [--config FILE]",
		"Add to an incident record: a notice sent to customers (when, to whom, through "
		"which channel, what it said), the containment, the count of customers affected. "
		"--contained marks it contained."
	};
	static const char *const sev[] = { "low", "medium", "high", "critical", NULL };
	const char *to = NULL, *channel = NULL, *summary = NULL, *sent = NULL, *containment = NULL,
	           *contained = NULL, *customers = NULL, *severity = NULL;
	const struct opt_spec opts[] = {
		OPT_STRING(0, "notice-to", &to, "WHO", "who was told"),
		OPT_STRING(0, "notice-channel", &channel, "C",
		           "how: email, status page, phone, ..."),
		OPT_STRING(0, "notice-summary", &summary, "TEXT", "what the notice said"),
		OPT_STRING(0, "notice-sent", &sent, "TIME", "when it was sent (default now)"),
		OPT_STRING(0, "containment", &containment, "TEXT", "what was done to contain it"),
		OPT_STRING(0, "contained", &contained, "TIME", "when it was contained"),
		OPT_STRING(0, "customers", &customers, "N", "how many customers are affected"),
		OPT_CHOICE(0, "severity", &severity, "S", sev, "a new severity"),
		LOG_OPT,
		CONFIG_OPT,
		OPT_END(),
	};
	struct ictx x = { ASSESS_CONFIG_INIT, INCIDENTS_INIT, NULL, 0, false };
	struct incident *inc;
	int64_t t;
	bool any_notice;
	int code;

	if ((code = opt_parse(&argc, &argv, opts, &u)) != OPT_OK)
		return code == OPT_HELP ? EXIT_OK : EXIT_USAGE;
	if (argc != 1) {
		opt_usage_error(&u, argc ? "one incident ID only" : "no incident ID given");
		return EXIT_USAGE;
	}
	any_notice = to || channel || summary || sent;
	if (any_notice && (!to || !*to || !channel || !*channel || !summary || !*summary)) {
		opt_usage_error(&u, "a notice needs --notice-to, --notice-channel and "
		                    "--notice-summary");
		return EXIT_USAGE;
	}
	if (!any_notice && !containment && !contained && !customers && !severity) {
		opt_usage_error(&u, "nothing to update");
		return EXIT_USAGE;
	}
	if ((code = load(&x)) != EXIT_OK)
		goto done;
	code = EXIT_USAGE;
	if (!(inc = find(&x, argv[0])))
		goto done;
	if (inc->status == INC_CLOSED) {
		ui_error("incident '%s' is closed", inc->id);
		goto done;
	}
	if (any_notice) {
		struct incident_notice *n;

		t = x.now;
		if (sent && opt_time(&t, sent, "--notice-sent", &u, x.now) < 0)
			goto done;
		if (t < inc->detected) {
			ui_error("--notice-sent is before the incident was detected");
			goto done;
		}
		if (inc->nnotices >= INCIDENT_MAX_NOTICES) {
			ui_error("incident '%s' has %d notices already", inc->id,
			         INCIDENT_MAX_NOTICES);
			goto done;
		}
		inc->notices =
		        xreallocarray(inc->notices, inc->nnotices + 1, sizeof(*inc->notices));
		n = &inc->notices[inc->nnotices++];
		n->sent = t;
		n->to = xstrdup(to);
		n->channel = xstrdup(channel);
		n->summary = xstrdup(summary);
	}
	if (contained) {
		if (opt_time(&t, contained, "--contained", &u, x.now) < 0)
			goto done;
		if (t < inc->detected) {
			ui_error("--contained is before the incident was detected");
			goto done;
		}
		inc->contained = t;
		inc->status = INC_CONTAINED;
	}
	if (containment) {
		free(inc->containment);
		inc->containment = xstrdup(containment);
	}
	if (customers && parse_count(&inc->customers, customers, &u) < 0)
		goto done;
	if (severity) {
		free(inc->severity);
		inc->severity = xstrdup(severity);
	}
	if ((code = save(&x, inc, "update")) == EXIT_OK)
		code = x.partial ? EXIT_PARTIAL : EXIT_OK;
done:
	release(&x);
	return code;
}

static int inc_close(int argc, char **argv)
{
	static const struct opt_usage u = {
		"vouch incident close",
		"ID --review-path FILE --review-summary TEXT [--closed TIME] [--log DIR] "
		"[--config FILE]",
		"Close an incident: the post-incident review (where it is written, what it "
		"concluded) is required."
	};
	const char *rpath = NULL, *rsum = NULL, *closed = NULL;
	const struct opt_spec opts[] = {
		OPT_STRING(0, "review-path", &rpath, "FILE", "the post-incident review document"),
		OPT_STRING(0, "review-summary", &rsum, "TEXT", "what the review concluded"),
		OPT_STRING(0, "closed", &closed, "TIME", "when it was closed (default now)"),
		LOG_OPT,
		CONFIG_OPT,
		OPT_END(),
	};
	struct ictx x = { ASSESS_CONFIG_INIT, INCIDENTS_INIT, NULL, 0, false };
	struct incident *inc;
	struct buf rp = BUF_INIT;
	int64_t t;
	int code;

	if ((code = opt_parse(&argc, &argv, opts, &u)) != OPT_OK)
		return code == OPT_HELP ? EXIT_OK : EXIT_USAGE;
	if (argc != 1) {
		opt_usage_error(&u, argc ? "one incident ID only" : "no incident ID given");
		return EXIT_USAGE;
	}
	if (!rpath || !*rpath || !rsum || !*rsum) {
		opt_usage_error(&u, "closing needs the post-incident review: --review-path and "
		                    "--review-summary");
		return EXIT_USAGE;
	}
	if ((code = load(&x)) != EXIT_OK)
		goto done;
	code = EXIT_USAGE;
	if (!(inc = find(&x, argv[0])))
		goto done;
	if (inc->status == INC_CLOSED) {
		ui_error("incident '%s' is already closed", inc->id);
		goto done;
	}
	t = x.now;
	if (closed && opt_time(&t, closed, "--closed", &u, x.now) < 0)
		goto done;
	if (t < inc->detected) {
		ui_error("--closed is before the incident was detected");
		goto done;
	}
	if (rpath[0] == '/' || !x.cfg.base || !strcmp(x.cfg.base, "."))
		buf_adds(&rp, rpath);
	else
		buf_addf(&rp, "%s/%s", x.cfg.base, rpath);
	if (!fs_exists(rp.ptr))
		ui_warn("the review '%s' does not exist yet; commit it beside the record", rp.ptr);
	inc->status = INC_CLOSED;
	inc->closed = t;
	free(inc->review_path);
	free(inc->review_summary);
	inc->review_path = xstrdup(rpath);
	inc->review_summary = xstrdup(rsum);
	if ((code = save(&x, inc, "close")) == EXIT_OK)
		code = x.partial ? EXIT_PARTIAL : EXIT_OK;
done:
	buf_release(&rp);
	release(&x);
	return code;
}

static const char *verdict_word(enum incident_verdict v)
{
	static const char *const w[] = { "ok",   "no-customers", "pending",   "no-notice",
		                         "late", "no-policy",    "unreviewed" };
	return w[v];
}

static void fmt_time(char out[EPOCH_RFC3339_LEN], int64_t t)
{
	if (t < 0)
		snprintf(out, EPOCH_RFC3339_LEN, "-");
	else
		epoch_rfc3339(out, t);
}

static void report_json(struct buf *out, struct ictx *x)
{
	struct jw w;
	char t[EPOCH_RFC3339_LEN];

	jw_init(&w, out, true);
	jw_obj_begin(&w);
	jw_key(&w, "notify_within_hours");
	x->cfg.notify_within_hours >= 0 ? jw_int(&w, x->cfg.notify_within_hours) : jw_null(&w);
	jw_key(&w, "incidents");
	jw_arr_begin(&w);
	for (size_t i = 0; i < x->l.n; i++) {
		const struct incident *inc = &x->l.v[i];
		double h;
		enum incident_verdict v =
		        incident_judge(&h, inc, x->now, x->cfg.notify_within_hours);

		jw_obj_begin(&w);
		jw_kstr(&w, "id", inc->id);
		jw_kstr(&w, "title", inc->title);
		jw_kstr(&w, "severity", inc->severity);
		jw_kstr(&w, "status", incident_status_name(inc->status));
#define KTIME(k, v) (jw_key(&w, k), (v) >= 0 ? (epoch_rfc3339(t, v), jw_str(&w, t)) : jw_null(&w))
		KTIME("detected", inc->detected);
		KTIME("contained", inc->contained);
		KTIME("closed", inc->closed);
		jw_key(&w, "customers_affected");
		inc->customers >= 0 ? jw_int(&w, inc->customers) : jw_null(&w);
		jw_key(&w, "containment");
		inc->containment ? jw_str(&w, inc->containment) : jw_null(&w);
		jw_key(&w, "notices");
		jw_arr_begin(&w);
		for (size_t k = 0; k < inc->nnotices; k++) {
			jw_obj_begin(&w);
			KTIME("sent", inc->notices[k].sent);
			jw_kstr(&w, "to", inc->notices[k].to);
			jw_kstr(&w, "channel", inc->notices[k].channel);
			jw_kstr(&w, "summary", inc->notices[k].summary);
			jw_obj_end(&w);
		}
#undef KTIME
		jw_arr_end(&w);
		jw_key(&w, "hours_to_first_notice");
		h >= 0 ? jw_double(&w, (double)(int64_t)(h * 100 + 0.5) / 100) : jw_null(&w);
		jw_kstr(&w, "verdict", verdict_word(v));
		jw_key(&w, "review");
		if (inc->review_path) {
			jw_obj_begin(&w);
			jw_kstr(&w, "path", inc->review_path);
			jw_kstr(&w, "summary", inc->review_summary);
			jw_obj_end(&w);
		} else {
			jw_null(&w);
		}
		jw_kstr(&w, "file", inc->path);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_obj_end(&w);
	jw_finish(&w);
}

/* Markdown table cell text: pipes and line breaks would end the cell. */
static void md(struct buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '|' || *s == '\\' || *s == '*' || *s == '_' || *s == '`' || *s == '<' ||
		    *s == '[' || *s == ']')
			buf_addch(b, '\\');
		if (*s == '\n' || *s == '\r')
			buf_addch(b, ' ');
		else
			buf_addch(b, *s);
	}
}

static void report_text(struct buf *out, struct ictx *x, bool markdown)
{
	char t[EPOCH_RFC3339_LEN];

	if (markdown) {
		buf_adds(out, "# Incidents\n\n");
		if (x->cfg.notify_within_hours >= 0)
			buf_addf(out,
			         "Policy: customers are told within %" PRId64
			         " hours of detection.\n\n",
			         x->cfg.notify_within_hours);
		buf_adds(out,
		         "| id | severity | status | detected | customers | notices | first "
		         "notice (h) | verdict | title |\n|---|---|---|---|---|---|---|---|---|\n");
	} else {
		buf_addf(out, "%-16s %-9s %-10s %-21s %9s %7s %8s %-12s %s\n", "ID", "SEVERITY",
		         "STATUS", "DETECTED", "CUSTOMERS", "NOTICES", "FIRST(h)", "VERDICT",
		         "TITLE");
	}
	for (size_t i = 0; i < x->l.n; i++) {
		const struct incident *inc = &x->l.v[i];
		double h;
		enum incident_verdict v =
		        incident_judge(&h, inc, x->now, x->cfg.notify_within_hours);
		char cust[24], hours[24];

		fmt_time(t, inc->detected);
		snprintf(cust, sizeof(cust), inc->customers >= 0 ? "%" PRId64 : "?",
		         inc->customers);
		if (h >= 0)
			snprintf(hours, sizeof(hours), "%.1f", h);
		else
			snprintf(hours, sizeof(hours), "-");
		if (markdown) {
			buf_adds(out, "| ");
			md(out, inc->id);
			buf_addf(out, " | %s | %s | %s | %s | %zu | %s | %s | ", inc->severity,
			         incident_status_name(inc->status), t, cust, inc->nnotices, hours,
			         verdict_word(v));
			md(out, inc->title);
			buf_adds(out, " |\n");
		} else {
			buf_addf(out, "%-16s %-9s %-10s %-21s %9s %7zu %8s %-12s %s\n",
			         ui_safe(inc->id), inc->severity, incident_status_name(inc->status),
			         t, cust, inc->nnotices, hours, verdict_word(v),
			         ui_safe(inc->title));
		}
	}
	if (!markdown)
		return;
	for (size_t i = 0; i < x->l.n; i++) {
		const struct incident *inc = &x->l.v[i];

		buf_adds(out, "\n## ");
		md(out, inc->id);
		buf_adds(out, ": ");
		md(out, inc->title);
		buf_adds(out, "\n\n");
		if (inc->containment) {
			buf_adds(out, "Containment: ");
			md(out, inc->containment);
			buf_adds(out, "\n\n");
		}
		for (size_t k = 0; k < inc->nnotices; k++) {
			fmt_time(t, inc->notices[k].sent);
			buf_addf(out, "- %s, ", t);
			md(out, inc->notices[k].channel);
			buf_adds(out, ", to ");
			md(out, inc->notices[k].to);
			buf_adds(out, ": ");
			md(out, inc->notices[k].summary);
			buf_adds(out, "\n");
		}
		if (inc->review_path) {
			buf_adds(out, "\nPost-incident review (");
			md(out, inc->review_path);
			buf_adds(out, "): ");
			md(out, inc->review_summary);
			buf_adds(out, "\n");
		}
	}
}

static int inc_report(int argc, char **argv)
{
	static const struct opt_usage u = {
		"vouch incident report", "[--format table|json|markdown] [--config FILE]",
		"Show every incident: severity, status, customers affected, the notices sent, the "
		"hours from detection to the first notice and the verdict against [incident] "
		"notify_within_hours (ok, pending, late, no-notice, no-policy, unreviewed)."
	};
	static const char *const formats[] = { "table", "json", "markdown", NULL };
	const char *format = "table";
	const struct opt_spec opts[] = {
		OPT_CHOICE(0, "format", &format, "FORMAT", formats, "output format"),
		CONFIG_OPT,
		OPT_END(),
	};
	struct ictx x = { ASSESS_CONFIG_INIT, INCIDENTS_INIT, NULL, 0, false };
	struct buf out = BUF_INIT;
	int code;

	if ((code = opt_parse(&argc, &argv, opts, &u)) != OPT_OK)
		return code == OPT_HELP ? EXIT_OK : EXIT_USAGE;
	if (argc) {
		opt_usage_error(&u, "unexpected '%s'", argv[0]);
		return EXIT_USAGE;
	}
	if ((code = load(&x)) != EXIT_OK)
		goto done;
	if (!strcmp(format, "json"))
		report_json(&out, &x);
	else
		report_text(&out, &x, !strcmp(format, "markdown"));
	fwrite(out.ptr, 1, out.len, stdout);
	code = x.partial ? EXIT_PARTIAL : EXIT_OK;
done:
	buf_release(&out);
	release(&x);
	return code;
}

static const struct subcmd verbs[] = {
	{ "open", inc_open, "--title T --severity S [--id ID] [--detected TIME] [--customers N]",
	  "open an incident record" },
	{ "update", inc_update,
	  "ID [--notice-to WHO --notice-channel C --notice-summary TEXT] [--containment TEXT]",
	  "add a notice, the containment or the customers affected" },
	{ "close", inc_close, "ID --review-path FILE --review-summary TEXT [--closed TIME]",
	  "close an incident with its post-incident review" },
	{ "report", inc_report, "[--format table|json|markdown]",
	  "list the incidents and what customers were told" },
};

int cmd_incident(int argc, char **argv)
{
	return cmd_run_sub(argc, argv, "incident", verbs, ARRAY_SIZE(verbs));
}
