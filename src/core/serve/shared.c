/*
 * shared.c: the state several `vouch serve` processes on one database
 * share, kept in the store rather than in a process (docs/cmd/serve.md,
 * "Several servers").
 *
 * Rate limits: the generic cell rate algorithm, one row per token holding its
 * theoretical arrival time (TAT). A request at time t with interval T = 1/rate
 * and tolerance tau = burst * T is allowed when max(TAT, t) + T - t <= tau,
 * and then TAT becomes max(TAT, t) + T. That is a token bucket of `burst`
 * requests refilled at `rate` a second, decided and updated by one
 * INSERT ... ON CONFLICT DO UPDATE ... WHERE ... RETURNING statement, atomic
 * on SQLite (>= 3.35) and PostgreSQL alike: requests split between servers
 * count together.
 *
 * The audit chain: every write's record is a JSON entry; under a lock held
 * in the database (SQLite's write lock, a PostgreSQL advisory lock) the
 * next record gets seq = previous + 1 and hash = SHA-256(previous hash ||
 * entry), the first SHA-256(entry). Export appends the entries, in seq order,
 * to a `vouch log` folder (RFC 9162 Merkle tree, signed checkpoints), so the
 * organisation has one tamper-evident log however many servers wrote it.
 */
#include "util/compat.h"
#include "core/serve/serve_int.h"
#include "core/integrity/tlog.h"
#include "util/alloc.h"
#include "util/err.h"
#include "util/hash.h"
#include "util/json.h"

#include <math.h>
#include <time.h>

#define AUDIT_LOCK_KEY 7283562 /* the migration lock is 7283561 */

int serve_rate_take(bool *ok, unsigned *retry, struct store_conn *c, int64_t token, double now,
                    unsigned rate, unsigned burst)
{
	struct store_rows rows = STORE_ROWS_INIT;
	char id[24], t[40], iv[40], tol[40];
	const char *p[] = { id, t, iv, tol };
	double interval = 1.0 / rate, tau = (burst ? burst : 1) * interval;
	int r;

	*ok = true;
	*retry = 0;
	snprintf(id, sizeof id, "%" PRId64, token);
	snprintf(t, sizeof t, "%.6f", now);
	snprintf(iv, sizeof iv, "%.9f", interval);
	snprintf(tol, sizeof tol, "%.9f", tau + 1e-9);
#define D(n)  "CAST($" #n " AS DOUBLE PRECISION)"
#define LATER "(CASE WHEN rate_limits.tat > " D(2) " THEN rate_limits.tat ELSE " D(2) " END)"
	r = store_exec(&rows, c,
	               "INSERT INTO rate_limits (token_id, tat) VALUES ($1, " D(2) " + " D(
	                       3) ")"
	                          " ON CONFLICT (token_id) DO UPDATE SET tat = " LATER
	                          " + " D(3) " WHERE " LATER
	                                     " + " D(3) " - " D(2) " <= " D(4) " RETURNING tat",
	               4, p);
#undef LATER
#undef D
	if (r < 0)
		goto done;
	if (rows.nrows == 0) {
		double tat = 0;

		*ok = false;
		r = store_exec(&rows, c, "SELECT tat FROM rate_limits WHERE token_id = $1", 1, p);
		if (r == 0 && store_cell(&rows, 0, 0))
			tat = strtod(store_cell(&rows, 0, 0), NULL);
		*retry = tat + interval - now - tau > 0 ? (unsigned)ceil(tat + interval - now - tau)
		                                        : 1;
	}
done:
	store_rows_release(&rows);
	return r;
}

/* hash = SHA-256(prev || entry) as hex, prev the previous record's hash as hex or NULL. */
static int chain_hash(char out[65], const char *prev, const char *entry)
{
	uint8_t h[SHA256_LEN], pb[SHA256_LEN];
	struct buf b = BUF_INIT;

	if (prev) {
		if (strlen(prev) != 64 || hex_decode(pb, sizeof pb, prev, 64) < 0)
			return err_set(ERR_VERIFY, "a stored audit hash is not 64 hex digits");
		buf_add(&b, pb, sizeof pb);
	}
	buf_adds(&b, entry);
	hash_sha256(h, b.ptr, b.len);
	hex_encode(out, h, sizeof h);
	buf_release(&b);
	return 0;
}

int serve_audit_append(int64_t *out_seq, struct store_conn *c, const char *at, const char *actor,
                       const char *action, const char *subject, const char *detail,
                       const char *entry, const char *log_index)
{
	struct store_rows rows = STORE_ROWS_INIT;
	char seq[24], hash[65];
	const char *prev = NULL;
	int r;

	if ((r = store_begin(c)) < 0)
		return r;
	if ((r = store_lock(c, AUDIT_LOCK_KEY)) < 0)
		goto fail;
	r = store_exec(
	        &rows, c,
	        "SELECT seq, hash FROM audit WHERE seq IS NOT NULL ORDER BY seq DESC LIMIT 1", 0,
	        NULL);
	if (r < 0)
		goto fail;
	snprintf(seq, sizeof seq, "%" PRId64, rows.nrows ? store_cell_i64(&rows, 0, 0, -1) + 1 : 0);
	if (rows.nrows)
		prev = store_cell(&rows, 0, 1);
	if ((r = chain_hash(hash, prev, entry)) < 0)
		goto fail;
	{
		const char *p[] = {
			at, actor, action, subject, detail, log_index, seq, entry, hash
		};

		r = store_exec(NULL, c,
		               "INSERT INTO audit (at, actor, action, subject, detail, log_index,"
		               " seq, entry, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
		               9, p);
	}
	if (r < 0 || (r = store_commit(c)) < 0)
		goto fail;
	if (out_seq)
		*out_seq = strtoll(seq, NULL, 10);
	store_rows_release(&rows);
	return 0;
fail:
	store_rollback(c);
	store_rows_release(&rows);
	return r;
}

#define AUDIT_PAGE 1000

int serve_audit_verify(struct audit_check *out, struct store_conn *c, const char *log_dir)
{
	struct store_rows rows = STORE_ROWS_INIT;
	struct tlog log = TLOG_INIT;
	struct buf got = BUF_INIT_MAX(TLOG_MAX_ENTRY);
	char prev[65] = "", hash[65], from[24];
	const char *p[] = { from };
	int64_t next = 0;
	int r = 0;

	memset(out, 0, sizeof *out);
	out->bad = -1;
	if (log_dir) {
		if ((r = tlog_open(&log, log_dir, 0)) < 0)
			return err_prefix("audit log '%s': ", log_dir);
		out->log_size = log.size;
	}
	for (;;) {
		snprintf(from, sizeof from, "%" PRId64, next);
		r = store_exec(&rows, c,
		               "SELECT seq, entry, hash FROM audit WHERE seq >= $1 ORDER BY seq"
		               " LIMIT 1000",
		               1, p);
		if (r < 0 || rows.nrows == 0)
			break;
		for (size_t i = 0; i < rows.nrows; i++, next++) {
			const char *entry = store_cell(&rows, i, 1), *h = store_cell(&rows, i, 2);

			if (store_cell_i64(&rows, i, 0, -1) != next || !entry || !h) {
				out->bad = next;
				snprintf(out->why, sizeof out->why,
				         "record %" PRId64 " is missing or incomplete", next);
				goto done;
			}
			if ((r = chain_hash(hash, *prev ? prev : NULL, entry)) < 0)
				goto done;
			if (strcmp(hash, h)) {
				out->bad = next;
				snprintf(out->why, sizeof out->why,
				         "record %" PRId64
				         " does not hash to its stored value (changed, "
				         "or a record before it was)",
				         next);
				goto done;
			}
			if (log_dir && (uint64_t)next < log.size) {
				buf_reset(&got);
				if ((r = tlog_get(&got, &log, (uint64_t)next)) < 0)
					goto done;
				if (got.len != strlen(entry) || memcmp(got.ptr, entry, got.len)) {
					out->bad = next;
					snprintf(out->why, sizeof out->why,
					         "log entry %" PRId64
					         " differs from the stored record",
					         next);
					goto done;
				}
			}
			memcpy(prev, hash, sizeof prev);
		}
		if (rows.nrows < AUDIT_PAGE)
			break;
	}
	out->records = next;
	memcpy(out->head, prev, sizeof out->head);
	if (r == 0 && log_dir && log.size > (uint64_t)next) {
		out->bad = next;
		snprintf(out->why, sizeof out->why,
		         "the log has %" PRIu64 " entries, the store only %" PRId64, log.size,
		         next);
	}
done:
	if (out->bad >= 0 && !out->records)
		out->records = next;
	tlog_release(&log);
	buf_release(&got);
	store_rows_release(&rows);
	return r;
}

int serve_audit_export(struct audit_check *out, size_t *out_added, struct store_conn *c,
                       const char *log_dir)
{
	struct store_rows rows = STORE_ROWS_INIT;
	struct tlog log = TLOG_INIT;
	char from[24];
	const char *p[] = { from };
	uint64_t idx;
	int r;

	*out_added = 0;
	/* the log must be a prefix of the chain before anything is added to it */
	if ((r = tlog_open(&log, log_dir, TLOG_CREATE)) < 0)
		return err_prefix("audit log '%s': ", log_dir);
	tlog_release(&log);
	if ((r = serve_audit_verify(out, c, log_dir)) < 0 || out->bad >= 0)
		return r;
	if ((r = tlog_open(&log, log_dir, TLOG_CREATE)) < 0)
		return err_prefix("audit log '%s': ", log_dir);
	for (;;) {
		snprintf(from, sizeof from, "%" PRIu64, log.size + log.pending);
		r = store_exec(
		        &rows, c,
		        "SELECT seq, entry FROM audit WHERE seq >= $1 ORDER BY seq LIMIT 1000", 1,
		        p);
		if (r < 0 || rows.nrows == 0)
			break;
		for (size_t i = 0; i < rows.nrows; i++) {
			const char *e = store_cell(&rows, i, 1);

			if ((uint64_t)store_cell_i64(&rows, i, 0, -1) != log.size + log.pending) {
				r = err_set(ERR_VERIFY, "audit record %" PRIu64 " is missing",
				            log.size + log.pending);
				goto done;
			}
			if ((r = tlog_add(&idx, &log, e, strlen(e))) < 0)
				goto done;
			(*out_added)++;
		}
		if (rows.nrows < AUDIT_PAGE)
			break;
	}
	if (r == 0 && (r = tlog_commit(&log)) == 0)
		out->log_size = log.size;
done:
	if (r < 0)
		err_prefix("audit log '%s': ", log_dir);
	tlog_release(&log);
	store_rows_release(&rows);
	return r;
}
