/*
 * sarif.c: the SARIF 2.1.0 writer. See sarif.h.
 */
#include "util/compat.h"
#include "core/formats/sarif.h"
#include "util/alloc.h"

static void props(struct jw *w, const struct sarif_prop *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (p[i].value) {
			jw_kstr(w, p[i].key, p[i].value);
			continue;
		}
		jw_key(w, p[i].key);
		jw_arr_begin(w);
		for (size_t k = 0; k < p[i].nlist; k++)
			jw_str(w, p[i].list[k]);
		jw_arr_end(w);
	}
}

static void text_obj(struct jw *w, const char *key, const char *text)
{
	jw_key(w, key);
	jw_obj_begin(w);
	jw_kstr(w, "text", text);
	jw_obj_end(w);
}

void sarif_begin(struct sarif *s, struct buf *out, const char *tool, const char *version)
{
	memset(s, 0, sizeof(*s));
	jw_init(&s->w, out, true);
	jw_obj_begin(&s->w);
	jw_kstr(&s->w, "$schema", SARIF_SCHEMA);
	jw_kstr(&s->w, "version", "2.1.0");
	jw_key(&s->w, "runs");
	jw_arr_begin(&s->w);
	jw_obj_begin(&s->w);
	jw_key(&s->w, "tool");
	jw_obj_begin(&s->w);
	jw_key(&s->w, "driver");
	jw_obj_begin(&s->w);
	jw_kstr(&s->w, "name", tool);
	if (version)
		jw_kstr(&s->w, "version", version);
	jw_kstr(&s->w, "informationUri", "https://github.com/vouch-dev/vouch");
	jw_key(&s->w, "rules");
	jw_arr_begin(&s->w);
}

void sarif_rule(struct sarif *s, const struct sarif_rule *r)
{
	struct jw *w = &s->w;

	if (s->state != 0)
		return;
	if (s->nrules == s->alloc) {
		s->alloc = s->alloc ? 2 * s->alloc : 16;
		s->rules = xrealloc(s->rules, s->alloc * sizeof(*s->rules));
	}
	s->rules[s->nrules++] = xstrdup(r->id);
	jw_obj_begin(w);
	jw_kstr(w, "id", r->id);
	if (r->name)
		jw_kstr(w, "name", r->name);
	text_obj(w, "shortDescription", r->short_text ? r->short_text : r->id);
	if (r->full_text)
		text_obj(w, "fullDescription", r->full_text);
	if (r->help_text)
		text_obj(w, "help", r->help_text);
	if (r->help_uri)
		jw_kstr(w, "helpUri", r->help_uri);
	if (r->level) {
		jw_key(w, "defaultConfiguration");
		jw_obj_begin(w);
		jw_kstr(w, "level", r->level);
		jw_obj_end(w);
	}
	if (r->security_severity || r->ntags || r->nprops) {
		jw_key(w, "properties");
		jw_obj_begin(w);
		if (r->security_severity)
			jw_kstr(w, "security-severity", r->security_severity);
		if (r->ntags) {
			jw_key(w, "tags");
			jw_arr_begin(w);
			for (size_t i = 0; i < r->ntags; i++)
				jw_str(w, r->tags[i]);
			jw_arr_end(w);
		}
		props(w, r->props, r->nprops);
		jw_obj_end(w);
	}
	jw_obj_end(w);
}

void sarif_results(struct sarif *s)
{
	if (s->state != 0)
		return;
	jw_arr_end(&s->w); /* rules */
	jw_obj_end(&s->w); /* driver */
	jw_obj_end(&s->w); /* tool */
	jw_key(&s->w, "results");
	jw_arr_begin(&s->w);
	s->state = 1;
}

static void location(struct jw *w, const struct sarif_location *l)
{
	jw_obj_begin(w);
	jw_key(w, "physicalLocation");
	jw_obj_begin(w);
	jw_key(w, "artifactLocation");
	jw_obj_begin(w);
	jw_kstr(w, "uri", l->uri);
	jw_obj_end(w);
	if (l->line) {
		jw_key(w, "region");
		jw_obj_begin(w);
		jw_kint(w, "startLine", l->line);
		if (l->column)
			jw_kint(w, "startColumn", l->column);
		if (l->end_line >= l->line && l->end_line)
			jw_kint(w, "endLine", l->end_line);
		if (l->snippet)
			text_obj(w, "snippet", l->snippet);
		jw_obj_end(w);
	}
	jw_obj_end(w);
	if (l->nprops) {
		/* SARIF has no field for these: a property bag on the location */
		jw_key(w, "properties");
		jw_obj_begin(w);
		props(w, l->props, l->nprops);
		jw_obj_end(w);
	}
	jw_obj_end(w);
}

void sarif_result(struct sarif *s, const struct sarif_result *r)
{
	struct jw *w = &s->w;

	if (s->state == 0)
		sarif_results(s);
	if (s->state != 1)
		return;
	jw_obj_begin(w);
	jw_kstr(w, "ruleId", r->rule_id);
	for (size_t i = 0; i < s->nrules; i++)
		if (!strcmp(s->rules[i], r->rule_id)) {
			jw_kint(w, "ruleIndex", (int64_t)i);
			break;
		}
	if (r->level)
		jw_kstr(w, "level", r->level);
	text_obj(w, "message", r->message);
	jw_key(w, "locations");
	jw_arr_begin(w);
	for (size_t i = 0; i < r->nlocs; i++)
		location(w, &r->locs[i]);
	jw_arr_end(w);
	if (r->suppressed) {
		jw_key(w, "suppressions");
		jw_arr_begin(w);
		jw_obj_begin(w);
		jw_kstr(w, "kind", r->suppress_kind ? r->suppress_kind : "external");
		jw_kstr(w, "status", "accepted");
		if (r->justification)
			jw_kstr(w, "justification", r->justification);
		jw_obj_end(w);
		jw_arr_end(w);
	}
	if (r->fingerprint) {
		jw_key(w, "partialFingerprints");
		jw_obj_begin(w);
		jw_kstr(w, "vouch/v1", r->fingerprint);
		jw_obj_end(w);
	}
	if (r->nprops) {
		jw_key(w, "properties");
		jw_obj_begin(w);
		props(w, r->props, r->nprops);
		jw_obj_end(w);
	}
	jw_obj_end(w);
}

struct jw *sarif_run_properties(struct sarif *s)
{
	if (s->state == 0)
		sarif_results(s);
	if (s->state == 1) {
		jw_arr_end(&s->w); /* results */
		jw_key(&s->w, "properties");
		jw_obj_begin(&s->w);
		s->state = 2;
	}
	return &s->w;
}

int sarif_end(struct sarif *s)
{
	int r;

	if (s->state == 0)
		sarif_results(s);
	if (s->state == 1)
		jw_arr_end(&s->w); /* results */
	else if (s->state == 2)
		jw_obj_end(&s->w); /* the run's properties */
	jw_obj_end(&s->w);         /* run */
	jw_arr_end(&s->w);         /* runs */
	jw_obj_end(&s->w);
	s->state = 3;
	r = jw_finish(&s->w);
	for (size_t i = 0; i < s->nrules; i++)
		free(s->rules[i]);
	free(s->rules);
	s->rules = NULL;
	s->nrules = s->alloc = 0;
	return r;
}
