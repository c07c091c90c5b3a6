/*
 * sbom_diff.c: `vouch sbom diff OLD NEW`, what changed between two SBOMs
 * (or anything `vouch sbom` reads), for reviewers and release gates.
 */
#include "util/compat.h"
#include "cmd/cmd.h"
#include "cmd/opt.h"
#include "cmd/ui.h"
#include "core/inventory/inventory.h"
#include "core/release/bomdiff.h"
#include "core/vulndb/db.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/fs.h"

#define DIFF_MAX_OUTPUT ((size_t)1 << 30)

static const char *const formats[] = { "table", "json", "markdown", NULL };

/* Reads one side; its unreadable inputs are named and counted. */
static int read_side(struct inventory *inv, const char *path, size_t *nerrors)
{
	if (inventory_scan(inv, path, NULL) < 0)
		inventory_diag(inv, INV_ERROR, path, 0, "%s", err_msg());
	inventory_sort(inv);
	for (size_t i = 0; i < inv->ndiags; i++) {
		const struct inv_diag *d = &inv->diags[i];

		if (d->level == INV_NOTE)
			continue;
		if (d->line)
			ui_error("%s:%zu: %s", d->path, d->line, d->msg);
		else
			ui_error("%s: %s", d->path, d->msg);
	}
	*nerrors += inv->nerrors;
	return 0;
}

static void table_row(struct buf *out, const struct bomdiff_entry *e)
{
	const char *ov = e->old_version ? e->old_version : "-";
	const char *nv = e->new_version ? e->new_version : "-";

	buf_addf(out, "  %-11s %s", bomdiff_kind_name(e->kind), ui_safe(e->name));
	switch (e->kind) {
	case BD_ADDED:
		buf_addf(out, " %s", ui_safe(nv));
		break;
	case BD_REMOVED:
		buf_addf(out, " %s", ui_safe(ov));
		break;
	case BD_HASH:
		buf_addf(out, " %s: %s ", ui_safe(nv), ui_safe(e->hash_alg));
		buf_addf(out, "%s -> ", ui_safe(e->old_hash));
		buf_adds(out, ui_safe(e->new_hash));
		break;
	case BD_LICENSE:
		buf_addf(out, " %s: ", ui_safe(nv));
		buf_addf(out, "%s -> ", ui_safe(e->old_license ? e->old_license : "(none)"));
		buf_adds(out, ui_safe(e->new_license ? e->new_license : "(none)"));
		break;
	default:
		buf_addf(out, " %s -> ", ui_safe(ov));
		buf_adds(out, ui_safe(nv));
	}
	buf_adds(out, "\n");
}

static void table(struct buf *out, const struct bomdiff *d)
{
	for (size_t i = 0; i < d->n; i++)
		table_row(out, &d->e[i]);
	for (size_t i = 0; i < d->nintroduced; i++) {
		buf_addf(out, "  %-11s %s", "vuln-new", ui_safe(d->introduced[i].id));
		buf_addf(out, " %s", d->introduced[i].level);
		buf_addf(out, " in %s", ui_safe(d->introduced[i].package));
		buf_addf(out, " %s\n",
		         ui_safe(d->introduced[i].version ? d->introduced[i].version : "-"));
	}
	for (size_t i = 0; i < d->nfixed; i++) {
		buf_addf(out, "  %-11s %s", "vuln-fixed", ui_safe(d->fixed[i].id));
		buf_addf(out, " %s", d->fixed[i].level);
		buf_addf(out, " in %s", ui_safe(d->fixed[i].package));
		buf_addf(out, " %s\n", ui_safe(d->fixed[i].version ? d->fixed[i].version : "-"));
	}
	bomdiff_summary(out, d);
	buf_addf(out, " (%zu -> %zu components)\n", d->old_total, d->new_total);
}

int cmd_sbom_diff(int argc, char **argv)
{
	const char *format = "table", *dbopt = NULL, *output = NULL;
	bool fail_hash = false;
	const struct opt_spec opts[] = {
		OPT_STRING(0, "db", &dbopt, "FILE",
		           "also list the vulnerabilities introduced and fixed, matched against "
		           "this database"),
		OPT_CHOICE('f', "format", &format, "FORMAT", formats,
		           "table (the default), json or markdown (for a pull-request comment)"),
		OPT_STRING('o', "output", &output, "FILE", "write to FILE (atomically)"),
		OPT_BOOL(0, "fail-on-hash-change", &fail_hash,
		         "exit 1 when a component's hash changed at the same version"),
		OPT_END(),
	};
	const struct opt_usage usage = {
		"vouch sbom diff",
		"[--db FILE] [--format table|json|markdown] [--output FILE] "
		"[--fail-on-hash-change] OLD NEW",
		"Compares two SBOMs (CycloneDX or SPDX JSON) or anything `vouch sbom` reads "
		"(folders, lockfiles, images): components added, removed, upgraded, downgraded, "
		"licence changes, and hashes that changed at the same version (listed first). "
		"Components are matched by purl without version. Exit 0 when the diff is shown, "
		"1 with --fail-on-hash-change when a hash changed, 3 when an input was not read "
		"in full.",
	};
	struct inventory oi = INVENTORY_INIT, ni = INVENTORY_INIT;
	struct bomdiff d = BOMDIFF_INIT;
	struct bomdiff_meta meta = { 0 };
	struct buf out = BUF_INIT_MAX(DIFF_MAX_OUTPUT), path = BUF_INIT;
	struct vulndb *db = NULL;
	size_t nerrors = 0;
	int r, code = EXIT_FAIL;

	r = opt_parse(&argc, &argv, opts, &usage);
	if (r != OPT_OK)
		return r == OPT_HELP ? EXIT_OK : EXIT_USAGE;
	if (argc != 2) {
		opt_usage_error(&usage, argc < 2 ? "OLD and NEW are needed" : "too many arguments");
		return EXIT_USAGE;
	}
	if (opt_check_paths(&usage, argc, argv) != OPT_OK)
		return EXIT_USAGE;
	if (dbopt) {
		/* a database that cannot be used would make every change look clean */
		if (buf_adds(&path, dbopt) < 0 ||
		    vulndb_open(&db, path.ptr, VULNDB_READONLY | VULNDB_ADVISORIES) < 0) {
			ui_error_last();
			goto done;
		}
	}
	read_side(&oi, argv[0], &nerrors);
	read_side(&ni, argv[1], &nerrors);
	if (bomdiff_run(&d, &oi, &ni) < 0 || (db && bomdiff_vulns(&d, &oi, &ni, db) < 0)) {
		ui_error_last();
		goto done;
	}
	for (size_t i = 0; i < d.nnotes; i++)
		ui_info("note: %s", d.notes[i]);
	meta.old_name = argv[0];
	meta.new_name = argv[1];
	if (!strcmp(format, "json"))
		r = bomdiff_json(&out, &d, &meta);
	else if (!strcmp(format, "markdown"))
		r = bomdiff_markdown(&out, &d, &meta);
	else {
		table(&out, &d);
		r = 0;
	}
	if (r < 0) {
		ui_error_last();
		goto done;
	}
	if (output && strcmp(output, "-")) {
		if (fs_write_atomic(output, out.ptr, out.len, 0644, 0) < 0) {
			ui_error_last();
			goto done;
		}
	} else if (fwrite(out.ptr, 1, out.len, stdout) != out.len) {
		ui_error("cannot write output: %s", strerror(errno));
		goto done;
	}
	code = nerrors || d.nerrors            ? EXIT_PARTIAL
	       : fail_hash && d.count[BD_HASH] ? EXIT_NEGATIVE
	                                       : EXIT_OK;
done:
	vulndb_close(db);
	bomdiff_release(&d);
	inventory_release(&oi);
	inventory_release(&ni);
	buf_release(&out);
	buf_release(&path);
	return code;
}
