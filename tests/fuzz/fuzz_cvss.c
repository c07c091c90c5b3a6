/* libFuzzer target: the CVSS vector parser and scorer, in both order modes. */
#include "util/compat.h"
#include "core/vulndb/cvss.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cvss c;

	if (cvss_parse(&c, (const char *)data, size, 0) == 0 && (c.score10 < 0 || c.score10 > 100))
		__builtin_trap();
	if (cvss_parse(&c, (const char *)data, size, CVSS_ANY_ORDER) == 0 &&
	    (c.score10 < 0 || c.score10 > 100))
		__builtin_trap();
	return 0;
}
