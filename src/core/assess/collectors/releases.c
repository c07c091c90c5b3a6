/*
 * releases.c: 3.1.1: customers can verify the integrity of what is released.
 *
 * The release folder ([evidence] releases) holds the artefacts. An artefact
 * is signed when a SHA256SUMS in the folder lists it with its hash and
 * SHA256SUMS.minisig verifies with the configured release key
 * ([evidence] public_key), or when its own NAME.minisig verifies with that
 * key. A name SHA256SUMS lists but the folder lacks, a hash that differs,
 * a SHA256SUMS whose signature is missing or by another key fail the claim.
 * Provenance ([evidence] provenance, DSSE envelopes of in-toto statements)
 * is checked when configured: its signature must verify with the release
 * key and every subject must be an artefact of the folder.
 */
#include "util/compat.h"
#include "core/assess/collect.h"
#include "core/integrity/minisign.h"
#include "core/release/artefacts.h"
#include "util/alloc.h"
#include "util/err.h"

static void collect_releases(struct assess_ctx *x)
{
	struct assessment *a = x->a;
	struct assess_result *r = ac_res(a, "3.1.1");
	const struct assess_config *c = a->cfg;
	struct minisign_pubkey pub;
	struct artefacts art = ARTEFACTS_INIT;
	size_t nprov = 0;

	if (!c->releases_dir || artefacts_read(&art, c->releases_dir) < 0) {
		ac_set(r, ST_NOT_MET, "No release folder %s.",
		       c->releases_dir ? "could be read" : "is configured");
		ac_gap(r, "Sign every release artefact (`vouch sign`, or a signed SHA256SUMS with "
		          "`vouch sign --sums`) and set [evidence] releases to the folder and "
		          "public_key to the release public key.");
		goto done;
	}
	if (!c->public_key || minisign_pubkey_load(&pub, c->public_key) < 0) {
		ac_set(r, ST_NOT_MET,
		       "No release public key is configured to verify the release signatures.");
		ac_gap(r, "Set [evidence] public_key to the release signing public key.");
		goto done;
	}
	ac_evidence(x, r, c->public_key, "minisign");
	artefacts_check_signatures(&art, &pub);
	for (size_t i = 0; i < c->nprovenance; i++)
		nprov += artefacts_check_provenance(&art, c->provenance[i],
		                                    ac_show(x, c->provenance[i]), &pub);
	for (size_t i = 0; i < art.nfiles; i++)
		ac_evidence(x, r, art.files[i].path, art.files[i].kind);
	if (!art.n) {
		ac_set(r, ST_NOT_MET, "The release folder '%s' holds no artefact.",
		       ac_show(x, c->releases_dir));
		ac_gap(r, "Put the released artefacts and their signatures there.");
	} else if (art.nsigned == art.n && !art.problems.len) {
		ac_set(r, ST_MET,
		       "All %zu release artefacts verify with the configured release key (%zu "
		       "through a signed SHA256SUMS listing %zu file(s)), so customers can check "
		       "what they receive",
		       art.n, art.nsums, art.nlisted);
		if (c->nprovenance)
			buf_addf(&r->argument,
			         "; %zu provenance statement(s) verify and name only "
			         "these artefacts.",
			         nprov);
		else
			buf_adds(&r->argument, "; no provenance is configured.");
	} else {
		ac_set(r, ST_NOT_MET,
		       "Of %zu release artefacts, %zu verify with the configured "
		       "release key",
		       art.n, art.nsigned);
		if (art.nunsigned)
			buf_addf(&r->argument, "; without a valid signature: %s%s",
			         art.unsigned_names.ptr,
			         art.nunsigned > ARTEFACTS_MAX_SHOWN ? " and more" : "");
		if (art.problems.len)
			buf_addf(&r->argument, "; %s", art.problems.ptr);
		buf_adds(&r->argument, ".");
		ac_gap(r, "Sign every artefact with the release key (`vouch sign --secret KEY "
		          "FILE...` or `vouch sign --sums DIR`), publish the signatures, keep "
		          "SHA256SUMS in step with the folder, and fix the provenance named.");
	}
done:
	artefacts_release(&art);
}

const struct assess_collector assess_collector_releases = { "releases", "3.1.1", collect_releases };
