/*
 * advisory.c: reading an advisory (TOML or JSON) and writing it as CSAF 2.0, OSV and OpenVEX.
 *
 * The two input formats go through one small accessor layer (struct src) so
 * that the rules, and the messages, are the same; TOML values carry their
 * line, JSON ones are named by key.
 */
#include "util/compat.h"
#include "core/disclose/advisory.h"
#include "core/disclose/csaf.h"
#include "core/disclose/securitytxt.h"
#include "core/formats/purl.h"
#include "util/alloc.h"
#include "util/err.h"
#include "util/epoch.h"
#include "util/json.h"
#include "util/toml.h"

#include <ctype.h>
#include <strings.h>

#ifndef VOUCH_VERSION
#define VOUCH_VERSION "0.0.0-dev"
#endif

struct src {
	const char *name;
	const struct toml_value *t; /* TOML table, or */
	const json_t *j;            /* JSON object */
	const char *prefix;         /* "publisher." for a nested table, else "" */
};

static const char *const top_keys[] = {
	"id",        "title",     "description", "product",          "vendor",   "purl",
	"ecosystem", "cve",       "cwe",         "cwe_name",         "cvss",     "remediation",
	"affected",  "fixed",     "unaffected",  "acknowledgements", "reported", "fix_released",
	"published", "publisher", "revision",
};
static const char *const publisher_keys[] = { "name", "namespace", "category" };
static const char *const revision_keys[] = { "date", "summary" };

static bool known(const char *key, const char *const *keys, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(key, keys[i]))
			return true;
	return false;
}

/* Unknown keys are errors: a misspelt "fixed_versions" must not silently publish nothing. */
static int check_keys(const struct src *s, const char *const *keys, size_t n)
{
	if (s->t) {
		for (size_t i = 0; i < toml_table_len(s->t); i++) {
			const struct toml_kv *kv = toml_table_at(s->t, i);
			if (!known(kv->key, keys, n))
				return err_set(ERR_PARSE, "%s:%u: unknown key '%s%s'", s->name,
				               (unsigned)kv->line, s->prefix, kv->key);
		}
	} else {
		const char *key;
		const json_t *v;
		json_object_foreach(
		        (json_t *)s->j, key,
		        v) if (!known(key, keys, n)) return err_set(ERR_PARSE,
		                                                    "%s: unknown key '%s%s'",
		                                                    s->name, s->prefix, key);
	}
	return 0;
}

static int bad_type(const struct src *s, const char *key, const char *want, unsigned line)
{
	if (line)
		return err_set(ERR_PARSE, "%s:%u: '%s%s' must be %s", s->name, line, s->prefix, key,
		               want);
	return err_set(ERR_PARSE, "%s: '%s%s' must be %s", s->name, s->prefix, key, want);
}

static unsigned line_of(const struct src *s, const char *key)
{
	const struct toml_value *v = s->t ? toml_get(s->t, key) : NULL;

	return v ? v->line : 0;
}

static bool clean_string(const char *v, size_t len)
{
	return len <= ADVISORY_MAX_STRING && strlen(v) == len && json_utf8_valid(v, len);
}

/* A string member: *out stays NULL when absent and not required. */
static int get_str(const struct src *s, const char *key, bool required, char **out)
{
	const char *v = NULL;
	size_t len = 0;

	if (s->t) {
		const struct toml_value *tv = toml_get(s->t, key);
		if (tv && tv->kind == TOML_STRING) {
			v = tv->u.str.ptr;
			len = tv->u.str.len;
		} else if (tv) {
			return bad_type(s, key, "a string", tv->line);
		}
	} else {
		const json_t *jv = json_object_get(s->j, key);
		if (jv && json_is_string(jv)) {
			v = json_string_value(jv);
			len = json_string_length(jv);
		} else if (jv) {
			return bad_type(s, key, "a string", 0);
		}
	}
	if (!v) {
		if (required)
			return err_set(ERR_PARSE, "%s: missing '%s%s'", s->name, s->prefix, key);
		return 0;
	}
	if (!clean_string(v, len) || !len)
		return bad_type(s, key, "a non-empty UTF-8 string without NUL, at most 64 KiB",
		                line_of(s, key));
	*out = xstrdup(v);
	return 0;
}

static int get_list(const struct src *s, const char *key, struct advisory_list *out)
{
	size_t n = 0;

	if (s->t) {
		const struct toml_value *tv = toml_get(s->t, key);
		if (!tv)
			return 0;
		if (tv->kind != TOML_ARRAY)
			return bad_type(s, key, "an array of strings", tv->line);
		n = toml_array_len(tv);
	} else {
		const json_t *jv = json_object_get(s->j, key);
		if (!jv)
			return 0;
		if (!json_is_array(jv))
			return bad_type(s, key, "an array of strings", 0);
		n = json_array_size(jv);
	}
	if (n > ADVISORY_MAX_VERSIONS)
		return err_set(ERR_TOOBIG, "%s: '%s' has more than %d items", s->name, key,
		               ADVISORY_MAX_VERSIONS);
	out->v = xcalloc(n ? n : 1, sizeof(*out->v));
	for (size_t i = 0; i < n; i++) {
		const char *v = NULL;
		size_t len = 0;
		if (s->t) {
			const struct toml_value *e = toml_array_at(toml_get(s->t, key), i);
			if (e->kind == TOML_STRING) {
				v = e->u.str.ptr;
				len = e->u.str.len;
			}
		} else {
			const json_t *e = json_array_get(json_object_get(s->j, key), i);
			v = json_string_value(e);
			len = v ? json_string_length(e) : 0;
		}
		if (!v || !len || !clean_string(v, len))
			return bad_type(s, key, "an array of non-empty strings", line_of(s, key));
		out->v[out->n++] = xstrdup(v);
	}
	return 0;
}

/* A date: TOML date or offset date-time; JSON "YYYY-MM-DD" or an RFC 3339 date-time. */
static int get_date(const struct src *s, const char *key, int64_t *out)
{
	if (s->t) {
		const struct toml_value *tv = toml_get(s->t, key);
		const struct toml_datetime *dt;
		if (!tv)
			return 0;
		if (tv->kind != TOML_DATE_LOCAL && tv->kind != TOML_DATETIME)
			return bad_type(s, key, "a date (2026-10-01) or an offset date-time",
			                tv->line);
		dt = tv->u.dt;
		{
			/* the canonical text: "YYYY-MM-DD" or an RFC 3339 date-time */
			char t[TOML_DATETIME_TEXT_MAX + 16];
			snprintf(t, sizeof(t), "%s%s", dt->text,
			         tv->kind == TOML_DATE_LOCAL ? "T00:00:00Z" : "");
			if (securitytxt_parse_time(out, t, strlen(t)) < 0)
				return bad_type(s, key, "a date between 0000 and 9999", tv->line);
		}
	} else {
		const json_t *jv = json_object_get(s->j, key);
		const char *v = json_string_value(jv);
		char buf[32];
		if (!jv)
			return 0;
		if (v && strlen(v) == 10) {
			snprintf(buf, sizeof(buf), "%sT00:00:00Z", v);
			v = buf;
		}
		if (!v || securitytxt_parse_time(out, v, strlen(v)) < 0)
			return bad_type(s, key, "a date (\"2026-10-01\") or an RFC 3339 date-time",
			                0);
	}
	if (*out < 0 || *out > 253402300799)
		return bad_type(s, key, "a date between 1970 and 9999", line_of(s, key));
	return 0;
}

static const char *const range_words[] = { "after", "all",   "before",  "earlier",
	                                   "later", "prior", "version", "versions" };

/* Versions go into product names and ids: no ranges, no spaces, no control characters. */
static int check_versions(const struct advisory *a, const char *name)
{
	const struct advisory_list *l[] = { &a->affected, &a->fixed, &a->unaffected };
	const char *names[] = { "affected", "fixed", "unaffected" };

	for (size_t k = 0; k < 3; k++)
		for (size_t i = 0; i < l[k]->n; i++) {
			const char *v = l[k]->v[i];
			for (const char *p = v; *p; p++)
				if ((unsigned char)*p <= ' ' || *p == '<' || *p == '>' ||
				    *p == ',' || *p == '*')
					return err_set(
					        ERR_PARSE,
					        "%s: '%s' version '%s' is not one version (no "
					        "ranges, spaces or wildcards: list each release)",
					        name, names[k], v);
			/* the words CSAF's test 6.1.31 reads as a range ("all", "later"...) */
			for (size_t w = 0; w < ARRAY_SIZE(range_words); w++)
				if (!strcasecmp(v, range_words[w]))
					return err_set(
					        ERR_PARSE,
					        "%s: '%s' version '%s' is not one version (list "
					        "each release)",
					        name, names[k], v);
			for (size_t k2 = 0; k2 <= k; k2++)
				for (size_t j = 0; j < (k2 == k ? i : l[k2]->n); j++)
					if (!strcmp(l[k2]->v[j], v))
						return err_set(ERR_PARSE,
						               "%s: version '%s' is listed in "
						               "'%s' and '%s'",
						               name, v, names[k2], names[k]);
		}
	return 0;
}

/* [[revision]]: an array of tables (JSON: "revision": [{...}]) with date and summary. */
static int read_revisions(struct advisory *a, const struct src *s)
{
	const struct toml_value *tv = s->t ? toml_get(s->t, "revision") : NULL;
	const json_t *jv = s->j ? json_object_get(s->j, "revision") : NULL;
	size_t n;
	int r;

	if (!tv && !jv)
		return 0;
	if ((tv && tv->kind != TOML_ARRAY) || (jv && !json_is_array(jv)))
		return bad_type(s, "revision", "an array of tables ([[revision]])",
		                tv ? tv->line : 0);
	n = tv ? toml_array_len(tv) : json_array_size(jv);
	if (n > ADVISORY_MAX_REVISIONS)
		return err_set(ERR_TOOBIG, "%s: more than %d revisions", s->name,
		               ADVISORY_MAX_REVISIONS);
	a->revisions = xcalloc(n ? n : 1, sizeof(*a->revisions));
	for (size_t i = 0; i < n; i++) {
		struct src rs = { s->name, NULL, NULL, "revision." };
		struct advisory_revision *rv = &a->revisions[a->nrevisions];
		if (tv) {
			rs.t = toml_array_at(tv, i);
			if (rs.t->kind != TOML_TABLE)
				return bad_type(s, "revision", "an array of tables", rs.t->line);
		} else {
			rs.j = json_array_get(jv, i);
			if (!json_is_object(rs.j))
				return bad_type(s, "revision", "an array of objects", 0);
		}
		rv->date = -1;
		a->nrevisions++;
		if ((r = check_keys(&rs, revision_keys, ARRAY_SIZE(revision_keys))) < 0 ||
		    (r = get_date(&rs, "date", &rv->date)) < 0 ||
		    (r = get_str(&rs, "summary", true, &rv->summary)) < 0)
			return r;
		if (rv->date < 0 && tv)
			return err_set(ERR_PARSE, "%s:%u: revision %zu has no 'date'", s->name,
			               (unsigned)rs.t->line, i + 2);
		if (rv->date < 0)
			return err_set(ERR_PARSE, "%s: revision %zu has no 'date'", s->name, i + 2);
	}
	return 0;
}

static int read_all(struct advisory *a, const struct src *s)
{
	const struct toml_value *pt = NULL;
	const json_t *pj = NULL;
	struct src ps;
	int r;

	if ((r = check_keys(s, top_keys, ARRAY_SIZE(top_keys))) < 0)
		return r;
	if ((r = get_str(s, "id", true, &a->id)) < 0 ||
	    (r = get_str(s, "title", true, &a->title)) < 0 ||
	    (r = get_str(s, "description", true, &a->description)) < 0 ||
	    (r = get_str(s, "product", true, &a->product)) < 0 ||
	    (r = get_str(s, "vendor", false, &a->vendor)) < 0 ||
	    (r = get_str(s, "purl", false, &a->purl)) < 0 ||
	    (r = get_str(s, "ecosystem", false, &a->ecosystem)) < 0 ||
	    (r = get_str(s, "cve", false, &a->cve)) < 0 ||
	    (r = get_str(s, "cwe", false, &a->cwe)) < 0 ||
	    (r = get_str(s, "cwe_name", false, &a->cwe_name)) < 0 ||
	    (r = get_str(s, "cvss", false, &a->cvss_vector)) < 0 ||
	    (r = get_str(s, "remediation", false, &a->remediation)) < 0 ||
	    (r = get_list(s, "affected", &a->affected)) < 0 ||
	    (r = get_list(s, "fixed", &a->fixed)) < 0 ||
	    (r = get_list(s, "unaffected", &a->unaffected)) < 0 ||
	    (r = get_list(s, "acknowledgements", &a->acks)) < 0 ||
	    (r = get_date(s, "reported", &a->reported)) < 0 ||
	    (r = get_date(s, "fix_released", &a->fix_released)) < 0 ||
	    (r = get_date(s, "published", &a->published)) < 0)
		return r;
	ps = (struct src){ s->name, NULL, NULL, "publisher." };
	if (s->t) {
		pt = toml_get(s->t, "publisher");
		if (pt && pt->kind != TOML_TABLE)
			return bad_type(s, "publisher", "a table", pt->line);
		ps.t = pt;
	} else {
		pj = json_object_get(s->j, "publisher");
		if (pj && !json_is_object(pj))
			return bad_type(s, "publisher", "an object", 0);
		ps.j = pj;
	}
	if (!pt && !pj)
		return err_set(ERR_PARSE, "%s: missing [publisher] (name and namespace)", s->name);
	if ((r = check_keys(&ps, publisher_keys, ARRAY_SIZE(publisher_keys))) < 0 ||
	    (r = get_str(&ps, "name", false, &a->publisher_name)) < 0 ||
	    (r = get_str(&ps, "namespace", true, &a->publisher_namespace)) < 0 ||
	    (r = get_str(&ps, "category", false, &a->publisher_category)) < 0)
		return r;
	return read_revisions(a, s);
}

/* The rules between fields, once everything is read. */
static int validate(struct advisory *a, const char *name, const char *default_vendor)
{
	static const char *const cats[] = { "coordinator", "discoverer", "other",
		                            "translator",  "user",       "vendor" };
	bool ok = false;
	int r;

	if (!a->vendor && !a->publisher_name && default_vendor)
		a->vendor = xstrdup(default_vendor);
	if (!a->vendor && a->publisher_name)
		a->vendor = xstrdup(a->publisher_name);
	if (!a->publisher_name && a->vendor)
		a->publisher_name = xstrdup(a->vendor);
	if (!a->vendor)
		return err_set(ERR_PARSE, "%s: missing 'vendor' (or 'publisher.name')", name);
	if (!a->publisher_category)
		a->publisher_category = xstrdup("vendor");
	for (size_t i = 0; i < ARRAY_SIZE(cats); i++)
		ok |= !strcmp(a->publisher_category, cats[i]);
	if (!ok)
		return err_set(ERR_PARSE, "%s: 'publisher.category' '%s' is not one of CSAF's",
		               name, a->publisher_category);
	if (strncmp(a->publisher_namespace, "https://", 8) &&
	    strncmp(a->publisher_namespace, "http://", 7))
		return err_set(ERR_PARSE, "%s: 'publisher.namespace' must be an http(s) URL", name);
	if (isspace((unsigned char)a->id[0]) || isspace((unsigned char)a->id[strlen(a->id) - 1]))
		return err_set(ERR_PARSE, "%s: 'id' has leading or trailing white space", name);
	if (!a->affected.n)
		return err_set(ERR_PARSE, "%s: 'affected' lists no version", name);
	if (a->published < 0)
		return err_set(ERR_PARSE, "%s: missing 'published' (the advisory's date)", name);
	for (size_t i = 0; i < a->nrevisions; i++)
		if (a->revisions[i].date < (i ? a->revisions[i - 1].date : a->published) ||
		    (!i && a->revisions[i].date == a->published))
			return err_set(
			        ERR_PARSE,
			        "%s: revision %zu is not dated after the one before (published "
			        "and each [[revision]] in date order)",
			        name, i + 2);
	if (a->reported >= 0 && a->fix_released >= 0 && a->fix_released < a->reported)
		return err_set(ERR_PARSE, "%s: 'fix_released' is before 'reported'", name);
	if (a->cve) {
		const char *c = a->cve;
		size_t n = strlen(c), i;
		if (n < 13 || strncmp(c, "CVE-", 4) || c[8] != '-')
			return err_set(ERR_PARSE, "%s: 'cve' '%s' is not CVE-YYYY-NNNN", name, c);
		for (i = 4; i < n; i++)
			if (i != 8 && !isdigit((unsigned char)c[i]))
				return err_set(ERR_PARSE, "%s: 'cve' '%s' is not CVE-YYYY-NNNN",
				               name, c);
	}
	if (a->cwe) {
		const char *known_name = csaf_cwe_name(a->cwe);
		size_t n = strlen(a->cwe);
		bool digits = n > 4 && n < 14 && !strncmp(a->cwe, "CWE-", 4) && a->cwe[4] != '0';
		for (size_t i = 4; digits && i < n; i++)
			digits = isdigit((unsigned char)a->cwe[i]);
		if (!digits)
			return err_set(ERR_PARSE, "%s: 'cwe' '%s' is not CWE-N", name, a->cwe);
		if (known_name && a->cwe_name && strcmp(known_name, a->cwe_name))
			return err_set(ERR_PARSE, "%s: 'cwe_name' of %s is '%s'", name, a->cwe,
			               known_name);
		if (known_name && !a->cwe_name)
			a->cwe_name = xstrdup(known_name);
		if (!a->cwe_name)
			return err_set(ERR_PARSE,
			               "%s: %s is not in vouch's table: give its 'cwe_name'", name,
			               a->cwe);
	}
	if (a->cvss_vector) {
		if ((r = cvss_parse(&a->cvss, a->cvss_vector, strlen(a->cvss_vector), 0)) < 0)
			return err_prefix("%s: 'cvss': ", name);
		if (a->cvss.version == CVSS_V40)
			return err_set(ERR_PARSE,
			               "%s: 'cvss': CSAF 2.0 carries CVSS v2 and v3 only", name);
	}
	if (a->purl) {
		struct purl p = PURL_INIT;
		r = purl_parse(&p, a->purl, strlen(a->purl));
		if (r == 0 && p.version)
			r = err_set(ERR_PARSE, "the version comes from the version lists");
		purl_release(&p);
		if (r < 0)
			return err_prefix("%s: 'purl': ", name);
	}
	return check_versions(a, name);
}

int advisory_parse_vendor(struct advisory *out, const char *data, size_t len, const char *name,
                          const char *default_vendor)
{
	size_t nl = strlen(name);
	bool json = nl >= 5 && !strcmp(name + nl - 5, ".json");
	struct toml_value *t = NULL;
	json_t *j = NULL;
	struct src s = { name, NULL, NULL, "" };
	int r;

	*out = (struct advisory)ADVISORY_INIT;
	out->source = xstrdup(name);
	if (len > ADVISORY_MAX_SIZE)
		return err_set(ERR_TOOBIG, "%s: larger than %zu bytes", name, ADVISORY_MAX_SIZE);
	if (json) {
		if ((r = vjson_parse(&j, data, len, name)) < 0)
			return r;
		if (!json_is_object(j)) {
			json_decref(j);
			return err_set(ERR_PARSE, "%s: an advisory is a JSON object", name);
		}
		s.j = j;
	} else {
		struct toml_limits lim = { ADVISORY_MAX_SIZE, 16, 100000, ADVISORY_MAX_STRING };
		if ((r = toml_parse_limits(&t, data, len, name, &lim)) < 0)
			return r;
		s.t = t;
	}
	r = read_all(out, &s);
	if (r == 0)
		r = validate(out, name, default_vendor);
	toml_free(t);
	json_decref(j);
	return r;
}

int advisory_parse(struct advisory *out, const char *data, size_t len, const char *name)
{
	return advisory_parse_vendor(out, data, len, name, NULL);
}

int advisory_load_vendor(struct advisory *out, const char *path, const char *default_vendor)
{
	struct buf b = BUF_INIT_MAX(ADVISORY_MAX_SIZE);
	int r;

	if ((r = buf_read_file(&b, path)) < 0) {
		*out = (struct advisory)ADVISORY_INIT;
		buf_release(&b);
		if (r == ERR_TOOBIG)
			return err_set(ERR_TOOBIG, "%s: larger than %zu bytes", path,
			               ADVISORY_MAX_SIZE);
		return r;
	}
	r = advisory_parse_vendor(out, b.ptr, b.len, path, default_vendor);
	buf_release(&b);
	return r;
}

int advisory_load(struct advisory *out, const char *path)
{
	return advisory_load_vendor(out, path, NULL);
}

static void list_release(struct advisory_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

void advisory_release(struct advisory *a)
{
	if (!a)
		return;
	free(a->source);
	free(a->id);
	free(a->title);
	free(a->description);
	free(a->product);
	free(a->vendor);
	free(a->purl);
	free(a->ecosystem);
	free(a->cve);
	free(a->cwe);
	free(a->cwe_name);
	free(a->cvss_vector);
	free(a->remediation);
	free(a->publisher_name);
	free(a->publisher_namespace);
	free(a->publisher_category);
	list_release(&a->affected);
	list_release(&a->fixed);
	list_release(&a->unaffected);
	list_release(&a->acks);
	for (size_t i = 0; i < a->nrevisions; i++)
		free(a->revisions[i].summary);
	free(a->revisions);
	*a = (struct advisory)ADVISORY_INIT;
}

int advisory_csaf_name(struct buf *out, const struct advisory *a)
{
	for (const char *p = a->id; *p; p++) {
		int c = tolower((unsigned char)*p);
		buf_addch(out, (isalnum(c) && c < 128) || c == '+' || c == '-' ? c : '_');
	}
	return buf_adds(out, ".json");
}

int64_t advisory_current(const struct advisory *a)
{
	return a->nrevisions ? a->revisions[a->nrevisions - 1].date : a->published;
}

int advisory_year(const struct advisory *a)
{
	char t[EPOCH_RFC3339_LEN];

	epoch_rfc3339(t, a->published);
	return (t[0] - '0') * 1000 + (t[1] - '0') * 100 + (t[2] - '0') * 10 + (t[3] - '0');
}

static void kdate(struct jw *w, const char *key, int64_t t)
{
	char s[EPOCH_RFC3339_LEN];

	epoch_rfc3339(s, t);
	jw_kstr(w, key, s);
}

/* The version's purl: the advisory's purl with @version. */
static void version_purl(struct buf *out, const struct advisory *a, const char *version)
{
	struct purl p = PURL_INIT;

	if (purl_parse(&p, a->purl, strlen(a->purl)) == 0)
		purl_build(out, p.type, p.namespace, p.name, version, p.qualifiers, p.nqualifiers,
		           p.subpath);
	purl_release(&p);
}

/* Product ids: CSAFPID-0001... over affected, fixed, unaffected in order. */
static void pid(char out[32], size_t i)
{
	snprintf(out, 32, "CSAFPID-%04zu", i + 1);
}

static void ids_array(struct jw *w, const char *key, size_t from, size_t n)
{
	char id[32];

	jw_key(w, key);
	jw_arr_begin(w);
	for (size_t i = from; i < from + n; i++) {
		pid(id, i);
		jw_str(w, id);
	}
	jw_arr_end(w);
}

static void score_text(char out[32], int score10)
{
	snprintf(out, 32, "%d.%d", score10 / 10, score10 % 10);
}

/* CSAF's acknowledgments: one item naming everyone credited. */
static void acknowledgments(struct jw *w, const struct advisory *a)
{
	if (!a->acks.n)
		return;
	jw_key(w, "acknowledgments");
	jw_arr_begin(w);
	jw_obj_begin(w);
	jw_key(w, "names");
	jw_arr_begin(w);
	for (size_t i = 0; i < a->acks.n; i++)
		jw_str(w, a->acks.v[i]);
	jw_arr_end(w);
	jw_obj_end(w);
	jw_arr_end(w);
}

int advisory_csaf(struct buf *out, const struct advisory *a, const char *base_url, int64_t now)
{
	const struct advisory_list *lists[] = { &a->affected, &a->fixed, &a->unaffected };
	size_t na = a->affected.n, nf = a->fixed.n, nu = a->unaffected.n;
	struct buf name = BUF_INIT, tmp = BUF_INIT;
	struct jw w;
	char id[32], num[32];
	size_t k, i, at = 0;

	jw_init(&w, out, true);
	jw_obj_begin(&w);
	jw_key(&w, "document");
	jw_obj_begin(&w);
	acknowledgments(&w, a);
	jw_kstr(&w, "category", "csaf_security_advisory");
	jw_kstr(&w, "csaf_version", "2.0");
	jw_key(&w, "distribution");
	jw_obj_begin(&w);
	jw_key(&w, "tlp");
	jw_obj_begin(&w);
	jw_kstr(&w, "label", "WHITE");
	jw_obj_end(&w);
	jw_obj_end(&w);
	jw_kstr(&w, "lang", "en");
	jw_key(&w, "notes");
	jw_arr_begin(&w);
	jw_obj_begin(&w);
	jw_kstr(&w, "category", "summary");
	jw_kstr(&w, "text", a->description);
	jw_kstr(&w, "title", "Summary");
	jw_obj_end(&w);
	jw_arr_end(&w);
	jw_key(&w, "publisher");
	jw_obj_begin(&w);
	jw_kstr(&w, "category", a->publisher_category);
	jw_kstr(&w, "name", a->publisher_name);
	jw_kstr(&w, "namespace", a->publisher_namespace);
	jw_obj_end(&w);
	advisory_csaf_name(&name, a);
	jw_key(&w, "references");
	jw_arr_begin(&w);
	jw_obj_begin(&w);
	jw_kstr(&w, "category", "self");
	buf_addf(&tmp, "Canonical URL of %s", a->id);
	jw_kstr(&w, "summary", tmp.ptr);
	buf_reset(&tmp);
	buf_addf(&tmp, "%s/%d/%s", base_url, advisory_year(a), name.ptr);
	jw_kstr(&w, "url", tmp.ptr);
	jw_obj_end(&w);
	jw_arr_end(&w);
	jw_kstr(&w, "title", a->title);
	jw_key(&w, "tracking");
	jw_obj_begin(&w);
	kdate(&w, "current_release_date", advisory_current(a));
	jw_key(&w, "generator");
	jw_obj_begin(&w);
	kdate(&w, "date", now);
	jw_key(&w, "engine");
	jw_obj_begin(&w);
	jw_kstr(&w, "name", "vouch");
	jw_kstr(&w, "version", VOUCH_VERSION);
	jw_obj_end(&w);
	jw_obj_end(&w);
	jw_kstr(&w, "id", a->id);
	kdate(&w, "initial_release_date", a->published);
	jw_key(&w, "revision_history");
	jw_arr_begin(&w);
	jw_obj_begin(&w);
	kdate(&w, "date", a->published);
	jw_kstr(&w, "number", "1");
	jw_kstr(&w, "summary", "Initial release.");
	jw_obj_end(&w);
	for (size_t k2 = 0; k2 < a->nrevisions; k2++) {
		jw_obj_begin(&w);
		kdate(&w, "date", a->revisions[k2].date);
		snprintf(num, sizeof(num), "%zu", k2 + 2);
		jw_kstr(&w, "number", num);
		jw_kstr(&w, "summary", a->revisions[k2].summary);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_kstr(&w, "status", "final");
	snprintf(num, sizeof(num), "%zu", a->nrevisions + 1);
	jw_kstr(&w, "version", num);
	jw_obj_end(&w);
	jw_obj_end(&w); /* document */

	/* product tree: vendor > product name > product version */
	jw_key(&w, "product_tree");
	jw_obj_begin(&w);
	jw_key(&w, "branches");
	jw_arr_begin(&w);
	jw_obj_begin(&w);
	jw_key(&w, "branches");
	jw_arr_begin(&w);
	jw_obj_begin(&w);
	jw_key(&w, "branches");
	jw_arr_begin(&w);
	for (k = 0; k < 3; k++)
		for (i = 0; i < lists[k]->n; i++, at++) {
			jw_obj_begin(&w);
			jw_kstr(&w, "category", "product_version");
			jw_kstr(&w, "name", lists[k]->v[i]);
			jw_key(&w, "product");
			jw_obj_begin(&w);
			buf_reset(&tmp);
			buf_addf(&tmp, "%s %s %s", a->vendor, a->product, lists[k]->v[i]);
			jw_kstr(&w, "name", tmp.ptr);
			pid(id, at);
			jw_kstr(&w, "product_id", id);
			if (a->purl) {
				buf_reset(&tmp);
				version_purl(&tmp, a, lists[k]->v[i]);
				jw_key(&w, "product_identification_helper");
				jw_obj_begin(&w);
				jw_kstr(&w, "purl", tmp.ptr);
				jw_obj_end(&w);
			}
			jw_obj_end(&w);
			jw_obj_end(&w);
		}
	jw_arr_end(&w);
	jw_kstr(&w, "category", "product_name");
	jw_kstr(&w, "name", a->product);
	jw_obj_end(&w);
	jw_arr_end(&w);
	jw_kstr(&w, "category", "vendor");
	jw_kstr(&w, "name", a->vendor);
	jw_obj_end(&w);
	jw_arr_end(&w);
	jw_obj_end(&w);

	/* the vulnerability */
	jw_key(&w, "vulnerabilities");
	jw_arr_begin(&w);
	jw_obj_begin(&w);
	acknowledgments(&w, a);
	if (a->cve)
		jw_kstr(&w, "cve", a->cve);
	if (a->cwe) {
		jw_key(&w, "cwe");
		jw_obj_begin(&w);
		jw_kstr(&w, "id", a->cwe);
		jw_kstr(&w, "name", a->cwe_name);
		jw_obj_end(&w);
	}
	if (a->reported >= 0)
		kdate(&w, "discovery_date", a->reported);
	if (!a->cve) {
		jw_key(&w, "ids");
		jw_arr_begin(&w);
		jw_obj_begin(&w);
		jw_kstr(&w, "system_name", a->publisher_name);
		jw_kstr(&w, "text", a->id);
		jw_obj_end(&w);
		jw_arr_end(&w);
	}
	jw_key(&w, "notes");
	jw_arr_begin(&w);
	jw_obj_begin(&w);
	jw_kstr(&w, "category", "description");
	jw_kstr(&w, "text", a->description);
	jw_kstr(&w, "title", "Vulnerability description");
	jw_obj_end(&w);
	jw_arr_end(&w);
	jw_key(&w, "product_status");
	jw_obj_begin(&w);
	if (nf)
		ids_array(&w, "fixed", na, nf);
	ids_array(&w, "known_affected", 0, na);
	if (nu)
		ids_array(&w, "known_not_affected", na + nf, nu);
	if (nf)
		ids_array(&w, "recommended", na, nf);
	jw_obj_end(&w);
	kdate(&w, "release_date", a->published);
	jw_key(&w, "remediations");
	jw_arr_begin(&w);
	jw_obj_begin(&w);
	jw_kstr(&w, "category", nf ? "vendor_fix" : "none_available");
	buf_reset(&tmp);
	if (a->remediation)
		buf_adds(&tmp, a->remediation);
	else if (nf)
		buf_addf(&tmp, "Update %s to version %s or later.", a->product, a->fixed.v[0]);
	else
		buf_adds(&tmp, "No fix is available yet.");
	jw_kstr(&w, "details", tmp.ptr);
	ids_array(&w, "product_ids", 0, na);
	if (nf && a->fix_released >= 0)
		kdate(&w, "date", a->fix_released);
	jw_obj_end(&w);
	jw_arr_end(&w);
	if (a->cvss_vector) {
		bool v3 = a->cvss.version != CVSS_V2;
		jw_key(&w, "scores");
		jw_arr_begin(&w);
		jw_obj_begin(&w);
		jw_key(&w, v3 ? "cvss_v3" : "cvss_v2");
		jw_obj_begin(&w);
		score_text(num, a->cvss.score10);
		jw_key(&w, "baseScore");
		jw_number_raw(&w, num);
		if (v3)
			jw_kstr(&w, "baseSeverity", cvss_severity_name(a->cvss.severity));
		jw_kstr(&w, "vectorString", a->cvss_vector);
		jw_kstr(&w, "version", a->cvss.version == CVSS_V31 ? "3.1" : v3 ? "3.0" : "2.0");
		jw_obj_end(&w);
		ids_array(&w, "products", 0, na);
		jw_obj_end(&w);
		jw_arr_end(&w);
		jw_key(&w, "threats");
		jw_arr_begin(&w);
		jw_obj_begin(&w);
		jw_kstr(&w, "category", "impact");
		buf_reset(&tmp);
		buf_addf(&tmp, "CVSS %s base score %s (%s).",
		         a->cvss.version == CVSS_V31 ? "3.1"
		         : v3                        ? "3.0"
		                                     : "2.0",
		         num,
		         cvss_severity_name(cvss_severity_of(a->cvss.version, a->cvss.score10)));
		jw_kstr(&w, "details", tmp.ptr);
		ids_array(&w, "product_ids", 0, na);
		jw_obj_end(&w);
		jw_arr_end(&w);
	}
	jw_kstr(&w, "title", a->title);
	jw_obj_end(&w);
	jw_arr_end(&w);
	jw_obj_end(&w);
	buf_release(&name);
	buf_release(&tmp);
	return jw_finish(&w);
}

int advisory_osv_id(struct buf *out, const struct advisory *a)
{
	return buf_addf(out, "%s%s", strncmp(a->id, "x_", 2) ? "x_" : "", a->id);
}

int advisory_osv(struct buf *out, const struct advisory *a, const char *base_url)
{
	char *eco = NULL, *pname = NULL;
	struct buf tmp = BUF_INIT;
	struct jw w;
	int r;

	if (a->purl) {
		struct purl p = PURL_INIT;
		/* a repository purl names where the code lives, not a package ecosystem
		 * (purl_osv_package reads pkg:github as GitHub Actions): ask for one */
		if (purl_parse(&p, a->purl, strlen(a->purl)) == 0 && !a->ecosystem &&
		    strcmp(p.type, "github") && strcmp(p.type, "bitbucket") &&
		    strcmp(p.type, "generic"))
			purl_osv_package(&eco, &pname, &p);
		purl_release(&p);
	}
	if (a->ecosystem) {
		free(eco);
		eco = xstrdup(a->ecosystem);
	}
	if (!eco) {
		free(pname);
		return err_set(
		        ERR_UNSUPPORTED,
		        "'%s': no OSV ecosystem (give 'ecosystem' or a purl of a known type)",
		        a->id);
	}
	jw_init(&w, out, true);
	jw_obj_begin(&w);
	jw_kstr(&w, "schema_version", "1.6.0");
	advisory_osv_id(&tmp, a);
	jw_kstr(&w, "id", tmp.ptr);
	buf_reset(&tmp);
	kdate(&w, "modified", advisory_current(a));
	kdate(&w, "published", a->published);
	if (a->cve) {
		jw_key(&w, "aliases");
		jw_arr_begin(&w);
		jw_str(&w, a->cve);
		jw_arr_end(&w);
	}
	jw_kstr(&w, "summary", a->title);
	jw_kstr(&w, "details", a->description);
	if (a->cvss_vector && a->cvss.version != CVSS_V2 && a->cvss.version != CVSS_V40) {
		jw_key(&w, "severity");
		jw_arr_begin(&w);
		jw_obj_begin(&w);
		jw_kstr(&w, "type", "CVSS_V3");
		jw_kstr(&w, "score", a->cvss_vector);
		jw_obj_end(&w);
		jw_arr_end(&w);
	}
	jw_key(&w, "affected");
	jw_arr_begin(&w);
	jw_obj_begin(&w);
	jw_key(&w, "package");
	jw_obj_begin(&w);
	jw_kstr(&w, "ecosystem", eco);
	jw_kstr(&w, "name", pname ? pname : a->product);
	if (a->purl)
		jw_kstr(&w, "purl", a->purl);
	jw_obj_end(&w);
	jw_key(&w, "versions");
	jw_arr_begin(&w);
	for (size_t i = 0; i < a->affected.n; i++)
		jw_str(&w, a->affected.v[i]);
	jw_arr_end(&w);
	if (a->cwe) {
		jw_key(&w, "database_specific");
		jw_obj_begin(&w);
		jw_key(&w, "cwe_ids");
		jw_arr_begin(&w);
		jw_str(&w, a->cwe);
		jw_arr_end(&w);
		if (a->fixed.n) {
			jw_key(&w, "fixed_versions");
			jw_arr_begin(&w);
			for (size_t i = 0; i < a->fixed.n; i++)
				jw_str(&w, a->fixed.v[i]);
			jw_arr_end(&w);
		}
		jw_obj_end(&w);
	}
	jw_obj_end(&w);
	jw_arr_end(&w);
	jw_key(&w, "references");
	jw_arr_begin(&w);
	jw_obj_begin(&w);
	jw_kstr(&w, "type", "ADVISORY");
	advisory_csaf_name(&tmp, a);
	{
		struct buf url = BUF_INIT;
		buf_addf(&url, "%s/%d/%s", base_url, advisory_year(a), tmp.ptr);
		jw_kstr(&w, "url", url.ptr);
		buf_release(&url);
	}
	jw_obj_end(&w);
	jw_arr_end(&w);
	if (a->acks.n) {
		jw_key(&w, "credits");
		jw_arr_begin(&w);
		for (size_t i = 0; i < a->acks.n; i++) {
			jw_obj_begin(&w);
			jw_kstr(&w, "name", a->acks.v[i]);
			jw_obj_end(&w);
		}
		jw_arr_end(&w);
	}
	jw_obj_end(&w);
	r = jw_finish(&w);
	free(eco);
	free(pname);
	buf_release(&tmp);
	return r;
}

static void vex_statement(struct jw *w, const struct advisory *a, const char *version,
                          const char *status, int64_t ts)
{
	struct buf p = BUF_INIT;

	jw_obj_begin(w);
	jw_key(w, "vulnerability");
	jw_obj_begin(w);
	jw_kstr(w, "name", a->cve ? a->cve : a->id);
	if (a->cve) {
		jw_key(w, "aliases");
		jw_arr_begin(w);
		jw_str(w, a->id);
		jw_arr_end(w);
	}
	jw_obj_end(w);
	kdate(w, "timestamp", ts);
	jw_key(w, "products");
	jw_arr_begin(w);
	jw_obj_begin(w);
	if (a->purl)
		version_purl(&p, a, version);
	else
		buf_addf(&p, "%s %s %s", a->vendor, a->product, version);
	jw_kstr(w, "@id", p.ptr);
	jw_obj_end(w);
	jw_arr_end(w);
	jw_kstr(w, "status", status);
	if (!strcmp(status, "not_affected"))
		jw_kstr(w, "justification", "vulnerable_code_not_present");
	jw_obj_end(w);
	buf_release(&p);
}

int advisory_openvex(struct buf *out, const struct advisory *a, const char *base_url, int64_t now)
{
	struct buf id = BUF_INIT, name = BUF_INIT;
	struct jw w;
	int r;

	advisory_csaf_name(&name, a);
	buf_truncate(&name, name.len - 5);
	buf_addf(&id, "%s/vex/%s.openvex.json", base_url, name.ptr);
	jw_init(&w, out, true);
	jw_obj_begin(&w);
	jw_kstr(&w, "@context", "https://openvex.dev/ns/v0.2.0");
	jw_kstr(&w, "@id", id.ptr);
	jw_kstr(&w, "author", a->publisher_name);
	kdate(&w, "timestamp", now);
	jw_kint(&w, "version", (int64_t)a->nrevisions + 1);
	jw_key(&w, "statements");
	jw_arr_begin(&w);
	for (size_t i = 0; i < a->unaffected.n; i++)
		vex_statement(&w, a, a->unaffected.v[i], "not_affected", advisory_current(a));
	for (size_t i = 0; i < a->fixed.n; i++)
		vex_statement(&w, a, a->fixed.v[i], "fixed", advisory_current(a));
	jw_arr_end(&w);
	jw_obj_end(&w);
	r = jw_finish(&w);
	buf_release(&id);
	buf_release(&name);
	return r;
}

static void kdays(struct jw *w, const char *key, int64_t from, int64_t to)
{
	jw_key(w, key);
	if (from < 0 || to < 0)
		jw_null(w);
	else
		jw_int(w, (to - from) / 86400);
}

void advisory_timing(struct jw *w, const struct advisory *a)
{
	jw_obj_begin(w);
	jw_kstr(w, "id", a->id);
	if (a->cve)
		jw_kstr(w, "cve", a->cve);
	if (a->reported >= 0)
		kdate(w, "reported", a->reported);
	if (a->fix_released >= 0)
		kdate(w, "fix_released", a->fix_released);
	kdate(w, "published", a->published);
	kdays(w, "days_report_to_fix", a->reported, a->fix_released);
	kdays(w, "days_fix_to_advisory", a->fix_released, a->published);
	jw_obj_end(w);
}
