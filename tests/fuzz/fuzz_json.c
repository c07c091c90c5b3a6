/*
 * fuzz_json: the JSON reader (util/json.h) and, on what it accepts, the
 * writer: parse, write back with jw_value, parse again and compare. Any
 * input quoted by json_quote must parse back as a string (valid UTF-8
 * whatever the bytes), equal to the input when the input is valid UTF-8
 * without NUL.
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

	if (json_quote(&out, (const char *)data, size) < 0 ||
	    vjson_parse(&v, out.ptr, out.len, "quoted") < 0 || !json_is_string(v))
		abort();
	if (json_utf8_valid((const char *)data, size) &&
	    (json_string_length(v) != size || memcmp(json_string_value(v), data, size)))
		abort();
	json_decref(v);
	v = NULL;
	buf_reset(&out);
	if (vjson_parse(&v, (const char *)data, size, "fuzz") < 0) {
		buf_release(&out);
		return 0;
	}
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
