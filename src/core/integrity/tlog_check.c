/*
 * tlog_check.c: verifying a whole log, its stored checkpoints against the
 * tree recomputed from its entries (`vouch log verify`).
 */
#include "util/compat.h"
#include "core/integrity/tlog.h"
#include "core/integrity/note.h"
#include "util/alloc.h"
#include "util/err.h"

/*
 * Checks one stored checkpoint's signatures: its note parses, its stored key
 * signed it, the trusted key (when given) signed it, its origin is the key's
 * name, and its size is within the log. *out gets its tree size and root.
 */
static int check_checkpoint(struct checkpoint *out, struct tlog *log,
                            const struct tlog_checkpoint *c, const uint8_t *trusted_pk)
{
	struct note n = NOTE_INIT;
	char label[64], *kname = NULL;
	uint32_t kid;
	uint8_t pk[32];
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
	if (out->size > log->size)
		r = err_set(ERR_VERIFY, "%s: size %" PRIu64 " but the log has %" PRIu64 " entries",
		            label, out->size, log->size);
done:
	if (r < 0 && r != ERR_IO && r != ERR_VERIFY)
		r = ERR_VERIFY;
	note_release(&n);
	free(kname);
	return r;
}

int tlog_verify(uint64_t *out_bad, size_t *out_count, struct merkle_hash *out_root,
                struct tlog *log, const uint8_t *trusted_pk)
{
	struct tlog_checkpoints cps = TLOG_CHECKPOINTS_INIT;
	struct checkpoint *cp = NULL;
	struct merkle_hash *roots = NULL;
	uint64_t *sizes = NULL;
	size_t n = 0;
	int r;

	*out_bad = UINT64_MAX;
	*out_count = 0;
	if ((r = tlog_checkpoints_load(&cps, log)) < 0)
		goto done;
	cp = xcalloc(cps.n + 1, sizeof(*cp));
	sizes = xcalloc(cps.n + 1, sizeof(*sizes));
	roots = xcalloc(cps.n + 1, sizeof(*roots));
	for (; n < cps.n; n++) {
		if ((r = check_checkpoint(&cp[n], log, &cps.v[n], trusted_pk)) < 0)
			goto done;
		/* One log, one origin: a checkpoint of another log has no place here. */
		if (n > 0 && strcmp(cp[n].origin, cp[n - 1].origin)) {
			r = err_set(ERR_VERIFY,
			            "checkpoint %zu: origin '%s' is not checkpoint %zu's '%s'",
			            n + 1, cp[n].origin, n, cp[n - 1].origin);
			goto done;
		}
		if (n > 0 && cp[n].size < cp[n - 1].size) {
			r = err_set(ERR_VERIFY,
			            "checkpoint %zu: size %" PRIu64
			            " is smaller than checkpoint %zu's %" PRIu64,
			            n + 1, cp[n].size, n, cp[n - 1].size);
			goto done;
		}
		sizes[n] = cp[n].size;
	}
	sizes[n] = log->size;
	if ((r = tlog_verify_tree_roots(out_bad, log, sizes, roots, n + 1)) < 0)
		goto done;
	*out_bad = UINT64_MAX;
	/*
	 * Each signed root against the root recomputed from the entries in that same
	 * pass: all are prefixes of one tree, so they are consistent with each other.
	 */
	for (size_t i = 0; i < n; i++)
		if (memcmp(roots[i].b, cp[i].root, 32)) {
			r = err_set(ERR_VERIFY,
			            "checkpoint %zu: its root for size %" PRIu64
			            " is not the log's",
			            i + 1, cp[i].size);
			goto done;
		}
	*out_count = n;
	*out_root = roots[n];
done:
	for (size_t i = 0; cp && i <= cps.n; i++)
		checkpoint_release(&cp[i]);
	free(cp);
	free(sizes);
	free(roots);
	tlog_checkpoints_release(&cps);
	return r;
}

int tlog_verify_checkpoints(size_t *out_count, struct tlog *log, const uint8_t *trusted_pk)
{
	struct merkle_hash root;
	uint64_t bad;

	return tlog_verify(&bad, out_count, &root, log, trusted_pk);
}
