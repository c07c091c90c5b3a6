/*
 * tlog.c: 2.2.1-2.2.4: the build-environment log and its checkpoints.
 */
#include "util/compat.h"
#include "core/assess/collect.h"
#include "util/alloc.h"
#include "util/err.h"
#include "core/integrity/minisign.h"
#include "core/integrity/note.h"
#include "core/integrity/tlog.h"
#include "util/json.h"

static int verify_checkpoint(struct checkpoint *cp, struct tlog *log,
                             const struct tlog_checkpoint *c, const uint8_t *trusted)
{
	struct note n = NOTE_INIT;
	char *kname = NULL;
	uint32_t kid;
	uint8_t pk[32];
	struct merkle_hash root;
	int r;

	/* checkpoint_verify: the signature, then the origin must be the key's name */
	if ((r = note_parse(&n, c->note.ptr, c->note.len, "checkpoint")) < 0 ||
	    (r = note_vkey_parse(&kname, &kid, pk, c->vkey.ptr, c->vkey.len)) < 0 ||
	    (r = checkpoint_verify(cp, &n, kname, trusted ? trusted : pk, "checkpoint")) < 0)
		goto done;
	if (cp->size > log->size)
		r = err_set(ERR_VERIFY, "checkpoint size %" PRIu64 " exceeds the log", cp->size);
	else if ((r = tlog_root(&root, log, cp->size)) == 0 && memcmp(root.b, cp->root, 32))
		r = err_set(ERR_VERIFY, "checkpoint root is not the log's");
done:
	note_release(&n);
	free(kname);
	return r;
}

/* What the entries hold: environment snapshots ("schema": "vouch-env/1") and their dates. */
struct log_scan {
	uint64_t snapshots, scanned;
	int64_t oldest, newest; /* days of the snapshots' "collected", -1 when none */
	int64_t *day_of;        /* per snapshot, in log order: its day */
	uint64_t *index_of;     /* and its entry */
	struct buf tools;       /* "name: version" of the newest snapshot's tools, "; " between */
	size_t ntools;
};

/* The toolchain a snapshot records ("tools": {NAME: {"path", "version"}}). */
static void read_tools(struct log_scan *out, const json_t *doc)
{
	const json_t *tools = json_object_get(doc, "tools");
	const char *name;
	json_t *v;

	buf_reset(&out->tools);
	out->ntools = 0;
	json_object_foreach((json_t *)tools, name, v)
	{
		const char *ver = vjson_str(v, "version");

		if (out->ntools++ < ASSESS_MAX_LIST)
			buf_addf(&out->tools, "%s%s: %s", out->tools.len ? "; " : "", name,
			         ver ? ver : "(no version)");
	}
}

static void scan_entries(struct log_scan *out, struct tlog *log)
{
	struct buf b = BUF_INIT;

	out->oldest = out->newest = -1;
	for (uint64_t i = 0; i < log->size && i < ASSESS_LOG_MAX_SCAN; i++) {
		json_t *doc = NULL;
		const char *schema, *when;
		int y, m, d;

		buf_reset(&b);
		out->scanned++;
		if (tlog_get(&b, log, i) < 0 || !b.len || b.ptr[0] != '{' ||
		    vjson_parse(&doc, b.ptr, b.len, "entry") < 0)
			continue;
		schema = vjson_str(doc, "schema");
		when = vjson_str(doc, "collected");
		if (schema && !strcmp(schema, "vouch-env/1") && when && strlen(when) >= 10 &&
		    ac_parse_ymd(when, &y, &m, &d)) {
			int64_t day = assess_days(y, m, d);

			out->day_of = xreallocarray(out->day_of, out->snapshots + 1,
			                            sizeof(*out->day_of));
			out->index_of = xreallocarray(out->index_of, out->snapshots + 1,
			                              sizeof(*out->index_of));
			out->day_of[out->snapshots] = day;
			out->index_of[out->snapshots++] = i;
			if (out->oldest < 0 || day < out->oldest)
				out->oldest = day;
			if (day >= out->newest) {
				out->newest = day;
				read_tools(out, doc);
			}
		}
		json_decref(doc);
	}
	buf_release(&b);
}

/*
 * A checkpoint carries no date; the newest snapshot among the entries it signs
 * shows it was made on that day or later. -1 when it signs none.
 */
static int64_t newest_covered(const struct log_scan *sc, uint64_t size)
{
	int64_t day = -1;

	for (uint64_t i = 0; i < sc->snapshots; i++)
		if (sc->index_of[i] < size && sc->day_of[i] > day)
			day = sc->day_of[i];
	return day;
}

/*
 * 1.1.3: the newest snapshot records the toolchain and its versions; whether
 * each tool is maintained and current is the vendor's to declare.
 */
static void tools(struct assess_ctx *x, const struct log_scan *sc)
{
	struct assess_result *r = ac_res(x->a, "1.1.3");
	char d[16];

	if (!sc->snapshots)
		return;
	ac_evidence(x, r, x->cfg->log_dir, "tlog");
	assess_date_text(d, sc->newest);
	if (!sc->ntools) {
		ac_set(r, ST_UNKNOWN,
		       "The newest environment snapshot (%s) records no development "
		       "tool.",
		       d);
		ac_gap(r, "Take snapshots without --no-tools so the toolchain is recorded, and "
		          "declare the claim.");
	} else {
		ac_set(r, ST_UNKNOWN,
		       "The newest environment snapshot (%s) records %zu tool(s) with their "
		       "versions: %s%s. Whether each is maintained and within its support life is "
		       "not something vouch can tell.",
		       d, sc->ntools, sc->tools.ptr,
		       sc->ntools > ASSESS_MAX_LIST ? " and more" : "");
		ac_gap(r, "Declare claim 1.1.3: review the recorded versions against each tool's "
		          "support life and attach the review.");
	}
	r->gap_kind = GAP_GOVERNANCE;
}

static void no_log(struct assess_ctx *x, struct assess_result *r)
{
	const struct assess_config *c = x->cfg;

	ac_set(r, ST_NOT_MET, "No build-environment log %s%s%s.",
	       c->log_dir ? "at '" : "is configured", c->log_dir ? ac_show(x, c->log_dir) : "",
	       c->log_dir ? "' could be opened" : "");
	ac_gap(r, "Record the build environment with `vouch env diff --log DIR` (a snapshot and "
	          "the changes) in CI, sign checkpoints with `vouch log checkpoint`, and set "
	          "[evidence] log = \"DIR\".");
}

static void collect_log(struct assess_ctx *x)
{
	struct assessment *a = x->a;
	struct assess_result *r1 = ac_res(a, "2.2.1"), *r2 = ac_res(a, "2.2.2"),
	                     *r3 = ac_res(a, "2.2.3"), *r4 = ac_res(a, "2.2.4");
	struct assess_result *all[] = { r1, r2, r3, r4 };
	const struct assess_config *c = a->cfg;
	struct tlog log = TLOG_INIT;
	struct tlog_checkpoints cps = TLOG_CHECKPOINTS_INIT;
	struct minisign_pubkey pub;
	struct checkpoint cp = CHECKPOINT_INIT;
	struct log_scan sc = { .tools = BUF_INIT };
	int64_t today = a->now / 86400;
	bool have_pub = false, tree_ok, cp_ok = false, cps_consistent = false;
	const char *cp_why = "the log has no signed checkpoint";
	char d1[16], d2[16];
	size_t ncps = 0;
	int64_t covered = -1;
	uint64_t bad;

	if (!c->log_dir || tlog_open(&log, c->log_dir, 0) < 0) {
		for (size_t i = 0; i < 4; i++)
			no_log(x, all[i]);
		goto done;
	}
	for (size_t i = 0; i < 4; i++)
		ac_evidence(x, all[i], c->log_dir, "tlog");
	scan_entries(&sc, &log);
	tools(x, &sc);
	tree_ok = tlog_verify_tree(&bad, &log) == 0;
	if (!tree_ok)
		ac_warn(a, "the build-environment log does not verify: %s", err_msg());
	if (c->public_key && minisign_pubkey_load(&pub, c->public_key) == 0) {
		have_pub = true;
		ac_evidence(x, r2, c->public_key, "minisign");
		ac_evidence(x, r4, c->public_key, "minisign");
	} else if (c->public_key)
		ac_warn(a, "%s", err_msg());
	if (tlog_checkpoints_load(&cps, &log) < 0)
		cp_why = err_msg();
	else if (cps.n && !have_pub)
		cp_why = "no release public key is configured to say whose signature it carries";
	else if (cps.n && verify_checkpoint(&cp, &log, &cps.v[cps.n - 1], pub.pk) < 0)
		cp_why = err_msg();
	else if (cps.n)
		cp_ok = true;
	if (tree_ok && cp_ok)
		cps_consistent = tlog_verify_checkpoints(&ncps, &log, pub.pk) == 0;

	/* 2.2.1: access and changes are logged; vouch sees the changes only */
	if (!log.size) {
		ac_set(r1, ST_NOT_MET, "The build-environment log is empty.");
		ac_gap(r1, "Append a snapshot of the build environment on each build (`vouch env "
		           "diff --log`).");
	} else if (!sc.snapshots) {
		ac_set(r1, ST_NOT_MET,
		       "The log holds %" PRIu64 " entries%s, but no snapshot of the build "
		       "environment (schema vouch-env/1), so it does not show what changed.",
		       log.size, sc.scanned < log.size ? " (the first ones read)" : "");
		ac_gap(r1, "Append environment snapshots with `vouch env diff --log` on each "
		           "build.");
	} else {
		assess_date_text(d1, sc.oldest);
		assess_date_text(d2, sc.newest);
		ac_set(r1, ST_UNKNOWN,
		       "Changes are logged: %" PRIu64 " snapshot(s) of the build environment from "
		       "%s to %s among %" PRIu64 " entries. Whether access to the build "
		       "environment is logged is not something vouch can observe.",
		       sc.snapshots, d1, d2, log.size);
		ac_gap(r1, "Declare claim 2.2.1 with evidence that access is logged too (an export "
		           "of the CI and code host's audit log).");
		r1->gap_kind = GAP_GOVERNANCE;
	}

	/* 2.2.2: only the authorised key holder approves the log's state, recently */
	if (!cp_ok) {
		ac_set(r2, ST_NOT_MET,
		       "No checkpoint signed by the configured key shows who "
		       "approved the log's state: %s.",
		       cp_why);
		ac_gap(r2, "Sign a checkpoint with the release key after each append (`vouch log "
		           "checkpoint`) and set [evidence] public_key.");
	} else if ((covered = newest_covered(&sc, cp.size)) < 0) {
		ac_set(r2, ST_NOT_MET,
		       "The latest checkpoint (%" PRIu64 " entries) verifies with the configured "
		       "key but covers no environment snapshot, so its date cannot be told.",
		       cp.size);
		ac_gap(r2, "Sign a checkpoint after appending the snapshots.");
	} else if (today - covered > ASSESS_LOG_MAX_AGE_DAYS) {
		assess_date_text(d2, covered);
		ac_set(r2, ST_NOT_MET,
		       "The latest checkpoint verifies with the configured key, but the newest "
		       "snapshot it covers was collected on %s, %" PRId64
		       " days ago, more than %d: "
		       "the log is not being kept up.",
		       d2, today - covered, ASSESS_LOG_MAX_AGE_DAYS);
		ac_gap(r2, "Append a snapshot on each build and sign a new checkpoint.");
	} else {
		assess_date_text(d2, covered);
		ac_set(r2, ST_MET,
		       "The latest checkpoint is signed by the configured key and covers a "
		       "snapshot collected on %s, so the log's current state was approved by the "
		       "key's holder.",
		       d2);
	}

	/* 2.2.3: auditable, and kept for the agreed period */
	if (!log.size) {
		ac_set(r3, ST_NOT_MET, "The log is empty, so there is nothing to audit.");
		ac_gap(r3, "Append build-environment snapshots to the log.");
	} else if (!tree_ok) {
		ac_set(r3, ST_NOT_MET, "The log does not verify, so it cannot be audited.");
		ac_gap(r3, "Investigate the tampering or corruption; `vouch log verify` gives "
		           "details.");
	} else if (c->log_retention_days < 0) {
		ac_set(r3, ST_NOT_MET,
		       "Every one of the %" PRIu64 " entries re-hashes to the stored tree, but no "
		       "retention period is agreed.",
		       log.size);
		ac_gap(r3, "Declare the agreed period as [evidence] log_retention_days in "
		           "vouch.toml.");
		r3->gap_kind = GAP_GOVERNANCE;
	} else if (!cps_consistent) {
		ac_set(r3, ST_NOT_MET,
		       "The entries re-hash to the tree, but no chain of signed checkpoints shows "
		       "that nothing was removed (%s).",
		       cp_ok ? err_msg() : cp_why);
		ac_gap(r3, "Sign checkpoints with the release key as the log grows (`vouch log "
		           "checkpoint`).");
	} else {
		ac_set(r3, ST_MET,
		       "Every one of the %" PRIu64 " entries re-hashes to the stored tree and each "
		       "of the %zu signed checkpoints is consistent with the one before, so "
		       "nothing was removed; the agreed retention is %" PRId64 " days",
		       log.size, ncps, c->log_retention_days);
		if (sc.oldest >= 0) {
			assess_date_text(d1, sc.oldest);
			buf_addf(&r3->argument,
			         " and the log reaches back to %s (%" PRId64 " days).", d1,
			         today - sc.oldest);
		} else
			buf_adds(&r3->argument, ".");
	}

	/* 2.2.4: integrity observed; confidentiality is declared */
	if (!cp_ok) {
		ac_set(r4, ST_NOT_MET, "The log's state is not protected by a signature: %s.",
		       cp_why);
		ac_gap(r4, "Sign a checkpoint after each append: `vouch log checkpoint`.");
	} else if (!tree_ok) {
		ac_set(r4, ST_NOT_MET, "The checkpoint verifies, but the tree does not.");
		ac_gap(r4, "Investigate; `vouch log verify` gives details.");
	} else if (cp.size < log.size) {
		ac_set(r4, ST_NOT_MET,
		       "The latest checkpoint covers %" PRIu64 " of %" PRIu64
		       " entries; the rest are not yet protected by a signature.",
		       cp.size, log.size);
		ac_gap(r4, "Sign a new checkpoint: `vouch log checkpoint`.");
	} else {
		ac_set(r4, ST_UNKNOWN,
		       "Integrity: the log is a hash-chained Merkle tree and its latest signed "
		       "checkpoint covers all %" PRIu64 " entries. Confidentiality (who can read "
		       "the log) is not something vouch can observe.",
		       log.size);
		ac_gap(r4, "Declare claim 2.2.4 with evidence of who can read the log where it is "
		           "kept (storage permissions).");
		r4->gap_kind = GAP_GOVERNANCE;
	}
done:
	buf_release(&sc.tools);
	free(sc.day_of);
	free(sc.index_of);
	checkpoint_release(&cp);
	tlog_checkpoints_release(&cps);
	tlog_release(&log);
}

const struct assess_collector assess_collector_tlog = { "tlog", "2.2.1 2.2.2 2.2.3 2.2.4",
	                                                collect_log };
