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

static int verify_checkpoint(struct checkpoint *cp, struct tlog *log,
                             const struct tlog_checkpoint *c, const uint8_t *trusted)
{
	struct note n = NOTE_INIT;
	char *kname = NULL;
	uint32_t kid;
	uint8_t pk[32];
	struct merkle_hash root;
	int r;

	if ((r = note_parse(&n, c->note.ptr, c->note.len, "checkpoint")) < 0 ||
	    (r = checkpoint_parse(cp, n.text, n.textlen, "checkpoint")) < 0 ||
	    (r = note_vkey_parse(&kname, &kid, pk, c->vkey.ptr, c->vkey.len)) < 0 ||
	    (r = note_verify_ed25519(&n, kname, trusted ? trusted : pk)) < 0)
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
	bool have_pub = false, tree_ok;
	uint64_t bad;

	if (!c->log_dir || tlog_open(&log, c->log_dir, 0) < 0) {
		for (size_t i = 0; i < 4; i++) {
			ac_set(all[i], ST_NOT_MET, "No build-environment log %s%s%s.",
			       c->log_dir ? "at '" : "is configured", c->log_dir ? c->log_dir : "",
			       c->log_dir ? "' could be opened" : "");
			ac_gap(all[i], "Record build-environment changes with `vouch env diff "
			               "--log DIR` or "
			               "`vouch log append`, sign checkpoints with `vouch log "
			               "checkpoint`, and "
			               "set "
			               "[evidence] log = \"DIR\".");
		}
		goto done;
	}
	for (size_t i = 0; i < 4; i++)
		ac_evidence(x, all[i], c->log_dir, "tlog");
	if (log.size)
		ac_set(r1, ST_MET, "The build-environment log holds %" PRIu64 " entries.",
		       log.size);
	else {
		ac_set(r1, ST_NOT_MET, "The build-environment log is empty.");
		ac_gap(r1, "Append each build-environment change (`vouch env diff --log`).");
	}
	tree_ok = tlog_verify_tree(&bad, &log) == 0;
	if (tree_ok && log.size)
		ac_set(r3, ST_MET,
		       "Every one of the %" PRIu64
		       " entries re-hashes to the stored Merkle tree, so "
		       "the log can be audited in full; it is append-only, so nothing is dropped.",
		       log.size);
	else if (!tree_ok) {
		ac_set(r3, ST_NOT_MET, "The log does not verify: %s.", err_msg());
		ac_gap(r3, "Investigate the tampering or corruption; `vouch log verify` gives "
		           "details.");
	} else {
		ac_set(r3, ST_NOT_MET, "The log is empty, so there is nothing to audit.");
		ac_gap(r3, "Append build-environment changes to the log.");
	}
	if (c->public_key && minisign_pubkey_load(&pub, c->public_key) == 0) {
		have_pub = true;
		ac_evidence(x, r2, c->public_key, "minisign");
		ac_evidence(x, r4, c->public_key, "minisign");
	} else if (c->public_key) {
		ac_warn(a, "%s", err_msg());
		a->partial = true;
	}
	if (tlog_checkpoints_load(&cps, &log) < 0 || !cps.n) {
		const char *why = cps.n ? err_msg() : "the log has no signed checkpoint";

		ac_set(r2, ST_NOT_MET,
		       "No signed checkpoint shows who approved the log's state: %s.", why);
		ac_gap(r2, "Sign a checkpoint with the maintainers' key: `vouch log checkpoint`.");
		ac_set(r4, ST_NOT_MET, "The log's state is not protected by a signature: %s.", why);
		ac_gap(r4, "Sign a checkpoint after each append: `vouch log checkpoint`.");
	} else {
		struct checkpoint cp;
		const struct tlog_checkpoint *last = &cps.v[cps.n - 1];

		memset(&cp, 0, sizeof(cp));
		if (!have_pub) {
			ac_set(r2, ST_NOT_MET,
			       "The log has signed checkpoints, but no trusted public key is "
			       "configured to "
			       "say whose signature they carry.");
			ac_gap(r2, "Set [evidence] public_key to the maintainers' minisign public "
			           "key.");
		}
		if (verify_checkpoint(&cp, &log, last, have_pub ? pub.pk : NULL) < 0) {
			ac_set(r4, ST_NOT_MET,
			       "The latest checkpoint (%" PRIu64 ") does not verify: %s.",
			       last->seq, err_msg());
			ac_gap(r4, "Find out why; sign a new checkpoint with the trusted key.");
			if (have_pub) {
				ac_set(r2, ST_NOT_MET,
				       "The latest checkpoint is not signed by the trusted key.");
				ac_gap(r2, "Only the authorised key may sign checkpoints.");
			}
		} else {
			if (have_pub)
				ac_set(r2, ST_MET,
				       "The latest checkpoint is signed by the configured "
				       "maintainers' key, "
				       "so the log's state was approved by its holder.");
			if (!tree_ok)
				ac_set(r4, ST_NOT_MET,
				       "The checkpoint verifies, but the tree does not.");
			else if (cp.size < log.size) {
				ac_set(r4, ST_NOT_MET,
				       "The latest checkpoint covers %" PRIu64 " of %" PRIu64
				       " entries; the rest are not yet protected by a signature.",
				       cp.size, log.size);
				ac_gap(r4, "Sign a new checkpoint: `vouch log checkpoint`.");
			} else
				ac_set(r4, ST_MET,
				       "The log is a hash-chained Merkle tree and its latest "
				       "signed "
				       "checkpoint (%" PRIu64 ") covers all %" PRIu64 " entries.",
				       last->seq, log.size);
		}
		checkpoint_release(&cp);
	}
done:
	tlog_checkpoints_release(&cps);
	tlog_release(&log);
}

const struct assess_collector assess_collector_tlog = { "tlog", "2.2.1 2.2.2 2.2.3 2.2.4",
	                                                collect_log };
