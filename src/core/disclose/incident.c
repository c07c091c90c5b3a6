/*
 * incident.c: incident records (see incident.h).
 */
#include "util/compat.h"
#include "core/disclose/incident.h"
#include "core/disclose/records.h"
#include "util/alloc.h"
#include "util/epoch.h"
#include "util/err.h"
#include "util/json.h"
#include "util/toml.h"

static const char *const severities[] = { "low", "medium", "high", "critical", NULL };
static const char *const statuses[] = { "open", "contained", "closed", NULL };

const char *incident_status_name(enum incident_status s)
{
	return statuses[s];
}

char *incident_dir(const struct assess_config *cfg)
{
	return records_dir(cfg->incidents_dir, cfg->base, "incidents");
}

bool incident_id_valid(const char *id)
{
	size_t n = strlen(id);

	if (!n || n > INCIDENT_MAX_ID || id[0] == '.')
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = id[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '_' || c == '-'))
			return false;
	}
	return true;
}

bool incident_severity_valid(const char *s)
{
	for (size_t i = 0; severities[i]; i++)
		if (!strcmp(s, severities[i]))
			return true;
	return false;
}

void incident_release(struct incident *i)
{
	free(i->path);
	free(i->id);
	free(i->title);
	free(i->severity);
	free(i->containment);
	free(i->review_path);
	free(i->review_summary);
	for (size_t k = 0; k < i->nnotices; k++) {
		free(i->notices[k].to);
		free(i->notices[k].channel);
		free(i->notices[k].summary);
	}
	free(i->notices);
	memset(i, 0, sizeof(*i));
}

void incidents_release(struct incidents *l)
{
	for (size_t i = 0; i < l->n; i++)
		incident_release(&l->v[i]);
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

static int64_t dt_seconds(const struct toml_datetime *dt)
{
	return assess_days(dt->year, dt->month, dt->day) * 86400 + dt->hour * 3600 +
	       dt->minute * 60 + (dt->second > 59 ? 59 : dt->second) - dt->offset_minutes * 60;
}

/* An offset date-time: a local one has no zone and cannot be put on a timeline. */
static int64_t get_time(const struct toml_value *t, const char *key, bool need, int *r)
{
	const struct toml_value *v = toml_get(t, key);
	const struct toml_datetime *dt;

	if (*r < 0)
		return -1;
	if (!v) {
		if (need)
			*r = t->line ? err_set(ERR_PARSE, "%s:%u: missing '%s'", t->name, t->line,
			                       key)
			             : err_set(ERR_PARSE, "%s: missing '%s'", t->name, key);
		return -1;
	}
	if (v->kind != TOML_DATETIME) {
		*r = err_set(ERR_PARSE,
		             "%s:%u: '%s' must be a date-time with a zone (2026-10-02T09:14:00Z), "
		             "not %s %s",
		             v->name, v->line, key, v->kind == TOML_INTEGER ? "an" : "a",
		             toml_kind_name(v->kind));
		return -1;
	}
	if ((*r = toml_as_datetime(&dt, v, key, TOML_KIND_BIT(TOML_DATETIME))) < 0)
		return -1;
	/* times are seconds since 1970 and -1 means absent: earlier ones are refused */
	if (dt_seconds(dt) < 0) {
		*r = err_set(ERR_PARSE, "%s:%u: '%s' is before 1970", v->name, v->line, key);
		return -1;
	}
	return dt_seconds(dt);
}

static int after(const struct toml_value *doc, const char *key, int64_t t, int64_t detected)
{
	const struct toml_value *v = toml_get(doc, key);

	if (t >= 0 && t < detected)
		return err_set(ERR_PARSE, "%s:%u: '%s' is before 'detected'", v->name, v->line,
		               key);
	return 0;
}

static int parse_doc(struct incident *out, const struct toml_value *doc)
{
	static const char *const known[] = { "id",          "title",     "detected",
		                             "severity",    "status",    "customers_affected",
		                             "containment", "contained", "closed",
		                             "review",      "notice",    NULL };
	static const char *const rknown[] = { "path", "summary", NULL };
	static const char *const nknown[] = { "sent", "to", "channel", "summary", NULL };
	const struct toml_value *v, *arr;
	char *st = NULL;
	int r;

	out->detected = out->contained = out->closed = out->customers = -1;
	if ((r = toml_check_keys(doc, known, "an incident")) < 0)
		return r;
	out->id = records_str(doc, "id", true, &r);
	out->title = records_str(doc, "title", true, &r);
	out->severity = records_str(doc, "severity", true, &r);
	st = records_str(doc, "status", true, &r);
	out->containment = records_str(doc, "containment", false, &r);
	out->detected = get_time(doc, "detected", true, &r);
	out->contained = get_time(doc, "contained", false, &r);
	out->closed = get_time(doc, "closed", false, &r);
	if (r < 0)
		goto done;
	v = toml_get(doc, "id");
	if (!incident_id_valid(out->id)) {
		r = err_set(ERR_PARSE,
		            "%s:%u: id '%s' must be 1 to %d letters, digits, '.', '_' or '-'",
		            v->name, v->line, out->id, INCIDENT_MAX_ID);
		goto done;
	}
	if (!incident_severity_valid(out->severity)) {
		v = toml_get(doc, "severity");
		r = err_set(ERR_PARSE, "%s:%u: severity '%s' must be low, medium, high or critical",
		            v->name, v->line, out->severity);
		goto done;
	}
	for (out->status = INC_OPEN; statuses[out->status] && strcmp(statuses[out->status], st);)
		out->status++;
	if (out->status > INC_CLOSED) {
		v = toml_get(doc, "status");
		r = err_set(ERR_PARSE, "%s:%u: status '%s' must be open, contained or closed",
		            v->name, v->line, st);
		goto done;
	}
	if ((v = toml_get(doc, "customers_affected")) &&
	    ((r = toml_as_int(&out->customers, v, "customers_affected")) < 0 ||
	     out->customers < 0)) {
		if (r >= 0)
			r = err_set(ERR_PARSE,
			            "%s:%u: customers_affected must be a count (0 or more)",
			            v->name, v->line);
		goto done;
	}
	if ((r = after(doc, "contained", out->contained, out->detected)) < 0 ||
	    (r = after(doc, "closed", out->closed, out->detected)) < 0)
		goto done;
	if ((v = toml_get(doc, "review"))) {
		if ((r = toml_as_table(&v, v, "review")) < 0 ||
		    (r = toml_check_keys(v, rknown, "[review]")) < 0)
			goto done;
		out->review_path = records_str(v, "path", true, &r);
		out->review_summary = records_str(v, "summary", true, &r);
		if (r < 0)
			goto done;
	}
	if (out->status == INC_CLOSED && out->closed < 0) {
		v = toml_get(doc, "status");
		r = err_set(ERR_PARSE, "%s:%u: a closed incident needs 'closed' (when)", v->name,
		            v->line);
		goto done;
	}
	if ((arr = toml_get(doc, "notice"))) {
		if ((r = toml_as_array(&arr, arr, "notice")) < 0)
			goto done;
		if (toml_array_len(arr) > INCIDENT_MAX_NOTICES) {
			r = err_set(ERR_TOOBIG, "%s:%u: more than %d notices", arr->name, arr->line,
			            INCIDENT_MAX_NOTICES);
			goto done;
		}
		out->notices = xcalloc(toml_array_len(arr) + 1, sizeof(*out->notices));
		for (size_t k = 0; k < toml_array_len(arr); k++) {
			const struct toml_value *t;
			struct incident_notice *n = &out->notices[out->nnotices++];

			if ((r = toml_as_table(&t, toml_array_at(arr, k), "notice")) < 0 ||
			    (r = toml_check_keys(t, nknown, "[[notice]]")) < 0)
				goto done;
			n->sent = get_time(t, "sent", true, &r);
			n->to = records_str(t, "to", true, &r);
			n->channel = records_str(t, "channel", true, &r);
			n->summary = records_str(t, "summary", true, &r);
			if (r < 0)
				goto done;
			if (n->sent < out->detected) {
				v = toml_get(t, "sent");
				r = err_set(ERR_PARSE,
				            "%s:%u: notice sent before the incident was detected",
				            v->name, v->line);
				goto done;
			}
		}
	}
	r = 0;
done:
	free(st);
	return r;
}

int incident_parse(struct incident *out, const char *data, size_t len, const char *name)
{
	struct toml_limits lim = { INCIDENT_MAX_SIZE, 8, 200000, 0 };
	struct toml_value *doc = NULL;
	int r;

	memset(out, 0, sizeof(*out));
	if (len > INCIDENT_MAX_SIZE)
		return err_set(ERR_TOOBIG, "'%s' is larger than the limit of %zu bytes", name,
		               INCIDENT_MAX_SIZE);
	if ((r = toml_parse_limits(&doc, data, len, name, &lim)) < 0)
		return r;
	r = parse_doc(out, doc);
	toml_free(doc);
	if (r < 0)
		incident_release(out);
	return r;
}

int incident_load(struct incident *out, const char *path)
{
	struct buf b = BUF_INIT_MAX(INCIDENT_MAX_SIZE);
	int r;

	memset(out, 0, sizeof(*out));
	if ((r = buf_read_file(&b, path)) < 0) {
		if (r == ERR_TOOBIG)
			r = err_set(ERR_TOOBIG, "'%s' is larger than the limit of %zu bytes", path,
			            INCIDENT_MAX_SIZE);
		goto done;
	}
	if ((r = incident_parse(out, b.ptr, b.len, path)) == 0)
		out->path = xstrdup(path);
done:
	buf_release(&b);
	return r;
}

static int cmp_incident(const void *a, const void *b)
{
	const struct incident *x = a, *y = b;

	if (x->detected != y->detected)
		return x->detected < y->detected ? -1 : 1;
	return strcmp(x->id, y->id);
}

int incidents_load(struct incidents *out, const char *dir, struct buf *warnings)
{
	char **names = NULL;
	size_t nnames = 0;
	int r = records_list(&names, &nnames, dir, INCIDENT_MAX_FILES, "incident", warnings);

	for (size_t i = 0; r == 0 && i < nnames; i++) {
		struct incident inc;
		struct buf p = BUF_INIT;

		buf_addf(&p, "%s/%s", dir, names[i]);
		if (incident_load(&inc, p.ptr) < 0) {
			buf_addf(warnings, "%s\n", err_msg());
		} else {
			for (size_t k = 0; k < out->n; k++)
				if (!strcmp(out->v[k].id, inc.id)) {
					buf_addf(warnings, "%s: id '%s' is also used by '%s'\n",
					         p.ptr, inc.id, out->v[k].path);
					incident_release(&inc);
					break;
				}
			if (inc.id) {
				out->v = xreallocarray(out->v, out->n + 1, sizeof(*out->v));
				out->v[out->n++] = inc;
			}
		}
		buf_release(&p);
	}
	records_names_free(names, nnames);
	if (out->n)
		qsort(out->v, out->n, sizeof(*out->v), cmp_incident);
	return r;
}

static void ktime(struct buf *out, const char *key, int64_t t)
{
	char s[EPOCH_RFC3339_LEN];

	if (t < 0)
		return;
	epoch_rfc3339(s, t);
	buf_addf(out, "%s = %s\n", key, s);
}

void incident_toml(struct buf *out, const struct incident *i)
{
	buf_adds(out, "# Incident record (vouch incident; docs/cmd/incident.md).\n");
	records_kstr(out, "id", i->id);
	records_kstr(out, "title", i->title);
	ktime(out, "detected", i->detected);
	records_kstr(out, "severity", i->severity);
	records_kstr(out, "status", incident_status_name(i->status));
	if (i->customers >= 0)
		buf_addf(out, "customers_affected = %" PRId64 "\n", i->customers);
	if (i->containment)
		records_kstr(out, "containment", i->containment);
	ktime(out, "contained", i->contained);
	ktime(out, "closed", i->closed);
	if (i->review_path || i->review_summary) {
		buf_adds(out, "\n[review]\n");
		records_kstr(out, "path", i->review_path ? i->review_path : "");
		records_kstr(out, "summary", i->review_summary ? i->review_summary : "");
	}
	for (size_t k = 0; k < i->nnotices; k++) {
		buf_adds(out, "\n[[notice]]\n");
		ktime(out, "sent", i->notices[k].sent);
		records_kstr(out, "to", i->notices[k].to);
		records_kstr(out, "channel", i->notices[k].channel);
		records_kstr(out, "summary", i->notices[k].summary);
	}
}

int incident_parse_time(int64_t *out, const char *s)
{
	struct buf b = BUF_INIT;
	struct toml_value *doc = NULL;
	const struct toml_value *v;
	int r = -1;

	/* TOML's offset date-time is RFC 3339's: its reader checks every field */
	if (strlen(s) > 64 || strchr(s, '\n') || strchr(s, '#'))
		return -1;
	buf_addf(&b, "t = %s\n", s);
	if (toml_parse(&doc, b.ptr, b.len, "time") == 0 && (v = toml_get(doc, "t")) &&
	    v->kind == TOML_DATETIME && dt_seconds(v->u.dt) >= 0) {
		*out = dt_seconds(v->u.dt);
		r = 0;
	}
	err_clear();
	toml_free(doc);
	buf_release(&b);
	return r;
}

enum incident_verdict incident_judge(double *out_hours, const struct incident *i, int64_t now,
                                     int64_t hours)
{
	int64_t first = -1;

	for (size_t k = 0; k < i->nnotices; k++)
		if (first < 0 || i->notices[k].sent < first)
			first = i->notices[k].sent;
	*out_hours = first >= 0 ? (double)(first - i->detected) / 3600.0 : -1;
	if (i->status == INC_CLOSED && (!i->review_path || !i->review_summary))
		return INCV_UNREVIEWED;
	if (first < 0) {
		if (i->customers == 0)
			return INCV_NO_CUSTOMERS;
		if (hours >= 0 && now - i->detected <= hours * 3600 && i->status != INC_CLOSED)
			return INCV_PENDING;
		return INCV_NO_NOTICE;
	}
	if (hours < 0)
		return INCV_NO_POLICY;
	return first - i->detected <= hours * 3600 ? INCV_OK : INCV_LATE;
}

void incident_record(struct buf *out, const struct incident *i, const char *action,
                     const char *file, const char *sha256_hex, int64_t now)
{
	struct jw w;
	char t[EPOCH_RFC3339_LEN];

	epoch_rfc3339(t, now);
	jw_init(&w, out, false);
	jw_obj_begin(&w);
	jw_kstr(&w, "schema", INCIDENT_SCHEMA);
	jw_kstr(&w, "type", "incident");
	jw_kstr(&w, "action", action);
	jw_kstr(&w, "id", i->id);
	jw_kstr(&w, "status", incident_status_name(i->status));
	jw_kint(&w, "notices", (int64_t)i->nnotices);
	jw_kstr(&w, "time", t);
	jw_kstr(&w, "file", file);
	jw_kstr(&w, "sha256", sha256_hex);
	jw_obj_end(&w);
	jw_finish(&w);
	buf_addch(out, '\n');
}
