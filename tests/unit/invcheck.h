/*
 * invcheck.h: helpers for the unit suites of extractors (test_inv_*.c):
 * run an extractor on text or on a corpus fixture, then check the packages.
 * Static functions: each suite includes it once.
 */
#ifndef VOUCH_INVCHECK_H
#define VOUCH_INVCHECK_H

#include "util/compat.h"
#include "harness.h"
#include "core/inventory/inventory.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/err.h"

#include <dirent.h>
#include <sys/stat.h>

static VOUCH_UNUSED const struct extractor *ic_ex(const char *name)
{
	const struct extractor *ex = extractor_find(name);

	if (!ex)
		harness_fail(__FILE__, __LINE__, "no extractor '%s'", name);
	return ex;
}

/* Reads text as the file display with extractor ex; sorts the inventory. */
static VOUCH_UNUSED void ic_read(struct inventory *inv, const char *ex, const char *display,
                                 const char *text)
{
	CHECK_OK(inventory_read_as(inv, ic_ex(ex), display, display, text, strlen(text), NULL));
	inventory_sort(inv);
}

/* Reads the corpus file lockfiles/rel (skips the case when the corpus is absent). */
static VOUCH_UNUSED void ic_read_corpus(struct inventory *inv, const char *ex, const char *rel)
{
	struct buf path = BUF_INIT, data = BUF_INIT;

	buf_addf(&path, "%s/lockfiles/%s", need_corpus(), rel);
	if (buf_read_file(&data, path.ptr) < 0)
		harness_fail(__FILE__, __LINE__, "%s", err_msg());
	CHECK_OK(inventory_read_as(inv, ic_ex(ex), rel, rel, data.ptr, data.len, NULL));
	inventory_sort(inv);
	buf_release(&path);
	buf_release(&data);
}

/* The package with this purl, or NULL. */
static VOUCH_UNUSED struct pkg *ic_find(const struct inventory *inv, const char *purl)
{
	for (size_t i = 0; i < inv->npkgs; i++)
		if (!strcmp(inv->pkgs[i]->purl, purl))
			return inv->pkgs[i];
	return NULL;
}

#define IC_PKG(inv, purl)                                                                          \
	({                                                                                         \
		struct pkg *ic_p_ = ic_find((inv), (purl));                                        \
		if (!ic_p_)                                                                        \
			harness_fail(__FILE__, __LINE__, "no package %s", (purl));                 \
		ic_p_;                                                                             \
	})

/* Every purl, sorted, one a line: for exact comparisons. Free it. */
static VOUCH_UNUSED char *ic_purls(const struct inventory *inv)
{
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < inv->npkgs; i++)
		buf_addf(&b, "%s\n", inv->pkgs[i]->purl);
	return buf_detach(&b, NULL);
}

#define CHECK_PURLS(inv, expected)                                                                 \
	do {                                                                                       \
		char *ic_s_ = ic_purls(inv);                                                       \
		if (strcmp(ic_s_, (expected))) {                                                   \
			fprintf(stderr, "got:\n%s", ic_s_);                                        \
			free(ic_s_);                                                               \
			harness_fail(__FILE__, __LINE__, "package set differs");                   \
		}                                                                                  \
		free(ic_s_);                                                                       \
	} while (0)

/* The value of the property key of p, or NULL. */
static VOUCH_UNUSED const char *ic_prop(const struct pkg *p, const char *key)
{
	for (size_t i = 0; i < p->nprops; i++)
		if (!strcmp(p->props[i].key, key))
			return p->props[i].value;
	return NULL;
}

static VOUCH_UNUSED bool ic_has_dep(const struct pkg *p, const char *purl)
{
	for (size_t i = 0; i < p->ndeps; i++)
		if (!strcmp(p->deps[i], purl))
			return true;
	return false;
}

/* The hex of the hash alg of p, or NULL. */
static VOUCH_UNUSED const char *ic_hash(const struct pkg *p, const char *alg)
{
	for (size_t i = 0; i < p->nhashes; i++)
		if (!strcmp(p->hashes[i].alg, alg))
			return p->hashes[i].hex;
	return NULL;
}

/* The number of diags of a level whose message contains needle (NULL: any). */
static VOUCH_UNUSED size_t ic_diags(const struct inventory *inv, enum inv_diag_level level,
                                    const char *needle)
{
	size_t n = 0;

	for (size_t i = 0; i < inv->ndiags; i++)
		if (inv->diags[i].level == level && (!needle || strstr(inv->diags[i].msg, needle)))
			n++;
	return n;
}

/* The line of the first diag containing needle (0 when none). */
static VOUCH_UNUSED size_t ic_diag_line(const struct inventory *inv, const char *needle)
{
	for (size_t i = 0; i < inv->ndiags; i++)
		if (strstr(inv->diags[i].msg, needle))
			return inv->diags[i].line;
	return 0;
}

/*
 * One expectation per fixture of a corpus folder: the packages the file
 * contributes (before merging) and whether reading it reports an error.
 */
struct ic_fixture {
	const char *file;
	size_t npkgs;
	bool error;
};

/*
 * Reads every regular file of lockfiles/folder (recursively) with extractor
 * ex, checks each against the table (a file missing from the table fails,
 * so does a table entry without a file), and that an error diag names the
 * file. Returns the number of files read.
 */
static VOUCH_UNUSED size_t ic_check_folder(const char *ex, const char *folder,
                                           const struct ic_fixture *want, size_t nwant)
{
	const char *corpus = need_corpus();
	struct buf dirs[8];
	size_t ndirs = 1, nread = 0, seen = 0;

	for (size_t i = 0; i < ARRAY_SIZE(dirs); i++)
		buf_init(&dirs[i], BUF_MAX_DEFAULT);
	buf_adds(&dirs[0], folder);
	while (ndirs) {
		struct buf rel = dirs[--ndirs];
		struct buf full = BUF_INIT;
		DIR *d;
		struct dirent *de;

		buf_init(&dirs[ndirs], BUF_MAX_DEFAULT);
		buf_addf(&full, "%s/lockfiles/%s", corpus, rel.ptr);
		d = opendir(full.ptr);
		if (!d)
			harness_fail(__FILE__, __LINE__, "cannot open %s", full.ptr);
		while ((de = readdir(d))) {
			struct buf fr = BUF_INIT, fp = BUF_INIT, data = BUF_INIT;
			struct inventory inv = INVENTORY_INIT;
			const struct ic_fixture *w = NULL;

			if (de->d_name[0] == '.')
				continue;
			buf_addf(&fr, "%s/%s", rel.ptr, de->d_name);
			buf_addf(&fp, "%s/%s", full.ptr, de->d_name);
			if (de->d_type == DT_DIR) {
				if (ndirs == ARRAY_SIZE(dirs))
					harness_fail(__FILE__, __LINE__, "too deep");
				buf_release(&dirs[ndirs]);
				dirs[ndirs++] = fr;
				buf_release(&fp);
				continue;
			}
			for (size_t i = 0; i < nwant; i++)
				if (!strcmp(want[i].file, fr.ptr + strlen(folder) + 1))
					w = &want[i];
			if (!w)
				harness_fail(__FILE__, __LINE__, "no expectation for %s", fr.ptr);
			if (buf_read_file(&data, fp.ptr) < 0)
				harness_fail(__FILE__, __LINE__, "%s", err_msg());
			CHECK_OK(inventory_read_as(&inv, ic_ex(ex), fr.ptr, fr.ptr, data.ptr,
			                           data.len, NULL));
			if (inv.nfiles != 1 || inv.files[0].npkgs != w->npkgs ||
			    (inv.nerrors > 0) != w->error)
				harness_fail(__FILE__, __LINE__,
				             "%s: %zu packages and %zu errors, expected %zu and %s",
				             fr.ptr, inv.nfiles ? inv.files[0].npkgs : 0,
				             inv.nerrors, w->npkgs, w->error ? "some" : "none");
			for (size_t i = 0; i < inv.ndiags; i++)
				if (inv.diags[i].level == INV_ERROR &&
				    strcmp(inv.diags[i].path, fr.ptr))
					harness_fail(__FILE__, __LINE__, "error does not name %s",
					             fr.ptr);
			CHECK(inv.files[0].partial == w->error);
			inventory_release(&inv);
			buf_release(&fr);
			buf_release(&fp);
			buf_release(&data);
			nread++;
			seen++;
		}
		closedir(d);
		buf_release(&rel);
		buf_release(&full);
	}
	for (size_t i = 0; i < ARRAY_SIZE(dirs); i++)
		buf_release(&dirs[i]);
	CHECK_INT(seen, nwant);
	return nread;
}

/* Writes text to dir/rel (creating folders). */
static VOUCH_UNUSED void ic_write(const char *dir, const char *rel, const char *text)
{
	struct buf p = BUF_INIT;
	FILE *f;

	buf_addf(&p, "%s/%s", dir, rel);
	for (char *s = strchr(p.ptr + strlen(dir) + 1, '/'); s; s = strchr(s + 1, '/')) {
		*s = '\0';
		mkdir(p.ptr, 0755);
		*s = '/';
	}
	f = fopen(p.ptr, "w");
	if (!f || fputs(text, f) < 0 || fclose(f) != 0)
		harness_fail(__FILE__, __LINE__, "cannot write %s", p.ptr);
	buf_release(&p);
}

#endif
