#include "util/compat.h"
#include "harness.h"
#include "core/assess/assess.h"
#include "core/assess/code.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/fs.h"

#include <unistd.h>

/* Claims per principle, from the APC (code-of-practice.md §3). */
static void test_claim_counts(void)
{
	static const struct {
		const char *id;
		int n;
	} want[] = { { "1.1", 6 }, { "1.2", 5 }, { "1.3", 3 }, { "1.4", 5 }, { "2.1", 6 },
		     { "2.2", 4 }, { "3.1", 2 }, { "3.2", 2 }, { "3.3", 2 }, { "3.4", 2 },
		     { "3.5", 2 }, { "4.1", 3 }, { "4.2", 1 }, { "4.3", 2 } };
	const struct cop_claim *c = cop_claims();
	const struct cop_principle *p = cop_principles();

	for (size_t i = 0; i < COP_NPRINCIPLES; i++) {
		int n = 0;

		CHECK_STR(p[i].id, want[i].id);
		CHECK_INT(p[i].theme, cop_theme_of(p[i].id));
		for (size_t k = 0; k < COP_NCLAIMS; k++)
			n += !strcmp(c[k].principle, p[i].id);
		CHECK_INT(n, want[i].n);
	}
}

/* Claims are in order, numbered T.P.n from 1 without gaps, and every row is complete. */
static void test_claim_numbering(void)
{
	const struct cop_claim *c = cop_claims();
	char prev[8] = "";
	int n = 0;

	for (size_t i = 0; i < COP_NCLAIMS; i++) {
		char want[32];

		if (strcmp(c[i].principle, prev)) {
			snprintf(prev, sizeof(prev), "%s", c[i].principle);
			n = 0;
		}
		snprintf(want, sizeof(want), "%s.%d", c[i].principle, ++n);
		CHECK_STR(c[i].id, want);
		CHECK(c[i].title[0] && c[i].guidance[0] && c[i].evidence[0] && c[i].ssdf[0]);
		CHECK(cop_claim_find(c[i].id) == &c[i]);
	}
	CHECK(cop_claim_find("4.2.2") == NULL);
	CHECK(cop_principle_find("4.3") != NULL);
}

static void test_status_names(void)
{
	enum assess_status s;

	CHECK_STR(assess_status_name(ST_NOT_MET), "not_met");
	CHECK_OK(assess_status_parse(&s, "not_applicable"));
	CHECK(s == ST_NA);
	CHECK(assess_status_parse(&s, "partial") < 0);
}

static void test_dates(void)
{
	char t[16];

	CHECK_INT(assess_days(1970, 1, 1), 0);
	CHECK_INT(assess_days(2000, 3, 1), 11017);
	CHECK_INT(assess_days(2027, 6, 30) - assess_days(2026, 6, 30), 365);
	CHECK_INT(assess_days(2028, 6, 30) - assess_days(2027, 6, 30), 366);
	assess_date_text(t, assess_days(2024, 2, 29));
	CHECK_STR(t, "2024-02-29");
	assess_date_text(t, assess_days(2026, 6, 30) - 365);
	CHECK_STR(t, "2025-06-30");
}

static void test_config_errors(void)
{
	static const char twice[] = "[[claim]]\nid = \"1.1.1\"\nstatus = \"met\"\n[[claim]]\n"
	                            "id = \"1.1.1\"\nstatus = \"unknown\"\n";
	static const char ev[] = "[evidence]\nlog = \"l\"\n";
	struct assess_config c = ASSESS_CONFIG_INIT;
	char dir[] = "/tmp/vouch-assess-XXXXXX", path[64];

	CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/vouch.toml", dir);
	CHECK_OK(fs_write_atomic(path, twice, strlen(twice), 0644, 0));
	CHECK(assess_config_load(&c, path) == ERR_PARSE);
	CHECK(strstr(err_msg(), "vouch.toml:4: claim 1.1.1 is declared twice (also line 1)"));
	assess_config_release(&c);
	CHECK_OK(fs_write_atomic(path, ev, strlen(ev), 0644, 0));
	CHECK_OK(assess_config_load(&c, path));
	CHECK(c.nproducts == 1 && c.log_dir && !strcmp(c.log_dir + strlen(dir), "/l"));
	assess_config_release(&c);
	unlink(path);
	rmdir(dir);
}

RUN_TESTS("assess", T(test_claim_counts), T(test_claim_numbering), T(test_status_names),
          T(test_dates), T(test_config_errors))
