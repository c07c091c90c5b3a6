/*
 * report.c: the machine-readable scan reports.
 */
#include "util/compat.h"
#include "core/match/report.h"
#include "core/formats/sarif.h"
#include "util/alloc.h"
#include "util/err.h"
#include "util/hash.h"
#include "util/json.h"

void report_score(char out[5], int score10)
{
	if (score10 < 0 || score10 > 100) {
		out[0] = 0;
	} else if (score10 == 100) {
		memcpy(out, "10.0", 5);
	} else {
		out[0] = (char)('0' + score10 / 10);
		out[1] = '.';
		out[2] = (char)('0' + score10 % 10);
		out[3] = 0;
	}
}

static void kstr_or_null(struct jw *w, const char *key, const char *s)
{
	jw_key(w, key);
	if (s)
		jw_str(w, s);
	else
		jw_null(w);
}

static void database_obj(struct jw *w, const struct report_meta *m)
{
	jw_key(w, "database");
	jw_obj_begin(w);
	jw_kstr(w, "path", m->db_path);
	kstr_or_null(w, "updated", m->db_updated);
	jw_key(w, "age_days");
	if (m->db_age_days >= 0)
		jw_int(w, m->db_age_days);
	else
		jw_null(w);
	kstr_or_null(w, "newest_advisory", m->db_newest);
	jw_obj_end(w);
}

int report_json(struct buf *out, const struct scan *sc, const struct report_meta *m)
{
	struct jw w;
	size_t counts[CVSS_SEV_CRITICAL + 1] = { 0 }, suppressed = 0;

	jw_init(&w, out, true);
	jw_obj_begin(&w);
	jw_key(&w, "tool");
	jw_obj_begin(&w);
	jw_kstr(&w, "name", "vouch");
	jw_kstr(&w, "version", m->tool_version);
	jw_obj_end(&w);
	jw_kstr(&w, "generated", m->now);
	database_obj(&w, m);
	jw_key(&w, "targets");
	jw_arr_begin(&w);
	for (size_t i = 0; i < m->ntargets; i++)
		jw_str(&w, m->targets[i]);
	jw_arr_end(&w);
	for (size_t i = 0; i < sc->nfindings; i++) {
		if (sc->findings[i].suppressed)
			suppressed++;
		else
			counts[sc->findings[i].level]++;
	}
	jw_key(&w, "summary");
	jw_obj_begin(&w);
	jw_kint(&w, "packages", (int64_t)sc->npkgs);
	jw_kint(&w, "findings", (int64_t)sc->nfindings);
	jw_kint(&w, "suppressed", (int64_t)suppressed);
	for (int s = CVSS_SEV_CRITICAL; s >= CVSS_SEV_UNKNOWN; s--)
		jw_kint(&w, cvss_severity_lname((enum cvss_severity)s), (int64_t)counts[s]);
	jw_obj_end(&w);
	jw_key(&w, "findings");
	jw_arr_begin(&w);
	for (size_t i = 0; i < sc->nfindings; i++) {
		const struct finding *f = &sc->findings[i];
		const struct scan_pkg *p = &sc->pkgs[f->pkg];
		char score[5];

		jw_obj_begin(&w);
		jw_kstr(&w, "id", f->id);
		jw_key(&w, "aliases");
		jw_arr_begin(&w);
		for (size_t k = 0; k < f->naliases; k++)
			jw_str(&w, f->aliases[k]);
		jw_arr_end(&w);
		jw_kstr(&w, "ecosystem", p->ecosystem);
		jw_kstr(&w, "package", p->name);
		jw_kstr(&w, "version", p->version);
		kstr_or_null(&w, "purl", p->purl);
		kstr_or_null(&w, "summary", f->summary);
		kstr_or_null(&w, "url", f->url);
		jw_key(&w, "severity");
		jw_obj_begin(&w);
		jw_kstr(&w, "level", cvss_severity_lname(f->level));
		jw_key(&w, "score");
		report_score(score, f->score10);
		if (score[0])
			jw_number_raw(&w, score);
		else
			jw_null(&w);
		kstr_or_null(&w, "vector", f->vector);
		jw_kstr(&w, "source", f->level_source);
		if (f->level_from)
			jw_kstr(&w, "from", f->level_from);
		jw_obj_end(&w);
		jw_key(&w, "fixed");
		jw_arr_begin(&w);
		for (size_t k = 0; k < f->nfixed; k++)
			jw_str(&w, f->fixed[k]);
		jw_arr_end(&w);
		kstr_or_null(&w, "upgrade", p->upgrade);
		jw_key(&w, "locations");
		jw_arr_begin(&w);
		for (size_t k = 0; k < p->nlocs; k++) {
			jw_obj_begin(&w);
			jw_kstr(&w, "path", p->locs[k].path);
			if (p->locs[k].line)
				jw_kint(&w, "line", (int64_t)p->locs[k].line);
			if (p->locs[k].layer)
				jw_kstr(&w, "layer", p->locs[k].layer);
			jw_obj_end(&w);
		}
		jw_arr_end(&w);
		jw_key(&w, "matched");
		jw_arr_begin(&w);
		for (size_t k = 0; k < f->nmatches; k++) {
			jw_obj_begin(&w);
			jw_kstr(&w, "advisory", f->matches[k].advisory);
			jw_kint(&w, "affected_index", f->matches[k].index);
			jw_kstr(&w, "ecosystem", f->matches[k].ecosystem);
			jw_kstr(&w, "why", f->matches[k].why);
			jw_obj_end(&w);
		}
		jw_arr_end(&w);
		if (f->vex) {
			jw_key(&w, "vex");
			jw_obj_begin(&w);
			jw_kstr(&w, "status", vex_status_name(f->vex));
			kstr_or_null(&w, "justification", f->vex_justification);
			if (f->vex_statement)
				jw_kstr(&w, "statement", f->vex_statement);
			if (f->vex_source)
				jw_kstr(&w, "source", f->vex_source);
			jw_obj_end(&w);
		}
		if (f->ignore_reason) {
			jw_key(&w, "ignored");
			jw_obj_begin(&w);
			jw_kstr(&w, "reason", f->ignore_reason);
			kstr_or_null(&w, "expires", f->ignore_expires);
			jw_kstr(&w, "source", f->ignore_source);
			jw_obj_end(&w);
		}
		jw_kbool(&w, "suppressed", f->suppressed);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_key(&w, "notes");
	jw_arr_begin(&w);
	for (size_t i = 0; i < sc->nnotes; i++) {
		jw_obj_begin(&w);
		jw_kstr(&w, "level", sc->notes[i].error ? "error" : "note");
		jw_kstr(&w, "message", sc->notes[i].msg);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_obj_end(&w);
	return jw_finish(&w);
}

/* ---- SARIF 2.1.0 ---- */

static const char *sarif_level(enum cvss_severity s)
{
	return s >= CVSS_SEV_HIGH ? "error" : s == CVSS_SEV_MEDIUM ? "warning" : "note";
}

int report_sarif(struct buf *out, const struct scan *sc, const struct report_meta *m)
{
	struct sarif s;
	struct jw *w;
	static const char *const tags[] = { "security", "vulnerability" };
	bool *first = calloc(sc->nfindings + 1, sizeof(*first));

	if (!first)
		return err_set(ERR_NOMEM, "out of memory");
	sarif_begin(&s, out, "vouch", m->tool_version);
	/* one rule per vulnerability id, in order of first appearance */
	for (size_t i = 0; i < sc->nfindings; i++) {
		const struct finding *f = &sc->findings[i];
		struct sarif_prop aliases = { "aliases", NULL, (const char *const *)f->aliases,
			                      f->naliases };
		char score[5];
		bool seen = false;

		for (size_t k = 0; k < i && !seen; k++)
			seen = first[k] && !strcmp(sc->findings[k].id, f->id);
		if (seen)
			continue;
		first[i] = true;
		report_score(score, f->score10);
		sarif_rule(&s, &(struct sarif_rule){
		                       .id = f->id,
		                       .short_text = f->summary ? f->summary : f->id,
		                       .help_uri = f->url,
		                       .level = sarif_level(f->level),
		                       .security_severity = score[0] ? score : NULL,
		                       .tags = tags,
		                       .ntags = 2,
		                       .props = &aliases,
		                       .nprops = 1,
		               });
	}
	free(first);
	sarif_results(&s);
	for (size_t i = 0; i < sc->nfindings; i++) {
		const struct finding *f = &sc->findings[i];
		const struct scan_pkg *p = &sc->pkgs[f->pkg];
		struct sarif_location *locs = xcalloc(p->nlocs + 1, sizeof(*locs));
		struct sarif_prop *lprops = xcalloc(p->nlocs + 1, sizeof(*lprops));
		struct sarif_prop props[5];
		size_t nprops = 0;
		struct buf msg = BUF_INIT, fp = BUF_INIT;
		uint8_t h[SHA256_LEN];
		char hex[SHA256_HEX_LEN + 1];

		buf_addf(&msg, "%s %s is affected by %s (%s)", p->name, p->version, f->id,
		         cvss_severity_lname(f->level));
		if (f->nfixed)
			buf_addf(&msg, "; fixed in %s", f->fixed[0]);
		if (p->upgrade)
			buf_addf(&msg, "; upgrade to %s clears all findings of the package",
			         p->upgrade);
		for (size_t k = 0; k < p->nlocs; k++) {
			locs[k].uri = p->locs[k].path;
			locs[k].line = p->locs[k].line;
			if (p->locs[k].layer) {
				lprops[k] =
				        (struct sarif_prop){ "layer", p->locs[k].layer, NULL, 0 };
				locs[k].props = &lprops[k];
				locs[k].nprops = 1;
			}
		}
		buf_addf(&fp, "%s|%s|%s", f->id, p->purl ? p->purl : p->name, p->version);
		hash_sha256(h, fp.ptr, fp.len);
		hex_encode(hex, h, SHA256_LEN);
		props[nprops++] = (struct sarif_prop){ "package", p->name, NULL, 0 };
		props[nprops++] = (struct sarif_prop){ "version", p->version, NULL, 0 };
		props[nprops++] = (struct sarif_prop){ "ecosystem", p->ecosystem, NULL, 0 };
		if (p->purl)
			props[nprops++] = (struct sarif_prop){ "purl", p->purl, NULL, 0 };
		if (f->vex)
			props[nprops++] =
			        (struct sarif_prop){ "vex", vex_status_name(f->vex), NULL, 0 };
		sarif_result(&s,
		             &(struct sarif_result){
		                     .rule_id = f->id,
		                     .level = sarif_level(f->level),
		                     .message = msg.ptr,
		                     .locs = locs,
		                     .nlocs = p->nlocs,
		                     .fingerprint = hex,
		                     .suppressed = f->suppressed,
		                     .justification = f->vex_justification ? f->vex_justification
		                                      : f->vex_statement   ? f->vex_statement
		                                                           : f->ignore_reason,
		                     .props = props,
		                     .nprops = nprops,
		             });
		free(locs);
		free(lprops);
		buf_release(&msg);
		buf_release(&fp);
	}
	/* the database the results rest on: the run's property bag */
	w = sarif_run_properties(&s);
	database_obj(w, m);
	return sarif_end(&s);
}

/* ---- CycloneDX 1.6 VDR ---- */

static const char *cdx_method(const char *vector)
{
	if (!vector)
		return "other";
	if (!strncmp(vector, "CVSS:4.0/", 9))
		return "CVSSv4";
	if (!strncmp(vector, "CVSS:3.1/", 9))
		return "CVSSv31";
	if (!strncmp(vector, "CVSS:3.0/", 9))
		return "CVSSv3";
	return "CVSSv2";
}

static const char *cdx_state(const struct finding *f)
{
	switch (f->vex) {
	case VEX_NOT_AFFECTED:
		return "not_affected";
	case VEX_FIXED:
		return "resolved";
	case VEX_AFFECTED:
		return "exploitable";
	case VEX_UNDER_INVESTIGATION:
		return "in_triage";
	default:
		return NULL;
	}
}

/* OpenVEX justifications in CycloneDX's vocabulary. */
static const char *cdx_justification(const char *j)
{
	static const char *const map[][2] = {
		{ "component_not_present", "requires_dependency" },
		{ "vulnerable_code_not_present", "code_not_present" },
		{ "vulnerable_code_not_in_execute_path", "code_not_reachable" },
		{ "vulnerable_code_cannot_be_controlled_by_adversary",
		  "protected_by_mitigating_control" },
		{ "inline_mitigations_already_exist", "protected_by_mitigating_control" },
	};
	static const char *const cdx[] = {
		"code_not_present",     "code_not_reachable",     "requires_configuration",
		"requires_dependency",  "requires_environment",   "protected_by_compiler",
		"protected_at_runtime", "protected_at_perimeter", "protected_by_mitigating_control"
	};

	if (!j)
		return NULL;
	for (size_t i = 0; i < ARRAY_SIZE(map); i++)
		if (!strcmp(j, map[i][0]))
			return map[i][1];
	for (size_t i = 0; i < ARRAY_SIZE(cdx); i++)
		if (!strcmp(j, cdx[i]))
			return cdx[i];
	return NULL;
}

static void bom_ref(struct buf *out, const struct scan_pkg *p, size_t i)
{
	buf_reset(out);
	if (p->purl)
		buf_addf(out, "%s", p->purl);
	else
		buf_addf(out, "pkg-%zu", i);
}

int report_cyclonedx(struct buf *out, const struct scan *sc, const struct report_meta *m)
{
	struct jw w;
	struct buf ref = BUF_INIT, serial = BUF_INIT;
	uint8_t h[SHA256_LEN];
	char hex[SHA256_HEX_LEN + 1];
	struct sha256 ctx;
	int r;

	/* a serial number derived from the content, so the same scan gives the same bytes */
	sha256_init(&ctx);
	for (size_t i = 0; i < sc->nfindings; i++) {
		sha256_update(&ctx, sc->findings[i].id, strlen(sc->findings[i].id) + 1);
		sha256_update(&ctx, sc->pkgs[sc->findings[i].pkg].name,
		              strlen(sc->pkgs[sc->findings[i].pkg].name) + 1);
	}
	sha256_update(&ctx, m->now, strlen(m->now));
	sha256_final(&ctx, h);
	hex_encode(hex, h, 16);
	buf_addf(&serial, "urn:uuid:%.8s-%.4s-4%.3s-8%.3s-%.12s", hex, hex + 8, hex + 13, hex + 17,
	         hex + 20);

	jw_init(&w, out, true);
	jw_obj_begin(&w);
	jw_kstr(&w, "$schema", "http://cyclonedx.org/schema/bom-1.6.schema.json");
	jw_kstr(&w, "bomFormat", "CycloneDX");
	jw_kstr(&w, "specVersion", "1.6");
	jw_kstr(&w, "serialNumber", serial.ptr);
	jw_kint(&w, "version", 1);
	jw_key(&w, "metadata");
	jw_obj_begin(&w);
	jw_kstr(&w, "timestamp", m->now);
	jw_key(&w, "tools");
	jw_obj_begin(&w);
	jw_key(&w, "components");
	jw_arr_begin(&w);
	jw_obj_begin(&w);
	jw_kstr(&w, "type", "application");
	jw_kstr(&w, "name", "vouch");
	jw_kstr(&w, "version", m->tool_version);
	jw_obj_end(&w);
	jw_arr_end(&w);
	jw_obj_end(&w);
	jw_key(&w, "properties");
	jw_arr_begin(&w);
	jw_obj_begin(&w);
	jw_kstr(&w, "name", "vouch:database:updated");
	jw_kstr(&w, "value", m->db_updated ? m->db_updated : "unknown");
	jw_obj_end(&w);
	jw_obj_begin(&w);
	jw_kstr(&w, "name", "vouch:database:newest-advisory");
	jw_kstr(&w, "value", m->db_newest ? m->db_newest : "unknown");
	jw_obj_end(&w);
	jw_arr_end(&w);
	jw_obj_end(&w);

	jw_key(&w, "components");
	jw_arr_begin(&w);
	for (size_t i = 0; i < sc->npkgs; i++) {
		const struct scan_pkg *p = &sc->pkgs[i];

		bom_ref(&ref, p, i);
		jw_obj_begin(&w);
		jw_kstr(&w, "bom-ref", ref.ptr);
		jw_kstr(&w, "type", "library");
		jw_kstr(&w, "name", p->name);
		jw_kstr(&w, "version", p->version);
		if (p->purl)
			jw_kstr(&w, "purl", p->purl);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);

	jw_key(&w, "vulnerabilities");
	jw_arr_begin(&w);
	for (size_t i = 0; i < sc->nfindings; i++) {
		const struct finding *f = &sc->findings[i];
		const struct scan_pkg *p = &sc->pkgs[f->pkg];
		char score[5];
		const char *state = cdx_state(f), *just = cdx_justification(f->vex_justification);

		jw_obj_begin(&w);
		buf_reset(&ref);
		buf_addf(&ref, "%s:%zu", f->id, f->pkg);
		jw_kstr(&w, "bom-ref", ref.ptr);
		jw_kstr(&w, "id", f->id);
		if (f->url) {
			jw_key(&w, "source");
			jw_obj_begin(&w);
			jw_kstr(&w, "name", "OSV");
			jw_kstr(&w, "url", f->url);
			jw_obj_end(&w);
		}
		if (f->naliases) {
			jw_key(&w, "references");
			jw_arr_begin(&w);
			for (size_t k = 0; k < f->naliases; k++) {
				jw_obj_begin(&w);
				jw_kstr(&w, "id", f->aliases[k]);
				jw_key(&w, "source");
				jw_obj_begin(&w);
				jw_kstr(&w, "name",
				        !strncmp(f->aliases[k], "CVE-", 4) ? "NVD" : "OSV");
				jw_obj_end(&w);
				jw_obj_end(&w);
			}
			jw_arr_end(&w);
		}
		jw_key(&w, "ratings");
		jw_arr_begin(&w);
		jw_obj_begin(&w);
		report_score(score, f->score10);
		if (score[0]) {
			jw_key(&w, "score");
			jw_number_raw(&w, score);
		}
		jw_kstr(&w, "severity", cvss_severity_lname(f->level));
		jw_kstr(&w, "method", f->score10 >= 0 ? cdx_method(f->vector) : "other");
		if (f->vector)
			jw_kstr(&w, "vector", f->vector);
		jw_obj_end(&w);
		jw_arr_end(&w);
		if (f->summary)
			jw_kstr(&w, "description", f->summary);
		if (p->upgrade) {
			struct buf rec = BUF_INIT;

			buf_addf(&rec, "Upgrade %s to %s.", p->name, p->upgrade);
			jw_kstr(&w, "recommendation", rec.ptr);
			buf_release(&rec);
		}
		if (state) {
			jw_key(&w, "analysis");
			jw_obj_begin(&w);
			jw_kstr(&w, "state", state);
			if (just)
				jw_kstr(&w, "justification", just);
			if (f->vex_statement || f->vex_justification)
				jw_kstr(&w, "detail",
				        f->vex_statement ? f->vex_statement : f->vex_justification);
			jw_obj_end(&w);
		}
		jw_key(&w, "affects");
		jw_arr_begin(&w);
		jw_obj_begin(&w);
		bom_ref(&ref, p, f->pkg);
		jw_kstr(&w, "ref", ref.ptr);
		jw_key(&w, "versions");
		jw_arr_begin(&w);
		jw_obj_begin(&w);
		jw_kstr(&w, "version", p->version);
		jw_kstr(&w, "status", "affected");
		jw_obj_end(&w);
		for (size_t k = 0; k < f->nfixed; k++) {
			jw_obj_begin(&w);
			jw_kstr(&w, "version", f->fixed[k]);
			jw_kstr(&w, "status", "unaffected");
			jw_obj_end(&w);
		}
		jw_arr_end(&w);
		jw_obj_end(&w);
		jw_arr_end(&w);
		/* CycloneDX has no analysis state for an accepted finding: vouch's own properties */
		if (f->ignore_reason || f->level_from) {
			jw_key(&w, "properties");
			jw_arr_begin(&w);
			if (f->ignore_reason) {
				jw_obj_begin(&w);
				jw_kstr(&w, "name", "vouch:ignored");
				jw_kstr(&w, "value", f->ignore_reason);
				jw_obj_end(&w);
			}
			if (f->ignore_expires) {
				jw_obj_begin(&w);
				jw_kstr(&w, "name", "vouch:ignored-until");
				jw_kstr(&w, "value", f->ignore_expires);
				jw_obj_end(&w);
			}
			if (f->level_from) {
				jw_obj_begin(&w);
				jw_kstr(&w, "name", "vouch:severity-from");
				jw_kstr(&w, "value", f->level_from);
				jw_obj_end(&w);
			}
			jw_arr_end(&w);
		}
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_obj_end(&w);
	r = jw_finish(&w);
	buf_release(&ref);
	buf_release(&serial);
	return r;
}
