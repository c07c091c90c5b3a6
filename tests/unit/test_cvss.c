#include "util/compat.h"
#include "harness.h"
#include "core/vulndb/cvss.h"
#include "util/err.h"

static int score(const char *v, unsigned flags)
{
	struct cvss c;

	if (cvss_parse(&c, v, strlen(v), flags) < 0)
		return -1;
	return c.score10;
}

/* Values from the specifications' own examples and FIRST's calculators. */
static void test_known_scores(void)
{
	CHECK_INT(score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", 0), 98);
	CHECK_INT(score("CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 0), 100);
	CHECK_INT(score("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:N/I:N/A:N", 0), 0);
	CHECK_INT(score("CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N", 0), 55);
	CHECK_INT(score("AV:N/AC:L/Au:N/C:P/I:P/A:P", 0), 75);
	CHECK_INT(score("AV:N/AC:L/Au:N/C:C/I:C/A:C", 0), 100);
	CHECK_INT(score("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 0), 93);
	CHECK_INT(score("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:N/VI:N/VA:N/SC:N/SI:N/SA:N", 0), 0);
	CHECK_INT(score("CVSS:4.0/AV:L/AC:L/AT:P/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/E:A/"
	                "MAV:A/AU:N/R:A",
	                0),
	          77);
	/* MSI:S is only reachable through the environmental metric. */
	CHECK_INT(score("CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:H/SI:H/SA:H/MSI:S", 0),
	          100);
}

/* The same vector under 3.0 and 3.1 Roundup (the differential CLI test covers many more). */
static void test_roundup_versions(void)
{
	CHECK_INT(score("CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:L/A:L", 0), 56);
	CHECK_INT(score("CVSS:3.0/AV:N/AC:H/PR:N/UI:N/S:U/C:L/I:L/A:L", 0), 56);
}

static void test_strict_parsing(void)
{
	const char *badv[] = {
		"",
		"CVSS:3.1/",
		"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H",                   /* A missing */
		"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/A:H",           /* duplicate */
		"CVSS:3.1/AC:L/AV:N/PR:N/UI:N/S:U/C:H/I:H/A:H",               /* order */
		"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:Q",               /* value */
		"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/",              /* trailing slash */
		"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/ZZ:1",          /* unknown metric */
		"CVSS:3.2/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",               /* version */
		"cvss:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",               /* case */
		"AV:N/AC:L/Au:N/C:P/I:P/A:P/E:F",                             /* partial v2 group */
		"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N", /* SA missing */
		"CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:S/SA:N", /* S base */
		"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/E:X/E:X",
		"CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A",
	};

	for (size_t i = 0; i < ARRAY_SIZE(badv); i++) {
		if (score(badv[i], 0) != -1)
			harness_fail(__FILE__, __LINE__, "accepted '%s'", badv[i]);
		CHECK(err_msg()[0]);
	}
}

static void test_any_order(void)
{
	const char *v = "CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:H/SC:N/VI:H/SI:N/VA:H/SA:N";

	CHECK_INT(score(v, 0), -1);
	CHECK_INT(score(v, CVSS_ANY_ORDER),
	          score("CVSS:4.0/AV:N/AC:L/AT:N/PR:L/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N", 0));
	CHECK_INT(score("CVSS:3.1/AV:N/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", CVSS_ANY_ORDER), -1);
}

static void test_severity(void)
{
	CHECK_INT(cvss_severity_of(CVSS_V31, 0), CVSS_SEV_NONE);
	CHECK_INT(cvss_severity_of(CVSS_V31, 1), CVSS_SEV_LOW);
	CHECK_INT(cvss_severity_of(CVSS_V31, 39), CVSS_SEV_LOW);
	CHECK_INT(cvss_severity_of(CVSS_V31, 40), CVSS_SEV_MEDIUM);
	CHECK_INT(cvss_severity_of(CVSS_V40, 70), CVSS_SEV_HIGH);
	CHECK_INT(cvss_severity_of(CVSS_V40, 90), CVSS_SEV_CRITICAL);
	CHECK_INT(cvss_severity_of(CVSS_V2, 0), CVSS_SEV_LOW);
	CHECK_INT(cvss_severity_of(CVSS_V2, 100), CVSS_SEV_HIGH);
	CHECK_STR(cvss_severity_name(CVSS_SEV_CRITICAL), "CRITICAL");
	CHECK_INT(cvss_severity_parse("Moderate", 8), CVSS_SEV_MEDIUM);
	CHECK_INT(cvss_severity_parse("HIGH", 4), CVSS_SEV_HIGH);
	CHECK_INT(cvss_severity_parse("x", 1), CVSS_SEV_UNKNOWN);
}

RUN_TESTS("cvss", T(test_known_scores), T(test_roundup_versions), T(test_strict_parsing),
          T(test_any_order), T(test_severity))
