/*
 * ignore.c: ignore files read and applied to findings.
 */
#include "util/compat.h"
#include "core/match/ignore.h"
#include "core/formats/purl.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/toml.h"

#include <ctype.h>

/* Keeps the message err_set() just made for an entry that is left out, and goes on. */
static int entry_error(struct ignore *ig)
{
	ALLOC_GROW(ig->errors, ig->nerrors + 1, ig->aerrors);
	ig->errors[ig->nerrors++] = xstrdup(err_msg());
	err_clear();
	return 0;
}

/* "YYYY-MM-DD" with a month and day that exist in some year. */
static bool is_date(const char *s)
{
	int m, d;

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return false;
	for (int i = 0; i < 10; i++)
		if (i != 4 && i != 7 && !isdigit((unsigned char)s[i]))
			return false;
	m = (s[5] - '0') * 10 + (s[6] - '0');
	d = (s[8] - '0') * 10 + (s[9] - '0');
	return m >= 1 && m <= 12 && d >= 1 && d <= 31;
}

static bool only_keys(const struct toml_value *t, const char **bad)
{
	static const char *const keys[] = { "id", "package", "reason", "expires" };

	for (size_t i = 0; i < toml_table_len(t); i++) {
		const struct toml_kv *kv = toml_table_at(t, i);
		bool ok = false;

		for (size_t k = 0; k < ARRAY_SIZE(keys) && !ok; k++)
			ok = kv->keylen == strlen(keys[k]) && !strcmp(kv->key, keys[k]);
		if (!ok) {
			*bad = kv->key;
			return false;
		}
	}
	return true;
}

static int one_entry(struct ignore *ig, const struct toml_value *t, const char *name)
{
	const char *id = NULL, *pkg = NULL, *reason = NULL, *bad = NULL, *date = NULL;
	const struct toml_value *v;
	struct ignore_entry *e;
	struct purl p = PURL_INIT;

	if (t->kind != TOML_TABLE) {
		err_set(ERR_PARSE, "%s:%u: an ignore entry must be a table", name, t->line);
		return entry_error(ig);
	}
	if (!only_keys(t, &bad)) {
		err_set(ERR_PARSE, "%s:%u: unknown key '%s' (id, package, reason, expires)", name,
		        t->line, bad);
		return entry_error(ig);
	}
	if (!(id = toml_str(t, "id")) || !*id) {
		err_set(ERR_PARSE, "%s:%u: the entry needs an 'id' string", name, t->line);
		return entry_error(ig);
	}
	reason = toml_str(t, "reason");
	if (!reason || !*reason) {
		err_set(ERR_PARSE, "%s:%u: the entry for '%s' needs a 'reason'", name, t->line, id);
		return entry_error(ig);
	}
	if ((v = toml_get(t, "package"))) {
		bool bad_purl = false;

		if (!(pkg = toml_strval(v)))
			bad_purl = err_set(ERR_PARSE, "%s:%u: 'package' must be a purl string",
			                   name, v->line) < 0;
		else if (purl_parse(&p, pkg, strlen(pkg)) < 0)
			bad_purl =
			        err_prefix("%s:%u: 'package' must be a purl: ", name, v->line) < 0;
		if (bad_purl) {
			purl_release(&p);
			return entry_error(ig);
		}
		purl_release(&p);
	}
	if ((v = toml_get(t, "expires"))) {
		date = v->kind == TOML_DATE_LOCAL ? v->u.dt->text : toml_strval(v);
		if (!date || !is_date(date)) {
			err_set(ERR_PARSE, "%s:%u: 'expires' must be a date (2027-01-31)", name,
			        v->line);
			return entry_error(ig);
		}
	}
	if (ig->n >= IGNORE_MAX_ENTRIES)
		return err_set(ERR_TOOBIG, "%s: more than %d entries", name, IGNORE_MAX_ENTRIES);
	ALLOC_GROW(ig->e, ig->n + 1, ig->alloc);
	e = &ig->e[ig->n++];
	memset(e, 0, sizeof(*e));
	e->id = xstrdup(id);
	e->package = pkg ? xstrdup(pkg) : NULL;
	e->reason = xstrdup(reason);
	if (date)
		memcpy(e->expires, date, 11);
	{
		struct buf src = BUF_INIT;

		buf_addf(&src, "%s:%u", name, t->line);
		e->source = buf_detach(&src, NULL);
	}
	return 0;
}

int ignore_parse(struct ignore *ig, const char *data, size_t len, const char *name)
{
	struct toml_limits lim = { IGNORE_MAX_SIZE, 8, 200000, 65536 };
	struct toml_value *doc = NULL;
	const struct toml_value *arr;
	int r;

	if ((r = toml_parse_limits(&doc, data, len, name, &lim)) < 0)
		return r;
	for (size_t i = 0; i < toml_table_len(doc); i++) {
		const struct toml_kv *kv = toml_table_at(doc, i);

		if (kv->keylen != 6 || strcmp(kv->key, "ignore")) {
			r = err_set(ERR_PARSE,
			            "%s:%u: unknown key '%s': entries are [[ignore]] tables", name,
			            kv->line, kv->key);
			goto done;
		}
	}
	arr = toml_get(doc, "ignore");
	if (arr && arr->kind != TOML_ARRAY) {
		r = err_set(ERR_PARSE, "%s:%u: 'ignore' must be an array of tables ([[ignore]])",
		            name, arr->line);
		goto done;
	}
	for (size_t i = 0; i < toml_array_len(arr) && r == 0; i++)
		r = one_entry(ig, toml_array_at(arr, i), name);
done:
	toml_free(doc);
	return r;
}

int ignore_load(struct ignore *ig, const char *path)
{
	struct buf data = BUF_INIT_MAX(IGNORE_MAX_SIZE);
	int r = buf_read_file(&data, path);

	if (r == 0)
		r = ignore_parse(ig, data.ptr, data.len, path);
	buf_release(&data);
	return r;
}

void scan_apply_ignore(struct scan *sc, struct ignore *ig, const char *today)
{
	for (size_t k = 0; k < ig->n; k++) {
		struct ignore_entry *e = &ig->e[k];
		bool expired = e->expires[0] && strncmp(today, e->expires, 10) > 0;

		for (size_t i = 0; i < sc->nfindings; i++) {
			struct finding *f = &sc->findings[i];

			if (!finding_has_id(f, e->id) ||
			    (e->package && !scan_purl_names(e->package, &sc->pkgs[f->pkg])))
				continue;
			if (f->suppressed) {
				/* VEX or an earlier entry did it: this one is not stale */
				e->suppressed += !expired;
				continue;
			}
			if (expired) {
				e->expired_hits++;
				continue;
			}
			e->suppressed++;
			f->suppressed = true;
			f->ignore_reason = xstrdup(e->reason);
			f->ignore_source = xstrdup(e->source);
			f->ignore_expires = e->expires[0] ? xstrdup(e->expires) : NULL;
		}
		if (expired)
			scan_note(sc, false,
			          "%s: the ignore entry for '%s' expired on %s: %zu finding%s no "
			          "longer suppressed",
			          e->source, e->id, e->expires, e->expired_hits,
			          e->expired_hits == 1 ? "" : "s");
		else if (!e->suppressed)
			scan_note(sc, false, "%s: the ignore entry for '%s' matched no finding",
			          e->source, e->id);
	}
}

void ignore_release(struct ignore *ig)
{
	for (size_t i = 0; i < ig->n; i++) {
		free(ig->e[i].id);
		free(ig->e[i].package);
		free(ig->e[i].reason);
		free(ig->e[i].source);
	}
	for (size_t i = 0; i < ig->nerrors; i++)
		free(ig->errors[i]);
	free(ig->e);
	free(ig->errors);
	memset(ig, 0, sizeof(*ig));
}
