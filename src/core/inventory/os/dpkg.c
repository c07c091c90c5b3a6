/*
 * dpkg.c: the Debian package database of a root filesystem.
 *
 * var/lib/dpkg/status holds one paragraph per package (RFC 822-like
 * fields, blank lines between paragraphs); distroless images keep one file
 * per package in var/lib/dpkg/status.d/ instead. Only packages whose files
 * are on disk count: status installed, or one of the half-done states in
 * which the files are present (unpacked, half-installed, half-configured,
 * triggers-awaited, triggers-pending); config-files and not-installed do not.
 * A paragraph without a Status field is not-installed for dpkg itself, except
 * in status.d, whose files have no Status field at all.
 */
#include "util/compat.h"
#include "core/inventory/inventory.h"
#include "core/inventory/os/dep5.h"
#include "core/inventory/os/osrelease.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/lines.h"

#define DPKG_MAX_PARAS 200000

struct span {
	const char *p;
	size_t n;
};

struct para {
	size_t line;
	struct span package, version, arch, status, source, depends, predepends;
	struct pkg *pkg;
};

/* A file directly inside a folder called status.d (distroless images). */
static bool is_status_d(const char *rel)
{
	const char *slash = strrchr(rel, '/');

	return slash && slash - rel >= 8 && !memcmp(slash - 8, "status.d", 8) &&
	       (slash - rel == 8 || slash[-9] == '/');
}

static bool ends_with_path(const char *rel, const char *tail)
{
	size_t n = strlen(rel), t = strlen(tail);

	return n >= t && !strcmp(rel + n - t, tail) && (n == t || rel[n - t - 1] == '/');
}

static bool dpkg_match(const char *rel, const char *name)
{
	size_t n = strlen(name);

	if (ends_with_path(rel, "var/lib/dpkg/status"))
		return true;
	/* var/lib/dpkg/status.d/NAME, but not its NAME.md5sums companions */
	return is_status_d(rel) && strstr(rel, "var/lib/dpkg/status.d/") &&
	       !(n > 8 && !strcmp(name + n - 8, ".md5sums"));
}

static bool dpkg_sniff(const char *data, size_t len)
{
	return len > 9 && !memcmp(data, "Package: ", 9) && memmem(data, len, "\nVersion: ", 10);
}

/* Whether a Status value says the package's files are present. */
static bool status_counts(struct span s)
{
	static const char *const states[] = { "installed",        "half-installed",
		                              "unpacked",         "half-configured",
		                              "triggers-awaited", "triggers-pending" };
	const char *last = s.p + s.n;
	const char *w = last;

	while (w > s.p && w[-1] != ' ')
		w--;
	for (size_t i = 0; i < ARRAY_SIZE(states); i++)
		if (str_eq(w, (size_t)(last - w), states[i]))
			return true;
	return false;
}

static char *dup_span(struct span s)
{
	return xmemdupz(s.p, s.n);
}

static int para_cmp(const void *a, const void *b)
{
	const struct para *x = *(const struct para *const *)a, *y = *(const struct para *const *)b;
	size_t n = x->package.n < y->package.n ? x->package.n : y->package.n;
	int c = memcmp(x->package.p, y->package.p, n);

	return c ? c : (x->package.n > y->package.n) - (x->package.n < y->package.n);
}

static struct para *find_installed(struct para **sorted, size_t n, const char *name, size_t len)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		struct span *s = &sorted[mid]->package;
		size_t m = s->n < len ? s->n : len;
		int c = memcmp(s->p, name, m);

		if (!c)
			c = (s->n > len) - (s->n < len);
		if (!c)
			return sorted[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Depends: a (>= 1), b:any | c, d [amd64] -> edges to installed packages. */
static void add_edges(struct extract_ctx *ctx, struct para *from, struct span dep,
                      struct para **sorted, size_t n)
{
	const char *p = dep.p, *end;

	if (!p || !dep.n)
		return; /* no Depends: (NULL + 0 is undefined) */
	end = dep.p + dep.n;
	while (p < end) {
		const char *comma = memchr(p, ',', (size_t)(end - p));
		const char *e = comma ? comma : end, *alt = p;
		struct para *to = NULL;

		/* first alternative that is installed */
		while (alt < e && !to) {
			const char *bar = memchr(alt, '|', (size_t)(e - alt));
			const char *ae = bar ? bar : e, *s = alt, *t;

			while (s < ae && (*s == ' ' || *s == '\t'))
				s++;
			t = s;
			while (t < ae && *t != ' ' && *t != '(' && *t != ':' && *t != '[' &&
			       *t != '\t')
				t++;
			if (t > s)
				to = find_installed(sorted, n, s, (size_t)(t - s));
			alt = bar ? bar + 1 : e;
		}
		if (to && to != from)
			extract_edge(ctx, from->pkg, to->pkg);
		p = comma ? comma + 1 : end;
	}
}

/*
 * The declared licence of an installed package from its machine-readable
 * copyright file, usr/share/doc/NAME/copyright in the same tree (depth
 * folders above the status file), as syft reads it too. A file that is not
 * DEP-5 gives no licence: free-form text is not guessed at.
 */
static void copyright_license(struct extract_ctx *ctx, struct pkg *p, int depth)
{
	struct buf rel = BUF_INIT, data = BUF_INIT;
	struct dep5 d = DEP5_INIT;
	struct inventory *inv = extract_inventory(ctx);
	const char *from_layers = NULL;
	char *lic = NULL;

	for (int i = 0; i < depth; i++)
		buf_adds(&rel, "../");
	buf_addf(&rel, "usr/share/doc/%s/copyright", p->name);
	if (inv->deb_licenses) {
		/* an image: its layers' copyright files, read as they streamed past */
		from_layers = dep5_licenses_get(inv->deb_licenses, p->name);
		if (from_layers)
			lic = xstrdup(from_layers);
	} else if (!strchr(p->name, '/') && extract_read_relative(ctx, rel.ptr, &data, NULL) == 0) {
		dep5_parse(&d, data.ptr ? data.ptr : "", data.len);
		lic = dep5_package_license(&d);
	}
	err_clear(); /* none, or not on disk (an archive member): no licence */
	if (lic) {
		pkg_set_license(p, lic);
		pkg_add_prop(p, "vouch:license-source", rel.ptr + 3 * (size_t)depth);
	}
	free(lic);
	dep5_release(&d);
	buf_release(&data);
	buf_release(&rel);
}

static int dpkg_extract(struct extract_ctx *ctx, const char *data, size_t len)
{
	struct os_release os = OS_RELEASE_INIT;
	struct lines it = LINES_INIT(data, len);
	bool status_d = is_status_d(extract_rel(ctx));
	struct para *paras = NULL, cur = { 0 }, **sorted = NULL;
	size_t npara = 0, apara = 0, nsorted = 0;
	struct span *field;
	bool in_field = false;
	const char *eco = "Debian", *ns = "debian";
	char *ecobuf = NULL;
	const char *l;
	size_t n;
	bool more = true;

	os_release_find(&os, ctx, status_d ? 4 : 3);
	if (os.id && strcmp(os.id, "debian"))
		ns = os.id;
	/* "Debian:12", "Ubuntu:22.04"; a bare status file is Debian's; a derivative has none */
	if (os.id) {
		ecobuf = os_release_ecosystem(&os, "dpkg");
		eco = ecobuf;
	}

	while (more) {
		more = lines_next(&it, &l, &n);
		if (more && n > 0) {
			const char *colon;

			if (!cur.line)
				cur.line = it.lineno;
			if (l[0] == ' ' || l[0] == '\t') {
				if (!in_field)
					extract_error(ctx, it.lineno,
					              "continuation line outside a field");
				continue;
			}
			colon = memchr(l, ':', n);
			if (!colon) {
				extract_error(ctx, it.lineno, "not a 'Field: value' line");
				in_field = false;
				continue;
			}
			struct span key = { l, (size_t)(colon - l) };
			struct span val = { colon + 1, n - (size_t)(colon + 1 - l) };

			str_trim(&val.p, &val.n);
			field = NULL;
			if (str_eq(key.p, key.n, "Package"))
				field = &cur.package;
			else if (str_eq(key.p, key.n, "Version"))
				field = &cur.version;
			else if (str_eq(key.p, key.n, "Architecture"))
				field = &cur.arch;
			else if (str_eq(key.p, key.n, "Status"))
				field = &cur.status;
			else if (str_eq(key.p, key.n, "Source"))
				field = &cur.source;
			else if (str_eq(key.p, key.n, "Depends"))
				field = &cur.depends;
			else if (str_eq(key.p, key.n, "Pre-Depends"))
				field = &cur.predepends;
			if (field)
				*field = val;
			in_field = true; /* any field may continue on the next lines */
			continue;
		}
		/* a blank line or the end: the paragraph is complete */
		if (!cur.line)
			continue;
		if (!cur.package.n) {
			extract_error(ctx, cur.line, "package paragraph without a Package field");
		} else if (!cur.version.n) {
			extract_error(ctx, cur.line, "package '%.*s' has no Version field",
			              (int)cur.package.n, cur.package.p);
		} else if (cur.status.n ? status_counts(cur.status) : status_d) {
			if (npara >= DPKG_MAX_PARAS) {
				extract_error(ctx, cur.line,
				              "more than %d packages: the rest not read",
				              DPKG_MAX_PARAS);
				break;
			}
			ALLOC_GROW(paras, npara + 1, apara);
			paras[npara++] = cur;
		}
		memset(&cur, 0, sizeof(cur));
		in_field = false;
	}

	for (size_t i = 0; i < npara; i++) {
		struct para *p = &paras[i];
		char *name = dup_span(p->package), *ver = dup_span(p->version);

		p->pkg = extract_add(ctx, eco, "deb", ns, name, ver, p->line);
		free(name);
		free(ver);
		if (!p->pkg)
			break;
		if (p->arch.n) {
			char *arch = dup_span(p->arch);

			pkg_add_qualifier(p->pkg, "arch", arch);
			free(arch);
		}
		if (extract_inventory(ctx)->distro)
			pkg_add_qualifier(p->pkg, "distro", extract_inventory(ctx)->distro);
		if (p->source.n) {
			/* "Source: glibc (2.36-9)": the source package and, if given, its version */
			const char *paren = memchr(p->source.p, '(', p->source.n);
			struct span sn = { p->source.p,
				           paren ? (size_t)(paren - p->source.p) : p->source.n };
			char *s;

			str_trim(&sn.p, &sn.n);
			s = dup_span(sn);
			pkg_add_prop(p->pkg, "vouch:source-package", s);
			free(s);
			if (paren) {
				const char *close = memchr(
				        paren, ')', (size_t)(p->source.p + p->source.n - paren));

				if (close) {
					s = xmemdupz(paren + 1, (size_t)(close - paren - 1));
					pkg_add_prop(p->pkg, "vouch:source-version", s);
					free(s);
				}
			}
		}
		if (p->status.n) {
			char *s = dup_span(p->status);

			pkg_add_prop(p->pkg, "vouch:dpkg-status", s);
			free(s);
		}
		copyright_license(ctx, p->pkg, status_d ? 4 : 3);
	}

	/* the dependency graph between installed packages */
	sorted = xreallocarray(NULL, npara ? npara : 1, sizeof(*sorted));
	for (size_t i = 0; i < npara; i++)
		if (paras[i].pkg)
			sorted[nsorted++] = &paras[i];
	QSORT(sorted, nsorted, para_cmp);
	for (size_t i = 0; i < nsorted; i++) {
		add_edges(ctx, sorted[i], sorted[i]->predepends, sorted, nsorted);
		add_edges(ctx, sorted[i], sorted[i]->depends, sorted, nsorted);
	}
	free(sorted);
	free(paras);
	free(ecobuf);
	os_release_release(&os);
	return 0;
}

const struct extractor dpkg_status_extractor = {
	.name = "dpkg-status",
	.ecosystem = "Debian",
	.match = dpkg_match,
	.sniff = dpkg_sniff,
	.extract = dpkg_extract,
	.max_size = (size_t)256 << 20,
};
