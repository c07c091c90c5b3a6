/*
 * junit.c: counting JUnit XML test cases (see junit.h).
 */
#include "util/compat.h"
#include "core/formats/junit.h"
#include "core/inventory/lockparse.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/err.h"

#include <libxml/tree.h>

struct walk {
	struct junit_result r;
	size_t depth_line; /* where the depth cap was hit, 0 if not */
};

static void add_failed(struct junit_result *r, const xmlNode *tc, const char *suite)
{
	char *cls = lp_xml_attr(tc, "classname"), *name = lp_xml_attr(tc, "name");
	struct buf b = BUF_INIT_MAX(4096);
	const char *prefix = cls && *cls ? cls : suite;

	if (r->nfailed < JUNIT_MAX_FAILED) {
		if (prefix && *prefix)
			buf_addf(&b, "%s.", prefix);
		buf_adds(&b, name && *name ? name : "(unnamed)");
		r->failed = xreallocarray(r->failed, r->nfailed + 1, sizeof(*r->failed));
		r->failed[r->nfailed++] = buf_detach(&b, NULL);
	}
	free(cls);
	free(name);
}

static void count_case(struct junit_result *r, const xmlNode *tc, const char *suite)
{
	bool failure = false, error = false, skipped = false;

	for (const xmlNode *c = tc->children; c; c = c->next) {
		failure |= lp_xml_is(c, "failure");
		error |= lp_xml_is(c, "error");
		skipped |= lp_xml_is(c, "skipped");
	}
	r->tests++;
	if (failure)
		r->failures++;
	else if (error)
		r->errors++;
	else if (skipped)
		r->skipped++;
	if (failure || error)
		add_failed(r, tc, suite);
}

static void walk_suite(struct walk *w, const xmlNode *suite, size_t depth)
{
	char *sname;

	if (depth > JUNIT_MAX_DEPTH) {
		if (!w->depth_line)
			w->depth_line = lp_xml_line(suite) ? lp_xml_line(suite) : 1;
		return;
	}
	sname = lp_xml_attr(suite, "name");
	for (const xmlNode *c = suite->children; c; c = c->next) {
		if (lp_xml_is(c, "testcase"))
			count_case(&w->r, c, sname);
		else if (lp_xml_is(c, "testsuite") || lp_xml_is(c, "testsuites"))
			walk_suite(w, c, depth + 1);
	}
	free(sname);
}

int junit_read(struct junit_result *out, const char *data, size_t len, const char *name)
{
	struct walk w = { JUNIT_RESULT_INIT, 0 };
	xmlDoc *doc = NULL;
	xmlNode *root;
	size_t line = 0;
	int ret;

	if (len > JUNIT_MAX_SIZE)
		return err_set(ERR_TOOBIG, "'%s': larger than %zu bytes: not read", name,
		               JUNIT_MAX_SIZE);
	ret = lp_xml_read(&doc, &line, data, len);
	if (ret < 0)
		return err_prefix("'%s':%zu: ", name, line ? line : 1);
	root = xmlDocGetRootElement(doc);
	if (!lp_xml_is(root, "testsuites") && !lp_xml_is(root, "testsuite")) {
		ret = err_set(ERR_PARSE, "'%s':%zu: not JUnit XML: the root element is <%s>", name,
		              lp_xml_line(root),
		              root && root->name ? (const char *)root->name : "");
		goto done;
	}
	walk_suite(&w, root, 0);
	if (w.depth_line) {
		ret = err_set(ERR_TOOBIG, "'%s':%zu: test suites nested deeper than %d", name,
		              w.depth_line, JUNIT_MAX_DEPTH);
		goto done;
	}
	out->tests += w.r.tests;
	out->failures += w.r.failures;
	out->errors += w.r.errors;
	out->skipped += w.r.skipped;
	for (size_t i = 0; i < w.r.nfailed; i++) {
		if (out->nfailed < JUNIT_MAX_FAILED) {
			out->failed =
			        xreallocarray(out->failed, out->nfailed + 1, sizeof(*out->failed));
			out->failed[out->nfailed++] = w.r.failed[i];
		} else {
			free(w.r.failed[i]);
		}
	}
	free(w.r.failed);
	w.r.failed = NULL;
	w.r.nfailed = 0;
	ret = 0;
done:
	junit_release(&w.r);
	xmlFreeDoc(doc);
	return ret;
}

void junit_release(struct junit_result *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->nfailed; i++)
		free(r->failed[i]);
	free(r->failed);
	memset(r, 0, sizeof(*r));
}
