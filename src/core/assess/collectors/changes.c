/*
 * changes.c: 1.2.3, 1.2.4: what changed in the components since the
 * previous release, and whether each change was reviewed.
 *
 * The previous release's SBOM is [release] previous_sbom; the current
 * components are [release] sbom when given, else the product tree (the
 * inventory collector's). The SBOM diff (core/release/bomdiff.h) gives the
 * components added (1.2.3: each must be tested before its first deployment)
 * and those whose version changed (1.2.4: each update must be tested). A
 * change counts as reviewed when [release] reviewed lists its purl (without
 * version: any version; with one: that version). A hash that changed at the
 * same version is content changed without an update anyone could test: it
 * fails 1.2.4. Without previous_sbom the claims are left to other evidence.
 */
#include "util/compat.h"
#include "core/assess/collect.h"
#include "core/release/bomdiff.h"
#include "util/alloc.h"
#include "util/err.h"

static void listed(struct buf *b, size_t *n, const struct bomdiff_entry *e)
{
	if ((*n)++ < ASSESS_MAX_LIST)
		buf_addf(b, "%s%s %s", b->len ? ", " : "", e->name,
		         e->new_version ? e->new_version : "");
}

static void collect_changes(struct assess_ctx *x)
{
	struct assessment *a = x->a;
	const struct assess_release_policy *p = &a->cfg->release;
	struct assess_result *first = ac_res(a, "1.2.3"), *upd = ac_res(a, "1.2.4");
	struct inventory prev = INVENTORY_INIT, cur = INVENTORY_INIT;
	const struct inventory *now = &x->inv;
	struct bomdiff d = BOMDIFF_INIT;
	struct buf na = BUF_INIT, nu = BUF_INIT, nh = BUF_INIT;
	size_t nadded = 0, nupdated = 0, nhash = 0, added = 0, updated = 0;
	const char *shown;

	if (!p->previous_sbom)
		return;
	shown = ac_show(x, p->previous_sbom);
	prev.bom_occurrences = true;
	if (!ac_evidence(x, first, p->previous_sbom, "sbomdiff") ||
	    inventory_scan(&prev, p->previous_sbom, NULL) < 0 || prev.nerrors) {
		ac_warn(a, "previous release SBOM '%s' could not be read%s%s", shown,
		        prev.ndiags ? ": " : "", prev.ndiags ? prev.diags[0].msg : "");
		a->partial = true;
		ac_set(first, ST_UNKNOWN, "The previous release's SBOM '%s' could not be read.",
		       shown);
		ac_gap(first, "Fix [release] previous_sbom (the SBOM published with the previous "
		              "release).");
		ac_set(upd, ST_UNKNOWN, "The previous release's SBOM '%s' could not be read.",
		       shown);
		ac_gap(upd, "Fix [release] previous_sbom.");
		goto done;
	}
	ac_evidence(x, upd, p->previous_sbom, "sbomdiff");
	if (p->sbom) {
		cur.bom_occurrences = true;
		if (inventory_scan(&cur, p->sbom, NULL) < 0 || cur.nerrors) {
			ac_warn(a, "release SBOM '%s' could not be read", ac_show(x, p->sbom));
			a->partial = true;
		}
		inventory_sort(&cur);
		now = &cur;
		ac_evidence(x, first, p->sbom, "sbomdiff");
		ac_evidence(x, upd, p->sbom, "sbomdiff");
	}
	if (bomdiff_run(&d, &prev, now) < 0) {
		ac_warn(a, "%s", err_msg());
		goto done;
	}
	for (size_t i = 0; i < d.n; i++) {
		const struct bomdiff_entry *e = &d.e[i];
		bool rev = bomdiff_reviewed(e, (const char *const *)p->reviewed, p->nreviewed);

		if (e->kind == BD_ADDED) {
			added++;
			if (!rev)
				listed(&na, &nadded, e);
		} else if (e->kind == BD_UPGRADED || e->kind == BD_DOWNGRADED ||
		           e->kind == BD_CHANGED) {
			updated++;
			if (!rev)
				listed(&nu, &nupdated, e);
		} else if (e->kind == BD_HASH) {
			listed(&nh, &nhash, e);
		}
	}
	if (a->cfg->file) {
		ac_evidence(x, first, a->cfg->file, "vouch.toml");
		ac_evidence(x, upd, a->cfg->file, "vouch.toml");
	}
	if (nadded) {
		ac_set(first, ST_NOT_MET,
		       "Against the previous release's SBOM '%s', %zu component(s) are new, %zu of "
		       "them with no review recorded: %s%s.",
		       shown, added, nadded, na.ptr, nadded > ASSESS_MAX_LIST ? " and more" : "");
		ac_gap(first, "Test and review each new component before it ships, then list its "
		              "purl in [release] reviewed (`vouch sbom diff` lists them).");
	} else {
		ac_set(first, ST_MET,
		       "Against the previous release's SBOM '%s', %zu component(s) are new and "
		       "each "
		       "has its review recorded in [release] reviewed.",
		       shown, added);
	}
	if (nhash || nupdated) {
		ac_set(upd, ST_NOT_MET, "Against the previous release's SBOM '%s', ", shown);
		if (nhash)
			buf_addf(&upd->argument,
			         "%zu component(s) changed content without changing version "
			         "(%s%s)%s",
			         nhash, nh.ptr, nhash > ASSESS_MAX_LIST ? " and more" : "",
			         nupdated ? "; " : ".");
		if (nupdated)
			buf_addf(&upd->argument,
			         "%zu of %zu version change(s) have no review recorded: %s%s.",
			         nupdated, updated, nu.ptr,
			         nupdated > ASSESS_MAX_LIST ? " and more" : "");
		ac_gap(upd, "Find out where any component with a changed hash came from; test each "
		            "update and list its purl in [release] reviewed.");
	} else {
		ac_set(upd, ST_MET,
		       "Against the previous release's SBOM '%s', %zu component(s) changed version "
		       "and each has its review recorded in [release] reviewed; no content changed "
		       "at the same version.",
		       shown, updated);
	}
done:
	bomdiff_release(&d);
	inventory_release(&prev);
	inventory_release(&cur);
	buf_release(&na);
	buf_release(&nu);
	buf_release(&nh);
}

const struct assess_collector assess_collector_changes = { "changes", "1.2.3 1.2.4",
	                                                   collect_changes };
