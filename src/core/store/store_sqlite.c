/*
 * store_sqlite.c: the SQLite backend (the default: one machine, no set-up).
 * WAL mode lets the pool's readers run beside one writer; a busy timeout
 * makes writers wait for each other instead of failing.
 */
#include "util/compat.h"
#include "core/store/store.h"
#include "util/alloc.h"
#include "util/err.h"

#include <sqlite3.h>

static int sq_connect(void **out, const char *path)
{
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
	*out = db;
	return 0;
}

static void sq_disconnect(void *db)
{
	sqlite3_close(db);
}

static int sq_exec(struct store_rows *out, void *vdb, const char *sql, size_t nparams,
                   const char *const *params)
{
	sqlite3 *db = vdb;
	sqlite3_stmt *st = NULL;
	const char *cells[64];
	size_t lens[64];
	int rc, r = 0, ncols;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		r = err_set(ERR_GENERIC, "database: %s", sqlite3_errmsg(db));
		goto done;
	}
	for (size_t i = 0; i < nparams; i++) {
		char name[24];
		int idx;

		snprintf(name, sizeof name, "$%zu", i + 1);
		idx = sqlite3_bind_parameter_index(st, name);
		if (idx > 0 && params[i])
			sqlite3_bind_text(st, idx, params[i], -1, SQLITE_STATIC);
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
	sqlite3_finalize(st);
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
