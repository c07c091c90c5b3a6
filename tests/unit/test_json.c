#include "util/compat.h"
#include "harness.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/json.h"

#include <dirent.h>

/*
 * nst/JSONTestSuite: every y_ file must parse, every n_ file must be
 * rejected, every i_ file must either parse or fail cleanly.
 */
static void test_json_test_suite(void)
{
	const char *corpus = need_corpus();
	struct buf dir = BUF_INIT, path = BUF_INIT, data = BUF_INIT, bad = BUF_INIT;
	size_t ny = 0, nn = 0, ni = 0;
	struct dirent *de;
	DIR *d;

	buf_addf(&dir, "%s/json-test/test_parsing", corpus);
	d = opendir(dir.ptr);
	CHECK(d != NULL);
	while ((de = readdir(d)) != NULL) {
		const char *n = de->d_name;
		json_t *v = NULL;
		int r;

		if (n[0] == '.' || !strstr(n, ".json"))
			continue;
		buf_reset(&path);
		buf_addf(&path, "%s/%s", dir.ptr, n);
		buf_reset(&data);
		CHECK_OK(buf_read_file(&data, path.ptr));
		r = vjson_parse(&v, data.ptr, data.len, n);
		if (r == 0)
			json_decref(v);
		if (n[0] == 'y') {
			ny++;
			if (r != 0)
				buf_addf(&bad, "  rejected %s: %s\n", n, err_msg());
		} else if (n[0] == 'n') {
			nn++;
			if (r == 0)
				buf_addf(&bad, "  accepted %s\n", n);
			else if (!strstr(err_msg(), n))
				buf_addf(&bad, "  error for %s does not name it: %s\n", n,
				         err_msg());
		} else {
			ni++;
		}
	}
	closedir(d);
	if (bad.len)
		harness_fail(__FILE__, __LINE__, "JSONTestSuite disagreements:\n%s", bad.ptr);
	/* the suite as published: 95 y_, 188 n_, 35 i_ */
	CHECK(ny >= 95);
	CHECK(nn >= 188);
	CHECK(ni >= 35);
	buf_release(&dir);
	buf_release(&path);
	buf_release(&data);
	buf_release(&bad);
}

static void test_million_brackets_is_clean_error(void)
{
	size_t n = 1000000;
	char *s = malloc(n);
	json_t *v = NULL;

	CHECK(s != NULL);
	memset(s, '[', n);
	CHECK_INT(vjson_parse(&v, s, n, "deep.json"), ERR_TOOBIG);
	CHECK(strstr(err_msg(), "deep.json:1:") != NULL);
	memset(s, '{', n);
	CHECK(vjson_parse(&v, s, n, "deep.json") < 0);
	free(s);
}

static void test_error_has_line_and_column(void)
{
	json_t *v = NULL;
	const char *doc = "{\n  \"a\": 1,\n  \"b\": ]\n}";

	CHECK_INT(vjson_parse(&v, doc, strlen(doc), "x.json"), ERR_PARSE);
	CHECK(!strncmp(err_msg(), "x.json:3:", 9));
}

static void test_str_refuses_nul(void)
{
	json_t *v = NULL;
	const char *doc = "{\"a\":\"x\\u0000y\",\"b\":\"ok\",\"c\":1}";

	CHECK_OK(vjson_parse(&v, doc, strlen(doc), "t"));
	CHECK(vjson_str(v, "a") == NULL);
	CHECK_STR(vjson_str(v, "b"), "ok");
	CHECK(vjson_str(v, "c") == NULL);
	CHECK(vjson_str(v, "missing") == NULL);
	json_decref(v);
}

static void test_writer_pretty_and_compact(void)
{
	struct buf out = BUF_INIT;
	struct jw w;

	jw_init(&w, &out, true);
	jw_obj_begin(&w);
	jw_kstr(&w, "name", "a\"b\\c\n\x01");
	jw_key(&w, "list");
	jw_arr_begin(&w);
	jw_int(&w, -3);
	jw_double(&w, 9.8);
	jw_bool(&w, true);
	jw_null(&w);
	jw_arr_end(&w);
	jw_key(&w, "empty");
	jw_obj_begin(&w);
	jw_obj_end(&w);
	jw_obj_end(&w);
	CHECK_OK(jw_finish(&w));
	CHECK_STR(out.ptr, "{\n"
	                   "  \"name\": \"a\\\"b\\\\c\\n\\u0001\",\n"
	                   "  \"list\": [\n"
	                   "    -3,\n"
	                   "    9.8,\n"
	                   "    true,\n"
	                   "    null\n"
	                   "  ],\n"
	                   "  \"empty\": {}\n"
	                   "}\n");
	buf_reset(&out);
	jw_init(&w, &out, false);
	jw_arr_begin(&w);
	jw_str(&w, "x");
	jw_arr_begin(&w);
	jw_arr_end(&w);
	jw_arr_end(&w);
	CHECK_OK(jw_finish(&w));
	CHECK_STR(out.ptr, "[\"x\",[]]");
	buf_release(&out);
}

/*
 * JW_KSTR writes what JW_KEY and jw_str write, in both layouts, for a plain
 * value, one that needs escaping, ill-formed UTF-8, an empty one and NULL,
 * first in an object and after other members.
 */
static void test_writer_kstr_same_as_key_and_str(void)
{
	static const char *const values[] = { "plain", "a\"b\\c\n\x01", "\xff\xfe x", "", NULL };

	for (int pretty = 0; pretty < 2; pretty++) {
		struct buf one = BUF_INIT, two = BUF_INIT;
		struct jw a, b;

		jw_init(&a, &one, pretty);
		jw_init(&b, &two, pretty);
		jw_obj_begin(&a);
		jw_obj_begin(&b);
		for (size_t i = 0; i < ARRAY_SIZE(values); i++) {
			JW_KSTR(&a, "key", values[i]);
			JW_KEY(&b, "key");
			jw_str(&b, values[i]);
		}
		jw_obj_end(&a);
		jw_obj_end(&b);
		CHECK_OK(jw_finish(&a));
		CHECK_OK(jw_finish(&b));
		CHECK_STR(one.ptr, two.ptr);
		CHECK(strstr(one.ptr, "\"key\":") != NULL);
		buf_release(&one);
		buf_release(&two);
	}
}

/* What the writer produces, jansson reads back to an equal value. */
static void test_writer_round_trip(void)
{
	const char *doc = "{\"z\":[1,2.5,\"\\u00e9\\ud83d\\ude00\",{\"k\":null}],\"a\":false}";
	struct buf out = BUF_INIT;
	json_t *v = NULL, *back = NULL;
	struct jw w;

	CHECK_OK(vjson_parse(&v, doc, strlen(doc), "t"));
	jw_init(&w, &out, true);
	jw_value(&w, v, true);
	CHECK_OK(jw_finish(&w));
	CHECK(strstr(out.ptr, "\"a\": false") < strstr(out.ptr, "\"z\""));
	CHECK_OK(vjson_parse(&back, out.ptr, out.len, "out"));
	CHECK(json_equal(v, back));
	json_decref(v);
	json_decref(back);
	buf_release(&out);
}

/* Reals stay reals when read back, in their shortest exact form. */
static void test_writer_doubles(void)
{
	static const double v[] = { 5.0, -0.0, 0.1, 1e300, 2.5e-8, 123456789.125 };
	static const char *const want[] = { "5.0",    "-0.0",    "0.1",
		                            "1e+300", "2.5e-08", "123456789.125" };

	for (size_t i = 0; i < ARRAY_SIZE(v); i++) {
		struct buf out = BUF_INIT;
		json_t *back = NULL;
		struct jw w;

		jw_init(&w, &out, false);
		jw_double(&w, v[i]);
		CHECK_OK(jw_finish(&w));
		CHECK_STR(out.ptr, want[i]);
		CHECK_OK(vjson_parse(&back, out.ptr, out.len, "d"));
		CHECK(json_is_real(back) && json_real_value(back) == v[i]);
		json_decref(back);
		buf_release(&out);
	}
}

static void test_writer_unbalanced_is_error(void)
{
	struct buf out = BUF_INIT;
	struct jw w;

	jw_init(&w, &out, false);
	jw_obj_begin(&w);
	CHECK(jw_finish(&w) < 0);
	buf_release(&out);
}

/* json_quote(in, n) is want (a C string, quotes included), and reads back as valid JSON. */
static void check_quote(const char *in, size_t n, const char *want)
{
	struct buf out = BUF_INIT;
	json_t *back = NULL;

	CHECK_OK(json_quote(&out, in, n));
	CHECK_STR(out.ptr, want);
	CHECK_OK(vjson_parse(&back, out.ptr, out.len, "q"));
	json_decref(back);
	buf_release(&out);
}

#define FFFD         "\xef\xbf\xbd"
#define Q(lit, want) check_quote(lit, sizeof(lit) - 1, want)

/*
 * Ill-formed UTF-8 (cases after Markus Kuhn's UTF-8 decoder stress test):
 * one U+FFFD per maximal subpart, well-formed sequences kept as they are.
 */
static void test_quote_utf8(void)
{
	/* well-formed, the boundaries included */
	Q("\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5",
	  "\"\xce\xba\xe1\xbd\xb9\xcf\x83\xce\xbc\xce\xb5\"");
	Q("\xc2\x80\xdf\xbf\xe0\xa0\x80\xef\xbf\xbf",
	  "\"\xc2\x80\xdf\xbf\xe0\xa0\x80\xef\xbf\xbf\"");
	Q("\xf0\x90\x80\x80\xf4\x8f\xbf\xbf\xed\x9f\xbf\xee\x80\x80",
	  "\"\xf0\x90\x80\x80\xf4\x8f\xbf\xbf\xed\x9f\xbf\xee\x80\x80\"");
	/* the example of Unicode section 3.9 (table 3-8) */
	Q("a\xf1\x80\x80\xe1\x80\xc2"
	  "b\x80"
	  "c\x80\xbf"
	  "d",
	  "\"a" FFFD FFFD FFFD "b" FFFD "c" FFFD FFFD "d\"");
	/* lone continuation bytes, impossible bytes */
	Q("\x80\xbf", "\"" FFFD FFFD "\"");
	Q("\xfe\xff\xf5\xc0\xc1", "\"" FFFD FFFD FFFD FFFD FFFD "\"");
	/* overlong "/" in 2, 3 and 4 bytes, overlong NUL */
	Q("\xc0\xaf", "\"" FFFD FFFD "\"");
	Q("\xe0\x80\xaf", "\"" FFFD FFFD FFFD "\"");
	Q("\xf0\x80\x80\xaf", "\"" FFFD FFFD FFFD FFFD "\"");
	Q("\xc0\x80", "\"" FFFD FFFD "\"");
	/* UTF-16 surrogates, alone and paired */
	Q("\xed\xa0\x80", "\"" FFFD FFFD FFFD "\"");
	Q("\xed\xa0\x80\xed\xb0\x80", "\"" FFFD FFFD FFFD FFFD FFFD FFFD "\"");
	/* above U+10FFFF */
	Q("\xf4\x90\x80\x80", "\"" FFFD FFFD FFFD FFFD "\"");
	/* sequences cut short, in the middle and at the end */
	Q("\xe2\x82x", "\"" FFFD "x\"");
	Q("x\xf0\x9f\x98", "\"x" FFFD "\"");
	Q("\xdf", "\"" FFFD "\"");
	/* control characters are escaped, DEL too; U+0085 (C1, well-formed) is kept */
	Q("\x01\x1f\x7f\n\t\"\\", "\"\\u0001\\u001f\\u007f\\n\\t\\\"\\\\\"");
	Q("\xc2\x85", "\"\xc2\x85\"");
	/* a NUL inside the length */
	check_quote("a\0b", 3, "\"a\\u0000b\"");
}

/* Every 1- and 2-byte input, and 3-byte inputs over interesting bytes, give valid JSON. */
static void test_quote_always_valid(void)
{
	static const unsigned char pick[] = { 0x00, 0x22, 0x41, 0x7f, 0x80, 0x8f, 0x90,
		                              0x9f, 0xa0, 0xbf, 0xc0, 0xc2, 0xdf, 0xe0,
		                              0xed, 0xef, 0xf0, 0xf4, 0xf5, 0xff };
	struct buf out = BUF_INIT;

	for (unsigned a = 0; a < 256; a++)
		for (unsigned b = 0; b < 256; b++) {
			char in[2] = { (char)a, (char)b };
			json_t *back = NULL;

			buf_reset(&out);
			CHECK_OK(json_quote(&out, in, 2));
			if (vjson_parse(&back, out.ptr, out.len, "q") < 0) {
				CHECK(!"invalid JSON from 2 bytes");
				break;
			}
			json_decref(back);
		}
	for (size_t a = 0; a < sizeof(pick); a++)
		for (size_t b = 0; b < sizeof(pick); b++)
			for (size_t c = 0; c < sizeof(pick); c++) {
				char in[3] = { (char)pick[a], (char)pick[b], (char)pick[c] };
				json_t *back = NULL;

				buf_reset(&out);
				CHECK_OK(json_quote(&out, in, 3));
				CHECK_OK(vjson_parse(&back, out.ptr, out.len, "q"));
				json_decref(back);
			}
	buf_release(&out);
}

/* The quoting of one byte as json_quote() documents it, followed by plain bytes. */
static void quote_ref(struct buf *out, unsigned char c)
{
	if (c == '"')
		buf_adds(out, "\\\"");
	else if (c == '\\')
		buf_adds(out, "\\\\");
	else if (c == '\n')
		buf_adds(out, "\\n");
	else if (c < 0x20 || c == 0x7f)
		buf_addf(out, "\\u%04x", c);
	else if (c >= 0x80)
		buf_adds(out, "\xef\xbf\xbd"); /* alone between ASCII bytes: ill-formed */
	else
		buf_addch(out, c);
}

/*
 * The scan for the plain prefix (sixteen or eight bytes at a time, the last
 * block overlapping) finds a byte to escape at every position of strings of
 * every length up to 70, and a plain string whole; keys and values written
 * by jw_key() and jw_strn() the same.
 */
static void test_quote_plain_runs(void)
{
	static const unsigned char bad[] = { 0x00, 0x01, '\n', 0x1f, '"',
		                             '\\', 0x7f, 0x80, 0xc3, 0xff };
	struct buf out = BUF_INIT, want = BUF_INIT, doc = BUF_INIT;
	char in[80];

	for (size_t n = 0; n <= 70; n++) {
		for (size_t k = 0; k < n; k++)
			in[k] = (char)('a' + k % 26);
		buf_reset(&out);
		CHECK_OK(json_quote(&out, in, n));
		CHECK(out.len == n + 2 && !memcmp(out.ptr + 1, in, n));
		for (size_t at = 0; at < n; at++)
			for (size_t b = 0; b < sizeof(bad); b++) {
				struct jw w;

				in[at] = (char)bad[b];
				buf_reset(&want);
				buf_addch(&want, '"');
				for (size_t k = 0; k < n; k++)
					if (k == at)
						quote_ref(&want, bad[b]);
					else
						buf_addch(&want, in[k]);
				buf_addch(&want, '"');
				buf_reset(&out);
				CHECK_OK(json_quote(&out, in, n));
				CHECK(out.len == want.len && !memcmp(out.ptr, want.ptr, want.len));
				buf_reset(&doc);
				jw_init(&w, &doc, false);
				jw_arr_begin(&w);
				jw_strn(&w, in, n);
				jw_arr_end(&w);
				CHECK_OK(jw_finish(&w));
				CHECK(doc.len == want.len + 2 &&
				      !memcmp(doc.ptr + 1, want.ptr, want.len));
				in[at] = (char)('a' + at % 26);
			}
	}
	buf_release(&out);
	buf_release(&want);
	buf_release(&doc);
}

/* Integers are written as printf writes them, the extremes included. */
static void test_writer_integers(void)
{
	static const int64_t ints[] = { 0,   1,         -1,        9,         10,
		                        -10, 123456789, INT64_MAX, INT64_MIN, INT64_MIN + 1 };
	static const uint64_t uints[] = { 0, 1, 10, 99, 100, UINT64_MAX, (uint64_t)INT64_MAX + 1 };
	struct buf out = BUF_INIT;
	char want[32];
	struct jw w;

	for (size_t i = 0; i < ARRAY_SIZE(ints); i++) {
		buf_reset(&out);
		jw_init(&w, &out, false);
		jw_int(&w, ints[i]);
		CHECK_OK(jw_finish(&w));
		snprintf(want, sizeof(want), "%" PRId64, ints[i]);
		CHECK_STR(out.ptr, want);
	}
	for (size_t i = 0; i < ARRAY_SIZE(uints); i++) {
		buf_reset(&out);
		jw_init(&w, &out, false);
		jw_uint(&w, uints[i]);
		CHECK_OK(jw_finish(&w));
		snprintf(want, sizeof(want), "%" PRIu64, uints[i]);
		CHECK_STR(out.ptr, want);
	}
	buf_release(&out);
}

/* Indentation at every depth the writer allows, past the fixed store's sixteen spaces. */
static void test_writer_deep_indent(void)
{
	struct buf out = BUF_INIT, want = BUF_INIT;
	struct jw w;
	int depth = 20;

	jw_init(&w, &out, true);
	for (int i = 0; i < depth; i++)
		jw_arr_begin(&w);
	jw_int(&w, 1);
	for (int i = 0; i < depth; i++)
		jw_arr_end(&w);
	CHECK_OK(jw_finish(&w));
	for (int i = 0; i < depth; i++) {
		buf_addf(&want, "%*s[\n", 2 * i, "");
	}
	buf_addf(&want, "%*s1\n", 2 * depth, "");
	for (int i = depth - 1; i >= 0; i--)
		buf_addf(&want, "%*s]\n", 2 * i, "");
	CHECK_STR(out.ptr, want.ptr);
	buf_release(&out);
	buf_release(&want);
}

/* A sink that keeps the pieces: by reading them, or by taking the buffer (swap). */
struct keep {
	struct buf all, spare;
	size_t pieces;
	bool swap;
};

static int keep_piece(void *arg, struct buf *piece)
{
	struct keep *k = arg;

	k->pieces++;
	buf_add(&k->all, piece->ptr, piece->len);
	if (!k->swap) {
		buf_reset(piece);
		return 0;
	}
	{
		struct buf t = *piece;

		buf_reset(&k->spare);
		*piece = k->spare;
		k->spare = t;
	}
	return 0;
}

static void write_some(struct jw *w)
{
	jw_arr_begin(w);
	for (int i = 0; i < 500; i++) {
		jw_obj_begin(w);
		JW_KEY(w, "name");
		jw_str(w, "a value with \"quotes\"");
		jw_key(w, "k\"ey");
		JW_STR(w, "literal");
		jw_kint(w, "i", i);
		jw_obj_end(w);
	}
	jw_arr_end(w);
}

/* A streamed document is the one written whole, whichever way the sink takes the pieces. */
static void test_writer_sink(void)
{
	struct buf whole = BUF_INIT, out = BUF_INIT;
	struct jw w;

	jw_init(&w, &whole, true);
	write_some(&w);
	CHECK_OK(jw_finish(&w));
	for (int swap = 0; swap < 2; swap++) {
		struct keep k = { BUF_INIT, BUF_INIT, 0, swap };

		buf_reset(&out);
		jw_init(&w, &out, true);
		jw_set_sink(&w, keep_piece, &k, 1000);
		write_some(&w);
		CHECK(jw_offset(&w) == whole.len - 1); /* all but the final newline */
		CHECK_OK(jw_finish(&w));
		CHECK(out.len == 0);
		CHECK(k.pieces > 10);
		CHECK(k.all.len == whole.len && !memcmp(k.all.ptr, whole.ptr, whole.len));
		buf_release(&k.all);
		buf_release(&k.spare);
	}
	buf_release(&whole);
	buf_release(&out);
}

RUN_TESTS("json", T(test_quote_utf8), T(test_quote_plain_runs), T(test_writer_sink),
          T(test_writer_integers), T(test_writer_deep_indent), T(test_quote_always_valid),
          T(test_json_test_suite), T(test_million_brackets_is_clean_error),
          T(test_error_has_line_and_column), T(test_str_refuses_nul),
          T(test_writer_pretty_and_compact), T(test_writer_round_trip), T(test_writer_doubles),
          T(test_writer_unbalanced_is_error), T(test_writer_kstr_same_as_key_and_str))
