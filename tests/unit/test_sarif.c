/*
 * test_sarif.c: the shared SARIF writer (formats/sarif.c) and the
 * endoflife.date release-cycle writer (disclose/cycles.c).
 */
#include "util/compat.h"
#include "harness.h"
#include "core/formats/sarif.h"
#include "core/disclose/cycles.h"
#include <jansson.h>

static json_t *parse(const struct buf *b)
{
	json_error_t e;
	json_t *j = json_loadb(b->ptr, b->len, 0, &e);

	CHECK(j != NULL);
	return j;
}

static void test_sarif_rules_results_and_properties(void)
{
	struct buf out = BUF_INIT;
	struct sarif s;
	static const char *const tags[] = { "security" };
	struct sarif_prop lp = { "layer", "sha256:ab", NULL, 0 };
	struct sarif_location loc[2] = { { .uri = "a/b.c", .line = 3, .column = 7 },
		                         { .uri = "x", .props = &lp, .nprops = 1 } };
	json_t *j, *run, *res;

	sarif_begin(&s, &out, "vouch", "1.2.3");
	sarif_rule(&s,
	           &(struct sarif_rule){ .id = "r1", .level = "error", .tags = tags, .ntags = 1 });
	sarif_rule(&s,
	           &(struct sarif_rule){ .id = "r2", .short_text = "second", .help_text = "fix" });
	sarif_results(&s);
	sarif_result(&s, &(struct sarif_result){ .rule_id = "r2",
	                                         .message = "m",
	                                         .locs = loc,
	                                         .nlocs = 2,
	                                         .fingerprint = "ff" });
	sarif_result(&s, &(struct sarif_result){ .rule_id = "other",
	                                         .level = "note",
	                                         .message = "n",
	                                         .suppressed = true,
	                                         .justification = "why" });
	jw_kstr(sarif_run_properties(&s), "db", "v1");
	CHECK(sarif_end(&s) == 0);
	j = parse(&out);
	CHECK_STR(json_string_value(json_object_get(j, "version")), "2.1.0");
	run = json_array_get(json_object_get(j, "runs"), 0);
	CHECK_STR(json_string_value(json_object_get(json_object_get(run, "properties"), "db")),
	          "v1");
	CHECK(json_array_size(json_object_get(
	              json_object_get(json_object_get(run, "tool"), "driver"), "rules")) == 2);
	res = json_object_get(run, "results");
	CHECK(json_array_size(res) == 2);
	CHECK(json_integer_value(json_object_get(json_array_get(res, 0), "ruleIndex")) == 1);
	CHECK(json_object_get(json_array_get(res, 1), "ruleIndex") == NULL);
	CHECK(json_integer_value(json_object_get(
	              json_object_get(
	                      json_object_get(json_array_get(json_object_get(json_array_get(res, 0),
	                                                                     "locations"),
	                                                     0),
	                                      "physicalLocation"),
	                      "region"),
	              "startColumn")) == 7);
	CHECK_STR(
	        json_string_value(json_object_get(
	                json_array_get(json_object_get(json_array_get(res, 1), "suppressions"), 0),
	                "justification")),
	        "why");
	json_decref(j);
	buf_release(&out);
}

static void test_cycles_newest_first_with_unknown_eol(void)
{
	struct assess_release rel[3] = {
		{ .version = (char *)"1.x",
		  .released = 19000,
		  .end_of_support = 20000,
		  .notice_published = -1 },
		{ .version = (char *)"3.x",
		  .released = -1,
		  .end_of_support = -1,
		  .notice_published = -1 },
		{ .version = (char *)"2.x",
		  .released = 19500,
		  .end_of_support = -1,
		  .notice_published = -1 },
	};
	struct assess_product p = { .name = (char *)"p", .releases = rel, .nreleases = 3 };
	struct buf out = BUF_INIT;
	json_t *j;

	CHECK(lifecycle_cycles_json(&out, &p) == 0);
	j = parse(&out);
	CHECK(json_array_size(j) == 3);
	CHECK_STR(json_string_value(json_object_get(json_array_get(j, 0), "cycle")), "2.x");
	CHECK(json_is_false(json_object_get(json_array_get(j, 0), "eol")));
	CHECK_STR(json_string_value(json_object_get(json_array_get(j, 1), "eol")), "2024-10-04");
	CHECK_STR(json_string_value(json_object_get(json_array_get(j, 1), "releaseDate")),
	          "2022-01-08");
	CHECK(json_object_get(json_array_get(j, 2), "releaseDate") == NULL);
	json_decref(j);
	buf_release(&out);
}

RUN_TESTS("sarif", T(test_sarif_rules_results_and_properties),
          T(test_cycles_newest_first_with_unknown_eol))
