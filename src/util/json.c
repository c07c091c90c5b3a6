#include "util/compat.h"
#include "util/json.h"
#include "util/alloc.h"
#include "util/err.h"

#include <math.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* Line and column (1-based) of byte offset off, for error messages. */
static void position(const char *data, size_t off, int *line, int *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < off; i++) {
		if (data[i] == '\n') {
			(*line)++;
			*col = 1;
		} else {
			(*col)++;
		}
	}
}

/*
 * A copy of data in which every "\u0000" escape reads "\ufffd" (same length,
 * so error positions do not move). jansson keeps object keys as C strings and
 * rejects a NUL in a key; RFC 8259 allows it, so such a document is read with
 * the NUL shown as U+FFFD. No format vouch reads has such keys.
 */
static char *without_nul_escapes(const char *data, size_t len)
{
	char *c = xmemdupz(data, len);
	bool in_str = false;

	for (size_t i = 0; i < len; i++) {
		if (!in_str) {
			in_str = c[i] == '"';
			continue;
		}
		if (c[i] == '"') {
			in_str = false;
		} else if (c[i] == '\\' && i + 1 < len) {
			if (c[i + 1] == 'u' && i + 5 < len && !memcmp(c + i + 2, "0000", 4))
				memcpy(c + i + 2, "fffd", 4);
			i++;
		}
	}
	return c;
}

/*
 * What jansson will take to hold the document, estimated from its text
 * before parsing: an object costs about 256 bytes, an array 64, any other
 * value 48 (measured: 21 million empty objects in 62 MiB of text took
 * 4.8 GB), plus the text itself for the strings. A few bytes of input must
 * not become gigabytes of memory.
 */
static uint64_t parse_cost(const char *c, size_t len)
{
	uint64_t objects = 0, arrays = 0, commas = 0;
	bool in_str = false;

	for (size_t i = 0; i < len; i++) {
		if (in_str) {
			if (c[i] == '\\')
				i++;
			else if (c[i] == '"')
				in_str = false;
			continue;
		}
		switch (c[i]) {
		case '"':
			in_str = true;
			break;
		case '{':
			objects++;
			break;
		case '[':
			arrays++;
			break;
		case ',':
		case ':':
			commas++;
			break;
		}
	}
	return objects * 256 + arrays * 64 + (commas + 1) * 48 + len;
}

int vjson_parse(json_t **out, const char *data, size_t len, const char *name)
{
	const char *nul = memchr(data, '\0', len);
	uint64_t cost;
	json_error_t je;
	json_t *v;

	if (nul) {
		/* jansson stops at a raw NUL; RFC 8259 allows none anywhere. */
		int line, col;

		position(data, (size_t)(nul - data), &line, &col);
		return err_set(ERR_PARSE, "%s:%d:%d: NUL byte in JSON text", name, line, col);
	}
	if ((cost = parse_cost(data, len)) > VJSON_MAX_MEMORY)
		return err_set(ERR_TOOBIG,
		               "%s: %zu bytes of JSON with so many objects and values that they "
		               "would take about %llu MiB of memory (over the %zu MiB limit): not "
		               "read",
		               name, len, (unsigned long long)(cost >> 20), VJSON_MAX_MEMORY >> 20);
	v = json_loadb(data, len, JSON_DECODE_ANY | JSON_ALLOW_NUL, &je);
	if (!v && json_error_code(&je) == json_error_null_byte_in_key) {
		char *copy = without_nul_escapes(data, len);

		v = json_loadb(copy, len, JSON_DECODE_ANY | JSON_ALLOW_NUL, &je);
		free(copy);
	}
	if (!v) {
		int code =
		        json_error_code(&je) == json_error_stack_overflow ? ERR_TOOBIG : ERR_PARSE;

		return err_set(code, "%s:%d:%d: %s", name, je.line, je.column, je.text);
	}
	*out = v;
	return 0;
}

int vjson_load_file(json_t **out, const char *path, size_t max)
{
	struct buf b = BUF_INIT_MAX(max ? max : VJSON_MAX_SIZE);
	int r = buf_read_file(&b, path);

	if (r == 0)
		r = vjson_parse(out, b.ptr, b.len, path);
	buf_release(&b);
	return r;
}

const char *vjson_strval(const json_t *v)
{
	const char *s;

	if (!json_is_string(v))
		return NULL;
	s = json_string_value(v);
	if (strlen(s) != json_string_length(v))
		return NULL;
	return s;
}

const char *vjson_str(const json_t *obj, const char *key)
{
	return vjson_strval(json_object_get(obj, key));
}

/* Writer */

static void jw_fail(struct jw *w, int code)
{
	if (!w->err)
		w->err = code;
}

/*
 * Room for n more bytes at the end of out: where to write them, or NULL
 * after an error (kept in w->err). jw_wrote() then counts what was written.
 * The writer's hot paths reserve once per token and write into place.
 */
static inline char *jw_room(struct jw *w, size_t n)
{
	struct buf *b = w->out;

	if (w->err)
		return NULL;
	if (b->alloc - b->len <= n && buf_grow(b, n) < 0) {
		jw_fail(w, err_code());
		return NULL;
	}
	return b->ptr + b->len;
}

static inline void jw_wrote(struct jw *w, const char *end)
{
	w->out->len = (size_t)(end - w->out->ptr);
	w->out->ptr[w->out->len] = '\0';
}

static void jw_raw(struct jw *w, const char *s, size_t n)
{
	char *d = jw_room(w, n);

	if (d) {
		memcpy(d, s, n);
		jw_wrote(w, d + n);
	}
}

/*
 * The room jw_put_pre() needs: a comma, a newline and two spaces a level,
 * and 16 bytes of slack for jw_put_indent()'s fixed-size store.
 */
static inline size_t jw_pre_max(const struct jw *w)
{
	return 18 + 2 * (size_t)w->depth;
}

static inline char *jw_put_indent(const struct jw *w, char *d)
{
	if (w->pretty) {
		size_t k = 2 * (size_t)w->depth;

		*d++ = '\n';
		/* the usual depths in one fixed store, not a call to memset */
		if (k <= 16)
			memcpy(d, "                ", 16);
		else
			memset(d, ' ', k);
		d += k;
	}
	return d;
}

/* Writes at d the comma and indent before a value or key, as the position requires. */
static inline char *jw_put_pre(struct jw *w, char *d)
{
	if (w->after_key) {
		w->after_key = false;
		return d;
	}
	if (w->depth > 0) {
		if (w->need_comma[w->depth])
			*d++ = ',';
		w->need_comma[w->depth] = true;
		d = jw_put_indent(w, d);
	}
	return d;
}

#ifndef __SSE2__
/* Eight bytes, none of which json_quote() would change (the zero-byte tests are exact for "any"). */
static inline bool plain_word(uint64_t v)
{
	const uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
	uint64_t q = v ^ (ones * 0x22), b = v ^ (ones * 0x5c), d = v ^ (ones * 0x7f);

	return (((v - ones * 0x20) | v | ((q - ones) & ~q) | ((b - ones) & ~b) |
	         ((d - ones) & ~d)) &
	        highs) == 0;
}
#endif

/*
 * The length of the longest prefix of s[0..n) that json_quote() copies as it
 * is: printable ASCII but '"' and '\\'. Sixteen bytes at a time with SSE2
 * (every x86-64 has it): a byte below 0x20 or with the high bit is below
 * 0x20 as a signed byte; the others are compared one by one. Elsewhere eight
 * bytes at a time: a word holds none of the others when it has no byte below
 * 0x20, none with the high bit, and no 0x22, 0x5c or 0x7f (the zero-byte
 * tests are exact for "any").
 */
static size_t plain_prefix(const char *s, size_t n)
{
	static const char plain[257] = "00000000000000000000000000000000"
	                               "11011111111111111111111111111111"
	                               "11111111111111111111111111110111"
	                               "11111111111111111111111111111110"
	                               "00000000000000000000000000000000"
	                               "00000000000000000000000000000000"
	                               "00000000000000000000000000000000"
	                               "00000000000000000000000000000000";
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;

#ifdef __SSE2__
	if (n >= 16) {
		const __m128i ctl = _mm_set1_epi8(0x20), quote = _mm_set1_epi8('"'),
		              bslash = _mm_set1_epi8('\\'), del = _mm_set1_epi8(0x7f);

		for (;;) {
			/* the last sixteen end at n, overlapping what was checked */
			size_t at = i + 16 <= n ? i : n - 16;
			__m128i v = _mm_loadu_si128((const __m128i *)(const void *)(u + at));
			__m128i bad = _mm_or_si128(
			        _mm_or_si128(_mm_cmplt_epi8(v, ctl), _mm_cmpeq_epi8(v, quote)),
			        _mm_or_si128(_mm_cmpeq_epi8(v, bslash), _mm_cmpeq_epi8(v, del)));
			unsigned mask = (unsigned)_mm_movemask_epi8(bad);

			if (mask)
				return at + (size_t)__builtin_ctz(mask);
			if (at + 16 >= n)
				return n;
			i = at + 16;
		}
	}
#else
	for (; i + 8 <= n; i += 8) {
		uint64_t v;

		memcpy(&v, u + i, 8);
		if (!plain_word(v))
			break;
	}
	if (i < n && n >= 8 && i + 8 > n) {
		/* the last bytes: one word ending at n, overlapping what was checked */
		uint64_t v;

		memcpy(&v, u + n - 8, 8);
		if (plain_word(v))
			return n;
	}
#endif
	while (i < n && plain[u[i]] == '1')
		i++;
	return i;
}

static void jw_flush(struct jw *w)
{
	size_t n = w->out->len;

	if (w->err || !n)
		return;
	if (w->sink(w->sink_arg, w->out) < 0) {
		jw_fail(w, err_code());
		return;
	}
	if (w->out->len)
		BUG("a JSON writer's sink left its piece in place");
	w->flushed += n;
}

/* Between values: hands a full piece to the sink. */
static inline void jw_maybe_flush(struct jw *w)
{
	if (w->sink && w->out->len >= w->sink_every)
		jw_flush(w);
}

/* Comma and indent before a value or key, as the position requires. */
static void jw_pre(struct jw *w)
{
	char *d;

	jw_maybe_flush(w);
	if ((d = jw_room(w, jw_pre_max(w))))
		jw_wrote(w, jw_put_pre(w, d));
}

void jw_init(struct jw *w, struct buf *out, bool pretty)
{
	memset(w, 0, sizeof(*w));
	w->out = out;
	w->pretty = pretty;
	w->start = out->len;
}

void jw_set_sink(struct jw *w, int (*sink)(void *arg, struct buf *piece), void *arg, size_t every)
{
	if (w->start)
		BUG("a streamed JSON document must start at the beginning of its buffer");
	w->sink = sink;
	w->sink_arg = arg;
	w->sink_every = every;
}

uint64_t jw_offset(const struct jw *w)
{
	return w->flushed + (w->out->len - w->start);
}

static void jw_open(struct jw *w, char c)
{
	char *d;

	jw_maybe_flush(w);
	if ((d = jw_room(w, jw_pre_max(w) + 1))) {
		d = jw_put_pre(w, d);
		*d++ = c;
		jw_wrote(w, d);
	}
	if (w->depth + 1 >= JW_MAX_DEPTH) {
		jw_fail(w, err_set(ERR_TOOBIG, "JSON output nested too deeply"));
		return;
	}
	w->depth++;
	w->need_comma[w->depth] = false;
}

static void jw_close(struct jw *w, char c)
{
	bool had = w->depth > 0 && w->need_comma[w->depth];
	char *d;

	if (w->depth <= 0) {
		jw_fail(w, err_set(ERR_GENERIC, "unbalanced JSON output"));
		return;
	}
	w->depth--;
	if ((d = jw_room(w, jw_pre_max(w) + 1))) {
		if (had)
			d = jw_put_indent(w, d);
		*d++ = c;
		jw_wrote(w, d);
	}
}

void jw_obj_begin(struct jw *w)
{
	jw_open(w, '{');
}

void jw_obj_end(struct jw *w)
{
	jw_close(w, '}');
}

void jw_arr_begin(struct jw *w)
{
	jw_open(w, '[');
}

void jw_arr_end(struct jw *w)
{
	jw_close(w, ']');
}

/*
 * The length of the well-formed UTF-8 sequence at s[0..n) (Unicode 15,
 * table 3-7), or 0 when it is not one; then *bad is the length of its
 * maximal subpart (at least 1): the bytes that one U+FFFD replaces (the
 * Unicode "substitution of maximal subparts" practice, section 3.9).
 */
static size_t utf8_seq(const unsigned char *s, size_t n, size_t *bad)
{
	unsigned char c = s[0], lo = 0x80, hi = 0xbf;
	size_t need, i;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		need = 2;
	} else if (c >= 0xe0 && c <= 0xef) {
		need = 3;
		if (c == 0xe0)
			lo = 0xa0; /* no overlongs */
		else if (c == 0xed)
			hi = 0x9f; /* no surrogates */
	} else if (c >= 0xf0 && c <= 0xf4) {
		need = 4;
		if (c == 0xf0)
			lo = 0x90; /* no overlongs */
		else if (c == 0xf4)
			hi = 0x8f; /* nothing above U+10FFFF */
	} else {
		*bad = 1; /* a continuation byte, C0, C1, F5..FF */
		return 0;
	}
	for (i = 1; i < need; i++) {
		if (i >= n || s[i] < lo || s[i] > hi) {
			*bad = i;
			return 0;
		}
		lo = 0x80;
		hi = 0xbf;
	}
	return need;
}

size_t json_utf8_len(const char *s, size_t n)
{
	size_t bad;

	return utf8_seq((const unsigned char *)s, n, &bad);
}

bool json_utf8_valid(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, bad;

	while (i < n) {
		size_t k = utf8_seq(u + i, n - i, &bad);

		if (!k)
			return false;
		i += k;
	}
	return true;
}

int json_quote(struct buf *out, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *u = (const unsigned char *)s;
	size_t run = 0, i = plain_prefix(s, n);
	int r;

	/* the common case, a string that needs no escape: one copy */
	if (i == n) {
		char *w;

		if ((r = buf_grow(out, n + 2)) < 0)
			return r;
		w = out->ptr + out->len;
		w[0] = '"';
		memcpy(w + 1, s, n);
		w[n + 1] = '"';
		w[n + 2] = '\0';
		out->len += n + 2;
		return 0;
	}
	run = i;
	r = buf_addch(out, '"');

	while (r == 0 && i < n) {
		unsigned char c = u[i];
		char esc[7];
		const char *e = NULL;
		size_t elen = 2, len = 1, bad = 0;

		switch (c) {
		case '"':
			e = "\\\"";
			break;
		case '\\':
			e = "\\\\";
			break;
		case '\n':
			e = "\\n";
			break;
		case '\r':
			e = "\\r";
			break;
		case '\t':
			e = "\\t";
			break;
		case '\b':
			e = "\\b";
			break;
		case '\f':
			e = "\\f";
			break;
		default:
			if (c < 0x20 || c == 0x7f) {
				esc[0] = '\\';
				esc[1] = 'u';
				esc[2] = '0';
				esc[3] = '0';
				esc[4] = hex[c >> 4];
				esc[5] = hex[c & 15];
				e = esc;
				elen = 6;
			} else if (c >= 0x80 && (len = utf8_seq(u + i, n - i, &bad)) == 0) {
				e = "\xef\xbf\xbd"; /* U+FFFD for the maximal subpart */
				elen = 3;
				len = bad;
			}
		}
		if (!e) {
			run += len;
			i += len;
			continue;
		}
		if (run)
			r = buf_add(out, s + i - run, run);
		run = 0;
		if (r == 0)
			r = buf_add(out, e, elen);
		i += len;
	}
	if (r == 0 && run)
		r = buf_add(out, s + n - run, run);
	if (r == 0)
		r = buf_addch(out, '"');
	return r;
}

/*
 * jw_key_plain() and jw_str_plain() trust their caller; the sanitizer builds,
 * which run every test, hold them to it.
 */
#if defined(__SANITIZE_ADDRESS__)
#define CHECK_PLAIN(s, n)                                                                          \
	((void)(plain_prefix(s, n) == n || (BUG("'%.*s' needs escaping", (int)(n), s), 0)))
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CHECK_PLAIN(s, n)                                                                          \
	((void)(plain_prefix(s, n) == n || (BUG("'%.*s' needs escaping", (int)(n), s), 0)))
#endif
#endif
#ifndef CHECK_PLAIN
#define CHECK_PLAIN(s, n) ((void)0)
#endif

/* Writes at d a quoted key that needs no escaping and its colon; the end. */
static inline char *put_key(const struct jw *w, char *d, const char *key, size_t n)
{
	*d++ = '"';
	memcpy(d, key, n);
	d += n;
	*d++ = '"';
	*d++ = ':';
	if (w->pretty)
		*d++ = ' ';
	return d;
}

/* Writes at d a quoted string that needs no escaping; the end. */
static inline char *put_str(char *d, const char *s, size_t n)
{
	*d++ = '"';
	memcpy(d, s, n);
	d += n;
	*d++ = '"';
	return d;
}

void jw_key_plain(struct jw *w, const char *key, size_t n)
{
	char *d;

	CHECK_PLAIN(key, n);
	jw_maybe_flush(w);
	if (!(d = jw_room(w, st_add(jw_pre_max(w) + 4, n))))
		return;
	jw_wrote(w, put_key(w, jw_put_pre(w, d), key, n));
	w->after_key = true;
}

void jw_key(struct jw *w, const char *key)
{
	size_t n = strlen(key);

	if (plain_prefix(key, n) < n) {
		jw_pre(w);
		if (!w->err && json_quote(w->out, key, n) < 0)
			jw_fail(w, err_code());
		jw_raw(w, w->pretty ? ": " : ":", w->pretty ? 2 : 1);
		w->after_key = true;
		return;
	}
	jw_key_plain(w, key, n);
}

void jw_kstr_plain(struct jw *w, const char *key, size_t klen, const char *s)
{
	size_t n = s ? strlen(s) : 0;
	char *d;

	if (!s || plain_prefix(s, n) < n) {
		jw_key_plain(w, key, klen);
		if (s)
			jw_strn(w, s, n);
		else
			jw_null(w);
		return;
	}
	CHECK_PLAIN(key, klen);
	jw_maybe_flush(w);
	if (!(d = jw_room(w, st_add(st_add(jw_pre_max(w) + 7, klen), n))))
		return;
	d = put_key(w, jw_put_pre(w, d), key, klen);
	jw_wrote(w, put_str(d, s, n));
}

void jw_str_plain(struct jw *w, const char *s, size_t n)
{
	char *d;

	CHECK_PLAIN(s, n);
	jw_maybe_flush(w);
	if (!(d = jw_room(w, st_add(jw_pre_max(w) + 2, n))))
		return;
	jw_wrote(w, put_str(jw_put_pre(w, d), s, n));
}

void jw_strn(struct jw *w, const char *s, size_t n)
{
	if (plain_prefix(s, n) < n) {
		jw_pre(w);
		if (!w->err && json_quote(w->out, s, n) < 0)
			jw_fail(w, err_code());
		return;
	}
	jw_str_plain(w, s, n);
}

void jw_str(struct jw *w, const char *s)
{
	if (!s) {
		jw_null(w);
		return;
	}
	jw_strn(w, s, strlen(s));
}

void jw_number_raw(struct jw *w, const char *num)
{
	jw_pre(w);
	jw_raw(w, num, strlen(num));
}

/* The decimal digits of v, written backwards from end; the first digit. */
static char *put_u64(char *end, uint64_t v)
{
	do
		*--end = (char)('0' + v % 10);
	while ((v /= 10) != 0);
	return end;
}

/* A number without printf (one per location line of a BOM): the digits as "%" PRId64 gives them. */
void jw_int(struct jw *w, int64_t v)
{
	char tmp[24], *d = put_u64(tmp + sizeof(tmp), v < 0 ? 0 - (uint64_t)v : (uint64_t)v);

	if (v < 0)
		*--d = '-';
	jw_pre(w);
	jw_raw(w, d, (size_t)(tmp + sizeof(tmp) - d));
}

void jw_uint(struct jw *w, uint64_t v)
{
	char tmp[24], *d = put_u64(tmp + sizeof(tmp), v);

	jw_pre(w);
	jw_raw(w, d, (size_t)(tmp + sizeof(tmp) - d));
}

void jw_double(struct jw *w, double v)
{
	char tmp[40];

	if (!isfinite(v)) {
		jw_null(w);
		return;
	}
	for (int prec = 1; prec <= 17; prec++) {
		snprintf(tmp, sizeof(tmp), "%.*g", prec, v);
		if (strtod(tmp, NULL) == v)
			break;
	}
	/* keep it a real when read back: "5" would be an integer */
	if (!strpbrk(tmp, ".eE")) {
		size_t n = strlen(tmp);

		snprintf(tmp + n, sizeof(tmp) - n, ".0");
	}
	jw_number_raw(w, tmp);
}

void jw_bool(struct jw *w, bool v)
{
	jw_number_raw(w, v ? "true" : "false");
}

void jw_null(struct jw *w)
{
	jw_number_raw(w, "null");
}

static int key_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

void jw_value(struct jw *w, const json_t *v, bool sort_keys)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT: {
		size_t n = json_object_size(v), i = 0;
		const char **keys = xcalloc(n ? n : 1, sizeof(*keys));
		const char *k;
		json_t *val;

		json_object_foreach((json_t *)v, k, val) keys[i++] = k;
		if (sort_keys)
			QSORT(keys, n, key_cmp);
		jw_obj_begin(w);
		for (i = 0; i < n; i++) {
			jw_key(w, keys[i]);
			jw_value(w, json_object_get(v, keys[i]), sort_keys);
		}
		jw_obj_end(w);
		free(keys);
		break;
	}
	case JSON_ARRAY:
		jw_arr_begin(w);
		for (size_t i = 0; i < json_array_size(v); i++)
			jw_value(w, json_array_get(v, i), sort_keys);
		jw_arr_end(w);
		break;
	case JSON_STRING:
		jw_strn(w, json_string_value(v), json_string_length(v));
		break;
	case JSON_INTEGER:
		jw_int(w, (int64_t)json_integer_value(v));
		break;
	case JSON_REAL:
		jw_double(w, json_real_value(v));
		break;
	case JSON_TRUE:
		jw_bool(w, true);
		break;
	case JSON_FALSE:
		jw_bool(w, false);
		break;
	case JSON_NULL:
		jw_null(w);
		break;
	}
}

void jw_kstr(struct jw *w, const char *key, const char *s)
{
	jw_key(w, key);
	jw_str(w, s);
}

void jw_kint(struct jw *w, const char *key, int64_t v)
{
	jw_key(w, key);
	jw_int(w, v);
}

void jw_kbool(struct jw *w, const char *key, bool v)
{
	jw_key(w, key);
	jw_bool(w, v);
}

int jw_finish(struct jw *w)
{
	if (!w->err && w->depth != 0)
		jw_fail(w, err_set(ERR_GENERIC, "unbalanced JSON output"));
	if (w->pretty)
		jw_raw(w, "\n", 1);
	if (w->sink)
		jw_flush(w);
	return w->err;
}
