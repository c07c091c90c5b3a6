/*
 * store.h: the server's storage, one interface over SQLite and PostgreSQL.
 *
 *     struct store *st = NULL;
 *     if (store_open(&st, "sqlite:/srv/vouch.db", 4) < 0) ...   // or "postgresql://..."
 *     struct store_conn *c = store_acquire(st);   // blocks until one is free
 *     struct store_rows rows = STORE_ROWS_INIT;
 *     const char *p[] = { "lantern" };
 *     r = store_exec(&rows, c, "SELECT id FROM products WHERE name = $1", 1, p);
 *     ... store_cell(&rows, 0, 0) ...
 *     store_rows_release(&rows);
 *     store_give_back(st, c);
 *
 * SQL is written once for both backends: parameters are $1..$N (bound by
 * name in SQLite), values travel as text (NULL pointers are SQL NULL) and come
 * back as text; times are RFC 3339 UTC strings so that they sort as text.
 * No state lives in the process: every server on one PostgreSQL sees the same
 * data, which is what lets an organisation run several behind a balancer.
 *
 * store_open() applies the numbered migrations of schema.c that the database
 * has not seen yet, in one transaction, under a lock (PostgreSQL advisory
 * lock, SQLite's write lock) so that servers starting together do not race.
 * A database whose schema is newer than this binary is refused.
 */
#ifndef VOUCH_STORE_H
#define VOUCH_STORE_H

#include "util/compat.h"
#include "util/buf.h"

#define STORE_MAX_CONNS  64
#define STORE_MAX_PARAMS 1024
#define STORE_MAX_ROWS   ((size_t)2 << 20) /* one result; larger ones are ERR_TOOBIG */

struct store;
struct store_conn;

/* A result: nrows x ncols cells, NULL for SQL NULL. */
struct store_rows {
	size_t nrows, ncols;
	char **cells;
	char **names;  /* column names */
	size_t acells; /* allocated cells */
	void *arena;   /* the cells' text, in chunks (store.c) */
};
#define STORE_ROWS_INIT                                                                            \
	{                                                                                          \
		0, 0, NULL, NULL, 0, NULL                                                          \
	}

enum store_kind {
	STORE_SQLITE,
	STORE_POSTGRES,
};

/*
 * Opens url ("sqlite:PATH", a plain PATH, or "postgresql://..." /
 * "postgres://...") with nconn connections (1..STORE_MAX_CONNS) and migrates
 * the schema. ERR_USAGE for an unknown scheme, ERR_IO when the database
 * cannot be reached, ERR_UNSUPPORTED for a schema newer than this binary.
 */
int store_open(struct store **out, const char *url, size_t nconn);
void store_close(struct store *st);
enum store_kind store_kind(const struct store *st);
/* "sqlite" or "postgresql" */
const char *store_kind_name(const struct store *st);
/* The schema version the database is at after store_open(). */
int store_schema_version(const struct store *st);

/* A connection for the calling thread; blocks while all are in use. */
struct store_conn *store_acquire(struct store *st);
void store_give_back(struct store *st, struct store_conn *c);

/*
 * Runs one statement. out (may be NULL) receives the rows; it is released
 * first. ERR_GENERIC with the database's message on SQL errors, ERR_EXISTS
 * on a unique constraint violation.
 */
int store_exec(struct store_rows *out, struct store_conn *c, const char *sql, size_t nparams,
               const char *const *params);
/*
 * A batch: statements that do not depend on each other's results, sent in
 * one round trip where the backend allows it (PostgreSQL's pipeline mode;
 * SQLite, in the process, runs them in turn). Each goes to its own out (may
 * be NULL, released first) and gets its own rc: 0, or the negative code of
 * its failure. A failure ends the batch: the statements after it are not
 * run (rc ERR_GENERIC, "not run"). store_exec_batch() returns 0 when every
 * statement ran, else the first failure's code and message. Reads only: on
 * PostgreSQL the batch is one implicit transaction.
 */
struct store_stmt {
	struct store_rows *out;
	const char *sql;
	size_t nparams;
	const char *const *params;
	int rc;
};
#define STORE_BATCH_MAX 8
int store_exec_batch(struct store_conn *c, struct store_stmt *v, size_t n);

/* A write transaction (SQLite: BEGIN IMMEDIATE) and its end. */
int store_begin(struct store_conn *c);
int store_commit(struct store_conn *c);
void store_rollback(struct store_conn *c);

/* Cell (row, col) or NULL; the first row's first cell as a number (def when none/NULL). */
const char *store_cell(const struct store_rows *r, size_t row, size_t col);
int64_t store_cell_i64(const struct store_rows *r, size_t row, size_t col, int64_t def);
void store_rows_release(struct store_rows *r);

/* Now as "2026-12-07T04:00:00Z" (the real clock: a server is not reproducible output). */
void store_now(char out[32]);
/* t seconds since the epoch in that form. */
void store_time(char out[32], int64_t t);
/* Parses that form back (ERR_PARSE otherwise). */
int store_parse_time(int64_t *out, const char *s);

/*
 * Inside a transaction: serialises it with every other holder of key, on
 * every server (PostgreSQL: pg_advisory_xact_lock; SQLite's BEGIN IMMEDIATE
 * already holds the database's one write lock, so nothing more is taken).
 */
int store_lock(struct store_conn *c, int64_t key);

/*
 * The store's data generation: a number raised by every write that the
 * pages show, in the writer's transaction (store_data_changed, called last
 * before the commit: on PostgreSQL it holds the row's lock until then). A
 * page rendered while it was G is still right while it is G; a server keeps
 * such pages and reads this one row per request, never trusting its copy
 * across writes by other servers. *day is the store's date (CURRENT_DATE)
 * as YYYYMMDD: a finding whose ignore entry's last day has passed turns open
 * with no write, so what counts open findings is kept per day as well.
 */
int store_data_generation(int64_t *out, struct store_conn *c, int64_t *day);
/* The statement store_data_generation() runs, for a batch, and the reading of its rows. */
extern const char store_data_generation_sql[];
int store_data_generation_read(int64_t *out, int64_t *day, const struct store_rows *rows);
int store_data_changed(struct store_conn *c);

/* Backends (store_sqlite.c, store_pg.c): private to store.c. */
struct store_backend {
	const char *name;
	int (*connect)(void **out, const char *target);
	void (*disconnect)(void *db);
	int (*exec)(struct store_rows *out, void *db, const char *sql, size_t nparams,
	            const char *const *params);
	/* a batch in one round trip (store_exec_batch), or NULL: exec in turn */
	int (*exec_batch)(void *db, struct store_stmt *v, size_t n);
	const char *begin_sql;
	const char *id_type;  /* what "@ID@" in the schema becomes */
	const char *lock_sql; /* taken inside the migration transaction, or NULL */
};
extern const struct store_backend store_sqlite_backend;
extern const struct store_backend store_pg_backend;
/* For the backends: appends a row of ncols cells (copied; NULL stays NULL). */
int store_rows_add(struct store_rows *r, size_t ncols, const char *const *cells,
                   const size_t *lens);

#endif
