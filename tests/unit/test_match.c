/*
 * The OSV range evaluation, with a tiny test-only comparator (dotted decimal
 * numbers) so that these cases do not depend on any ecosystem's rules.
 */
#include "util/compat.h"
#include "harness.h"
#include "core/match/match.h"
#include "util/err.h"
#include "util/json.h"

static int dotted_validate(const char *s, size_t n)
{
	if (!n)
		return ERR_PARSE;
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] == '.' && i && i + 1 < n)))
			return ERR_PARSE;
	return 0;
}

static int dotted_compare(const char *a, size_t an, const char *b, size_t bn, int *out)
{
	size_t i = 0, j = 0;

	if (dotted_validate(a, an) < 0 || dotted_validate(b, bn) < 0)
		return ERR_PARSE;
	while (i < an || j < bn) {
		unsigned long x = 0, y = 0;

		while (i < an && a[i] != '.')
			x = x * 10 + (unsigned long)(a[i++] - '0');
		while (j < bn && b[j] != '.')
			y = y * 10 + (unsigned long)(b[j++] - '0');
		if (x != y) {
			*out = x < y ? -1 : 1;
			return 0;
		}
		i += i < an;
		j += j < bn;
	}
	*out = 0;
	return 0;
}

static const struct version_scheme dotted = { "dotted", dotted_compare, dotted_validate };

static bool affected_by(const char *ranges, const char *versions, const char *v,
                        struct match_why *why, struct match_notes *notes)
{
	json_t *r = NULL, *vs = NULL;
	bool aff = false;
	struct match_why w;
	struct match_notes n = { 0 };

	if (ranges && vjson_parse(&r, ranges, strlen(ranges), "r") < 0)
		harness_fail(__FILE__, __LINE__, "bad ranges JSON");
	if (versions && vjson_parse(&vs, versions, strlen(versions), "v") < 0)
		harness_fail(__FILE__, __LINE__, "bad versions JSON");
	if (match_entry(&aff, &w, &dotted, r, vs, v, strlen(v), &n) < 0)
		harness_fail(__FILE__, __LINE__, "match_entry failed: %s", err_msg());
	if (why)
		*why = w; /* pointers into r: only kinds/ints are read after freeing below */
	if (notes)
		*notes = n;
	json_decref(r);
	json_decref(vs);
	return aff;
}

#define R(events) "[{\"type\": \"ECOSYSTEM\", \"events\": [" events "]}]"

static void test_introduced_fixed(void)
{
	const char *r = R("{\"introduced\": \"1.0\"}, {\"fixed\": \"1.2\"}");

	CHECK(!affected_by(r, NULL, "0.9", NULL, NULL));
	CHECK(affected_by(r, NULL, "1.0", NULL, NULL));
	CHECK(affected_by(r, NULL, "1.1.9", NULL, NULL));
	CHECK(!affected_by(r, NULL, "1.2", NULL, NULL));
	CHECK(!affected_by(r, NULL, "1.2.0", NULL, NULL)); /* equal under the scheme */
	CHECK(!affected_by(r, NULL, "3", NULL, NULL));
}

static void test_zero_and_open(void)
{
	CHECK(affected_by(R("{\"introduced\": \"0\"}"), NULL, "0.0.1", NULL, NULL));
	CHECK(affected_by(R("{\"introduced\": \"0\"}"), NULL, "999", NULL, NULL));
	CHECK(affected_by(R("{\"introduced\": \"0\"}, {\"fixed\": \"2\"}"), NULL, "1", NULL, NULL));
}

static void test_last_affected(void)
{
	const char *r = R("{\"introduced\": \"0\"}, {\"last_affected\": \"2.1\"}");

	CHECK(affected_by(r, NULL, "2.1", NULL, NULL));
	CHECK(affected_by(r, NULL, "2.0.99", NULL, NULL));
	CHECK(!affected_by(r, NULL, "2.1.1", NULL, NULL));
}

static void test_several_intervals_unsorted(void)
{
	/* events given out of order: sorted before the walk */
	const char *r =
	        R("{\"introduced\": \"3.0\"}, {\"fixed\": \"1.0.2\"}, {\"fixed\": \"3.2.5\"}, "
	          "{\"introduced\": \"1.0\"}");
	struct match_why why;

	CHECK(affected_by(r, NULL, "1.0.1", &why, NULL));
	CHECK(!affected_by(r, NULL, "1.0.2", NULL, NULL));
	CHECK(!affected_by(r, NULL, "2.5", NULL, NULL));
	CHECK(affected_by(r, NULL, "3.0", NULL, NULL));
	CHECK(affected_by(r, NULL, "3.2.4", NULL, NULL));
	CHECK(!affected_by(r, NULL, "3.2.5", NULL, NULL));
	CHECK_INT(why.range, 0);
}

static void test_limit(void)
{
	const char *r = R("{\"introduced\": \"1.0\"}, {\"limit\": \"2.0\"}");

	CHECK(affected_by(r, NULL, "1.5", NULL, NULL));
	CHECK(!affected_by(r, NULL, "2.0", NULL, NULL));
	CHECK(!affected_by(r, NULL, "0.5", NULL, NULL));
	CHECK(affected_by(R("{\"introduced\": \"1.0\"}, {\"limit\": \"*\"}"), NULL, "9", NULL,
	                  NULL));
	/* several limits: below any one of them */
	CHECK(affected_by(R("{\"introduced\": \"1\"}, {\"limit\": \"2\"}, {\"limit\": \"5\"}"),
	                  NULL, "4", NULL, NULL));
}

static void test_versions_list_and_ranges(void)
{
	CHECK(affected_by(NULL, "[\"1.0\", \"1.1\"]", "1.1", NULL, NULL));
	CHECK(affected_by(NULL, "[\"1.0\", \"1.1\"]", "1.1.0", NULL, NULL));
	CHECK(!affected_by(NULL, "[\"1.0\", \"1.1\"]", "1.2", NULL, NULL));
	CHECK(affected_by(R("{\"introduced\": \"5\"}"), "[\"1.0\"]", "1.0", NULL, NULL));
	CHECK(affected_by(R("{\"introduced\": \"5\"}"), "[\"1.0\"]", "6", NULL, NULL));
	/* two ranges: affected by either */
	CHECK(affected_by(
	        "[{\"type\": \"SEMVER\", \"events\": [{\"introduced\": \"1\"}, {\"fixed\": "
	        "\"2\"}]}, {\"type\": \"ECOSYSTEM\", \"events\": [{\"introduced\": \"4\"}, "
	        "{\"fixed\": \"5\"}]}]",
	        NULL, "4.5", NULL, NULL));
}

static void test_git_and_bad_events_noted(void)
{
	struct match_notes n;

	CHECK(!affected_by("[{\"type\": \"GIT\", \"repo\": \"r\", \"events\": [{\"introduced\": "
	                   "\"0\"}]}]",
	                   NULL, "1", NULL, &n));
	CHECK_INT(n.git_ranges, 1);
	CHECK(!affected_by(R("{\"introduced\": \"0\"}, {\"fixed\": \"1.x\"}"), NULL, "1", NULL,
	                   &n));
	CHECK_INT(n.bad_events, 1);
	CHECK(n.first_bad[0]);
}

static void test_explanation(void)
{
	json_t *r = NULL;
	struct match_why why;
	struct buf b = BUF_INIT;
	bool aff;
	const char *t = R("{\"introduced\": \"1.0\"}, {\"fixed\": \"1.2\"}");

	CHECK_OK(vjson_parse(&r, t, strlen(t), "r"));
	CHECK_OK(match_entry(&aff, &why, &dotted, r, NULL, "1.1", 3, NULL));
	CHECK(aff);
	CHECK_OK(match_explain(&b, &why));
	CHECK_STR(b.ptr, "in range 0 (ECOSYSTEM): introduced 1.0, fixed 1.2");
	buf_release(&b);
	json_decref(r);
}

static void test_bad_version_is_an_error(void)
{
	bool aff;
	struct match_why why;

	CHECK_INT(match_entry(&aff, &why, &dotted, NULL, NULL, "x.y", 3, NULL), ERR_PARSE);
}

RUN_TESTS("match", T(test_introduced_fixed), T(test_zero_and_open), T(test_last_affected),
          T(test_several_intervals_unsorted), T(test_limit), T(test_versions_list_and_ranges),
          T(test_git_and_bad_events_noted), T(test_explanation), T(test_bad_version_is_an_error))
