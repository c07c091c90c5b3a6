/*
 * db.c: the SQLite schema, import and queries. See docs/internals/vulndb.md.
 */
#include "util/arc.h"
#include "util/compat.h"
#include "core/vulndb/db.h"
#include "core/vulndb/osv.h"
#include "util/alloc.h"
#include "util/epoch.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/json.h"
#include "util/num.h"
#include "util/walk.h"
#include "util/yaml.h"

#include <archive.h>
#include <archive_entry.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

enum stmt_id {
	S_FIND_ADV,
	S_DEL_ADV,
	S_DEL_AFF,
	S_DEL_ALIAS,
	S_INS_ADV,
	S_INS_ALIAS,
	S_INS_AFF,
	S_FIND_PKG,
	S_GET_ADV,
	S_GET_ALIASES,
	S_GET_AFF_SEV,
	S_META_GET,
	S_META_SET,
	S_SOURCE,
	S_HAS_BASE,
	S_RELATED,
	S__COUNT
};

static const char *const stmt_sql[S__COUNT] = {
	[S_FIND_ADV] = "SELECT id, modified_key FROM advisory WHERE osv_id = ?1",
	[S_DEL_ADV] = "DELETE FROM advisory WHERE id = ?1",
	[S_DEL_AFF] = "DELETE FROM affected WHERE advisory = ?1",
	[S_DEL_ALIAS] = "DELETE FROM alias WHERE advisory = ?1",
	[S_INS_ADV] = "INSERT INTO advisory (osv_id, modified, modified_key, published, withdrawn, "
	              "summary, details, severity, label, refs, source, imported) "
	              "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
	[S_INS_ALIAS] = "INSERT OR IGNORE INTO alias (alias, advisory) VALUES (?1, ?2)",
	[S_INS_AFF] = "INSERT INTO affected (advisory, idx, ecosystem, base, name, norm, purl, "
	              "ranges, versions, severity, label) "
	              "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
	[S_FIND_PKG] = "SELECT f.advisory, a.osv_id, f.idx, f.ecosystem, f.name, f.ranges, "
	               "f.versions FROM affected f JOIN advisory a ON a.id = f.advisory "
	               "WHERE f.base = ?1 AND f.norm = ?2 AND a.withdrawn IS NULL "
	               "ORDER BY a.osv_id, f.idx",
	[S_GET_ADV] = "SELECT osv_id, modified, published, summary, details, severity, label, refs "
	              "FROM advisory WHERE id = ?1",
	[S_GET_ALIASES] = "SELECT alias FROM alias WHERE advisory = ?1 ORDER BY alias",
	[S_GET_AFF_SEV] = "SELECT severity, label FROM affected WHERE advisory = ?1 AND idx = ?2",
	[S_META_GET] = "SELECT value FROM meta WHERE key = ?1",
	[S_META_SET] = "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)",
	[S_SOURCE] = "INSERT INTO source (name, imported, advisories) VALUES (?1, ?2, ?3) "
	             "ON CONFLICT (name) DO UPDATE SET imported = ?2, advisories = ?3",
	[S_HAS_BASE] = "SELECT 1 FROM affected f JOIN advisory a ON a.id = f.advisory "
	               "WHERE f.base = ?1 AND a.withdrawn IS NULL LIMIT 1",
	[S_RELATED] = "SELECT osv_id, severity, label FROM advisory WHERE withdrawn IS NULL AND "
	              "(osv_id = ?1 OR id IN (SELECT advisory FROM alias WHERE alias = ?1)) "
	              "ORDER BY osv_id",
};

static const char schema_sql[] =
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;\n"
        "CREATE TABLE source (name TEXT PRIMARY KEY, imported TEXT NOT NULL,\n"
        "    advisories INTEGER NOT NULL) WITHOUT ROWID;\n"
        "CREATE TABLE advisory (\n"
        "    id INTEGER PRIMARY KEY,\n"
        "    osv_id TEXT NOT NULL UNIQUE,\n"
        "    modified TEXT NOT NULL,\n"
        "    modified_key TEXT NOT NULL,\n"
        "    published TEXT,\n"
        "    withdrawn TEXT,\n"
        "    summary TEXT,\n"
        "    details TEXT,\n"
        "    severity TEXT,\n"
        "    label TEXT,\n"
        "    refs TEXT,\n"
        "    source TEXT NOT NULL,\n"
        "    imported TEXT NOT NULL);\n"
        "CREATE TABLE alias (alias TEXT NOT NULL, advisory INTEGER NOT NULL,\n"
        "    PRIMARY KEY (alias, advisory)) WITHOUT ROWID;\n"
        "CREATE INDEX alias_by_advisory ON alias (advisory);\n"
        "CREATE TABLE affected (\n"
        "    id INTEGER PRIMARY KEY,\n"
        "    advisory INTEGER NOT NULL,\n"
        "    idx INTEGER NOT NULL,\n"
        "    ecosystem TEXT NOT NULL,\n"
        "    base TEXT NOT NULL,\n"
        "    name TEXT NOT NULL,\n"
        "    norm TEXT NOT NULL,\n"
        "    purl TEXT,\n"
        "    ranges TEXT,\n"
        "    versions TEXT,\n"
        "    severity TEXT,\n"
        "    label TEXT);\n"
        "CREATE INDEX affected_by_package ON affected (base, norm);\n"
        "CREATE INDEX affected_by_advisory ON affected (advisory, idx);\n";

/* Schema 2: end-of-life cycles (eol.c); a schema 1 database gets them on its next write. */
static const char eol_sql[] =
        "CREATE TABLE eol_product (name TEXT PRIMARY KEY, source TEXT NOT NULL,\n"
        "    imported TEXT NOT NULL) WITHOUT ROWID;\n"
        "CREATE TABLE eol_purl (purl TEXT NOT NULL, product TEXT NOT NULL,\n"
        "    PRIMARY KEY (purl, product)) WITHOUT ROWID;\n"
        "CREATE TABLE eol_cycle (product TEXT NOT NULL, cycle TEXT NOT NULL,\n"
        "    release_date TEXT, eol TEXT, eoas TEXT, lts TEXT, latest TEXT,\n"
        "    PRIMARY KEY (product, cycle)) WITHOUT ROWID;\n";

struct vulndb {
	sqlite3 *db;
	char *path;
	sqlite3_stmt *stmt[S__COUNT];
	char now[21];
	int version; /* the schema read: 1 (read-only, not migrated) or 2 */
};

sqlite3 *vulndb_sqlite(struct vulndb *db)
{
	return db->db;
}

const char *vulndb_import_time(struct vulndb *db)
{
	return db->now;
}

bool vulndb_has_eol(struct vulndb *db)
{
	return db->version >= 2;
}

static int db_error(struct vulndb *db, const char *what)
{
	return err_set(ERR_IO, "database '%s': %s: %s", db->path, what, sqlite3_errmsg(db->db));
}

static time_t now_time(void);

void vulndb_now(char out[21])
{
	time_t tt = now_time();
	struct tm tm;

	gmtime_r(&tt, &tm);
	strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static time_t now_time(void)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	uint64_t t;

	if (sde && num_parse_u64(&t, sde, strlen(sde), (uint64_t)INT32_MAX * 4, 0) == 0)
		return (time_t)t;
	err_clear();
	return time(NULL);
}

int64_t vulndb_days_since(const char *ts)
{
	char whole[21]; /* the time to the second: OSV may add a fraction */
	int64_t t;

	if (!ts || !osv_timestamp_valid(ts))
		return -1;
	memcpy(whole, ts, 19);
	memcpy(whole + 19, "Z", 2);
	if (epoch_parse_rfc3339(&t, whole) < 0) {
		err_clear();
		return -1;
	}
	return ((int64_t)now_time() - t) / 86400;
}

int vulndb_default_path(struct buf *out)
{
	const char *v = getenv("VOUCH_DB"), *cache = getenv("XDG_CACHE_HOME"), *home;

	if (v && *v)
		return buf_adds(out, v);
	if (cache && *cache)
		return buf_addf(out, "%s/vouch/vulns.db", cache);
	home = getenv("HOME");
	if (!home || !*home)
		return err_set(ERR_USAGE, "no database path: set --db, $VOUCH_DB or $HOME");
	return buf_addf(out, "%s/.cache/vouch/vulns.db", home);
}

static sqlite3_stmt *stmt(struct vulndb *db, enum stmt_id id)
{
	if (!db->stmt[id] &&
	    sqlite3_prepare_v2(db->db, stmt_sql[id], -1, &db->stmt[id], NULL) != SQLITE_OK) {
		db_error(db, "cannot prepare a statement");
		return NULL;
	}
	sqlite3_reset(db->stmt[id]);
	sqlite3_clear_bindings(db->stmt[id]);
	return db->stmt[id];
}

static int exec(struct vulndb *db, const char *sql)
{
	if (sqlite3_exec(db->db, sql, NULL, NULL, NULL) != SQLITE_OK)
		return db_error(db, "cannot run SQL");
	return 0;
}

static int user_version(struct vulndb *db, int *out)
{
	sqlite3_stmt *st = NULL;
	int r = 0;

	if (sqlite3_prepare_v2(db->db, "PRAGMA user_version", -1, &st, NULL) != SQLITE_OK)
		return db_error(db, "cannot read the schema version");
	if (sqlite3_step(st) == SQLITE_ROW)
		*out = sqlite3_column_int(st, 0);
	else
		r = db_error(db, "cannot read the schema version");
	sqlite3_finalize(st);
	return r;
}

/* A database without one advisory that can match: scanning against it would look clean. */
static int require_advisories(struct vulndb *db)
{
	sqlite3_stmt *st = NULL;
	int found = 0;

	if (sqlite3_prepare_v2(db->db, "SELECT 1 FROM advisory WHERE withdrawn IS NULL LIMIT 1", -1,
	                       &st, NULL) != SQLITE_OK)
		return db_error(db, "cannot query");
	found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	if (!found)
		return err_set(ERR_NOTFOUND,
		               "database '%s' holds no advisories: run 'vouch db import' or "
		               "'vouch db update' first",
		               db->path);
	return 0;
}

int vulndb_open(struct vulndb **out, const char *path, unsigned flags)
{
	struct vulndb *db = xcalloc(1, sizeof(*db));
	int oflags, r = 0, ver = 0;
	struct stat st;

	db->path = xstrdup(path);
	if (flags & VULNDB_READONLY) {
		if (stat(path, &st) < 0) {
			r = err_set(ERR_NOTFOUND,
			            "no vulnerability database at '%s' (%s): run 'vouch db import' "
			            "or 'vouch db update' first",
			            path, strerror(errno));
			goto done;
		}
		oflags = SQLITE_OPEN_READONLY;
	} else {
		oflags = SQLITE_OPEN_READWRITE;
		if (flags & VULNDB_CREATE) {
			char *dir = xstrdup(path), *slash = strrchr(dir, '/');

			oflags |= SQLITE_OPEN_CREATE;
			if (slash && slash != dir) {
				*slash = 0;
				r = fs_mkdirs(dir, 0755);
			}
			free(dir);
			if (r < 0)
				goto done;
		}
	}
	if (sqlite3_open_v2(path, &db->db, oflags | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		r = db->db ? db_error(db, "cannot open")
		           : err_set(ERR_NOMEM, "cannot open database '%s'", path);
		goto done;
	}
	sqlite3_busy_timeout(db->db, 5000);
	if ((r = user_version(db, &ver)) < 0)
		goto done;
	if (ver == 0 && !(flags & VULNDB_READONLY)) {
		char now[21];

		vulndb_now(now);
		if ((r = exec(db, "BEGIN IMMEDIATE")) < 0)
			goto done;
		if ((r = exec(db, schema_sql)) < 0 || (r = exec(db, eol_sql)) < 0 ||
		    (r = exec(db, "PRAGMA user_version = 2")) < 0 ||
		    (r = vulndb_meta_set(db, "created", now)) < 0) {
			exec(db, "ROLLBACK");
			goto done;
		}
		if ((r = exec(db, "COMMIT")) < 0)
			goto done;
		ver = 2;
	} else if (ver == 1 && !(flags & VULNDB_READONLY)) {
		/* migration 1 -> 2: the end-of-life tables; advisories are untouched */
		if ((r = exec(db, "BEGIN IMMEDIATE")) < 0)
			goto done;
		if ((r = exec(db, eol_sql)) < 0 || (r = exec(db, "PRAGMA user_version = 2")) < 0) {
			exec(db, "ROLLBACK");
			goto done;
		}
		if ((r = exec(db, "COMMIT")) < 0)
			goto done;
		ver = 2;
	} else if (ver != VULNDB_SCHEMA_VERSION && ver != 1) {
		r = err_set(
		        ver == 0 ? ERR_NOTFOUND : ERR_UNSUPPORTED,
		        ver == 0 ? "'%s' is not a vouch database (run 'vouch db import' first)"
		                 : "database '%s' has schema %d, this vouch reads %d: rebuild it",
		        path, ver, VULNDB_SCHEMA_VERSION);
		goto done;
	}
	db->version = ver;
	if (!(flags & VULNDB_READONLY))
		exec(db, "PRAGMA synchronous = NORMAL");
	if ((flags & VULNDB_ADVISORIES) && (r = require_advisories(db)) < 0)
		goto done;
	vulndb_now(db->now);
done:
	if (r < 0) {
		vulndb_close(db);
		return r;
	}
	*out = db;
	return 0;
}

void vulndb_close(struct vulndb *db)
{
	if (!db)
		return;
	for (int i = 0; i < S__COUNT; i++)
		sqlite3_finalize(db->stmt[i]);
	sqlite3_close(db->db);
	free(db->path);
	free(db);
}

const char *vulndb_path(const struct vulndb *db)
{
	return db->path;
}

int vulndb_begin(struct vulndb *db)
{
	return exec(db, "BEGIN IMMEDIATE");
}

int vulndb_commit(struct vulndb *db)
{
	int r = vulndb_meta_set(db, "updated", db->now);

	if (r < 0)
		return r;
	return exec(db, "COMMIT");
}

void vulndb_rollback(struct vulndb *db)
{
	sqlite3_exec(db->db, "ROLLBACK", NULL, NULL, NULL);
}

int vulndb_meta_get(struct vulndb *db, const char *key, char **out)
{
	sqlite3_stmt *st = stmt(db, S_META_GET);
	int rc;

	*out = NULL;
	if (!st)
		return ERR_IO;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = xstrdup((const char *)sqlite3_column_text(st, 0));
	else if (rc != SQLITE_DONE)
		return db_error(db, "cannot read meta");
	sqlite3_reset(st);
	return 0;
}

int vulndb_meta_set(struct vulndb *db, const char *key, const char *value)
{
	sqlite3_stmt *st = stmt(db, S_META_SET);

	if (!st)
		return ERR_IO;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		return db_error(db, "cannot write meta");
	sqlite3_reset(st);
	return 0;
}

/* ---- import ---- */

static void bind_opt(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

/* Binds the compact JSON form of v (NULL when absent, null or empty). */
static void bind_json(sqlite3_stmt *st, int i, const json_t *v)
{
	char *s;

	if (!v || json_is_null(v) || (json_is_array(v) && !json_array_size(v))) {
		sqlite3_bind_null(st, i);
		return;
	}
	s = json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
	if (!s)
		xalloc_die(0);
	sqlite3_bind_text(st, i, s, -1, free);
}

/* A severity label kept by the database: a string 'severity' in a *_specific object. */
static const char *label_of(const json_t *specific)
{
	return vjson_str(specific, "severity");
}

static int invalid(struct vulndb_import *imp, const char *source, const char *why)
{
	imp->invalid++;
	if (imp->on_invalid)
		imp->on_invalid(source, why, imp->payload);
	return 0;
}

/* A source that could not be read as a whole (not an archive, a damaged entry, a cap). */
static int broken(struct vulndb_import *imp, const char *source, const char *why)
{
	imp->broken++;
	return invalid(imp, source, why);
}

static int step_done(struct vulndb *db, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_error(db, what);
	return 0;
}

static int delete_advisory(struct vulndb *db, int64_t rowid)
{
	static const enum stmt_id dels[] = { S_DEL_AFF, S_DEL_ALIAS, S_DEL_ADV };

	for (size_t i = 0; i < ARRAY_SIZE(dels); i++) {
		sqlite3_stmt *st = stmt(db, dels[i]);

		if (!st)
			return ERR_IO;
		sqlite3_bind_int64(st, 1, rowid);
		if (step_done(db, st, "cannot delete an advisory") < 0)
			return ERR_IO;
	}
	return 0;
}

/* Imports doc, already validated. */
static int import_valid(struct vulndb_import *imp, const json_t *doc, const char *source)
{
	struct vulndb *db = imp->db;
	sqlite3_stmt *st;
	const char *id, *modified;
	char key[30];
	json_t *v, *a;
	int64_t rowid;
	size_t i;
	int rc, r = 0;
	struct buf norm = BUF_INIT;

	id = vjson_str(doc, "id");
	modified = vjson_str(doc, "modified");
	osv_time_key(key, modified);

	if (!(st = stmt(db, S_FIND_ADV)))
		return ERR_IO;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		int64_t old = sqlite3_column_int64(st, 0);
		bool newer = strcmp(key, (const char *)sqlite3_column_text(st, 1)) > 0;

		sqlite3_reset(st);
		if (!newer) {
			imp->unchanged++;
			return 0;
		}
		if ((r = delete_advisory(db, old)) < 0)
			return r;
		imp->replaced++;
	} else {
		sqlite3_reset(st);
		if (rc != SQLITE_DONE)
			return db_error(db, "cannot look up an advisory");
		imp->inserted++;
	}

	if (!(st = stmt(db, S_INS_ADV)))
		return ERR_IO;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, modified, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, key, -1, SQLITE_STATIC);
	bind_opt(st, 4, vjson_str(doc, "published"));
	bind_opt(st, 5, vjson_str(doc, "withdrawn"));
	bind_opt(st, 6, vjson_str(doc, "summary"));
	bind_opt(st, 7, vjson_str(doc, "details"));
	bind_json(st, 8, json_object_get(doc, "severity"));
	bind_opt(st, 9, label_of(json_object_get(doc, "database_specific")));
	bind_json(st, 10, json_object_get(doc, "references"));
	sqlite3_bind_text(st, 11, source, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 12, db->now, -1, SQLITE_STATIC);
	if ((r = step_done(db, st, "cannot insert an advisory")) < 0)
		return r;
	rowid = sqlite3_last_insert_rowid(db->db);

	json_array_foreach(json_object_get(doc, "aliases"), i, v)
	{
		if (!(st = stmt(db, S_INS_ALIAS)))
			return ERR_IO;
		sqlite3_bind_text(st, 1, json_string_value(v), -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, rowid);
		if ((r = step_done(db, st, "cannot insert an alias")) < 0)
			return r;
	}

	json_array_foreach(json_object_get(doc, "affected"), i, a)
	{
		json_t *pkg = json_object_get(a, "package");
		const char *eco = vjson_str(pkg, "ecosystem"), *name = vjson_str(pkg, "name");
		const char *lbl;
		size_t bl;

		if (!eco || !name)
			continue; /* GIT-only entries name no package to match */
		bl = osv_ecosystem_base_len(eco);
		buf_reset(&norm);
		if ((r = osv_normalize_name(&norm, eco, bl, name, strlen(name))) < 0)
			goto done;
		if (!(st = stmt(db, S_INS_AFF))) {
			r = ERR_IO;
			goto done;
		}
		sqlite3_bind_int64(st, 1, rowid);
		sqlite3_bind_int(st, 2, (int)i);
		sqlite3_bind_text(st, 3, eco, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, eco, (int)bl, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, name, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 6, norm.ptr, (int)norm.len, SQLITE_STATIC);
		bind_opt(st, 7, vjson_str(pkg, "purl"));
		bind_json(st, 8, json_object_get(a, "ranges"));
		bind_json(st, 9, json_object_get(a, "versions"));
		bind_json(st, 10, json_object_get(a, "severity"));
		lbl = label_of(json_object_get(a, "ecosystem_specific"));
		bind_opt(st, 11, lbl ? lbl : label_of(json_object_get(a, "database_specific")));
		if ((r = step_done(db, st, "cannot insert an affected entry")) < 0)
			goto done;
	}
done:
	buf_release(&norm);
	return r;
}

int vulndb_import_doc(struct vulndb_import *imp, const json_t *doc, const char *source)
{
	struct osv_git_drops drops = OSV_GIT_DROPS_INIT;
	struct buf note = BUF_INIT;
	json_t *trimmed = NULL;
	int r;

	if (osv_validate_lenient(&drops, doc) < 0) {
		r = invalid(imp, source, err_msg());
		goto done;
	}
	if (drops.n) {
		/* GIT ranges name commits, which vouch never matches: leaving out a broken one
		 * loses nothing a scan uses, while refusing the advisory would lose its
		 * versions and ECOSYSTEM ranges. */
		imp->trimmed++;
		for (size_t i = 0; i < drops.n && imp->on_note; i++) {
			buf_reset(&note);
			buf_addf(&note,
			         "affected[%zu].ranges[%zu]: GIT range not valid OSV (%s): left "
			         "out; "
			         "the rest imported",
			         drops.v[i].affected, drops.v[i].range, drops.v[i].why);
			imp->on_note(source, note.ptr, imp->payload);
		}
		trimmed = osv_without_ranges(doc, &drops);
	}
	r = import_valid(imp, trimmed ? trimmed : doc, source);
done:
	json_decref(trimmed);
	buf_release(&note);
	osv_git_drops_release(&drops);
	return r;
}

enum file_kind { KIND_NONE, KIND_JSON, KIND_YAML, KIND_ZIP, KIND_EOL };

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && !strcasecmp(s + n - m, suffix);
}

static enum file_kind kind_of(const char *name)
{
	if (ends_with(name, ".json"))
		return KIND_JSON;
	if (ends_with(name, ".yaml") || ends_with(name, ".yml"))
		return KIND_YAML;
	if (ends_with(name, ".zip"))
		return KIND_ZIP;
	if (ends_with(name, ".md"))
		return KIND_EOL; /* endoflife.date products/NAME.md */
	return KIND_NONE;
}

/* Parses and imports the bytes of one advisory file; parse errors are invalid advisories. */
static int import_bytes(struct vulndb_import *imp, const char *data, size_t len,
                        enum file_kind kind, const char *source)
{
	json_t *doc = NULL;
	bool product = false;
	int r;

	if (kind == KIND_EOL) {
		/* a Markdown file that is no endoflife.date product (a README) is not counted */
		r = vulndb_eol_import_md(imp->db, &product, data, len, source);
		imp->files += product || r < 0;
		imp->eol_products += product && r == 0;
		return r < 0 && r != ERR_IO ? invalid(imp, source, err_msg()) : r;
	}
	imp->files++;
	r = kind == KIND_YAML ? vyaml_parse(&doc, data, len, source)
	                      : vjson_parse(&doc, data, len, source);
	if (r < 0)
		return invalid(imp, source, err_msg());
	r = vulndb_import_doc(imp, doc, source);
	json_decref(doc);
	return r;
}

static int import_file(struct vulndb_import *imp, const char *path, enum file_kind kind)
{
	struct buf b = BUF_INIT_MAX(VULNDB_MAX_FILE);
	int r = buf_read_file(&b, path);

	if (r < 0) {
		imp->files++;
		r = r == ERR_IO ? r : invalid(imp, path, err_msg());
	} else {
		r = import_bytes(imp, b.ptr, b.len, kind, path);
	}
	buf_release(&b);
	return r;
}

/*
 * A zip archive, entry by entry, never holding more than one entry: each is
 * read in pieces with a cap per entry and a cap on the sum, so a small
 * archive that inflates enormously (a zip bomb) stops at the caps.
 */
static int import_zip(struct vulndb_import *imp, const char *path)
{
	struct archive *a = archive_read_new();
	struct archive_entry *e;
	struct buf data = BUF_INIT_MAX(VULNDB_MAX_FILE);
	struct buf src = BUF_INIT;
	const char *label = imp->source_name ? imp->source_name : path;
	uint64_t total = 0;
	size_t entries = 0;
	int r = 0, ar;

	archive_read_support_format_zip(a);
	if (archive_read_open_filename(a, path, 64 * 1024) != ARCHIVE_OK) {
		r = broken(imp, label, arc_error(a));
		goto done;
	}
	while (arc_header_ok(ar = archive_read_next_header(a, &e))) {
		const char *name = archive_entry_pathname(e);
		enum file_kind kind = name ? kind_of(name) : KIND_NONE;
		bool too_big = false;

		if (++entries > VULNDB_MAX_ZIP_ENTRIES) {
			r = broken(imp, label, "too many entries in the archive, stopped");
			goto done;
		}
		if (archive_entry_filetype(e) != AE_IFREG ||
		    (kind != KIND_JSON && kind != KIND_YAML))
			continue;
		buf_reset(&src);
		buf_addf(&src, "%s:%s", label, name);
		buf_reset(&data);
		for (;;) {
			char chunk[65536];
			la_ssize_t n = archive_read_data(a, chunk, sizeof(chunk));

			if (n < 0) {
				r = broken(imp, src.ptr, arc_error(a));
				goto done; /* the stream cannot be trusted past a damaged entry */
			}
			if (n == 0)
				break;
			total += (uint64_t)n;
			if (total > VULNDB_MAX_ZIP_TOTAL) {
				r = broken(imp, label,
				           "archive inflates past the size cap, stopped");
				goto done;
			}
			if (!too_big && buf_add(&data, chunk, (size_t)n) < 0)
				too_big = true;
		}
		if (too_big) {
			imp->files++;
			invalid(imp, src.ptr, "entry larger than the 16 MiB cap");
			continue;
		}
		if ((r = import_bytes(imp, data.ptr, data.len, kind, src.ptr)) < 0)
			goto done;
	}
	if (ar != ARCHIVE_EOF)
		r = broken(imp, label, arc_error(a));
done:
	archive_read_free(a);
	buf_release(&data);
	buf_release(&src);
	return r;
}

static int walk_one(const struct walk_entry *e, void *payload)
{
	struct vulndb_import *imp = payload;
	enum file_kind kind;

	if (e->kind == WALK_ERROR) {
		struct buf why = BUF_INIT;

		buf_addf(&why, "%s%s%s", e->reason ? e->reason : "cannot read", e->err ? ": " : "",
		         e->err ? strerror(e->err) : "");
		broken(imp, e->path, why.ptr);
		buf_release(&why);
		return 0;
	}
	if (e->kind != WALK_FILE)
		return 0;
	kind = kind_of(e->name);
	if (kind == KIND_JSON || kind == KIND_YAML || kind == KIND_EOL)
		return import_file(imp, e->path, kind);
	if (kind == KIND_ZIP)
		return import_zip(imp, e->path);
	return 0;
}

static int record_source(struct vulndb_import *imp, const char *name, size_t before)
{
	sqlite3_stmt *st = stmt(imp->db, S_SOURCE);
	size_t n = imp->inserted + imp->replaced + imp->unchanged - before;

	if (!st)
		return ERR_IO;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, imp->db->now, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, (int64_t)n);
	return step_done(imp->db, st, "cannot record the source");
}

int vulndb_import_path(struct vulndb_import *imp, const char *path)
{
	struct stat st;
	size_t before = imp->inserted + imp->replaced + imp->unchanged;
	char *abs = NULL;
	int r;

	if (stat(path, &st) < 0)
		return err_set_errno(ERR_IO, "cannot read '%s'", path);
	if (S_ISDIR(st.st_mode)) {
		r = walk(path, NULL, walk_one, imp);
	} else if (S_ISREG(st.st_mode)) {
		enum file_kind kind = kind_of(path);

		if (kind == KIND_NONE)
			return err_set(ERR_UNSUPPORTED,
			               "'%s': not a .json, .yaml, .md or .zip file or a folder",
			               path);
		r = kind == KIND_ZIP ? import_zip(imp, path) : import_file(imp, path, kind);
	} else {
		return err_set(ERR_UNSUPPORTED, "'%s': not a file or folder", path);
	}
	if (r < 0)
		return r;
	abs = imp->source_name ? NULL : realpath(path, NULL);
	r = record_source(imp, imp->source_name ? imp->source_name : abs ? abs : path, before);
	free(abs);
	return r;
}

int vulndb_clone(struct vulndb **out, const char *from, const char *to)
{
	struct vulndb *src = NULL;
	sqlite3 *dst = NULL;
	sqlite3_backup *bk = NULL;
	int r = 0;

	*out = NULL;
	unlink(to);
	if (!fs_exists(from))
		return vulndb_open(out, to, VULNDB_CREATE);
	if ((r = vulndb_open(&src, from, VULNDB_READONLY)) < 0)
		return r;
	if (sqlite3_open_v2(to, &dst,
	                    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
	                    NULL) != SQLITE_OK) {
		r = err_set(ERR_IO, "cannot create database '%s': %s", to,
		            dst ? sqlite3_errmsg(dst) : "out of memory");
		goto done;
	}
	bk = sqlite3_backup_init(dst, "main", src->db, "main");
	if (!bk || sqlite3_backup_step(bk, -1) != SQLITE_DONE) {
		r = err_set(ERR_IO, "cannot copy database '%s' to '%s': %s", from, to,
		            sqlite3_errmsg(dst));
		goto done;
	}
	if (sqlite3_backup_finish(bk) != SQLITE_OK) {
		bk = NULL;
		r = err_set(ERR_IO, "cannot copy database '%s' to '%s': %s", from, to,
		            sqlite3_errmsg(dst));
		goto done;
	}
	bk = NULL;
	sqlite3_close(dst);
	dst = NULL;
	r = vulndb_open(out, to, 0);
done:
	if (bk)
		sqlite3_backup_finish(bk);
	sqlite3_close(dst);
	vulndb_close(src);
	if (r < 0)
		unlink(to);
	return r;
}

int vulndb_forget_source(struct vulndb *db, const char *name, size_t *removed)
{
	/* the advisories of a file are recorded as NAME, those of an archive as NAME:ENTRY */
#define OF_SOURCE                                                                                  \
	"SELECT id FROM advisory WHERE source = ?1 OR "                                            \
	"substr(source, 1, length(?1) + 1) = ?1 || ':'"
	static const char *const sql[] = {
		"DELETE FROM affected WHERE advisory IN (" OF_SOURCE ")",
		"DELETE FROM alias WHERE advisory IN (" OF_SOURCE ")",
		"DELETE FROM advisory WHERE id IN (" OF_SOURCE ")",
		"DELETE FROM source WHERE name = ?1",
	};
#undef OF_SOURCE
	sqlite3_stmt *st = NULL;
	int r = 0;

	if (removed)
		*removed = 0;
	for (size_t i = 0; i < ARRAY_SIZE(sql) && r == 0; i++) {
		if (sqlite3_prepare_v2(db->db, sql[i], -1, &st, NULL) != SQLITE_OK)
			return db_error(db, "cannot prepare a statement");
		sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			r = db_error(db, "cannot delete the advisories of a source");
		else if (i == 2 && removed)
			*removed = (size_t)sqlite3_changes(db->db);
		sqlite3_finalize(st);
	}
	return r;
}

/* ---- stats ---- */

static char *col_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s ? xstrdup((const char *)s) : NULL;
}

static int query_size(struct vulndb *db, const char *sql, size_t *out)
{
	sqlite3_stmt *st = NULL;
	int r = 0;

	if (sqlite3_prepare_v2(db->db, sql, -1, &st, NULL) != SQLITE_OK)
		return db_error(db, "cannot query");
	if (sqlite3_step(st) == SQLITE_ROW)
		*out = (size_t)sqlite3_column_int64(st, 0);
	else
		r = db_error(db, "cannot query");
	sqlite3_finalize(st);
	return r;
}

int vulndb_stats(struct vulndb_stats *out, struct vulndb *db)
{
	sqlite3_stmt *st = NULL;
	size_t alloc = 0;
	int r;

	memset(out, 0, sizeof(*out));
	if ((r = query_size(db, "SELECT count(*) FROM advisory", &out->advisories)) < 0 ||
	    (r = query_size(db, "SELECT count(*) FROM advisory WHERE withdrawn IS NOT NULL",
	                    &out->withdrawn)) < 0 ||
	    (r = query_size(db, "SELECT count(*) FROM affected", &out->affected)) < 0 ||
	    (r = query_size(db, "SELECT count(*) FROM alias", &out->aliases)) < 0 ||
	    (r = vulndb_meta_get(db, "created", &out->created)) < 0 ||
	    (r = vulndb_meta_get(db, "updated", &out->updated)) < 0)
		return r;
	if (sqlite3_prepare_v2(db->db,
	                       "SELECT modified FROM advisory ORDER BY modified_key DESC LIMIT 1",
	                       -1, &st, NULL) != SQLITE_OK)
		return db_error(db, "cannot query");
	if (sqlite3_step(st) == SQLITE_ROW)
		out->newest_modified = col_dup(st, 0);
	sqlite3_finalize(st);
	if (sqlite3_prepare_v2(db->db,
	                       "SELECT ecosystem, count(DISTINCT advisory) FROM affected "
	                       "GROUP BY ecosystem ORDER BY ecosystem",
	                       -1, &st, NULL) != SQLITE_OK)
		return db_error(db, "cannot query");
	while (sqlite3_step(st) == SQLITE_ROW) {
		ALLOC_GROW(out->ecosystems, out->necosystems + 1, alloc);
		out->ecosystems[out->necosystems].name = col_dup(st, 0);
		out->ecosystems[out->necosystems++].n = (size_t)sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	alloc = 0;
	if (sqlite3_prepare_v2(db->db,
	                       "SELECT name, imported, advisories FROM source ORDER BY name", -1,
	                       &st, NULL) != SQLITE_OK)
		return db_error(db, "cannot query");
	while (sqlite3_step(st) == SQLITE_ROW) {
		ALLOC_GROW(out->sources, out->nsources + 1, alloc);
		out->sources[out->nsources].name = col_dup(st, 0);
		out->sources[out->nsources].imported = col_dup(st, 1);
		out->sources[out->nsources++].advisories = (size_t)sqlite3_column_int64(st, 2);
	}
	sqlite3_finalize(st);
	return 0;
}

void vulndb_stats_release(struct vulndb_stats *s)
{
	for (size_t i = 0; i < s->necosystems; i++)
		free(s->ecosystems[i].name);
	for (size_t i = 0; i < s->nsources; i++) {
		free(s->sources[i].name);
		free(s->sources[i].imported);
	}
	free(s->ecosystems);
	free(s->sources);
	free(s->created);
	free(s->updated);
	free(s->newest_modified);
	memset(s, 0, sizeof(*s));
}

/* ---- queries ---- */

int vulndb_find(struct vulndb *db, const char *base, const char *norm,
                int (*fn)(const struct vulndb_affected *a, void *payload), void *payload)
{
	sqlite3_stmt *st;
	int rc, r = 0;

	/* A private statement: fn may call other queries on the same connection. */
	if (sqlite3_prepare_v2(db->db, stmt_sql[S_FIND_PKG], -1, &st, NULL) != SQLITE_OK)
		return db_error(db, "cannot prepare a query");
	sqlite3_bind_text(st, 1, base, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, norm, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct vulndb_affected a = {
			sqlite3_column_int64(st, 0),
			(const char *)sqlite3_column_text(st, 1),
			sqlite3_column_int(st, 2),
			(const char *)sqlite3_column_text(st, 3),
			(const char *)sqlite3_column_text(st, 4),
			(const char *)sqlite3_column_text(st, 5),
			(const char *)sqlite3_column_text(st, 6),
		};

		if ((r = fn(&a, payload)) < 0)
			break;
	}
	if (r == 0 && rc != SQLITE_DONE)
		r = db_error(db, "cannot query");
	sqlite3_finalize(st);
	return r;
}

int vulndb_has_ecosystem(struct vulndb *db, const char *base, bool *out)
{
	sqlite3_stmt *st = stmt(db, S_HAS_BASE);
	int rc;

	*out = false;
	if (!st)
		return ERR_IO;
	sqlite3_bind_text(st, 1, base, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	*out = rc == SQLITE_ROW;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_error(db, "cannot query");
	return 0;
}

int vulndb_advisory_get(struct vulndb_advisory *out, struct vulndb *db, int64_t advisory)
{
	sqlite3_stmt *st = stmt(db, S_GET_ADV);
	size_t alloc = 0;

	memset(out, 0, sizeof(*out));
	if (!st)
		return ERR_IO;
	sqlite3_bind_int64(st, 1, advisory);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_reset(st);
		return err_set(ERR_NOTFOUND, "advisory %" PRId64 " not in the database", advisory);
	}
	out->id = col_dup(st, 0);
	out->modified = col_dup(st, 1);
	out->published = col_dup(st, 2);
	out->summary = col_dup(st, 3);
	out->details = col_dup(st, 4);
	out->severity = col_dup(st, 5);
	out->label = col_dup(st, 6);
	out->refs = col_dup(st, 7);
	sqlite3_reset(st);
	if (!(st = stmt(db, S_GET_ALIASES)))
		return ERR_IO;
	sqlite3_bind_int64(st, 1, advisory);
	while (sqlite3_step(st) == SQLITE_ROW) {
		ALLOC_GROW(out->aliases, out->naliases + 1, alloc);
		out->aliases[out->naliases++] = col_dup(st, 0);
	}
	sqlite3_reset(st);
	return 0;
}

int vulndb_related(struct vulndb *db, const char *id,
                   int (*fn)(const char *osv_id, const char *severity, const char *label,
                             void *payload),
                   void *payload)
{
	sqlite3_stmt *st = stmt(db, S_RELATED);
	int r = 0, rc;

	if (!st)
		return ERR_IO;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && r == 0)
		r = fn((const char *)sqlite3_column_text(st, 0),
		       (const char *)sqlite3_column_text(st, 1),
		       (const char *)sqlite3_column_text(st, 2), payload);
	if (r == 0 && rc != SQLITE_ROW && rc != SQLITE_DONE)
		r = db_error(db, "cannot read aliases");
	sqlite3_reset(st);
	return r;
}

void vulndb_advisory_release(struct vulndb_advisory *a)
{
	free(a->id);
	free(a->modified);
	free(a->published);
	free(a->summary);
	free(a->details);
	free(a->severity);
	free(a->label);
	free(a->refs);
	for (size_t i = 0; i < a->naliases; i++)
		free(a->aliases[i]);
	free(a->aliases);
	memset(a, 0, sizeof(*a));
}

int vulndb_affected_severity(struct vulndb *db, int64_t advisory, int index, char **severity,
                             char **label)
{
	sqlite3_stmt *st = stmt(db, S_GET_AFF_SEV);

	*severity = *label = NULL;
	if (!st)
		return ERR_IO;
	sqlite3_bind_int64(st, 1, advisory);
	sqlite3_bind_int(st, 2, index);
	if (sqlite3_step(st) == SQLITE_ROW) {
		*severity = col_dup(st, 0);
		*label = col_dup(st, 1);
	}
	sqlite3_reset(st);
	return 0;
}
