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

/* res's rows into out (may be NULL), or res's error as the error. */
static int take(struct store_rows *out, PGconn *c, PGresult *res)
{
	const char *cells[64];
	size_t lens[64];
	int r = 0, ncols, nrows;
	ExecStatusType s = PQresultStatus(res);

	if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK) {
		const char *state = PQresultErrorField(res, PG_DIAG_SQLSTATE);
		const char *m = PQresultErrorMessage(res);
		char msg[512];

		snprintf(msg, sizeof msg, "%s", m && *m ? m : PQerrorMessage(c));
		trim_msg(msg);
		return err_set(state && !strcmp(state, "23505") ? ERR_EXISTS : ERR_GENERIC,
		               "database: %s", msg);
	}
	if (!out || s != PGRES_TUPLES_OK)
		return 0;
	ncols = PQnfields(res);
	nrows = PQntuples(res);
	if (ncols > 64)
		return err_set(ERR_TOOBIG, "more than 64 columns");
	out->ncols = (size_t)ncols;
	out->names = xcalloc((size_t)(ncols ? ncols : 1), sizeof(char *));
	for (int i = 0; i < ncols; i++)
		out->names[i] = xstrdup(PQfname(res, i));
	for (int row = 0; row < nrows && r == 0; row++) {
		for (int i = 0; i < ncols; i++) {
			cells[i] = PQgetisnull(res, row, i) ? NULL : PQgetvalue(res, row, i);
			lens[i] = (size_t)PQgetlength(res, row, i);
		}
		r = store_rows_add(out, (size_t)ncols, cells, lens);
	}
	return r;
}

static int pg_exec(struct store_rows *out, void *vc, const char *sql, size_t nparams,
                   const char *const *params)
{
	struct pg_conn *pc = vc;
	PGconn *c = pc->pg;
	PGresult *res = NULL;
	const char *name;
	int r;

	if (!cacheable(sql))
		res = PQexecParams(c, sql, (int)nparams, NULL, params, NULL, NULL, 0);
	else if ((name = stmt_get(pc, sql, (int)nparams, &res)))
		res = PQexecPrepared(c, name, (int)nparams, params, NULL, NULL, 0);
	r = take(out, c, res);
	PQclear(res);
	return r;
}

/*
 * The batch in pipeline mode: every statement sent, one sync, then the
 * results in order; one round trip where pg_exec() would make one each.
 * Statements not prepared yet are prepared first (once per connection).
 */
static int pg_exec_batch(void *vc, struct store_stmt *v, size_t n)
{
	struct pg_conn *pc = vc;
	PGconn *c = pc->pg;
	PGresult *res = NULL;
	const char *name[STORE_BATCH_MAX];
	char msg[512];
	int r = 0;

	for (size_t i = 0; i < n; i++) {
		name[i] = NULL;
		if (cacheable(v[i].sql) &&
		    !(name[i] = stmt_get(pc, v[i].sql, (int)v[i].nparams, &res))) {
			r = v[i].rc = take(NULL, c, res);
			PQclear(res);
			return r;
		}
	}
	if (!PQenterPipelineMode(c))
		goto broken;
	for (size_t i = 0; i < n; i++) {
		int sent = name[i] ? PQsendQueryPrepared(c, name[i], (int)v[i].nparams, v[i].params,
		                                         NULL, NULL, 0)
		                   : PQsendQueryParams(c, v[i].sql, (int)v[i].nparams, NULL,
		                                       v[i].params, NULL, NULL, 0);
		if (!sent)
			goto broken;
	}
	if (!PQpipelineSync(c))
		goto broken;
	for (size_t i = 0; i < n; i++) {
		if (!(res = PQgetResult(c)))
			goto broken;
		/* after a failure the rest are PGRES_PIPELINE_ABORTED: not run, rc as set */
		if (r == 0 && PQresultStatus(res) != PGRES_PIPELINE_ABORTED)
			r = v[i].rc = take(v[i].out, c, res);
		PQclear(res);
		while ((res = PQgetResult(
		                c))) /* up to the NULL that ends this statement's results */
			PQclear(res);
	}
	if (!(res = PQgetResult(c)) || PQresultStatus(res) != PGRES_PIPELINE_SYNC) {
		PQclear(res);
		goto broken;
	}
	PQclear(res);
	if (!PQexitPipelineMode(c))
		goto broken;
	return r;
broken:
	snprintf(msg, sizeof msg, "%s", PQerrorMessage(c));
	trim_msg(msg);
	/* what is left, up to the sync or until the connection has nothing more to give */
	for (int idle = 0; PQpipelineStatus(c) != PQ_PIPELINE_OFF && !PQexitPipelineMode(c) &&
	                   PQstatus(c) == CONNECTION_OK && idle < 2;) {
		res = PQgetResult(c);
		idle = res ? 0 : idle + 1;
		PQclear(res);
	}
	return err_set(ERR_GENERIC, "database: %s", msg);
}

const struct store_backend store_pg_backend = {
	.name = "postgresql",
	.connect = pg_connect,
	.disconnect = pg_disconnect,
	.exec = pg_exec,
	.exec_batch = pg_exec_batch,
	.begin_sql = "BEGIN",
	.id_type = "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
	.lock_sql = "SELECT pg_advisory_xact_lock(7283561)",
};
