/*
 * cpan.c: Perl distributions: CPAN::Meta files (META.json, META.yml and the
 * MYMETA.* a build writes) and Carton's lock, cpanfile.snapshot.
 *
 * Naming (purl-spec, type cpan): a purl names a *distribution*
 * (URI-PackageURL), never a module (URI::PackageURL), and its namespace is
 * the CPAN ID of the author who uploaded it. A cpanfile.snapshot gives all
 * three: pathname "E/ET/ETHER/URI-5.28.tar.gz" is pkg:cpan/ETHER/URI@5.28
 * (ext=zip and the like when the archive is not a .tar.gz). A META file
 * names the distribution and its version but not its uploader:
 * pkg:cpan/NAME@VERSION without a namespace. OSV has no CPAN ecosystem:
 * nothing is matched.
 *
 * META.json is CPAN::Meta::Spec version 2 (prereqs by phase and relation,
 * license a list of names), META.yml version 1.4 and older (requires,
 * build_requires, configure_requires, test_requires, recommends, license
 * a name). The file describes one distribution: the package. Its licence
 * names map to SPDX (perl_5 is "Artistic-1.0-Perl OR GPL-1.0-or-later");
 * an x_spdx_expression, as Dist::Zilla writes, is taken as it is. Its
 * prerequisites are modules with minimum versions, which a purl cannot name:
 * each is kept as the property vouch:cpan-requires = "MODULE VERSION (PHASE)".
 * A META file in a ".meta" folder (what cpanm installs) is an installed
 * distribution; elsewhere it is the project (the root).
 *
 * cpanfile.snapshot:
 *
 *     # carton snapshot format: version 1.0
 *     DISTRIBUTIONS
 *       URI-5.28
 *         pathname: O/OA/OALDERS/URI-5.28.tar.gz
 *         provides:
 *           URI 5.28
 *           URI::Escape 5.28
 *         requirements:
 *           Exporter 5.57
 *           perl 5.008001
 *
 * Each distribution is a package; its requirements name modules, linked to
 * the distribution whose provides lists them (edges); "perl" and modules no
 * distribution provides (the core library) give no edge. A META.json or
 * META.yml beside the snapshot names the project (root) and its
 * prerequisites by phase: the distributions providing them are direct (edges
 * from the root), and those that only build, test, configure or develop
 * prerequisites reach are dev; without it neither is said.
 */
#include "util/compat.h"
#include "core/inventory/inventory.h"
#include "core/inventory/langkit.h"
#include "core/inventory/lockparse.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/json.h"

#include <jansson.h>

#define CPAN_MAX_DEPTH 16 /* the snapshot's indentation levels we read: 2 to 6 spaces */

/* One prerequisite of a META file. */
struct prereq {
	const char *module, *version; /* owned by the document */
	const char *phase;            /* runtime, build, test, configure, develop */
	bool optional;                /* recommends, suggests */
};

struct meta {
	const char *name, *version, *spdx;
	const char *license[8];
	size_t nlicense;
	struct prereq *req;
	size_t nreq, areq;
	size_t line; /* of the name */
};

/* CPAN::Meta::Spec license names (version 2 and the 1.4 names) as SPDX. */
static const char *license_spdx(const char *name)
{
	static const struct {
		const char *cpan, *spdx;
	} map[] = {
		{ "agpl_3", "AGPL-3.0-only" },
		{ "apache_1_1", "Apache-1.1" },
		{ "apache_2_0", "Apache-2.0" },
		{ "artistic_1", "Artistic-1.0" },
		{ "artistic_2", "Artistic-2.0" },
		{ "bsd", "BSD-3-Clause" },
		{ "freebsd", "BSD-2-Clause" },
		{ "gfdl_1_2", "GFDL-1.2-only" },
		{ "gfdl_1_3", "GFDL-1.3-only" },
		{ "gpl_1", "GPL-1.0-only" },
		{ "gpl_2", "GPL-2.0-only" },
		{ "gpl_3", "GPL-3.0-only" },
		{ "lgpl_2_1", "LGPL-2.1-only" },
		{ "lgpl_3_0", "LGPL-3.0-only" },
		{ "mit", "MIT" },
		{ "mozilla_1_0", "MPL-1.0" },
		{ "mozilla_1_1", "MPL-1.1" },
		{ "openssl", "OpenSSL" },
		{ "perl_5", "Artistic-1.0-Perl OR GPL-1.0-or-later" },
		{ "qpl_1_0", "QPL-1.0" },
		{ "sun", "SISSL" },
		{ "zlib", "Zlib" },
		/* version 1.4 names */
		{ "perl", "Artistic-1.0-Perl OR GPL-1.0-or-later" },
		{ "apache", "Apache-2.0" },
		{ "artistic", "Artistic-1.0" },
	};

	for (size_t i = 0; i < ARRAY_SIZE(map); i++)
		if (!strcmp(map[i].cpan, name))
			return map[i].spdx;
	return NULL; /* open_source, restrictive, unrestricted, unknown, gpl, lgpl, mozilla, ssleay */
}

static void add_req(struct meta *m, const char *module, const char *version, const char *phase,
                    bool optional)
{
	ALLOC_GROW(m->req, m->nreq + 1, m->areq);
	m->req[m->nreq++] = (struct prereq){ module, version, phase, optional };
}

/* META.json, version 2 (a version 1.4 document in JSON is read with the 1.4 keys). */
static void meta_from_json(struct meta *m, json_t *doc)
{
	static const char *const phases[] = { "runtime", "build", "test", "configure", "develop" };
	static const char *const rels[] = { "requires", "recommends", "suggests" };
	json_t *lic = json_object_get(doc, "license"), *pre = json_object_get(doc, "prereqs");

	m->name = json_string_value(json_object_get(doc, "name"));
	m->version = json_string_value(json_object_get(doc, "version"));
	m->spdx = json_string_value(json_object_get(doc, "x_spdx_expression"));
	if (json_is_string(lic))
		m->license[m->nlicense++] = json_string_value(lic);
	for (size_t i = 0; json_is_array(lic) && i < json_array_size(lic); i++)
		if (json_is_string(json_array_get(lic, i)) && m->nlicense < ARRAY_SIZE(m->license))
			m->license[m->nlicense++] = json_string_value(json_array_get(lic, i));
	for (size_t p = 0; p < ARRAY_SIZE(phases); p++)
		for (size_t r = 0; r < ARRAY_SIZE(rels); r++) {
			json_t *o = json_object_get(json_object_get(pre, phases[p]), rels[r]);
			const char *k;
			json_t *v;

			json_object_foreach(o, k, v)
			{
				add_req(m, k, json_is_string(v) ? json_string_value(v) : "0",
				        phases[p], r > 0);
			}
		}
}

/* The 1.4 keys: requires and friends, as a map of module to version. */
static void yaml_reqs(struct meta *m, const struct ynode *doc, const char *key, const char *phase,
                      bool optional)
{
	const struct ynode *o = ynode_get(doc, key);

	for (size_t i = 0; o && o->kind == YNODE_MAP && i + 1 < o->nkids; i += 2) {
		const char *k = ynode_str(o->kids[i]), *v = ynode_str(o->kids[i + 1]);

		if (k)
			add_req(m, k, v && *v ? v : "0", phase, optional);
	}
}

static void meta_from_yaml(struct meta *m, const struct ynode *doc)
{
	const struct ynode *lic = ynode_get(doc, "license");

	m->name = ynode_str(ynode_get(doc, "name"));
	m->version = ynode_str(ynode_get(doc, "version"));
	m->spdx = ynode_str(ynode_get(doc, "x_spdx_expression"));
	if (ynode_get(doc, "name"))
		m->line = ynode_get(doc, "name")->line;
	if (ynode_str(lic))
		m->license[m->nlicense++] = ynode_str(lic);
	for (size_t i = 0; lic && lic->kind == YNODE_SEQ && i < lic->nkids; i++)
		if (ynode_str(lic->kids[i]) && m->nlicense < ARRAY_SIZE(m->license))
			m->license[m->nlicense++] = ynode_str(lic->kids[i]);
	yaml_reqs(m, doc, "requires", "runtime", false);
	yaml_reqs(m, doc, "recommends", "runtime", true);
	yaml_reqs(m, doc, "build_requires", "build", false);
	yaml_reqs(m, doc, "test_requires", "test", false);
	yaml_reqs(m, doc, "configure_requires", "configure", false);
}

/*
 * Reads a META document (JSON when it starts with '{', else YAML) into m,
 * whose strings live in *json or *yaml (free both). Reports parse errors
 * when report is set; returns 0 or ERR_PARSE.
 */
static int meta_read(struct meta *m, json_t **json, struct ynode **yaml, struct extract_ctx *ctx,
                     const char *data, size_t len, bool report)
{
	size_t i = 0, eline = 0;

	memset(m, 0, sizeof(*m));
	while (i < len && strchr(" \t\r\n", data[i]))
		i++;
	if (i < len && data[i] == '{') {
		if (report ? langkit_json(ctx, data, len, json) < 0
		           : vjson_parse(json, data, len, "") < 0)
			return ERR_PARSE;
		meta_from_json(m, *json);
		if (report) {
			struct jpos jp = JPOS_INIT(data, len);

			m->line = jpos_find(&jp, "name", m->name);
		}
		return 0;
	}
	if (ynode_parse(yaml, &eline, data, len) < 0) {
		if (report)
			extract_error(ctx, eline, "not valid YAML: %s", err_msg());
		return ERR_PARSE;
	}
	if (*yaml && (*yaml)->kind != YNODE_MAP) {
		if (report)
			extract_error(ctx, (*yaml)->line, "not a CPAN::Meta document (not a map)");
		return ERR_PARSE;
	}
	meta_from_yaml(m, *yaml);
	return 0;
}

static void meta_release(struct meta *m, json_t *json, struct ynode *yaml)
{
	free(m->req);
	json_decref(json);
	ynode_free(yaml);
}

static void set_license(struct pkg *p, const struct meta *m)
{
	struct buf b = BUF_INIT;

	if (m->spdx && *m->spdx) {
		pkg_set_license(p, m->spdx);
		return;
	}
	for (size_t i = 0; i < m->nlicense; i++) {
		const char *s = license_spdx(m->license[i]);

		if (!s) {
			pkg_add_prop(p, "vouch:cpan-license", m->license[i]);
			continue;
		}
		/* several names: the distribution may be used under any of them */
		buf_addf(&b, "%s%s%s%s", b.len ? " OR " : "",
		         m->nlicense > 1 && strchr(s, ' ') ? "(" : "", s,
		         m->nlicense > 1 && strchr(s, ' ') ? ")" : "");
	}
	if (b.len)
		pkg_set_license(p, b.ptr);
	buf_release(&b);
}

/* The distribution a META file describes. */
static struct pkg *meta_pkg(struct extract_ctx *ctx, const struct meta *m, bool root)
{
	struct pkg *p;

	if (!m->name || !*m->name)
		return NULL;
	p = extract_add(ctx, NULL, "cpan", NULL, m->name, m->version, m->line);
	if (!p)
		return NULL;
	p->flags |= root ? PKG_ROOT : PKG_SCOPE_UNKNOWN;
	if (!m->version)
		p->flags |= PKG_UNRESOLVED;
	return p;
}

static bool installed_meta(const char *rel)
{
	return !strncmp(rel, ".meta/", 6) || strstr(rel, "/.meta/");
}

static int meta_extract(struct extract_ctx *ctx, const char *data, size_t len)
{
	struct meta m;
	json_t *json = NULL;
	struct ynode *yaml = NULL;
	struct buf b = BUF_INIT;
	struct pkg *p;
	int r;

	if ((r = meta_read(&m, &json, &yaml, ctx, data, len, true)) < 0) {
		meta_release(&m, json, yaml);
		return r;
	}
	if (json && !json_is_object(json)) {
		meta_release(&m, json, yaml);
		return extract_error(ctx, 1, "not a CPAN::Meta document (not an object)");
	}
	if (!json && !yaml) {
		meta_release(&m, json, yaml);
		return extract_error(ctx, 0, "empty file");
	}
	if (!m.name || !*m.name) {
		meta_release(&m, json, yaml);
		return extract_error(ctx, 0, "no distribution 'name'");
	}
	if (!m.version)
		extract_note(ctx, m.line, "distribution '%s' has no version", LKQ(m.name));
	p = meta_pkg(ctx, &m, !installed_meta(extract_rel(ctx)));
	if (p) {
		set_license(p, &m);
		for (size_t i = 0; i < m.nreq; i++) {
			buf_reset(&b);
			buf_addf(&b, "%s %s (%s%s)", m.req[i].module, m.req[i].version,
			         m.req[i].phase, m.req[i].optional ? ", optional" : "");
			pkg_add_prop(p, "vouch:cpan-requires", b.ptr);
		}
	}
	buf_release(&b);
	meta_release(&m, json, yaml);
	return p ? 0 : err_code() == ERR_TOOBIG ? ERR_TOOBIG : 0;
}

static bool meta_match(const char *rel, const char *name)
{
	(void)rel;
	return !strcmp(name, "META.json") || !strcmp(name, "META.yml") ||
	       !strcmp(name, "MYMETA.json") || !strcmp(name, "MYMETA.yml");
}

static bool meta_sniff(const char *data, size_t len)
{
	size_t head = len < 8192 ? len : 8192;

	/* every CPAN::Meta writer puts the spec's URL in meta-spec */
	return memmem(data, head, "meta-spec", 9) &&
	       (memmem(data, head, "CPAN::Meta::Spec", 16) || memmem(data, head, "META-spec", 9));
}

const struct extractor cpan_meta_extractor = {
	"cpan-meta", NULL, meta_match, meta_sniff, meta_extract, 0,
};

/* cpanfile.snapshot */

struct dist {
	char *name, *version, *author, *ext;
	size_t line;
	size_t req0, nreq; /* its requirements in snap.reqs */
	struct pkg *pkg;
	bool bad; /* its pathname was reported */
	bool prod, dev;
};

struct snap {
	struct dist *v;
	size_t n, a;
	char **reqs; /* module names */
	size_t nreqs, areqs;
	struct lkmap provides; /* module -> dist index */
};

/*
 * "O/OA/OALDERS/URI-5.28.tar.gz" (also "authors/id/O/OA/..."): the author
 * (OALDERS), the distribution name and version split at the last '-' before
 * a digit or "v" and a digit, the extension. False when it is not that shape.
 */
static bool split_pathname(struct dist *d, const char *path)
{
	const char *file = strrchr(path, '/'), *a, *ext = NULL, *dash = NULL;
	static const char *const exts[] = {
		".tar.gz", ".tgz", ".tar.bz2", ".tar.xz", ".zip", ".tar"
	};
	size_t flen;

	if (!file || file == path)
		return false;
	a = file;
	while (a > path && a[-1] != '/')
		a--;
	file++;
	flen = strlen(file);
	for (size_t i = 0; i < ARRAY_SIZE(exts) && !ext; i++) {
		size_t el = strlen(exts[i]);

		if (flen > el && !strcmp(file + flen - el, exts[i]))
			ext = file + flen - el;
	}
	if (!ext)
		return false;
	for (const char *c = file; c < ext; c++)
		if (*c == '-' && c + 1 < ext &&
		    ((c[1] >= '0' && c[1] <= '9') ||
		     (c[1] == 'v' && c + 2 < ext && c[2] >= '0' && c[2] <= '9')))
			dash = c;
	if (!dash || dash == file || file - 1 == a)
		return false;
	d->author = xmemdupz(a, (size_t)(file - 1 - a));
	d->name = xmemdupz(file, (size_t)(dash - file));
	d->version = xmemdupz(dash + 1, (size_t)(ext - dash - 1));
	d->ext = strcmp(ext, ".tar.gz") ? xstrdup(ext + 1) : NULL;
	return true;
}

/* A line's indentation (spaces) and its text without the line end. */
static size_t indent(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n && s[i] == ' ')
		i++;
	return i;
}

static void snap_release(struct snap *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->v[i].name);
		free(s->v[i].version);
		free(s->v[i].author);
		free(s->v[i].ext);
	}
	for (size_t i = 0; i < s->nreqs; i++)
		free(s->reqs[i]);
	free(s->v);
	free(s->reqs);
	lkmap_release(&s->provides);
}

/* The first word of (s, n) as a new string. */
static char *word(const char *s, size_t n)
{
	size_t w = 0;

	while (w < n && s[w] != ' ' && s[w] != '\t')
		w++;
	return xmemdupz(s, w);
}

static int snap_parse(struct snap *s, struct extract_ctx *ctx, const char *data, size_t len)
{
	const char *p = data, *end = data + len;
	size_t line = 0, errors = 0;
	enum { NONE, PROVIDES, REQUIREMENTS, OTHER } list = NONE;
	bool in_dists = false, bad_dist = false;

	while (p < end && errors < LANGKIT_MAX_ERRORS) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t n = (size_t)((nl ? nl : end) - p), ind;
		const char *t;

		line++;
		if (n && p[n - 1] == '\r')
			n--;
		ind = indent(p, n);
		t = p + ind;
		n -= ind;
		if (!n || *t == '#')
			goto next;
		if (ind == 0) {
			in_dists = n == 13 && !memcmp(t, "DISTRIBUTIONS", 13);
			if (!in_dists)
				extract_note(ctx, line, "section '%s' is not one this reader knows",
				             langkit_quote(t, n));
		} else if (!in_dists) {
			/* lines of a section we do not read */
		} else if (ind == 2) {
			ALLOC_GROW(s->v, s->n + 1, s->a);
			memset(&s->v[s->n], 0, sizeof(s->v[s->n]));
			s->v[s->n].line = line;
			s->v[s->n].req0 = s->nreqs;
			s->n++;
			bad_dist = false;
			list = NONE;
		} else if (!s->n) {
			errors++;
			extract_error(ctx, line, "an indented line before any distribution");
		} else if (ind == 4) {
			struct dist *d = &s->v[s->n - 1];

			list = OTHER;
			if (n > 9 && !memcmp(t, "pathname:", 9)) {
				char *path = xmemdupz(t + 9, n - 9), *q = path;

				while (*q == ' ')
					q++;
				if (d->name || !split_pathname(d, q)) {
					errors++;
					bad_dist = d->bad = true;
					extract_error(
					        ctx, line,
					        "pathname '%s' is not AUTHOR/DIST-VERSION.EXT",
					        LKQ(q));
				}
				free(path);
			} else if (n == 9 && !memcmp(t, "provides:", 9)) {
				list = PROVIDES;
			} else if (n == 13 && !memcmp(t, "requirements:", 13)) {
				list = REQUIREMENTS;
			}
		} else if (ind == 6 && list == PROVIDES) {
			char *mod = word(t, n);

			if (!bad_dist)
				lkmap_put(&s->provides, mod, strlen(mod), s->n - 1);
			free(mod);
		} else if (ind == 6 && list == REQUIREMENTS) {
			ALLOC_GROW(s->reqs, s->nreqs + 1, s->areqs);
			s->reqs[s->nreqs++] = word(t, n);
			s->v[s->n - 1].nreq++;
		} else if (list != OTHER) {
			errors++;
			extract_error(ctx, line, "unexpected indentation (%zu spaces)", ind);
		}
	next:
		if (s->n > INVENTORY_MAX_PACKAGES)
			return extract_error(ctx, line, "more than %d distributions",
			                     INVENTORY_MAX_PACKAGES);
		p = nl ? nl + 1 : end;
	}
	return errors ? ERR_PARSE : 0;
}

static struct dist *provider(const struct snap *s, const char *module)
{
	size_t e = lkmap_first(&s->provides, module, strlen(module));

	return e == LKMAP_END ? NULL : &s->v[s->provides.ents[e].val];
}

static void reach(struct snap *s, struct dist *d, bool dev)
{
	struct dist **stack = NULL;
	size_t n = 0, a = 0;

	ALLOC_GROW(stack, n + 1, a);
	stack[n++] = d;
	while (n) {
		struct dist *c = stack[--n];

		if (dev ? c->dev : c->prod)
			continue;
		*(dev ? &c->dev : &c->prod) = true;
		for (size_t i = 0; i < c->nreq; i++) {
			struct dist *to = provider(s, s->reqs[c->req0 + i]);

			if (to) {
				ALLOC_GROW(stack, n + 1, a);
				stack[n++] = to;
			}
		}
	}
	free(stack);
}

/* META.json or META.yml beside the snapshot: the project, its prerequisites by phase. */
static void snap_project(struct extract_ctx *ctx, struct snap *s)
{
	static const char *const names[] = { "META.json", "META.yml", "MYMETA.json", "MYMETA.yml" };
	struct buf data = BUF_INIT;
	struct meta m;
	json_t *json = NULL;
	struct ynode *yaml = NULL;
	struct pkg *root;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (extract_read_relative(ctx, names[i], &data, NULL) == 0)
			break;
	if (i == ARRAY_SIZE(names) ||
	    meta_read(&m, &json, &yaml, ctx, data.ptr, data.len, false) < 0 ||
	    (json && !json_is_object(json))) {
		if (i < ARRAY_SIZE(names))
			meta_release(&m, json, yaml);
		buf_release(&data);
		return; /* a META that cannot be read is its own file's business */
	}
	root = meta_pkg(ctx, &m, true);
	for (size_t k = 0; k < m.nreq; k++) {
		struct dist *d = provider(s, m.req[k].module);
		bool runtime = !strcmp(m.req[k].phase, "runtime");

		if (!d || !d->pkg)
			continue;
		d->pkg->flags |= PKG_DIRECT;
		if (root)
			extract_edge(ctx, root, d->pkg);
		reach(s, d, !runtime);
	}
	for (size_t k = 0; k < s->n; k++) {
		struct pkg *p = s->v[k].pkg;

		if (!p)
			continue;
		if (!(p->flags & PKG_DIRECT))
			p->flags |= PKG_TRANSITIVE;
		if (s->v[k].dev && !s->v[k].prod)
			p->flags |= PKG_DEV;
	}
	meta_release(&m, json, yaml);
	buf_release(&data);
}

static int snap_extract(struct extract_ctx *ctx, const char *data, size_t len)
{
	struct snap s = { .provides = LKMAP_INIT };
	int r = snap_parse(&s, ctx, data, len), r2 = 0;

	for (size_t i = 0; i < s.n && r2 == 0; i++) {
		struct dist *d = &s.v[i];

		if (!d->name) {
			if (!d->bad)
				extract_error(ctx, d->line, "distribution without a pathname");
			continue;
		}
		d->pkg = extract_add(ctx, NULL, "cpan", d->author, d->name, d->version, d->line);
		if (!d->pkg) {
			r2 = err_code();
			break;
		}
		if (d->ext)
			pkg_add_qualifier(d->pkg, "ext", d->ext);
	}
	for (size_t i = 0; i < s.n && r2 == 0; i++)
		for (size_t k = 0; s.v[i].pkg && k < s.v[i].nreq; k++) {
			struct dist *to = provider(&s, s.reqs[s.v[i].req0 + k]);

			if (to && to->pkg && to != &s.v[i])
				extract_edge(ctx, s.v[i].pkg, to->pkg);
		}
	if (r2 == 0)
		snap_project(ctx, &s);
	snap_release(&s);
	return r2 ? r2 : r;
}

static bool snap_match(const char *rel, const char *name)
{
	(void)rel;
	return !strcmp(name, "cpanfile.snapshot");
}

static bool snap_sniff(const char *data, size_t len)
{
	return len > 25 && !memcmp(data, "# carton snapshot format:", 25);
}

const struct extractor cpanfile_snapshot_extractor = {
	"cpanfile-snapshot", NULL, snap_match, snap_sniff, snap_extract, 0,
};
