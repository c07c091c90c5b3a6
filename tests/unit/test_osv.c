#include "util/compat.h"
#include "harness.h"
#include "core/vulndb/osv.h"
#include "util/err.h"
#include "util/json.h"

static int validate(const char *text)
{
	json_t *doc = NULL;
	int r;

	if (vjson_parse(&doc, text, strlen(text), "t.json") < 0)
		harness_fail(__FILE__, __LINE__, "bad test JSON: %s", err_msg());
	r = osv_validate(doc);
	json_decref(doc);
	return r;
}

#define HEAD "{\"id\": \"GHSA-xxxx-xxxx-xxxx\", \"modified\": \"2021-01-01T00:00:00Z\""
#define AFF(r)                                                                                     \
	HEAD ", \"affected\": [{\"package\": {\"ecosystem\": \"npm\", \"name\": \"x\"}, "          \
	     "\"ranges\": [" r "]}]}"

static void test_valid(void)
{
	CHECK_OK(validate(HEAD "}"));
	CHECK_OK(validate(AFF("{\"type\": \"SEMVER\", \"events\": [{\"introduced\": \"0\"}, "
	                      "{\"fixed\": \"1.0.0\"}]}")));
	CHECK_OK(validate(HEAD ", \"affected\": [{\"package\": {\"ecosystem\": \"Debian:12\", "
	                       "\"name\": \"openssl\"}, \"versions\": [\"1.0\"]}]}"));
	CHECK_OK(validate(HEAD ", \"severity\": [{\"type\": \"CVSS_V3\", \"score\": "
	                       "\"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H\"}]}"));
	CHECK_OK(validate("{\"id\": \"x_custom\", \"modified\": \"2021-01-01T00:00:00.123Z\"}"));
}

static void expect_invalid(const char *text, const char *what, int line)
{
	if (validate(text) != ERR_PARSE)
		harness_fail(__FILE__, line, "accepted: %s", text);
	if (!strstr(err_msg(), what))
		harness_fail(__FILE__, line, "message '%s' lacks '%s'", err_msg(), what);
}

#define INVALID(t, w) expect_invalid((t), (w), __LINE__)

static void test_invalid(void)
{
	INVALID("[]", "not a JSON object");
	INVALID("{\"modified\": \"2021-01-01T00:00:00Z\"}", "missing 'id'");
	INVALID("{\"id\": \"FOO-1\", \"modified\": \"2021-01-01T00:00:00Z\"}", "prefix");
	INVALID("{\"id\": \"GO-1\"}", "missing 'modified'");
	INVALID("{\"id\": \"GO-1\", \"modified\": \"2021-01-01 00:00:00\"}", "RFC 3339");
	INVALID(AFF("{\"type\": \"SEMVER\", \"events\": [{\"fixed\": \"1.0.0\"}]}"),
	        "no 'introduced'");
	INVALID(AFF("{\"type\": \"SEMVER\", \"events\": []}"), "non-empty");
	INVALID(AFF("{\"type\": \"RANGE\", \"events\": [{\"introduced\": \"0\"}]}"),
	        "unknown range type");
	INVALID(AFF("{\"type\": \"SEMVER\", \"events\": [{\"introduced\": \"0\", \"fixed\": "
	            "\"1\"}]}"),
	        "exactly one");
	INVALID(AFF("{\"type\": \"ECOSYSTEM\", \"events\": [{\"introduced\": \"0\"}, {\"fixed\": "
	            "\"1\"}, {\"last_affected\": \"2\"}]}"),
	        "'fixed' and 'last_affected'");
	INVALID(AFF("{\"type\": \"GIT\", \"events\": [{\"introduced\": \"0\"}]}"),
	        "without 'repo'");
	INVALID(AFF("{\"type\": \"GIT\", \"repo\": \"r\", \"events\": [{\"introduced\": "
	            "\"abc\"}]}"),
	        "full commit hash");
	INVALID(HEAD ", \"affected\": [{\"package\": {\"ecosystem\": \"Nope\", \"name\": \"x\"}}]}",
	        "unknown ecosystem");
	INVALID(HEAD ", \"severity\": [{\"type\": \"CVSS_V3\", \"score\": \"AV:N\"}]}",
	        "is not a CVSS_V3 vector");
	INVALID(HEAD ", \"references\": [{\"type\": \"BLOG\", \"url\": \"u\"}]}", "unknown type");
	INVALID(HEAD ", \"severity\": [], \"affected\": [{\"severity\": []}]}", "top-level");
}

/* Lenient validation of doc; returns its result and leaves the drops in *drops. */
static int lenient(struct osv_git_drops *drops, json_t **doc, const char *text)
{
	if (vjson_parse(doc, text, strlen(text), "t.json") < 0)
		harness_fail(__FILE__, __LINE__, "bad test JSON: %s", err_msg());
	return osv_validate_lenient(drops, *doc);
}

#define SEMVER_R                                                                                   \
	"{\"type\": \"SEMVER\", \"events\": [{\"introduced\": \"0\"}, {\"fixed\": \"1.0.0\"}]}"
#define GIT_OK                                                                                     \
	"{\"type\": \"GIT\", \"repo\": \"r\", \"events\": [{\"introduced\": \"0\"}, {\"fixed\": "  \
	"\"0123456789abcdef0123456789abcdef01234567\"}]}"
#define GIT_SHORT                                                                                  \
	"{\"type\": \"GIT\", \"repo\": \"r\", \"events\": [{\"introduced\": \"0\"}, {\"fixed\": "  \
	"\"cb35df940a\"}]}"
#define GIT_NOREPO "{\"type\": \"GIT\", \"events\": [{\"introduced\": \"0\"}]}"

static void test_lenient_git(void)
{
	struct osv_git_drops d = OSV_GIT_DROPS_INIT;
	json_t *doc = NULL, *copy, *ranges;

	/* A short hash in a GIT range beside a SEMVER range: the GIT range goes, the rest stays. */
	CHECK_OK(lenient(&d, &doc, AFF(GIT_SHORT ", " SEMVER_R)));
	CHECK_INT(d.n, 1);
	CHECK_INT(d.v[0].affected, 0);
	CHECK_INT(d.v[0].range, 0);
	CHECK_STR(d.v[0].why, "events[1].fixed: 'cb35df940a' is not a full commit hash");
	CHECK(osv_validate(doc) == ERR_PARSE);
	copy = osv_without_ranges(doc, &d);
	CHECK_OK(osv_validate(copy));
	ranges = json_object_get(json_array_get(json_object_get(copy, "affected"), 0), "ranges");
	CHECK_INT(json_array_size(ranges), 1);
	CHECK(json_equal(
	        json_array_get(ranges, 0),
	        json_array_get(json_object_get(json_array_get(json_object_get(doc, "affected"), 0),
	                                       "ranges"),
	                       1)));
	/* the document given is left as it was */
	CHECK(json_array_size(json_object_get(json_array_get(json_object_get(doc, "affected"), 0),
	                                      "ranges")) == 2);
	json_decref(copy);
	json_decref(doc);
	osv_git_drops_release(&d);

	/* Several, in two entries: each index names the range as given; valid GIT ranges stay. */
	CHECK_OK(lenient(&d, &doc,
	                 HEAD ", \"affected\": [{\"package\": {\"ecosystem\": \"npm\", \"name\": "
	                      "\"x\"}, \"ranges\": [" SEMVER_R ", " GIT_NOREPO ", " GIT_OK
	                      ", " GIT_SHORT "]}, {\"ranges\": [" GIT_SHORT "]}]}"));
	CHECK_INT(d.n, 3);
	CHECK(d.v[0].affected == 0 && d.v[0].range == 1);
	CHECK_STR(d.v[0].why, "GIT range without 'repo'");
	CHECK(d.v[1].affected == 0 && d.v[1].range == 3);
	CHECK(d.v[2].affected == 1 && d.v[2].range == 0);
	copy = osv_without_ranges(doc, &d);
	CHECK_OK(osv_validate(copy));
	ranges = json_object_get(json_array_get(json_object_get(copy, "affected"), 0), "ranges");
	CHECK_INT(json_array_size(ranges), 2);
	CHECK_STR(vjson_str(json_array_get(ranges, 0), "type"), "SEMVER");
	CHECK_STR(vjson_str(json_array_get(ranges, 1), "type"), "GIT");
	ranges = json_object_get(json_array_get(json_object_get(copy, "affected"), 1), "ranges");
	CHECK_INT(json_array_size(ranges), 0);
	json_decref(copy);
	json_decref(doc);
	osv_git_drops_release(&d);

	/* Anything wrong outside GIT ranges is still an error, whatever comes first. */
	CHECK(lenient(&d, &doc,
	              AFF(GIT_SHORT
	                  ", {\"type\": \"SEMVER\", \"events\": [{\"fixed\": \"1\"}]}")) ==
	      ERR_PARSE);
	CHECK(strstr(err_msg(), "affected[0].ranges[1]: no 'introduced' event"));
	json_decref(doc);
	osv_git_drops_release(&d);
	CHECK(lenient(&d, &doc,
	              HEAD ", \"affected\": [{\"ranges\": [" GIT_SHORT "]}], \"references\": "
	                   "[{\"type\": \"BLOG\", \"url\": \"u\"}]}") == ERR_PARSE);
	CHECK(strstr(err_msg(), "references[0]: unknown type"));
	json_decref(doc);
	osv_git_drops_release(&d);
	/* A range is GIT only when its type says so exactly. */
	CHECK(lenient(&d, &doc,
	              AFF("{\"type\": \"git\", \"events\": [{\"introduced\": \"0\"}]}")) ==
	      ERR_PARSE);
	CHECK_INT(d.n, 0);
	json_decref(doc);
	osv_git_drops_release(&d);
	CHECK(lenient(&d, &doc, AFF("{\"events\": [{\"introduced\": \"0\"}]}")) == ERR_PARSE);
	CHECK(strstr(err_msg(), "missing 'type'"));
	json_decref(doc);
	osv_git_drops_release(&d);
	/* Nothing to leave out: no drops. */
	CHECK_OK(lenient(&d, &doc, AFF(GIT_OK)));
	CHECK_INT(d.n, 0);
	json_decref(doc);
}

static void test_names_and_ecosystems(void)
{
	struct buf b = BUF_INIT;

	CHECK_OK(osv_normalize_name(&b, "PyPI", 4, "Flask__Caching.x", 16));
	CHECK_STR(b.ptr, "flask-caching-x");
	buf_reset(&b);
	CHECK_OK(osv_normalize_name(&b, "crates.io", 9, "Serde_JSON", 10));
	CHECK_STR(b.ptr, "serde-json");
	buf_reset(&b);
	CHECK_OK(osv_normalize_name(&b, "Go", 2, "github.com/A/b", 14));
	CHECK_STR(b.ptr, "github.com/A/b");
	buf_release(&b);
	CHECK_INT(osv_ecosystem_base_len("Ubuntu:22.04:LTS"), 6);
	CHECK(osv_ecosystem_known("Red Hat", 7));
	CHECK(!osv_ecosystem_known("redhat", 6));
}

static void test_time_key(void)
{
	char a[30], b[30];

	CHECK(osv_time_key(a, "2023-11-07T20:24:23.946863Z"));
	CHECK(osv_time_key(b, "2023-11-07T20:24:23Z"));
	CHECK_STR(a, "2023-11-07T20:24:23.946863000");
	CHECK(strcmp(a, b) > 0);
	CHECK(!osv_time_key(a, "2023-11-07T20:24:23"));
	CHECK(!osv_time_key(a, "2023-11-07T20:24:23.Z"));
}

RUN_TESTS("osv", T(test_valid), T(test_invalid), T(test_lenient_git), T(test_names_and_ecosystems),
          T(test_time_key))
