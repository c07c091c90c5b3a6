/*
 * store_sqlite.c: the SQLite backend (the default: one machine, no set-up).
 * WAL mode lets the pool's readers run beside one writer; a busy timeout
 * makes writers wait for each other instead of failing. Each connection keeps
 * its most recently used statements prepared: a page runs the same few
 * queries on every request, and preparing them cost as much as running them.
 */
#include "util/compat.h"
#include "core/store/store.h"
#include "util/alloc.h"
#include "util/err.h"

#include <sqlite3.h>

#define STMT_CACHE 48

struct sq_conn {
	sqlite3 *db;
	struct cached {
		uint64_t hash; /* of the SQL text; 0: the slot is free */
		char *sql;
		sqlite3_stmt *st;
		unsigned *param; /* per parameter index - 1, the N of its "$N" (0: another name) */
		int nparam;
		uint64_t used; /* tick of the last use */
	} cache[STMT_CACHE];
	uint64_t tick;
};

static uint64_t sql_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h | 1;
}

/*
 * The prepared statement for sql, from the cache or prepared now (then
 * cached), with the number of each of its parameters' "$N" names: SQLite's
 * lookup of a name is a walk of the list, which for a statement of 500
 * parameters cost more than the insert it makes.
 */
static int stmt_get(struct cached **out, struct sq_conn *c, const char *sql)
{
	uint64_t h = sql_hash(sql);
	struct cached *victim = &c->cache[0];
	sqlite3_stmt *st = NULL;

	for (size_t i = 0; i < STMT_CACHE; i++) {
		struct cached *e = &c->cache[i];

		if (e->hash == h && !strcmp(e->sql, sql)) {
			e->used = ++c->tick;
			*out = e;
			return 0;
		}
		if (e->used < victim->used)
			victim = e;
	}
	if (sqlite3_prepare_v3(c->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK)
		return err_set(ERR_GENERIC, "database: %s", sqlite3_errmsg(c->db));
	if (!st)
		return err_set(ERR_GENERIC, "database: no statement in '%.40s'", sql);
	sqlite3_finalize(victim->st);
	free(victim->sql);
	free(victim->param);
	victim->hash = h;
	victim->sql = xstrdup(sql);
	victim->st = st;
	victim->used = ++c->tick;
	victim->nparam = sqlite3_bind_parameter_count(st);
	victim->param = xcalloc((size_t)victim->nparam + 1, sizeof *victim->param);
	for (int idx = 1; idx <= victim->nparam; idx++) {
		const char *name = sqlite3_bind_parameter_name(st, idx);
		unsigned k = 0;

		if (!name || name[0] != '$' || !name[1])
			continue;
		for (const char *d = name + 1; *d >= '0' && *d <= '9' && k <= STORE_MAX_PARAMS; d++)
			k = k * 10 + (unsigned)(*d - '0');
		victim->param[idx - 1] = k <= STORE_MAX_PARAMS ? k : 0;
	}
	*out = victim;
	return 0;
}

static int sq_connect(void **out, const char *path)
{
	struct sq_conn *c;
	sqlite3 *db = NULL;
	int rc = sqlite3_open_v2(
	        path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);

	if (rc != SQLITE_OK) {
		err_set(ERR_IO, "cannot open database '%s': %s", path,
		        db ? sqlite3_errmsg(db) : sqlite3_errstr(rc));
		sqlite3_close(db);
		return ERR_IO;
	}
	sqlite3_busy_timeout(db, 30000);
	sqlite3_exec(db,
	             "PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL",
	             NULL, NULL, NULL);
	c = xcalloc(1, sizeof *c);
	c->db = db;
	*out = c;
	return 0;
}

static void sq_disconnect(void *vc)
{
	struct sq_conn *c = vc;

	if (!c)
		return;
	for (size_t i = 0; i < STMT_CACHE; i++) {
		sqlite3_finalize(c->cache[i].st);
		free(c->cache[i].sql);
		free(c->cache[i].param);
	}
	sqlite3_close(c->db);
	free(c);
}

static int sq_exec(struct store_rows *out, void *vc, const char *sql, size_t nparams,
                   const char *const *params)
{
	struct sq_conn *c = vc;
	sqlite3 *db = c->db;
	sqlite3_stmt *st;
	struct cached *e = NULL;
	const char *cells[64];
	size_t lens[64];
	int rc, r = 0, ncols;

	if ((r = stmt_get(&e, c, sql)) < 0)
		return r;
	st = e->st;
	/* each "$N" the statement uses gets params[N - 1] */
	for (int idx = 1; idx <= e->nparam; idx++) {
		unsigned k = e->param[idx - 1];

		if (k >= 1 && k <= nparams && params[k - 1])
			sqlite3_bind_text(st, idx, params[k - 1], -1, SQLITE_STATIC);
	}
	ncols = sqlite3_column_count(st);
	if (ncols > 64) {
		r = err_set(ERR_TOOBIG, "more than 64 columns");
		goto done;
	}
	if (out && !out->names && ncols > 0) {
		out->names = xcalloc((size_t)ncols, sizeof(char *));
		for (int i = 0; i < ncols; i++)
			out->names[i] = xstrdup(sqlite3_column_name(st, i));
		out->ncols = (size_t)ncols;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (!out)
			continue;
		for (int i = 0; i < ncols; i++) {
			cells[i] = (const char *)sqlite3_column_text(st, i);
			lens[i] = (size_t)sqlite3_column_bytes(st, i);
		}
		if ((r = store_rows_add(out, (size_t)ncols, cells, lens)) < 0)
			goto done;
	}
	if (rc != SQLITE_DONE) {
		int ext = sqlite3_extended_errcode(db);

		r = err_set(ext == SQLITE_CONSTRAINT_UNIQUE || ext == SQLITE_CONSTRAINT_PRIMARYKEY
		                    ? ERR_EXISTS
		                    : ERR_GENERIC,
		            "database: %s", sqlite3_errmsg(db));
	}
done:
	sqlite3_reset(st); /* ends its read: the statement stays prepared in the cache */
	sqlite3_clear_bindings(st);
	return r;
}

const struct store_backend store_sqlite_backend = {
	.name = "sqlite",
	.connect = sq_connect,
	.disconnect = sq_disconnect,
	.exec = sq_exec,
	.begin_sql = "BEGIN IMMEDIATE",
	.id_type = "INTEGER PRIMARY KEY",
	.lock_sql = NULL,
};
