/*
 * tests.c: 1.3.2: test results (JUnit XML).
 */
#include "util/compat.h"
#include "core/assess/collect.h"
#include "util/alloc.h"
#include "util/err.h"
#include "core/formats/junit.h"
#include "util/buf.h"

static void collect_tests(struct assess_ctx *x)
{
	struct assessment *a = x->a;
	struct assess_result *r = ac_res(a, "1.3.2");
	const struct assess_config *c = a->cfg;
	size_t found = 0;

	if (!c->njunit) {
		ac_set(r, ST_NOT_MET, "No test results are configured.");
		ac_gap(r,
		       "Have CI write JUnit XML and list the files in [evidence] junit = [...] in "
		       "vouch.toml.");
		return;
	}
	for (size_t i = 0; i < c->njunit; i++) {
		if (ac_evidence(x, r, c->junit[i], "junit"))
			found++;
		else
			ac_gap(r, "The test results '%s' are missing.", ac_show(x, c->junit[i]));
	}
	if (found < c->njunit) {
		ac_set(r, ST_NOT_MET, "%zu of %zu configured test result files are missing.",
		       c->njunit - found, c->njunit);
		return;
	}
	{
		struct junit_result jr;
		bool bad = false;

		memset(&jr, 0, sizeof(jr));
		for (size_t i = 0; i < c->njunit; i++) {
			struct buf b = BUF_INIT;

			if (buf_read_file(&b, c->junit[i]) < 0 ||
			    junit_read(&jr, b.ptr, b.len, c->junit[i]) < 0) {
				ac_warn(a, "%s", err_msg());
				a->partial = bad = true;
			}
			buf_release(&b);
		}
		if (bad) {
			ac_set(r, ST_UNKNOWN, "Some test results could not be read.");
			ac_gap(r, "Fix the unreadable JUnit XML files named in the warnings.");
		} else if (!jr.tests) {
			ac_set(r, ST_NOT_MET, "The test results contain no test.");
			ac_gap(r, "Point [evidence] junit at the results of the real test suite.");
		} else if (jr.skipped >= jr.tests) {
			/* a suite that ran nothing shows nothing */
			ac_set(r, ST_NOT_MET,
			       "All %zu tests in the results were skipped: none ran.", jr.tests);
			ac_gap(r,
			       "Run the test suite in CI so that its tests execute, and keep the "
			       "results.");
		} else if (jr.failures || jr.errors) {
			ac_set(r, ST_NOT_MET, "%zu tests ran, %zu failed and %zu errored", jr.tests,
			       jr.failures, jr.errors);
			for (size_t i = 0; i < jr.nfailed && i < 10; i++)
				buf_addf(&r->argument, "%s %s", i ? "," : ":", jr.failed[i]);
			buf_adds(&r->argument, ".");
			ac_gap(r, "Fix the failing tests, or record why they are accepted, and "
			          "re-run.");
		} else {
			ac_set(r, ST_MET, "%zu automated tests ran with no failure (%zu skipped).",
			       jr.tests - jr.skipped, jr.skipped);
		}
		junit_release(&jr);
	}
}

const struct assess_collector assess_collector_tests = { "tests", "1.3.2", collect_tests };
