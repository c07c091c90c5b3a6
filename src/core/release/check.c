/*
 * check.c: the release gate's rules (check.h).
 */
#include "util/compat.h"
#include "core/release/check.h"
#include "core/disclose/lifecycle.h"
#include "core/disclose/securitytxt.h"
#include "core/formats/junit.h"
#include "core/formats/sarif.h"
#include "core/integrity/minisign.h"
#include "core/inventory/inventory.h"
#include "core/match/ignore.h"
#include "core/match/scan.h"
#include "core/match/vex.h"
#include "core/release/artefacts.h"
#include "core/release/bomdiff.h"
#include "core/vulndb/db.h"
#include "util/alloc.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/json.h"

#define MAX_LISTED 10 /* names listed in one reason before "and N more" */

static const struct {
	const char *id, *title;
} rule_names[RELEASE_NRULES] = {
	{ "fail_on", "no open vulnerability at or above the fail_on severity" },
	{ "require_tests", "test results present, none failed, skipped within max_skipped" },
	{ "require_signed", "every release artefact has a verified signature" },
	{ "require_provenance", "provenance verifies and covers the release artefacts" },
	{ "require_sbom", "an SBOM of the release, with no unreadable input" },
	{ "security_txt", "security.txt valid and not expiring within expires_margin_days" },
	{ "notice", "a year's notice of end of support for every supported release" },
	{ "max_new_components", "new components since the previous release within the limit" },
};

const char *release_status_name(enum release_status s)
{
	return s == RULE_PASS   ? "pass"
	       : s == RULE_FAIL ? "fail"
	       : s == RULE_SKIP ? "skipped"
	                        : "error";
}

void release_check_init(struct release_check *rc)
{
	memset(rc, 0, sizeof(*rc));
	for (int i = 0; i < RELEASE_NRULES; i++) {
		rc->rules[i].id = rule_names[i].id;
		rc->rules[i].title = rule_names[i].title;
		rc->rules[i].status = RULE_SKIP;
		buf_init(&rc->rules[i].reason, BUF_MAX_DEFAULT);
		buf_init(&rc->rules[i].fix, BUF_MAX_DEFAULT);
	}
}

static void set(struct release_rule *r, enum release_status st, const char *fmt, ...)
        VOUCH_PRINTF(3, 4);
static void set(struct release_rule *r, enum release_status st, const char *fmt, ...)
{
	va_list ap;

	r->status = st;
	buf_reset(&r->reason);
	va_start(ap, fmt);
	buf_vaddf(&r->reason, fmt, ap);
	va_end(ap);
}

static void fix(struct release_rule *r, const char *fmt, ...) VOUCH_PRINTF(2, 3);
static void fix(struct release_rule *r, const char *fmt, ...)
{
	va_list ap;

	buf_reset(&r->fix);
	va_start(ap, fmt);
	buf_vaddf(&r->fix, fmt, ap);
	va_end(ap);
}

static void unread(struct release_check *rc, const char *fmt, ...) VOUCH_PRINTF(2, 3);
static void unread(struct release_check *rc, const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	buf_vaddf(&b, fmt, ap);
	va_end(ap);
	rc->unread = xreallocarray(rc->unread, rc->nunread + 1, sizeof(*rc->unread));
	rc->unread[rc->nunread++] = buf_detach(&b, NULL);
}

static void skip(struct release_rule *r, const char *how)
{
	set(r, RULE_SKIP, "not configured");
	fix(r, "set %s in [release] of vouch.toml to check it", how);
}

/* What the checks share: the release's components, read once. */
struct ctx {
	struct release_check *rc;
	const struct assess_config *cfg;
	const struct release_opts *o;
	const char *product; /* its folder */
	bool inv_read, inv_unread_done;
	struct inventory inv;
	const char *inv_what; /* "the SBOM 'x'" or "the product tree 'y'" */
	struct buf what;
};

/* The release's components: [release] sbom when given, else the product tree. */
static struct inventory *release_inventory(struct ctx *x)
{
	const char *src = x->cfg->release.sbom ? x->cfg->release.sbom : x->product;

	if (x->inv_read)
		return &x->inv;
	x->inv_read = true;
	buf_addf(&x->what, "%s '%s'", x->cfg->release.sbom ? "the SBOM" : "the product tree", src);
	x->inv.bom_occurrences = x->cfg->release.sbom != NULL;
	if (inventory_scan(&x->inv, src, NULL) < 0)
		inventory_diag(&x->inv, INV_ERROR, src, 0, "%s", err_msg());
	inventory_sort(&x->inv);
	return &x->inv;
}

/* "a:1: why; b: why" of the first unreadable inputs, into out. */
static void inv_errors(struct buf *out, const struct inventory *inv)
{
	size_t shown = 0;

	for (size_t i = 0; i < inv->ndiags; i++) {
		const struct inv_diag *d = &inv->diags[i];

		if (d->level != INV_ERROR || shown++ >= MAX_LISTED)
			continue;
		buf_addf(out, "%s%s", out->len ? "; " : "", d->path);
		if (d->line)
			buf_addf(out, ":%zu", d->line);
		buf_addf(out, ": %s", d->msg);
	}
	if (shown > MAX_LISTED)
		buf_addf(out, "; and %zu more", shown - MAX_LISTED);
}

static void record_inv_unread(struct ctx *x)
{
	if (x->inv_unread_done)
		return;
	x->inv_unread_done = true;
	for (size_t i = 0; i < x->inv.ndiags; i++) {
		const struct inv_diag *d = &x->inv.diags[i];

		if (d->level != INV_ERROR)
			continue;
		if (d->line)
			unread(x->rc, "%s:%zu: %s", d->path, d->line, d->msg);
		else
			unread(x->rc, "%s: %s", d->path, d->msg);
	}
}

static void rule_fail_on(struct ctx *x)
{
	struct release_rule *r = &x->rc->rules[RULE_FAIL_ON];
	const char *level = x->cfg->release.fail_on;
	enum cvss_severity th;
	struct buf dbp = BUF_INIT, list = BUF_INIT, ign = BUF_INIT;
	struct vulndb *db = NULL;
	struct scan sc = SCAN_INIT;
	struct vex vex = VEX_INIT;
	struct ignore ig = IGNORE_INIT;
	struct inventory *inv;
	size_t over = 0, suppressed = 0, unknown = 0;
	bool bad_input = false;
	char today[21];

	if (!level) {
		skip(r, "fail_on = \"high\" (or another severity)");
		return;
	}
	if (!strcasecmp(level, "none")) {
		set(r, RULE_SKIP, "fail_on is \"none\": no severity fails the release");
		fix(r, "set fail_on to low, medium, high or critical to gate on vulnerabilities");
		return;
	}
	th = cvss_severity_parse(level, strlen(level));
	if (x->o->db)
		buf_adds(&dbp, x->o->db);
	else if (x->cfg->db)
		buf_adds(&dbp, x->cfg->db);
	else if (vulndb_default_path(&dbp) < 0) {
		set(r, RULE_ERROR, "no vulnerability database: %s", err_msg());
		fix(r, "pass --db FILE or set [evidence] db");
		unread(x->rc, "vulnerability database: %s", err_msg());
		goto done;
	}
	if (vulndb_open(&db, dbp.ptr, VULNDB_READONLY | VULNDB_ADVISORIES) < 0) {
		/* matching against no advisories would pass every release */
		set(r, RULE_ERROR, "the vulnerability database cannot be used: %s", err_msg());
		fix(r, "run `vouch db update` (or `vouch db import`) and pass --db FILE");
		unread(x->rc, "%s: %s", dbp.ptr, err_msg());
		goto done;
	}
	inv = release_inventory(x);
	if (scan_add_inventory(&sc, inv) < 0 || scan_run(&sc, db) < 0) {
		set(r, RULE_ERROR, "the scan could not run: %s", err_msg());
		fix(r, "see the error");
		unread(x->rc, "scan: %s", err_msg());
		goto done;
	}
	for (size_t i = 0; i < x->cfg->nvex; i++) {
		if (vex_load(&vex, x->cfg->vex[i]) < 0) {
			unread(x->rc, "%s", err_msg());
			bad_input = true;
		}
	}
	scan_apply_vex(&sc, &vex);
	buf_addf(&ign, "%s/%s", x->product, IGNORE_FILE_NAME);
	if (fs_exists(ign.ptr)) {
		if (ignore_load(&ig, ign.ptr) < 0) {
			unread(x->rc, "%s", err_msg());
			bad_input = true;
		}
		for (size_t i = 0; i < ig.nerrors; i++) {
			unread(x->rc, "%s", ig.errors[i]);
			bad_input = true;
		}
	}
	vulndb_now(today);
	today[10] = '\0';
	scan_apply_ignore(&sc, &ig, today);
	for (size_t i = 0; i < sc.nfindings; i++) {
		const struct finding *f = &sc.findings[i];

		if (f->suppressed) {
			suppressed++;
			continue;
		}
		if (f->level == CVSS_SEV_UNKNOWN) {
			unknown++;
			continue;
		}
		if (f->level < th)
			continue;
		if (over++ < MAX_LISTED)
			buf_addf(&list, "%s%s (%s) in %s %s", list.len ? ", " : "", f->id,
			         cvss_severity_name(f->level), sc.pkgs[f->pkg].name,
			         sc.pkgs[f->pkg].version ? sc.pkgs[f->pkg].version : "");
	}
	for (size_t i = 0; i < sc.nnotes; i++)
		if (sc.notes[i].error) {
			unread(x->rc, "%s", sc.notes[i].msg);
			bad_input = true;
		}
	if (inv->nerrors) {
		record_inv_unread(x);
		bad_input = true;
	}
	if (over) {
		set(r, RULE_FAIL, "%zu open finding(s) at or above %s in %s: %s%s", over,
		    cvss_severity_name(th), x->what.ptr, list.ptr,
		    over > MAX_LISTED ? " and more" : "");
		fix(r,
		    "upgrade the packages named, or triage each finding with a VEX statement "
		    "([evidence] vex) or an entry with a reason in %s",
		    IGNORE_FILE_NAME);
	} else if (bad_input) {
		set(r, RULE_ERROR,
		    "no open finding at or above %s, but some inputs could not be read (listed "
		    "as unread), so components may be missing",
		    cvss_severity_name(th));
		fix(r,
		    "fix the unreadable inputs named, and cover every ecosystem in the database");
	} else {
		set(r, RULE_PASS,
		    "no open finding at or above %s among %zu components of %s (%zu finding(s) "
		    "in all, %zu suppressed by VEX or the ignore file, %zu of unknown severity)",
		    cvss_severity_name(th), sc.npkgs, x->what.ptr, sc.nfindings, suppressed,
		    unknown);
	}
done:
	scan_release(&sc);
	vex_release(&vex);
	ignore_release(&ig);
	vulndb_close(db);
	buf_release(&dbp);
	buf_release(&list);
	buf_release(&ign);
}

static void rule_tests(struct ctx *x)
{
	struct release_rule *r = &x->rc->rules[RULE_TESTS];
	const struct assess_config *c = x->cfg;
	struct junit_result jr;
	struct buf missing = BUF_INIT;
	size_t nmissing = 0;
	bool bad = false;

	memset(&jr, 0, sizeof(jr));
	if (!c->release.require_tests) {
		skip(r, "require_tests = true");
		return;
	}
	if (!c->njunit) {
		set(r, RULE_FAIL, "tests are required but no test results are configured");
		fix(r, "have CI write JUnit XML and list the files in [evidence] junit");
		goto done;
	}
	for (size_t i = 0; i < c->njunit; i++) {
		struct buf b = BUF_INIT;

		if (!fs_exists(c->junit[i])) {
			buf_addf(&missing, "%s'%s'", nmissing++ ? ", " : "", c->junit[i]);
			continue;
		}
		if (buf_read_file(&b, c->junit[i]) < 0 ||
		    junit_read(&jr, b.ptr, b.len, c->junit[i]) < 0) {
			unread(x->rc, "%s", err_msg());
			bad = true;
		}
		buf_release(&b);
	}
	if (nmissing) {
		set(r, RULE_FAIL, "%zu of %zu test result files are missing: %s", nmissing,
		    c->njunit, missing.ptr);
		fix(r, "run the tests in CI before the release check and keep their JUnit XML");
	} else if (bad) {
		set(r, RULE_ERROR, "some test results could not be read (listed as unread)");
		fix(r, "fix or regenerate the JUnit XML files named");
	} else if (!jr.tests) {
		set(r, RULE_FAIL, "the test results contain no test");
		fix(r, "point [evidence] junit at the results of the real test suite");
	} else if (jr.failures || jr.errors) {
		set(r, RULE_FAIL, "%zu tests, %zu failed and %zu errored", jr.tests, jr.failures,
		    jr.errors);
		for (size_t i = 0; i < jr.nfailed && i < MAX_LISTED; i++)
			buf_addf(&r->reason, "%s %s", i ? "," : ":", jr.failed[i]);
		fix(r, "fix the failing tests and run them again");
	} else if (jr.skipped >= jr.tests) {
		set(r, RULE_FAIL, "all %zu tests were skipped: none ran", jr.tests);
		fix(r, "run the test suite so that its tests execute");
	} else if (c->release.max_skipped >= 0 && (int64_t)jr.skipped > c->release.max_skipped) {
		set(r, RULE_FAIL, "%zu of %zu tests were skipped, more than max_skipped = %" PRId64,
		    jr.skipped, jr.tests, c->release.max_skipped);
		fix(r, "run the skipped tests, or raise max_skipped with a reason");
	} else {
		set(r, RULE_PASS, "%zu tests ran with no failure (%zu skipped%s)",
		    jr.tests - jr.skipped, jr.skipped,
		    c->release.max_skipped >= 0 ? ", within max_skipped" : "");
	}
done:
	junit_release(&jr);
	buf_release(&missing);
}

/* The release folder and key; false (with the rule set) when they are not there. */
static bool release_folder(struct ctx *x, struct release_rule *r, struct artefacts *art,
                           struct minisign_pubkey *pub)
{
	const struct assess_config *c = x->cfg;

	if (!c->releases_dir) {
		set(r, RULE_FAIL, "no release folder is configured");
		fix(r, "set [evidence] releases to the folder of the release artefacts");
		return false;
	}
	if (artefacts_read(art, c->releases_dir) < 0) {
		set(r, RULE_ERROR, "the release folder cannot be read: %s", err_msg());
		fix(r, "check [evidence] releases");
		unread(x->rc, "%s", err_msg());
		return false;
	}
	if (!c->public_key) {
		set(r, RULE_FAIL, "no release public key is configured to verify signatures");
		fix(r, "set [evidence] public_key to the release signing public key");
		return false;
	}
	if (minisign_pubkey_load(pub, c->public_key) < 0) {
		set(r, RULE_ERROR, "the release public key cannot be read: %s", err_msg());
		fix(r, "check [evidence] public_key");
		unread(x->rc, "%s", err_msg());
		return false;
	}
	if (!art->n) {
		set(r, RULE_FAIL, "the release folder '%s' holds no artefact", c->releases_dir);
		fix(r, "put the released artefacts and their signatures there");
		return false;
	}
	return true;
}

static void rule_signed(struct ctx *x)
{
	struct release_rule *r = &x->rc->rules[RULE_SIGNED];
	struct artefacts art = ARTEFACTS_INIT;
	struct minisign_pubkey pub;

	if (!x->cfg->release.require_signed) {
		skip(r, "require_signed = true");
		return;
	}
	if (!release_folder(x, r, &art, &pub))
		goto done;
	artefacts_check_signatures(&art, &pub);
	if (art.nsigned == art.n && !art.problems.len) {
		set(r, RULE_PASS,
		    "all %zu artefacts verify with the release key (%zu through a signed "
		    "SHA256SUMS)",
		    art.n, art.nsums);
	} else {
		set(r, RULE_FAIL, "%zu of %zu artefacts verify with the release key", art.nsigned,
		    art.n);
		if (art.nunsigned)
			buf_addf(&r->reason, "; without a valid signature: %s%s",
			         art.unsigned_names.ptr,
			         art.nunsigned > ARTEFACTS_MAX_SHOWN ? " and more" : "");
		if (art.problems.len)
			buf_addf(&r->reason, "; %s", art.problems.ptr);
		fix(r,
		    "sign every artefact with the release key (`vouch sign --secret KEY FILE...` "
		    "or `vouch sign --sums DIR`) and keep SHA256SUMS in step with the folder");
	}
done:
	artefacts_release(&art);
}

static void rule_provenance(struct ctx *x)
{
	struct release_rule *r = &x->rc->rules[RULE_PROVENANCE];
	const struct assess_config *c = x->cfg;
	struct artefacts art = ARTEFACTS_INIT;
	struct minisign_pubkey pub;
	struct buf uncovered = BUF_INIT;
	size_t nok = 0, nuncovered = 0;

	if (!c->release.require_provenance) {
		skip(r, "require_provenance = true");
		return;
	}
	if (!c->nprovenance) {
		set(r, RULE_FAIL, "provenance is required but none is configured");
		fix(r, "make it with `vouch attest provenance` and list it in [evidence] "
		       "provenance");
		return;
	}
	if (!release_folder(x, r, &art, &pub))
		goto done;
	for (size_t i = 0; i < c->nprovenance; i++)
		nok += artefacts_check_provenance(&art, c->provenance[i], c->provenance[i], &pub);
	/* every artefact is the subject of some statement: provenance of part proves little */
	for (size_t k = 0; k < art.n; k++)
		if (!art.v[k].in_provenance && nuncovered++ < MAX_LISTED)
			buf_addf(&uncovered, "%s%s", uncovered.len ? ", " : "", art.v[k].name);
	if (nuncovered)
		buf_addf(&art.problems,
		         "%s%zu artefact(s) are not the subject of any provenance "
		         "that verifies: %s%s",
		         art.problems.len ? "; " : "", nuncovered, uncovered.ptr,
		         nuncovered > MAX_LISTED ? " and more" : "");
	if (nok == c->nprovenance && !art.problems.len)
		set(r, RULE_PASS,
		    "%zu provenance statement(s) verify with the release key and name only "
		    "artefacts of the release folder",
		    nok);
	else {
		set(r, RULE_FAIL, "%zu of %zu provenance statement(s) verify; %s", nok,
		    c->nprovenance, art.problems.ptr);
		fix(r, "make the provenance again for these artefacts (`vouch attest provenance "
		       "--secret KEY ARTIFACT...`) with the release key");
	}
done:
	buf_release(&uncovered);
	artefacts_release(&art);
}

static void rule_sbom(struct ctx *x)
{
	struct release_rule *r = &x->rc->rules[RULE_SBOM];
	const struct assess_config *c = x->cfg;
	struct inventory *inv;
	struct buf errs = BUF_INIT;
	size_t n = 0;

	if (!c->release.require_sbom) {
		skip(r, "require_sbom = true");
		return;
	}
	if (c->release.sbom && !fs_exists(c->release.sbom)) {
		set(r, RULE_FAIL, "the release SBOM '%s' does not exist", c->release.sbom);
		fix(r, "write it with `vouch sbom --output %s PATH` before the check",
		    c->release.sbom);
		return;
	}
	inv = release_inventory(x);
	for (size_t i = 0; i < inv->npkgs; i++)
		n += !(inv->pkgs[i]->flags & PKG_ROOT);
	if (inv->nerrors) {
		inv_errors(&errs, inv);
		set(r, RULE_FAIL, "%zu input(s) of %s could not be read: %s", inv->nerrors,
		    x->what.ptr, errs.ptr);
		fix(r, c->release.sbom ? "make the SBOM again from a tree whose inputs all read"
		                       : "fix or exclude the unreadable inputs named, so that the "
		                         "SBOM lists every component");
	} else {
		set(r, RULE_PASS, "%s lists %zu component(s), every input read", x->what.ptr, n);
	}
	buf_release(&errs);
}

static void rule_security_txt(struct ctx *x)
{
	struct release_rule *r = &x->rc->rules[RULE_SECURITY_TXT];
	const struct assess_config *c = x->cfg;
	struct buf path = BUF_INIT, b = BUF_INIT;
	struct securitytxt s;
	int64_t margin = c->release.expires_margin_days;

	memset(&s, 0, sizeof(s));
	if (!c->release.security_txt) {
		skip(r, "security_txt = true");
		return;
	}
	if (c->security_txt)
		buf_adds(&path, c->security_txt);
	else
		buf_addf(&path, "%s/.well-known/security.txt", x->product);
	if (!fs_exists(path.ptr)) {
		set(r, RULE_FAIL, "no security.txt at '%s'", path.ptr);
		fix(r, "publish /.well-known/security.txt (RFC 9116, `vouch securitytxt "
		       "generate`) and set [disclosure] security_txt to its copy");
		goto done;
	}
	if (buf_read_file(&b, path.ptr) < 0 ||
	    securitytxt_parse(&s, b.ptr, b.len, path.ptr, x->rc->now) < 0) {
		set(r, RULE_ERROR, "'%s' cannot be read: %s", path.ptr, err_msg());
		fix(r, "fix the file");
		unread(x->rc, "%s", err_msg());
		goto done;
	}
	if (!securitytxt_valid(&s)) {
		const struct securitytxt_problem *p = NULL;

		for (size_t i = 0; i < s.nproblems && !p; i++)
			if (s.problems[i].error)
				p = &s.problems[i];
		set(r, RULE_FAIL, "'%s' is not valid under RFC 9116", path.ptr);
		if (p && p->line)
			buf_addf(&r->reason, ": line %zu: %s", p->line, p->msg);
		else if (p)
			buf_addf(&r->reason, ": %s", p->msg);
		fix(r, "fix it (Contact and a future Expires are required)");
	} else if (s.expires - x->rc->now < margin * 86400) {
		char d[16];

		assess_date_text(d, s.expires / 86400);
		set(r, RULE_FAIL,
		    "'%s' expires on %s, %" PRId64 " day(s) from now, within expires_margin_days = "
		    "%" PRId64,
		    path.ptr, d, (s.expires - x->rc->now) / 86400, margin);
		fix(r, "publish it again with a later Expires (at most a year ahead, RFC 9116)");
	} else {
		char d[16];

		assess_date_text(d, s.expires / 86400);
		set(r, RULE_PASS,
		    "'%s' is valid and expires on %s, after the %" PRId64 "-day margin", path.ptr,
		    d, margin);
	}
done:
	securitytxt_release(&s);
	buf_release(&path);
	buf_release(&b);
}

static void rule_notice(struct ctx *x)
{
	struct release_rule *r = &x->rc->rules[RULE_NOTICE];
	const struct assess_config *c = x->cfg;
	int64_t today = x->rc->now / 86400;
	struct lifecycle_notices l = LIFECYCLE_NOTICES_INIT;
	struct lifecycle_status *st = NULL;
	struct buf bad = BUF_INIT, warn = BUF_INIT;
	size_t supported = 0, nbad = 0, nst = 0;
	char *dir;

	if (!c->release.notice) {
		skip(r, "notice = true");
		return;
	}
	/* the notices on record (lifecycle/notices), as 4.2.1 and `vouch lifecycle check` read them */
	dir = lifecycle_notices_dir(c);
	if (lifecycle_notices_load(&l, dir, &warn) < 0)
		unread(x->rc, "%s", err_msg());
	for (const char *p = warn.ptr, *nl; p && (nl = strchr(p, '\n')); p = nl + 1)
		unread(x->rc, "%.*s", (int)(nl - p), p);
	lifecycle_statuses(&st, &nst, c, &l, today);
	for (size_t i = 0; i < nst; i++) {
		const struct lifecycle_status *s = &st[i];
		const char *pname = s->product->name, *ver = s->release->version;
		char dd[16], ed[16];

		if (s->state != NOTICE_NO_EOS && s->ended)
			continue; /* no longer supported */
		supported++;
		if (s->state == NOTICE_NO_EOS) {
			nbad++;
			buf_addf(&bad, "%s%s %s has no end_of_support date", bad.len ? "; " : "",
			         pname, ver);
			continue;
		}
		assess_date_text(dd, s->due);
		assess_date_text(ed, s->release->end_of_support);
		if (s->state == NOTICE_LATE) {
			nbad++;
			buf_addf(&bad,
			         "%s%s %s: notice published after %s, the due day for its end of "
			         "support on %s",
			         bad.len ? "; " : "", pname, ver, dd, ed);
		} else if (s->state == NOTICE_OVERDUE) {
			nbad++;
			buf_addf(&bad,
			         "%s%s %s: no notice recorded, due by %s for its end of support on "
			         "%s",
			         bad.len ? "; " : "", pname, ver, dd, ed);
		}
	}
	if (!supported) {
		set(r, RULE_FAIL, "no supported release is recorded in vouch.toml");
		fix(r, "record each release with [[product.release]] version, end_of_support and "
		       "notice_published");
	} else if (nbad) {
		set(r, RULE_FAIL,
		    "%zu of %zu supported release(s) break the one-year notice rule: %s", nbad,
		    supported, bad.ptr);
		fix(r,
		    "publish the end-of-support notice at least a calendar year ahead and record "
		    "it (`vouch lifecycle notice`, or notice_published)");
	} else {
		set(r, RULE_PASS,
		    "all %zu supported release(s) have an end of support with a year's notice "
		    "given or still due in time",
		    supported);
	}
	free(st);
	free(dir);
	lifecycle_notices_release(&l);
	buf_release(&warn);
	buf_release(&bad);
}

static void rule_new_components(struct ctx *x)
{
	struct release_rule *r = &x->rc->rules[RULE_NEW_COMPONENTS];
	const struct assess_release_policy *p = &x->cfg->release;
	struct inventory prev = INVENTORY_INIT, *cur;
	struct bomdiff d = BOMDIFF_INIT;
	struct buf list = BUF_INIT;
	size_t nnew = 0;

	if (p->max_new_components < 0) {
		skip(r, "max_new_components (and previous_sbom)");
		return;
	}
	if (!p->previous_sbom) {
		set(r, RULE_FAIL, "max_new_components is set but no previous_sbom to compare with");
		fix(r, "set [release] previous_sbom to the SBOM of the previous release");
		return;
	}
	prev.bom_occurrences = true;
	if (inventory_scan(&prev, p->previous_sbom, NULL) < 0 || prev.nerrors) {
		struct buf e = BUF_INIT;

		if (!prev.nerrors)
			inventory_diag(&prev, INV_ERROR, p->previous_sbom, 0, "%s", err_msg());
		inv_errors(&e, &prev);
		set(r, RULE_ERROR, "the previous release's SBOM cannot be read: %s", e.ptr);
		fix(r, "check [release] previous_sbom");
		unread(x->rc, "%s", e.ptr);
		buf_release(&e);
		goto done;
	}
	cur = release_inventory(x);
	if (bomdiff_run(&d, &prev, cur) < 0) {
		set(r, RULE_ERROR, "the SBOMs cannot be compared: %s", err_msg());
		goto done;
	}
	for (size_t i = 0; i < d.n; i++) {
		const struct bomdiff_entry *e = &d.e[i];

		if (e->kind != BD_ADDED ||
		    bomdiff_reviewed(e, (const char *const *)p->reviewed, p->nreviewed))
			continue;
		if (nnew++ < MAX_LISTED)
			buf_addf(&list, "%s%s %s", list.len ? ", " : "", e->name,
			         e->new_version ? e->new_version : "");
	}
	if ((int64_t)nnew > p->max_new_components) {
		set(r, RULE_FAIL,
		    "%zu component(s) are new since the previous release and not reviewed, more "
		    "than max_new_components = %" PRId64 ": %s%s",
		    nnew, p->max_new_components, list.ptr, nnew > MAX_LISTED ? " and more" : "");
		fix(r, "review each new component and list its purl in [release] reviewed, or drop "
		       "it (`vouch sbom diff` shows them all)");
	} else {
		set(r, RULE_PASS,
		    "%zu component(s) added since the previous release (%zu not reviewed, at most "
		    "%" PRId64 " allowed)",
		    d.count[BD_ADDED], nnew, p->max_new_components);
	}
	if (cur->nerrors && r->status == RULE_PASS) {
		r->status = RULE_ERROR;
		buf_adds(&r->reason, "; but some inputs could not be read (listed as unread)");
		fix(r, "fix the unreadable inputs");
		record_inv_unread(x);
	}
done:
	bomdiff_release(&d);
	inventory_release(&prev);
	buf_release(&list);
}

int release_check_run(struct release_check *rc, const struct assess_config *cfg,
                      const struct release_opts *o)
{
	struct ctx x;

	memset(&x, 0, sizeof(x));
	buf_init(&x.what, BUF_MAX_DEFAULT);
	x.rc = rc;
	x.cfg = cfg;
	x.o = o;
	x.product = cfg->products[0].path;
	rc->now = o->now;
	rc->product = xstrdup(cfg->products[0].name);
	rc->config = cfg->file ? xstrdup(cfg->file) : NULL;
	rule_fail_on(&x);
	rule_tests(&x);
	rule_signed(&x);
	rule_provenance(&x);
	rule_sbom(&x);
	rule_security_txt(&x);
	rule_notice(&x);
	rule_new_components(&x);
	for (int i = 0; i < RELEASE_NRULES; i++) {
		if (rc->rules[i].status == RULE_PASS)
			buf_reset(&rc->rules[i].fix);
		rc->counts[rc->rules[i].status]++;
	}
	inventory_release(&x.inv);
	buf_release(&x.what);
	return 0;
}

static const char *result_name(const struct release_check *rc)
{
	return rc->counts[RULE_FAIL] ? "fail" : rc->counts[RULE_ERROR] ? "partial" : "pass";
}

int release_check_json(struct buf *out, const struct release_check *rc)
{
	struct jw w;

	jw_init(&w, out, true);
	jw_obj_begin(&w);
	jw_kstr(&w, "product", rc->product);
	if (rc->config)
		jw_kstr(&w, "config", rc->config);
	jw_kstr(&w, "result", result_name(rc));
	jw_key(&w, "summary");
	jw_obj_begin(&w);
	jw_kint(&w, "passed", (int64_t)rc->counts[RULE_PASS]);
	jw_kint(&w, "failed", (int64_t)rc->counts[RULE_FAIL]);
	jw_kint(&w, "skipped", (int64_t)rc->counts[RULE_SKIP]);
	jw_kint(&w, "errors", (int64_t)rc->counts[RULE_ERROR]);
	jw_obj_end(&w);
	jw_key(&w, "rules");
	jw_arr_begin(&w);
	for (int i = 0; i < RELEASE_NRULES; i++) {
		const struct release_rule *r = &rc->rules[i];

		jw_obj_begin(&w);
		jw_kstr(&w, "id", r->id);
		jw_kstr(&w, "title", r->title);
		jw_kstr(&w, "status", release_status_name(r->status));
		jw_kstr(&w, "reason", r->reason.ptr);
		if (r->fix.len)
			jw_kstr(&w, "fix", r->fix.ptr);
		jw_obj_end(&w);
	}
	jw_arr_end(&w);
	jw_key(&w, "unread");
	jw_arr_begin(&w);
	for (size_t i = 0; i < rc->nunread; i++)
		jw_str(&w, rc->unread[i]);
	jw_arr_end(&w);
	jw_obj_end(&w);
	return jw_finish(&w);
}

int release_check_junit(struct buf *out, const struct release_check *rc)
{
	size_t n = RELEASE_NRULES;

	buf_adds(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	buf_addf(out,
	         "<testsuites name=\"vouch release check\" tests=\"%zu\" failures=\"%zu\" "
	         "errors=\"%zu\" skipped=\"%zu\">\n",
	         n, rc->counts[RULE_FAIL], rc->counts[RULE_ERROR], rc->counts[RULE_SKIP]);
	buf_adds(out, "  <testsuite name=\"release check: ");
	buf_add_xml(out, rc->product);
	buf_addf(out, "\" tests=\"%zu\" failures=\"%zu\" errors=\"%zu\" skipped=\"%zu\">\n", n,
	         rc->counts[RULE_FAIL], rc->counts[RULE_ERROR], rc->counts[RULE_SKIP]);
	for (size_t i = 0; i < n; i++) {
		const struct release_rule *r = &rc->rules[i];
		const char *tag = r->status == RULE_FAIL    ? "failure"
		                  : r->status == RULE_ERROR ? "error"
		                  : r->status == RULE_SKIP  ? "skipped"
		                                            : NULL;

		buf_addf(out, "    <testcase classname=\"vouch.release\" name=\"%s\"", r->id);
		if (!tag) {
			buf_adds(out, ">\n      <system-out>");
			buf_add_xml(out, r->reason.ptr);
			buf_adds(out, "</system-out>\n    </testcase>\n");
			continue;
		}
		buf_addf(out, ">\n      <%s message=\"", tag);
		buf_add_xml(out, r->reason.ptr);
		buf_adds(out, "\"");
		if (r->status == RULE_FAIL)
			buf_adds(out, " type=\"policy\"");
		buf_adds(out, ">");
		buf_add_xml(out, r->reason.ptr);
		if (r->fix.len) {
			buf_adds(out, "\nfix: ");
			buf_add_xml(out, r->fix.ptr);
		}
		buf_addf(out, "</%s>\n    </testcase>\n", tag);
	}
	buf_adds(out, "  </testsuite>\n</testsuites>\n");
	return 0;
}

int release_check_sarif(struct buf *out, const struct release_check *rc, const char *tool_version)
{
	struct sarif s;
	const char *uri = "vouch.toml";

	if (rc->config) {
		const char *sl = strrchr(rc->config, '/');

		uri = sl ? sl + 1 : rc->config;
	}
	sarif_begin(&s, out, "vouch release check", tool_version);
	for (int i = 0; i < RELEASE_NRULES; i++) {
		struct sarif_rule sr;

		memset(&sr, 0, sizeof(sr));
		sr.id = rc->rules[i].id;
		sr.short_text = rc->rules[i].title;
		sr.level = "error";
		sarif_rule(&s, &sr);
	}
	sarif_results(&s);
	for (int i = 0; i < RELEASE_NRULES; i++) {
		const struct release_rule *r = &rc->rules[i];
		struct sarif_result res;
		struct sarif_location loc;
		struct buf msg = BUF_INIT;

		if (r->status != RULE_FAIL && r->status != RULE_ERROR)
			continue;
		memset(&res, 0, sizeof(res));
		memset(&loc, 0, sizeof(loc));
		buf_addf(&msg, "%s%s%s", r->reason.ptr, r->fix.len ? ". Fix: " : "", r->fix.ptr);
		loc.uri = uri;
		res.rule_id = r->id;
		res.level = r->status == RULE_FAIL ? "error" : "warning";
		res.message = msg.ptr;
		res.locs = &loc;
		res.nlocs = 1;
		res.fingerprint = r->id;
		sarif_result(&s, &res);
		buf_release(&msg);
	}
	return sarif_end(&s);
}

void release_check_release(struct release_check *rc)
{
	for (int i = 0; i < RELEASE_NRULES; i++) {
		buf_release(&rc->rules[i].reason);
		buf_release(&rc->rules[i].fix);
	}
	for (size_t i = 0; i < rc->nunread; i++)
		free(rc->unread[i]);
	free(rc->unread);
	free(rc->product);
	free(rc->config);
	memset(rc, 0, sizeof(*rc));
}
