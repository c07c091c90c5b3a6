/*
 * conda_meta.c: the packages installed in a conda environment, one JSON
 * record per package in the environment's conda-meta folder
 * (conda-meta/NAME-VERSION-BUILD.json, conda's PrefixRecord):
 *
 *     { "name": "numpy", "version": "1.26.4", "build": "py312h2809609_0",
 *       "build_number": 0, "channel": "https://conda.anaconda.org/conda-forge",
 *       "subdir": "linux-64", "fn": "numpy-1.26.4-py312h2809609_0.conda",
 *       "md5": "...", "sha256": "...", "license": "BSD-3-Clause",
 *       "depends": ["libblas >=3.9.0,<4.0a0", "python >=3.12,<3.13.0a0"], ... }
 *
 * Each is pkg:conda/NAME@VERSION?build=B&channel=C&subdir=S&type=T (purl-spec's
 * conda type; type is the archive's kind, "conda" or "tar.bz2", from fn or
 * url). The channel is named as conda names it ("conda-forge", "main" for
 * repo.anaconda.com/pkgs/main), a channel of another host by its URL without
 * credentials. md5 and sha256 are those of the package archive the purl
 * names: component hashes. OSV has no conda ecosystem: no ecosystem is set,
 * so `vouch scan` matches nothing here (a conda build of a PyPI project is
 * not the PyPI release).
 *
 * Edges: each depends entry is a match spec ("python >=3.9,<3.10.0a0",
 * "conda-forge::zlib", "libgcc-ng>=12"); its name is resolved to the package
 * of that name installed in the same conda-meta folder. That needs the
 * folder's other records, read on disk (an index kept for the whole scan);
 * a record read alone or from an image layer gives no edges.
 */
#include "util/compat.h"
#include "core/inventory/inventory.h"
#include "core/inventory/langkit.h"
#include "core/inventory/npm/npm.h"
#include "core/inventory/python/pypi.h"
#include "core/formats/purl.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/fs.h"
#include "util/jsonr.h"

#include <dirent.h>

#define CONDA_MAX_RECORDS 100000 /* records of one environment read for edges */
#define CONDA_MAX_DEPENDS 10000  /* depends entries of one record */

/* What a record says, as strings of its document (NULL when absent). */
struct crec {
	const char *name, *version, *build, *channel_raw, *subdir, *fn, *url;
	const char *license;
	const struct jr_value *depends;
	size_t line;
	char *channel; /* normalised, allocated */
	const char *type;
};

/* conda-meta/X.json: a record's own name, in a folder named conda-meta */
static bool conda_match(const char *rel, const char *name)
{
	size_t n = strlen(name), r = strlen(rel);
	static const char dir[] = "conda-meta/";
	size_t d = sizeof(dir) - 1;

	if (n <= 5 || strcmp(name + n - 5, ".json") || r < n + d)
		return false;
	return !memcmp(rel + r - n - d, dir, d) && (r == n + d || rel[r - n - d - 1] == '/');
}

static bool conda_sniff(const char *data, size_t len)
{
	size_t i = 0;

	while (i < len && (data[i] == ' ' || data[i] == '\n' || data[i] == '\r' || data[i] == '\t'))
		i++;
	return i < len && data[i] == '{' && memmem(data, len, "\"build_number\"", 14) &&
	       memmem(data, len, "\"subdir\"", 8) && memmem(data, len, "\"depends\"", 9);
}

/*
 * The channel as conda shows it: "https://conda.anaconda.org/conda-forge"
 * is conda-forge, "https://repo.anaconda.com/pkgs/main" is main (as in
 * purl-spec's example); a trailing "/SUBDIR" (older records) is dropped, and
 * so are credentials (user:password@, conda's "/t/TOKEN" segment), which do
 * not belong in an SBOM.
 */
static char *channel_name(const char *ch, const char *subdir)
{
	static const char *const hosts[] = { "https://conda.anaconda.org/",
		                             "http://conda.anaconda.org/",
		                             "https://repo.anaconda.com/pkgs/",
		                             "http://repo.anaconda.com/pkgs/" };
	struct buf b = BUF_INIT_MAX(PURL_MAX_LEN);
	const char *p = ch, *scheme = strstr(ch, "://");
	size_t n;

	if (scheme) {
		const char *host = scheme + 3, *slash = strchr(host, '/'), *at = strchr(host, '@');

		buf_add(&b, ch, (size_t)(host - ch));
		if (at && (!slash || at < slash))
			host = at + 1;
		p = host;
	}
	while (*p) {
		if (!strncmp(p, "/t/", 3) && scheme) {
			const char *e = strchr(p + 3, '/');

			p = e ? e : p + strlen(p);
			continue;
		}
		buf_addch(&b, *p++);
	}
	n = subdir ? strlen(subdir) : 0;
	if (n && b.len > n && b.ptr[b.len - n - 1] == '/' && !strcmp(b.ptr + b.len - n, subdir))
		buf_truncate(&b, b.len - n - 1);
	while (b.len && b.ptr[b.len - 1] == '/')
		buf_truncate(&b, b.len - 1);
	for (size_t i = 0; i < ARRAY_SIZE(hosts); i++) {
		size_t h = strlen(hosts[i]);

		if (b.len > h && !strncmp(b.ptr, hosts[i], h)) {
			char *s = xstrdup(b.ptr + h);

			buf_release(&b);
			return s;
		}
	}
	return buf_detach(&b, NULL);
}

static const char *archive_type(const char *s)
{
	size_t n = s ? strlen(s) : 0;

	if (n > 8 && !strcmp(s + n - 8, ".tar.bz2"))
		return "tar.bz2";
	if (n > 6 && !strcmp(s + n - 6, ".conda"))
		return "conda";
	return NULL;
}

static void crec_read(struct crec *c, const struct jr_value *root)
{
	const struct jr_member *m = jr_member(root, "name");

	memset(c, 0, sizeof(*c));
	c->line = m ? m->line : 1;
	c->name = jr_str(root, "name");
	c->version = jr_str(root, "version");
	c->build = jr_str(root, "build");
	if (!c->build)
		c->build = jr_str(root, "build_string");
	c->channel_raw = jr_str(root, "channel");
	c->subdir = jr_str(root, "subdir");
	c->fn = jr_str(root, "fn");
	c->url = jr_str(root, "url");
	c->license = jr_str(root, "license");
	c->depends = jr_get(root, "depends");
	if (c->channel_raw && *c->channel_raw)
		c->channel = channel_name(c->channel_raw, c->subdir);
	c->type = archive_type(c->fn);
	if (!c->type)
		c->type = archive_type(c->url);
}

static size_t crec_quals(const struct crec *c, struct purl_qualifier q[4])
{
	size_t n = 0;

	if (c->build && *c->build)
		q[n++] = (struct purl_qualifier){ (char *)"build", (char *)c->build };
	if (c->channel && *c->channel)
		q[n++] = (struct purl_qualifier){ (char *)"channel", c->channel };
	if (c->subdir && *c->subdir)
		q[n++] = (struct purl_qualifier){ (char *)"subdir", (char *)c->subdir };
	if (c->type)
		q[n++] = (struct purl_qualifier){ (char *)"type", (char *)c->type };
	return n;
}

/* The name of a match spec: "conda-forge::numpy >=1.2" is numpy; (s, *n) on return. */
static const char *spec_name(const char *s, size_t *n)
{
	const char *colons = strstr(s, "::"), *e;

	if (colons)
		s = colons + 2;
	while (*s == ' ')
		s++;
	e = s;
	while (*e && !strchr(" =<>!~[", *e))
		e++;
	*n = (size_t)(e - s);
	return s;
}

/* The records of the environment: name -> purl (langkit.h). */
static struct lkpurls *env_index(struct extract_ctx *ctx)
{
	const char *fs = extract_fs_path(ctx), *slash;
	struct buf key = BUF_INIT, dir = BUF_INIT, data = BUF_INIT, purl = BUF_INIT;
	struct lkpurls *e = NULL;
	DIR *dh = NULL;
	struct dirent *de;
	size_t seen = 0;

	if (!fs || !(slash = strrchr(fs, '/')) || slash - fs < 10 ||
	    memcmp(slash - 10, "conda-meta", 10))
		goto done;
	buf_add(&dir, fs, (size_t)(slash - fs));
	buf_addf(&key, "conda-meta:%s", dir.ptr);
	e = extract_cache_get(ctx, key.ptr);
	if (e)
		goto done;
	e = xcalloc(1, sizeof(*e));
	extract_cache_set(ctx, key.ptr, e, lkpurls_free);
	dh = opendir(dir.ptr);
	while (dh && (de = readdir(dh)) != NULL) {
		struct jr_doc *doc = NULL;
		struct purl_qualifier q[4];
		struct crec c;
		size_t nl = strlen(de->d_name);

		if (nl <= 5 || strcmp(de->d_name + nl - 5, ".json"))
			continue;
		if (++seen > CONDA_MAX_RECORDS) {
			extract_note(ctx, 0,
			             "more than %d records beside it: dependencies not all "
			             "resolved",
			             CONDA_MAX_RECORDS);
			break;
		}
		buf_reset(&data);
		if (extract_read_relative(ctx, de->d_name, &data, NULL) < 0 ||
		    jr_parse_inplace(&doc, data.ptr, data.len, de->d_name) < 0) {
			err_clear();
			continue;
		}
		crec_read(&c, jr_root(doc));
		buf_reset(&purl);
		if (c.name && *c.name && c.version && *c.version &&
		    purl_build(&purl, "conda", NULL, c.name, c.version, q, crec_quals(&c, q),
		               NULL) == 0) {
			lkpurls_add(e, c.name, strlen(c.name), buf_detach(&purl, NULL));
		}
		err_clear();
		free(c.channel);
		jr_free(doc);
	}
done:
	if (dh)
		closedir(dh);
	buf_release(&key);
	buf_release(&dir);
	buf_release(&data);
	buf_release(&purl);
	return e;
}

static void add_license(struct pkg *p, const char *lic)
{
	size_t n = strlen(lic);
	const char *alias;

	if (!n)
		return;
	if (pypi_field_is_spdx(lic, n)) {
		pkg_set_license(p, lic);
		return;
	}
	/* "BSD 3-Clause", "Apache 2.0", "PSF": conda-build copies the recipe's free text */
	alias = pypi_license_from_field(lic, n);
	if (alias)
		pkg_set_license(p, alias);
	pkg_add_prop(p, "vouch:license-declared", lic);
}

static void add_hash(struct extract_ctx *ctx, struct pkg *p, const struct jr_value *root,
                     const char *alg, size_t want, const char *key)
{
	const char *hex = jr_str(root, key);

	if (!hex)
		return;
	if (strlen(hex) != want || !langkit_is_hex(hex, want)) {
		extract_error(ctx, jr_member(root, key)->line, "'%s' of %s is not a hash: %s", key,
		              LKQ(p->name), LKQ(hex));
		return;
	}
	pkg_add_hash(p, alg, hex);
}

static int conda_extract(struct extract_ctx *ctx, const char *data, size_t len)
{
	struct jr_doc *doc = NULL;
	const struct jr_value *root;
	struct purl_qualifier q[4];
	struct lkpurls *env;
	struct crec c = { 0 };
	struct pkg *p;
	size_t nq;
	int r = 0;

	if (!len)
		return extract_error(ctx, 0, "empty file");
	if (jr_parse(&doc, data, len, extract_path(ctx)) < 0)
		return npm_parse_error(ctx, "JSON");
	root = jr_root(doc);
	if (!jr_is(root, JR_OBJECT)) {
		r = extract_error(ctx, 1, "not a conda package record (a JSON object)");
		goto done;
	}
	crec_read(&c, root);
	if (!c.name || !*c.name) {
		r = extract_error(ctx, 1, "conda package record without a 'name'");
		goto done;
	}
	if (!c.version || !*c.version) {
		r = extract_error(ctx, c.line, "package %s has no 'version'", LKQ(c.name));
		goto done;
	}
	p = extract_add(ctx, NULL, "conda", NULL, c.name, c.version, c.line);
	if (!p) {
		r = err_code();
		goto done;
	}
	p->flags |= PKG_SCOPE_UNKNOWN;
	nq = crec_quals(&c, q);
	for (size_t i = 0; i < nq; i++)
		pkg_add_qualifier(p, q[i].key, q[i].value);
	add_hash(ctx, p, root, "MD5", 32, "md5");
	add_hash(ctx, p, root, "SHA-256", 64, "sha256");
	if (c.license)
		add_license(p, c.license);
	if (c.depends && !jr_is(c.depends, JR_ARRAY)) {
		r = extract_error(ctx, jr_member(root, "depends")->line,
		                  "'depends' of %s is not a list", LKQ(c.name));
		goto done;
	}
	env = c.depends && c.depends->n ? env_index(ctx) : NULL;
	for (size_t i = 0; c.depends && i < c.depends->n && i < CONDA_MAX_DEPENDS; i++) {
		const char *spec = jr_strval(&c.depends->u.items[i]), *nm, *to;
		size_t n;

		if (!spec) {
			r = extract_error(ctx, jr_member(root, "depends")->line,
			                  "an entry of 'depends' of %s is not a string",
			                  LKQ(c.name));
			continue;
		}
		nm = spec_name(spec, &n);
		if (!env || !n || (n == strlen(c.name) && !memcmp(nm, c.name, n)))
			continue;
		to = lkpurls_find(env, nm, n);
		if (to)
			pkg_add_dep_purl(p, to);
	}
done:
	free(c.channel);
	jr_free(doc);
	return r < 0 ? r : 0;
}

const struct extractor conda_meta_extractor = {
	.name = "conda-meta",
	.ecosystem = NULL,
	.match = conda_match,
	.sniff = conda_sniff,
	.extract = conda_extract,
	.max_size = 0,
};
