/* libFuzzer target: minisign public keys (file form and bare base64). */
#include "util/compat.h"
#include "core/integrity/minisign.h"
#include "util/err.h"
#include "util/hash.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct minisign_pubkey k;
	struct buf out = BUF_INIT;
	static bool init;

	if (!init) {
		hash_init();
		init = true;
	}
	if (minisign_pubkey_parse(&k, (const char *)data, size) == 0) {
		/* what parses re-encodes and parses back to the same key */
		struct minisign_pubkey again;

		if (minisign_pubkey_encode(&out, &k) < 0 ||
		    minisign_pubkey_parse(&again, out.ptr, out.len) < 0 ||
		    memcmp(&k, &again, sizeof(k)))
			__builtin_trap();
	}
	buf_release(&out);
	err_clear();
	return 0;
}
