/*
 * test_lockparse.c: the parsing helpers of the extractors (YAML nodes with
 * lines, JSON key lines, repository URLs, name tables).
 */
#include "util/compat.h"
#include "harness.h"
#include "core/inventory/lockparse.h"
#include "util/buf.h"
#include "util/err.h"

static void test_ynode(void)
{
	const char *y = "# c\nroot:\n  list:\n    - a\n    - {k: \"v\\u00e9\"}\n  n: 3\n";
	struct ynode *doc = NULL, *list;
	size_t line = 0;

	CHECK_OK(ynode_parse(&doc, &line, y, strlen(y)));
	CHECK(doc && doc->kind == YNODE_MAP);
	list = ynode_get(ynode_get(doc, "root"), "list");
	CHECK(list && list->kind == YNODE_SEQ);
	CHECK_INT(list->nkids, 2);
	CHECK_INT(list->kids[0]->line, 4);
	CHECK_STR(ynode_str(list->kids[0]), "a");
	CHECK_STR(ynode_str(ynode_get(list->kids[1], "k")), "v\xc3\xa9");
	CHECK_STR(ynode_str(ynode_get(ynode_get(doc, "root"), "n")), "3");
	CHECK(ynode_get(doc, "missing") == NULL);
	CHECK(ynode_str(list) == NULL);
	ynode_free(doc);

	/* empty stream: no document, no error */
	CHECK_OK(ynode_parse(&doc, &line, "", 0));
	CHECK(doc == NULL);
	/* a NUL inside a scalar: ynode_str refuses it */
	CHECK_OK(ynode_parse(&doc, &line, "a: \"x\\0y\"\n", 10));
	CHECK(ynode_str(ynode_get(doc, "a")) == NULL);
	CHECK_INT(ynode_get(doc, "a")->len, 3);
	ynode_free(doc);
	/* only the first document */
	CHECK_OK(ynode_parse(&doc, &line, "a: 1\n---\nb: 2\n", 14));
	CHECK(ynode_get(doc, "b") == NULL);
	ynode_free(doc);
}

static void test_ynode_limits(void)
{
	struct ynode *doc = NULL;
	struct buf b = BUF_INIT;
	size_t line = 0;

	for (int i = 0; i < 1000; i++)
		buf_adds(&b, "[");
	CHECK_INT(ynode_parse(&doc, &line, b.ptr, b.len), ERR_TOOBIG);
	CHECK(strstr(err_msg(), "deeper than 64") != NULL);
	CHECK(doc == NULL);
	buf_release(&b);

	CHECK_INT(ynode_parse(&doc, &line, "a: &x [1]\nb: *x\n", 16), ERR_UNSUPPORTED);
	CHECK_INT(line, 2);
	CHECK_INT(ynode_parse(&doc, &line, "a: [1\nb: 2\n", 11), ERR_PARSE);
	CHECK(strstr(err_msg(), "not valid YAML") != NULL);
	CHECK(line > 0);
}

/*
 * XML: an entity declaration stops the parse where it is (a billion laughs
 * never gets expanded or checked), and a document whose tree would take over
 * LP_XML_MAX_MEMORY is refused unparsed.
 */
static void test_xml_limits(void)
{
	static const char laughs[] = "<?xml version=\"1.0\"?>\n"
	                             "<!DOCTYPE p [\n"
	                             " <!ENTITY a \"aaaaaaaaaa\">\n"
	                             " <!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">\n"
	                             "]>\n"
	                             "<p x=\"&b;\">&b;</p>\n";
	struct buf b = BUF_INIT_MAX((size_t)40 << 20);
	xmlDoc *doc = NULL;
	size_t line = 0;

	CHECK_INT(lp_xml_read(&doc, &line, laughs, strlen(laughs)), ERR_PARSE);
	CHECK(strstr(err_msg(), "declares XML entities") != NULL);
	CHECK_INT(line, 3);
	CHECK(doc == NULL);
	/* 2 MiB of empty elements is fine; 24 MiB (6 million) would take about 1.6 GiB */
	buf_adds(&b, "<r>");
	for (size_t i = 0; i < ((size_t)2 << 20) / 4; i++)
		buf_adds(&b, "<a/>");
	buf_adds(&b, "</r>");
	CHECK_OK(lp_xml_read(&doc, &line, b.ptr, b.len));
	xmlFreeDoc(doc);
	doc = NULL;
	while (b.len < ((size_t)24 << 20))
		buf_adds(&b, "<a/>");
	CHECK_INT(lp_xml_read(&doc, &line, b.ptr, b.len), ERR_TOOBIG);
	CHECK(strstr(err_msg(), "over the 256 MiB limit") != NULL);
	CHECK(doc == NULL);
	buf_release(&b);
}

/* One element's attributes are capped (libxml2's check of them is quadratic); comments are not. */
static void test_xml_attrs(void)
{
	struct buf b = BUF_INIT;
	xmlDoc *doc = NULL;
	size_t line = 0;

	buf_adds(&b, "<r>\n<!--");
	for (int i = 0; i < 3000; i++)
		buf_adds(&b, " = ");
	buf_adds(&b, "-->\n<a");
	for (int i = 0; i < LP_XML_MAX_ATTRS; i++)
		buf_addf(&b, " b%d=\">\"", i);
	buf_adds(&b, "/></r>");
	CHECK_OK(lp_xml_read(&doc, &line, b.ptr, b.len));
	xmlFreeDoc(doc);
	doc = NULL;
	buf_truncate(&b, b.len - 6);
	buf_adds(&b, " last='='/></r>");
	CHECK_INT(lp_xml_read(&doc, &line, b.ptr, b.len), ERR_TOOBIG);
	CHECK(strstr(err_msg(), "more than 1024 attributes") != NULL);
	CHECK_INT(line, 3);
	CHECK(doc == NULL);
	buf_release(&b);
}

/* ynode: the bytes the nodes take are capped, not only their count. */
static void test_ynode_memory(void)
{
	struct buf b = BUF_INIT_MAX((size_t)40 << 20);
	struct ynode *doc = NULL;
	size_t line = 0;

	/* 3 million one-letter scalars: under YNODE_MAX_NODES, about 290 MiB of nodes */
	buf_adds(&b, "[");
	for (size_t i = 0; i < 3000000; i++)
		buf_adds(&b, "a,");
	buf_adds(&b, "a]");
	CHECK_INT(ynode_parse(&doc, &line, b.ptr, b.len), ERR_TOOBIG);
	CHECK(strstr(err_msg(), "over 256 MiB") != NULL);
	CHECK(line == 1);
	CHECK(doc == NULL);
	buf_release(&b);
}

static void test_jsonpos(void)
{
	const char *j = "{\n \"a\": {\"x\": 1},\n \"x\": \"a\",\n \"s\": \"q\\\"x\\\": 1\",\n"
	                " \"l\": [{\"x\": 2}],\n \"x\": 3\n}\n";
	struct lp_jsonpos c;

	lp_jsonpos_init(&c, j, strlen(j));
	CHECK_INT(lp_jsonpos_key(&c, "x", 1), 3); /* not the nested one on line 2 */
	CHECK_INT(lp_jsonpos_key(&c, "x", 1), 6); /* not inside the string on line 4 */
	CHECK_INT(lp_jsonpos_key(&c, "x", 1), 0);
	lp_jsonpos_init(&c, j, strlen(j));
	CHECK_INT(lp_jsonpos_key(&c, "x", 3), 5);
	lp_jsonpos_init(&c, j, strlen(j));
	CHECK_INT(lp_jsonpos_string(&c, "a"), 3);
}

static void test_split_repo_url(void)
{
	static const struct {
		const char *url, *host, *path;
	} ok[] = {
		{ "https://github.com/apple/swift-nio.git", "github.com", "apple/swift-nio" },
		{ "git@GitHub.com:apple/swift-nio", "github.com", "apple/swift-nio" },
		{ "ssh://git@host.example:2222/a/b/c.git/", "host.example", "a/b/c" },
		{ "git+https://user:pw@x.org/r", "x.org", "r" },
	};
	char *h, *p;

	for (size_t i = 0; i < ARRAY_SIZE(ok); i++) {
		CHECK(lp_split_repo_url(&h, &p, ok[i].url));
		CHECK_STR(h, ok[i].host);
		CHECK_STR(p, ok[i].path);
		free(h);
		free(p);
	}
	CHECK(!lp_split_repo_url(&h, &p, "/local/path"));
	CHECK(!lp_split_repo_url(&h, &p, "https://host.only/"));
	CHECK(h == NULL && p == NULL);
}

static void test_names(void)
{
	struct lp_names t = { .icase = true };
	int a = 1, b = 2, c = 3;

	lp_names_add(&t, "Zeta", &a);
	lp_names_add(&t, "alpha", &b);
	lp_names_add(&t, "ZETA", &c);
	lp_names_sort(&t);
	CHECK(lp_names_get(&t, "zeta") == &a); /* the first added wins */
	CHECK(lp_names_get(&t, "ALPHA") == &b);
	CHECK(lp_names_get(&t, "beta") == NULL);
	lp_names_release(&t);
	CHECK(lp_names_get(&t, "x") == NULL);
}

RUN_TESTS("lockparse", T(test_ynode), T(test_ynode_limits), T(test_xml_limits), T(test_xml_attrs),
          T(test_ynode_memory), T(test_jsonpos), T(test_split_repo_url), T(test_names))
