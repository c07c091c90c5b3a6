/* libFuzzer target: JUnit XML; a read either fails cleanly or counts consistently. */
#include "util/compat.h"
#include "core/formats/junit.h"
#include "util/err.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct junit_result r = JUNIT_RESULT_INIT;

	if (junit_read(&r, (const char *)data, size, "fuzz") == 0) {
		if (r.failures + r.errors + r.skipped > r.tests || r.nfailed > JUNIT_MAX_FAILED ||
		    r.nfailed > r.failures + r.errors)
			__builtin_trap();
		for (size_t i = 0; i < r.nfailed; i++)
			if (!r.failed[i])
				__builtin_trap();
	}
	junit_release(&r);
	err_clear();
	return 0;
}
