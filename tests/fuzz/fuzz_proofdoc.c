/*
 * fuzz_proofdoc: the proof documents of `vouch log prove` / `consistency`
 * (core/integrity/proofdoc.h), and RFC 9162 verification of whatever they
 * hold against a fixed root: must never crash, and a proof that verifies
 * must have the length the tree shape allows.
 */
#include "util/compat.h"
#include "core/integrity/proofdoc.h"

#include <sodium.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct proofdoc d;
	struct merkle_hash leaf;

	if (sodium_init() < 0)
		abort();
	if (proofdoc_parse(&d, (const char *)data, size, "fuzz") < 0)
		return 0;
	memset(leaf.b, 7, sizeof(leaf.b));
	if (d.inclusion) {
		const uint8_t *root = d.has_root ? d.root.b : leaf.b;

		if (merkle_verify_inclusion(d.index, d.size, &leaf, d.path.h, d.path.n, root, 32) ==
		            0 &&
		    d.path.n > 64)
			abort();
	} else {
		(void)merkle_verify_consistency(d.old, d.size, leaf.b, 32, d.root.b, 32, d.path.h,
		                                d.path.n);
	}
	return 0;
}
