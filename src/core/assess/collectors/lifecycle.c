/*
 * lifecycle.c: 4.1.1, 4.2.1: releases, end of support and notice.
 */
#include "util/compat.h"
#include "core/assess/collect.h"
#include "util/alloc.h"
#include "util/err.h"

static void collect_lifecycle(struct assess_ctx *x)
{
	struct assessment *a = x->a;
	struct assess_result *e = ac_res(a, "4.1.1"), *n = ac_res(a, "4.2.1");
	const struct assess_config *c = a->cfg;
	int64_t today = a->now / 86400;
	size_t total = 0, with_eos = 0, late = 0;
	struct buf noeos = BUF_INIT, bad = BUF_INIT, soon = BUF_INIT;

	for (size_t i = 0; i < c->nproducts; i++) {
		const struct assess_product *p = &c->products[i];

		for (size_t k = 0; k < p->nreleases; k++) {
			const struct assess_release *r = &p->releases[k];
			int64_t due;
			char dd[16], ed[16], nd[16];

			total++;
			if (r->notice_url)
				ac_uri(n, r->notice_url, "vouch.toml");
			if (r->end_of_support < 0) {
				buf_addf(&noeos, "%s%s %s", noeos.len ? ", " : "", p->name,
				         r->version);
				continue;
			}
			with_eos++;
			due = r->end_of_support - ASSESS_NOTICE_DAYS;
			assess_date_text(dd, due);
			assess_date_text(ed, r->end_of_support);
			if (r->notice_published >= 0 && r->notice_published <= due)
				continue;
			if (r->notice_published >= 0) {
				assess_date_text(nd, r->notice_published);
				late++;
				buf_addf(&bad,
				         "%s%s %s: notice published %s, only %" PRId64
				         " days before its end of support on %s; it was due by %s",
				         bad.len ? "; " : "", p->name, r->version, nd,
				         r->end_of_support - r->notice_published, ed, dd);
			} else if (today > due) {
				late++;
				buf_addf(&bad,
				         "%s%s %s: no notice recorded; end of support on %s, "
				         "notice was "
				         "due by %s",
				         bad.len ? "; " : "", p->name, r->version, ed, dd);
			} else if (due - today <= ASSESS_WARN_DAYS) {
				buf_addf(&soon,
				         "%s%s %s: notice due by %s (%" PRId64 " days from now)",
				         soon.len ? "; " : "", p->name, r->version, dd,
				         due - today);
			}
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
	} else {
		ac_set(e, ST_MET, "All %zu recorded releases have an end-of-support date.", total);
	}
	if (!with_eos) {
		ac_set(n, ST_UNKNOWN,
		       "No release has an end-of-support date to check notice against.");
		ac_gap(n, "Record end_of_support and notice_published for each release.");
	} else if (late) {
		ac_set(n, ST_NOT_MET,
		       "%zu release(s) did not get 365 days' notice of end of support: %s.", late,
		       bad.ptr);
		ac_gap(n,
		       "Give customers at least a year's notice before each end of support; record "
		       "notice_published and notice_url.");
	} else {
		ac_set(n, ST_MET,
		       "Every release with an end-of-support date had, or still has time for, at "
		       "least "
		       "365 days' notice.");
	}
	if (soon.len)
		buf_addf(&n->argument, " Warning: %s.", soon.ptr);
done:
	buf_release(&noeos);
	buf_release(&bad);
	buf_release(&soon);
}

const struct assess_collector assess_collector_lifecycle = { "lifecycle", "4.1.1 4.2.1",
	                                                     collect_lifecycle };
