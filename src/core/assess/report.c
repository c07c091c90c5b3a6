/*
 * report.c: the assessment as JSON, Markdown, HTML and OSCAL 1.1
 * assessment results (docs/cmd/assess.md).
 */
#include "util/compat.h"
#include "core/assess/assess.h"
#include "util/epoch.h"
#include "util/hash.h"
#include "util/json.h"

static const char *product_name(const struct assessment *a)
{
	return a->cfg->nproducts && a->cfg->products[0].name ? a->cfg->products[0].name : "";
}

static const char *org_name(const struct assessment *a)
{
	return a->cfg->org_name ? a->cfg->org_name : "";
}

static const char *changed(const struct assess_result *r)
{
	const char *now = assess_status_name(r->status);

	return r->previous && strcmp(r->previous, now) ? r->previous : NULL;
}

/*
 * What the reader must know before trusting the report: who is missing from
 * it (organisation, SRO), then the inputs that could not be read. One line each.
 */
static void config_notes(struct buf *b, const struct assessment *a)
{
	if (!*org_name(a))
		buf_adds(
		        b,
		        "The organisation has no name: set `[organisation] name` in vouch.toml.\n");
	if (!a->cfg->sro_name || !*a->cfg->sro_name)
		buf_adds(b, "No Senior Responsible Owner is named: set `[sro] name` and `title` in "
		            "vouch.toml.\n");
	if (a->warnings.len)
		buf_add(b, a->warnings.ptr, a->warnings.len);
}

/* ---- JSON ---- */

/* When an evidence item was read; a URI, never fetched, is dated by the report. */
static const char *evidence_time(char out[EPOCH_RFC3339_LEN], const struct assessment *a,
                                 const struct assess_evidence *e)
{
	if (e->collected < 0 || epoch_rfc3339(out, e->collected) < 0)
		return a->generated;
	return out;
}

/* The folder's own name: no absolute path of the vendor's machine goes into a report. */
static const char *folder_name(const char *path)
{
	size_t n = strlen(path);
	const char *s;

	while (n > 1 && path[n - 1] == '/')
		n--;
	for (s = path + n; s > path && s[-1] != '/'; s--)
		;
	return *s && strcmp(s, "/") ? s : ".";
}

/* An observation is dated by its newest evidence item read, or by the report. */
static const char *newest_collected(char out[EPOCH_RFC3339_LEN], const struct assessment *a,
                                    const struct assess_result *r)
{
	int64_t t = -1;

	for (size_t i = 0; i < r->nevidence; i++)
		if (r->evidence[i].collected > t)
			t = r->evidence[i].collected;
	if (t < 0 || epoch_rfc3339(out, t) < 0)
		return a->generated;
	return out;
}

static void json_claim_basis(struct jw *w, const struct assess_result *r)
{
	char d[16];

	jw_kstr(w, "basis", assess_basis_name(r->basis));
	if (r->gap.len)
		jw_kstr(w, "gap_kind", assess_gap_kind_name(r->gap_kind));
	if (r->owner)
		jw_kstr(w, "owner", r->owner);
	if (r->due >= 0) {
		assess_date_text(d, r->due);
		jw_kstr(w, "due", d);
	}
	if (r->acceptance) {
		jw_key(w, "acceptance");
		jw_obj_begin(w);
		jw_kstr(w, "reason", r->acceptance->reason);
		jw_kstr(w, "owner", r->acceptance->owner);
		assess_date_text(d, r->acceptance->expires);
		jw_kstr(w, "expires", d);
		jw_kbool(w, "expired", r->acceptance->expired);
		jw_obj_end(w);
	}
}

static void json_evidence(struct jw *w, const struct assessment *a, const struct assess_result *r)
{
	char ts[EPOCH_RFC3339_LEN];

	jw_key(w, "evidence");
	jw_arr_begin(w);
	for (size_t i = 0; i < r->nevidence; i++) {
		const struct assess_evidence *e = &r->evidence[i];

		jw_obj_begin(w);
		if (e->path)
			jw_kstr(w, "path", e->path);
		if (e->uri)
			jw_kstr(w, "uri", e->uri);
		if (e->sha256[0])
			jw_kstr(w, "sha256", e->sha256);
		jw_kstr(w, "collected", evidence_time(ts, a, e));
		jw_kstr(w, "collector", e->collector);
		jw_obj_end(w);
	}
	jw_arr_end(w);
}

static const struct assess_declared *declared_of(const struct assessment *a,
                                                 const struct assess_result *r);

/* A declared claim's last review date: the server lists reviews a year old (serve deadlines). */
static void json_claim_reviewed(struct jw *w, const struct assessment *a,
                                const struct assess_result *r)
{
	const struct assess_declared *d = declared_of(a, r);
	char day[16];

	if (d && d->reviewed >= 0) {
		assess_date_text(day, d->reviewed);
		jw_kstr(w, "reviewed", day);
	}
}

/* The support dates 4.2.1 judges, for readers such as the server's deadlines. */
static void json_releases(struct jw *w, const struct assessment *a, const struct assess_product *p)
{
	char d[16];

	jw_key(w, "releases");
	jw_arr_begin(w);
	for (size_t i = 0; i < p->nreleases; i++) {
		const struct assess_release *r = &p->releases[i];

		jw_obj_begin(w);
		jw_kstr(w, "version", r->version);
		if (r->end_of_support >= 0) {
			assess_date_text(d, r->end_of_support);
			jw_kstr(w, "end_of_support", d);
		}
		/* the effective notice: a notice file's, or else vouch.toml's */
		if (a->release_notice ? a->release_notice[i] >= 0 : r->notice_published >= 0) {
			assess_date_text(d, a->release_notice ? a->release_notice[i]
			                                      : r->notice_published);
			jw_kstr(w, "notice_published", d);
		}
		jw_obj_end(w);
	}
	jw_arr_end(w);
}

/* [fix_targets], when given: the server's deadlines take them over its own. */
static void json_fix_targets(struct jw *w, const struct assess_config *c)
{
	static const char *const sev[] = ASSESS_SEVERITIES_LIST;
	bool any = false;

	for (size_t i = 0; sev[i]; i++)
		any |= c->fix_target_days[i] > 0;
	if (!any)
		return;
	jw_key(w, "fix_targets");
	jw_obj_begin(w);
	for (size_t i = 0; sev[i]; i++)
		if (c->fix_target_days[i] > 0)
			jw_kint(w, sev[i], c->fix_target_days[i]);
	jw_obj_end(w);
}

int assess_render_json(struct buf *out, const struct assessment *a)
{
	const struct assess_config *c = a->cfg;
	struct buf notes = BUF_INIT;
	struct jw w;
	size_t n[4];

	assess_counts(a, n);
	jw_init(&w, out, true);
	jw_obj_begin(&w);
	jw_kstr(&w, "tool", "vouch");
	jw_kstr(&w, "version", a->tool_version ? a->tool_version : "");
	jw_kstr(&w, "generated", a->generated);
	jw_kstr(&w, "code", "UK Software Security Code of Practice (NCSC APC v1.0 claims)");
	jw_key(&w, "organisation");
	jw_obj_begin(&w);
	jw_kstr(&w, "name", org_name(a));
	jw_kstr(&w, "role", assess_role_name(c->role));
	jw_obj_end(&w);
	if (c->sro_name) {
		char d[16];

		jw_key(&w, "sro");
		jw_obj_begin(&w);
		jw_kstr(&w, "name", c->sro_name);
		if (c->sro_title)
			jw_kstr(&w, "title", c->sro_title);
		if (c->sro_appointed >= 0) {
			assess_date_text(d, c->sro_appointed);
			jw_kstr(&w, "appointed", d);
		}
		if (c->sro_statement)
			jw_kstr(&w, "statement", c->sro_statement);
		jw_obj_end(&w);
	}
	if (a->signer_keyid) {
		jw_key(&w, "signature");
		jw_obj_begin(&w);
		jw_kstr(&w, "key_id", a->signer_keyid);
		jw_kstr(&w, "file", a->signature_file ? a->signature_file : "");
		jw_obj_end(&w);
	}
	jw_key(&w, "product");
	jw_obj_begin(&w);
	jw_kstr(&w, "name", product_name(a));
	jw_kstr(&w, "path", folder_name(c->nproducts ? c->products[0].path : "."));
	if (c->nproducts && c->products[0].version)
		jw_kstr(&w, "version", c->products[0].version);
	if (c->nproducts && c->products[0].commit)
		jw_kstr(&w, "commit", c->products[0].commit);
	if (c->nproducts && c->products[0].nreleases)
		json_releases(&w, a, &c->products[0]);
	jw_obj_end(&w);
	json_fix_targets(&w, c);
	jw_key(&w, "database_age_days");
	if (a->db_age_days >= 0)
		jw_int(&w, a->db_age_days);
	else
		jw_null(&w);
	jw_key(&w, "summary");
	jw_obj_begin(&w);
	jw_kint(&w, "met", (int64_t)n[ST_MET]);
	jw_kint(&w, "not_met", (int64_t)n[ST_NOT_MET]);
	jw_kint(&w, "unknown", (int64_t)n[ST_UNKNOWN]);
	jw_kint(&w, "not_applicable", (int64_t)n[ST_NA]);
	jw_obj_end(&w);
	jw_key(&w, "principles");
	jw_arr_begin(&w);
	for (size_t i = 0; i < COP_NPRINCIPLES; i++) {
		const struct assess_principle_result *p = &a->principles[i];

		jw_obj_begin(&w);
		jw_kstr(&w, "id", p->principle->id);
		jw_kstr(&w, "title", p->principle->title);
		jw_kint(&w, "theme", p->principle->theme);
		jw_kstr(&w, "status", assess_status_name(p->status));
		jw_key(&w, "claims");
		jw_arr_begin(&w);
		for (size_t k = 0; k < COP_NCLAIMS; k++) {
			const struct assess_result *r = &a->claims[k];

			if (strcmp(r->claim->principle, p->principle->id))
				continue;
			jw_obj_begin(&w);
			jw_kstr(&w, "id", r->claim->id);
			jw_kstr(&w, "title", r->claim->title);
			jw_kstr(&w, "status", assess_status_name(r->status));
			jw_kstr(&w, "argument", r->argument.len ? r->argument.ptr : "");
			if (r->gap.len)
				jw_kstr(&w, "gap", r->gap.ptr);
			jw_kstr(&w, "class", cop_class_name(r->claim->cls));
			jw_kstr(&w, "source", r->source ? r->source : "none");
			json_claim_basis(&w, r);
			json_claim_reviewed(&w, a, r);
			if (r->previous)
				jw_kstr(&w, "previous_status", r->previous);
			json_evidence(&w, a, r);
			jw_key(&w, "crosswalk");
			jw_obj_begin(&w);
			jw_kstr(&w, "ssdf", r->claim->ssdf);
			jw_kstr(&w, "osps", r->claim->osps);
			jw_kstr(&w, "cra", r->claim->cra);
			jw_obj_end(&w);
			jw_obj_end(&w);
		}
		jw_arr_end(&w);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	if (a->previous_file) {
		jw_key(&w, "previous");
		jw_obj_begin(&w);
		jw_kstr(&w, "file", a->previous_file);
		jw_kstr(&w, "generated", a->previous_time ? a->previous_time : "");
		jw_obj_end(&w);
		jw_key(&w, "changes");
		jw_arr_begin(&w);
		for (size_t k = 0; k < COP_NCLAIMS; k++) {
			const struct assess_result *r = &a->claims[k];
			const char *was = changed(r);

			if (!was)
				continue;
			jw_obj_begin(&w);
			jw_kstr(&w, "id", r->claim->id);
			jw_kstr(&w, "from", was);
			jw_kstr(&w, "to", assess_status_name(r->status));
			jw_obj_end(&w);
		}
		jw_arr_end(&w);
	}
	/* the SBOM history: the next assessment lists what was added since (1.2.3, 1.2.4) */
	jw_key(&w, "components");
	jw_arr_begin(&w);
	for (size_t i = 0; i < a->ncomponents; i++)
		jw_str(&w, a->components[i]);
	jw_arr_end(&w);
	jw_key(&w, "warnings");
	jw_arr_begin(&w);
	config_notes(&notes, a);
	for (const char *p = notes.ptr, *nl; p && (nl = strchr(p, '\n')); p = nl + 1)
		jw_strn(&w, p, (size_t)(nl - p));
	jw_arr_end(&w);
	jw_obj_end(&w);
	buf_release(&notes);
	return jw_finish(&w);
}

/* ---- What the board reads: shared by the Markdown and HTML reports ---- */

/*
 * The engine sets basis, gap kind, owner and due; where it has not (a zero
 * value), they are read from what the result already says so that no claim
 * is shown without them.
 */
static enum assess_basis basis_of(const struct assess_result *r)
{
	if (r->basis != BASIS_NONE || !r->source)
		return r->basis;
	return !strcmp(r->source, "role")            ? BASIS_ROLE
	       : !strncmp(r->source, "automated", 9) ? BASIS_OBSERVED
	       : !strcmp(r->source, "declared")      ? BASIS_DECLARED
	                                             : BASIS_NONE;
}

static const char *basis_text(enum assess_basis b)
{
	return b == BASIS_OBSERVED   ? "decided by a check vouch ran"
	       : b == BASIS_DECLARED ? "the vendor's declaration, with hashed evidence"
	       : b == BASIS_ROLE     ? "out of scope for the organisation's role"
	                             : "no evidence either way";
}

static const struct assess_declared *declared_of(const struct assessment *a,
                                                 const struct assess_result *r)
{
	for (size_t i = 0; i < a->cfg->nclaims; i++)
		if (a->cfg->claims[i].id && !strcmp(a->cfg->claims[i].id, r->claim->id))
			return &a->cfg->claims[i];
	return NULL;
}

static enum assess_gap_kind gap_kind_of(const struct assess_result *r)
{
	if (r->gap_kind != GAP_NONE)
		return r->gap_kind;
	return r->claim->cls == COP_DECLARED || basis_of(r) == BASIS_DECLARED ? GAP_GOVERNANCE
	                                                                      : GAP_ENGINEERING;
}

static const char *owner_of(const struct assessment *a, const struct assess_result *r)
{
	const struct assess_declared *d = r->owner ? NULL : declared_of(a, r);

	return r->owner ? r->owner : d && d->owner && *d->owner ? d->owner : NULL;
}

/* Days since 1970 by which the gap closes, or -1. Day 0 is "not set" (a zeroed field). */
static int64_t due_of(const struct assessment *a, const struct assess_result *r)
{
	const struct assess_declared *d = r->due > 0 ? NULL : declared_of(a, r);

	return r->due > 0 ? r->due : d && d->due > 0 ? d->due : -1;
}

static const char *status_words(enum assess_status s)
{
	return s == ST_MET       ? "met"
	       : s == ST_NOT_MET ? "not met"
	       : s == ST_NA      ? "not applicable"
	                         : "unknown";
}

/*
 * The overall position in one sentence of plain text. When few principles
 * need action they are named with their titles ("11 of 14 principles met;
 * 3 need action: 1.2 Know and manage third-party components (not met), ..."),
 * else by number under their status ("... 13 need action: 6 not met (1.2,
 * 2.2, ...) and 7 unknown (1.1, ...)"): the tiles next to it give the titles.
 */
#define POSITION_TITLES_MAX 4
static void position(struct buf *b, const struct assessment *a)
{
	static const enum assess_status need_order[] = { ST_NOT_MET, ST_UNKNOWN };
	size_t n[4] = { 0 }, inscope, need;

	for (size_t i = 0; i < COP_NPRINCIPLES; i++)
		n[a->principles[i].status]++;
	inscope = COP_NPRINCIPLES - n[ST_NA];
	need = n[ST_NOT_MET] + n[ST_UNKNOWN];
	if (!need) {
		buf_addf(b, "All %zu principles in scope are met", inscope);
	} else {
		size_t k = 0;

		buf_addf(b, "%zu of %zu principles met; %zu need%s action: ", n[ST_MET], inscope,
		         need, need == 1 ? "s" : "");
		for (size_t s = 0; s < 2; s++) {
			enum assess_status st = need_order[s];
			size_t j = 0;

			if (!n[st])
				continue;
			if (need > POSITION_TITLES_MAX)
				buf_addf(b, "%s%zu %s (", k++ ? " and " : "", n[st],
				         status_words(st));
			for (size_t i = 0; i < COP_NPRINCIPLES; i++) {
				const struct assess_principle_result *p = &a->principles[i];

				if (p->status != st)
					continue;
				if (need > POSITION_TITLES_MAX)
					buf_addf(b, "%s%s", j++ ? ", " : "", p->principle->id);
				else
					buf_addf(b, "%s%s %s (%s)", k++ ? ", " : "",
					         p->principle->id, p->principle->title,
					         status_words(st));
			}
			if (need > POSITION_TITLES_MAX)
				buf_adds(b, ")");
		}
	}
	if (n[ST_NA])
		buf_addf(b, " (%zu not applicable to a %s)", n[ST_NA],
		         assess_role_name(a->cfg->role));
	buf_adds(b, ".");
}

static const enum assess_status trend_order[] = { ST_MET, ST_NOT_MET, ST_UNKNOWN, ST_NA };

/* Claim counts in the previous assessment, from each claim's previous status. */
static void previous_counts(const struct assessment *a, size_t out[4])
{
	enum assess_status s;

	memset(out, 0, 4 * sizeof(*out));
	for (size_t k = 0; k < COP_NCLAIMS; k++)
		if (a->claims[k].previous && assess_status_parse(&s, a->claims[k].previous) == 0)
			out[s]++;
}

static size_t count_gaps(const struct assessment *a, enum assess_status st,
                         enum assess_gap_kind kind)
{
	size_t n = 0;

	for (size_t k = 0; k < COP_NCLAIMS; k++)
		n += a->claims[k].status == st &&
		     (kind == GAP_NONE || gap_kind_of(&a->claims[k]) == kind);
	return n;
}

static const char *const gap_heading[] = { "Unknown: evidence needed", "Engineering fixes",
	                                   "Governance declarations" };
static const char *const gap_intro[] = {
	"Claims vouch could neither observe nor find declared: met or not, nobody can tell yet. "
	"Each is settled by a [[claim]] in vouch.toml with an argument, the evidence named, an "
	"owner and a reviewed date.",
	"Gaps closed by changing the product or its pipeline; vouch observes the fix.",
	"Gaps closed by a decision or a written declaration of the organisation, with evidence.",
};

/* The sections of the "what needs action" part, in order: engineering, governance, unknown. */
static const struct {
	enum assess_status status;
	enum assess_gap_kind kind;
	const char *id;
	int text; /* index into gap_heading and gap_intro */
} gap_parts[] = {
	{ ST_NOT_MET, GAP_ENGINEERING, "engineering", 1 },
	{ ST_NOT_MET, GAP_GOVERNANCE, "governance", 2 },
	{ ST_UNKNOWN, GAP_NONE, "unknown", 0 },
};

/* Markdown text: escapes the characters that would start markup inside a table or line. */
static void md_text(struct buf *b, const char *s)
{
	for (; s && *s; s++) {
		if (strchr("\\`*_[]<>|#", *s))
			buf_addch(b, '\\');
		buf_addch(b, *s == '\n' ? ' ' : *s);
	}
}

static void h(struct buf *b, const char *s)
{
	buf_add_html(b, s);
}

/*
 * Text in which `a command` between a pair of backticks is set as code: the
 * rest goes through text(), each span through span(). An unpaired backtick is
 * plain text.
 */
static void with_code(struct buf *b, const char *s, void (*text)(struct buf *, const char *),
                      void (*span)(struct buf *, const char *))
{
	struct buf part = BUF_INIT;
	const char *tick, *end;

	for (; s && *s; s = end + 1) {
		if (!(tick = strchr(s, '`')) || !(end = strchr(tick + 1, '`'))) {
			text(b, s);
			break;
		}
		buf_reset(&part);
		buf_add(&part, s, (size_t)(tick - s));
		text(b, part.ptr);
		buf_reset(&part);
		buf_add(&part, tick + 1, (size_t)(end - tick - 1));
		span(b, part.ptr);
	}
	buf_release(&part);
}

static void h_span(struct buf *b, const char *s)
{
	buf_adds(b, "<code>");
	h(b, s);
	buf_adds(b, "</code>");
}

static void h_code(struct buf *b, const char *s)
{
	with_code(b, s, h, h_span);
}

/* A Markdown code span is literal but for the table's '|' and the line's end. */
static void md_span(struct buf *b, const char *s)
{
	buf_addch(b, '`');
	for (; *s; s++) {
		if (*s == '|')
			buf_addch(b, '\\');
		buf_addch(b, *s == '\n' ? ' ' : *s);
	}
	buf_addch(b, '`');
}

static void md_code(struct buf *b, const char *s)
{
	with_code(b, s, md_text, md_span);
}

/*
 * The few marks in which the Markdown and HTML reports differ, so that the
 * parts they share (gap rows, acceptances, owners, lists) are written once.
 */
struct markup {
	void (*text)(struct buf *b, const char *s); /* escaped text */
	void (*code)(struct buf *b, const char *s); /* the same, `backticks` set as code */
	const char *strong, *strong_end;
	const char *row, *cell, *row_end;  /* a table row of cells */
	const char *item, *item_end;       /* a list item */
	const char *missing, *missing_end; /* a value that should be there and is not */
	const char *br;                    /* a line break inside a cell */
	const char *para, *para_end;       /* a paragraph */
	const char *quote, *quote_end;     /* the SRO's own words */
	bool html;
};

static const struct markup md_markup = {
	.text = md_text,
	.code = md_code,
	.strong = "**",
	.strong_end = "**",
	.row = "| ",
	.cell = " | ",
	.row_end = " |\n",
	.item = "- ",
	.item_end = "\n",
	.missing = "*",
	.missing_end = "*",
	.br = " ",
	.para = "- ",
	.para_end = "\n",
	.quote = "> ",
	.quote_end = "\n\n",
	.html = false,
};
static const struct markup html_markup = {
	.text = h,
	.code = h_code,
	.strong = "<strong>",
	.strong_end = "</strong>",
	.row = "<tr><td>",
	.cell = "</td><td>",
	.row_end = "</td></tr>\n",
	.item = "<li>",
	.item_end = "</li>",
	.missing = "<span class=\"missing\">",
	.missing_end = "</span>",
	.br = "<br>",
	.para = "<p>",
	.para_end = "</p>\n",
	.quote = "<blockquote class=\"statement\">",
	.quote_end = "</blockquote>\n",
	.html = true,
};

/* The SRO's statement, who they are, and who signed the report (the heading is the caller's). */
static void put_sro(struct buf *b, const struct markup *m, const struct assessment *a)
{
	const struct assess_config *c = a->cfg;

	if (c->sro_statement && *c->sro_statement) {
		buf_adds(b, m->quote);
		m->text(b, c->sro_statement);
		buf_adds(b, m->quote_end);
	} else {
		buf_addf(b, "%s%s", m->para, m->missing);
		m->code(b, "No statement: `[sro] statement` is not set in vouch.toml.");
		buf_addf(b, "%s%s", m->missing_end, m->para_end);
	}
	buf_adds(b, m->para);
	if (c->sro_name) {
		m->text(b, c->sro_name);
		if (c->sro_title) {
			buf_adds(b, ", ");
			m->text(b, c->sro_title);
		}
		if (c->sro_appointed > 0) {
			char d[16];

			assess_date_text(d, c->sro_appointed);
			buf_addf(b, " (appointed %s)", d);
		}
	} else {
		buf_addf(b, "%sNo Senior Responsible Owner is named.%s", m->missing,
		         m->missing_end);
	}
	buf_addf(b, "%s%s", m->para_end, m->para);
	if (a->signer_keyid) {
		struct buf t = BUF_INIT;

		buf_addf(&t, "`%s`", a->signer_keyid);
		buf_addf(b, "Signed with minisign key ID %s", m->strong);
		m->code(b, t.ptr);
		buf_addf(b, "%s. ", m->strong_end);
		buf_reset(&t);
		buf_addf(&t,
		         "The signature is the file `%s` beside this report: check it against the "
		         "vendor's published public key with `minisign -V -p KEY.pub -m REPORT` or "
		         "`vouch verify`.",
		         a->signature_file ? a->signature_file : "");
		m->code(b, t.ptr);
		buf_release(&t);
	} else {
		buf_adds(b, "This report is not signed.");
	}
	buf_adds(b, m->para_end);
}

static void put_acceptance(struct buf *b, const struct markup *m,
                           const struct assess_acceptance *acc)
{
	char d[16];

	assess_date_text(d, acc->expires);
	if (m->html)
		buf_addf(b, "<span class=\"accepted%s\">", acc->expired ? " expired" : "");
	buf_addf(b, "%s%s %s%s by ", m->strong,
	         acc->expired ? "Risk acceptance expired on" : "Risk accepted until", d,
	         m->strong_end);
	m->text(b, acc->owner ? acc->owner : "(no owner)");
	buf_adds(b, ": ");
	m->text(b, acc->reason ? acc->reason : "");
	if (m->html)
		buf_adds(b, "</span>");
}

/* "Owner: X, due D" after a gap. */
static void put_owner_due(struct buf *b, const struct markup *m, const struct assessment *a,
                          const struct assess_result *r)
{
	int64_t due = due_of(a, r);

	buf_addf(b, "%sOwner:%s ", m->strong, m->strong_end);
	m->text(b, owner_of(a, r) ? owner_of(a, r) : "not assigned");
	if (due >= 0) {
		char d[16];

		assess_date_text(d, due);
		buf_addf(b, ", %sdue%s %s", m->strong, m->strong_end, d);
	}
}

/* One row per claim of gap part g: the claim, what is missing, owner, due. */
static void put_gap_rows(struct buf *b, const struct markup *m, const struct assessment *a,
                         size_t g)
{
	for (size_t k = 0; k < COP_NCLAIMS; k++) {
		const struct assess_result *r = &a->claims[k];
		int64_t due = due_of(a, r);
		char d[16];

		if (r->status != gap_parts[g].status ||
		    (gap_parts[g].kind && gap_kind_of(r) != gap_parts[g].kind))
			continue;
		buf_adds(b, m->row);
		if (m->html)
			buf_addf(b, "<a href=\"#c%s\">%s</a>", r->claim->id, r->claim->id);
		else
			buf_adds(b, r->claim->id);
		buf_addf(b, " %s%s", r->claim->title, m->cell);
		if (r->status == ST_UNKNOWN && r->basis == BASIS_NONE) {
			/* the gap would repeat "declare it" on every row: name the evidence */
			buf_adds(b, "Evidence: ");
			m->text(b, r->claim->evidence);
		} else {
			m->code(b, r->gap.len ? r->gap.ptr : r->argument.ptr);
		}
		if (r->acceptance) {
			buf_adds(b, m->br);
			put_acceptance(b, m, r->acceptance);
		}
		buf_adds(b, m->cell);
		if (owner_of(a, r))
			m->text(b, owner_of(a, r));
		else
			buf_addf(b, "%snot assigned%s", m->missing, m->missing_end);
		buf_adds(b, m->cell);
		if (due >= 0) {
			assess_date_text(d, due);
			buf_adds(b, d);
		} else {
			buf_addf(b, "%sno date%s", m->missing, m->missing_end);
		}
		buf_adds(b, m->row_end);
	}
}

/* Each line of text (ending in '\n') as a list item. */
static void put_lines(struct buf *b, const struct markup *m, const char *text)
{
	struct buf line = BUF_INIT;

	for (const char *p = text, *nl; p && (nl = strchr(p, '\n')); p = nl + 1) {
		buf_reset(&line);
		buf_add(&line, p, (size_t)(nl - p));
		buf_adds(b, m->item);
		m->code(b, line.ptr);
		buf_adds(b, m->item_end);
	}
	buf_release(&line);
}

/* ---- Markdown ---- */

static const char *md_status(enum assess_status s)
{
	return s == ST_MET       ? "met"
	       : s == ST_NOT_MET ? "**not met**"
	       : s == ST_NA      ? "n/a"
	                         : "*unknown*";
}

static void md_gaps(struct buf *b, const struct assessment *a)
{
	if (!count_gaps(a, ST_NOT_MET, GAP_NONE) && !count_gaps(a, ST_UNKNOWN, GAP_NONE))
		return;
	buf_adds(b, "\n## What needs action\n");
	for (size_t g = 0; g < sizeof(gap_parts) / sizeof(gap_parts[0]); g++) {
		size_t n = count_gaps(a, gap_parts[g].status, gap_parts[g].kind);

		if (!n)
			continue;
		buf_addf(b,
		         "\n### %s (%zu)\n\n%s\n\n| Claim | What is missing | Owner | Due |\n"
		         "|---|---|---|---|\n",
		         gap_heading[gap_parts[g].text], n, gap_intro[gap_parts[g].text]);
		put_gap_rows(b, &md_markup, a, g);
	}
}

static void md_trend(struct buf *b, const struct assessment *a)
{
	size_t then[4], now[4];
	bool any = false;

	if (!a->previous_file)
		return;
	previous_counts(a, then);
	assess_counts(a, now);
	buf_adds(b, "\n## Since the last assessment\n\nCompared with the assessment of ");
	md_text(b, a->previous_time ? a->previous_time : "an earlier date");
	buf_adds(b, ".\n\n| Claims | Then | Now |\n|---|---|---|\n");
	for (int i = 0; i < 4; i++)
		buf_addf(b, "| %s | %zu | %zu |\n", status_words(trend_order[i]),
		         then[trend_order[i]], now[trend_order[i]]);
	buf_adds(b, "\n");
	for (size_t k = 0; k < COP_NCLAIMS; k++)
		if (changed(&a->claims[k])) {
			enum assess_status was = ST_UNKNOWN;

			assess_status_parse(&was, changed(&a->claims[k]));
			any = true;
			buf_addf(b, "- %s %s: %s -> %s\n", a->claims[k].claim->id,
			         a->claims[k].claim->title, status_words(was),
			         status_words(a->claims[k].status));
		}
	if (!any)
		buf_adds(b, "No claim changed status.\n");
}

int assess_render_markdown(struct buf *b, const struct assessment *a)
{
	const struct assess_product *pr = a->cfg->nproducts ? &a->cfg->products[0] : NULL;
	struct buf t = BUF_INIT;
	size_t n[4];

	assess_counts(a, n);
	buf_adds(b, "# Software Security Code of Practice: self-assessment\n\n");
	buf_adds(b, "- Organisation: ");
	md_text(b, *org_name(a) ? org_name(a) : "(no name)");
	buf_addf(b, " (%s)\n- Product: ", assess_role_name(a->cfg->role));
	md_text(b, product_name(a));
	if (pr && pr->version) {
		buf_adds(b, " version ");
		md_text(b, pr->version);
	}
	if (pr && pr->commit) {
		buf_adds(b, ", commit ");
		md_text(b, pr->commit);
	}
	buf_addf(b, "\n- Generated: %s by vouch %s\n", a->generated,
	         a->tool_version ? a->tool_version : "");
	buf_addf(b, "- Claims: %zu met, %zu not met, %zu unknown, %zu not applicable\n", n[ST_MET],
	         n[ST_NOT_MET], n[ST_UNKNOWN], n[ST_NA]);
	config_notes(&t, a);
	if (t.len) {
		buf_adds(b, "\n**Warnings:**\n\n");
		put_lines(b, &md_markup, t.ptr);
	}
	buf_reset(&t);
	position(&t, a);
	buf_adds(b, "\n**");
	md_text(b, t.ptr);
	buf_adds(b, "**\n\n");
	buf_adds(b, "| Principle | Title | Status |\n|---|---|---|\n");
	for (size_t i = 0; i < COP_NPRINCIPLES; i++)
		buf_addf(b, "| %s | %s | %s |\n", a->principles[i].principle->id,
		         a->principles[i].principle->title, md_status(a->principles[i].status));
	buf_adds(b, "\n## Statement of the Senior Responsible Owner\n\n");
	put_sro(b, &md_markup, a);
	md_gaps(b, a);
	md_trend(b, a);
	for (size_t i = 0; i < COP_NPRINCIPLES; i++) {
		const struct cop_principle *p = a->principles[i].principle;

		buf_addf(b, "\n## %s %s: %s\n", p->id, p->title,
		         md_status(a->principles[i].status));
		for (size_t k = 0; k < COP_NCLAIMS; k++) {
			const struct assess_result *r = &a->claims[k];

			if (strcmp(r->claim->principle, p->id))
				continue;
			buf_addf(b, "\n### %s %s: %s\n\n", r->claim->id, r->claim->title,
			         md_status(r->status));
			buf_addf(b, "Basis: %s (%s).\n\n", assess_basis_name(basis_of(r)),
			         basis_text(basis_of(r)));
			md_text(b, r->argument.len ? r->argument.ptr : "");
			buf_adds(b, "\n");
			if (r->acceptance) {
				buf_adds(b, "\nNot met. ");
				put_acceptance(b, &md_markup, r->acceptance);
				buf_adds(b, "\n");
			}
			if (r->gap.len) {
				buf_adds(b, "\n**Gap:** ");
				md_text(b, r->gap.ptr);
				buf_adds(b, " ");
				put_owner_due(b, &md_markup, a, r);
				buf_adds(b, "\n");
			}
			for (size_t e = 0; e < r->nevidence; e++) {
				const struct assess_evidence *ev = &r->evidence[e];
				char ts[EPOCH_RFC3339_LEN];

				buf_adds(b, e ? "" : "\n");
				buf_adds(b, "- evidence: `");
				buf_adds(b, ev->path ? ev->path : ev->uri ? ev->uri : "");
				buf_addf(b, "`%s%s (%s, read %s)\n",
				         ev->sha256[0] ? " sha256 " : "", ev->sha256,
				         ev->collector ? ev->collector : "",
				         evidence_time(ts, a, ev));
			}
			buf_addf(b, "\nSSDF %s; OSPS %s; CRA %s\n",
			         r->claim->ssdf[0] ? r->claim->ssdf : "-",
			         r->claim->osps[0] ? r->claim->osps : "-",
			         r->claim->cra[0] ? r->claim->cra : "-");
		}
	}
	buf_release(&t);
	return 0;
}

/* ---- HTML ---- */

/* Status as a class name (the colour) and a symbol and word (the same meaning without colour). */
static const char *st_class(enum assess_status s)
{
	return s == ST_MET ? "met" : s == ST_NOT_MET ? "notmet" : s == ST_NA ? "na" : "unknown";
}

static const char *label(enum assess_status s)
{
	return s == ST_MET       ? "&#10003; Met"
	       : s == ST_NOT_MET ? "&#10007; Not met"
	       : s == ST_NA      ? "&#8211; Not applicable"
	                         : "? Unknown";
}

static void badge(struct buf *b, enum assess_status s)
{
	buf_addf(b, "<span class=\"badge %s\">%s</span>", st_class(s), label(s));
}

/* Only http(s) links are made clickable: an input cannot smuggle a javascript: URL in. */
static void h_link(struct buf *b, const char *uri)
{
	if (!strncmp(uri, "https://", 8) || !strncmp(uri, "http://", 7)) {
		buf_adds(b, "<a rel=\"noreferrer\" href=\"");
		h(b, uri);
		buf_adds(b, "\">");
		h(b, uri);
		buf_adds(b, "</a>");
	} else
		h(b, uri);
}

/* The 14 principles as tiles: number, title and status in words, coloured by status. */
static void html_tiles(struct buf *b, const struct assessment *a)
{
	buf_adds(b, "<ol class=\"tiles\" aria-label=\"The 14 principles\">\n");
	for (size_t i = 0; i < COP_NPRINCIPLES; i++) {
		const struct assess_principle_result *p = &a->principles[i];

		buf_addf(b,
		         "<li class=\"tile %s\"><a href=\"#p%s\"><span class=\"pid\">%s</span> "
		         "<span class=\"pt\">",
		         st_class(p->status), p->principle->id, p->principle->id);
		h(b, p->principle->title);
		buf_addf(b, "</span> <span class=\"ps\">%s</span></a></li>\n", label(p->status));
	}
	buf_adds(b, "</ol>\n");
}

static void html_gaps(struct buf *b, const struct assessment *a)
{
	if (!count_gaps(a, ST_NOT_MET, GAP_NONE) && !count_gaps(a, ST_UNKNOWN, GAP_NONE))
		return;
	buf_adds(b, "<section id=\"action\"><h2>What needs action</h2>\n");
	for (size_t g = 0; g < sizeof(gap_parts) / sizeof(gap_parts[0]); g++) {
		size_t n = count_gaps(a, gap_parts[g].status, gap_parts[g].kind);

		if (!n)
			continue;
		buf_addf(b,
		         "<h3>%s (%zu)</h3>\n<p class=\"intro\">%s</p>\n<table id=\"%s\">"
		         "<thead><tr><th scope=\"col\">Claim</th><th scope=\"col\">What is missing"
		         "</th><th scope=\"col\">Owner</th><th scope=\"col\">Due</th></tr></thead>"
		         "<tbody>\n",
		         gap_heading[gap_parts[g].text], n, gap_intro[gap_parts[g].text],
		         gap_parts[g].id);
		put_gap_rows(b, &html_markup, a, g);
		buf_adds(b, "</tbody></table>\n");
	}
	buf_adds(b, "</section>\n");
}

static void html_trend(struct buf *b, const struct assessment *a)
{
	size_t then[4], now[4];
	bool any = false;

	if (!a->previous_file)
		return;
	previous_counts(a, then);
	assess_counts(a, now);
	buf_adds(b, "<section id=\"trend\"><h2>Since the last assessment</h2>\n<p>Compared with "
	            "the assessment of ");
	h(b, a->previous_time ? a->previous_time : "an earlier date");
	buf_adds(b, ".</p>\n<table class=\"trend\"><thead><tr><th scope=\"col\">Claims</th>"
	            "<th scope=\"col\">Then</th><th scope=\"col\">Now</th></tr></thead><tbody>");
	for (int i = 0; i < 4; i++)
		buf_addf(b, "<tr><th scope=\"row\">%s</th><td>%zu</td><td>%zu</td></tr>",
		         label(trend_order[i]), then[trend_order[i]], now[trend_order[i]]);
	buf_adds(b, "</tbody></table>\n<ul class=\"changes\">");
	for (size_t k = 0; k < COP_NCLAIMS; k++) {
		const struct assess_result *r = &a->claims[k];
		enum assess_status was = ST_UNKNOWN;

		if (!changed(r))
			continue;
		assess_status_parse(&was, changed(r));
		any = true;
		buf_addf(b, "<li><a href=\"#c%s\">%s</a> %s: ", r->claim->id, r->claim->id,
		         r->claim->title);
		badge(b, was);
		buf_adds(b, " &rarr; ");
		badge(b, r->status);
		buf_adds(b, "</li>");
	}
	buf_adds(b, any ? "</ul>\n" : "<li>No claim changed status.</li></ul>\n");
	buf_adds(b, "</section>\n");
}

static void html_claim(struct buf *b, const struct assessment *a, const struct assess_result *r)
{
	enum assess_basis bs = basis_of(r);

	buf_addf(b, "<div class=\"claim %s\" id=\"c%s\"><h3>%s %s ", st_class(r->status),
	         r->claim->id, r->claim->id, r->claim->title);
	badge(b, r->status);
	buf_addf(b, " <span class=\"basis %s\" title=\"%s\">basis: %s</span></h3>\n",
	         assess_basis_name(bs), basis_text(bs), assess_basis_name(bs));
	buf_addf(b, "<p class=\"guidance\"><em>%s</em> (%s)</p>\n<p>", r->claim->guidance,
	         cop_class_name(r->claim->cls));
	h_code(b, r->argument.ptr);
	buf_adds(b, "</p>\n");
	if (r->acceptance) {
		buf_adds(b, "<p>");
		put_acceptance(b, &html_markup, r->acceptance);
		buf_adds(b, "</p>\n");
	}
	if (r->gap.len) {
		buf_adds(b, "<p class=\"gap\"><strong>Gap:</strong> ");
		h_code(b, r->gap.ptr);
		buf_adds(b, "<br>");
		put_owner_due(b, &html_markup, a, r);
		buf_adds(b, "</p>\n");
	}
	if (r->nevidence) {
		buf_adds(b, "<ul class=\"ev\">");
		for (size_t e = 0; e < r->nevidence; e++) {
			const struct assess_evidence *ev = &r->evidence[e];
			char ts[EPOCH_RFC3339_LEN];

			buf_adds(b, "<li>");
			if (ev->path) {
				buf_adds(b, "<code>");
				h(b, ev->path);
				buf_adds(b, "</code>");
			} else if (ev->uri)
				h_link(b, ev->uri);
			if (ev->sha256[0])
				buf_addf(b, " sha256 <code>%s</code>", ev->sha256);
			buf_adds(b, " &middot; ");
			h(b, ev->collector);
			buf_addf(b, " &middot; read %s", evidence_time(ts, a, ev));
			buf_adds(b, "</li>");
		}
		buf_adds(b, "</ul>\n");
	}
	buf_addf(b,
	         "<p class=\"xw\">SSDF: %s &middot; OSPS Baseline: %s &middot; CRA: "
	         "%s</p></div>\n",
	         r->claim->ssdf[0] ? r->claim->ssdf : "&mdash;",
	         r->claim->osps[0] ? r->claim->osps : "&mdash;",
	         r->claim->cra[0] ? r->claim->cra : "&mdash;");
}

/*
 * Colours pass WCAG AA with white text (contrast at least 4.5:1); every colour
 * comes with words and a symbol, and prints (print-color-adjust).
 */
static const char css[] =
        "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2rem auto;"
        "max-width:70rem;padding:0 1rem;color:#222;line-height:1.45}"
        "h1{font-size:1.6rem;margin-bottom:.2rem}.meta{color:#444;margin-top:0}"
        ".met{--c:#1b5e20}.notmet{--c:#b71c1c}.unknown{--c:#8a4500}.na{--c:#555}"
        ".position{font-size:1.2rem;font-weight:600;margin:1rem 0;padding:.6rem .8rem;"
        "border-left:6px solid #1a237e;background:#f3f4fb}"
        ".warn{border:2px solid #8a4500;background:#fff4e5;padding:.4rem .8rem;"
        "border-radius:6px}.warn ul{margin:.2rem 0}"
        ".tiles{list-style:none;padding:0;display:grid;gap:.5rem;"
        "grid-template-columns:repeat(auto-fill,minmax(9.5rem,1fr))}"
        ".tile a{display:flex;flex-direction:column;height:100%;box-sizing:border-box;"
        "padding:.5rem .6rem;border-radius:6px;background:var(--c);color:#fff;"
        "text-decoration:none}"
        ".pid{font-size:1.3rem;font-weight:bold}.pt{font-size:.85rem;flex:1;line-height:1.25}"
        ".ps{font-weight:bold;font-size:.9rem;margin-top:.3rem;white-space:nowrap}"
        ".counts{color:#333}"
        ".badge{display:inline-block;border-radius:4px;padding:0 .4rem;color:#fff;"
        "background:var(--c);font-size:.85rem;white-space:nowrap}"
        ".basis{display:inline-block;border:1px solid #555;border-radius:4px;padding:0 .35rem;"
        "font-size:.75rem;font-weight:normal;color:#333;background:#fff;white-space:nowrap}"
        ".basis.observed{border-color:#0d47a1;color:#0d47a1}"
        ".basis.declared{border-color:#6a1b9a;color:#6a1b9a}"
        "blockquote.statement{font-size:1.05rem;border-left:4px solid #1a237e;margin:.5rem 0;"
        "padding:.2rem 1rem;white-space:pre-wrap}"
        ".signature{font-size:.9rem}.missing{color:#8a4500;font-style:italic}"
        ".intro{color:#444;margin:.2rem 0 .4rem}"
        "section.principle{border-top:2px solid #ddd;margin-top:1.5rem;padding-top:.5rem}"
        ".claim{border-left:6px solid var(--c);padding:.2rem .8rem;margin:.8rem 0;"
        "break-inside:avoid}.guidance{color:#444}"
        ".gap{background:#fff4e5;padding:.3rem .5rem;border-radius:4px}"
        ".accepted{display:inline-block;background:#eef;padding:.1rem .4rem;border-radius:4px}"
        ".accepted.expired{background:#fde7e7;color:#b71c1c}"
        ".ev{font-size:.85rem;color:#333;word-break:break-all}"
        ".xw{font-size:.8rem;color:#555}table{border-collapse:collapse;width:100%}"
        "td,th{border:1px solid #ccc;padding:.25rem .4rem;text-align:left;font-size:.85rem;"
        "vertical-align:top}table.trend{width:auto}"
        "code{font-size:.8rem;background:#f4f4f4;padding:0 .15rem;border-radius:3px}"
        ".changes{list-style:none;padding-left:0}"
        "@media print{body{margin:0;max-width:none;font-size:10pt}a{color:inherit;"
        "text-decoration:none}*{-webkit-print-color-adjust:exact;print-color-adjust:exact}"
        ".tiles{grid-template-columns:repeat(7,1fr);gap:.3rem}.tile a{padding:.3rem .35rem}"
        ".pt{font-size:7.5pt}.ps{font-size:7.5pt}.tile,.claim,tr{break-inside:avoid}"
        "h2,h3{break-after:avoid}}";

int assess_render_html(struct buf *b, const struct assessment *a)
{
	const struct assess_product *pr = a->cfg->nproducts ? &a->cfg->products[0] : NULL;
	struct buf t = BUF_INIT;
	size_t n[4];

	assess_counts(a, n);
	buf_adds(b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
	            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	            "<title>Code of Practice self-assessment: ");
	h(b, product_name(a));
	buf_addf(b, "</title>\n<style>%s</style>\n</head><body>\n<header>\n", css);
	buf_adds(b, "<h1>Software Security Code of Practice: self-assessment of ");
	h(b, product_name(a));
	if (pr && pr->version) {
		buf_adds(b, " ");
		h(b, pr->version);
	}
	buf_adds(b, "</h1>\n<p class=\"meta\">");
	if (*org_name(a)) {
		h(b, org_name(a));
		buf_adds(b, " &middot; ");
	}
	buf_addf(b, "role %s", assess_role_name(a->cfg->role));
	if (pr && pr->commit) {
		buf_adds(b, " &middot; commit <code>");
		h(b, pr->commit);
		buf_adds(b, "</code>");
	}
	buf_addf(b, " &middot; generated %s by vouch ", a->generated);
	h(b, a->tool_version);
	buf_adds(b, "</p>\n</header>\n<main>\n");
	config_notes(&t, a);
	if (t.len) {
		buf_adds(b, "<div class=\"warn\" role=\"note\"><strong>Warnings</strong><ul>");
		put_lines(b, &html_markup, t.ptr);
		buf_adds(b, "</ul></div>\n");
	}
	buf_reset(&t);
	position(&t, a);
	buf_adds(b, "<p class=\"position\" id=\"position\">");
	h(b, t.ptr);
	buf_adds(b, "</p>\n");
	html_tiles(b, a);
	buf_addf(b,
	         "<p class=\"counts\">Of the 45 claims: %zu met, %zu not met, %zu unknown, %zu "
	         "not applicable.</p>\n",
	         n[ST_MET], n[ST_NOT_MET], n[ST_UNKNOWN], n[ST_NA]);
	buf_adds(b, "<section id=\"sro\"><h2>Statement of the Senior Responsible Owner</h2>\n");
	put_sro(b, &html_markup, a);
	buf_adds(b, "</section>\n");
	html_gaps(b, a);
	html_trend(b, a);
	for (size_t i = 0; i < COP_NPRINCIPLES; i++) {
		const struct cop_principle *p = a->principles[i].principle;

		buf_addf(b, "<section class=\"principle\" id=\"p%s\"><h2>%s %s ", p->id, p->id,
		         p->title);
		badge(b, a->principles[i].status);
		buf_adds(b, "</h2>\n");
		for (size_t k = 0; k < COP_NCLAIMS; k++)
			if (!strcmp(a->claims[k].claim->principle, p->id))
				html_claim(b, a, &a->claims[k]);
		buf_adds(b, "</section>\n");
	}
	buf_adds(b, "</main>\n<footer><p class=\"xw\">Claims are the 45 NCSC Assurance Principles "
	            "and Claims of the UK Software Security Code of Practice, paraphrased. Basis: "
	            "<em>observed</em> is decided by a check vouch ran, <em>declared</em> is the "
	            "vendor's word with hashed evidence, <em>role</em> is out of scope for the "
	            "organisation's role, <em>none</em> has no evidence. Crosswalk: SSDF tasks "
	            "from ETSI TS 104 219 Annex B.1; OSPS Baseline controls; CRA references are "
	            "vouch's own reading.</p></footer>\n</body></html>\n");
	buf_release(&t);
	return 0;
}

/* ---- OSCAL 1.1 assessment results ---- */

/* A name-based UUID: SHA-256 of the text, cut to 128 bits, version 5 and RFC 4122 variant bits. */
static void uuid_of(char out[37], const char *kind, const char *text)
{
	uint8_t d[SHA256_LEN];
	struct sha256 s;
	char hex[33];

	sha256_init(&s);
	sha256_update(&s, "vouch-oscal:", 12);
	sha256_update(&s, kind, strlen(kind) + 1);
	sha256_update(&s, text, strlen(text));
	sha256_final(&s, d);
	d[6] = (uint8_t)((d[6] & 0x0f) | 0x50);
	d[8] = (uint8_t)((d[8] & 0x3f) | 0x80);
	hex_encode(hex, d, 16);
	snprintf(out, 37, "%.8s-%.4s-%.4s-%.4s-%.12s", hex, hex + 8, hex + 12, hex + 16, hex + 20);
}

int assess_render_oscal(struct buf *out, const struct assessment *a)
{
	struct jw w;
	char u[37], ts[EPOCH_RFC3339_LEN];
	struct buf seed = BUF_INIT, t = BUF_INIT;

	buf_addf(&seed, "%s|%s|%s", org_name(a), product_name(a), a->generated);
	jw_init(&w, out, true);
	jw_obj_begin(&w);
	jw_key(&w, "assessment-results");
	jw_obj_begin(&w);
	uuid_of(u, "document", seed.ptr);
	jw_kstr(&w, "uuid", u);
	jw_key(&w, "metadata");
	jw_obj_begin(&w);
	buf_addf(&t, "Software Security Code of Practice self-assessment: %s", product_name(a));
	jw_kstr(&w, "title", t.ptr);
	jw_kstr(&w, "last-modified", a->generated);
	jw_kstr(&w, "version", a->generated);
	jw_kstr(&w, "oscal-version", "1.1.2");
	jw_obj_end(&w);
	jw_key(&w, "import-ap");
	jw_obj_begin(&w);
	jw_kstr(&w, "href", "#uk-software-security-code-of-practice-self-assessment-plan");
	jw_kstr(&w, "remarks", "No separate assessment plan: the plan is vouch's claim set.");
	jw_obj_end(&w);
	jw_key(&w, "results");
	jw_arr_begin(&w);
	jw_obj_begin(&w);
	uuid_of(u, "result", seed.ptr);
	jw_kstr(&w, "uuid", u);
	jw_kstr(&w, "title", "Self-assessment against the 45 APC claims");
	jw_kstr(&w, "description",
	        "Automated evidence collected by vouch combined with the claims declared in "
	        "vouch.toml.");
	jw_kstr(&w, "start", a->generated);
	jw_key(&w, "reviewed-controls");
	jw_obj_begin(&w);
	jw_key(&w, "control-selections");
	jw_arr_begin(&w);
	jw_obj_begin(&w);
	jw_key(&w, "include-all");
	jw_obj_begin(&w);
	jw_obj_end(&w);
	jw_obj_end(&w);
	jw_arr_end(&w);
	jw_obj_end(&w);
	jw_key(&w, "observations");
	jw_arr_begin(&w);
	for (size_t k = 0; k < COP_NCLAIMS; k++) {
		const struct assess_result *r = &a->claims[k];

		buf_reset(&t);
		buf_addf(&t, "%s|%s", seed.ptr, r->claim->id);
		uuid_of(u, "observation", t.ptr);
		jw_obj_begin(&w);
		jw_kstr(&w, "uuid", u);
		jw_kstr(&w, "title", r->claim->id);
		jw_kstr(&w, "description", r->argument.len ? r->argument.ptr : r->claim->title);
		jw_key(&w, "methods");
		jw_arr_begin(&w);
		/* TEST only where vouch ran the check that decided the claim */
		jw_str(&w, r->basis == BASIS_OBSERVED ? "TEST" : "EXAMINE");
		jw_arr_end(&w);
		if (r->nevidence) {
			jw_key(&w, "relevant-evidence");
			jw_arr_begin(&w);
			for (size_t e = 0; e < r->nevidence; e++) {
				const struct assess_evidence *ev = &r->evidence[e];

				jw_obj_begin(&w);
				if (ev->uri)
					jw_kstr(&w, "href", ev->uri);
				buf_reset(&t);
				buf_addf(&t, "%s%s%s (%s, %s)", ev->path ? ev->path : ev->uri,
				         ev->sha256[0] ? " sha256:" : "", ev->sha256, ev->collector,
				         evidence_time(ts, a, ev));
				jw_kstr(&w, "description", t.ptr);
				jw_obj_end(&w);
			}
			jw_arr_end(&w);
		}
		jw_kstr(&w, "collected", newest_collected(ts, a, r));
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_key(&w, "findings");
	jw_arr_begin(&w);
	for (size_t k = 0; k < COP_NCLAIMS; k++) {
		const struct assess_result *r = &a->claims[k];
		char ou[37];

		buf_reset(&t);
		buf_addf(&t, "%s|%s", seed.ptr, r->claim->id);
		uuid_of(ou, "observation", t.ptr);
		uuid_of(u, "finding", t.ptr);
		jw_obj_begin(&w);
		jw_kstr(&w, "uuid", u);
		buf_reset(&t);
		buf_addf(&t, "%s %s", r->claim->id, r->claim->title);
		jw_kstr(&w, "title", t.ptr);
		jw_kstr(&w, "description",
		        r->gap.len        ? r->gap.ptr
		        : r->argument.ptr ? r->argument.ptr
		                          : "");
		jw_key(&w, "target");
		jw_obj_begin(&w);
		jw_kstr(&w, "type", "objective-id");
		buf_reset(&t);
		buf_addf(&t, "ukssc-%s", r->claim->id);
		jw_kstr(&w, "target-id", t.ptr);
		jw_key(&w, "status");
		jw_obj_begin(&w);
		jw_kstr(&w, "state",
		        r->status == ST_MET || r->status == ST_NA ? "satisfied" : "not-satisfied");
		jw_kstr(&w, "reason",
		        r->status == ST_MET       ? "pass"
		        : r->status == ST_NOT_MET ? "fail"
		                                  : "other");
		jw_kstr(&w, "remarks", assess_status_name(r->status));
		jw_obj_end(&w);
		jw_obj_end(&w);
		if (r->acceptance) {
			char ed[16];

			assess_date_text(ed, r->acceptance->expires);
			buf_reset(&t);
			buf_addf(&t, "Risk accepted by %s until %s%s: %s", r->acceptance->owner, ed,
			         r->acceptance->expired ? " (expired)" : "", r->acceptance->reason);
			jw_kstr(&w, "remarks", t.ptr);
		}
		jw_key(&w, "related-observations");
		jw_arr_begin(&w);
		jw_obj_begin(&w);
		jw_kstr(&w, "observation-uuid", ou);
		jw_obj_end(&w);
		jw_arr_end(&w);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_obj_end(&w);
	jw_arr_end(&w);
	jw_obj_end(&w);
	jw_obj_end(&w);
	buf_release(&seed);
	buf_release(&t);
	return jw_finish(&w);
}
