/*
 * fuzz_json: the JSON reader (util/json.h) and, on what it accepts, the
 * writer: parse, write back with jw_value, parse again and compare.
 */
#include "util/compat.h"
#include "util/buf.h"
#include "util/json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *v = NULL, *back = NULL;
	struct buf out = BUF_INIT;
	struct jw w;

	if (vjson_parse(&v, (const char *)data, size, "fuzz") < 0)
		return 0;
	jw_init(&w, &out, size & 1);
	jw_value(&w, v, false);
	/* the writer caps nesting at JW_MAX_DEPTH; deeper values are an error, not a crash */
	if (jw_finish(&w) == 0) {
		if (vjson_parse(&back, out.ptr, out.len, "round-trip") < 0)
			abort();
		if (!json_equal(v, back)) {
			/* reals print in shortest round-trip form, so equality must hold */
			abort();
		}
		json_decref(back);
	}
	json_decref(v);
	buf_release(&out);
	return 0;
}
