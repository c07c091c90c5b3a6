/*
 * store_pg.c: the PostgreSQL backend through libpq. Parameters are sent
 * as text with their types left to the server, which infers them from the
 * columns they meet; notices are dropped (libpq would print them on stderr).
 * Each connection keeps its most recently used queries prepared (named
 * statements live as long as the session, whatever the transactions do), so
 * the server parses and plans them once rather than on every request.
 */
#include "util/compat.h"
#include "core/store/store.h"
#include "util/alloc.h"
#include "util/err.h"

#include <libpq-fe.h>

static void quiet(void *arg, const char *msg)
{
	(void)arg;
	(void)msg;
}

static void trim_msg(char *m)
{
	size_t n = strlen(m);

	while (n && (m[n - 1] == '\n' || m[n - 1] == ' '))
		m[--n] = 0;
}

#define STMT_CACHE 48

struct pg_conn {
	PGconn *pg;
	struct cached {
		uint64_t hash; /* of the SQL text; 0: the slot is free */
		char *sql;
		char name[24];
		uint64_t used; /* tick of the last use */
	} cache[STMT_CACHE];
	uint64_t tick, made;
};

static uint64_t sql_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL; /* FNV-1a */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h | 1;
}

/* Only queries are kept prepared: BEGIN, COMMIT and the migrations' DDL go as they come. */
static bool cacheable(const char *sql)
{
	return !strncmp(sql, "SELECT ", 7) || !strncmp(sql, "INSERT ", 7) ||
	       !strncmp(sql, "UPDATE ", 7) || !strncmp(sql, "DELETE ", 7);
}

/*
 * The name of sql's prepared statement, prepared now when it is not in the
 * cache; NULL with *res holding the failed result when preparing fails.
 */
static const char *stmt_get(struct pg_conn *c, const char *sql, int nparams, PGresult **res)
{
	uint64_t h = sql_hash(sql);
	struct cached *victim = &c->cache[0];
	char name[24];

	*res = NULL;
	for (size_t i = 0; i < STMT_CACHE; i++) {
		struct cached *e = &c->cache[i];

		if (e->hash == h && !strcmp(e->sql, sql)) {
			e->used = ++c->tick;
			return e->name;
		}
		if (e->used < victim->used)
			victim = e;
	}
	snprintf(name, sizeof name, "vouch_%" PRIu64, ++c->made);
	*res = PQprepare(c->pg, name, sql, nparams, NULL);
	if (PQresultStatus(*res) != PGRES_COMMAND_OK)
		return NULL;
	PQclear(*res);
	*res = NULL;
	if (victim->hash) {
		char dealloc[48];

		snprintf(dealloc, sizeof dealloc, "DEALLOCATE %s", victim->name);
		PQclear(PQexec(c->pg, dealloc)); /* one that fails stays until the session ends */
		free(victim->sql);
	}
	victim->hash = h;
	victim->sql = xstrdup(sql);
	snprintf(victim->name, sizeof victim->name, "%s", name);
	victim->used = ++c->tick;
	return victim->name;
}

static int pg_connect(void **out, const char *url)
{
	struct pg_conn *pc;
	PGconn *c = PQconnectdb(url);
	char msg[512];

	if (!c)
		return err_set(ERR_NOMEM, "cannot allocate a database connection");
	if (PQstatus(c) != CONNECTION_OK) {
		snprintf(msg, sizeof msg, "%s", PQerrorMessage(c));
		trim_msg(msg);
		PQfinish(c);
		return err_set(ERR_IO, "cannot connect to the database: %s", msg);
	}
	PQsetNoticeProcessor(c, quiet, NULL);
	pc = xcalloc(1, sizeof *pc);
	pc->pg = c;
	*out = pc;
	return 0;
}

static void pg_disconnect(void *vc)
{
	struct pg_conn *c = vc;

	if (!c)
		return;
	for (size_t i = 0; i < STMT_CACHE; i++)
		free(c->cache[i].sql);
	PQfinish(c->pg);
	free(c);
}

static int pg_exec(struct store_rows *out, void *vc, const char *sql, size_t nparams,
                   const char *const *params)
{
	struct pg_conn *pc = vc;
	PGconn *c = pc->pg;
	PGresult *res = NULL;
	const char *name;
	const char *cells[64];
	size_t lens[64];
	int r = 0, ncols, nrows;
	ExecStatusType s;

	if (!cacheable(sql))
		res = PQexecParams(c, sql, (int)nparams, NULL, params, NULL, NULL, 0);
	else if ((name = stmt_get(pc, sql, (int)nparams, &res)))
		res = PQexecPrepared(c, name, (int)nparams, params, NULL, NULL, 0);
	s = PQresultStatus(res);
	if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK) {
		const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
		char msg[512];

		snprintf(msg, sizeof msg, "%s", PQerrorMessage(c));
		trim_msg(msg);
		r = err_set(state && !strcmp(state, "23505") ? ERR_EXISTS : ERR_GENERIC,
		            "database: %s", msg);
		goto done;
	}
	if (!out || s != PGRES_TUPLES_OK)
		goto done;
	ncols = PQnfields(res);
	nrows = PQntuples(res);
	if (ncols > 64) {
		r = err_set(ERR_TOOBIG, "more than 64 columns");
		goto done;
	}
	out->ncols = (size_t)ncols;
	out->names = xcalloc((size_t)(ncols ? ncols : 1), sizeof(char *));
	for (int i = 0; i < ncols; i++)
		out->names[i] = xstrdup(PQfname(res, i));
	for (int row = 0; row < nrows; row++) {
		for (int i = 0; i < ncols; i++) {
			cells[i] = PQgetisnull(res, row, i) ? NULL : PQgetvalue(res, row, i);
			lens[i] = (size_t)PQgetlength(res, row, i);
		}
		if ((r = store_rows_add(out, (size_t)ncols, cells, lens)) < 0)
			goto done;
	}
done:
	PQclear(res);
	return r;
}

const struct store_backend store_pg_backend = {
	.name = "postgresql",
	.connect = pg_connect,
	.disconnect = pg_disconnect,
	.exec = pg_exec,
	.begin_sql = "BEGIN",
	.id_type = "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
	.lock_sql = "SELECT pg_advisory_xact_lock(7283561)",
};
