/*
 * harness.h: the project's small unit-test harness.
 *
 *     #include "harness.h"
 *     static void test_buf_add(void) { ... CHECK(x == 1); CHECK_STR(s, "a"); }
 *     RUN_TESTS("buf", T(test_buf_add), T(test_other))
 *
 * Each case prints one line: "ok - SUITE.CASE", "FAIL - SUITE.CASE: FILE:LINE: what"
 * or "skip - SUITE.CASE: why"; then the suite prints "N passed, N failed, N skipped"
 * and exits non-zero when a case failed. tests/run counts these lines.
 * A failed CHECK ends its case (longjmp); the next case still runs.
 */
#ifndef VOUCH_HARNESS_H
#define VOUCH_HARNESS_H

#include "util/compat.h"

struct test_case {
	const char *name;
	void (*fn)(void);
};

#define T(fn)                                                                                      \
	{                                                                                          \
#fn, fn                                                                            \
	}

int harness_main(const char *suite, const struct test_case *cases, size_t n);
VOUCH_NORETURN void harness_fail(const char *file, int line, const char *fmt, ...)
        VOUCH_PRINTF(3, 4);
VOUCH_NORETURN void harness_skip(const char *fmt, ...) VOUCH_PRINTF(1, 2);

/* The shared corpus folder ($VOUCH_CORPUS), or NULL when it is absent. */
const char *harness_corpus(void);
/* Ends the case as skipped when the corpus is absent; else returns its path. */
const char *need_corpus(void);
/* A fresh empty temporary folder for this case, removed afterwards. */
const char *harness_tmpdir(void);

#define CHECK(cond)                                                                                \
	do {                                                                                       \
		if (!(cond))                                                                       \
			harness_fail(__FILE__, __LINE__, "%s", #cond);                             \
	} while (0)

#define CHECK_INT(a, b)                                                                            \
	do {                                                                                       \
		long long check_a_ = (long long)(a), check_b_ = (long long)(b);                    \
		if (check_a_ != check_b_)                                                          \
			harness_fail(__FILE__, __LINE__, "%s == %lld, expected %lld", #a,          \
			             check_a_, check_b_);                                          \
	} while (0)

#define CHECK_STR(a, b)                                                                            \
	do {                                                                                       \
		const char *check_a_ = (a), *check_b_ = (b);                                       \
		if (!check_a_ || !check_b_ || strcmp(check_a_, check_b_))                          \
			harness_fail(__FILE__, __LINE__, "%s == \"%s\", expected \"%s\"", #a,      \
			             check_a_ ? check_a_ : "(null)",                               \
			             check_b_ ? check_b_ : "(null)");                              \
	} while (0)

/* An expression returning 0 / negative error: fails with err_msg() when negative. */
#define CHECK_OK(expr)                                                                             \
	do {                                                                                       \
		int check_r_ = (expr);                                                             \
		if (check_r_ < 0)                                                                  \
			harness_fail(__FILE__, __LINE__, "%s failed (%d): %s", #expr, check_r_,    \
			             err_msg());                                                   \
	} while (0)

#define RUN_TESTS(suite, ...)                                                                      \
	int main(void)                                                                             \
	{                                                                                          \
		static const struct test_case cases_[] = { __VA_ARGS__ };                          \
		return harness_main(suite, cases_, ARRAY_SIZE(cases_));                            \
	}

#endif
