/* libFuzzer target: DSSE envelopes, verification, and the in-toto Statement check. */
#include "util/compat.h"
#include "core/integrity/dsse.h"
#include "core/integrity/provenance.h"
#include "util/err.h"
#include "util/hash.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct minisign_pubkey k;
	static bool init;
	struct dsse_envelope e = DSSE_ENVELOPE_INIT;
	json_t *st = NULL;

	if (!init) {
		hash_init();
		memset(&k, 0x42, sizeof(k));
		init = true;
	}
	if (dsse_parse(&e, (const char *)data, size, "fuzz") == 0) {
		dsse_verify(&e, &k);
		/* the statement checker is reached only after a signature in real use; fuzz it anyway */
		if (statement_check(&st, (const char *)e.payload, e.payload_len, "fuzz") == 0)
			json_decref(st);
	}
	dsse_envelope_release(&e);
	err_clear();
	return 0;
}
