#include "util/compat.h"
#include "harness.h"
#include "util/yaml.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/json.h"
#include "util/walk.h"

static json_t *load(const char *text)
{
	json_t *v = NULL;

	if (vyaml_parse(&v, text, strlen(text), "t.yaml") < 0)
		return NULL;
	return v;
}

static char *dump(const json_t *v)
{
	return json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY);
}

static void check_yaml(const char *text, const char *json, int line)
{
	json_t *v = load(text);
	char *s;

	if (!v)
		harness_fail(__FILE__, line, "did not parse: %s", err_msg());
	s = dump(v);
	json_decref(v);
	if (strcmp(s, json)) {
		harness_fail(__FILE__, line, "got %s, expected %s", s, json);
	}
	free(s);
}

#define YAML_IS(y, j) check_yaml((y), (j), __LINE__)

static void test_scalars_core_schema(void)
{
	YAML_IS("a: 1\nb: -2\nc: 1.5\nd: true\ne: ~\nf: null\ng:\nh: '1.0'\ni: \"x\"\n",
	        "{\"a\":1,\"b\":-2,\"c\":1.5,\"d\":true,\"e\":null,\"f\":null,\"g\":null,"
	        "\"h\":\"1.0\",\"i\":\"x\"}");
	YAML_IS("- 0x1f\n- 0o17\n- 2023-11-07T20:24:23.946863Z\n- yes\n- 1.2.3\n- !!str 12\n",
	        "[31,15,\"2023-11-07T20:24:23.946863Z\",\"yes\",\"1.2.3\",\"12\"]");
	YAML_IS("- 99999999999999999999999\n", "[\"99999999999999999999999\"]");
	YAML_IS("x: |\n  line one\n  line two\n", "{\"x\":\"line one\\nline two\\n\"}");
	YAML_IS("1: a\n", "{\"1\":\"a\"}");
	YAML_IS("", "null");
	YAML_IS("{a: [1, 2], b: {c: d}}", "{\"a\":[1,2],\"b\":{\"c\":\"d\"}}");
}

static void expect_error(const char *text, int code, const char *what, int line)
{
	json_t *v = NULL;
	int r = vyaml_parse(&v, text, strlen(text), "t.yaml");

	if (r != code)
		harness_fail(__FILE__, line, "returned %d (%s), expected %d", r, err_msg(), code);
	if (!strstr(err_msg(), what))
		harness_fail(__FILE__, line, "message '%s' lacks '%s'", err_msg(), what);
	if (v)
		harness_fail(__FILE__, line, "out was set");
}

static void test_errors_name_position(void)
{
	expect_error("a: 1\nb: [1, 2\n", ERR_PARSE, "t.yaml:", __LINE__);
	expect_error("a: 1\na: 2\n", ERR_PARSE, "t.yaml:2:1: duplicate key 'a'", __LINE__);
	expect_error("? [a]\n: b\n", ERR_PARSE, "mapping key is not a string", __LINE__);
	expect_error("a: 1\n---\nb: 2\n", ERR_PARSE, "more than one document", __LINE__);
	expect_error("a: .inf\n", ERR_PARSE, "t.yaml:1:4", __LINE__);
}

static void test_aliases_refused(void)
{
	struct buf b = BUF_INIT;

	expect_error("a: &x 1\nb: *x\n", ERR_UNSUPPORTED, "t.yaml:2:4: aliases are not supported",
	             __LINE__);
	/* billion laughs: refused at the first alias, in no time and no memory */
	CHECK_OK(buf_adds(&b, "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n"));
	for (char c = 'b'; c <= 'j'; c++)
		CHECK_OK(buf_addf(&b, "%c: &%c [*%c,*%c,*%c,*%c,*%c,*%c,*%c,*%c,*%c]\n", c, c,
		                  c - 1, c - 1, c - 1, c - 1, c - 1, c - 1, c - 1, c - 1, c - 1));
	expect_error(b.ptr, ERR_UNSUPPORTED, "aliases are not supported", __LINE__);
	buf_release(&b);
}

static void test_depth_cap(void)
{
	struct buf b = BUF_INIT;

	for (int i = 0; i < VYAML_MAX_DEPTH + 10; i++)
		CHECK_OK(buf_addch(&b, '['));
	expect_error(b.ptr, ERR_TOOBIG, "nesting too deep", __LINE__);
	buf_release(&b);
}

struct corpus_count {
	size_t ok, bad;
};

static int load_one(const struct walk_entry *e, void *payload)
{
	struct corpus_count *c = payload;
	json_t *v = NULL;
	size_t n = strlen(e->name);

	if (e->kind != WALK_FILE || n < 5 || strcmp(e->name + n - 5, ".yaml"))
		return 0;
	if (vyaml_load_file(&v, e->path, 0) < 0 || !json_is_object(v) || !vjson_str(v, "id"))
		c->bad++;
	else
		c->ok++;
	json_decref(v);
	return 0;
}

/* Every PyPI advisory of the corpus loads as an object with an id. */
static void test_pypi_corpus(void)
{
	const char *corpus = need_corpus();
	struct corpus_count c = { 0, 0 };
	char path[4096];

	snprintf(path, sizeof(path), "%s/osv/pypi", corpus);
	CHECK_OK(walk(path, NULL, load_one, &c));
	CHECK(c.ok > 2000);
	CHECK_INT(c.bad, 0);
}

RUN_TESTS("yaml", T(test_scalars_core_schema), T(test_errors_name_position),
          T(test_aliases_refused), T(test_depth_cap), T(test_pypi_corpus))
