#include "util/compat.h"
#include "harness.h"
#include "core/formats/junit.h"
#include "util/buf.h"
#include "util/err.h"

#include <stdlib.h>

static int read_str(struct junit_result *r, const char *xml, const char *name)
{
	return junit_read(r, xml, strlen(xml), name);
}

/* Maven surefire's TEST-*.xml shape: a bare <testsuite> with properties. */
static void test_surefire(void)
{
	struct junit_result r = JUNIT_RESULT_INIT;

	CHECK_OK(read_str(
	        &r,
	        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	        "<testsuite xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
	        "name=\"com.example.AppTest\" time=\"0.052\" tests=\"4\" errors=\"1\" "
	        "skipped=\"1\" "
	        "failures=\"1\">\n"
	        "  <properties><property name=\"java.version\" value=\"17.0.9\"/></properties>\n"
	        "  <testcase name=\"adds\" classname=\"com.example.AppTest\" time=\"0.003\"/>\n"
	        "  <testcase name=\"divides\" classname=\"com.example.AppTest\" time=\"0.01\">\n"
	        "    <failure message=\"expected: &lt;2&gt; but was: &lt;3&gt;\" "
	        "type=\"org.opentest4j.AssertionFailedError\"><![CDATA[at "
	        "App.divides]]></failure>\n"
	        "  </testcase>\n"
	        "  <testcase name=\"opens\" classname=\"com.example.AppTest\" time=\"0\">\n"
	        "    <error message=\"boom\" type=\"java.io.IOException\">trace</error>\n"
	        "    <system-out>log</system-out>\n"
	        "  </testcase>\n"
	        "  <testcase name=\"later\" classname=\"com.example.AppTest\" time=\"0\">"
	        "<skipped message=\"@Disabled\"/></testcase>\n"
	        "</testsuite>\n",
	        "TEST-com.example.AppTest.xml"));
	CHECK_INT(r.tests, 4);
	CHECK_INT(r.failures, 1);
	CHECK_INT(r.errors, 1);
	CHECK_INT(r.skipped, 1);
	CHECK_INT(r.nfailed, 2);
	CHECK_STR(r.failed[0], "com.example.AppTest.divides");
	CHECK_STR(r.failed[1], "com.example.AppTest.opens");
	junit_release(&r);
	junit_release(NULL);
}

/* Nested suites, no classname (the suite name is used), attributes that lie, two files. */
static void test_nested_and_accumulate(void)
{
	struct junit_result r = JUNIT_RESULT_INIT;

	CHECK_OK(read_str(
	        &r,
	        "<testsuites tests=\"99\" failures=\"0\">"
	        "<testsuite name=\"outer\"><testsuite name=\"inner\">"
	        "<testcase name=\"a\"/><testcase name=\"b\"><failure/></testcase>"
	        "</testsuite><testcase name=\"c\"/></testsuite>"
	        "<testsuite name=\"other\" tests=\"0\"><testcase classname=\"k\" name=\"d\">"
	        "<failure/><error/></testcase></testsuite></testsuites>",
	        "a.xml"));
	CHECK_INT(r.tests, 4);
	CHECK_INT(r.failures, 2);
	CHECK_INT(r.errors, 0);
	CHECK_STR(r.failed[0], "inner.b");
	CHECK_STR(r.failed[1], "k.d");
	CHECK_OK(read_str(&r, "<testsuite name=\"s\"><testcase name=\"e\"/></testsuite>", "b.xml"));
	CHECK_INT(r.tests, 5);
	CHECK_INT(r.nfailed, 2);
	junit_release(&r);
}

static void expect_bad(const char *xml, int code, const char *needle)
{
	struct junit_result r = JUNIT_RESULT_INIT;

	CHECK_OK(read_str(&r, "<testsuite><testcase name=\"x\"/></testsuite>", "good.xml"));
	CHECK_INT(read_str(&r, xml, "bad.xml"), code);
	if (!strstr(err_msg(), needle))
		harness_fail(__FILE__, __LINE__, "message '%s' lacks '%s'", err_msg(), needle);
	CHECK_INT(r.tests, 1); /* unchanged by the failed read */
	junit_release(&r);
}

static void test_bad(void)
{
	expect_bad("<testsuite>\n<testcase name=\"x\">\n</testsuite>\n", ERR_PARSE, "'bad.xml':3:");
	expect_bad("", ERR_PARSE, "'bad.xml':1:");
	expect_bad("<project><testcase/></project>", ERR_PARSE, "root element is <project>");
	expect_bad("<!DOCTYPE t [<!ENTITY x \"y\">]><testsuite>&x;</testsuite>", ERR_UNSUPPORTED,
	           "entities");
}

/* An external DTD is neither fetched nor loaded: the reference stays unexpanded. */
static void test_external_dtd_not_loaded(void)
{
	struct junit_result r = JUNIT_RESULT_INIT;

	CHECK_OK(read_str(&r,
	                  "<!DOCTYPE t SYSTEM \"http://example.invalid/t.dtd\">"
	                  "<testsuite>&ext;<testcase name=\"x\"/></testsuite>",
	                  "dtd.xml"));
	CHECK_INT(r.tests, 1);
	junit_release(&r);
}

static void test_limits(void)
{
	struct junit_result r = JUNIT_RESULT_INIT;
	struct buf b = BUF_INIT;

	for (int i = 0; i < JUNIT_MAX_DEPTH + 5; i++)
		buf_adds(&b, "<testsuite>");
	buf_adds(&b, "<testcase name=\"deep\"/>");
	for (int i = 0; i < JUNIT_MAX_DEPTH + 5; i++)
		buf_adds(&b, "</testsuite>");
	CHECK_INT(junit_read(&r, b.ptr, b.len, "deep.xml"), ERR_TOOBIG);
	buf_reset(&b);
	buf_adds(&b, "<testsuite name=\"s\">");
	for (int i = 0; i < 70; i++)
		buf_adds(&b, "<testcase name=\"f\"><failure/></testcase>");
	buf_adds(&b, "</testsuite>");
	CHECK_OK(junit_read(&r, b.ptr, b.len, "many.xml"));
	CHECK_INT(r.failures, 70);
	CHECK_INT(r.nfailed, JUNIT_MAX_FAILED);
	CHECK_INT(junit_read(&r, b.ptr, JUNIT_MAX_SIZE + 1, "huge.xml"), ERR_TOOBIG);
	junit_release(&r);
	buf_release(&b);
}

static bool have(const char *cmd)
{
	struct buf b = BUF_INIT;
	int rc;

	buf_addf(&b, "%s >/dev/null 2>&1", cmd);
	rc = system(b.ptr);
	buf_release(&b);
	return rc == 0;
}

static void read_path(struct junit_result *r, const char *path)
{
	struct buf b = BUF_INIT;

	CHECK_OK(buf_read_file(&b, path));
	CHECK_OK(junit_read(r, b.ptr, b.len, path));
	buf_release(&b);
}

/* A real pytest --junitxml report of tests whose outcomes we chose. */
static void test_pytest_real(void)
{
	struct junit_result r = JUNIT_RESULT_INIT;
	const char *dir = harness_tmpdir();
	struct buf b = BUF_INIT;
	FILE *f;

	if (!have("/usr/bin/python3 -c 'import pytest'"))
		harness_skip("python3-pytest is not installed (not in bootstrap: its python3-py "
		             "vendors a dist-info that test_inv_pypi trips on)");
	buf_addf(&b, "%s/test_demo.py", dir);
	f = fopen(b.ptr, "w");
	CHECK(f != NULL);
	fputs("import pytest\n"
	      "def test_ok(): assert 1 + 1 == 2\n"
	      "def test_bad(): assert 1 + 1 == 3\n"
	      "@pytest.mark.skip(reason='not here')\n"
	      "def test_skip(): pass\n"
	      "def test_err(no_such_fixture): pass\n"
	      "class TestGroup:\n"
	      "    def test_inner(self): pass\n",
	      f);
	fclose(f);
	buf_reset(&b);
	buf_addf(&b,
	         "cd '%s' && /usr/bin/python3 -m pytest -q -p no:cacheprovider "
	         "--junitxml=out.xml test_demo.py >/dev/null 2>&1; test -s out.xml",
	         dir);
	CHECK(system(b.ptr) == 0);
	buf_reset(&b);
	buf_addf(&b, "%s/out.xml", dir);
	read_path(&r, b.ptr);
	CHECK_INT(r.tests, 5);
	CHECK_INT(r.failures, 1);
	CHECK_INT(r.errors, 1);
	CHECK_INT(r.skipped, 1);
	CHECK_INT(r.nfailed, 2);
	CHECK_STR(r.failed[0], "test_demo.test_bad");
	CHECK_STR(r.failed[1], "test_demo.test_err");
	junit_release(&r);
	buf_release(&b);
}

/* A real ctest --output-junit report (CMake 3.21 and later). */
static void test_ctest_real(void)
{
	struct junit_result r = JUNIT_RESULT_INIT;
	const char *dir = harness_tmpdir();
	struct buf b = BUF_INIT;
	FILE *f;

	if (!have("cmake --version") || !have("ctest --help | grep -q output-junit"))
		harness_skip("cmake with ctest --output-junit is not installed");
	buf_addf(&b, "%s/CMakeLists.txt", dir);
	f = fopen(b.ptr, "w");
	CHECK(f != NULL);
	fputs("cmake_minimum_required(VERSION 3.21)\nproject(t NONE)\nenable_testing()\n"
	      "add_test(NAME pass COMMAND true)\nadd_test(NAME fail COMMAND false)\n"
	      "add_test(NAME skipme COMMAND sh -c \"exit 77\")\n"
	      "set_tests_properties(skipme PROPERTIES SKIP_RETURN_CODE 77)\n",
	      f);
	fclose(f);
	buf_reset(&b);
	buf_addf(&b,
	         "cd '%s' && cmake -S . -B b >/dev/null 2>&1 && cd b && "
	         "ctest --output-junit ../ctest.xml >/dev/null 2>&1; test -s ../ctest.xml",
	         dir);
	CHECK(system(b.ptr) == 0);
	buf_reset(&b);
	buf_addf(&b, "%s/ctest.xml", dir);
	read_path(&r, b.ptr);
	CHECK_INT(r.tests, 3);
	CHECK_INT(r.failures, 1);
	CHECK_INT(r.skipped, 1);
	CHECK_STR(r.failed[0], "fail.fail");
	junit_release(&r);
	buf_release(&b);
}

/* The same kinds of report, kept as files: written by pytest 7.2.1 and ctest 3.25.1. */
static void test_real_reports_kept(void)
{
	struct junit_result r = JUNIT_RESULT_INIT;
	struct buf dir = BUF_INIT, p = BUF_INIT;
	const char *slash = strrchr(__FILE__, '/');

	/* __FILE__ is tests/unit/test_junit.c, relative to the top of the tree */
	buf_add(&dir, __FILE__, slash ? (size_t)(slash - __FILE__) : 0);
	if (!slash)
		buf_adds(&dir, ".");
	buf_addf(&p, "%s/../fixtures/junit/pytest-7.2.1.xml", dir.ptr);
	read_path(&r, p.ptr);
	CHECK_INT(r.tests, 5);
	CHECK_INT(r.failures, 1);
	CHECK_INT(r.errors, 1);
	CHECK_INT(r.skipped, 1);
	CHECK_STR(r.failed[1], "test_demo.test_err");
	buf_reset(&p);
	buf_addf(&p, "%s/../fixtures/junit/ctest-3.25.1.xml", dir.ptr);
	read_path(&r, p.ptr);
	CHECK_INT(r.tests, 8);
	CHECK_INT(r.failures, 2);
	CHECK_INT(r.skipped, 2);
	CHECK_STR(r.failed[2], "fail.fail");
	junit_release(&r);
	buf_release(&dir);
	buf_release(&p);
}

RUN_TESTS("junit", T(test_real_reports_kept), T(test_surefire), T(test_nested_and_accumulate),
          T(test_bad), T(test_external_dtd_not_loaded), T(test_limits), T(test_pytest_real),
          T(test_ctest_real))
