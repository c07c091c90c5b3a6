/*
 * lifecycle.c: 4.1.1, 4.2.1: releases, end of support and notice.
 */
#include "util/compat.h"
#include "core/assess/collect.h"
#include "core/disclose/lifecycle.h"
#include "core/vulndb/db.h"
#include "util/alloc.h"
#include "util/err.h"

/*
 * The last day notice may be given for an end of support on day eos: the same
 * date one calendar year before (2028-03-01 needs notice by 2027-03-01). A
 * 29 February has no such date the year before, so it gives 28 February:
 * 2028-02-29 needs notice by 2027-02-28, never less than a full year.
 */
int64_t assess_notice_due(int64_t eos)
{
	char t[16];
	int y, m, d;

	assess_date_text(t, eos);
	if (!ac_parse_ymd(t, &y, &m, &d))
		return eos - 365;
	if (m == 2 && d == 29)
		d = 28;
	return assess_days(y - 1, m, d);
}

enum assess_notice_state assess_notice_judge(int64_t *out_due, int64_t eos, int64_t notice,
                                             int64_t today, int64_t warn_days)
{
	int64_t due;

	*out_due = -1;
	if (eos < 0)
		return NOTICE_NO_EOS;
	due = *out_due = assess_notice_due(eos);
	if (notice >= 0)
		return notice <= due ? NOTICE_ON_TIME : NOTICE_LATE;
	if (today > due)
		return NOTICE_OVERDUE;
	return due - today <= warn_days ? NOTICE_DUE_SOON : NOTICE_PENDING;
}

/* The notice files and the build log's notice records; unreadable ones are warnings. */
static void load_records(struct assess_ctx *x, struct lifecycle_notices *l, size_t *publishes)
{
	const struct assess_config *c = x->cfg;
	struct buf warn = BUF_INIT;
	char *dir = lifecycle_notices_dir(c);

	*publishes = 0;
	if (lifecycle_notices_load(l, dir, &warn) < 0)
		ac_warn(x->a, "%s", err_msg());
	for (const char *p = warn.ptr, *nl; p && (nl = strchr(p, '\n')); p = nl + 1)
		ac_warn(x->a, "%.*s (notice not read)", (int)(nl - p), p);
	if (c->log_dir &&
	    lifecycle_notices_from_log(l, publishes, c->log_dir, ASSESS_LOG_MAX_SCAN) < 0)
		ac_warn(x->a, "log '%s': %s (notice records not read)", ac_show(x, c->log_dir),
		        err_msg());
	free(dir);
	buf_release(&warn);
}

/* Third-party end of life: the shipped components whose cycle endoflife.date knows. */
struct thirdparty {
	bool data;                   /* the database holds end-of-life data */
	size_t known, ended, ending; /* components with a known cycle; past; within a year */
	struct buf ended_list, ending_list;
};

static void read_thirdparty(struct thirdparty *t, struct assess_ctx *x, int64_t today)
{
	struct vulndb *db = NULL;

	if (!x->dbpath || vulndb_open(&db, x->dbpath, VULNDB_READONLY) < 0) {
		err_clear();
		return;
	}
	t->data = vulndb_has_eol(db);
	for (size_t i = 0; t->data && i < x->inv.npkgs; i++) {
		const struct pkg *p = x->inv.pkgs[i];
		struct vulndb_eol e;
		char d[16];
		int64_t day = -1;
		int y, m, dd;

		if ((p->flags & (PKG_ROOT | PKG_LOCAL)) ||
		    vulndb_eol_find(&e, db, p->purl, p->version) <= 0)
			continue;
		t->known++;
		if (e.eol && ac_parse_ymd(e.eol, &y, &m, &dd) && strlen(e.eol) == 10)
			day = assess_days(y, m, dd);
		if ((day >= 0 && day < today) || (day < 0 && e.eol && !strcmp(e.eol, "true"))) {
			if (t->ended++ < ASSESS_MAX_LIST)
				buf_addf(&t->ended_list, "%s%s%s%s %s (%s %s, end of life %s)",
				         t->ended_list.len ? "; " : "",
				         p->namespace ? p->namespace : "", p->namespace ? "/" : "",
				         p->name, p->version, e.product, e.cycle,
				         day >= 0 ? e.eol : "passed");
		} else if (day >= 0 && day - today <= 365) {
			assess_date_text(d, day);
			if (t->ending++ < ASSESS_MAX_LIST)
				buf_addf(&t->ending_list, "%s%s%s%s %s (%s %s, end of life %s)",
				         t->ending_list.len ? "; " : "",
				         p->namespace ? p->namespace : "", p->namespace ? "/" : "",
				         p->name, p->version, e.product, e.cycle, d);
		}
		vulndb_eol_release(&e);
	}
	vulndb_close(db);
}

static void collect_lifecycle(struct assess_ctx *x)
{
	struct assessment *a = x->a;
	struct assess_result *e = ac_res(a, "4.1.1"), *n = ac_res(a, "4.2.1");
	const struct assess_config *c = a->cfg;
	int64_t today = a->now / 86400;
	size_t total = 0, with_eos = 0, late = 0, components = 0, recorded = 0, noticed = 0;
	size_t publishes = 0;
	struct buf noeos = BUF_INIT, bad = BUF_INIT, soon = BUF_INIT;
	struct lifecycle_notices l = LIFECYCLE_NOTICES_INIT;
	struct lifecycle_status *st = NULL;
	struct thirdparty tp = { false, 0, 0, 0, BUF_INIT, BUF_INIT };
	size_t nst = 0;

	for (size_t i = 0; i < x->inv.npkgs; i++)
		components += !(x->inv.pkgs[i]->flags & (PKG_ROOT | PKG_LOCAL));
	load_records(x, &l, &publishes);
	read_thirdparty(&tp, x, today);
	for (size_t i = 0; i < l.n; i++)
		if (!l.v[i].from_log)
			ac_evidence(x, n, l.v[i].path, "lifecycle");
	if (l.n && c->log_dir)
		ac_evidence(x, n, c->log_dir, "lifecycle");
	lifecycle_statuses(&st, &nst, c, &l, today);
	if (c->nproducts && c->products[0].nreleases && !a->release_notice) {
		/* statuses run product by product, release by release: products[0]'s come first */
		a->release_notice = xcalloc(c->products[0].nreleases, sizeof *a->release_notice);
		for (size_t i = 0; i < c->products[0].nreleases; i++)
			a->release_notice[i] = i < nst ? st[i].notice : -1;
	}
	for (size_t i = 0; i < nst; i++) {
		const struct lifecycle_status *s = &st[i];
		const char *pname = s->product->name, *ver = s->release->version;
		char dd[16], ed[16], nd[16];

		total++;
		if (s->release->notice_url)
			ac_uri(n, s->release->notice_url, "vouch.toml");
		if (s->state == NOTICE_NO_EOS) {
			buf_addf(&noeos, "%s%s %s", noeos.len ? ", " : "", pname, ver);
			continue;
		}
		with_eos++;
		recorded += s->recorded;
		noticed += s->notice >= 0;
		assess_date_text(dd, s->due);
		assess_date_text(ed, s->release->end_of_support);
		assess_date_text(nd, s->notice);
		if (s->state == NOTICE_LATE) {
			late++;
			buf_addf(&bad,
			         "%s%s %s: notice published %s, only %" PRId64
			         " days before its end of support on %s; it was due by %s",
			         bad.len ? "; " : "", pname, ver, nd,
			         s->release->end_of_support - s->notice, ed, dd);
		} else if (s->state == NOTICE_OVERDUE) {
			late++;
			buf_addf(&bad,
			         "%s%s %s: no notice recorded; end of support on %s, notice was "
			         "due by %s",
			         bad.len ? "; " : "", pname, ver, ed, dd);
		} else if (s->state == NOTICE_DUE_SOON) {
			buf_addf(&soon, "%s%s %s: notice due by %s (%" PRId64 " days from now)",
			         soon.len ? "; " : "", pname, ver, dd, s->due - today);
		}
	}
	if (c->file)
		ac_evidence(x, e, c->file, "vouch.toml"), ac_evidence(x, n, c->file, "vouch.toml");
	if (!total) {
		ac_set(e, ST_NOT_MET, "No release is recorded in vouch.toml.");
		ac_gap(e, "Add a [[product.release]] with end_of_support for every supported "
		          "release.");
		ac_set(n, ST_UNKNOWN,
		       "No release is recorded, so notice periods cannot be checked.");
		ac_gap(n, "Record releases with end_of_support and notice_published dates.");
		goto done;
	}
	if (noeos.len) {
		ac_set(e, ST_NOT_MET, "%zu of %zu releases have no end-of-support date: %s.",
		       total - with_eos, total, noeos.ptr);
		ac_gap(e, "Publish and record end_of_support for each of them.");
	} else if (components && tp.ended) {
		ac_set(e, ST_NOT_MET,
		       "All %zu recorded releases have an end-of-support date, but %zu of the %zu "
		       "third-party components the product ships are past their end of life "
		       "(endoflife.date data in the vulnerability database): %s.",
		       total, tp.ended, components, tp.ended_list.ptr);
		ac_gap(e, "Move these components to supported release cycles, or publish how the "
		          "product is supported while it ships them.");
	} else if (components && tp.data && tp.known == components) {
		ac_set(e, ST_MET,
		       "All %zu recorded releases have an end-of-support date, and every one of "
		       "the "
		       "%zu third-party components has a published end of life (endoflife.date), "
		       "none passed.",
		       total, components);
	} else if (components) {
		/* 4.1.1 covers all software components, not only the product's own releases */
		ac_set(e, ST_UNKNOWN,
		       "All %zu recorded releases have an end-of-support date, but vouch has no "
		       "end-of-support data for the %zu third-party components the product ships.",
		       total, components);
		ac_gap(e, "Declare claim 4.1.1 with the published support statement that covers "
		          "the third-party components (how long each is supported, and what "
		          "happens when one reaches its end of life).");
	} else {
		ac_set(e, ST_MET, "All %zu recorded releases have an end-of-support date.", total);
	}
	if (!with_eos) {
		ac_set(n, ST_UNKNOWN,
		       "No release has an end-of-support date to check notice against.");
		ac_gap(n, "Record end_of_support and notice_published for each release.");
	} else if (late) {
		ac_set(n, ST_NOT_MET,
		       "%zu release(s) did not get a calendar year's notice of end of support: %s.",
		       late, bad.ptr);
		ac_gap(n,
		       "Give customers at least a year's notice before each end of support; record "
		       "notice_published and notice_url.");
	} else {
		ac_set(n, ST_MET,
		       "Every release with an end-of-support date had, or still has time for, at "
		       "least a calendar year's notice.");
	}
	if (noticed)
		buf_addf(&n->argument,
		         " %zu of %zu notice dates come from records (notice files or build-log "
		         "entries written by vouch lifecycle notice)%s.",
		         recorded, noticed, recorded < noticed ? ", the rest from vouch.toml" : "");
	if (soon.len)
		buf_addf(&n->argument, " Warning: %s.", soon.ptr);
	if (tp.data && components && !tp.ended)
		buf_addf(
		        &e->argument,
		        " End-of-life data (endoflife.date) covers %zu of the %zu components, none "
		        "past its end of life.",
		        tp.known, components);
	if (tp.ending)
		buf_addf(&e->argument, " Ending within a year: %s.", tp.ending_list.ptr);
	if (publishes)
		buf_addf(&e->argument,
		         " The build log records %zu publication%s of the support periods (vouch "
		         "lifecycle publish).",
		         publishes, publishes == 1 ? "" : "s");
done:
	/*
	 * Dates typed into vouch.toml are the vendor's word: checked, but
	 * declared. 4.2.1 is observed when every notice date it judges is a record
	 * vouch wrote when the notice went out; 4.1.1 when the log shows the
	 * support periods were published.
	 */
	e->basis =
	        (publishes && total) || (tp.ended && !noeos.len) ? BASIS_OBSERVED : BASIS_DECLARED;
	n->basis = noticed && recorded == noticed ? BASIS_OBSERVED : BASIS_DECLARED;
	if (e->gap.len)
		e->gap_kind = GAP_GOVERNANCE;
	if (n->gap.len)
		n->gap_kind = GAP_GOVERNANCE;
	buf_release(&noeos);
	buf_release(&bad);
	buf_release(&soon);
	free(st);
	lifecycle_notices_release(&l);
	buf_release(&tp.ended_list);
	buf_release(&tp.ending_list);
}

const struct assess_collector assess_collector_lifecycle = { "lifecycle", "4.1.1 4.2.1",
	                                                     collect_lifecycle };
