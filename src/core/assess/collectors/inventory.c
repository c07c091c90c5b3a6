/*
 * inventory.c: 1.1.4, 1.2.1, 1.2.2: the inventory of the product folder.
 */
#include "util/compat.h"
#include "core/assess/collect.h"
#include "util/alloc.h"
#include "util/err.h"

static const char *prop(const struct pkg *p, const char *key)
{
	for (size_t i = 0; i < p->nprops; i++)
		if (!strcmp(p->props[i].key, key))
			return p->props[i].value;
	return NULL;
}

/* The Go standard library comes with the toolchain the go directive names: nothing to hash. */
static bool go_stdlib(const struct pkg *p)
{
	return p->purl_type && !strcmp(p->purl_type, "golang") && !p->namespace &&
	       !strcmp(p->name, "stdlib");
}

static void collect_inventory(struct assess_ctx *x)
{
	struct assessment *a = x->a;
	const char *path = x->product;
	struct inventory *inv = &x->inv;
	struct assess_result *vc = ac_res(a, "1.1.4"), *sb = ac_res(a, "1.2.1"),
	                     *ig = ac_res(a, "1.2.2");
	const char *col = "inventory";
	char *git = ac_find_git(path);
	const char *commit = a->cfg->nproducts ? a->cfg->products[0].commit : NULL;
	size_t n = 0, hashed = 0;
	struct buf missing = BUF_INIT;

	if (inventory_scan(inv, path, NULL) < 0) {
		ac_warn(a, "%s", err_msg());
		a->partial = true;
		ac_set(sb, ST_UNKNOWN, "The product folder could not be read.");
		ac_gap(sb, "Fix the path of the [[product]] in vouch.toml.");
		free(git);
		return;
	}
	inventory_sort(inv);
	for (size_t i = 0; i < inv->nfiles && i < ASSESS_MAX_LIST; i++) {
		ac_evidence(x, vc, inv->files[i].path, col);
		ac_evidence(x, sb, inv->files[i].path, col);
	}
	/*
	 * 1.1.4 asks for version control of what needs configuration control. A
	 * product without a package manager (a C project) has no lockfile to
	 * keep, so lockfiles are listed when present but never required.
	 */
	if (!git) {
		ac_set(vc, ST_NOT_MET,
		       "The product folder is not in a git work tree (no .git in "
		       "it or above it).");
		ac_gap(vc,
		       "Keep the product's source, build files and lockfiles in version control.");
	} else if (!commit) {
		ac_evidence(x, vc, git, "version-control");
		ac_set(vc, ST_NOT_MET,
		       "The product folder is in a git work tree, but its HEAD names no commit, "
		       "so nothing is under version control yet.");
		ac_gap(vc, "Commit the product's source, build files and lockfiles.");
	} else {
		ac_evidence(x, vc, git, "version-control");
		ac_set(vc, ST_MET, "The product is under git version control at commit %.12s",
		       commit);
		if (inv->nfiles)
			buf_addf(&vc->argument,
			         "; its dependencies are pinned by %zu lockfile or manifest "
			         "file(s).",
			         inv->nfiles);
		else
			buf_adds(&vc->argument, "; no package manager's lockfile or manifest was "
			                        "found, so there is none to keep.");
	}
	if (!inv->nfiles) {
		/* not met for lack of data would be as wrong as met: the product may vendor code */
		ac_set(sb, ST_UNKNOWN,
		       "No lockfile or manifest was found, so vouch cannot tell which third-party "
		       "components the product holds.");
		ac_gap(sb, "Add lockfiles for every package manager (`vouch sbom` shows what is "
		           "read), or declare the claim with the list of vendored components.");
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

		if (p->flags & (PKG_ROOT | PKG_LOCAL) || go_stdlib(p))
			continue;
		n++;
		/* a go.sum h1 digest and an action pinned to a commit (git checks the
		 * object hashes it fetches) fix the content as a hash does */
		if (p->nhashes || prop(p, "vouch:go-sum-h1") || prop(p, "vouch:actions-pinned"))
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
		           "pip --require-hashes, go.sum) for every dependency, and pin GitHub "
		           "Actions to a full commit SHA.");
	}
	buf_release(&missing);
	free(git);
}

const struct assess_collector assess_collector_inventory = { "inventory", "1.1.4 1.2.1 1.2.2",
	                                                     collect_inventory };
