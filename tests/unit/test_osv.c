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

RUN_TESTS("osv", T(test_valid), T(test_invalid), T(test_names_and_ecosystems), T(test_time_key))
