/*
 * portage.c: Gentoo's installed package database (the "vdb"): one folder per
 * installed package, var/db/pkg/CATEGORY/PF/, holding one file per
 * variable of the ebuild as it was built (PF, CATEGORY, SLOT, LICENSE,
 * RDEPEND, repository, USE, CONTENTS, ...).
 *
 * The PF file ("openssl-3.3.2-r1": the package name PN, its version PV and
 * revision -rN, PMS section 3.2) is the package: claimed by its name, it
 * gives pkg:ebuild/CATEGORY/PN@PV[-rN] (the category from the CATEGORY file
 * beside it, else the folder above; the ebuild type as syft and others
 * write it). Beside it, read when on disk: LICENSE (Gentoo's own licence
 * names and || ( ) groups: declared text only), SLOT and repository
 * (properties), and RDEPEND: its atoms resolved to installed packages are
 * edges. USE-conditional groups ("ssl? ( dev-libs/openssl )") are skipped:
 * whether the flag was on is not re-evaluated here (portage writes the vdb's
 * RDEPEND with them already reduced, so they seldom occur); blockers ("!a/b")
 * are not dependencies; of an any-of group ("|| ( a b )") every member
 * installed is an edge. A PF read from an image layer, alone, gives the
 * package without those.
 *
 * OSV has no Gentoo ecosystem: no ecosystem is set.
 */
#include "util/compat.h"
#include "core/inventory/inventory.h"
#include "core/inventory/langkit.h"
#include "core/formats/purl.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/lines.h"

#include <ctype.h>
#include <dirent.h>

#define PORTAGE_MAX_PKGS  200000 /* packages of one vdb indexed for edges */
#define PORTAGE_MAX_ATOMS 10000  /* tokens of one RDEPEND */
#define PORTAGE_MAX_SIDE  65536  /* bytes of LICENSE, SLOT, repository, CATEGORY read */

/* .../db/pkg/CATEGORY/PF/PF */
static bool portage_match(const char *rel, const char *name)
{
	static const char dir[] = "db/pkg/";
	size_t d = sizeof(dir) - 1;
	const char *p;
	int seg = 0;

	if (strcmp(name, "PF"))
		return false;
	p = rel + strlen(rel) - 2; /* at "PF" */
	while (p > rel && seg < 2) {
		p--;
		if (*p != '/')
			return false;
		while (p > rel && p[-1] != '/')
			p--; /* start of PF folder, then of CATEGORY */
		seg++;
	}
	if (seg < 2 || (size_t)(p - rel) < d || memcmp(p - d, dir, d))
		return false;
	return p - d == rel || p[-d - 1] == '/';
}

/* A version of PMS 3.2: 1.2.3b_rc1_p2 (no revision). */
static bool pv_valid(const char *s, size_t n)
{
	static const char *const suffix[] = { "alpha", "beta", "pre", "rc", "p" };
	size_t i = 0;

	if (!n || !isdigit((unsigned char)s[0]))
		return false;
	for (;;) {
		if (i >= n || !isdigit((unsigned char)s[i]))
			return false;
		while (i < n && isdigit((unsigned char)s[i]))
			i++;
		if (i < n && s[i] == '.')
			i++;
		else
			break;
	}
	if (i < n && islower((unsigned char)s[i]))
		i++;
	while (i < n && s[i] == '_') {
		size_t k = 0, l = 0;

		i++;
		for (k = 0; k < ARRAY_SIZE(suffix); k++) {
			l = strlen(suffix[k]);
			if (n - i >= l && !memcmp(s + i, suffix[k], l) &&
			    (i + l == n || s[i + l] == '_' || isdigit((unsigned char)s[i + l])))
				break;
		}
		if (k == ARRAY_SIZE(suffix))
			return false;
		i += l;
		while (i < n && isdigit((unsigned char)s[i]))
			i++;
	}
	return i == n;
}

static bool pn_valid(const char *s, size_t n)
{
	if (!n || s[0] == '-')
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && !strchr("+_-", s[i]))
			return false;
	return true;
}

/*
 * Splits PF ("openssl-3.3.2-r1") into PN ("openssl") and PVR ("3.3.2-r1"):
 * the last '-' followed by a valid version (and optional -rN). Returns
 * the length of PN, 0 when PF is not NAME-VERSION.
 */
static size_t pf_split(const char *s, size_t n)
{
	size_t end = n;

	/* a trailing -rN is the revision */
	for (size_t i = n; i > 2; i--) {
		if (!isdigit((unsigned char)s[i - 1])) {
			if (i < n && s[i - 1] == 'r' && s[i - 2] == '-')
				end = i - 2;
			break;
		}
	}
	for (size_t i = end; i > 0; i--)
		if (s[i - 1] == '-') {
			if (pv_valid(s + i, end - i) && pn_valid(s, i - 1))
				return i - 1;
			return 0;
		}
	return 0;
}

/* The vdb: CATEGORY/PN -> purls of the installed packages (langkit.h), from folder names only. */
static void vdb_category(struct extract_ctx *ctx, struct lkpurls *x, const char *root,
                         const char *cat, size_t *seen)
{
	struct buf dir = BUF_INIT, key = BUF_INIT, purl = BUF_INIT;
	DIR *dh;
	struct dirent *de;

	buf_addf(&dir, "%s/%s", root, cat);
	dh = opendir(dir.ptr);
	while (dh && (de = readdir(dh)) != NULL) {
		size_t n = strlen(de->d_name), pn;
		char *name;

		if (de->d_name[0] == '.' || !(pn = pf_split(de->d_name, n)))
			continue;
		if (++*seen > PORTAGE_MAX_PKGS) {
			extract_note(ctx, 0,
			             "more than %d packages in the database: dependencies not all "
			             "resolved",
			             PORTAGE_MAX_PKGS);
			break;
		}
		name = xmemdupz(de->d_name, pn);
		buf_reset(&purl);
		if (purl_build(&purl, "ebuild", cat, name, de->d_name + pn + 1, NULL, 0, NULL) ==
		    0) {
			buf_reset(&key);
			buf_addf(&key, "%s/%s", cat, name);
			lkpurls_add(x, key.ptr, key.len, buf_detach(&purl, NULL));
		}
		err_clear();
		free(name);
	}
	if (dh)
		closedir(dh);
	buf_release(&dir);
	buf_release(&key);
	buf_release(&purl);
}

static struct lkpurls *vdb_index(struct extract_ctx *ctx)
{
	const char *fs = extract_fs_path(ctx), *e;
	struct buf key = BUF_INIT, root = BUF_INIT;
	struct lkpurls *x = NULL;
	DIR *dh = NULL;
	struct dirent *de;
	size_t seen = 0;

	/* FS = ROOT/CATEGORY/PF/PF */
	if (!fs)
		goto done;
	e = fs + strlen(fs);
	for (int k = 0; k < 3; k++) {
		while (e > fs && e[-1] != '/')
			e--;
		if (e == fs)
			goto done;
		e--;
	}
	buf_add(&root, fs, (size_t)(e - fs));
	buf_addf(&key, "portage-vdb:%s", root.ptr);
	x = extract_cache_get(ctx, key.ptr);
	if (x)
		goto done;
	x = xcalloc(1, sizeof(*x));
	extract_cache_set(ctx, key.ptr, x, lkpurls_free);
	dh = opendir(root.len ? root.ptr : "/");
	while (dh && (de = readdir(dh)) != NULL && seen <= PORTAGE_MAX_PKGS)
		if (de->d_name[0] != '.')
			vdb_category(ctx, x, root.len ? root.ptr : "", de->d_name, &seen);
done:
	if (dh)
		closedir(dh);
	buf_release(&key);
	buf_release(&root);
	return x;
}

/*
 * The CATEGORY/PN of an atom: ">=dev-libs/openssl-3.0.2:0/3=[-bindist(-)]"
 * is dev-libs/openssl; "sys-libs/zlib:=" sys-libs/zlib. (s, n) on return;
 * false for what is not an atom.
 */
static bool atom_name(const char **s, size_t *n)
{
	const char *p = *s, *end = *s + *n, *q;
	bool versioned = false;

	while (p < end && strchr("<>=~", *p)) {
		versioned = true;
		p++;
	}
	q = p;
	while (q < end && *q != ':' && *q != '[')
		q++;
	if (q > p && q[-1] == '*') /* =cat/pkg-1.2* */
		q--;
	if (!memchr(p, '/', (size_t)(q - p)))
		return false;
	if (versioned) {
		const char *slash = memchr(p, '/', (size_t)(q - p));
		size_t pn = pf_split(slash + 1, (size_t)(q - slash - 1));

		if (!pn)
			return false;
		q = slash + 1 + pn;
	}
	*s = p;
	*n = (size_t)(q - p);
	return *n > 0;
}

static void add_edges(struct extract_ctx *ctx, struct pkg *p, const char *self, const char *dep,
                      size_t len)
{
	struct lkpurls *x = NULL;
	const char *s = dep, *end = dep + len;
	size_t skip_depth = 0, depth = 0, ntok = 0;
	bool cond_next = false;

	while (s < end) {
		const char *t;
		size_t n;

		while (s < end && isspace((unsigned char)*s))
			s++;
		t = s;
		while (s < end && !isspace((unsigned char)*s))
			s++;
		n = (size_t)(s - t);
		if (!n)
			break;
		if (++ntok > PORTAGE_MAX_ATOMS) {
			extract_note(ctx, 0, "RDEPEND: more than %d entries: the rest not resolved",
			             PORTAGE_MAX_ATOMS);
			break;
		}
		if (n == 1 && *t == '(') {
			depth++;
			if (cond_next && !skip_depth)
				skip_depth = depth;
			cond_next = false;
			continue;
		}
		if (n == 1 && *t == ')') {
			if (skip_depth == depth)
				skip_depth = 0;
			if (depth)
				depth--;
			continue;
		}
		if (t[n - 1] == '?') { /* flag? ( ... ) or !flag? ( ... ) */
			cond_next = true;
			continue;
		}
		cond_next = false;
		if (skip_depth || *t == '!' || (n == 2 && !memcmp(t, "||", 2)))
			continue;
		if (!atom_name(&t, &n))
			continue;
		if (!x && !(x = vdb_index(ctx)))
			return;
		for (size_t e = lkmap_first(&x->byname, t, n); e != LKMAP_END;
		     e = lkmap_next(&x->byname, e))
			if (strcmp(x->purls[x->byname.ents[e].val], self))
				pkg_add_dep_purl(p, x->purls[x->byname.ents[e].val]);
	}
}

/* The CATEGORY of rel = .../CATEGORY/PF/PF, or nothing. */
static void path_category(struct buf *out, const char *rel)
{
	const char *e = rel + strlen(rel), *s;

	buf_reset(out);
	for (int k = 0; k < 2; k++) {
		while (e > rel && e[-1] != '/')
			e--;
		if (e == rel)
			return;
		e--;
	}
	s = e;
	while (s > rel && s[-1] != '/')
		s--;
	buf_add(out, s, (size_t)(e - s));
}

/* A file beside PF, its first line trimmed; false when absent or empty. */
static bool side_file(struct extract_ctx *ctx, const char *name, struct buf *out, bool whole)
{
	const char *nl;

	buf_reset(out);
	out->max = PORTAGE_MAX_SIDE;
	if (extract_read_relative(ctx, name, out, NULL) < 0) {
		err_clear();
		buf_reset(out);
		return false;
	}
	if (!whole && (nl = memchr(out->ptr, '\n', out->len)) != NULL)
		buf_truncate(out, (size_t)(nl - out->ptr));
	buf_trim(out);
	return out->len > 0;
}

static int portage_extract(struct extract_ctx *ctx, const char *data, size_t len)
{
	const char *l;
	struct buf cat = BUF_INIT, side = BUF_INIT, self = BUF_INIT;
	struct lines it = LINES_INIT(data, len);
	char *name = NULL;
	struct pkg *p;
	size_t n, pn;
	int r = 0;

	if (!lines_next(&it, &l, &n) || (str_trim(&l, &n), !n)) {
		r = extract_error(ctx, 0, "empty file: no package name and version");
		goto done;
	}
	pn = pf_split(l, n);
	if (!pn) {
		r = extract_error(ctx, 1, "not NAME-VERSION (PMS 3.2): %s", langkit_quote(l, n));
		goto done;
	}
	if (!side_file(ctx, "CATEGORY", &cat, false))
		path_category(&cat, extract_rel(ctx));
	name = xmemdupz(l, pn);
	{
		char *ver = xmemdupz(l + pn + 1, n - pn - 1);

		p = extract_add(ctx, NULL, "ebuild", cat.len ? cat.ptr : NULL, name, ver, 1);
		if (p && purl_build(&self, "ebuild", cat.len ? cat.ptr : NULL, name, ver, NULL, 0,
		                    NULL) < 0)
			err_clear();
		free(ver);
	}
	if (!p) {
		r = err_code();
		goto done;
	}
	if (!cat.len)
		extract_note(ctx, 1,
		             "no CATEGORY beside it and no var/db/pkg/CATEGORY/PF folder: "
		             "the purl has no namespace");
	if (side_file(ctx, "LICENSE", &side, false))
		pkg_add_prop(p, "vouch:license-declared", side.ptr);
	if (side_file(ctx, "SLOT", &side, false))
		pkg_add_prop(p, "vouch:portage-slot", side.ptr);
	if (side_file(ctx, "repository", &side, false))
		pkg_add_prop(p, "vouch:portage-repository", side.ptr);
	if (side_file(ctx, "RDEPEND", &side, true))
		add_edges(ctx, p, self.ptr, side.ptr, side.len);
done:
	free(name);
	buf_release(&cat);
	buf_release(&side);
	buf_release(&self);
	return r;
}

const struct extractor portage_vdb_extractor = {
	.name = "portage-vdb",
	.ecosystem = NULL,
	.match = portage_match,
	.extract = portage_extract,
	.max_size = 4096,
};
