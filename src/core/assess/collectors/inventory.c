/*
 * inventory.c: 1.1.4, 1.2.1, 1.2.2: the inventory of the product folder.
 */
#include "util/compat.h"
#include "core/assess/collect.h"
#include "util/alloc.h"
#include "util/err.h"

static void collect_inventory(struct assess_ctx *x)
{
	struct assessment *a = x->a;
	const char *path = x->product;
	struct inventory *inv = &x->inv;
	struct assess_result *vc = ac_res(a, "1.1.4"), *sb = ac_res(a, "1.2.1"),
	                     *ig = ac_res(a, "1.2.2");
	const char *col = "inventory";
	char *git = ac_find_git(path);
	size_t n = 0, hashed = 0;
	struct buf missing = BUF_INIT;

	if (inventory_scan(inv, path, NULL) < 0) {
		ac_warn(a, "%s", err_msg());
		a->partial = true;
		ac_set(sb, ST_UNKNOWN, "The product folder '%s' could not be read.", path);
		ac_gap(sb, "Fix the path of the [[product]] in vouch.toml.");
		free(git);
		return;
	}
	inventory_sort(inv);
	for (size_t i = 0; i < inv->nfiles && i < ASSESS_MAX_LIST; i++) {
		ac_evidence(x, vc, inv->files[i].path, col);
		ac_evidence(x, sb, inv->files[i].path, col);
	}
	if (git && inv->nfiles) {
		ac_evidence(x, vc, git, "version-control");
		ac_set(vc, ST_MET,
		       "The product is under git version control and its dependencies are pinned "
		       "by "
		       "%zu lockfile or manifest file(s).",
		       inv->nfiles);
	} else if (!inv->nfiles) {
		ac_set(vc, ST_NOT_MET, "No dependency lockfile or manifest was found under '%s'.",
		       path);
		ac_gap(vc, "Commit the lockfile of every package manager the product uses.");
	} else {
		ac_set(vc, ST_NOT_MET,
		       "'%s' is not in a git work tree (no .git in it or above it).", path);
		ac_gap(vc,
		       "Keep the product's source, build files and lockfiles in version control.");
	}
	if (!inv->nfiles) {
		ac_set(sb, ST_NOT_MET,
		       "No lockfile or manifest was found, so no SBOM can be built.");
		ac_gap(sb, "Add lockfiles for every package manager; run `vouch sbom` to check.");
	} else if (inv->nerrors) {
		size_t shown = 0;

		ac_set(sb, ST_NOT_MET,
		       "%zu of the inputs could not be read in full, so the inventory is "
		       "incomplete:",
		       inv->nerrors);
		for (size_t i = 0; i < inv->ndiags && shown < 5; i++)
			if (inv->diags[i].level == INV_ERROR) {
				buf_addf(&sb->argument, "%s %s: %s", shown++ ? ";" : "",
				         inv->diags[i].path, inv->diags[i].msg);
			}
		buf_adds(&sb->argument, ".");
		ac_gap(sb, "Fix or remove the unreadable inputs named above.");
	} else {
		ac_set(sb, ST_MET,
		       "The inventory read %zu file(s) with no error and lists %zu package(s); "
		       "`vouch sbom` exports it as CycloneDX or SPDX.",
		       inv->nfiles, inv->npkgs);
	}
	for (size_t i = 0; i < inv->npkgs; i++) {
		const struct pkg *p = inv->pkgs[i];

		if (p->flags & (PKG_ROOT | PKG_LOCAL))
			continue;
		n++;
		if (p->nhashes)
			hashed++;
		else if (n - hashed <= 10)
			buf_addf(&missing, "%s%s", n - hashed > 1 ? ", " : "", p->purl);
	}
	for (size_t i = 0; i < sb->nevidence; i++)
		ac_evidence(x, ig, sb->evidence[i].path, col);
	if (!n) {
		ac_set(ig, ST_UNKNOWN, "No third-party package was found to check.");
		ac_gap(ig, "Add the lockfiles that pin the product's dependencies.");
	} else if (hashed == n) {
		ac_set(ig, ST_MET,
		       "All %zu third-party packages are pinned with an integrity hash.", n);
	} else {
		ac_set(ig, ST_NOT_MET,
		       "%zu of %zu third-party packages (%.0f%%) are pinned with an integrity "
		       "hash; "
		       "without one: %s%s.",
		       hashed, n, 100.0 * (double)hashed / (double)n, missing.ptr,
		       n - hashed > 10 ? " and more" : "");
		ac_gap(ig, "Use lockfiles that record hashes (package-lock.json, Cargo.lock, "
		           "pip --require-hashes, go.sum) for every dependency.");
	}
	buf_release(&missing);
	free(git);
}

const struct assess_collector assess_collector_inventory = { "inventory", "1.1.4 1.2.1 1.2.2",
	                                                     collect_inventory };
