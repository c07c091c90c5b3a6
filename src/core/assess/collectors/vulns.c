/*
 * vulns.c: 3.3.1, 3.3.2: the vulnerability database and the scan.
 */
#include "util/compat.h"
#include "core/assess/collect.h"
#include "util/alloc.h"
#include "util/err.h"
#include "core/match/scan.h"
#include "core/match/vex.h"
#include "core/vulndb/db.h"

static void collect_vulns(struct assess_ctx *x)
{
	struct assessment *a = x->a;
	const char *dbpath = x->dbpath;
	const struct inventory *inv = &x->inv;
	struct assess_result *k = ac_res(a, "3.3.1"), *m = ac_res(a, "3.3.2");
	const struct assess_config *c = a->cfg;
	struct vulndb *db = NULL;
	struct vulndb_stats st;
	struct scan sc = SCAN_INIT;
	struct vex vex = VEX_INIT;
	size_t open = 0;
	struct buf list = BUF_INIT;
	int y, mo, d;

	memset(&st, 0, sizeof(st));
	a->db_age_days = -1;
	if (!dbpath || vulndb_open(&db, dbpath, VULNDB_READONLY | VULNDB_ADVISORIES) < 0 ||
	    vulndb_stats(&st, db) < 0) {
		/*
		 * a database without advisories is refused too: matching against
		 * it proves nothing. The reason is the opener's own message, the
		 * path in it shown as reports show paths (never absolute).
		 */
		struct buf why = BUF_INIT;

		if (dbpath) {
			const char *m1 = err_msg(), *shown = ac_show(x, dbpath), *at;
			size_t pn = strlen(dbpath);

			buf_adds(&why, ": ");
			while (pn && (at = strstr(m1, dbpath))) {
				buf_add(&why, m1, (size_t)(at - m1));
				buf_adds(&why, shown);
				m1 = at + pn;
			}
			buf_adds(&why, m1);
		}
		ac_set(k, ST_NOT_MET, "No vulnerability database could be used%s.", why.ptr);
		buf_release(&why);
		ac_gap(k, "Run `vouch db update` (or `vouch db import`) regularly and pass --db.");
		ac_set(m, ST_UNKNOWN, "Without a vulnerability database nothing could be matched.");
		ac_gap(m, "Provide a current database so the components can be scanned.");
		goto done;
	}
	ac_evidence(x, k, dbpath, "vulndb");
	/*
	 * The data's age, not the import's: a database imported today from a
	 * feed three months old is three months out of date. The newest
	 * advisory's 'modified' is when the feed last changed.
	 */
	if (st.newest_modified && strlen(st.newest_modified) >= 10 &&
	    ac_parse_ymd(st.newest_modified, &y, &mo, &d))
		a->db_age_days = a->now / 86400 - assess_days(y, mo, d);
	if (a->db_age_days < 0) {
		ac_set(k, ST_UNKNOWN, "The database holds no advisory with a 'modified' date%s.",
		       st.advisories ? " that is not in the future" : "");
		ac_gap(k, "Update it from a current feed (`vouch db update`).");
	} else if (a->db_age_days > ASSESS_DB_MAX_AGE_DAYS) {
		ac_set(k, ST_NOT_MET,
		       "The newest of the %zu advisories in the vulnerability database was "
		       "modified %" PRId64 " days ago (%.10s), more than %d: the data is not "
		       "current%s%.10s%s.",
		       st.advisories, a->db_age_days, st.newest_modified, ASSESS_DB_MAX_AGE_DAYS,
		       st.updated ? ", whenever it was imported (last import " : "",
		       st.updated ? st.updated : "", st.updated ? ")" : "");
		ac_gap(k, "Update it from the live feed at least weekly (`vouch db update`).");
	} else if (!inv->npkgs) {
		ac_set(k, ST_NOT_MET,
		       "The database is current but there are no components to match.");
		ac_gap(k, "Add lockfiles so the components can be matched.");
	} else {
		ac_set(k, ST_MET,
		       "The %zu components were matched against a database of %zu advisories "
		       "updated "
		       "%" PRId64 " day(s) ago.",
		       inv->npkgs, st.advisories, a->db_age_days);
	}
	if (scan_add_inventory(&sc, inv) < 0 || scan_run(&sc, db) < 0) {
		ac_warn(a, "%s", err_msg());
		ac_set(m, ST_UNKNOWN, "The scan could not run.");
		ac_gap(m, "See the warnings.");
		goto done;
	}
	for (size_t i = 0; i < c->nvex; i++) {
		if (vex_load(&vex, c->vex[i]) < 0) {
			ac_warn(a, "%s", err_msg());
			a->partial = true;
		} else
			ac_evidence(x, m, c->vex[i], "vex");
	}
	scan_apply_vex(&sc, &vex);
	for (size_t i = 0; i < sc.nfindings; i++) {
		const struct finding *f = &sc.findings[i];

		if (f->vex != VEX_NONE)
			continue;
		if (open++ < 10)
			buf_addf(&list, "%s%s in %s %s", open > 1 ? ", " : "", f->id,
			         sc.pkgs[f->pkg].name, sc.pkgs[f->pkg].version);
	}
	if (!sc.npkgs) {
		/* a scan of nothing finds nothing: that is no evidence of management */
		ac_set(m, ST_UNKNOWN,
		       "There are no components to scan, so nothing shows how "
		       "vulnerabilities are assessed and prioritised.");
		ac_gap(m, "Add the lockfiles that pin the product's components, or declare the "
		          "claim with the vulnerability management plan.");
	} else if (!sc.nfindings && sc.nerrors) {
		/* components not checked are not clean: no finding proves nothing about them */
		const char *why = "some components could not be matched against the database";

		for (size_t i = 0; i < sc.nnotes; i++) {
			if (sc.notes[i].error) {
				why = sc.notes[i].msg;
				break;
			}
		}
		ac_set(m, ST_UNKNOWN, "The scan found nothing but is incomplete: %s.", why);
		ac_gap(m, "Cover every ecosystem of the components in the database and make each "
		          "component's version known.");
	} else if (!sc.nfindings)
		ac_set(m, ST_MET, "The scan of %zu components found no known vulnerability.",
		       sc.npkgs);
	else if (!open)
		ac_set(m, ST_MET,
		       "All %zu findings of the scan carry a VEX triage decision (status and "
		       "justification).",
		       sc.nfindings);
	else {
		ac_set(m, ST_NOT_MET, "%zu of %zu findings are neither fixed nor triaged: %s%s.",
		       open, sc.nfindings, list.ptr, open > 10 ? " and more" : "");
		ac_gap(m, "Upgrade the affected packages, or record a VEX statement for each "
		          "(OpenVEX) and "
		          "list the files in [evidence] vex.");
	}
done:
	buf_release(&list);
	vex_release(&vex);
	scan_release(&sc);
	vulndb_stats_release(&st);
	vulndb_close(db);
}

const struct assess_collector assess_collector_vulns = { "vulns", "3.3.1 3.3.2", collect_vulns };
