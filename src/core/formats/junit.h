/*
 * junit.h: test results in JUnit XML, as written by pytest --junitxml, Maven
 * surefire, ctest --output-junit, go-junit-report and most CI tools.
 *
 * The root may be <testsuites> or a bare <testsuite>; suites may nest. The
 * counts come from the <testcase> elements themselves (a <failure>, <error>
 * or <skipped> child), not from the tests=/failures= attributes, which some
 * writers get wrong or omit; a disagreement is therefore not an error and is
 * not reported (the counted figure is the one that can be shown evidence for).
 * A case with both a failure and an error counts once, as a failure.
 *
 * Parsed by libxml2 with network access off, no entity substitution, no DTD
 * loading and no "huge" option; a document declaring entities is refused.
 * Limits: JUNIT_MAX_SIZE bytes a file, JUNIT_MAX_DEPTH nested suites,
 * JUNIT_MAX_FAILED names kept.
 */
#ifndef VOUCH_JUNIT_H
#define VOUCH_JUNIT_H

#include "util/compat.h"

#define JUNIT_MAX_SIZE   ((size_t)32 << 20)
#define JUNIT_MAX_DEPTH  32
#define JUNIT_MAX_FAILED 50

struct junit_result {
	size_t tests, failures, errors, skipped;
	/* "classname.name" (or "suite.name" when a case has no classname) of the
	 * failed and errored cases, in document order, the first JUNIT_MAX_FAILED */
	char **failed;
	size_t nfailed;
};

#define JUNIT_RESULT_INIT                                                                          \
	{                                                                                          \
		0                                                                                  \
	}

/*
 * Reads one JUnit XML document (data, len) and adds its counts and failed
 * names to *out, which must be zeroed (JUNIT_RESULT_INIT) before the first
 * call; call once per file. name is for messages. On error *out is unchanged
 * and the message is "'name':LINE: what" (ERR_PARSE for malformed XML or a
 * root that is not JUnit, ERR_TOOBIG, ERR_UNSUPPORTED for entity declarations).
 */
int junit_read(struct junit_result *out, const char *data, size_t len, const char *name);
/* Frees the names and zeroes *r. Takes NULL. */
void junit_release(struct junit_result *r);

#endif
