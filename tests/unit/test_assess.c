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
	static const char twice[] =
	        "[[claim]]\nid = \"1.1.1\"\nstatus = \"met\"\nowner = \"o\"\n"
	        "[[claim]]\nid = \"1.1.1\"\nstatus = \"unknown\"\nowner = \"o\"\n";
	static const char ev[] = "[evidence]\nlog = \"l\"\n";
	struct assess_config c = ASSESS_CONFIG_INIT;
	char dir[] = "/tmp/vouch-assess-XXXXXX", path[64];

	CHECK(mkdtemp(dir) != NULL);
	snprintf(path, sizeof(path), "%s/vouch.toml", dir);
	CHECK_OK(fs_write_atomic(path, twice, strlen(twice), 0644, 0));
	CHECK(assess_config_load(&c, path) == ERR_PARSE);
	CHECK(strstr(err_msg(), "vouch.toml:5: claim 1.1.1 is declared twice (also line 1)"));
	assess_config_release(&c);
	CHECK_OK(fs_write_atomic(path, ev, strlen(ev), 0644, 0));
	CHECK_OK(assess_config_load(&c, path));
	CHECK(c.nproducts == 1 && c.log_dir && !strcmp(c.log_dir + strlen(dir), "/l"));
	assess_config_release(&c);
	unlink(path);
	rmdir(dir);
}

/* 4.2.1: a calendar year's notice; 29 February gives 28 February. */
static void test_notice_due(void)
{
	char t[16];

	assess_date_text(t, assess_notice_due(assess_days(2028, 3, 1)));
	CHECK_STR(t, "2027-03-01");
	assess_date_text(t, assess_notice_due(assess_days(2028, 2, 29)));
	CHECK_STR(t, "2027-02-28");
	assess_date_text(t, assess_notice_due(assess_days(2027, 3, 1)));
	CHECK_STR(t, "2026-03-01");
	assess_date_text(t, assess_notice_due(assess_days(2025, 1, 1)));
	CHECK_STR(t, "2024-01-01");
	/* never less than a year: 366 days across a leap day */
	CHECK_INT(assess_days(2028, 3, 1) - assess_notice_due(assess_days(2028, 3, 1)), 366);
}

static void test_names(void)
{
	CHECK_STR(assess_basis_name(BASIS_OBSERVED), "observed");
	CHECK_STR(assess_basis_name(BASIS_ROLE), "role");
	CHECK_STR(assess_basis_name((enum assess_basis)99), "none");
	CHECK_STR(assess_gap_kind_name(GAP_GOVERNANCE), "governance");
	CHECK_STR(assess_gap_kind_name(GAP_NONE), "none");
	CHECK_STR(cop_claim_find("2.2.1")->title, "Access and changes are logged");
	CHECK(cop_claim_find("1.1.1")->cls == COP_DECLARED);
	CHECK(cop_claim_find("3.1.1")->cls == COP_AUTOMATED);
}

/* risk_accepted, due, version, statement; and what vouch.toml refuses. */
static void test_config_acceptance(void)
{
	static const char ok[] = "[sro]\nname = \"S\"\nstatement = \"I sign.\"\n"
	                         "[[product]]\nname = \"p\"\nversion = \"2.0\"\n"
	                         "[[claim]]\nid = \"3.3.2\"\nowner = \"o\"\ndue = 2027-01-31\n"
	                         "[claim.risk_accepted]\nreason = \"r\"\nowner = \"sro\"\n"
	                         "expires = 2000-01-01\n";
	static const struct {
		const char *toml, *msg;
	} bad[] = {
		{ "[[claim]]\nid = \"1.1.1\"\nstatus = \"met\"\n",
		  "x.toml:1: claim 1.1.1: a declared claim needs an owner" },
		{ "[[claim]]\nid = \"1.1.1\"\nstatus = \"met\"\nowner = \"o\"\nreviewed = "
		  "9999-01-01\n",
		  "x.toml:5: claim 1.1.1: reviewed date is in the future" },
		{ "[[claim]]\nid = \"1.1.1\"\nstatus = \"not_applicable\"\nargument = \"a\"\nowner "
		  "= \"o\"\n",
		  "x.toml:1: claim 1.1.1: not_applicable needs an argument giving the reason and "
		  "evidence" },
		{ "[[claim]]\nid = \"1.1.1\"\nowner = \"o\"\n[claim.risk_accepted]\nreason = "
		  "\"r\"\nowner = \"s\"\n",
		  "x.toml:4: claim 1.1.1: risk_accepted needs a reason, an owner and an expires "
		  "date" },
		{ "[[claim]]\nid = \"1.1.1\"\nstatus = \"unknown\"\nowner = "
		  "\"o\"\n[claim.risk_accepted]\n"
		  "reason = \"r\"\nowner = \"s\"\nexpires = 2030-01-01\n",
		  "x.toml:5: claim 1.1.1: a risk is accepted only on a claim that is not met" },
		{ "[evidence]\nlog_retention_days = -3\n", "x.toml:2: log_retention_days must be" },
	};
	struct assess_config c = ASSESS_CONFIG_INIT;

	CHECK_OK(assess_config_parse(&c, ok, strlen(ok), "x.toml"));
	CHECK(c.nclaims == 1 && c.claims[0].status == ST_NOT_MET && c.claims[0].acceptance);
	CHECK_STR(c.claims[0].acceptance->reason, "r");
	CHECK_STR(c.claims[0].acceptance->owner, "sro");
	CHECK(c.claims[0].acceptance->expired);
	CHECK_INT(c.claims[0].due, assess_days(2027, 1, 31));
	CHECK_STR(c.products[0].version, "2.0");
	CHECK_STR(c.sro_statement, "I sign.");
	CHECK_INT(c.log_retention_days, -1);
	assess_config_release(&c);
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		CHECK(assess_config_parse(&c, bad[i].toml, strlen(bad[i].toml), "x.toml") < 0);
		if (!strstr(err_msg(), bad[i].msg))
			fprintf(stderr, "case %zu: %s\n", i, err_msg());
		CHECK(strstr(err_msg(), bad[i].msg) != NULL);
		assess_config_release(&c);
	}
}

static void put(const char *dir, const char *name, const char *text)
{
	char p[256];

	snprintf(p, sizeof(p), "%s/%s", dir, name);
	CHECK_OK(fs_write_atomic(p, text, strlen(text), 0644, 0));
}

/* HEAD, loose and packed refs, a linked work tree, and refs that must not be followed. */
static void test_git_commit(void)
{
	static const char *const id1 = "5e6ba03b44511b55813e77ff8b2aacd81a69ebf8",
	                         *id2 = "0123456789abcdef0123456789abcdef01234567";
	char dir[] = "/tmp/vouch-git-XXXXXX", p[256], *out = NULL;

	CHECK(mkdtemp(dir) != NULL);
	snprintf(p, sizeof(p), "%s/.git/refs/heads", dir);
	CHECK_OK(fs_mkdirs(p, 0755));
	snprintf(p, sizeof(p), "%s/sub/deeper", dir);
	CHECK_OK(fs_mkdirs(p, 0755));
	put(dir, ".git/HEAD", "ref: refs/heads/main\n");
	put(dir, ".git/packed-refs",
	    "# pack-refs with: peeled\n"
	    "5e6ba03b44511b55813e77ff8b2aacd81a69ebf8 refs/heads/main\n"
	    "^0123456789abcdef0123456789abcdef01234567\n");
	CHECK_OK(assess_git_commit(&out, p)); /* from a subfolder, through packed-refs */
	CHECK(out && !strcmp(out, id1));
	free(out);
	put(dir, ".git/refs/heads/main", "0123456789abcdef0123456789abcdef01234567\n");
	CHECK_OK(assess_git_commit(&out, dir)); /* a loose ref wins */
	CHECK(out && !strcmp(out, id2));
	free(out);
	put(dir, ".git/HEAD", "5e6ba03b44511b55813e77ff8b2aacd81a69ebf8\n"); /* detached */
	CHECK_OK(assess_git_commit(&out, dir));
	CHECK(out && !strcmp(out, id1));
	free(out);
	put(dir, ".git/HEAD", "ref: refs/heads/../../../etc/passwd\n");
	CHECK_OK(assess_git_commit(&out, dir));
	CHECK(out == NULL);
	put(dir, ".git/HEAD", "ref: refs/heads/loop\n");
	put(dir, ".git/refs/heads/loop", "ref: refs/heads/loop\n");
	CHECK_OK(assess_git_commit(&out, dir));
	CHECK(out == NULL);
	put(dir, ".git/HEAD", "ref: refs/heads/unborn\n");
	CHECK_OK(assess_git_commit(&out, dir));
	CHECK(out == NULL);
	/* a linked work tree: .git is a file naming the git folder, which names the common one */
	snprintf(p, sizeof(p), "%s/.git/worktrees/wt", dir);
	CHECK_OK(fs_mkdirs(p, 0755));
	put(dir, ".git/worktrees/wt/HEAD", "ref: refs/heads/main\n");
	put(dir, ".git/worktrees/wt/commondir", "../..\n");
	snprintf(p, sizeof(p), "gitdir: %s/.git/worktrees/wt\n", dir);
	put(dir, "sub/.git", p);
	snprintf(p, sizeof(p), "%s/sub", dir);
	CHECK_OK(assess_git_commit(&out, p));
	CHECK(out && !strcmp(out, id2));
	free(out);
	snprintf(p, sizeof(p), "rm -rf '%s'", dir);
	CHECK(system(p) == 0);
}

RUN_TESTS("assess", T(test_claim_counts), T(test_claim_numbering), T(test_status_names),
          T(test_dates), T(test_config_errors), T(test_notice_due), T(test_names),
          T(test_config_acceptance), T(test_git_commit))
