/*
 * report.c: a pipeline check's report as JSON and SARIF.
 */
#include "util/compat.h"
#include "core/ci/ci.h"
#include "core/formats/sarif.h"
#include "util/buf.h"
#include "util/hash.h"
#include "util/json.h"

int ci_report_json(struct buf *out, const struct ci_report *r)
{
	struct jw w;

	jw_init(&w, out, true);
	jw_obj_begin(&w);
	jw_key(&w, "findings");
	jw_arr_begin(&w);
	for (size_t i = 0; i < r->n; i++) {
		const struct ci_finding *f = &r->v[i];
		const struct ci_rule_info *ri = ci_rule_info(f->rule);

		jw_obj_begin(&w);
		jw_kstr(&w, "path", f->path);
		jw_kint(&w, "line", (int64_t)f->line);
		jw_kstr(&w, "rule", ri->id);
		jw_kstr(&w, "severity", f->level);
		jw_kstr(&w, "message", f->message);
		jw_kstr(&w, "fix", ri->fix);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_key(&w, "files");
	jw_arr_begin(&w);
	for (size_t i = 0; i < r->nfiles; i++)
		jw_str(&w, r->files[i]);
	jw_arr_end(&w);
	jw_key(&w, "problems");
	jw_arr_begin(&w);
	for (size_t i = 0; i < r->nproblems; i++)
		jw_str(&w, r->problems[i]);
	jw_arr_end(&w);
	jw_obj_end(&w);
	return jw_finish(&w);
}

int ci_report_sarif(struct buf *out, const struct ci_report *r, const char *version)
{
	static const char *const tags[] = { "security", "ci" };
	struct sarif s;

	sarif_begin(&s, out, "vouch-ci", version);
	for (int k = 0; k < CI_RULE_COUNT; k++) {
		const struct ci_rule_info *ri = ci_rule_info((enum ci_rule)k);

		sarif_rule(&s, &(struct sarif_rule){
		                       .id = ri->id,
		                       .short_text = ri->title,
		                       .help_text = ri->fix,
		                       .help_uri = ri->help_uri,
		                       .level = ri->level,
		                       .tags = tags,
		                       .ntags = 2,
		               });
	}
	sarif_results(&s);
	for (size_t i = 0; i < r->n; i++) {
		const struct ci_finding *f = &r->v[i];
		struct sarif_location loc = { 0 };
		struct buf fp = BUF_INIT;
		uint8_t h[SHA256_LEN];
		char hex[SHA256_HEX_LEN + 1];

		loc.uri = f->path;
		loc.line = f->line > UINT_MAX ? 0 : (unsigned)f->line;
		buf_addf(&fp, "%s|%s|%s", ci_rule_info(f->rule)->id, f->path, f->message);
		hash_sha256(h, fp.ptr, fp.len);
		hex_encode(hex, h, SHA256_LEN);
		sarif_result(&s, &(struct sarif_result){
		                         .rule_id = ci_rule_info(f->rule)->id,
		                         .level = f->level,
		                         .message = f->message,
		                         .locs = &loc,
		                         .nlocs = 1,
		                         .fingerprint = hex,
		                 });
		buf_release(&fp);
	}
	return sarif_end(&s);
}
