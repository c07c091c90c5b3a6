/*
 * store.c: the connection pool, the migrations and the helpers both backends
 * share. Why the SQL is written the way it is: see store.h.
 */
#include "util/compat.h"
#include "core/store/store.h"
#include "util/alloc.h"
#include "util/epoch.h"
#include "util/err.h"
#include "util/num.h"

#include <pthread.h>
#include <time.h>

struct store_conn {
	void *db;
	const struct store_backend *be;
	bool busy;
};

struct store {
	const struct store_backend *be;
	enum store_kind kind;
	struct store_conn conns[STORE_MAX_CONNS];
	size_t nconn;
	int schema;
	pthread_mutex_t lock;
	pthread_cond_t freed;
};

/*
 * The schema, one migration per entry; never edit one that has shipped, add
 * the next. "@ID@" is the backend's auto-numbered primary key.
 */
static const char *const migrations[] = {
	/* 1: the first schema */
	"CREATE TABLE products (id @ID@, name TEXT NOT NULL UNIQUE, created TEXT NOT NULL,"
	" latest_assessment BIGINT);\n"
	"CREATE TABLE releases (id @ID@, product_id BIGINT NOT NULL REFERENCES products(id),"
	" version TEXT NOT NULL, created TEXT NOT NULL, released TEXT, end_of_support TEXT,"
	" UNIQUE (product_id, version));\n"
	"CREATE TABLE assessments (id @ID@, release_id BIGINT NOT NULL REFERENCES releases(id),"
	" uploaded TEXT NOT NULL, generated TEXT, sha256 TEXT NOT NULL, met BIGINT NOT NULL,"
	" not_met BIGINT NOT NULL, unknown BIGINT NOT NULL, not_applicable BIGINT NOT NULL,"
	" doc TEXT NOT NULL);\n"
	"CREATE INDEX assessments_release ON assessments (release_id, id);\n"
	"CREATE TABLE principles (assessment_id BIGINT NOT NULL REFERENCES assessments(id),"
	" principle TEXT NOT NULL, status TEXT NOT NULL, PRIMARY KEY (assessment_id, principle));\n"
	"CREATE TABLE claims (assessment_id BIGINT NOT NULL REFERENCES assessments(id),"
	" claim TEXT NOT NULL, principle TEXT NOT NULL, status TEXT NOT NULL, basis TEXT,"
	" due TEXT, accept_expires TEXT, PRIMARY KEY (assessment_id, claim));\n"
	"CREATE INDEX claims_claim ON claims (claim, assessment_id);\n"
	"CREATE TABLE sboms (id @ID@, release_id BIGINT NOT NULL REFERENCES releases(id),"
	" uploaded TEXT NOT NULL, format TEXT NOT NULL, sha256 TEXT NOT NULL,"
	" components BIGINT NOT NULL);\n"
	"CREATE INDEX sboms_release ON sboms (release_id, id);\n"
	"CREATE TABLE components (sbom_id BIGINT NOT NULL REFERENCES sboms(id), purl TEXT NOT NULL,"
	" ecosystem TEXT, name TEXT NOT NULL, version TEXT);\n"
	"CREATE INDEX components_sbom ON components (sbom_id);\n"
	"CREATE TABLE findings (id @ID@, release_id BIGINT NOT NULL REFERENCES releases(id),"
	" vuln TEXT NOT NULL, purl TEXT NOT NULL, severity TEXT NOT NULL, score TEXT,"
	" summary TEXT, source TEXT NOT NULL, first_seen TEXT NOT NULL, fixed_at TEXT,"
	" UNIQUE (release_id, vuln, purl));\n"
	"CREATE TABLE tokens (id @ID@, hash TEXT NOT NULL UNIQUE, role TEXT NOT NULL,"
	" products TEXT, name TEXT, created TEXT NOT NULL, revoked TEXT);\n"
	"CREATE TABLE sessions (hash TEXT PRIMARY KEY, token_id BIGINT NOT NULL"
	" REFERENCES tokens(id), csrf TEXT NOT NULL, created TEXT NOT NULL,"
	" expires TEXT NOT NULL);\n"
	"CREATE TABLE audit (id @ID@, at TEXT NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL,"
	" subject TEXT NOT NULL, detail TEXT, log_index BIGINT);\n",
	/*
	 * 2 (sfeat): state that several servers share. rate_limits: one row per
	 * token, its theoretical arrival time (GCRA, serve/shared.c). The audit
	 * chain: seq is the record's place, entry the JSON appended to the
	 * `vouch log` on export, hash = SHA-256(prev hash || entry).
	 * product_dates: dates a product's uploads state (security.txt Expires,
	 * end of support). deadline_notices: which deadline went to the webhook
	 * on which day.
	 */
	"CREATE TABLE rate_limits (token_id BIGINT PRIMARY KEY, tat DOUBLE PRECISION NOT NULL);\n"
	"ALTER TABLE audit ADD COLUMN seq BIGINT;\n"
	"ALTER TABLE audit ADD COLUMN entry TEXT;\n"
	"ALTER TABLE audit ADD COLUMN hash TEXT;\n"
	"CREATE UNIQUE INDEX audit_seq ON audit (seq);\n"
	"CREATE TABLE product_dates (product_id BIGINT NOT NULL REFERENCES products(id),"
	" kind TEXT NOT NULL, subject TEXT NOT NULL, due TEXT NOT NULL, detail TEXT,"
	" PRIMARY KEY (product_id, kind, subject));\n"
	"CREATE TABLE deadline_notices (item TEXT NOT NULL, day TEXT NOT NULL, sent TEXT NOT NULL,"
	" PRIMARY KEY (item, day));\n",
	/* 3 (sfeat): a product's own fix targets by severity, from its newest assessment */
	"CREATE TABLE product_fix_targets (product_id BIGINT NOT NULL REFERENCES products(id),"
	" severity TEXT NOT NULL, days BIGINT NOT NULL,"
	" PRIMARY KEY (product_id, severity));\n",
	/* 4 (sperf): re-matching claimed per vulnerability database generation (monitor.c), so that
	 * of several servers on one database exactly one re-matches after an update; and the
	 * index the pages' counts of open findings read */
	"CREATE TABLE rematches (generation TEXT PRIMARY KEY, claimed TEXT NOT NULL,"
	" server TEXT NOT NULL, finished TEXT, releases BIGINT, new_findings BIGINT,"
	" fixed BIGINT, error TEXT);\n"
	"CREATE INDEX findings_open ON findings (release_id) WHERE fixed_at IS NULL;\n",
	/*
	 * 5 (sdash): what the pages summarise, kept at write time. data_generation:
	 * one row, raised by every write the pages show (store_data_changed), which
	 * a server's rendered pages are keyed on. release_open: a release's open
	 * findings by severity, and products.open_findings their sum over its
	 * releases, kept by ingest_findings; filled here from the rows there are.
	 */
	"CREATE TABLE data_generation (id BIGINT PRIMARY KEY, generation BIGINT NOT NULL);\n"
	"INSERT INTO data_generation (id, generation) VALUES (1, 1);\n"
	"CREATE TABLE release_open (release_id BIGINT NOT NULL REFERENCES releases(id),"
	" severity TEXT NOT NULL, n BIGINT NOT NULL, PRIMARY KEY (release_id, severity));\n"
	"INSERT INTO release_open (release_id, severity, n) SELECT release_id, severity, COUNT(*)"
	" FROM findings WHERE fixed_at IS NULL GROUP BY release_id, severity;\n"
	"ALTER TABLE products ADD COLUMN open_findings BIGINT NOT NULL DEFAULT 0;\n"
	"UPDATE products SET open_findings = (SELECT COALESCE(SUM(o.n), 0) FROM release_open o"
	" JOIN releases r ON r.id = o.release_id WHERE r.product_id = products.id);\n",
	/*
	 * 6 (smatch): suppressed findings. findings.suppressed is the reason (a VEX
	 * not_affected/fixed statement or an ignore entry), suppressed_until the ignore
	 * entry's last day (NULL: no expiry); such a finding is not open (ingest.h,
	 * INGEST_OPEN). suppressions: the VEX statements and ignore entries uploaded for a
	 * release, applied again at every re-match. rematches.started_by: what started
	 * the re-match (monitor, an admin's token, the command line).
	 */
	"ALTER TABLE findings ADD COLUMN suppressed TEXT;\n"
	"ALTER TABLE findings ADD COLUMN suppressed_until TEXT;\n"
	"CREATE TABLE suppressions (id @ID@, release_id BIGINT NOT NULL REFERENCES releases(id),"
	" origin TEXT NOT NULL, status TEXT NOT NULL, vuln TEXT NOT NULL, package TEXT,"
	" reason TEXT NOT NULL, expires TEXT);\n"
	"CREATE INDEX suppressions_release ON suppressions (release_id, id);\n"
	"ALTER TABLE rematches ADD COLUMN started_by TEXT;\n"
	"CREATE INDEX findings_expiring ON findings (release_id, suppressed_until)"
	" WHERE suppressed_until IS NOT NULL AND fixed_at IS NULL;\n",
};

const char *store_cell(const struct store_rows *r, size_t row, size_t col)
{
	if (!r || row >= r->nrows || col >= r->ncols)
		return NULL;
	return r->cells[row * r->ncols + col];
}

int64_t store_cell_i64(const struct store_rows *r, size_t row, size_t col, int64_t def)
{
	const char *s = store_cell(r, row, col);
	int64_t v;

	if (!s || num_parse_i64(&v, s, strlen(s), INT64_MIN, INT64_MAX, 0) < 0)
		return def;
	return v;
}

/*
 * The cells' text lives in chunks freed together: a page of a thousand
 * products reads tens of thousands of cells, and a malloc and a free for each
 * cost more than the query.
 */
struct chunk {
	struct chunk *prev;
	size_t used, size;
	char text[];
};
#define CHUNK_SIZE ((size_t)32 << 10)

static char *arena_dup(struct store_rows *r, const char *s, size_t len)
{
	struct chunk *c = r->arena;
	char *p;

	if (!c || c->size - c->used < len + 1) {
		size_t size = len + 1 > CHUNK_SIZE / 4 ? len + 1 : CHUNK_SIZE;
		struct chunk *n = xmalloc(st_add(sizeof *n, size));

		n->used = 0;
		n->size = size;
		if (c && size != CHUNK_SIZE) { /* a large cell: keep filling the current chunk */
			n->prev = c->prev;
			c->prev = n;
			c = n;
		} else {
			n->prev = c;
			r->arena = c = n;
		}
	}
	p = c->text + c->used;
	memcpy(p, s, len);
	p[len] = 0;
	c->used += len + 1;
	return p;
}

void store_rows_release(struct store_rows *r)
{
	if (!r)
		return;
	for (struct chunk *c = r->arena, *prev; c; c = prev) {
		prev = c->prev;
		free(c);
	}
	for (size_t i = 0; r->names && i < r->ncols; i++)
		free(r->names[i]);
	free(r->cells);
	free(r->names);
	*r = (struct store_rows)STORE_ROWS_INIT;
}

int store_rows_add(struct store_rows *r, size_t ncols, const char *const *cells, const size_t *lens)
{
	if (r->nrows && ncols != r->ncols)
		return err_set(ERR_GENERIC, "result rows of different widths");
	if (r->nrows >= STORE_MAX_ROWS)
		return err_set(ERR_TOOBIG, "result larger than %zu rows", STORE_MAX_ROWS);
	r->ncols = ncols;
	if (st_mult(r->nrows + 1, ncols) >= r->acells) { /* doubling: results may be large */
		r->acells = r->acells ? st_mult(r->acells, 2) : st_mult(16, ncols ? ncols : 1);
		r->cells = xreallocarray(r->cells, r->acells, sizeof(char *));
	}
	for (size_t i = 0; i < ncols; i++)
		r->cells[r->nrows * ncols + i] = cells[i] ? arena_dup(r, cells[i], lens[i]) : NULL;
	r->nrows++;
	return 0;
}

void store_time(char out[32], int64_t t)
{
	if (epoch_rfc3339(out, t) < 0)
		snprintf(out, 32, "1970-01-01T00:00:00Z");
}

void store_now(char out[32])
{
	store_time(out, (int64_t)time(NULL));
}

int store_parse_time(int64_t *out, const char *s)
{
	return epoch_parse_rfc3339(out, s);
}

static int conn_exec(struct store_conn *c, const char *sql)
{
	return c->be->exec(NULL, c->db, sql, 0, NULL);
}

int store_exec(struct store_rows *out, struct store_conn *c, const char *sql, size_t nparams,
               const char *const *params)
{
	if (out)
		store_rows_release(out);
	if (nparams > STORE_MAX_PARAMS)
		return err_set(ERR_USAGE, "more than %d parameters", STORE_MAX_PARAMS);
	return c->be->exec(out, c->db, sql, nparams, params);
}

int store_exec_batch(struct store_conn *c, struct store_stmt *v, size_t n)
{
	int r = 0;

	if (n > STORE_BATCH_MAX)
		return err_set(ERR_USAGE, "more than %d statements in a batch", STORE_BATCH_MAX);
	for (size_t i = 0; i < n; i++) {
		if (v[i].out)
			store_rows_release(v[i].out);
		v[i].rc = ERR_GENERIC; /* not run, until it is */
		if (v[i].nparams > STORE_MAX_PARAMS)
			return err_set(ERR_USAGE, "more than %d parameters", STORE_MAX_PARAMS);
	}
	if (c->be->exec_batch)
		return c->be->exec_batch(c->db, v, n);
	for (size_t i = 0; i < n && r == 0; i++)
		r = v[i].rc = c->be->exec(v[i].out, c->db, v[i].sql, v[i].nparams, v[i].params);
	return r;
}

int store_begin(struct store_conn *c)
{
	return conn_exec(c, c->be->begin_sql);
}

int store_commit(struct store_conn *c)
{
	return conn_exec(c, "COMMIT");
}

void store_rollback(struct store_conn *c)
{
	char *saved = xstrdup(err_msg());
	int code = err_code();

	conn_exec(c, "ROLLBACK");
	if (code != ERR_OK)
		err_set(code, "%s",
		        saved); /* the error that made us roll back is the one to show */
	free(saved);
}

/* Runs the migration text statement by statement (libpq and SQLite alike take one at a time). */
static int run_script(struct store_conn *c, const char *script)
{
	struct buf sql = BUF_INIT, stmt = BUF_INIT;
	const char *p, *e;
	int r = 0;

	for (p = script; *p; p = e) {
		e = strchr(p, '@');
		if (!e)
			e = p + strlen(p);
		if (buf_add(&sql, p, (size_t)(e - p)) < 0)
			goto done;
		if (*e == '@' && !strncmp(e, "@ID@", 4)) {
			buf_adds(&sql, c->be->id_type);
			e += 4;
		} else if (*e) {
			buf_addch(&sql, *e++);
		}
	}
	for (p = sql.ptr; *p; p = e + (*e == ';')) {
		e = strchr(p, ';');
		if (!e)
			e = p + strlen(p);
		buf_reset(&stmt);
		buf_add(&stmt, p, (size_t)(e - p));
		buf_trim(&stmt);
		if (stmt.len && (r = conn_exec(c, stmt.ptr)) < 0)
			goto done;
	}
done:
	buf_release(&sql);
	buf_release(&stmt);
	return r;
}

static int migrate(struct store *st, struct store_conn *c)
{
	struct store_rows rows = STORE_ROWS_INIT;
	const int latest = (int)ARRAY_SIZE(migrations);
	int r, have;
	char now[32], num[24];

	if ((r = store_begin(c)) < 0)
		return err_prefix("cannot start the migration: ");
	if (c->be->lock_sql && (r = conn_exec(c, c->be->lock_sql)) < 0)
		goto fail;
	r = conn_exec(c, "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY,"
	                 " applied TEXT NOT NULL)");
	if (r < 0)
		goto fail;
	r = store_exec(&rows, c, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations", 0,
	               NULL);
	if (r < 0)
		goto fail;
	have = (int)store_cell_i64(&rows, 0, 0, 0);
	if (have > latest) {
		r = err_set(ERR_UNSUPPORTED,
		            "the database's schema is at version %d, newer than this vouch's %d",
		            have, latest);
		goto fail;
	}
	for (int v = have + 1; v <= latest; v++) {
		const char *p[2] = { num, now };

		if ((r = run_script(c, migrations[v - 1])) < 0) {
			err_prefix("migration %d: ", v);
			goto fail;
		}
		snprintf(num, sizeof num, "%d", v);
		store_now(now);
		r = store_exec(NULL, c,
		               "INSERT INTO schema_migrations (version, applied) VALUES ($1, $2)",
		               2, p);
		if (r < 0)
			goto fail;
	}
	if ((r = store_commit(c)) < 0)
		goto fail;
	st->schema = latest;
	store_rows_release(&rows);
	return 0;
fail:
	store_rollback(c);
	store_rows_release(&rows);
	return r;
}

int store_open(struct store **out, const char *url, size_t nconn)
{
	struct store *st;
	const char *target;
	int r;

	*out = NULL;
	if (nconn < 1 || nconn > STORE_MAX_CONNS)
		return err_set(ERR_USAGE, "connections must be 1 to %d", STORE_MAX_CONNS);
	st = xcalloc(1, sizeof *st);
	if (!strncmp(url, "postgresql://", 13) || !strncmp(url, "postgres://", 11)) {
		st->be = &store_pg_backend;
		st->kind = STORE_POSTGRES;
		target = url;
	} else if (!strncmp(url, "sqlite:", 7)) {
		st->be = &store_sqlite_backend;
		st->kind = STORE_SQLITE;
		target = url + 7;
	} else if (!strchr(url, ':') || url[0] == '/' || url[0] == '.') {
		st->be = &store_sqlite_backend;
		st->kind = STORE_SQLITE;
		target = url;
	} else {
		free(st);
		return err_set(ERR_USAGE,
		               "unknown database '%s': use sqlite:PATH or postgresql://...", url);
	}
	if (!*target) {
		free(st);
		return err_set(ERR_USAGE, "no path in database '%s'", url);
	}
	pthread_mutex_init(&st->lock, NULL);
	pthread_cond_init(&st->freed, NULL);
	for (size_t i = 0; i < nconn; i++) {
		st->conns[i].be = st->be;
		if ((r = st->be->connect(&st->conns[i].db, target)) < 0)
			goto fail;
		st->nconn++;
		if (i == 0 && (r = migrate(st, &st->conns[0])) < 0)
			goto fail;
	}
	*out = st;
	return 0;
fail:
	store_close(st);
	return r;
}

void store_close(struct store *st)
{
	if (!st)
		return;
	for (size_t i = 0; i < st->nconn; i++)
		st->be->disconnect(st->conns[i].db);
	pthread_mutex_destroy(&st->lock);
	pthread_cond_destroy(&st->freed);
	free(st);
}

enum store_kind store_kind(const struct store *st)
{
	return st->kind;
}

const char *store_kind_name(const struct store *st)
{
	return st->be->name;
}

int store_schema_version(const struct store *st)
{
	return st->schema;
}

struct store_conn *store_acquire(struct store *st)
{
	struct store_conn *c = NULL;

	pthread_mutex_lock(&st->lock);
	while (!c) {
		for (size_t i = 0; i < st->nconn && !c; i++)
			if (!st->conns[i].busy)
				c = &st->conns[i];
		if (!c)
			pthread_cond_wait(&st->freed, &st->lock);
	}
	c->busy = true;
	pthread_mutex_unlock(&st->lock);
	return c;
}

void store_give_back(struct store *st, struct store_conn *c)
{
	if (!c)
		return;
	pthread_mutex_lock(&st->lock);
	c->busy = false;
	pthread_cond_signal(&st->freed);
	pthread_mutex_unlock(&st->lock);
}

int store_lock(struct store_conn *c, int64_t key)
{
	char k[24];
	const char *p[] = { k };

	if (c->be != &store_pg_backend)
		return 0;
	snprintf(k, sizeof k, "%" PRId64, key);
	return store_exec(NULL, c, "SELECT pg_advisory_xact_lock(CAST($1 AS BIGINT))", 1, p);
}

const char store_data_generation_sql[] =
        "SELECT generation, CAST(CURRENT_DATE AS TEXT) FROM data_generation WHERE id = 1";

int store_data_generation_read(int64_t *out, int64_t *day, const struct store_rows *rows)
{
	const char *d = store_cell(rows, 0, 1);

	*out = store_cell_i64(rows, 0, 0, -1);
	/* the store's date, YYYY-MM-DD read as YYYYMMDD: what ignore entries' last days meet */
	*day = 0;
	for (int k = 0; d && k < 10; k++)
		if (d[k] >= '0' && d[k] <= '9')
			*day = *day * 10 + (d[k] - '0');
		else if (d[k] != '-')
			break;
	return *out < 0 ? err_set(ERR_GENERIC, "the store has no data generation") : 0;
}

int store_data_generation(int64_t *out, struct store_conn *c, int64_t *day)
{
	struct store_rows rows = STORE_ROWS_INIT;
	int r = store_exec(&rows, c, store_data_generation_sql, 0, NULL);

	*out = -1;
	*day = 0;
	if (r == 0)
		r = store_data_generation_read(out, day, &rows);
	store_rows_release(&rows);
	return r;
}

int store_data_changed(struct store_conn *c)
{
	return store_exec(NULL, c,
	                  "UPDATE data_generation SET generation = generation + 1 WHERE id = 1", 0,
	                  NULL);
}
