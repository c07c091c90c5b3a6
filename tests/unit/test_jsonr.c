/*
 * test_jsonr: the arena JSON reader against JSONTestSuite and against the
 * jansson wrapper (util/json.h), which is its oracle (jsonr_same.h).
 */
#include "harness.h"
#include "../fuzz/jsonr_same.h"
#include "util/buf.h"
#include "util/err.h"

#include <dirent.h>

/*
 * Parses s with both readers: same verdict, same error code, same value; and
 * the same again with jsonr parsing a copy in place.
 */
static int both(const char *s, size_t n, const char **diff)
{
	json_t *j = NULL;
	struct jr_doc *d = NULL, *di = NULL;
	char *copy = xmemdupz(s, n);
	int rj = vjson_parse(&j, s, n, "t"), rd = jr_parse(&d, s, n, "t");
	int ri = jr_parse_inplace(&di, copy, n, "t");

	*diff = NULL;
	if (rj != rd)
		*diff = "verdicts differ";
	else if (ri != rd)
		*diff = "verdicts differ in place";
	else if (rj == 0 && !(*diff = jsonr_same(jr_root(d), j)))
		*diff = jsonr_same(jr_root(di), j);
	json_decref(j);
	jr_free(d);
	jr_free(di);
	free(copy);
	return rd;
}

static void test_json_test_suite(void)
{
	const char *corpus = need_corpus();
	struct buf dir = BUF_INIT, path = BUF_INIT, data = BUF_INIT, bad = BUF_INIT;
	size_t ny = 0, nn = 0, ni = 0;
	struct dirent *de;
	DIR *dd;

	buf_addf(&dir, "%s/json-test/test_parsing", corpus);
	dd = opendir(dir.ptr);
	CHECK(dd != NULL);
	while ((de = readdir(dd)) != NULL) {
		const char *n = de->d_name, *diff;
		struct jr_doc *d = NULL;
		int r;

		if (n[0] == '.' || !strstr(n, ".json"))
			continue;
		buf_reset(&path);
		buf_addf(&path, "%s/%s", dir.ptr, n);
		buf_reset(&data);
		CHECK_OK(buf_read_file(&data, path.ptr));
		r = jr_parse(&d, data.ptr, data.len, n);
		if (r == 0)
			jr_free(d);
		if (n[0] == 'y' && r != 0)
			buf_addf(&bad, "  rejected %s: %s\n", n, err_msg());
		if (n[0] == 'n' && r == 0)
			buf_addf(&bad, "  accepted %s\n", n);
		if (n[0] == 'n' && r != 0 && !strstr(err_msg(), n))
			buf_addf(&bad, "  error for %s does not name it: %s\n", n, err_msg());
		ny += n[0] == 'y';
		nn += n[0] == 'n';
		ni += n[0] == 'i';
		/* y_, n_ and the implementation-defined i_ alike: as the jansson wrapper */
		both(data.ptr, data.len, &diff);
		if (diff)
			buf_addf(&bad, "  %s: not as the jansson wrapper: %s\n", n, diff);
	}
	closedir(dd);
	if (bad.len)
		harness_fail(__FILE__, __LINE__, "JSONTestSuite disagreements:\n%s", bad.ptr);
	CHECK(ny >= 95);
	CHECK(nn >= 188);
	CHECK(ni >= 35);
	buf_release(&dir);
	buf_release(&path);
	buf_release(&data);
	buf_release(&bad);
}

/* Nesting at and around the cap: scalars count as a level, as in jansson. */
static void test_depth_cap(void)
{
	for (int depth = JR_MAX_DEPTH - 2; depth <= JR_MAX_DEPTH + 1; depth++) {
		for (int leaf = 0; leaf < 2; leaf++) {
			struct buf b = BUF_INIT;
			const char *diff;
			int r;

			for (int i = 0; i < depth; i++)
				buf_addch(&b, '[');
			if (leaf)
				buf_addch(&b, '1');
			for (int i = 0; i < depth; i++)
				buf_addch(&b, ']');
			r = both(b.ptr, b.len, &diff);
			CHECK(diff == NULL);
			CHECK_INT(r, depth + leaf > JR_MAX_DEPTH ? ERR_TOOBIG : 0);
			buf_release(&b);
		}
	}
}

static void test_values_and_lookup(void)
{
	static const char text[] =
	        "{\n \"a\": 1,\n \"s\": \"x\\u00e9\\ud83d\\ude00\\n\",\n \"a\": [true, null],\n"
	        " \"z\": \"\\u0000\", \"n\": -12.5e1}";
	struct jr_doc *d = NULL;
	const struct jr_value *root, *a;
	const struct jr_member *m;
	const char *diff;

	CHECK_INT(both(text, strlen(text), &diff), 0);
	CHECK(diff == NULL);
	CHECK_OK(jr_parse(&d, text, strlen(text), "t"));
	root = jr_root(d);
	CHECK_INT(root->n, 4); /* "a" twice: its first place, its last value */
	CHECK_STR(root->u.members[0].key, "a");
	a = jr_get(root, "a");
	CHECK(jr_is(a, JR_ARRAY) && a->n == 2 && a->u.items[0].type == JR_TRUE);
	CHECK_STR(jr_str(root, "s"), "x\xc3\xa9\xf0\x9f\x98\x80\n");
	CHECK(jr_str(root, "z") == NULL); /* holds a NUL */
	CHECK(jr_str(root, "missing") == NULL && jr_get(a, "x") == NULL);
	m = jr_member(root, "n");
	CHECK(m && m->line == 5 && m->v.type == JR_NUMBER && m->v.n == 7);
	CHECK(!memcmp(m->v.u.s, "-12.5e1", 7));
	jr_free(d);
}

/* Large objects are looked up through their table, repeated keys included. */
static void test_large_object(void)
{
	struct buf b = BUF_INIT;
	struct jr_doc *d = NULL;
	const char *diff;
	char key[32];

	buf_addch(&b, '{');
	for (int i = 0; i < 1000; i++)
		buf_addf(&b, "%s\"k%d\":%d", i ? "," : "", i % 700, i);
	buf_addch(&b, '}');
	CHECK_INT(both(b.ptr, b.len, &diff), 0);
	CHECK(diff == NULL);
	CHECK_OK(jr_parse(&d, b.ptr, b.len, "t"));
	CHECK_INT(jr_root(d)->n, 700);
	for (int i = 0; i < 700; i++) {
		const struct jr_value *v;

		snprintf(key, sizeof(key), "k%d", i);
		v = jr_get(jr_root(d), key);
		CHECK(v && v->type == JR_NUMBER);
		CHECK_INT(strtol(v->u.s, NULL, 10), i < 300 ? i + 700 : i);
	}
	CHECK(jr_get(jr_root(d), "k700") == NULL);
	jr_free(d);
	buf_release(&b);
}

static void test_errors_name_line_and_column(void)
{
	static const char *const bad[] = {
		"{\"a\":\n  tru}",
		"[1,]",
		"{\"a\" 1}",
		"\"\\ud800\"",
		"[\"\x01\"]",
		"01",
		"[1] x",
		"",
		"\"\xc0\xaf\"",
		"1e999",
		"9223372036854775808",
		"{\"a\":1,}",
	};
	struct jr_doc *d = NULL;
	const char *diff;

	CHECK(jr_parse(&d, bad[0], strlen(bad[0]), "f.json") == ERR_PARSE);
	CHECK(strstr(err_msg(), "f.json:2:3: ") == err_msg());
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		CHECK_INT(both(bad[i], strlen(bad[i]), &diff), ERR_PARSE);
		CHECK(diff == NULL);
	}
	CHECK_INT(both("-9223372036854775808", 20, &diff), 0);
	CHECK(diff == NULL);
	/* a raw NUL is the error even past the depth cap, as the wrapper checks it first */
	{
		struct buf deep = BUF_INIT;

		for (int i = 0; i < JR_MAX_DEPTH + 10; i++)
			buf_addch(&deep, '[');
		buf_add(&deep, "\0", 1);
		CHECK_INT(both(deep.ptr, deep.len, &diff), ERR_PARSE);
		CHECK(diff == NULL);
		CHECK(strstr(err_msg(), "NUL byte") != NULL);
		buf_release(&deep);
	}
}

RUN_TESTS("jsonr", T(test_json_test_suite), T(test_depth_cap), T(test_values_and_lookup),
          T(test_large_object), T(test_errors_name_line_and_column))
