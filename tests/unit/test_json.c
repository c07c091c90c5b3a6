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

RUN_TESTS("json", T(test_json_test_suite), T(test_million_brackets_is_clean_error),
          T(test_error_has_line_and_column), T(test_str_refuses_nul),
          T(test_writer_pretty_and_compact), T(test_writer_round_trip), T(test_writer_doubles),
          T(test_writer_unbalanced_is_error))
