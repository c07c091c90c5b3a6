/*
 * fuzz_csaf: the CSAF 2.0 mandatory tests on any JSON document (vjson_parse, then
 * csaf_check: product-tree walks, relationship cycles, version numbers, CVSS objects).
 */
#include "util/compat.h"
#include "core/disclose/csaf.h"
#include "util/json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct csaf_report r = CSAF_REPORT_INIT;
	json_t *doc = NULL;

	if (size > (1 << 20) || vjson_parse(&doc, (const char *)data, size, "fuzz.json") < 0)
		return 0;
	csaf_check(&r, doc);
	csaf_report_release(&r);
	json_decref(doc);
	return 0;
}
