/*
 * json.h: JSON in and out.
 *
 * Reading goes through jansson (chosen by measurement, see bench/json-libs/),
 * wrapped here so that every parse in vouch has the same limits and the same
 * error messages. Documents are parsed strictly to RFC 8259 (no comments, no
 * trailing commas, valid UTF-8 only, one value, nothing after it), nesting is
 * capped at 2048 levels by jansson's parser, and the input size by the caller.
 * Any JSON value may be the whole document (RFC 8259). Strings may contain
 * "\u0000"; vjson_str() refuses those, so code that wants C strings never sees
 * a truncated one. Object keys are C strings: a "\u0000" in a key (legal, and
 * seen only in conformance suites) is read as U+FFFD.
 *
 * The values are jansson's json_t; use its accessors (json_object_get,
 * json_array_size, ...) and release with json_decref().
 *
 * Writing goes through struct jw, a streaming writer into a struct buf that
 * produces deterministic bytes: keys in the order written, two-space indents
 * or compact, minimal escaping, "\n" at the end of a pretty document, and
 * always valid UTF-8 (see json_quote).
 */
#ifndef VOUCH_JSON_H
#define VOUCH_JSON_H

#include "util/compat.h"
#include "util/buf.h"

#include <jansson.h>

#define VJSON_MAX_SIZE  ((size_t)64 << 20) /* default cap on one document */
#define VJSON_MAX_DEPTH 2048               /* jansson's JSON_PARSER_MAX_DEPTH */
/* cap on the memory a parsed document is estimated to take (objects, values, text) */
#define VJSON_MAX_MEMORY ((size_t)512 << 20)

/*
 * Parses len bytes. On error returns ERR_PARSE (or ERR_TOOBIG for the depth
 * cap) with the message "NAME:LINE:COLUMN: what" and *out untouched.
 */
int vjson_parse(json_t **out, const char *data, size_t len, const char *name);

/* Reads path (at most max bytes, 0 for VJSON_MAX_SIZE) and parses it. */
int vjson_load_file(json_t **out, const char *path, size_t max);

/* The string member key of obj, or NULL when absent, not a string or holding a NUL. */
const char *vjson_str(const json_t *obj, const char *key);
/* The same for a string value. */
const char *vjson_strval(const json_t *v);

/* Streaming writer. */
#define JW_MAX_DEPTH 64

struct jw {
	struct buf *out;
	bool pretty;
	int depth;
	bool need_comma[JW_MAX_DEPTH];
	bool after_key;
	int err;          /* first error (ERR_TOOBIG from the buffer, or a nesting error) */
	size_t start;     /* out->len at jw_init(): where the document begins */
	uint64_t flushed; /* bytes handed to the sink so far */
	int (*sink)(void *arg, struct buf *piece);
	void *sink_arg;
	size_t sink_every;
};

void jw_init(struct jw *w, struct buf *out, bool pretty);
/*
 * Streams the document: once out holds at least every bytes of it (checked
 * between values, so a piece may be longer by one string), out is handed to
 * sink, which takes the piece (out->ptr[0..out->len)) and leaves out empty:
 * either by reading it and calling buf_reset(out), or by exchanging out's
 * memory for an empty buffer of its own (no copy of the piece is made).
 * jw_finish() hands over the rest. A negative return from sink becomes
 * w->err and ends the writing (sink sets err_msg()). The document must start
 * at the beginning of out (out->len 0 at jw_init()).
 */
void jw_set_sink(struct jw *w, int (*sink)(void *arg, struct buf *piece), void *arg, size_t every);
/* The length of the document so far (handed to the sink or still in out). */
uint64_t jw_offset(const struct jw *w);
void jw_obj_begin(struct jw *w);
void jw_obj_end(struct jw *w);
void jw_arr_begin(struct jw *w);
void jw_arr_end(struct jw *w);
void jw_key(struct jw *w, const char *key);
void jw_str(struct jw *w, const char *s);
void jw_strn(struct jw *w, const char *s, size_t n);
/*
 * A key or a string of n bytes that the caller knows needs no escaping: only
 * printable ASCII (0x20 to 0x7e) but '"' and '\\', as in a literal of the
 * code. Written without the check jw_key() and jw_strn() make; JW_KEY and
 * JW_STR take a literal and its length.
 */
void jw_key_plain(struct jw *w, const char *key, size_t n);
void jw_str_plain(struct jw *w, const char *s, size_t n);
#define JW_KEY(w, lit) jw_key_plain((w), "" lit, sizeof(lit) - 1)
#define JW_STR(w, lit) jw_str_plain((w), "" lit, sizeof(lit) - 1)
/*
 * A key (a literal that needs no escaping, as JW_KEY) and its string value
 * in one step: what JW_KEY() then jw_str() write (s NULL: null), with one
 * reservation of room instead of two.
 */
void jw_kstr_plain(struct jw *w, const char *key, size_t klen, const char *s);
#define JW_KSTR(w, lit, s) jw_kstr_plain((w), "" lit, sizeof(lit) - 1, (s))
void jw_int(struct jw *w, int64_t v);
void jw_uint(struct jw *w, uint64_t v);
/* A number printed with the shortest "%.*g" form that reads back the same. */
void jw_double(struct jw *w, double v);
/* A number already formatted, written as is (e.g. "9.8"). */
void jw_number_raw(struct jw *w, const char *num);
void jw_bool(struct jw *w, bool v);
void jw_null(struct jw *w);
/* Writes a jansson value (objects keep their order, or sorted keys when sort_keys). */
void jw_value(struct jw *w, const json_t *v, bool sort_keys);

/* Shorthands for a key and a value. */
void jw_kstr(struct jw *w, const char *key, const char *s);
void jw_kint(struct jw *w, const char *key, int64_t v);
void jw_kbool(struct jw *w, const char *key, bool v);

/* Ends the document (a final newline when pretty), flushes it to the sink if any; returns w->err. */
int jw_finish(struct jw *w);

/*
 * Appends s[0..n) as a JSON string literal, quotes included, so that the
 * output is always valid UTF-8 and valid JSON whatever the bytes (file
 * names and messages are not always UTF-8): well-formed UTF-8 is copied as
 * is; each ill-formed sequence (stray continuation bytes, C0/C1/F5..FF,
 * overlongs, UTF-16 surrogates, code points above U+10FFFF, a sequence cut
 * short) becomes one U+FFFD per maximal subpart (Unicode section 3.9); '"',
 * '\\' and the control characters U+0000..U+001F and U+007F are escaped.
 * Every jw_* string (keys and values) goes through it.
 */
int json_quote(struct buf *out, const char *s, size_t n);

/* True when s[0..n) is well-formed UTF-8 by the rules json_quote applies. */
bool json_utf8_valid(const char *s, size_t n);

/* The length of the well-formed UTF-8 sequence s[0..n) starts with (n > 0), or 0. */
size_t json_utf8_len(const char *s, size_t n);

#endif
