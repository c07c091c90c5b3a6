/*
 * proofdoc.h: the JSON proof documents printed by `vouch log prove` and
 * `vouch log consistency`, read back for offline verification.
 *
 *   inclusion    {"index": I, "size": N, "root": HEX, "path": [HEX...]}
 *   consistency  {"old": M, "size": N, "path": [HEX...]}
 *
 * Hashes are 64 lower- or upper-case hex digits. Sizes and indexes are
 * integers in 0..MERKLE_MAX_SIZE. A document is at most PROOFDOC_MAX_SIZE
 * bytes; its path at most MERKLE_MAX_PATH hashes.
 */
#ifndef VOUCH_PROOFDOC_H
#define VOUCH_PROOFDOC_H

#include "util/compat.h"
#include "core/integrity/merkle.h"

#define PROOFDOC_MAX_SIZE ((size_t)64 << 10)

struct proofdoc {
	bool inclusion; /* else consistency */
	uint64_t index; /* inclusion */
	uint64_t old;   /* consistency */
	uint64_t size;
	bool has_root;
	struct merkle_hash root; /* inclusion documents carry the root they lead to */
	struct merkle_path path;
};

/* Parses a document; ERR_PARSE "NAME: what" (or "NAME:LINE:COLUMN: what" from JSON). */
int proofdoc_parse(struct proofdoc *out, const char *data, size_t len, const char *name);

#endif
