/*
 * pacman.c: the local database of pacman (libalpm), as on Arch Linux and its
 * derivatives (Manjaro, EndeavourOS, Arch Linux ARM, MSYS2): one folder per
 * installed package, var/lib/pacman/local/NAME-VERSION-REL/, whose desc file
 * holds sections, each a "%KEY%" line followed by value lines and a blank
 * line:
 *
 *     %NAME%            %VERSION%        %ARCH%       %REASON%
 *     gawk              5.3.1-1          x86_64       1
 *
 *     %LICENSE%         %DEPENDS%        %PROVIDES%
 *     GPL-3.0-or-later  sh               awk
 *                       glibc
 *
 * Each is pkg:alpm/VENDOR/NAME@VERSION?arch=ARCH&distro=DISTRO (purl-spec's
 * alpm type), VENDOR being the os-release ID of the tree (arch, manjaro,
 * endeavouros, archarm; arch without one). %REASON% 1 (installed as a
 * dependency) is PKG_TRANSITIVE, its absence (installed explicitly) is
 * PKG_DIRECT. OSV has no Arch ecosystem: no ecosystem is set.
 *
 * Edges: each %DEPENDS% entry ("glibc", "sh", "libxml2.so=2-64",
 * "python>=3.8"), its version constraint stripped, resolved to the
 * installed package of that name or, else, one whose %PROVIDES% names it.
 * That needs the other packages' desc files, read on disk beside this one
 * (an index kept for the whole scan); a desc read from an image layer or
 * alone gives no edges.
 */
#include "util/compat.h"
#include "core/inventory/inventory.h"
#include "core/inventory/langkit.h"
#include "core/inventory/os/osrelease.h"
#include "core/inventory/python/pypi.h"
#include "core/formats/purl.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/lines.h"

#include <dirent.h>

#define PACMAN_MAX_PKGS 200000 /* packages of one database read for edges */

struct span {
	const char *p;
	size_t n;
};

/* One desc file: single values, and the value lines of the lists. */
struct pdesc {
	struct span name, version, arch, base, reason;
	struct span license, depends, provides; /* the section's value lines, newline separated */
	size_t name_line, version_line;
};

static bool pacman_match(const char *rel, const char *name)
{
	static const char dir[] = "pacman/local/";
	const char *slash;
	size_t d = sizeof(dir) - 1;

	if (strcmp(name, "desc"))
		return false;
	/* REL = .../pacman/local/PKG/desc */
	slash = rel + strlen(rel) - 5; /* the '/' before desc */
	if (slash <= rel || *slash != '/')
		return false;
	while (slash > rel && slash[-1] != '/')
		slash--; /* start of PKG */
	if ((size_t)(slash - rel) < d || memcmp(slash - d, dir, d))
		return false;
	return slash - d == rel || slash[-d - 1] == '/';
}

static bool pacman_sniff(const char *data, size_t len)
{
	return (len > 7 && !memcmp(data, "%NAME%\n", 7)) ||
	       (len > 8 && !memcmp(data, "%NAME%\r\n", 8));
}

static bool is_key(const char *l, size_t n)
{
	if (n < 3 || l[0] != '%' || l[n - 1] != '%')
		return false;
	for (size_t i = 1; i + 1 < n; i++)
		if (!((l[i] >= 'A' && l[i] <= 'Z') || (l[i] >= '0' && l[i] <= '9') || l[i] == '_'))
			return false;
	return true;
}

/*
 * Parses a desc file. Reports each problem with its line when ctx is not
 * NULL (the index reads other packages' files silently).
 */
static void pdesc_parse(struct pdesc *d, struct extract_ctx *ctx, const char *data, size_t len)
{
	struct lines it = LINES_INIT(data, len);
	struct span *cur = NULL;
	const char *key = NULL, *l;
	size_t keyn = 0, keyline = 0, nvals = 0, n, errs = 0;
	bool list = false, in = false;

	memset(d, 0, sizeof(*d));
	for (;;) {
		bool more = lines_next(&it, &l, &n);

		if (!more || !n) {
			if (in && !nvals && ctx && errs++ < LANGKIT_MAX_ERRORS)
				extract_error(ctx, keyline, "'%.*s' has no value", (int)keyn, key);
			in = false;
			cur = NULL;
			if (!more)
				break;
			continue;
		}
		if (!in) {
			if (!is_key(l, n)) {
				if (ctx && errs++ < LANGKIT_MAX_ERRORS)
					extract_error(
					        ctx, it.lineno,
					        "not a '%%KEY%%' line where a section starts: %s",
					        langkit_quote(l, n));
				continue;
			}
			in = true;
			key = l;
			keyn = n;
			keyline = it.lineno;
			nvals = 0;
			list = true;
			cur = NULL;
			if (str_eq(l, n, "%NAME%")) {
				cur = &d->name, list = false, d->name_line = it.lineno;
			} else if (str_eq(l, n, "%VERSION%")) {
				cur = &d->version, list = false, d->version_line = it.lineno;
			} else if (str_eq(l, n, "%ARCH%")) {
				cur = &d->arch, list = false;
			} else if (str_eq(l, n, "%BASE%")) {
				cur = &d->base, list = false;
			} else if (str_eq(l, n, "%REASON%")) {
				cur = &d->reason, list = false;
			} else if (str_eq(l, n, "%LICENSE%")) {
				cur = &d->license;
			} else if (str_eq(l, n, "%DEPENDS%")) {
				cur = &d->depends;
			} else if (str_eq(l, n, "%PROVIDES%")) {
				cur = &d->provides;
			}
			if (cur)
				memset(cur, 0, sizeof(*cur));
			continue;
		}
		nvals++;
		if (!cur)
			continue;
		if (!list) {
			if (nvals > 1) {
				if (ctx && errs++ < LANGKIT_MAX_ERRORS)
					extract_error(
					        ctx, it.lineno,
					        "'%.*s' has more than one value: the first kept",
					        (int)keyn, key);
				continue;
			}
			cur->p = l;
			cur->n = n;
		} else {
			if (!cur->p)
				cur->p = l;
			cur->n = (size_t)(l + n - cur->p);
		}
	}
}

/* The next value of a list section, trimmed; false at its end. */
static bool span_next(struct span *s, const char **v, size_t *vn)
{
	while (s->n) {
		const char *nl = memchr(s->p, '\n', s->n);
		size_t n = nl ? (size_t)(nl - s->p) : s->n;

		*v = s->p;
		*vn = n;
		s->p += nl ? n + 1 : n;
		s->n -= nl ? n + 1 : n;
		str_trim(v, vn);
		if (*vn)
			return true;
	}
	return false;
}

/* The name of a dependency or provision: "libxml2.so=2-64" is libxml2.so, "python>=3.8" python. */
static size_t dep_name(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && s[i] != '<' && s[i] != '>' && s[i] != '=' && s[i] != ':' && s[i] != ' ')
		i++;
	return i;
}

struct pacman_ctx {
	struct os_release os;
	const char *ns;
	char *distro;
};

static size_t pd_quals(const struct pacman_ctx *pc, const struct pdesc *d, char *arch,
                       struct purl_qualifier q[2])
{
	size_t n = 0;

	if (d->arch.n)
		q[n++] = (struct purl_qualifier){ (char *)"arch", arch };
	if (pc->distro)
		q[n++] = (struct purl_qualifier){ (char *)"distro", pc->distro };
	return n;
}

/* The installed packages: name -> purl, provision -> purl (langkit.h). */
static struct lkpurls *db_index(struct extract_ctx *ctx, const struct pacman_ctx *pc)
{
	const char *fs = extract_fs_path(ctx), *e;
	struct buf key = BUF_INIT, dir = BUF_INIT, rel = BUF_INIT, data = BUF_INIT, purl = BUF_INIT;
	struct lkpurls *db = NULL;
	DIR *dh = NULL;
	struct dirent *de;
	size_t seen = 0;

	/* FS = LOCAL/PKG/desc: the database is LOCAL */
	if (!fs || !(e = strrchr(fs, '/')))
		goto done;
	while (e > fs && e[-1] != '/')
		e--;
	if (e == fs)
		goto done;
	buf_add(&dir, fs, (size_t)(e - fs - 1));
	buf_addf(&key, "pacman-local:%s", dir.ptr);
	db = extract_cache_get(ctx, key.ptr);
	if (db)
		goto done;
	db = xcalloc(1, sizeof(*db));
	extract_cache_set(ctx, key.ptr, db, lkpurls_free);
	dh = opendir(dir.len ? dir.ptr : "/");
	while (dh && (de = readdir(dh)) != NULL) {
		struct purl_qualifier q[2];
		struct pdesc d;
		char *name = NULL, *ver = NULL, *arch = NULL;
		const char *v;
		size_t vn;

		if (de->d_name[0] == '.')
			continue;
		if (++seen > PACMAN_MAX_PKGS) {
			extract_note(ctx, 0,
			             "more than %d packages in the database: dependencies not all "
			             "resolved",
			             PACMAN_MAX_PKGS);
			break;
		}
		buf_reset(&rel);
		buf_addf(&rel, "../%s/desc", de->d_name);
		buf_reset(&data);
		if (extract_read_relative(ctx, rel.ptr, &data, NULL) < 0) {
			err_clear();
			continue;
		}
		pdesc_parse(&d, NULL, data.ptr, data.len);
		if (!d.name.n || !d.version.n)
			continue;
		name = xmemdupz(d.name.p, d.name.n);
		ver = xmemdupz(d.version.p, d.version.n);
		arch = xmemdupz(d.arch.p, d.arch.n);
		buf_reset(&purl);
		if (purl_build(&purl, "alpm", pc->ns, name, ver, q, pd_quals(pc, &d, arch, q),
		               NULL) == 0) {
			size_t i = lkpurls_add(db, d.name.p, d.name.n, buf_detach(&purl, NULL));

			while (span_next(&d.provides, &v, &vn))
				lkpurls_alias(db, i, v, dep_name(v, vn));
		}
		err_clear();
		free(name);
		free(ver);
		free(arch);
	}
done:
	if (dh)
		closedir(dh);
	buf_release(&key);
	buf_release(&dir);
	buf_release(&rel);
	buf_release(&data);
	buf_release(&purl);
	return db;
}

/*
 * %LICENSE%: one licence a line; Arch writes SPDX identifiers since 2023
 * (RFC 16), older packages names of its own ("GPL", "custom"). Every line
 * that applies: joined with AND when each is an SPDX expression of known
 * identifiers (an alias PyPI knows is mapped), else only declared.
 */
static void add_license(struct pkg *p, struct span s)
{
	struct buf expr = BUF_INIT, text = BUF_INIT;
	const char *v;
	size_t vn, nlines = 0;
	bool spdx = true, aliased = false;

	while (span_next(&s, &v, &vn)) {
		const char *alias = NULL;
		bool ok = pypi_field_is_spdx(v, vn);

		if (!ok)
			alias = pypi_license_from_field(v, vn);
		if (!ok && !alias)
			spdx = false;
		if (nlines++) {
			buf_adds(&expr, " AND ");
			buf_adds(&text, "\n");
		}
		buf_add(&text, v, vn);
		if (alias) {
			aliased = true;
			buf_adds(&expr, alias);
		} else if (memmem(v, vn, " OR ", 4)) {
			buf_addf(&expr, "(%.*s)", (int)vn, v);
		} else {
			buf_add(&expr, v, vn);
		}
	}
	if (nlines && spdx)
		pkg_set_license(p, expr.ptr);
	if (nlines && (!spdx || aliased))
		pkg_add_prop(p, "vouch:license-declared", text.ptr);
	buf_release(&expr);
	buf_release(&text);
}

static int pacman_extract(struct extract_ctx *ctx, const char *data, size_t len)
{
	struct pacman_ctx pc = { OS_RELEASE_INIT, "arch", NULL };
	struct inventory *inv = extract_inventory(ctx);
	struct lkpurls *db = NULL;
	struct pdesc d;
	struct buf self = BUF_INIT;
	char *name = NULL, *ver = NULL, *arch = NULL;
	struct purl_qualifier q[2];
	struct pkg *p;
	const char *v;
	size_t vn, nq;
	int r = 0;

	if (!len)
		return extract_error(ctx, 0, "empty file");
	pdesc_parse(&d, ctx, data, len);
	if (!d.name.n) {
		r = extract_error(ctx, 1, "no '%%NAME%%': not a package");
		goto done;
	}
	if (!d.version.n) {
		r = extract_error(ctx, d.name_line, "package %s has no '%%VERSION%%'",
		                  langkit_quote(d.name.p, d.name.n));
		goto done;
	}
	/* LOCAL/PKG/desc: the root lies 5 folders up from var/lib/pacman/local/PKG */
	os_release_find(&pc.os, ctx, 5);
	if (pc.os.id)
		pc.ns = pc.os.id;
	pc.distro = xstrdup(inv->distro ? inv->distro : pc.os.id ? pc.os.id : "");
	if (!*pc.distro) {
		free(pc.distro);
		pc.distro = NULL;
	}
	name = xmemdupz(d.name.p, d.name.n);
	ver = xmemdupz(d.version.p, d.version.n);
	arch = xmemdupz(d.arch.p, d.arch.n);
	p = extract_add(ctx, NULL, "alpm", pc.ns, name, ver, d.name_line);
	if (!p) {
		r = err_code();
		goto done;
	}
	nq = pd_quals(&pc, &d, arch, q);
	for (size_t i = 0; i < nq; i++)
		pkg_add_qualifier(p, q[i].key, q[i].value);
	if (d.reason.n && !str_eq(d.reason.p, d.reason.n, "0"))
		p->flags |= PKG_TRANSITIVE;
	else
		p->flags |= PKG_DIRECT;
	if (d.base.n && !(d.base.n == d.name.n && !memcmp(d.base.p, d.name.p, d.name.n))) {
		char *s = xmemdupz(d.base.p, d.base.n);

		pkg_add_prop(p, "vouch:source-package", s);
		free(s);
	}
	add_license(p, d.license);
	if (d.depends.n)
		db = db_index(ctx, &pc);
	if (db && purl_build(&self, "alpm", pc.ns, name, ver, q, nq, NULL) < 0)
		err_clear();
	while (db && span_next(&d.depends, &v, &vn)) {
		size_t k = dep_name(v, vn);
		const char *to = k ? lkpurls_find(db, v, k) : NULL;

		if (to && !buf_eqs(&self, to))
			pkg_add_dep_purl(p, to);
	}
done:
	free(name);
	free(ver);
	free(arch);
	free(pc.distro);
	buf_release(&self);
	os_release_release(&pc.os);
	return r;
}

const struct extractor pacman_desc_extractor = {
	.name = "pacman-desc",
	.ecosystem = NULL,
	.match = pacman_match,
	.sniff = pacman_sniff,
	.extract = pacman_extract,
	.max_size = (size_t)16 << 20,
};
