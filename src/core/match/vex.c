/*
 * vex.c: OpenVEX 0.2 and CycloneDX VEX readers, and their application.
 */
#include "util/compat.h"
#include "core/match/vex.h"
#include "core/formats/purl.h"
#include "core/vulndb/osv.h"
#include "util/alloc.h"
#include "util/err.h"
#include "util/json.h"

#define FAIL(...) return err_set(ERR_PARSE, __VA_ARGS__)

static bool only_keys(const json_t *o, const char *const *keys, size_t n, const char **bad)
{
	const char *k;
	json_t *v;

	json_object_foreach((json_t *)o, k, v)
	{
		bool ok = false;

		for (size_t i = 0; i < n && !ok; i++)
			ok = !strcmp(k, keys[i]);
		if (!ok) {
			*bad = k;
			return false;
		}
	}
	return true;
}

static bool is_time(const json_t *v)
{
	const char *s = vjson_strval(v);
	size_t n;

	/* RFC 3339 date-time, any offset: YYYY-MM-DDTHH:MM:SS[.f](Z|+hh:mm) */
	if (!s || (n = strlen(s)) < 20 || s[4] != '-' || s[7] != '-' ||
	    (s[10] != 'T' && s[10] != 't') || s[13] != ':' || s[16] != ':')
		return false;
	return s[n - 1] == 'Z' || s[n - 1] == 'z' ||
	       (n > 6 && s[n - 3] == ':' && (s[n - 6] == '+' || s[n - 6] == '-'));
}

static struct vex_stmt *new_stmt(struct vex *v, const char *source)
{
	struct vex_stmt *s;

	ALLOC_GROW(v->st, v->n + 1, v->alloc);
	s = &v->st[v->n++];
	memset(s, 0, sizeof(*s));
	s->source = xstrdup(source);
	return s;
}

static void push(char ***arr, size_t *n, const char *s)
{
	*arr = xreallocarray(*arr, *n + 1, sizeof(**arr));
	(*arr)[(*n)++] = xstrdup(s);
}

static void stmt_free(struct vex_stmt *s)
{
	for (size_t i = 0; i < s->nids; i++)
		free(s->ids[i]);
	for (size_t i = 0; i < s->nproducts; i++)
		free(s->products[i]);
	free(s->ids);
	free(s->products);
	free(s->justification);
	free(s->statement);
	free(s->source);
}

static enum vex_status status_of(const char *s)
{
	if (!s)
		return VEX_NONE;
	if (!strcmp(s, "not_affected"))
		return VEX_NOT_AFFECTED;
	if (!strcmp(s, "affected"))
		return VEX_AFFECTED;
	if (!strcmp(s, "fixed"))
		return VEX_FIXED;
	if (!strcmp(s, "under_investigation"))
		return VEX_UNDER_INVESTIGATION;
	return VEX_NONE;
}

static int check_component(const json_t *c, const char *name, size_t si, size_t pi, bool sub)
{
	static const char *const ckeys[] = { "@id", "identifiers", "hashes", "subcomponents" };
	static const char *const ikeys[] = { "purl", "cpe22", "cpe23" };
	const json_t *ids = json_object_get(c, "identifiers");
	const char *bad;

	if (!json_is_object(c))
		FAIL("%s: statements[%zu].products[%zu]: not an object", name, si, pi);
	if (!only_keys(c, ckeys, sub ? 3 : 4, &bad))
		FAIL("%s: statements[%zu].products[%zu]: unknown key '%s'", name, si, pi, bad);
	if (!json_object_get(c, "@id") && !ids)
		FAIL("%s: statements[%zu].products[%zu]: needs '@id' or 'identifiers'", name, si,
		     pi);
	if (json_object_get(c, "@id") && !vjson_str(c, "@id"))
		FAIL("%s: statements[%zu].products[%zu].@id: not a string", name, si, pi);
	if (ids) {
		if (!json_is_object(ids) || !only_keys(ids, ikeys, 3, &bad) ||
		    !(vjson_str(ids, "purl") || vjson_str(ids, "cpe22") || vjson_str(ids, "cpe23")))
			FAIL("%s: statements[%zu].products[%zu].identifiers: needs purl, cpe22 or "
			     "cpe23 and nothing else",
			     name, si, pi);
	}
	if (json_object_get(c, "hashes") && !json_is_object(json_object_get(c, "hashes")))
		FAIL("%s: statements[%zu].products[%zu].hashes: not an object", name, si, pi);
	return 0;
}

/* The purl a component names, if any: identifiers.purl, else an @id that is a purl. */
static const char *component_purl(const json_t *c)
{
	const char *p = vjson_str(json_object_get(c, "identifiers"), "purl");
	const char *id = vjson_str(c, "@id");

	if (p)
		return p;
	if (id && !strncmp(id, "pkg:", 4))
		return id;
	return NULL;
}

static int parse_openvex(struct vex *v, const json_t *doc, const char *name)
{
	static const char *const top[] = { "@context", "@id",       "author",
		                           "role",     "timestamp", "last_updated",
		                           "version",  "tooling",   "statements" };
	static const char *const skeys[] = { "@id",
		                             "version",
		                             "vulnerability",
		                             "timestamp",
		                             "last_updated",
		                             "products",
		                             "status",
		                             "supplier",
		                             "status_notes",
		                             "justification",
		                             "impact_statement",
		                             "action_statement",
		                             "action_statement_timestamp" };
	static const char *const justs[] = { "component_not_present", "vulnerable_code_not_present",
		                             "vulnerable_code_not_in_execute_path",
		                             "vulnerable_code_cannot_be_controlled_by_adversary",
		                             "inline_mitigations_already_exist" };
	const char *bad, *ctx = vjson_str(doc, "@context");
	const json_t *stmts = json_object_get(doc, "statements"), *s, *ver;
	size_t i, first = v->n;
	int r = 0;

	if (!only_keys(doc, top, ARRAY_SIZE(top), &bad))
		FAIL("%s: unknown key '%s' in an OpenVEX document", name, bad);
	if (!ctx || strncmp(ctx, "https://openvex.dev/ns", 22))
		FAIL("%s: '@context' is not an OpenVEX context", name);
	if (!vjson_str(doc, "@id") || !vjson_str(doc, "author"))
		FAIL("%s: an OpenVEX document needs '@id' and 'author'", name);
	if (!is_time(json_object_get(doc, "timestamp")))
		FAIL("%s: 'timestamp' is missing or not an RFC 3339 date-time", name);
	if (json_object_get(doc, "last_updated") && !is_time(json_object_get(doc, "last_updated")))
		FAIL("%s: 'last_updated' is not an RFC 3339 date-time", name);
	ver = json_object_get(doc, "version");
	if (!json_is_integer(ver) || json_integer_value(ver) < 1)
		FAIL("%s: 'version' must be an integer of at least 1", name);
	if (!json_is_array(stmts) || !json_array_size(stmts))
		FAIL("%s: 'statements' must be a non-empty array", name);
	json_array_foreach(stmts, i, s)
	{
		const json_t *vuln = json_object_get(s, "vulnerability"), *al, *prods, *p;
		const char *st = vjson_str(s, "status"), *just = vjson_str(s, "justification");
		struct vex_stmt *x;
		size_t k;

		if (!json_is_object(s))
			FAIL("%s: statements[%zu]: not an object", name, i);
		if (!only_keys(s, skeys, ARRAY_SIZE(skeys), &bad))
			FAIL("%s: statements[%zu]: unknown key '%s'", name, i, bad);
		if (!json_is_object(vuln) || !vjson_str(vuln, "name"))
			FAIL("%s: statements[%zu]: 'vulnerability' needs a 'name'", name, i);
		{
			static const char *const vkeys[] = { "@id", "name", "description",
				                             "aliases" };

			if (!only_keys(vuln, vkeys, 4, &bad))
				FAIL("%s: statements[%zu].vulnerability: unknown key '%s'", name, i,
				     bad);
		}
		if (status_of(st) == VEX_NONE)
			FAIL("%s: statements[%zu]: 'status' must be not_affected, affected, fixed "
			     "or "
			     "under_investigation",
			     name, i);
		if (just) {
			bool ok = false;

			for (size_t j = 0; j < ARRAY_SIZE(justs); j++)
				ok |= !strcmp(just, justs[j]);
			if (!ok)
				FAIL("%s: statements[%zu]: unknown justification '%.60s'", name, i,
				     just);
		} else if (json_object_get(s, "justification")) {
			FAIL("%s: statements[%zu]: 'justification' is not a string", name, i);
		}
		if (status_of(st) == VEX_NOT_AFFECTED && !just && !vjson_str(s, "impact_statement"))
			FAIL("%s: statements[%zu]: not_affected needs a justification or an "
			     "impact_statement",
			     name, i);
		if (status_of(st) == VEX_AFFECTED && !vjson_str(s, "action_statement"))
			FAIL("%s: statements[%zu]: affected needs an action_statement", name, i);
		for (size_t t = 0; t < 3; t++) {
			static const char *const tk[] = { "timestamp", "last_updated",
				                          "action_statement_timestamp" };

			if (json_object_get(s, tk[t]) && !is_time(json_object_get(s, tk[t])))
				FAIL("%s: statements[%zu]: '%s' is not an RFC 3339 date-time", name,
				     i, tk[t]);
		}
		prods = json_object_get(s, "products");
		if (prods && !json_is_array(prods))
			FAIL("%s: statements[%zu].products: not an array", name, i);
		json_array_foreach(prods, k, p)
		{
			const json_t *sub, *sc;
			size_t m;

			if ((r = check_component(p, name, i, k, false)) < 0)
				return r;
			sub = json_object_get(p, "subcomponents");
			if (sub && !json_is_array(sub))
				FAIL("%s: statements[%zu].products[%zu].subcomponents: not an "
				     "array",
				     name, i, k);
			json_array_foreach(sub, m,
			                   sc) if ((r = check_component(sc, name, i, k, true)) <
			                           0) return r;
		}
		x = new_stmt(v, name);
		x->status = status_of(st);
		x->justification = just ? xstrdup(just) : NULL;
		if (vjson_str(s, "impact_statement"))
			x->statement = xstrdup(vjson_str(s, "impact_statement"));
		else if (vjson_str(s, "action_statement"))
			x->statement = xstrdup(vjson_str(s, "action_statement"));
		push(&x->ids, &x->nids, vjson_str(vuln, "name"));
		al = json_object_get(vuln, "aliases");
		json_array_foreach(al, k, p) if (vjson_strval(p))
		        push(&x->ids, &x->nids, vjson_strval(p));
		json_array_foreach(prods, k, p)
		{
			const json_t *sc;
			size_t m;

			if (component_purl(p))
				push(&x->products, &x->nproducts, component_purl(p));
			json_array_foreach(json_object_get(p, "subcomponents"), m,
			                   sc) if (component_purl(sc))
			        push(&x->products, &x->nproducts, component_purl(sc));
		}
		if (json_array_size(prods) && !x->nproducts) {
			/* products named only by CPE or an IRI: nothing vouch can match against */
			x->nproducts = 0;
			x->status = VEX_NONE;
		}
	}
	(void)first;
	return 0;
}

static enum vex_status cdx_status(const char *state)
{
	if (!state)
		return VEX_NONE;
	if (!strcmp(state, "not_affected") || !strcmp(state, "false_positive"))
		return VEX_NOT_AFFECTED;
	if (!strcmp(state, "resolved") || !strcmp(state, "resolved_with_pedigree"))
		return VEX_FIXED;
	if (!strcmp(state, "exploitable"))
		return VEX_AFFECTED;
	if (!strcmp(state, "in_triage"))
		return VEX_UNDER_INVESTIGATION;
	return VEX_NONE;
}

/* The purl behind an affects ref: a purl, a bom-ref of this document, or a BOM-link's fragment. */
static const char *resolve_ref(const json_t *doc, const char *ref)
{
	const json_t *c;
	const char *hash;
	size_t i;

	if (!strncmp(ref, "pkg:", 4))
		return ref;
	hash = !strncmp(ref, "urn:cdx:", 8) ? strchr(ref, '#') : NULL;
	if (hash) {
		ref = hash + 1;
		if (!strncmp(ref, "pkg:", 4))
			return ref;
	}
	json_array_foreach(json_object_get(doc, "components"), i, c)
	{
		const char *br = vjson_str(c, "bom-ref");

		if (br && !strcmp(br, ref))
			return vjson_str(c, "purl");
	}
	return NULL;
}

static int parse_cyclonedx(struct vex *v, const json_t *doc, const char *name)
{
	static const char *const states[] = {
		"resolved",  "resolved_with_pedigree", "exploitable",
		"in_triage", "false_positive",         "not_affected"
	};
	static const char *const justs[] = {
		"code_not_present",     "code_not_reachable",     "requires_configuration",
		"requires_dependency",  "requires_environment",   "protected_by_compiler",
		"protected_at_runtime", "protected_at_perimeter", "protected_by_mitigating_control"
	};
	const json_t *vulns = json_object_get(doc, "vulnerabilities"), *x;
	const char *spec = vjson_str(doc, "specVersion");
	size_t i;

	if (!spec || (strcmp(spec, "1.4") && strcmp(spec, "1.5") && strcmp(spec, "1.6") &&
	              strcmp(spec, "1.7")))
		FAIL("%s: CycloneDX VEX needs specVersion 1.4 to 1.7", name);
	if (!json_is_array(vulns))
		FAIL("%s: a CycloneDX VEX document needs a 'vulnerabilities' array", name);
	json_array_foreach(vulns, i, x)
	{
		const json_t *an = json_object_get(x, "analysis"),
		             *aff = json_object_get(x, "affects");
		const json_t *a, *ref;
		const char *id = vjson_str(x, "id"), *state, *just;
		struct vex_stmt *s;
		size_t k;
		bool ok = false;

		if (!json_is_object(x) || !id)
			FAIL("%s: vulnerabilities[%zu]: needs a string 'id'", name, i);
		if (an && !json_is_object(an))
			FAIL("%s: vulnerabilities[%zu].analysis: not an object", name, i);
		state = vjson_str(an, "state");
		just = vjson_str(an, "justification");
		if (an && json_object_get(an, "state")) {
			for (size_t j = 0; j < ARRAY_SIZE(states); j++)
				ok |= state && !strcmp(state, states[j]);
			if (!ok)
				FAIL("%s: vulnerabilities[%zu].analysis.state: unknown state", name,
				     i);
		}
		if (an && json_object_get(an, "justification")) {
			ok = false;
			for (size_t j = 0; j < ARRAY_SIZE(justs); j++)
				ok |= just && !strcmp(just, justs[j]);
			if (!ok)
				FAIL("%s: vulnerabilities[%zu].analysis.justification: unknown "
				     "value",
				     name, i);
		}
		if (aff && !json_is_array(aff))
			FAIL("%s: vulnerabilities[%zu].affects: not an array", name, i);
		json_array_foreach(aff, k, a) if (!json_is_object(a) || !vjson_str(a, "ref")) FAIL(
		        "%s: vulnerabilities[%zu].affects[%zu]: needs a string 'ref'", name, i, k);
		if (!state)
			continue; /* no analysis: nothing to apply */
		if (!json_array_size(aff))
			FAIL("%s: vulnerabilities[%zu]: an analysis without 'affects'", name, i);
		s = new_stmt(v, name);
		s->status = cdx_status(state);
		s->justification = xstrdup(just ? just : state);
		if (vjson_str(an, "detail"))
			s->statement = xstrdup(vjson_str(an, "detail"));
		push(&s->ids, &s->nids, id);
		json_array_foreach(json_object_get(x, "references"), k,
		                   ref) if (vjson_str(ref, "id"))
		        push(&s->ids, &s->nids, vjson_str(ref, "id"));
		json_array_foreach(aff, k, a)
		{
			const char *p = resolve_ref(doc, vjson_str(a, "ref"));

			if (!p)
				FAIL("%s: vulnerabilities[%zu].affects[%zu]: ref '%.80s' names no "
				     "component with a purl",
				     name, i, k, vjson_str(a, "ref"));
			push(&s->products, &s->nproducts, p);
		}
	}
	return 0;
}

int vex_parse(struct vex *v, const char *data, size_t len, const char *name)
{
	json_t *doc = NULL;
	size_t before = v->n;
	int r;

	if ((r = vjson_parse(&doc, data, len, name)) < 0)
		return r;
	if (!json_is_object(doc))
		r = err_set(ERR_PARSE, "%s: not a JSON object", name);
	else if (vjson_str(doc, "@context"))
		r = parse_openvex(v, doc, name);
	else if (vjson_str(doc, "bomFormat") && !strcmp(vjson_str(doc, "bomFormat"), "CycloneDX"))
		r = parse_cyclonedx(v, doc, name);
	else
		r = err_set(ERR_PARSE, "%s: neither an OpenVEX nor a CycloneDX VEX document", name);
	json_decref(doc);
	if (r < 0) {
		/* a bad document contributes nothing, not even its good statements */
		while (v->n > before)
			stmt_free(&v->st[--v->n]);
	}
	return r;
}

int vex_load(struct vex *v, const char *path)
{
	struct buf b = BUF_INIT_MAX(VEX_MAX_SIZE);
	int r = buf_read_file(&b, path);

	if (r == 0)
		r = vex_parse(v, b.ptr, b.len, path);
	buf_release(&b);
	return r;
}

/* Whether the VEX product purl names the package (type, namespace, name; version when given). */
static bool names_vuln(const struct vex_stmt *s, const struct finding *f)
{
	for (size_t i = 0; i < s->nids; i++)
		if (finding_has_id(f, s->ids[i]))
			return true;
	return false;
}

void scan_apply_vex(struct scan *sc, const struct vex *v)
{
	for (size_t i = 0; i < sc->nfindings; i++) {
		struct finding *f = &sc->findings[i];

		for (size_t k = 0; k < v->n; k++) {
			const struct vex_stmt *s = &v->st[k];
			bool applies = s->status != VEX_NONE && names_vuln(s, f);

			if (applies && s->nproducts) {
				applies = false;
				for (size_t p = 0; p < s->nproducts && !applies; p++)
					applies =
					        scan_purl_names(s->products[p], &sc->pkgs[f->pkg]);
			}
			if (!applies)
				continue;
			f->vex = s->status;
			free(f->vex_justification);
			free(f->vex_statement);
			free(f->vex_source);
			f->vex_justification = s->justification ? xstrdup(s->justification) : NULL;
			f->vex_statement = s->statement ? xstrdup(s->statement) : NULL;
			f->vex_source = xstrdup(s->source);
			f->suppressed = s->status == VEX_NOT_AFFECTED || s->status == VEX_FIXED;
		}
	}
}

void vex_release(struct vex *v)
{
	for (size_t i = 0; i < v->n; i++)
		stmt_free(&v->st[i]);
	free(v->st);
	memset(v, 0, sizeof(*v));
}
