/*
 * fuzz_advisory: the advisory reader (TOML, and JSON when the input starts with '{'),
 * then, for an advisory it accepts, the CSAF, OSV and OpenVEX writers and the CSAF
 * checker on what was written (which must pass: a failure aborts).
 */
#include "util/compat.h"
#include "core/disclose/advisory.h"
#include "core/disclose/csaf.h"
#include "util/json.h"

#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct advisory a = ADVISORY_INIT;
	const char *name = size && data[0] == '{' ? "fuzz.json" : "fuzz.toml";
	struct buf out = BUF_INIT;

	if (advisory_parse(&a, (const char *)data, size, name) == 0) {
		struct csaf_report r = CSAF_REPORT_INIT;
		json_t *doc = NULL;

		if (advisory_csaf(&out, &a, "https://example.com/.well-known/csaf", 0) == 0 &&
		    vjson_parse(&doc, out.ptr, out.len, "csaf.json") == 0) {
			csaf_check(&r, doc);
			if (r.nerrors)
				abort(); /* vouch would refuse to publish it: a writer bug */
		}
		csaf_report_release(&r);
		json_decref(doc);
		buf_reset(&out);
		advisory_osv(&out, &a, "https://example.com/.well-known/csaf");
		buf_reset(&out);
		advisory_openvex(&out, &a, "https://example.com/.well-known/csaf", 0);
	}
	advisory_release(&a);
	buf_release(&out);
	return 0;
}
