/*
 * libFuzzer target: the bundle reader and verifier (core/bundle/bundle.h) over
 * arbitrary bytes: the tar reader with its limits, the manifest, the member
 * checks, signatures, DSSE envelopes, the checkpoint and the proofs. The key
 * is the one that signed the seeds (tests/fuzz/corpus/fuzz_bundle), so a
 * mutation that keeps the manifest reaches the checks behind its signature.
 */
#include "util/compat.h"
#include "core/bundle/bundle.h"
#include "util/err.h"
#include "util/hash.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char pubkey[] = "RWRA5P31Q6+tDgqi40p0hbyWl9cWmc8s9s00GsfQUNTYJkn5ekzdreQ8";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct minisign_pubkey k;
	static bool init;
	struct bundle_result r = BUNDLE_RESULT_INIT;

	if (!init) {
		hash_init();
		if (minisign_pubkey_parse(&k, pubkey, strlen(pubkey)) < 0)
			abort();
		init = true;
	}
	bundle_verify(&r, NULL, data, size, &k, NULL);
	bundle_result_release(&r);
	err_clear();
	return 0;
}
