/*
 * scan.c: `vouch scan`, components against the offline vulnerability database.
 */
#include "util/compat.h"
#include "cmd/cmd.h"
#include "cmd/opt.h"
#include "cmd/ui.h"
#include "core/inventory/inventory.h"
#include "core/match/report.h"
#include "core/match/scan.h"
#include "core/match/vex.h"
#include "core/vulndb/db.h"
#include "util/buf.h"
#include "util/err.h"

#ifndef VOUCH_VERSION
#define VOUCH_VERSION "0.0.0-dev"
#endif

static const char *sev_color(enum cvss_severity s)
{
	switch (s) {
	case CVSS_SEV_CRITICAL:
		return "\033[1;31m";
	case CVSS_SEV_HIGH:
		return "\033[31m";
	case CVSS_SEV_MEDIUM:
		return "\033[33m";
	case CVSS_SEV_LOW:
		return "\033[36m";
	default:
		return "\033[2m";
	}
}

static void table_finding(struct buf *out, const struct finding *f, bool color)
{
	char score[5];

	report_score(score, f->score10);
	buf_addf(out, "  %s%-8s%s %4s  %-20s", color ? sev_color(f->level) : "",
	         cvss_severity_name(f->level), color ? "\033[0m" : "", score[0] ? score : "-",
	         ui_safe(f->id));
	if (f->nfixed) {
		buf_adds(out, "  fixed in ");
		for (size_t k = 0; k < f->nfixed; k++)
			buf_addf(out, "%s%s", k ? ", " : "", ui_safe(f->fixed[k]));
	} else {
		buf_adds(out, "  no fix");
	}
	if (f->naliases) {
		buf_adds(out, "  (");
		for (size_t k = 0; k < f->naliases && k < 4; k++)
			buf_addf(out, "%s%s", k ? ", " : "", ui_safe(f->aliases[k]));
		buf_adds(out, f->naliases > 4 ? ", ...)" : ")");
	}
	buf_addch(out, '\n');
	if (f->summary)
		buf_addf(out, "      %.110s\n", ui_safe(f->summary));
	for (size_t k = 0; k < f->nmatches; k++)
		buf_addf(out, "      %s affected[%d] (%s): %s\n", ui_safe(f->matches[k].advisory),
		         f->matches[k].index, ui_safe(f->matches[k].ecosystem),
		         ui_safe(f->matches[k].why));
	if (f->vex)
		buf_addf(out, "      VEX %s%s%s%s%s\n", vex_status_name(f->vex),
		         f->vex_justification ? ": " : "",
		         f->vex_justification ? ui_safe(f->vex_justification) : "",
		         f->vex_statement ? " - " : "",
		         f->vex_statement ? ui_safe(f->vex_statement) : "");
}

static void report_table(struct buf *out, const struct scan *sc, const struct report_meta *m,
                         bool color)
{
	size_t active = 0, suppressed = 0, pkgs_hit = 0;

	for (size_t i = 0; i < sc->nfindings; i++) {
		if (sc->findings[i].suppressed)
			suppressed++;
		else
			active++;
		if (!i || sc->findings[i].pkg != sc->findings[i - 1].pkg)
			pkgs_hit++;
	}
	buf_addf(out, "%zu finding%s in %zu of %zu packages", active, active == 1 ? "" : "s",
	         pkgs_hit, sc->npkgs);
	if (suppressed)
		buf_addf(out, ", %zu suppressed by VEX", suppressed);
	buf_addf(out, "\ndatabase %s, updated %s", ui_safe(m->db_path),
	         m->db_updated ? ui_safe(m->db_updated) : "?");
	if (m->db_age_days >= 0)
		buf_addf(out, " (%" PRId64 " day%s ago)", m->db_age_days,
		         m->db_age_days == 1 ? "" : "s");
	buf_addf(out, ", newest advisory %s\n", m->db_newest ? ui_safe(m->db_newest) : "?");
	for (size_t i = 0; i < sc->nfindings;) {
		const struct scan_pkg *p = &sc->pkgs[sc->findings[i].pkg];
		size_t end = i;

		while (end < sc->nfindings && sc->findings[end].pkg == sc->findings[i].pkg)
			end++;
		buf_addf(out, "\n%s%s %s%s (%s)", color ? "\033[1m" : "", ui_safe(p->name),
		         ui_safe(p->version), color ? "\033[0m" : "", ui_safe(p->ecosystem));
		for (size_t k = 0; k < p->nlocs && k < 3; k++) {
			if (p->locs[k].line)
				buf_addf(out, "  %s:%zu", ui_safe(p->locs[k].path),
				         p->locs[k].line);
			else
				buf_addf(out, "  %s", ui_safe(p->locs[k].path));
			/* "sha256:" and 12 hex digits, as docker shows layer ids */
			if (p->locs[k].layer)
				buf_addf(out, " (layer %.19s)", ui_safe(p->locs[k].layer));
		}
		if (p->nlocs > 3)
			buf_addf(out, "  (+%zu more)", p->nlocs - 3);
		buf_addch(out, '\n');
		for (size_t k = i; k < end; k++)
			if (!sc->findings[k].suppressed)
				table_finding(out, &sc->findings[k], color);
		for (size_t k = i; k < end; k++) {
			if (!sc->findings[k].suppressed)
				continue;
			buf_adds(out, "  suppressed:\n");
			table_finding(out, &sc->findings[k], color);
		}
		if (p->upgrade)
			buf_addf(out, "  upgrade to %s clears all findings of this package\n",
			         ui_safe(p->upgrade));
		else if (p->upgrade_none)
			buf_adds(out, "  no fixed version clears all findings of this package\n");
		i = end;
	}
}

static int db_path(struct buf *out, const char *opt)
{
	if (opt)
		return buf_adds(out, opt);
	return vulndb_default_path(out);
}

int cmd_scan(int argc, char **argv)
{
	const char *dbopt = NULL, *format = "table", *fail_on = "none";
	static const char *const formats[] = { "table", "json", "sarif", "cyclonedx", NULL };
	static const char *const levels[] = { "none", "low", "medium", "high", "critical", NULL };
	struct strlist vexfiles = STRLIST_INIT;
	const struct opt_spec opts[] = {
		OPT_STRING(0, "db", &dbopt, "FILE",
		           "the database (default $VOUCH_DB or the cache)"),
		OPT_CHOICE(0, "format", &format, "FORMAT", formats,
		           "table (default), json, sarif or cyclonedx"),
		OPT_LIST(0, "vex", &vexfiles, "FILE",
		         "apply an OpenVEX or CycloneDX VEX document (repeatable)"),
		OPT_CHOICE(0, "fail-on", &fail_on, "LEVEL", levels,
		           "exit 1 when a finding not suppressed is at or above LEVEL"),
		OPT_END(),
	};
	const struct opt_usage usage = {
		"vouch scan",
		"[--db FILE] [--format table|json|sarif|cyclonedx] [--vex FILE]... [--fail-on "
		"LEVEL] "
		"TARGET...",
		"Matches packages against the offline OSV database. A TARGET is a CycloneDX or "
		"SPDX\n"
		"JSON SBOM, or anything 'vouch sbom' reads (folders, lockfiles, package "
		"databases).",
	};
	struct buf path = BUF_INIT, out = BUF_INIT;
	struct vulndb *db = NULL;
	struct vulndb_stats st = { 0 };
	struct scan sc = SCAN_INIT;
	struct inventory inv = INVENTORY_INIT;
	struct vex vex = VEX_INIT;
	struct report_meta meta = { 0 };
	char now[21];
	int r, code = EXIT_OK;
	enum cvss_severity threshold;

	r = opt_parse(&argc, &argv, opts, &usage);
	if (r != OPT_OK)
		return r == OPT_HELP ? EXIT_OK : EXIT_USAGE;
	if (argc < 1) {
		opt_usage_error(&usage, "no TARGET given");
		strlist_release(&vexfiles);
		return EXIT_USAGE;
	}
	/* a mistyped TARGET is refused before the database is opened or anything printed */
	if (opt_check_paths(&usage, argc, argv) != OPT_OK) {
		strlist_release(&vexfiles);
		return EXIT_USAGE;
	}
	threshold = strcmp(fail_on, "none") ? cvss_severity_parse(fail_on, strlen(fail_on))
	                                    : CVSS_SEV_UNKNOWN;

	/* VEX documents are read first: a bad one is a usage-level error, nothing is scanned */
	for (size_t i = 0; i < vexfiles.n; i++) {
		if (vex_load(&vex, vexfiles.v[i]) < 0) {
			ui_error("%s", err_msg());
			code = EXIT_USAGE;
			goto done;
		}
	}
	/* a missing or empty database would make every scan look clean: refused */
	if (db_path(&path, dbopt) < 0 ||
	    vulndb_open(&db, path.ptr, VULNDB_READONLY | VULNDB_ADVISORIES) < 0 ||
	    vulndb_stats(&st, db) < 0) {
		ui_error_last();
		code = EXIT_FAIL;
		goto done;
	}
	/* one reader for every target: SBOMs go through the inventory's extractors too */
	inv.bom_occurrences = true;
	for (int i = 0; i < argc; i++) {
		if (inventory_scan(&inv, argv[i], NULL) < 0) {
			ui_error_last();
			code = EXIT_PARTIAL;
		}
	}
	inventory_sort(&inv);
	scan_add_inventory(&sc, &inv);
	if (scan_run(&sc, db) < 0) {
		ui_error_last();
		code = EXIT_FAIL;
		goto done;
	}
	scan_apply_vex(&sc, &vex);
	for (size_t i = 0; i < sc.nnotes; i++) {
		if (sc.notes[i].error)
			ui_error("%s", sc.notes[i].msg);
		else
			ui_info("note: %s", sc.notes[i].msg);
	}
	if (sc.nerrors)
		code = EXIT_PARTIAL;

	vulndb_now(now);
	meta.tool_version = VOUCH_VERSION;
	meta.db_path = path.ptr;
	meta.db_updated = st.updated;
	meta.db_newest = st.newest_modified;
	meta.db_age_days = st.updated ? vulndb_days_since(st.updated) : -1;
	meta.now = now;
	meta.targets = (const char *const *)argv;
	meta.ntargets = (size_t)argc;
	if (!strcmp(format, "json"))
		r = report_json(&out, &sc, &meta);
	else if (!strcmp(format, "sarif"))
		r = report_sarif(&out, &sc, &meta);
	else if (!strcmp(format, "cyclonedx"))
		r = report_cyclonedx(&out, &sc, &meta);
	else {
		report_table(&out, &sc, &meta, ui_color());
		r = 0;
	}
	if (r < 0) {
		code = ui_error_last();
		goto done;
	}
	fwrite(out.ptr, 1, out.len, stdout);
	if (code == EXIT_OK && threshold != CVSS_SEV_UNKNOWN) {
		for (size_t i = 0; i < sc.nfindings; i++) {
			const struct finding *f = &sc.findings[i];

			/* a finding of unknown severity fails any threshold: never pass silently */
			if (!f->suppressed &&
			    (f->level >= threshold || f->level == CVSS_SEV_UNKNOWN)) {
				code = EXIT_NEGATIVE;
				break;
			}
		}
	}
done:
	vex_release(&vex);
	scan_release(&sc);
	inventory_release(&inv);
	vulndb_stats_release(&st);
	vulndb_close(db);
	strlist_release(&vexfiles);
	buf_release(&path);
	buf_release(&out);
	return code;
}
