/*
 * pkginfo.c: installed Python distributions: *.dist-info/METADATA,
 * *.egg-info/PKG-INFO, eggs' EGG-INFO/PKG-INFO and single-file *.egg-info (core metadata, RFC 822
 * style headers up to the first empty line).
 *
 * Headers are read as Python's email parser reads them (what
 * importlib.metadata reports): names are case-insensitive, a line starting
 * with white space continues the previous header, and a line that is not a
 * header ends the headers (reported as an error, what came before is kept).
 * Name and Version are the first of each (repeated ones are a note).
 * License: License-Expression as written; else the License field or a single
 * "License ::" classifier when they name one SPDX licence unambiguously
 * (pypi.c). Edges: the Requires-Dist requirements (egg-info: requires.txt),
 * without those only for extras, that name a distribution installed in the
 * same folder (site-packages) become dependencies, by that distribution's
 * own Name and Version. The folder is listed only when the file is on disk
 * inside the scanned tree; the dependency is read through
 * extract_read_relative, so nothing outside the tree is opened.
 */
#include "util/compat.h"
#include "core/inventory/inventory.h"
#include "core/inventory/langkit.h"
#include "core/inventory/python/pypi.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/fs.h"
#include "util/lines.h"

#include <dirent.h>
#include <strings.h>

#define PKGINFO_MAX_VALUES  4096
#define PKGINFO_MAX_DEPS    512
#define PKGINFO_MAX_ENTRIES 100000 /* folder entries looked at for edges */

struct hdr {
	const char *name; /* lower case */
	struct buf value; /* continuation lines joined with "\n" */
	size_t line;
};

struct meta {
	struct hdr *h;
	size_t nh, ah;
	size_t bad_line;  /* a line that is not a header, 0 when none */
	size_t long_line; /* a header value past its cap was cut here, 0 when none */
};

static void meta_release(struct meta *m)
{
	for (size_t i = 0; i < m->nh; i++) {
		free((char *)m->h[i].name);
		buf_release(&m->h[i].value);
	}
	free(m->h);
	memset(m, 0, sizeof(*m));
}

static void meta_parse(struct meta *m, const char *data, size_t len)
{
	struct lines it = LINES_INIT(data, len);
	const char *s;
	size_t n;

	while (lines_next(&it, &s, &n)) {
		const char *colon;
		struct hdr *h;
		char *k;

		if (!n)
			break;
		if (s[0] == ' ' || s[0] == '\t') {
			if (m->nh) {
				h = &m->h[m->nh - 1];
				if (buf_addch(&h->value, '\n') < 0 || buf_add(&h->value, s, n) < 0)
					m->long_line = it.lineno;
				continue;
			}
			m->bad_line = it.lineno;
			break;
		}
		colon = memchr(s, ':', n);
		if (!colon || colon == s || m->nh >= PKGINFO_MAX_VALUES) {
			m->bad_line = it.lineno;
			break;
		}
		ALLOC_GROW(m->h, m->nh + 1, m->ah);
		h = &m->h[m->nh++];
		k = xstrndup(s, (size_t)(colon - s));
		for (char *c = k; *c; c++)
			if (*c >= 'A' && *c <= 'Z')
				*c = (char)(*c - 'A' + 'a');
		h->name = k;
		buf_init(&h->value, (size_t)1 << 20);
		h->line = it.lineno;
		if (buf_add(&h->value, colon + 1, n - (size_t)(colon + 1 - s)) < 0)
			m->long_line = it.lineno;
	}
}

/* The values of header name (lower case), in order. */
static const struct hdr *meta_get(const struct meta *m, const char *name, size_t *idx)
{
	for (size_t i = idx ? *idx : 0; i < m->nh; i++)
		if (!strcmp(m->h[i].name, name)) {
			if (idx)
				*idx = i + 1;
			return &m->h[i];
		}
	return NULL;
}

static void value_slice(const struct hdr *h, const char **s, size_t *n)
{
	*s = h->value.ptr;
	*n = h->value.len;
	str_trim(s, n);
}

static char *hdr_dup(const struct meta *m, const char *name)
{
	const struct hdr *h = meta_get(m, name, NULL);
	const char *s;
	size_t n;

	if (!h)
		return NULL;
	value_slice(h, &s, &n);
	return n ? xstrndup(s, n) : NULL;
}

static void set_license(struct extract_ctx *ctx, struct pkg *p, const struct meta *m)
{
	const struct hdr *h = meta_get(m, "license-expression", NULL);
	const char *s, *spdx = NULL, *cand;
	size_t n, idx = 0;
	int nclass = 0;

	if (h) {
		value_slice(h, &s, &n);
		if (pypi_spdx_expression_ok(s, n)) {
			char *e = xstrndup(s, n);

			pkg_set_license(p, e);
			free(e);
		} else {
			extract_note(ctx, h->line, "License-Expression is not an SPDX expression");
		}
		return;
	}
	if ((h = meta_get(m, "license", NULL)) != NULL) {
		value_slice(h, &s, &n);
		if (pypi_field_is_spdx(s, n)) {
			char *e = xstrndup(s, n);

			pkg_set_license(p, e);
			free(e);
			return;
		}
		spdx = pypi_license_from_field(s, n);
	}
	if (!spdx) {
		while ((h = meta_get(m, "classifier", &idx)) != NULL) {
			value_slice(h, &s, &n);
			if (!str_starts(s, n, "License ::"))
				continue;
			nclass++;
			cand = pypi_license_from_classifier(s, n);
			spdx = nclass == 1 ? cand : NULL; /* several: AND or OR is not said */
		}
	}
	pkg_set_license(p, spdx);
}

struct depname {
	char *norm;
	size_t line;
};

/* Adds the requirement names of (s, n) that hold for every install (no extra). */
static void collect_req(struct depname **deps, size_t *nd, size_t *ad, const char *s, size_t n,
                        size_t line)
{
	struct pyreq rq;
	const char *why;
	struct buf norm = BUF_INIT;

	if (*nd >= PKGINFO_MAX_DEPS || pyreq_parse(&rq, s, n, &why) < 0)
		return;
	if (rq.marker.n && memmem(rq.marker.p, rq.marker.n, "extra", 5))
		return;
	pypi_normalize(&norm, rq.name.p, rq.name.n);
	ALLOC_GROW(*deps, *nd + 1, *ad);
	(*deps)[*nd].norm = buf_detach(&norm, NULL);
	(*deps)[(*nd)++].line = line;
}

/* egg-info requires.txt: lines before any "[extra]" section, and "[:marker]" sections. */
static void collect_requires_txt(struct depname **deps, size_t *nd, size_t *ad, const char *data,
                                 size_t len)
{
	struct lines it = LINES_INIT(data, len);
	bool take = true;
	const char *s;
	size_t n;

	while (lines_next(&it, &s, &n)) {
		str_trim(&s, &n);
		if (!n || s[0] == '#')
			continue;
		if (s[0] == '[') {
			take = n >= 2 && s[1] == ':';
			continue;
		}
		if (take)
			collect_req(deps, nd, ad, s, n, 0);
	}
}

/*
 * The folder holding the distributions and the path prefix that leads there
 * from the current file's folder: "X.dist-info/METADATA" -> ("..", "../").
 */
static bool site_dir(const char *path, const char *rel, struct buf *dir, struct buf *prefix)
{
	const char *name = fs_basename(rel);
	size_t l = strlen(name);
	bool single = l > 9 && !strcmp(name + l - 9, ".egg-info");
	const char *slash;

	buf_adds(dir, path);
	for (int up = single ? 1 : 2; up > 0; up--) {
		slash = memrchr(dir->ptr, '/', dir->len);
		if (!slash)
			return false;
		buf_truncate(dir, (size_t)(slash - dir->ptr));
	}
	if (!dir->len)
		buf_addch(dir, '/');
	if (!single)
		buf_adds(prefix, "../");
	return true;
}

/* Splits a distribution folder name "name-version.dist-info" into its normalised name. */
static bool dist_entry(const char *d, struct buf *norm, const char **meta)
{
	size_t l = strlen(d);
	const char *dash;

	if (l > 10 && !strcmp(d + l - 10, ".dist-info")) {
		*meta = "METADATA";
		l -= 10;
	} else if (l > 9 && !strcmp(d + l - 9, ".egg-info")) {
		*meta = "PKG-INFO";
		l -= 9;
	} else {
		return false;
	}
	dash = memchr(d, '-', l);
	if (dash)
		l = (size_t)(dash - d);
	buf_reset(norm);
	pypi_normalize(norm, d, l);
	return true;
}

static void add_edges(struct extract_ctx *ctx, struct pkg *p, const struct meta *m)
{
	struct depname *deps = NULL;
	size_t nd = 0, ad = 0, idx = 0;
	const struct hdr *h;
	struct buf dir = BUF_INIT, prefix = BUF_INIT, norm = BUF_INIT, rel = BUF_INIT,
	           data = BUF_INIT, purl = BUF_INIT, self = BUF_INIT, probe = BUF_INIT;
	DIR *dh = NULL;
	struct dirent *de;
	struct lkmap want_names = LKMAP_INIT;
	size_t nentries = 0;
	const char *frel = extract_rel(ctx);

	while ((h = meta_get(m, "requires-dist", &idx)) != NULL) {
		const char *s;
		size_t n;

		value_slice(h, &s, &n);
		collect_req(&deps, &nd, &ad, s, n, h->line);
	}
	if (!strcmp(fs_basename(frel), "PKG-INFO") &&
	    extract_read_relative(ctx, "requires.txt", &data, NULL) == 0)
		collect_requires_txt(&deps, &nd, &ad, data.ptr, data.len);
	if (!nd || !site_dir(extract_path(ctx), frel, &dir, &prefix))
		goto done;
	pypi_normalize(&self, p->name, strlen(p->name));
	for (size_t i = 0; i < nd; i++)
		lkmap_put(&want_names, deps[i].norm, strlen(deps[i].norm), i);
	dh = opendir(dir.ptr);
	if (!dh)
		goto done;
	while ((de = readdir(dh)) != NULL) {
		if (++nentries > PKGINFO_MAX_ENTRIES) {
			extract_note(
			        ctx, 0,
			        "more than %d entries next to it: dependencies not all resolved",
			        PKGINFO_MAX_ENTRIES);
			break;
		}
		const char *metafile;
		struct meta dm = { 0 };
		char *name, *ver;
		bool want = false;

		if (!dist_entry(de->d_name, &norm, &metafile) || buf_eqs(&norm, self.ptr))
			continue;
		want = lkmap_first(&want_names, norm.ptr, norm.len) != LKMAP_END;
		if (!want)
			continue;
		buf_reset(&rel);
		buf_addf(&rel, "%s%s", prefix.ptr, de->d_name);
		/* a folder holds the metadata file; a single-file egg-info is it */
		buf_reset(&probe);
		buf_addf(&probe, "%s/%s", rel.ptr, metafile);
		buf_reset(&data);
		if (extract_read_relative(ctx, probe.ptr, &data, NULL) < 0) {
			buf_reset(&data);
			if (extract_read_relative(ctx, rel.ptr, &data, NULL) < 0)
				continue;
		}
		meta_parse(&dm, data.ptr, data.len);
		name = hdr_dup(&dm, "name");
		ver = hdr_dup(&dm, "version");
		buf_reset(&norm);
		if (name)
			pypi_normalize(&norm, name, strlen(name));
		if (name && lkmap_first(&want_names, norm.ptr, norm.len) != LKMAP_END) {
			buf_reset(&purl);
			if (langkit_purl(&purl, "pypi", NULL, name, ver) == 0)
				pkg_add_dep_purl(p, purl.ptr);
		}
		free(name);
		free(ver);
		meta_release(&dm);
	}
done:
	if (dh)
		closedir(dh);
	lkmap_release(&want_names);
	for (size_t i = 0; i < nd; i++)
		free(deps[i].norm);
	free(deps);
	buf_release(&dir);
	buf_release(&prefix);
	buf_release(&norm);
	buf_release(&rel);
	buf_release(&data);
	buf_release(&purl);
	buf_release(&self);
	buf_release(&probe);
}

static int pkginfo_extract(struct extract_ctx *ctx, const char *data, size_t len)
{
	struct meta m = { 0 };
	const struct hdr *hn, *hv, *h;
	char *name = NULL, *ver = NULL;
	struct pkg *p;
	size_t idx = 0;
	int nver = 0, r = 0;

	meta_parse(&m, data, len);
	if (m.bad_line)
		r = extract_error(ctx, m.bad_line,
		                  "not a header line (no 'Name: value'): the headers end here");
	if (m.long_line)
		r = extract_error(ctx, m.long_line, "a header value longer than 1 MiB: cut");
	hn = meta_get(&m, "name", NULL);
	hv = meta_get(&m, "version", NULL);
	while ((h = meta_get(&m, "version", &idx)) != NULL)
		nver++;
	name = hdr_dup(&m, "name");
	ver = hdr_dup(&m, "version");
	if (!name || !pypi_valid_name(name, strlen(name))) {
		r = extract_error(ctx, hn ? hn->line : 0,
		                  name ? "Name '%s' is not a valid distribution name"
		                       : "no Name header: not a distribution's metadata%s",
		                  name ? LKQ(name) : "");
		goto done;
	}
	if (!ver) {
		r = extract_error(ctx, hn->line, "no Version header for '%s'", LKQ(name));
		goto done;
	}
	if (nver > 1)
		extract_note(ctx, hv->line,
		             "%d Version headers: the first, '%s', is used (as Python does)", nver,
		             ver);
	p = extract_add(ctx, PYPI_ECOSYSTEM, "pypi", NULL, name, ver, hn->line);
	if (!p) {
		r = -1;
		goto done;
	}
	/* an installed distribution cannot tell dev or optional: a lockfile beside it can */
	p->flags |= PKG_SCOPE_UNKNOWN;
	set_license(ctx, p, &m);
	add_edges(ctx, p, &m);
done:
	free(name);
	free(ver);
	meta_release(&m);
	return r;
}

static bool pkginfo_match(const char *rel, const char *name)
{
	size_t l = strlen(rel), nl = strlen(name);

	if (!strcmp(name, "METADATA"))
		return l > 20 && !memcmp(rel + l - 19, ".dist-info/METADATA", 19);
	if (!strcmp(name, "PKG-INFO"))
		return (l > 18 && !memcmp(rel + l - 18, ".egg-info/PKG-INFO", 18)) ||
		       /* an egg (zip or folder): EGG-INFO/PKG-INFO at its top */
		       !strcmp(rel, "EGG-INFO/PKG-INFO") ||
		       (l > 18 && !memcmp(rel + l - 18, "/EGG-INFO/PKG-INFO", 18));
	/* a single-file egg-info written by distutils */
	return nl > 9 && !strcmp(name + nl - 9, ".egg-info");
}

static bool pkginfo_sniff(const char *data, size_t len)
{
	return len > 17 && !strncasecmp(data, "Metadata-Version:", 17);
}

const struct extractor pypi_pkginfo_extractor = {
	"pypi-installed", PYPI_ECOSYSTEM, pkginfo_match, pkginfo_sniff, pkginfo_extract, 0,
};
