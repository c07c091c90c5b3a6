#include "util/compat.h"
#include "harness.h"
#include "core/formats/sarif_read.h"
#include "util/buf.h"
#include "util/err.h"

static int read_str(struct sarif_log *l, const char *s)
{
	return sarif_read(l, s, strlen(s), "t.sarif");
}

/* SARIF 2.1.0 §3.27.10 (level), §3.35.3 (suppression status), §3.27.24 (baselineState). */
static void test_semantics(void)
{
	struct sarif_log l = SARIF_LOG_INIT;

	CHECK_OK(read_str(
	        &l,
	        "{\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"name\":\"cppcheck\","
	        "\"semanticVersion\":\"2.13.0\",\"rules\":["
	        "{\"id\":\"nullPointer\",\"defaultConfiguration\":{\"level\":\"note\"}},"
	        "{\"id\":\"uninitvar\",\"defaultConfiguration\":{\"level\":\"error\"}}]}},"
	        "\"artifacts\":[{\"location\":{\"uri\":\"src/b.c\"}}],"
	        "\"results\":["
	        /* 0: explicit level */
	        "{\"ruleId\":\"x\",\"level\":\"error\",\"message\":{\"text\":\"m0\"},"
	        "\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"uri\":\"src/a.c\"},"
	        "\"region\":{\"startLine\":12}}}]},"
	        /* 1: the rule's default, by index */
	        "{\"ruleIndex\":0,\"message\":{\"text\":\"m1\"}},"
	        /* 2: the rule's default, by id; location through artifacts */
	        "{\"ruleId\":\"uninitvar\",\"message\":{\"text\":\"m2\"},"
	        "\"locations\":[{\"physicalLocation\":{\"artifactLocation\":{\"index\":0},"
	        "\"region\":{\"startLine\":3}}}]},"
	        /* 3: kind pass: level none */
	        "{\"ruleId\":\"x\",\"kind\":\"pass\",\"message\":{\"text\":\"m3\"}},"
	        /* 4: accepted suppression; 5: rejected; 6: under review; 7: no status */
	        "{\"ruleId\":\"x\",\"message\":{\"text\":\"m4\"},\"suppressions\":[{\"kind\":"
	        "\"inSource\",\"status\":\"accepted\"}]},"
	        "{\"ruleId\":\"x\",\"message\":{\"text\":\"m5\"},\"suppressions\":[{\"kind\":"
	        "\"external\",\"status\":\"rejected\"}]},"
	        "{\"ruleId\":\"x\",\"message\":{\"text\":\"m6\"},\"suppressions\":[{\"kind\":"
	        "\"external\",\"status\":\"underReview\"}]},"
	        "{\"ruleId\":\"x\",\"message\":{\"text\":\"m7\"},\"suppressions\":[{\"kind\":"
	        "\"inSource\"}]},"
	        /* 8: fixed since the baseline */
	        "{\"ruleId\":\"x\",\"message\":{\"text\":\"m8\"},\"baselineState\":\"absent\"},"
	        /* 9: nothing said: warning; message by id; rule only in rule.id */
	        "{\"rule\":{\"id\":\"y\"},\"message\":{\"id\":\"default\"}}"
	        "]},{\"tool\":{\"driver\":{\"name\":\"semgrep\",\"version\":\"1.50\"}},"
	        "\"results\":[]}]}"));
	CHECK_INT(l.n, 10);
	CHECK_INT(l.nruns, 2);
	CHECK_STR(l.runs[0].tool, "cppcheck");
	CHECK_STR(l.runs[0].version, "2.13.0");
	CHECK_INT(l.runs[0].results, 10);
	CHECK_STR(l.runs[1].tool, "semgrep");
	CHECK_STR(l.runs[1].version, "1.50");
	CHECK_INT(l.v[0].level, SARIF_ERROR);
	CHECK_STR(l.v[0].path, "src/a.c");
	CHECK_INT(l.v[0].line, 12);
	CHECK(l.v[0].open);
	CHECK_INT(l.v[1].level, SARIF_NOTE);
	CHECK_STR(l.v[1].rule, "nullPointer");
	CHECK_INT(l.v[2].level, SARIF_ERROR);
	CHECK_STR(l.v[2].path, "src/b.c");
	CHECK_INT(l.v[2].line, 3);
	CHECK_INT(l.v[3].level, SARIF_NONE);
	CHECK(!l.v[3].open);
	CHECK(l.v[4].suppressed && !l.v[4].open);
	CHECK(!l.v[5].suppressed && l.v[5].open);
	CHECK(!l.v[6].suppressed && l.v[6].open);
	CHECK(l.v[7].suppressed);
	CHECK(l.v[8].absent && !l.v[8].open);
	CHECK_INT(l.v[9].level, SARIF_WARNING);
	CHECK_STR(l.v[9].rule, "y");
	CHECK_STR(l.v[9].message, "(message default)");
	sarif_log_release(&l);
}

static void test_bad(void)
{
	struct sarif_log l = SARIF_LOG_INIT;

	CHECK(read_str(&l, "{\"version\":\"2.0.0\",\"runs\":[]}") == ERR_UNSUPPORTED);
	CHECK(strstr(err_msg(), "t.sarif: SARIF version '2.0.0'"));
	CHECK(read_str(&l, "{\"runs\":[]}") == ERR_PARSE);
	CHECK(read_str(&l, "[1]") == ERR_PARSE);
	CHECK(read_str(&l, "{\"version\":\"2.1.0\"}") == ERR_PARSE);
	CHECK(read_str(&l, "{\"version\":\"2.1.0\",\"runs\":[{\"tool\":{}}]}") == ERR_PARSE);
	CHECK(read_str(&l, "{\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"name\":"
	                   "\"t\"}},\"results\":[1]}]}") == ERR_PARSE);
	CHECK(read_str(&l, "{\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"name\":"
	                   "\"t\"}},\"results\":[{\"ruleIndex\":99,\"message\":{}}]}]}") == 0);
	CHECK(l.n == 1 && !l.v[0].rule && l.v[0].level == SARIF_WARNING);
	CHECK(read_str(&l, "{\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"name\":"
	                   "\"t\"}},\"results\":[") == ERR_PARSE);
	CHECK(strstr(err_msg(), "t.sarif:1:"));
	sarif_log_release(&l);
}

/* Long strings are cut at 1000 bytes, on a character boundary. */
static void test_limits(void)
{
	struct sarif_log l = SARIF_LOG_INIT;
	struct buf b = BUF_INIT;

	buf_adds(&b, "{\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"name\":\"t\"}},"
	             "\"results\":[{\"message\":{\"text\":\"");
	for (int i = 0; i < 999; i++)
		buf_adds(&b, "a");
	buf_adds(&b, "\\u00e9\\u00e9\"}}]}]}");
	CHECK_OK(sarif_read(&l, b.ptr, b.len, "t"));
	CHECK_INT(strlen(l.v[0].message), 999);
	sarif_log_release(&l);
	buf_release(&b);
}

RUN_TESTS("sarif_read", T(test_semantics), T(test_bad), T(test_limits))
