/*
 * libFuzzer target: minisign secret key files. Only keys without a password
 * are opened (a password makes each input cost an scrypt run); encrypted ones
 * go through the header checks in minisign_seckey_probe().
 */
#include "util/compat.h"
#include "core/integrity/minisign.h"
#include "util/err.h"
#include "util/hash.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct minisign_seckey k;
	static bool init;

	if (!init) {
		hash_init();
		init = true;
	}
	if (minisign_seckey_probe((const char *)data, size, "fuzz") == 0 &&
	    minisign_seckey_parse(&k, (const char *)data, size, "fuzz", NULL) == 0)
		minisign_seckey_wipe(&k);
	err_clear();
	return 0;
}
