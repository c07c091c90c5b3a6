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

/*
 * CWE ids from each place producers put them: CodeQL's rule tags, semgrep's, a "cwe"
 * property, result.taxa and rule relationships (§3.27.8, §3.49.15, §3.53) into a CWE
 * taxonomy by name or index, by id or taxon index; a relationship of kind "relevant" or
 * one into another taxonomy does not count; ids are kept once.
 */
static void test_cwe(void)
{
	struct sarif_log l = SARIF_LOG_INIT;

	CHECK_OK(read_str(
	        &l,
	        "{\"version\":\"2.1.0\",\"runs\":[{\"tool\":{\"driver\":{\"name\":\"CodeQL\","
	        "\"rules\":["
	        "{\"id\":\"js/sql-injection\",\"properties\":{\"tags\":[\"security\","
	        "\"external/cwe/cwe-089\",\"external/cwe/cwe-090\",\"external/cwe/cwe-089\"]}},"
	        "{\"id\":\"js/unused\",\"properties\":{\"tags\":[\"maintainability\","
	        "\"external/cwe/cwe-x1\",\"cwe-\",\"external/cwe/cwe-12345678\"]}},"
	        "{\"id\":\"tax\",\"relationships\":["
	        "{\"target\":{\"id\":\"CWE-78\",\"toolComponent\":{\"name\":\"CWE\"}},"
	        "\"kinds\":[\"superset\"]},"
	        "{\"target\":{\"index\":1,\"toolComponent\":{\"index\":0}},\"kinds\":[\"equal\"]},"
	        "{\"target\":{\"id\":\"22\",\"toolComponent\":{\"name\":\"CWE\"}},"
	        "\"kinds\":[\"relevant\"]},"
	        "{\"target\":{\"id\":\"A03\",\"toolComponent\":{\"index\":1}},"
	        "\"kinds\":[\"equal\"]}]}]}},"
	        "\"taxonomies\":[{\"name\":\"CWE\",\"taxa\":[{\"id\":\"20\"},{\"id\":\"79\"}]},"
	        "{\"name\":\"OWASP\",\"taxa\":[{\"id\":\"A03\"}]}],"
	        "\"results\":["
	        "{\"ruleId\":\"js/sql-injection\",\"message\":{\"text\":\"a\"}},"
	        "{\"ruleId\":\"js/unused\",\"message\":{\"text\":\"b\"}},"
	        "{\"ruleIndex\":2,\"message\":{\"text\":\"c\"},\"taxa\":[{\"index\":0,"
	        "\"toolComponent\":{\"index\":0}},{\"id\":\"A03\",\"toolComponent\":{\"name\":"
	        "\"OWASP\"}}]},"
	        "{\"ruleId\":\"semgrep.sqli\",\"message\":{\"text\":\"d\"},\"properties\":{"
	        "\"tags\":[\"CWE-89: Improper Neutralization of Special Elements used in an SQL "
	        "Command ('SQL Injection')\",\"OWASP-A03:2021 - Injection\"],"
	        "\"cwe\":[\"CWE-798\",\"cwe-259\"]}},"
	        "{\"ruleId\":\"one\",\"message\":{\"text\":\"e\"},\"properties\":{\"cwe\":"
	        "\"CWE-311\"}}"
	        "]}]}"));
	CHECK_INT(l.n, 5);
	CHECK_INT(l.v[0].ncwe, 2);
	CHECK_INT(l.v[0].cwe[0], 89);
	CHECK_INT(l.v[0].cwe[1], 90);
	CHECK_INT(l.v[1].ncwe, 0);
	CHECK_INT(l.v[2].ncwe, 3);
	CHECK_INT(l.v[2].cwe[0], 20);
	CHECK_INT(l.v[2].cwe[1], 78);
	CHECK_INT(l.v[2].cwe[2], 79);
	CHECK_INT(l.v[3].ncwe, 3);
	CHECK_INT(l.v[3].cwe[0], 89);
	CHECK_INT(l.v[3].cwe[1], 798);
	CHECK_INT(l.v[3].cwe[2], 259);
	CHECK_INT(l.v[4].ncwe, 1);
	CHECK_INT(l.v[4].cwe[0], 311);
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

RUN_TESTS("sarif_read", T(test_semantics), T(test_cwe), T(test_bad), T(test_limits))
