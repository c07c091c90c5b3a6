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

int assess_render_json(struct buf *out, const struct assessment *a)
{
	const struct assess_config *c = a->cfg;
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
	jw_key(&w, "product");
	jw_obj_begin(&w);
	jw_kstr(&w, "name", product_name(a));
	jw_kstr(&w, "path", folder_name(c->nproducts ? c->products[0].path : "."));
	if (c->nproducts && c->products[0].version)
		jw_kstr(&w, "version", c->products[0].version);
	if (c->nproducts && c->products[0].commit)
		jw_kstr(&w, "commit", c->products[0].commit);
	jw_obj_end(&w);
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
	for (const char *p = a->warnings.ptr, *nl; p && (nl = strchr(p, '\n')); p = nl + 1)
		jw_strn(&w, p, (size_t)(nl - p));
	jw_arr_end(&w);
	jw_obj_end(&w);
	return jw_finish(&w);
}

/* ---- Markdown ---- */

static const char *md_status(enum assess_status s)
{
	return s == ST_MET       ? "met"
	       : s == ST_NOT_MET ? "**not met**"
	       : s == ST_NA      ? "n/a"
	                         : "*unknown*";
}

/* Markdown text: escapes the characters that would start markup inside a table or line. */
static void md_text(struct buf *b, const char *s)
{
	for (; *s; s++) {
		if (strchr("\\`*_[]<>|#", *s))
			buf_addch(b, '\\');
		buf_addch(b, *s == '\n' ? ' ' : *s);
	}
}

int assess_render_markdown(struct buf *b, const struct assessment *a)
{
	size_t n[4];

	assess_counts(a, n);
	buf_adds(b, "# Software Security Code of Practice: self-assessment\n\n");
	buf_adds(b, "- Organisation: ");
	md_text(b, org_name(a));
	buf_addf(b, " (%s)\n- Product: ", assess_role_name(a->cfg->role));
	md_text(b, product_name(a));
	buf_addf(b, "\n- Generated: %s by vouch %s\n", a->generated,
	         a->tool_version ? a->tool_version : "");
	buf_addf(b, "- Claims: %zu met, %zu not met, %zu unknown, %zu not applicable\n\n",
	         n[ST_MET], n[ST_NOT_MET], n[ST_UNKNOWN], n[ST_NA]);
	buf_adds(b, "| Principle | Title | Status |\n|---|---|---|\n");
	for (size_t i = 0; i < COP_NPRINCIPLES; i++)
		buf_addf(b, "| %s | %s | %s |\n", a->principles[i].principle->id,
		         a->principles[i].principle->title, md_status(a->principles[i].status));
	if (a->previous_file) {
		buf_adds(b, "\n## Changes since ");
		md_text(b, a->previous_time ? a->previous_time : a->previous_file);
		buf_adds(b, "\n\n");
		for (size_t k = 0; k < COP_NCLAIMS; k++)
			if (changed(&a->claims[k]))
				buf_addf(b, "- %s: %s -> %s\n", a->claims[k].claim->id,
				         changed(&a->claims[k]),
				         assess_status_name(a->claims[k].status));
	}
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
			md_text(b, r->argument.len ? r->argument.ptr : "");
			buf_adds(b, "\n");
			if (r->gap.len) {
				buf_adds(b, "\n**Gap:** ");
				md_text(b, r->gap.ptr);
				buf_adds(b, "\n");
			}
			for (size_t e = 0; e < r->nevidence; e++) {
				char ts[EPOCH_RFC3339_LEN];

				buf_adds(b, e ? "" : "\n");
				buf_adds(b, "- evidence: `");
				buf_adds(b, r->evidence[e].path ? r->evidence[e].path
				                                : r->evidence[e].uri);
				buf_addf(b, "`%s%s (%s, read %s)\n",
				         r->evidence[e].sha256[0] ? " sha256 " : "",
				         r->evidence[e].sha256, r->evidence[e].collector,
				         evidence_time(ts, a, &r->evidence[e]));
			}
			buf_addf(b, "\nSSDF %s; OSPS %s; CRA %s\n",
			         r->claim->ssdf[0] ? r->claim->ssdf : "-",
			         r->claim->osps[0] ? r->claim->osps : "-",
			         r->claim->cra[0] ? r->claim->cra : "-");
		}
	}
	return b->len ? 0 : 0;
}

/* ---- HTML ---- */

static void h(struct buf *b, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '<':
			buf_adds(b, "&lt;");
			break;
		case '>':
			buf_adds(b, "&gt;");
			break;
		case '&':
			buf_adds(b, "&amp;");
			break;
		case '"':
			buf_adds(b, "&quot;");
			break;
		case '\'':
			buf_adds(b, "&#39;");
			break;
		default:
			buf_addch(b, *s);
		}
	}
}

static const char *color(enum assess_status s)
{
	return s == ST_MET       ? "#2e7d32"
	       : s == ST_NOT_MET ? "#c62828"
	       : s == ST_NA      ? "#9e9e9e"
	                         : "#d17a00";
}

static const char *label(enum assess_status s)
{
	return s == ST_MET       ? "Met"
	       : s == ST_NOT_MET ? "Not met"
	       : s == ST_NA      ? "Not applicable"
	                         : "Unknown";
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

static void svg_chart(struct buf *b, const struct assessment *a)
{
	const int cw = 88, ch = 64, gap = 8;

	buf_addf(b,
	         "<svg role=\"img\" aria-label=\"Status of the 14 principles\" "
	         "xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 %d %d\" width=\"100%%\">\n",
	         7 * (cw + gap), 2 * (ch + gap) + 24);
	for (size_t i = 0; i < COP_NPRINCIPLES; i++) {
		const struct assess_principle_result *p = &a->principles[i];
		int x = (int)(i % 7) * (cw + gap), y = (int)(i / 7) * (ch + gap);

		buf_addf(b,
		         "<a href=\"#p%s\"><rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" "
		         "rx=\"6\" "
		         "fill=\"%s\"><title>%s ",
		         p->principle->id, x, y, cw, ch, color(p->status), p->principle->id);
		h(b, p->principle->title);
		buf_addf(b, ": %s</title></rect>", label(p->status));
		buf_addf(b,
		         "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"20\" "
		         "fill=\"#fff\" font-weight=\"bold\">%s</text>",
		         x + cw / 2, y + 30, p->principle->id);
		buf_addf(b,
		         "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\" font-size=\"11\" "
		         "fill=\"#fff\">%s</text></a>\n",
		         x + cw / 2, y + 50, label(p->status));
	}
	{
		static const enum assess_status order[] = { ST_MET, ST_NOT_MET, ST_UNKNOWN, ST_NA };
		int y = 2 * (ch + gap) + 12;

		for (int i = 0; i < 4; i++) {
			buf_addf(b,
			         "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
			         "<text x=\"%d\" y=\"%d\" font-size=\"12\">%s</text>\n",
			         i * 150, y - 2, color(order[i]), i * 150 + 18, y + 8,
			         label(order[i]));
		}
	}
	buf_adds(b, "</svg>\n");
}

static const char css[] =
        "body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;margin:2rem auto;"
        "max-width:70rem;padding:0 1rem;color:#222;line-height:1.45}"
        "h1{font-size:1.6rem;margin-bottom:.2rem}.meta{color:#555;margin-top:0}"
        ".summary{display:flex;gap:1rem;flex-wrap:wrap;margin:1rem 0}"
        ".summary div{border-radius:6px;padding:.5rem 1rem;color:#fff;font-weight:bold}"
        "section.principle{border-top:2px solid #ddd;margin-top:1.5rem;padding-top:.5rem}"
        ".claim{border-left:6px solid #ccc;padding:.2rem .8rem;margin:.8rem 0;"
        "break-inside:avoid}"
        ".badge{display:inline-block;border-radius:4px;padding:0 .4rem;color:#fff;"
        "font-size:.85rem}"
        ".gap{background:#fff3e0;padding:.3rem .5rem;border-radius:4px}"
        ".ev{font-size:.85rem;color:#333;word-break:break-all}"
        ".xw{font-size:.8rem;color:#666}table{border-collapse:collapse;width:100%}"
        "td,th{border:1px solid #ddd;padding:.25rem .4rem;text-align:left;font-size:.85rem}"
        "code{font-size:.8rem}"
        "@media print{body{margin:0;max-width:none;font-size:10pt}a{color:inherit;"
        "text-decoration:none}section.principle{break-before:auto}.claim{break-inside:avoid}"
        "svg{max-height:12cm}}";

int assess_render_html(struct buf *b, const struct assessment *a)
{
	size_t n[4];

	assess_counts(a, n);
	buf_adds(b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n"
	            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
	            "<title>Code of Practice self-assessment: ");
	h(b, product_name(a));
	buf_addf(b, "</title>\n<style>%s</style>\n</head><body>\n", css);
	buf_adds(
	        b,
	        "<h1>Software Security Code of Practice: self-assessment</h1>\n<p class=\"meta\">");
	if (*org_name(a)) {
		h(b, org_name(a));
		buf_adds(b, " &middot; ");
	}
	buf_adds(b, "product <strong>");
	h(b, product_name(a));
	buf_addf(b, "</strong> &middot; role %s &middot; generated %s by vouch ",
	         assess_role_name(a->cfg->role), a->generated);
	h(b, a->tool_version);
	if (a->cfg->sro_name) {
		buf_adds(b, " &middot; Senior Responsible Owner: ");
		h(b, a->cfg->sro_name);
		if (a->cfg->sro_title) {
			buf_adds(b, ", ");
			h(b, a->cfg->sro_title);
		}
	}
	buf_adds(b, "</p>\n<div class=\"summary\">");
	buf_addf(b, "<div style=\"background:%s\">%zu met</div>", color(ST_MET), n[ST_MET]);
	buf_addf(b, "<div style=\"background:%s\">%zu not met</div>", color(ST_NOT_MET),
	         n[ST_NOT_MET]);
	buf_addf(b, "<div style=\"background:%s\">%zu unknown</div>", color(ST_UNKNOWN),
	         n[ST_UNKNOWN]);
	buf_addf(b, "<div style=\"background:%s\">%zu not applicable</div></div>\n", color(ST_NA),
	         n[ST_NA]);
	svg_chart(b, a);
	if (n[ST_NOT_MET]) {
		buf_adds(b, "<h2>Needs attention</h2>\n<ul>");
		for (size_t k = 0; k < COP_NCLAIMS; k++) {
			const struct assess_result *r = &a->claims[k];

			if (r->status != ST_NOT_MET)
				continue;
			buf_addf(b, "<li><a href=\"#c%s\">%s</a> %s: ", r->claim->id, r->claim->id,
			         r->claim->title);
			h(b, r->gap.len ? r->gap.ptr : r->argument.ptr);
			buf_adds(b, "</li>");
		}
		buf_adds(b, "</ul>\n");
	}
	if (a->previous_file) {
		bool any = false;

		buf_adds(b, "<h2>Changes since the last assessment (");
		h(b, a->previous_time ? a->previous_time : a->previous_file);
		buf_adds(b, ")</h2>\n<ul>");
		for (size_t k = 0; k < COP_NCLAIMS; k++)
			if (changed(&a->claims[k])) {
				any = true;
				buf_addf(b, "<li>%s: %s &rarr; %s</li>", a->claims[k].claim->id,
				         changed(&a->claims[k]),
				         assess_status_name(a->claims[k].status));
			}
		buf_adds(b, any ? "</ul>\n" : "<li>no change</li></ul>\n");
	}
	for (size_t i = 0; i < COP_NPRINCIPLES; i++) {
		const struct cop_principle *p = a->principles[i].principle;
		enum assess_status ps = a->principles[i].status;

		buf_addf(b,
		         "<section class=\"principle\" id=\"p%s\"><h2>%s %s <span class=\"badge\" "
		         "style=\"background:%s\">%s</span></h2>\n",
		         p->id, p->id, p->title, color(ps), label(ps));
		for (size_t k = 0; k < COP_NCLAIMS; k++) {
			const struct assess_result *r = &a->claims[k];

			if (strcmp(r->claim->principle, p->id))
				continue;
			buf_addf(b,
			         "<div class=\"claim\" id=\"c%s\" style=\"border-color:%s\"><h3>%s "
			         "%s "
			         "<span class=\"badge\" style=\"background:%s\">%s</span></h3>\n"
			         "<p><em>%s</em> (%s)</p>\n<p>",
			         r->claim->id, color(r->status), r->claim->id, r->claim->title,
			         color(r->status), label(r->status), r->claim->guidance,
			         cop_class_name(r->claim->cls));
			h(b, r->argument.ptr);
			buf_adds(b, "</p>\n");
			if (r->gap.len) {
				buf_adds(b, "<p class=\"gap\"><strong>Gap:</strong> ");
				h(b, r->gap.ptr);
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
					} else
						h_link(b, ev->uri);
					if (ev->sha256[0])
						buf_addf(b, " sha256 <code>%s</code>", ev->sha256);
					buf_addf(b, " &middot; %s &middot; read %s</li>",
					         ev->collector, evidence_time(ts, a, ev));
				}
				buf_adds(b, "</ul>\n");
			}
			buf_addf(
			        b,
			        "<p class=\"xw\">SSDF: %s &middot; OSPS Baseline: %s &middot; CRA: "
			        "%s</p></div>\n",
			        r->claim->ssdf[0] ? r->claim->ssdf : "&mdash;",
			        r->claim->osps[0] ? r->claim->osps : "&mdash;",
			        r->claim->cra[0] ? r->claim->cra : "&mdash;");
		}
		buf_adds(b, "</section>\n");
	}
	buf_adds(b, "<p class=\"xw\">Claims are the 45 NCSC Assurance Principles and Claims of the "
	            "UK Software Security Code of Practice, paraphrased. Crosswalk: SSDF tasks "
	            "from ETSI TS 104 219 Annex B.1; OSPS Baseline controls; CRA references are "
	            "vouch's own reading.</p>\n</body></html>\n");
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
