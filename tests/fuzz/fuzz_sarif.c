/* libFuzzer target: the SARIF 2.1.0 reader (formats/sarif_read.h). */
#include "util/compat.h"
#include "core/formats/sarif_read.h"
#include "util/err.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sarif_log log = SARIF_LOG_INIT;

	if (size > ((size_t)4 << 20))
		return 0;
	sarif_read(&log, (const char *)data, size, "fuzz.sarif");
	for (size_t i = 0; i < log.n; i++)
		if (log.v[i].run >= log.nruns || !log.v[i].message)
			__builtin_trap();
	sarif_log_release(&log);
	err_clear();
	return 0;
}
