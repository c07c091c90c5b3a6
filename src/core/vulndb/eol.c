/*
 * eol.c: end-of-life cycles of third-party software, from endoflife.date
 * product files (see db.h). A product file is Markdown whose YAML front
 * matter (between two "---" lines) holds the data; only the front matter
 * is parsed, with the YAML loader's caps (no aliases, bounded depth).
 */
#include "util/compat.h"
#include "core/vulndb/db.h"
#include "core/formats/purl.h"
#include "util/alloc.h"
#include "util/err.h"
#include "util/yaml.h"

#include <sqlite3.h>

#define EOL_MAX_FRONT ((size_t)1 << 20)

/* The front matter: after a first line "---", up to a line "---". */
static bool front_matter(const char *data, size_t len, const char **start, size_t *n)
{
	const char *p, *end = data + len;

	if (len < 4 || memcmp(data, "---", 3) || (data[3] != '\n' && data[3] != '\r'))
		return false;
	p = memchr(data, '\n', len);
	if (!p)
		return false;
	*start = ++p;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t ll = (size_t)((nl ? nl : end) - p);

		if (ll >= 3 && !memcmp(p, "---", 3) && (ll == 3 || (ll == 4 && p[3] == '\r'))) {
			*n = (size_t)(p - *start);
			return true;
		}
		if (!nl)
			break;
		p = nl + 1;
	}
	return false;
}

/* The purl without version, qualifiers and subpath, canonical: "pkg:npm/%40angular/core". */
static int purl_key(struct buf *out, const char *s)
{
	struct purl p = PURL_INIT;
	int r;

	if ((r = purl_parse(&p, s, strlen(s))) == 0)
		r = purl_build(out, p.type, p.namespace, p.name, NULL, NULL, 0, NULL);
	purl_release(&p);
	return r;
}

/* A cycle field: a date "YYYY-MM-DD" (a YAML time-stamp stays a string), true or false. */
static int field(char **out, const json_t *rel, const char *key, const char *source,
                 const char *cycle)
{
	const json_t *v = json_object_get(rel, key);
	const char *s;

	*out = NULL;
	if (!v || json_is_null(v))
		return 0;
	if (json_is_boolean(v)) {
		*out = xstrdup(json_is_true(v) ? "true" : "false");
		return 0;
	}
	s = json_string_value(v);
	if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return err_set(ERR_PARSE, "release '%s': '%s' must be a date or true/false", cycle,
		               key);
	*out = xstrdup(s);
	return 0;
}

static int run(sqlite3 *h, const char *sql, const char *const *args, size_t nargs,
               const char *source)
{
	sqlite3_stmt *st = NULL;
	int r = 0;

	if (sqlite3_prepare_v2(h, sql, -1, &st, NULL) != SQLITE_OK)
		return err_set(ERR_IO, "database: %s", sqlite3_errmsg(h));
	for (size_t i = 0; i < nargs; i++)
		sqlite3_bind_text(st, (int)i + 1, args[i], -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) != SQLITE_DONE)
		r = err_set(ERR_IO, "database: cannot store '%s': %s", source, sqlite3_errmsg(h));
	sqlite3_finalize(st);
	return r;
}

/* One cycle, checked before anything is written. */
struct cycle {
	char name[64];
	char *rd, *eol, *eoas, *lts;
	const char *latest;
};

static void cycles_free(struct cycle *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(c[i].rd);
		free(c[i].eol);
		free(c[i].eoas);
		free(c[i].lts);
	}
	free(c);
}

/* Reads and checks every release: a product is written whole or not at all. */
static int read_cycles(struct cycle **out, const json_t *rels, const char *source)
{
	struct cycle *cs = xcalloc(json_array_size(rels) + 1, sizeof(*cs));
	size_t idx;
	json_t *v;
	int r = 0;

	json_array_foreach((json_t *)rels, idx, v)
	{
		struct cycle *c = &cs[idx];
		const json_t *rc = json_object_get(v, "releaseCycle");

		if (json_is_string(rc) && json_string_length(rc) > 0 &&
		    json_string_length(rc) < sizeof(c->name))
			snprintf(c->name, sizeof(c->name), "%s", json_string_value(rc));
		else if (json_is_integer(rc))
			snprintf(c->name, sizeof(c->name), "%" JSON_INTEGER_FORMAT,
			         json_integer_value(rc));
		else {
			r = err_set(ERR_PARSE, "release %zu has no releaseCycle (a short string)",
			            idx);
			break;
		}
		c->latest = json_string_value(json_object_get(v, "latest"));
		if ((r = field(&c->rd, v, "releaseDate", source, c->name)) < 0 ||
		    (r = field(&c->eol, v, "eol", source, c->name)) < 0 ||
		    (r = field(&c->eoas, v, "eoas", source, c->name)) < 0 ||
		    (r = field(&c->lts, v, "lts", source, c->name)) < 0)
			break;
	}
	if (r < 0) {
		cycles_free(cs, json_array_size(rels));
		return r;
	}
	*out = cs;
	return 0;
}

int vulndb_eol_import_md(struct vulndb *db, bool *out_product, const char *data, size_t len,
                         const char *source)
{
	sqlite3 *h = vulndb_sqlite(db);
	const char *fm = NULL, *base;
	size_t fmlen = 0, n = 0;
	json_t *doc = NULL;
	const json_t *rels, *ids;
	struct cycle *cs = NULL;
	char *name = NULL;
	size_t idx;
	json_t *v;
	int r = 0;

	*out_product = false;
	if (!front_matter(data, len, &fm, &fmlen))
		return 0;
	if (fmlen > EOL_MAX_FRONT)
		return err_set(ERR_TOOBIG, "front matter larger than %zu bytes", EOL_MAX_FRONT);
	/* from the newline ending the first "---": the loader's lines are then the file's */
	if ((r = vyaml_parse(&doc, fm - 1, fmlen + 1, source)) < 0)
		return r;
	rels = json_object_get(doc, "releases");
	if (!json_is_object(doc) || !rels)
		goto done;
	*out_product = true;
	if (!json_is_array(rels) || json_array_size(rels) > VULNDB_EOL_MAX_CYCLES) {
		r = err_set(ERR_PARSE, "'releases' must be a list of at most %d cycles",
		            VULNDB_EOL_MAX_CYCLES);
		goto done;
	}
	if ((r = read_cycles(&cs, rels, source)) < 0)
		goto done;
	n = json_array_size(rels);
	/* the product's name: the file's, as endoflife.date names its pages */
	base = strrchr(source, '/') ? strrchr(source, '/') + 1 : source;
	base = strrchr(base, ':') ? strrchr(base, ':') + 1 : base;
	name = xstrndup(base, strlen(base) > 3 ? strlen(base) - 3 : strlen(base));
	{
		const char *a[] = { name };
		const char *b[] = { name, source, vulndb_import_time(db) };

		if ((r = run(h, "DELETE FROM eol_purl WHERE product = ?1", a, 1, source)) < 0 ||
		    (r = run(h, "DELETE FROM eol_cycle WHERE product = ?1", a, 1, source)) < 0 ||
		    (r = run(h,
		             "INSERT OR REPLACE INTO eol_product (name, source, imported) "
		             "VALUES (?1, ?2, ?3)",
		             b, 3, source)) < 0)
			goto done;
	}
	ids = json_object_get(doc, "identifiers");
	json_array_foreach((json_t *)ids, idx, v)
	{
		const char *p = json_string_value(json_object_get(v, "purl"));
		struct buf key = BUF_INIT;

		/* a purl endoflife.date writes that the spec refuses is skipped, not fatal */
		if (p && purl_key(&key, p) == 0) {
			const char *a[] = { key.ptr, name };

			r = run(h, "INSERT OR IGNORE INTO eol_purl (purl, product) VALUES (?1, ?2)",
			        a, 2, source);
		}
		err_clear();
		buf_release(&key);
		if (r < 0)
			goto done;
	}
	for (size_t i = 0; i < n; i++) {
		const char *a[] = { name,       cs[i].name, cs[i].rd,    cs[i].eol,
			            cs[i].eoas, cs[i].lts,  cs[i].latest };

		if ((r = run(h,
		             "INSERT OR REPLACE INTO eol_cycle (product, cycle, release_date, eol, "
		             "eoas, lts, latest) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
		             a, 7, source)) < 0)
			goto done;
	}
done:
	cycles_free(cs, n);
	json_decref(doc);
	free(name);
	return r;
}

void vulndb_eol_release(struct vulndb_eol *e)
{
	free(e->product);
	free(e->cycle);
	free(e->eol);
	free(e->eoas);
	free(e->latest);
	memset(e, 0, sizeof(*e));
}

/* Whether cycle is a prefix of version ending where a number ends. */
static bool in_cycle(const char *cycle, const char *version)
{
	size_t n = strlen(cycle);

	if (!n || strncmp(cycle, version, n))
		return false;
	return !(version[n] >= '0' && version[n] <= '9') ||
	       !(cycle[n - 1] >= '0' && cycle[n - 1] <= '9');
}

static char *col(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s ? xstrdup((const char *)s) : NULL;
}

int vulndb_eol_find(struct vulndb_eol *out, struct vulndb *db, const char *purl,
                    const char *version)
{
	sqlite3 *h = vulndb_sqlite(db);
	sqlite3_stmt *st = NULL;
	struct buf key = BUF_INIT;
	const char *v = version, *colon;
	size_t best = 0;
	int r = 0, rc;

	memset(out, 0, sizeof(*out));
	if (!vulndb_has_eol(db) || !purl || !version || purl_key(&key, purl) < 0) {
		err_clear();
		goto done;
	}
	/* an epoch ("1:2.3-1") and a "v" prefix are no part of the cycle */
	if ((colon = strchr(v, ':')) && colon > v && strspn(v, "0123456789") == (size_t)(colon - v))
		v = colon + 1;
	if (v[0] == 'v' && v[1] >= '0' && v[1] <= '9')
		v++;
	if (sqlite3_prepare_v2(h,
	                       "SELECT c.product, c.cycle, c.eol, c.eoas, c.lts, c.latest FROM "
	                       "eol_purl p JOIN eol_cycle c ON c.product = p.product WHERE "
	                       "p.purl = ?1 ORDER BY c.product, c.cycle",
	                       -1, &st, NULL) != SQLITE_OK) {
		r = err_set(ERR_IO, "database: %s", sqlite3_errmsg(h));
		goto done;
	}
	sqlite3_bind_text(st, 1, key.ptr, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *cyc = (const char *)sqlite3_column_text(st, 1);
		const char *lts = (const char *)sqlite3_column_text(st, 4);

		if (!cyc || !in_cycle(cyc, v) || strlen(cyc) <= best)
			continue;
		vulndb_eol_release(out);
		best = strlen(cyc);
		out->product = col(st, 0);
		out->cycle = col(st, 1);
		out->eol = col(st, 2);
		out->eoas = col(st, 3);
		out->latest = col(st, 5);
		out->lts = lts && strcmp(lts, "false");
	}
	if (rc != SQLITE_DONE)
		r = err_set(ERR_IO, "database: %s", sqlite3_errmsg(h));
	else
		r = best > 0;
done:
	sqlite3_finalize(st);
	buf_release(&key);
	if (r <= 0)
		vulndb_eol_release(out);
	return r;
}
