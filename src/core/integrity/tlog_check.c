/*
 * tlog_check.c: checking a log's stored checkpoints against the log (the
 * second half of `vouch log verify`; tlog_verify_tree is the first).
 */
#include "util/compat.h"
#include "core/integrity/tlog.h"
#include "core/integrity/note.h"
#include "util/alloc.h"
#include "util/err.h"

/*
 * Checks one stored checkpoint: its note parses, its stored key signed it,
 * the trusted key (when given) signed it, and its size and root are the
 * log's. *out gets its tree size and root.
 */
static int check_checkpoint(struct checkpoint *out, struct tlog *log,
                            const struct tlog_checkpoint *c, const uint8_t *trusted_pk)
{
	struct note n = NOTE_INIT;
	char label[64], *kname = NULL;
	uint32_t kid;
	uint8_t pk[32];
	struct merkle_hash root;
	int r;

	snprintf(label, sizeof(label), "checkpoint %" PRIu64, c->seq);
	if ((r = note_parse(&n, c->note.ptr, c->note.len, label)) < 0)
		goto done;
	if ((r = note_vkey_parse(&kname, &kid, pk, c->vkey.ptr, c->vkey.len)) < 0) {
		r = err_prefix("%s: stored key: ", label);
		goto done;
	}
	if ((r = checkpoint_verify(out, &n, kname, pk, label)) < 0)
		goto done;
	if (trusted_pk && (r = note_verify_ed25519(&n, kname, trusted_pk)) < 0) {
		r = err_prefix("%s is not signed by the --public key: ", label);
		goto done;
	}
	if (out->size > log->size) {
		r = err_set(ERR_VERIFY, "%s: size %" PRIu64 " but the log has %" PRIu64 " entries",
		            label, out->size, log->size);
		goto done;
	}
	if ((r = tlog_root(&root, log, out->size)) < 0)
		goto done;
	if (memcmp(root.b, out->root, 32))
		r = err_set(ERR_VERIFY, "%s: its root for size %" PRIu64 " is not the log's", label,
		            out->size);
done:
	if (r < 0 && r != ERR_IO && r != ERR_VERIFY)
		r = ERR_VERIFY;
	note_release(&n);
	free(kname);
	return r;
}

int tlog_verify_checkpoints(size_t *out_count, struct tlog *log, const uint8_t *trusted_pk)
{
	struct tlog_checkpoints cps = TLOG_CHECKPOINTS_INIT;
	struct checkpoint prev = CHECKPOINT_INIT, cur = CHECKPOINT_INIT;
	struct merkle_path *path = xmalloc(sizeof(*path));
	struct merkle_source src;
	int r;

	*out_count = 0;
	if ((r = tlog_checkpoints_load(&cps, log)) < 0)
		goto done;
	tlog_source(&src, log);
	for (size_t i = 0; i < cps.n; i++) {
		if ((r = check_checkpoint(&cur, log, &cps.v[i], trusted_pk)) < 0)
			goto done;
		/* One log, one origin: a checkpoint of another log has no place here. */
		if (i > 0 && strcmp(cur.origin, prev.origin)) {
			r = err_set(ERR_VERIFY,
			            "checkpoint %zu: origin '%s' is not checkpoint %zu's '%s'",
			            i + 1, cur.origin, i, prev.origin);
			goto done;
		}
		if (i > 0 && cur.size < prev.size) {
			r = err_set(ERR_VERIFY,
			            "checkpoint %zu: size %" PRIu64
			            " is smaller than checkpoint %zu's %" PRIu64,
			            i + 1, cur.size, i, prev.size);
			goto done;
		}
		/* Consistent with the one before: an RFC 9162 proof between the two must verify. */
		if (i > 0 && prev.size > 0) {
			if ((r = merkle_consistency_proof(path, &src, prev.size, cur.size)) < 0)
				goto done;
			if ((r = merkle_verify_consistency(prev.size, cur.size, prev.root, 32,
			                                   cur.root, 32, path->h, path->n)) < 0) {
				r = err_prefix(
				        "checkpoint %zu is not consistent with checkpoint %zu: ",
				        i + 1, i);
				goto done;
			}
		}
		checkpoint_release(&prev);
		prev = cur;
		cur = (struct checkpoint)CHECKPOINT_INIT;
	}
	*out_count = cps.n;
done:
	free(path);
	checkpoint_release(&prev);
	checkpoint_release(&cur);
	tlog_checkpoints_release(&cps);
	return r;
}
