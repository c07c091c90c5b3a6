/*
 * The HTML and Markdown reports render what the engine records: basis,
 * gap kind, owner and due, risk acceptances, collected times, the product's
 * version and commit, the SRO's statement and the signer's key id. Each case
 * runs a real assessment of an empty product, then sets the fields by hand,
 * so it does not depend on which collector fills them.
 */
#include "util/compat.h"
#include "harness.h"
#include "core/assess/assess.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/fs.h"

#define NOW 1795737600 /* 2026-11-27 */

static const char toml[] = "[organisation]\nname = \"Report Ltd\"\n"
                           "[sro]\nname = \"A. Person\"\ntitle = \"CTO\"\n"
                           "[[product]]\nname = \"rp\"\n";

static struct assess_config cfg;
static struct assessment a;

static void setup(const char *text)
{
	struct assess_opts o = { 0 };
	struct buf path = BUF_INIT;

	o.now = NOW;
	o.fixed_time = true;
	memset(&cfg, 0, sizeof(cfg));
	memset(&a, 0, sizeof(a));
	buf_addf(&path, "%s/vouch.toml", harness_tmpdir());
	CHECK_OK(fs_write_atomic(path.ptr, text, strlen(text), 0644, 0));
	CHECK_OK(assess_config_load(&cfg, path.ptr));
	buf_release(&path);
	CHECK_OK(assess_run(&a, &cfg, &o));
	a.tool_version = "test";
}

static void teardown(void)
{
	assessment_release(&a);
	assess_config_release(&cfg);
}

static struct assess_result *claim(const char *id)
{
	for (size_t i = 0; i < COP_NCLAIMS; i++)
		if (!strcmp(a.claims[i].claim->id, id))
			return &a.claims[i];
	return NULL;
}

/* The text of s from the element with id="ID" to the next "</tr>" or "</div>". */
static const char *html_of(const char *s, const char *id, struct buf *out)
{
	struct buf key = BUF_INIT;
	const char *p, *end;

	buf_reset(out);
	buf_addf(&key, "id=\"%s\"", id);
	p = strstr(s, key.ptr);
	buf_release(&key);
	if (!p)
		return "";
	end = strstr(p, "</div>");
	buf_add(out, p, end ? (size_t)(end - p) : strlen(p));
	return out->ptr;
}

static void test_acceptance_beside_not_met(void)
{
	static char reason[] = "compensating <control> in place", owner[] = "Head of Risk";
	struct assess_acceptance acc = { reason, owner, 0, false };
	struct assess_result *r;
	struct buf html = BUF_INIT, md = BUF_INIT, part = BUF_INIT;

	setup(toml);
	r = claim("3.3.1");
	r->status = ST_NOT_MET;
	acc.expires = assess_days(2027, 1, 31);
	r->acceptance = &acc;
	CHECK_OK(assess_render_html(&html, &a));
	html_of(html.ptr, "c3.3.1", &part);
	CHECK(strstr(part.ptr, "Not met"));
	CHECK(strstr(part.ptr, "Risk accepted until 2027-01-31</strong> by Head of Risk: "
	                       "compensating &lt;control&gt; in place"));
	CHECK_OK(assess_render_markdown(&md, &a));
	CHECK(strstr(md.ptr, "**Risk accepted until 2027-01-31** by Head of Risk: compensating "
	                     "\\<control\\> in place"));
	/* expired: said so, in words and not only in colour */
	acc.expired = true;
	buf_reset(&html);
	CHECK_OK(assess_render_html(&html, &a));
	CHECK(strstr(html_of(html.ptr, "c3.3.1", &part), "Risk acceptance expired on 2027-01-31"));
	buf_reset(&md);
	CHECK_OK(assess_render_markdown(&md, &a));
	CHECK(strstr(md.ptr, "**Risk acceptance expired on 2027-01-31** by Head of Risk"));
	r->acceptance = NULL;
	buf_release(&html);
	buf_release(&md);
	buf_release(&part);
	teardown();
}

static void test_gap_owner_due_and_kind(void)
{
	static char owner[] = "Build <Team>";
	struct assess_result *r;
	struct buf html = BUF_INIT, md = BUF_INIT, part = BUF_INIT;
	const char *gov, *unk, *row, *hit;

	setup(toml);
	r = claim("2.1.3");
	r->status = ST_NOT_MET;
	buf_reset(&r->gap);
	buf_adds(&r->gap, "Run `vouch env` in CI.");
	r->gap_kind = GAP_GOVERNANCE;
	r->owner = owner;
	r->due = assess_days(2027, 3, 1);
	CHECK_OK(assess_render_html(&html, &a));
	gov = strstr(html.ptr, "<table id=\"governance\">");
	unk = strstr(html.ptr, "<table id=\"unknown\">");
	CHECK(gov && unk && gov < unk);
	row = strstr(gov, "href=\"#c2.1.3\"");
	CHECK(row && row < unk);
	hit = strstr(row, "Run <code>vouch env</code> in CI.</td><td>Build &lt;Team&gt;</td>"
	                  "<td>2027-03-01</td></tr>");
	CHECK(hit && hit < strstr(row, "</tr>"));
	/* and beside the claim itself */
	CHECK(strstr(html_of(html.ptr, "c2.1.3", &part),
	             "<strong>Owner:</strong> Build &lt;Team&gt;, "
	             "<strong>due</strong> 2027-03-01"));
	/* an unknown claim nobody declared names the evidence that would settle it */
	row = strstr(unk, "href=\"#c1.1.6\"");
	CHECK(claim("1.1.6")->status == ST_UNKNOWN && claim("1.1.6")->basis == BASIS_NONE);
	CHECK(row && strstr(row, "Evidence: ") && strstr(row, "Evidence: ") < strstr(row, "</tr>"));
	/* the same claim as an engineering fix moves to the other table */
	r->gap_kind = GAP_ENGINEERING;
	buf_reset(&html);
	CHECK_OK(assess_render_html(&html, &a));
	row = strstr(html.ptr, "<table id=\"engineering\">");
	CHECK(row && strstr(row, "href=\"#c2.1.3\"") &&
	      strstr(row, "href=\"#c2.1.3\"") < strstr(row, "</table>"));
	gov = strstr(html.ptr, "<table id=\"governance\">");
	CHECK(!gov || !strstr(gov, "href=\"#c2.1.3\"") ||
	      strstr(gov, "href=\"#c2.1.3\"") > strstr(gov, "</table>"));
	CHECK_OK(assess_render_markdown(&md, &a));
	CHECK(strstr(md.ptr, "| 2.1.3 ") && strstr(md.ptr, " | Build \\<Team\\> | 2027-03-01 |\n"));
	r->owner = NULL;
	buf_release(&part);
	buf_release(&html);
	buf_release(&md);
	teardown();
}

static void test_basis_badges(void)
{
	struct buf html = BUF_INIT, md = BUF_INIT, part = BUF_INIT;

	setup(toml);
	claim("1.2.1")->basis = BASIS_OBSERVED;
	claim("1.1.2")->basis = BASIS_DECLARED;
	claim("4.3.1")->basis = BASIS_ROLE;
	CHECK_OK(assess_render_html(&html, &a));
	CHECK(strstr(html_of(html.ptr, "c1.2.1", &part), "class=\"basis observed\""));
	CHECK(strstr(html_of(html.ptr, "c1.1.2", &part), "class=\"basis declared\""));
	CHECK(strstr(html_of(html.ptr, "c4.3.1", &part), "class=\"basis role\""));
	CHECK_OK(assess_render_markdown(&md, &a));
	CHECK(strstr(md.ptr, "### 1.2.1 ") &&
	      strstr(strstr(md.ptr, "### 1.2.1 "), "Basis: observed") <
	              strstr(md.ptr, "### 1.2.2 "));
	buf_release(&html);
	buf_release(&md);
	buf_release(&part);
	teardown();
}

static void test_version_commit_collected(void)
{
	static char version[] = "2.1.0", commit[] = "0123456789abcdef0123456789abcdef01234567";
	struct assess_evidence ev = { 0 };
	static char path[] = "evidence/policy.md";
	struct assess_result *r;
	struct buf html = BUF_INIT, md = BUF_INIT, part = BUF_INIT;

	setup(toml);
	cfg.products[0].version = version;
	cfg.products[0].commit = commit;
	r = claim("1.1.1");
	ev.path = path;
	ev.collector = "declared";
	ev.collected = NOW - 3600;
	r->evidence = &ev;
	r->nevidence = 1;
	CHECK_OK(assess_render_html(&html, &a));
	CHECK(strstr(html.ptr, "self-assessment of rp 2.1.0</h1>"));
	CHECK(strstr(html.ptr, "commit <code>0123456789abcdef0123456789abcdef01234567</code>"));
	CHECK(strstr(html.ptr, "<code>evidence/policy.md</code> &middot; declared &middot; "
	                       "read 2026-11-26T23:00:00Z"));
	CHECK_OK(assess_render_markdown(&md, &a));
	CHECK(strstr(md.ptr, "- Product: rp version 2.1.0, commit "
	                     "0123456789abcdef0123456789abcdef01234567\n"));
	CHECK(strstr(md.ptr, "(declared, read 2026-11-26T23:00:00Z)"));
	/* not set (a URI is never fetched): dated by the report */
	ev.collected = -1;
	buf_reset(&html);
	CHECK_OK(assess_render_html(&html, &a));
	CHECK(strstr(html_of(html.ptr, "c1.1.1", &part), "read 2026-11-27T00:00:00Z"));
	r->evidence = NULL;
	r->nevidence = 0;
	cfg.products[0].version = cfg.products[0].commit = NULL;
	buf_release(&part);
	buf_release(&html);
	buf_release(&md);
	teardown();
}

static void test_sro_statement_and_signer(void)
{
	static char stmt[] = "I have reviewed this <assessment> & accept it.";
	struct buf html = BUF_INIT, md = BUF_INIT, js = BUF_INIT;

	setup(toml);
	cfg.sro_statement = stmt;
	a.signer_keyid = "0AFF29A16689F485";
	a.signature_file = "report.html.minisig";
	CHECK_OK(assess_render_html(&html, &a));
	CHECK(strstr(html.ptr, "<blockquote class=\"statement\">I have reviewed this "
	                       "&lt;assessment&gt; &amp; accept it.</blockquote>"));
	CHECK(strstr(html.ptr, "A. Person, CTO"));
	CHECK(strstr(html.ptr, "minisign key ID <strong><code>0AFF29A16689F485</code>"));
	CHECK(strstr(html.ptr, "<code>report.html.minisig</code>"));
	CHECK(!strstr(html.ptr, "not signed"));
	CHECK_OK(assess_render_markdown(&md, &a));
	CHECK(strstr(md.ptr, "> I have reviewed this \\<assessment\\> & accept it.\n"));
	CHECK(strstr(md.ptr, "minisign key ID **`0AFF29A16689F485`**"));
	CHECK_OK(assess_render_json(&js, &a));
	CHECK(strstr(js.ptr, "\"statement\": \"I have reviewed this <assessment> & accept it.\"") ||
	      strstr(js.ptr, "\"statement\":\"I have reviewed this <assessment> & accept it.\""));
	CHECK(strstr(js.ptr, "0AFF29A16689F485"));
	cfg.sro_statement = NULL;
	buf_release(&html);
	buf_release(&md);
	buf_release(&js);
	teardown();
}

static void test_missing_org_and_sro_warned(void)
{
	struct buf html = BUF_INIT, js = BUF_INIT;

	setup("[[product]]\nname = \"rp\"\n");
	CHECK_OK(assess_render_html(&html, &a));
	CHECK(strstr(html.ptr, "<div class=\"warn\""));
	CHECK(strstr(html.ptr, "The organisation has no name"));
	CHECK(strstr(html.ptr, "No Senior Responsible Owner is named"));
	CHECK_OK(assess_render_json(&js, &a));
	CHECK(strstr(js.ptr, "The organisation has no name"));
	teardown();
	buf_reset(&html);
	setup(toml);
	CHECK_OK(assess_render_html(&html, &a));
	CHECK(!strstr(html.ptr, "The organisation has no name"));
	CHECK(!strstr(html.ptr, "No Senior Responsible Owner is named"));
	buf_release(&html);
	buf_release(&js);
	teardown();
}

RUN_TESTS("assess_report", T(test_acceptance_beside_not_met), T(test_gap_owner_due_and_kind),
          T(test_basis_badges), T(test_version_commit_collected), T(test_sro_statement_and_signer),
          T(test_missing_org_and_sro_warned))
