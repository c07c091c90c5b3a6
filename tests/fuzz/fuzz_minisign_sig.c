/* libFuzzer target: .minisig signature files, then verification against a fixed key. */
#include "util/compat.h"
#include "core/integrity/minisign.h"
#include "util/err.h"
#include "util/hash.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct minisign_pubkey k;
	static bool init;
	struct minisign_sig s = MINISIGN_SIG_INIT;

	if (!init) {
		hash_init();
		memset(&k, 0x42, sizeof(k));
		init = true;
	}
	if (minisign_sig_parse(&s, (const char *)data, size, "fuzz") == 0) {
		if (!s.trusted || !s.untrusted)
			__builtin_trap();
		minisign_sig_verify_buf(&s, &k, "data", 4, MINISIGN_LEGACY_OK);
		minisign_sig_verify_buf(&s, &k, "data", 4, 0);
	}
	minisign_sig_release(&s);
	err_clear();
	return 0;
}
