#include "util/compat.h"
#include "harness.h"
#include "util/num.h"
#include "util/err.h"

static void test_u64(void)
{
	uint64_t v;

	CHECK_OK(num_parse_u64(&v, "0", 1, 10, 0));
	CHECK_INT(v, 0);
	CHECK_OK(num_parse_u64(&v, "18446744073709551615", 20, UINT64_MAX, 0));
	CHECK(v == UINT64_MAX);
	CHECK_INT(num_parse_u64(&v, "18446744073709551616", 20, UINT64_MAX, 0), ERR_TOOBIG);
	CHECK_INT(num_parse_u64(&v, "11", 2, 10, 0), ERR_TOOBIG);
	CHECK_INT(num_parse_u64(&v, "", 0, 10, 0), ERR_PARSE);
	CHECK_INT(num_parse_u64(&v, "1a", 2, 100, 0), ERR_PARSE);
	CHECK_INT(num_parse_u64(&v, " 1", 2, 100, 0), ERR_PARSE);
	CHECK_INT(num_parse_u64(&v, "+1", 2, 100, 0), ERR_PARSE);
	CHECK_INT(num_parse_u64(&v, "-1", 2, 100, 0), ERR_PARSE);
	CHECK_INT(num_parse_u64(&v, "01", 2, 100, 0), ERR_PARSE);
	CHECK_OK(num_parse_u64(&v, "007", 3, 100, NUM_ALLOW_LEADING_ZERO));
	CHECK_INT(v, 7);
}

static void test_i64(void)
{
	int64_t v;

	CHECK_OK(num_parse_i64(&v, "-9223372036854775808", 20, INT64_MIN, INT64_MAX, 0));
	CHECK(v == INT64_MIN);
	CHECK_OK(num_parse_i64(&v, "9223372036854775807", 19, INT64_MIN, INT64_MAX, 0));
	CHECK(v == INT64_MAX);
	CHECK_INT(num_parse_i64(&v, "9223372036854775808", 19, INT64_MIN, INT64_MAX, 0),
	          ERR_TOOBIG);
	CHECK_INT(num_parse_i64(&v, "-9223372036854775809", 20, INT64_MIN, INT64_MAX, 0),
	          ERR_TOOBIG);
	CHECK_INT(num_parse_i64(&v, "-5", 2, -4, 4, 0), ERR_TOOBIG);
	CHECK_OK(num_parse_i64(&v, "-4", 2, -4, 4, 0));
	CHECK_INT(v, -4);
	CHECK_INT(num_parse_i64(&v, "-", 1, -4, 4, 0), ERR_PARSE);
	CHECK_OK(num_parse_i64(&v, "-0", 2, -4, 4, 0));
	CHECK_INT(v, 0);
}

static void test_size(void)
{
	size_t v;

	CHECK_OK(num_parse_size(&v, "1000", 1000));
	CHECK_INT(v, 1000);
	CHECK_INT(num_parse_size(&v, "1001", 1000), ERR_TOOBIG);
	CHECK_INT(num_parse_size(&v, "1e3", 1000), ERR_PARSE);
}

RUN_TESTS("num", T(test_u64), T(test_i64), T(test_size))
