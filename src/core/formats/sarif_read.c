/*
 * sarif_read.c: SARIF 2.1.0 logs into the few facts an assessment uses.
 */
#include "util/compat.h"
#include "core/formats/sarif_read.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/json.h"

#include <ctype.h>
#include <strings.h>

#define KEEP_MAX 1000

static const char *const level_names[] = { "none", "note", "warning", "error" };

const char *sarif_level_name(enum sarif_level l)
{
	return (unsigned)l < ARRAY_SIZE(level_names) ? level_names[l] : "none";
}

int sarif_level_parse(const char *s)
{
	for (size_t i = 0; s && i < ARRAY_SIZE(level_names); i++)
		if (!strcmp(s, level_names[i]))
			return (int)i;
	return -1;
}

/* A copy of s cut at KEEP_MAX bytes (on a UTF-8 boundary), or NULL. */
static char *keep(const char *s)
{
	size_t n;

	if (!s)
		return NULL;
	n = strlen(s);
	if (n > KEEP_MAX) {
		n = KEEP_MAX;
		while (n && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
	}
	return xstrndup(s, n);
}

/* The rule object a result refers to, by ruleIndex or by id, or NULL. */
static const json_t *find_rule(const json_t *rules, const json_t *res, const char *id)
{
	const json_t *idx = json_object_get(json_object_get(res, "rule"), "index"), *r;
	size_t i;

	if (!idx)
		idx = json_object_get(res, "ruleIndex");
	if (json_is_integer(idx) && json_integer_value(idx) >= 0 &&
	    (size_t)json_integer_value(idx) < json_array_size(rules))
		return json_array_get(rules, (size_t)json_integer_value(idx));
	if (!id)
		return NULL;
	/* linear, but only for tools that give neither index nor a short rule list */
	json_array_foreach(rules, i,
	                   r) if (vjson_str(r, "id") && !strcmp(vjson_str(r, "id"), id)) return r;
	return NULL;
}

static enum sarif_level effective_level(const json_t *res, const json_t *rule)
{
	const char *kind = vjson_str(res, "kind");
	int l = sarif_level_parse(vjson_str(res, "level"));

	if (l >= 0)
		return (enum sarif_level)l;
	if (kind && strcmp(kind, "fail"))
		return SARIF_NONE;
	l = sarif_level_parse(vjson_str(json_object_get(rule, "defaultConfiguration"), "level"));
	return l >= 0 ? (enum sarif_level)l : SARIF_WARNING;
}

static bool is_suppressed(const json_t *res)
{
	const json_t *s = json_object_get(res, "suppressions"), *x;
	size_t i;

	json_array_foreach(s, i, x)
	{
		const char *st = vjson_str(x, "status");

		if (!st || !strcmp(st, "accepted"))
			return true;
	}
	return false;
}

/* The first location's URI (directly or through run.artifacts) and start line. */
static void first_location(struct sarif_item *it, const json_t *res, const json_t *artifacts)
{
	const json_t *loc = json_array_get(json_object_get(res, "locations"), 0);
	const json_t *pl = json_object_get(loc, "physicalLocation");
	const json_t *al = json_object_get(pl, "artifactLocation");
	const json_t *line = json_object_get(json_object_get(pl, "region"), "startLine");
	const char *uri = vjson_str(al, "uri");
	const json_t *idx = json_object_get(al, "index");

	if (!uri && json_is_integer(idx) && json_integer_value(idx) >= 0)
		uri = vjson_str(
		        json_object_get(json_array_get(artifacts, (size_t)json_integer_value(idx)),
		                        "location"),
		        "uri");
	it->path = keep(uri);
	if (json_is_integer(line) && json_integer_value(line) > 0)
		it->line = (size_t)json_integer_value(line);
}

static void add_cwe(struct sarif_item *it, unsigned long id)
{
	if (!id || id > 100000 || it->ncwe == SARIF_MAX_CWE)
		return;
	for (unsigned i = 0; i < it->ncwe; i++)
		if (it->cwe[i] == id)
			return;
	it->cwe[it->ncwe++] = (unsigned)id;
}

/* The number after prefix (case-insensitive) at the start of s, ending at a non-digit; 0 if none. */
static unsigned long number_after(const char *s, const char *prefix)
{
	size_t n = strlen(prefix);
	unsigned long v = 0;
	size_t i;

	if (!s || strncasecmp(s, prefix, n))
		return 0;
	for (i = n; isdigit((unsigned char)s[i]) && i < n + 7; i++)
		v = v * 10 + (unsigned long)(s[i] - '0');
	return i > n && !isdigit((unsigned char)s[i]) ? v : 0;
}

/* A tag or property value naming a CWE: "external/cwe/cwe-079", "CWE-89: ...", "cwe-89". */
static unsigned long cwe_of_tag(const char *s)
{
	unsigned long v = number_after(s, "external/cwe/cwe-");

	return v ? v : number_after(s, "cwe-");
}

static void cwe_from_properties(struct sarif_item *it, const json_t *props)
{
	const json_t *tags = json_object_get(props, "tags"), *cwe = json_object_get(props, "cwe"),
	             *x;
	size_t i;

	json_array_foreach(tags, i, x) add_cwe(it, cwe_of_tag(vjson_strval(x)));
	if (json_is_string(cwe))
		add_cwe(it, cwe_of_tag(vjson_strval(cwe)));
	json_array_foreach(cwe, i, x) add_cwe(it, cwe_of_tag(vjson_strval(x)));
}

/* The CWE taxon a reportingDescriptorReference names, through run.taxonomies; 0 if another. */
static unsigned long cwe_of_ref(const json_t *ref, const json_t *taxonomies)
{
	const json_t *tc = json_object_get(ref, "toolComponent"), *tax = NULL;
	const json_t *tci = json_object_get(tc, "index"), *idx = json_object_get(ref, "index");
	const char *tname = vjson_str(tc, "name"), *id = vjson_str(ref, "id");
	unsigned long v;

	if (json_is_integer(tci) && json_integer_value(tci) >= 0)
		tax = json_array_get(taxonomies, (size_t)json_integer_value(tci));
	if (!tname)
		tname = vjson_str(tax, "name");
	if (!tname || strcasecmp(tname, "CWE"))
		return 0;
	if (!id && json_is_integer(idx) && json_integer_value(idx) >= 0)
		id = vjson_str(json_array_get(json_object_get(tax, "taxa"),
		                              (size_t)json_integer_value(idx)),
		               "id");
	if (!id)
		return 0;
	v = number_after(id, "cwe-");
	return v ? v : number_after(id, "");
}

static void cwe_of_result(struct sarif_item *it, const json_t *res, const json_t *rule,
                          const json_t *taxonomies)
{
	const json_t *x, *k;
	size_t i, j;

	json_array_foreach(json_object_get(res, "taxa"), i, x)
	        add_cwe(it, cwe_of_ref(x, taxonomies));
	json_array_foreach(json_object_get(rule, "relationships"), i, x)
	{
		bool counts = false;

		json_array_foreach(json_object_get(x, "kinds"), j, k) counts |=
		        vjson_strval(k) &&
		        (!strcmp(vjson_strval(k), "equal") || !strcmp(vjson_strval(k), "superset"));
		if (counts)
			add_cwe(it, cwe_of_ref(json_object_get(x, "target"), taxonomies));
	}
	cwe_from_properties(it, json_object_get(rule, "properties"));
	cwe_from_properties(it, json_object_get(res, "properties"));
}

static int read_run(struct sarif_log *out, const json_t *run, const char *name)
{
	const json_t *driver = json_object_get(json_object_get(run, "tool"), "driver");
	const json_t *rules = json_object_get(driver, "rules");
	const json_t *results = json_object_get(run, "results");
	const json_t *artifacts = json_object_get(run, "artifacts");
	const json_t *taxonomies = json_object_get(run, "taxonomies");
	struct sarif_run_info *ri;
	const json_t *res;
	size_t i, ix = out->nruns;

	if (!vjson_str(driver, "name"))
		return err_set(ERR_PARSE, "%s: run %zu has no tool.driver.name", name, ix + 1);
	if (results && !json_is_array(results))
		return err_set(ERR_PARSE, "%s: run %zu: results is not an array", name, ix + 1);
	out->runs = xreallocarray(out->runs, out->nruns + 1, sizeof(*out->runs));
	ri = &out->runs[out->nruns++];
	ri->tool = keep(vjson_str(driver, "name"));
	ri->version =
	        keep(vjson_str(driver, "semanticVersion") ? vjson_str(driver, "semanticVersion")
	                                                  : vjson_str(driver, "version"));
	ri->results = 0;
	json_array_foreach(results, i, res)
	{
		struct sarif_item *it;
		const json_t *rule, *msg;
		const char *id;

		if (!json_is_object(res))
			return err_set(ERR_PARSE, "%s: run %zu, result %zu is not an object", name,
			               ix + 1, i + 1);
		if (out->n >= SARIF_READ_MAX_RESULTS)
			return err_set(ERR_TOOBIG, "%s: more than %d results", name,
			               SARIF_READ_MAX_RESULTS);
		if (out->n == out->alloc) {
			out->alloc = out->alloc ? out->alloc * 2 : 64;
			out->v = xreallocarray(out->v, out->alloc, sizeof(*out->v));
		}
		id = vjson_str(res, "ruleId");
		if (!id)
			id = vjson_str(json_object_get(res, "rule"), "id");
		rule = find_rule(rules, res, id);
		if (!id)
			id = vjson_str(rule, "id");
		it = &out->v[out->n++];
		memset(it, 0, sizeof(*it));
		ri->results++;
		it->run = ix;
		it->rule = keep(id);
		it->level = effective_level(res, rule);
		msg = json_object_get(res, "message");
		if (vjson_str(msg, "text")) {
			it->message = keep(vjson_str(msg, "text"));
		} else {
			struct buf b = BUF_INIT;

			buf_addf(&b, "(message %.200s)",
			         vjson_str(msg, "id") ? vjson_str(msg, "id") : "without text");
			it->message = buf_detach(&b, NULL);
		}
		first_location(it, res, artifacts);
		it->suppressed = is_suppressed(res);
		it->absent = vjson_str(res, "baselineState") &&
		             !strcmp(vjson_str(res, "baselineState"), "absent");
		it->open = !it->suppressed && !it->absent && it->level != SARIF_NONE;
		cwe_of_result(it, res, rule, taxonomies);
	}
	return 0;
}

int sarif_read(struct sarif_log *out, const char *data, size_t len, const char *name)
{
	json_t *doc = NULL;
	const json_t *runs, *run;
	const char *ver;
	size_t i;
	int r;

	if (len > SARIF_READ_MAX_SIZE)
		return err_set(ERR_TOOBIG, "%s: larger than %zu MiB", name,
		               SARIF_READ_MAX_SIZE >> 20);
	if ((r = vjson_parse(&doc, data, len, name)) < 0)
		return r;
	ver = vjson_str(doc, "version");
	runs = json_object_get(doc, "runs");
	if (!json_is_object(doc) || !ver) {
		r = err_set(ERR_PARSE, "%s: not a SARIF log (no version)", name);
	} else if (strcmp(ver, "2.1.0")) {
		r = err_set(ERR_UNSUPPORTED,
		            "%s: SARIF version '%.40s' is not supported (2.1.0 is)", name, ver);
	} else if (!json_is_array(runs)) {
		r = err_set(ERR_PARSE, "%s: 'runs' is missing or not an array", name);
	} else {
		json_array_foreach(runs, i, run)
		{
			if (!json_is_object(run)) {
				r = err_set(ERR_PARSE, "%s: run %zu is not an object", name, i + 1);
				break;
			}
			if ((r = read_run(out, run, name)) < 0)
				break;
		}
	}
	json_decref(doc);
	return r;
}

int sarif_read_file(struct sarif_log *out, const char *path)
{
	struct buf b = BUF_INIT_MAX(SARIF_READ_MAX_SIZE);
	int r = buf_read_file(&b, path);

	if (r == 0)
		r = sarif_read(out, b.ptr, b.len, path);
	buf_release(&b);
	return r;
}

void sarif_log_release(struct sarif_log *log)
{
	for (size_t i = 0; i < log->n; i++) {
		free(log->v[i].rule);
		free(log->v[i].message);
		free(log->v[i].path);
	}
	for (size_t i = 0; i < log->nruns; i++) {
		free(log->runs[i].tool);
		free(log->runs[i].version);
	}
	free(log->v);
	free(log->runs);
	*log = (struct sarif_log)SARIF_LOG_INIT;
}
