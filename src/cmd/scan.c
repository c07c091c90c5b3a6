/*
 * scan.c: `vouch scan`, components against the offline vulnerability database.
 */
#include "util/compat.h"
#include "cmd/cmd.h"
#include "cmd/opt.h"
#include "cmd/ui.h"
#include "core/inventory/inventory.h"
#include "core/match/ignore.h"
#include "core/match/report.h"
#include "core/match/scan.h"
#include "core/match/vex.h"
#include "core/vulndb/db.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/epoch.h"
#include "util/heapwarm.h"

#include <malloc.h>
#include <sys/stat.h>
#include <unistd.h>

/* the heap's part made of huge pages (util/heapwarm.h): address space, touched as used */
#define SCAN_HUGE_RESERVE ((size_t)64 << 20)

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

static void table_finding(struct buf *out, const struct finding *f, bool color, bool explain)
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
	for (size_t k = 0; explain && k < f->nmatches; k++)
		buf_addf(out, "      %s affected[%d] (%s): %s\n", ui_safe(f->matches[k].advisory),
		         f->matches[k].index, ui_safe(f->matches[k].ecosystem),
		         ui_safe(f->matches[k].why));
	if (explain && f->level_from)
		buf_addf(out, "      severity from %s, an advisory of the same vulnerability\n",
		         ui_safe(f->level_from));
	if (f->ignore_reason)
		buf_addf(out, "      ignored (%s%s%s): %s\n", ui_safe(f->ignore_source),
		         f->ignore_expires ? ", until " : "",
		         f->ignore_expires ? ui_safe(f->ignore_expires) : "",
		         ui_safe(f->ignore_reason));
	if (f->vex)
		buf_addf(out, "      VEX %s%s%s%s%s\n", vex_status_name(f->vex),
		         f->vex_justification ? ": " : "",
		         f->vex_justification ? ui_safe(f->vex_justification) : "",
		         f->vex_statement ? " - " : "",
		         f->vex_statement ? ui_safe(f->vex_statement) : "");
}

static void report_table(struct buf *out, const struct scan *sc, const struct report_meta *m,
                         bool color, bool explain)
{
	size_t active = 0, suppressed = 0, ignored = 0, pkgs_hit = 0;

	for (size_t i = 0; i < sc->nfindings; i++) {
		if (sc->findings[i].ignore_reason)
			ignored++;
		else if (sc->findings[i].suppressed)
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
	if (ignored)
		buf_addf(out, ", %zu ignored", ignored);
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
				table_finding(out, &sc->findings[k], color, explain);
		for (size_t k = i; k < end; k++) {
			if (!sc->findings[k].suppressed)
				continue;
			buf_adds(out, "  suppressed:\n");
			table_finding(out, &sc->findings[k], color, explain);
		}
		if (p->upgrade)
			buf_addf(out, "  upgrade to %s clears all findings of this package\n",
			         ui_safe(p->upgrade));
		else if (p->upgrade_none)
			buf_adds(out, "  no fixed version clears all findings of this package\n");
		i = end;
	}
	if (sc->neol)
		buf_addf(out, "\nend of life: %zu component%s past or within a year of it\n",
		         sc->neol, sc->neol == 1 ? "" : "s");
	for (size_t i = 0; i < sc->neol; i++) {
		const struct scan_eol *e = &sc->eol[i];
		const struct scan_pkg *p = &sc->pkgs[e->pkg];

		buf_addf(out, "  %s %s: %s %s ", ui_safe(p->name), ui_safe(p->version),
		         ui_safe(e->product), ui_safe(e->cycle));
		if (!e->eol)
			buf_adds(out, "has reached its end of life");
		else if (e->ended)
			buf_addf(out, "reached its end of life on %s", ui_safe(e->eol));
		else
			buf_addf(out, "reaches its end of life on %s (in %" PRId64 " days)",
			         ui_safe(e->eol), e->days);
		if (e->latest)
			buf_addf(out, "; the cycle's latest is %s", ui_safe(e->latest));
		buf_addch(out, '\n');
	}
}

static int db_path(struct buf *out, const char *opt)
{
	if (opt)
		return buf_adds(out, opt);
	return vulndb_default_path(out);
}

/* Standard input as a target: an SBOM (CycloneDX or SPDX JSON), recognised by its content. */
static int read_stdin(struct inventory *inv)
{
	struct buf data = BUF_INIT_MAX(INVENTORY_MAX_FILE);
	const struct extractor *const *list;
	const struct extractor *e = NULL;
	size_t n;

	if (isatty(0)) {
		buf_release(&data);
		return err_set(ERR_USAGE, "'-' reads an SBOM from standard input, which is a "
		                          "terminal: pipe one in (vouch sbom . | vouch scan -)");
	}
	if (buf_read_fd(&data, 0, "standard input") < 0) {
		buf_release(&data);
		return -1;
	}
	list = extractors_list(&n);
	for (size_t i = 0; i < n && !e; i++)
		if (list[i]->sniff && list[i]->sniff(data.ptr, data.len))
			e = list[i];
	if (e)
		inventory_read_as(inv, e, "-", "-", data.ptr, data.len, NULL);
	else
		inventory_diag(inv, INV_ERROR, "-", 0,
		               "standard input is not a CycloneDX or SPDX JSON document: not read");
	buf_release(&data);
	return 0;
}

/* Reads an ignore file; its errors are printed and make the run partial. */
static int load_ignore(struct ignore *ig, const char *path)
{
	int code = EXIT_OK;
	size_t before = ig->nerrors;

	if (ignore_load(ig, path) < 0) {
		ui_error_last();
		code = EXIT_PARTIAL;
	}
	for (size_t i = before; i < ig->nerrors; i++) {
		ui_error("%s", ig->errors[i]);
		code = EXIT_PARTIAL;
	}
	return code;
}

int cmd_scan(int argc, char **argv)
{
	const char *dbopt = NULL, *format = "table", *fail_on = "none", *output = NULL;
	static const char *const formats[] = { "table", "json", "sarif", "cyclonedx", NULL };
	struct strlist vexfiles = STRLIST_INIT, ignorefiles = STRLIST_INIT;
	bool fail_unknown = false, only_fixed = false, explain = false, stdin_read = false;
	const struct opt_spec opts[] = {
		OPT_STRING(0, "db", &dbopt, "FILE",
		           "the database (default $VOUCH_DB or the cache)"),
		OPT_CHOICE(0, "format", &format, "FORMAT", formats,
		           "table (default), json, sarif or cyclonedx"),
		OPT_STRING('o', "output", &output, "FILE",
		           "write the report to FILE (replaced atomically; - for stdout)"),
		OPT_LIST(0, "vex", &vexfiles, "FILE",
		         "apply an OpenVEX or CycloneDX VEX document (repeatable)"),
		OPT_LIST(0, "ignore", &ignorefiles, "FILE",
		         "apply an ignore file (repeatable; default: .vouchignore.toml of each "
		         "folder TARGET)"),
		OPT_STRING(0, "fail-on", &fail_on, "LEVEL",
		           "exit 1 when a finding not suppressed is at or above LEVEL, in any case "
		           "(one of none, low, "
		           "medium, high, critical)"),
		OPT_BOOL(0, "fail-on-unknown", &fail_unknown,
		         "exit 1 when a finding not suppressed has no known severity"),
		OPT_BOOL(0, "only-fixed", &only_fixed,
		         "report only findings that have a fixed version"),
		OPT_BOOL(0, "explain", &explain,
		         "show why each finding matches (affected entries, borrowed severity)"),
		OPT_END(),
	};
	const struct opt_usage usage = {
		"vouch scan",
		"[--db FILE] [--format FORMAT] [-o FILE] [--vex FILE]... [--ignore FILE]... "
		"[--fail-on LEVEL] [--fail-on-unknown] [--only-fixed] [--explain] TARGET...",
		"Matches packages against the offline OSV database. A TARGET is a CycloneDX or "
		"SPDX\n"
		"JSON SBOM, or anything 'vouch sbom' reads (folders, lockfiles, package "
		"databases);\n"
		"- reads an SBOM from standard input.",
	};
	struct buf path = BUF_INIT, out = BUF_INIT;
	struct vulndb *db = NULL;
	struct vulndb_stats st = { 0 };
	struct scan sc = SCAN_INIT;
	struct inventory inv = INVENTORY_INIT;
	struct vex vex = VEX_INIT;
	struct ignore ig = IGNORE_INIT;
	struct report_meta meta = { 0 };
	char now[21];
	int64_t today = 0;
	int r, code = EXIT_OK;
	enum cvss_severity threshold = CVSS_SEV_UNKNOWN;
	size_t unknown = 0;

	r = opt_parse(&argc, &argv, opts, &usage);
	if (r != OPT_OK) {
		code = r == OPT_HELP ? EXIT_OK : EXIT_USAGE;
		goto done;
	}
	if (argc < 1) {
		opt_usage_error(&usage, "no TARGET given");
		code = EXIT_USAGE;
		goto done;
	}
	if (strcasecmp(fail_on, "none") &&
	    (threshold = cvss_severity_parse(fail_on, strlen(fail_on))) == CVSS_SEV_UNKNOWN) {
		opt_usage_error(
		        &usage,
		        "--fail-on: '%s' is not a level (none, low, medium, high, critical)",
		        ui_safe(fail_on));
		code = EXIT_USAGE;
		goto done;
	}
	/* syft's -o FORMAT=FILE is not taken for a file name that looks like one */
	if (output && strchr(output, '=') && !strchr(output, '/') &&
	    strspn(output, "abcdefghijklmnopqrstuvwxyz-") ==
	            (size_t)(strchr(output, '=') - output)) {
		opt_usage_error(&usage,
		                "-o takes a FILE; choose the format with --format (not "
		                "'%s')",
		                ui_safe(output));
		code = EXIT_USAGE;
		goto done;
	}
	for (int i = 0, n = 0; i < argc; i++) {
		if (strcmp(argv[i], "-"))
			continue;
		if (++n > 1) {
			opt_usage_error(&usage, "'-' (standard input) given more than once");
			code = EXIT_USAGE;
			goto done;
		}
	}
	/* a mistyped TARGET is refused before the database is opened or anything printed */
	if (opt_check_paths(&usage, argc, argv) != OPT_OK) {
		code = EXIT_USAGE;
		goto done;
	}

	/* VEX documents are read first: a bad one is a usage-level error, nothing is scanned */
	for (size_t i = 0; i < vexfiles.n; i++) {
		if (vex_load(&vex, vexfiles.v[i]) < 0) {
			ui_error("%s", err_msg());
			code = EXIT_USAGE;
			goto done;
		}
	}
	/* ignore files: given ones, else each folder target's own; a bad entry is not applied */
	for (size_t i = 0; i < ignorefiles.n; i++)
		if (load_ignore(&ig, ignorefiles.v[i]) != EXIT_OK)
			code = EXIT_PARTIAL;
	for (int i = 0; !ignorefiles.n && i < argc; i++) {
		struct buf f = BUF_INIT;
		struct stat sb;

		if (stat(argv[i], &sb) == 0 && S_ISDIR(sb.st_mode)) {
			buf_addf(&f, "%s/%s", argv[i], IGNORE_FILE_NAME);
			if (lstat(f.ptr, &sb) == 0 && load_ignore(&ig, f.ptr) != EXIT_OK)
				code = EXIT_PARTIAL;
		}
		buf_release(&f);
	}
	/*
	 * The database's pages, the advisories and the inventory are all fresh
	 * memory, and on a virtual machine a first touch of a page is dear
	 * (util/heapwarm.h): blocks under 2 MiB come from the heap, made of
	 * huge pages where the system gives them (7,000 page faults to 340 on
	 * the 2,179 packages of bench/sbom against the OSV corpus).
	 */
	mallopt(M_MMAP_THRESHOLD, 2 << 20);
	(void)heapwarm_huge(SCAN_HUGE_RESERVE);
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
		if (!strcmp(argv[i], "-") && !stdin_read) {
			stdin_read = true;
			r = read_stdin(&inv);
		} else {
			r = inventory_scan(&inv, argv[i], NULL);
		}
		if (r < 0) {
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
	if (epoch_now(&today) < 0 || scan_run_eol(&sc, db, today / 86400) < 0) {
		ui_error_last();
		code = EXIT_FAIL;
		goto done;
	}
	scan_apply_vex(&sc, &vex);
	vulndb_now(now);
	scan_apply_ignore(&sc, &ig, now);
	if (only_fixed) {
		size_t dropped = scan_drop_unfixed(&sc);

		if (dropped)
			scan_note(&sc, false,
			          "%zu finding%s without a fixed version not reported "
			          "(--only-fixed)",
			          dropped, dropped == 1 ? "" : "s");
	}
	for (size_t i = 0; i < sc.nfindings; i++)
		unknown += !sc.findings[i].suppressed && sc.findings[i].level == CVSS_SEV_UNKNOWN;
	if (unknown && threshold != CVSS_SEV_UNKNOWN && !fail_unknown)
		scan_note(&sc, false,
		          "%zu finding%s of unknown severity not counted by --fail-on "
		          "(--fail-on-unknown counts them)",
		          unknown, unknown == 1 ? "" : "s");
	for (size_t i = 0; i < sc.nnotes; i++) {
		if (sc.notes[i].error)
			ui_error("%s", sc.notes[i].msg);
		else
			ui_info("note: %s", sc.notes[i].msg);
	}
	if (sc.nerrors)
		code = EXIT_PARTIAL;

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
		report_table(&out, &sc, &meta, !output && ui_color(), explain);
		r = 0;
	}
	if (r < 0) {
		code = ui_error_last();
		goto done;
	}
	if (output && strcmp(output, "-")) {
		if (fs_write_atomic(output, out.ptr, out.len, 0644, 0) < 0) {
			ui_error_last();
			code = EXIT_FAIL;
			goto done;
		}
	} else {
		fwrite(out.ptr, 1, out.len, stdout);
	}
	if (code == EXIT_OK) {
		for (size_t i = 0; i < sc.nfindings; i++) {
			const struct finding *f = &sc.findings[i];

			if (f->suppressed)
				continue;
			if ((f->level == CVSS_SEV_UNKNOWN && fail_unknown) ||
			    (f->level != CVSS_SEV_UNKNOWN && threshold != CVSS_SEV_UNKNOWN &&
			     f->level >= threshold)) {
				code = EXIT_NEGATIVE;
				break;
			}
		}
	}
done:
	vex_release(&vex);
	ignore_release(&ig);
	scan_release(&sc);
	inventory_release(&inv);
	vulndb_stats_release(&st);
	vulndb_close(db);
	strlist_release(&vexfiles);
	strlist_release(&ignorefiles);
	buf_release(&path);
	buf_release(&out);
	return code;
}
