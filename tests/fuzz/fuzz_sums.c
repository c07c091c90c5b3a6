/* libFuzzer target: SHA256SUMS manifests; what parses formats and parses back the same. */
#include "util/compat.h"
#include "core/integrity/sums.h"
#include "util/err.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sums s = SUMS_INIT, again = SUMS_INIT;
	struct buf out = BUF_INIT;

	if (sums_parse(&s, (const char *)data, size, "fuzz") == 0) {
		if (sums_format(&out, &s) < 0 ||
		    sums_parse(&again, out.ptr, out.len, "again") < 0 || again.n != s.n)
			__builtin_trap();
		for (size_t i = 0; i < s.n; i++)
			if (strcmp(s.v[i].name, again.v[i].name) ||
			    memcmp(s.v[i].sha256, again.v[i].sha256, 32))
				__builtin_trap();
	}
	sums_release(&s);
	sums_release(&again);
	buf_release(&out);
	err_clear();
	return 0;
}
