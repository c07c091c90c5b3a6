/*
 * inv_helper.h: helpers for the extractor suites (test_inv_*.c): read a
 * corpus fixture with one extractor, find packages, describe an inventory
 * as text lines that tests compare whole.
 */
#ifndef VOUCH_INV_HELPER_H
#define VOUCH_INV_HELPER_H

#include "util/compat.h"
#include "harness.h"
#include "core/inventory/inventory.h"
#include "util/buf.h"
#include "util/err.h"

#include <dirent.h>
#include <sys/stat.h>

/* Reads $CORPUS/lockfiles/REL with the extractor named ex (not on disk: no relatives). */
static inline void read_fixture(struct inventory *inv, const char *ex, const char *rel)
{
	const char *corpus = need_corpus();
	struct buf path = BUF_INIT, data = BUF_INIT;
	const struct extractor *e = extractor_find(ex);

	CHECK(e != NULL);
	buf_addf(&path, "%s/lockfiles/%s", corpus, rel);
	CHECK_OK(buf_read_file(&data, path.ptr));
	CHECK_OK(inventory_read_as(inv, e, rel, rel, data.ptr, data.len, NULL));
	buf_release(&path);
	buf_release(&data);
}

/* Scans a file or folder on disk with inventory_scan (kind forced when not NULL). */
static inline void scan_path(struct inventory *inv, const char *path, const char *kind)
{
	struct inventory_opts o = { 0 };

	o.force_kind = kind;
	CHECK_OK(inventory_scan(inv, path, &o));
}

static inline const struct pkg *find_pkg(const struct inventory *inv, const char *purl)
{
	for (size_t i = 0; i < inv->npkgs; i++)
		if (!strcmp(inv->pkgs[i]->purl, purl))
			return inv->pkgs[i];
	return NULL;
}

static inline const char *pkg_prop(const struct pkg *p, const char *key)
{
	for (size_t i = 0; i < p->nprops; i++)
		if (!strcmp(p->props[i].key, key))
			return p->props[i].value;
	return NULL;
}

static inline void flags_str(struct buf *b, unsigned f)
{
	static const char *const names[] = { "direct",  "transitive", "dev",  "optional",  "peer",
		                             "bundled", "local",      "root", "unresolved" };
	bool any = false;

	for (size_t i = 0; i < ARRAY_SIZE(names); i++)
		if (f & (1u << i)) {
			buf_addf(b, "%s%s", any ? "," : "", names[i]);
			any = true;
		}
	if (!any)
		buf_adds(b, "-");
}

/*
 * One line per package: "PURL FLAGS LINE" (line of the first location),
 * sorted by purl; then "dep FROM -> TO" lines.
 */
static inline void describe(struct buf *out, struct inventory *inv)
{
	inventory_sort(inv);
	for (size_t i = 0; i < inv->npkgs; i++) {
		const struct pkg *p = inv->pkgs[i];

		buf_addf(out, "%s ", p->purl);
		flags_str(out, p->flags);
		buf_addf(out, " %zu\n", p->nlocs ? p->locs[0].line : 0);
	}
	for (size_t i = 0; i < inv->npkgs; i++)
		for (size_t k = 0; k < inv->pkgs[i]->ndeps; k++)
			buf_addf(out, "dep %s -> %s\n", inv->pkgs[i]->purl, inv->pkgs[i]->deps[k]);
}

/* Compares describe() with the expected text, printing both when they differ. */
#define CHECK_DESCRIBE(inv, expected)                                                              \
	do {                                                                                       \
		struct buf d_ = BUF_INIT;                                                          \
		describe(&d_, (inv));                                                              \
		if (strcmp(d_.ptr, (expected))) {                                                  \
			fprintf(stderr, "--- got\n%s--- expected\n%s", d_.ptr, (expected));        \
			buf_release(&d_);                                                          \
			harness_fail(__FILE__, __LINE__, "package set differs");                   \
		}                                                                                  \
		buf_release(&d_);                                                                  \
	} while (0)

static inline void dump_diags(const struct inventory *inv)
{
	for (size_t i = 0; i < inv->ndiags; i++)
		fprintf(stderr, "  %s %s:%zu: %s\n", inv->diags[i].level == INV_ERROR ? "E" : "N",
		        inv->diags[i].path, inv->diags[i].line, inv->diags[i].msg);
}

/* The number of error diags whose path ends with suffix and whose message holds what. */
static inline size_t count_diags(const struct inventory *inv, enum inv_diag_level lvl,
                                 const char *what)
{
	size_t n = 0;

	for (size_t i = 0; i < inv->ndiags; i++)
		if (inv->diags[i].level == lvl && (!what || strstr(inv->diags[i].msg, what)))
			n++;
	return n;
}

/*
 * Reads every file of $CORPUS/lockfiles/FOLDER whose name ends with suffix
 * (NULL: all), each on its own with inventory_scan and the extractor kind;
 * returns how many were read. Every error diag must name the file it is
 * about, which is checked here.
 */
static inline size_t read_corpus_folder(struct inventory *inv, const char *folder,
                                        const char *suffix, const char *kind)
{
	const char *corpus = need_corpus();
	struct buf dir = BUF_INIT, path = BUF_INIT;
	struct dirent **list = NULL;
	int n;
	size_t count = 0;

	buf_addf(&dir, "%s/lockfiles/%s", corpus, folder);
	n = scandir(dir.ptr, &list, NULL, alphasort);
	CHECK(n > 0);
	for (int i = 0; i < n; i++) {
		const char *name = list[i]->d_name;
		size_t l = strlen(name), before = inv->ndiags;
		struct stat st;

		if (name[0] != '.' && (!suffix || (l > strlen(suffix) &&
		                                   !strcmp(name + l - strlen(suffix), suffix)))) {
			buf_reset(&path);
			buf_addf(&path, "%s/%s", dir.ptr, name);
			if (stat(path.ptr, &st) == 0 && S_ISREG(st.st_mode)) {
				scan_path(inv, path.ptr, kind);
				count++;
			}
			for (size_t k = before; k < inv->ndiags; k++)
				CHECK(strstr(inv->diags[k].path, folder) != NULL);
		}
		free(list[i]);
	}
	free(list);
	buf_release(&dir);
	buf_release(&path);
	return count;
}

/* The number of files read that were partial (an error was reported). */
static inline size_t count_partial(const struct inventory *inv)
{
	size_t n = 0;

	for (size_t i = 0; i < inv->nfiles; i++)
		n += inv->files[i].partial;
	return n;
}

/* Whether the file whose path ends with suffix was read partially. */
static inline bool file_partial(const struct inventory *inv, const char *suffix)
{
	size_t sl = strlen(suffix);

	for (size_t i = 0; i < inv->nfiles; i++) {
		size_t l = strlen(inv->files[i].path);

		if (l >= sl && !strcmp(inv->files[i].path + l - sl, suffix))
			return inv->files[i].partial;
	}
	return false;
}

#endif
