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

/* vyaml_parse_marked: the lines of nodes and keys, block scalars from their text. */
static void test_marks(void)
{
	const char *doc = "# c\n"
	                  "jobs:\n"
	                  "  build:\n"
	                  "    steps:\n"
	                  "      - uses: a/b@v1\n"
	                  "        with: {ref: x}\n"
	                  "      - run: |\n"
	                  "          echo one\n"
	                  "    ok: true\n";
	struct vyaml_marks *m = NULL;
	json_t *v = NULL, *build, *steps;

	CHECK_OK(vyaml_parse_marked(&v, &m, doc, strlen(doc), "w.yml", 0));
	build = json_object_get(json_object_get(v, "jobs"), "build");
	steps = json_object_get(build, "steps");
	CHECK_INT(vyaml_key_line(m, v, "jobs"), 2);
	CHECK_INT(vyaml_key_line(m, json_object_get(v, "jobs"), "build"), 3);
	CHECK_INT(vyaml_line(m, json_array_get(steps, 0)), 5);
	CHECK_INT(vyaml_line(m, json_object_get(json_array_get(steps, 0), "uses")), 5);
	CHECK_INT(vyaml_key_line(m, json_object_get(json_array_get(steps, 0), "with"), "ref"), 6);
	/* the block scalar's text starts on the line after '|' */
	CHECK_INT(vyaml_line(m, json_object_get(json_array_get(steps, 1), "run")), 8);
	/* true has no line of its own; its key has */
	CHECK_INT(vyaml_line(m, json_object_get(build, "ok")), 0);
	CHECK_INT(vyaml_key_line(m, build, "ok"), 9);
	CHECK_INT(vyaml_key_line(m, build, "nope"), 0);
	json_decref(v);
	vyaml_marks_free(m);
}

/* VYAML_ALIASES: copies of anchored nodes, merge keys, and a cap on what they cost. */
static void test_aliases_allowed(void)
{
	const char *doc = ".base: &base\n"
	                  "  image: x\n"
	                  "  script: [a, b]\n"
	                  "job:\n"
	                  "  <<: *base\n"
	                  "  image: y\n"
	                  "list: *base\n";
	struct buf bomb = BUF_INIT;
	json_t *v = NULL, *job;

	CHECK(vyaml_parse(&v, doc, strlen(doc), "a.yml") == ERR_UNSUPPORTED);
	CHECK_OK(vyaml_parse_marked(&v, NULL, doc, strlen(doc), "a.yml", VYAML_ALIASES));
	job = json_object_get(v, "job");
	CHECK_STR(json_string_value(json_object_get(job, "image")), "y");
	CHECK_INT(json_array_size(json_object_get(job, "script")), 2);
	CHECK(!json_object_get(job, "<<"));
	CHECK_STR(json_string_value(json_object_get(json_object_get(v, "list"), "image")), "x");
	json_decref(v);
	v = NULL;
	CHECK(vyaml_parse_marked(&v, NULL, "a: *nope\n", 9, "a.yml", VYAML_ALIASES) == ERR_PARSE);
	/* ten levels of ten aliases: 10^10 nodes if expanded */
	buf_adds(&bomb, "a: &a [x, x, x, x, x, x, x, x, x, x]\n");
	for (char c = 'b'; c <= 'j'; c++)
		buf_addf(&bomb, "%c: &%c [*%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c, *%c]\n", c,
		         c, c - 1, c - 1, c - 1, c - 1, c - 1, c - 1, c - 1, c - 1, c - 1, c - 1);
	CHECK(vyaml_parse_marked(&v, NULL, bomb.ptr, bomb.len, "b.yml", VYAML_ALIASES) ==
	      ERR_TOOBIG);
	CHECK(strstr(err_msg(), "aliases expand to too many nodes"));
	/* few nodes, many bytes: 300 copies of a 1 MiB string would be 300 MiB */
	buf_reset(&bomb);
	buf_adds(&bomb, "a: &a ");
	for (size_t i = 0; i < ((size_t)1 << 20); i++)
		buf_adds(&bomb, "x");
	buf_adds(&bomb, "\nb:\n");
	for (int i = 0; i < 300; i++)
		buf_adds(&bomb, "- *a\n");
	CHECK(vyaml_parse_marked(&v, NULL, bomb.ptr, bomb.len, "c.yml", VYAML_ALIASES) ==
	      ERR_TOOBIG);
	CHECK(strstr(err_msg(), "aliases expand to over 256 MiB of memory"));
	buf_release(&bomb);
}

/* The tree's estimated cost is capped as it is built: a million empty mappings is too many. */
static void test_memory_cap(void)
{
	struct buf b = BUF_INIT_MAX((size_t)16 << 20);
	json_t *v = NULL;

	for (size_t i = 0; i < 1100000; i++)
		buf_adds(&b, "- {}\n");
	CHECK(vyaml_parse(&v, b.ptr, b.len, "m.yml") == ERR_TOOBIG);
	CHECK(strstr(err_msg(), "m.yml:") && strstr(err_msg(), "over 256 MiB of memory"));
	CHECK(v == NULL);
	buf_release(&b);
}

/* VYAML_HEADER_DOC: a GitLab `spec:` header, then the document wanted; never three. */
static void test_header_doc(void)
{
	const char *two = "spec:\n  inputs:\n    x: {default: &a 1}\n---\njob:\n  script: [b]\n";
	const char *three = "a: 1\n---\nb: 2\n---\nc: 3\n";
	const char *alias = "spec: &s {x: 1}\n---\njob: *s\n";
	struct vyaml_marks *m = NULL;
	json_t *v = NULL;

	CHECK(vyaml_parse(&v, two, strlen(two), "g.yml") == ERR_PARSE);
	CHECK_OK(vyaml_parse_marked(&v, &m, two, strlen(two), "g.yml", VYAML_HEADER_DOC));
	CHECK(!json_object_get(v, "spec"));
	CHECK_INT(vyaml_key_line(m, v, "job"), 5);
	json_decref(v);
	vyaml_marks_free(m);
	v = NULL;
	CHECK(vyaml_parse_marked(&v, NULL, three, strlen(three), "g.yml", VYAML_HEADER_DOC) ==
	      ERR_PARSE);
	/* the header's anchors are gone with it */
	CHECK(vyaml_parse_marked(&v, NULL, alias, strlen(alias), "g.yml",
	                         VYAML_HEADER_DOC | VYAML_ALIASES) == ERR_PARSE);
}

RUN_TESTS("yaml", T(test_scalars_core_schema), T(test_errors_name_position),
          T(test_aliases_refused), T(test_depth_cap), T(test_pypi_corpus), T(test_marks),
          T(test_aliases_allowed), T(test_header_doc), T(test_memory_cap))
