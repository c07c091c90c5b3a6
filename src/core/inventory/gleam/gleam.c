/*
 * gleam.c: Gleam projects: the lock `manifest.toml` and the project file
 * `gleam.toml`.
 *
 *     packages = [
 *       { name = "gleam_stdlib", version = "0.34.0", build_tools = ["gleam"],
 *         requirements = [], otp_app = "gleam_stdlib", source = "hex",
 *         outer_checksum = "1FB8...64 HEX DIGITS" },
 *       { name = "x", ..., source = "git", repo = "https://...", commit = "SHA" },
 *       { name = "y", ..., source = "local", path = "../y" },
 *     ]
 *     [requirements]
 *     gleam_stdlib = { version = ">= 0.34.0 and < 2.0.0" }
 *
 * A "hex" package is pkg:hex/NAME@VERSION in the OSV ecosystem Hex; its
 * outer_checksum is the SHA-256 of the package tarball Hex serves (hex_core:
 * the outer checksum hashes the whole tarball), a component hash. A "git"
 * package is not from Hex: pkg:generic/NAME@COMMIT with vcs_url; a "local"
 * one pkg:generic/NAME@VERSION
 * with its path as vouch:source. Both are PKG_LOCAL and not matched.
 * Each package's requirements are its edges; the manifest's [requirements]
 * are the project's direct dependencies, every other package transitive.
 *
 * The gleam.toml beside the manifest names the project (the root) and tells
 * which direct dependencies are dev ([dev-dependencies], or
 * [dev_dependencies], the newer spelling): those, and what only they reach,
 * are PKG_DEV. A gleam.toml read alone (no manifest.toml beside it) gives its
 * dependencies as written: a version only when the requirement pins one
 * ("== 1.2.3" or "1.2.3"), else PKG_UNRESOLVED with the requirement as
 * vouch:requirement.
 */
#include "util/compat.h"
#include "core/inventory/inventory.h"
#include "core/inventory/langkit.h"
#include "core/inventory/lockparse.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/toml.h"

#define HEX_ECOSYSTEM "Hex"

struct gpkg {
	const char *name;
	const struct toml_value *tab;
	struct pkg *pkg;
	bool prod, dev; /* reached from a runtime / a dev direct dependency */
};

struct glist {
	struct gpkg *v;
	size_t n, a;
	struct lkmap byname;
};

static struct gpkg *find(const struct glist *l, const char *name)
{
	size_t e = lkmap_first(&l->byname, name, strlen(name));

	return e == LKMAP_END ? NULL : &l->v[l->byname.ents[e].val];
}

/*
 * A package fetched from git: pkg:generic/NAME@REV with vcs_url (not
 * pkg:github, which OSV reads as a GitHub Action).
 */
static struct pkg *add_git(struct extract_ctx *ctx, const char *name, const char *url,
                           const char *rev, size_t line)
{
	struct buf b = BUF_INIT_MAX(16384);
	struct pkg *p = extract_add(ctx, NULL, "generic", NULL, name, rev, line);

	if (p) {
		buf_addf(&b, "git+%s%s%s", url, rev ? "@" : "", rev ? rev : "");
		pkg_add_qualifier(p, "vcs_url", b.ptr);
		pkg_add_prop(p, "vouch:source", b.ptr);
		p->flags |= PKG_LOCAL;
	}
	buf_release(&b);
	return p;
}

static struct pkg *add_entry(struct extract_ctx *ctx, struct gpkg *g)
{
	const struct toml_value *t = g->tab;
	const char *ver = toml_str(t, "version"), *source = toml_str(t, "source");
	const char *sum = toml_str(t, "outer_checksum");
	struct pkg *p = NULL;

	if (!source || !ver) {
		extract_error(ctx, t->line, "package '%s' has no %s", LKQ(g->name),
		              source ? "version" : "source");
		return NULL;
	}
	if (!strcmp(source, "hex")) {
		p = extract_add(ctx, HEX_ECOSYSTEM, "hex", NULL, g->name, ver, t->line);
		if (!p)
			return NULL;
		if (sum && strlen(sum) == 64 && langkit_is_hex(sum, 64))
			pkg_add_hash(p, "SHA-256", sum);
		else
			extract_error(ctx, t->line, "outer checksum of '%s' is %s", LKQ(g->name),
			              sum ? "not 64 hex digits" : "missing");
	} else if (!strcmp(source, "git")) {
		const char *repo = toml_str(t, "repo"), *commit = toml_str(t, "commit");

		if (!repo || !commit) {
			extract_error(ctx, t->line, "git package '%s' has no repo or commit",
			              LKQ(g->name));
			return NULL;
		}
		p = add_git(ctx, g->name, repo, commit, t->line);
		if (p)
			pkg_add_prop(p, "vouch:gleam-version", ver);
	} else if (!strcmp(source, "local")) {
		const char *path = toml_str(t, "path");

		p = extract_add(ctx, NULL, "generic", NULL, g->name, ver, t->line);
		if (!p)
			return NULL;
		p->flags |= PKG_LOCAL;
		if (path)
			pkg_add_prop(p, "vouch:source", path);
	} else {
		extract_error(ctx, t->line, "package '%s' has source '%s', not hex, git or local",
		              LKQ(g->name), LKQ(source));
		return NULL;
	}
	if (toml_str(t, "otp_app") && strcmp(toml_str(t, "otp_app"), g->name))
		pkg_add_prop(p, "vouch:gleam-otp-app", toml_str(t, "otp_app"));
	return p;
}

static void edges(struct extract_ctx *ctx, const struct glist *l, struct gpkg *g)
{
	const struct toml_value *req = toml_get(g->tab, "requirements");

	if (req && req->kind != TOML_ARRAY) {
		extract_error(ctx, req->line, "requirements of '%s' is not an array", LKQ(g->name));
		return;
	}
	for (size_t i = 0; i < toml_array_len(req); i++) {
		const char *name = toml_strval(toml_array_at(req, i));
		struct gpkg *to = name ? find(l, name) : NULL;

		if (to && to->pkg)
			extract_edge(ctx, g->pkg, to->pkg);
		else if (name && !to)
			extract_note(ctx, toml_array_at(req, i)->line,
			             "requirement '%s' of '%s' is not in the manifest", LKQ(name),
			             LKQ(g->name));
	}
}

/* Marks what g reaches (prod or dev), iteratively: a manifest may hold cycles. */
static void reach(const struct glist *l, struct gpkg *g, bool dev)
{
	struct gpkg **stack = NULL;
	size_t n = 0, a = 0;

	ALLOC_GROW(stack, n + 1, a);
	stack[n++] = g;
	while (n) {
		struct gpkg *c = stack[--n];
		const struct toml_value *req;

		if (dev ? c->dev : c->prod)
			continue;
		if (dev)
			c->dev = true;
		else
			c->prod = true;
		req = toml_get(c->tab, "requirements");
		for (size_t i = 0; req && req->kind == TOML_ARRAY && i < toml_array_len(req); i++) {
			const char *name = toml_strval(toml_array_at(req, i));
			struct gpkg *to = name ? find(l, name) : NULL;

			if (to) {
				ALLOC_GROW(stack, n + 1, a);
				stack[n++] = to;
			}
		}
	}
	free(stack);
}

static const struct toml_value *dev_deps(const struct toml_value *doc)
{
	const struct toml_value *d = toml_get(doc, "dev-dependencies");

	return d ? d : toml_get(doc, "dev_dependencies");
}

static struct pkg *add_root(struct extract_ctx *ctx, const struct toml_value *doc)
{
	const char *name = toml_str(doc, "name");
	struct pkg *p;

	if (!name)
		return NULL;
	p = extract_add(ctx, NULL, "hex", NULL, name, toml_str(doc, "version"),
	                toml_get(doc, "name")->line);
	if (p)
		p->flags |= PKG_ROOT;
	return p;
}

/* gleam.toml beside the manifest: the project as root, which direct dependencies are dev. */
static void project(struct extract_ctx *ctx, struct glist *l, const struct toml_value *reqs)
{
	struct buf data = BUF_INIT;
	struct toml_value *doc = NULL;
	const struct toml_value *dev;
	struct pkg *root;

	if (extract_read_relative(ctx, "gleam.toml", &data, NULL) < 0 ||
	    toml_parse(&doc, data.ptr, data.len, "gleam.toml") < 0) {
		buf_release(&data);
		return; /* a gleam.toml that is not TOML is its own file's business */
	}
	root = add_root(ctx, doc);
	dev = dev_deps(doc);
	for (size_t i = 0; i < toml_table_len(reqs); i++) {
		struct gpkg *g = find(l, toml_table_at(reqs, i)->key);

		if (!g)
			continue;
		if (root && g->pkg)
			extract_edge(ctx, root, g->pkg);
		reach(l, g, dev && toml_get(dev, g->name));
	}
	for (size_t i = 0; i < l->n; i++)
		if (l->v[i].pkg && l->v[i].dev && !l->v[i].prod)
			l->v[i].pkg->flags |= PKG_DEV;
	toml_free(doc);
	buf_release(&data);
}

static bool manifest_sniff(const char *data, size_t len);

/*
 * "manifest.toml" is a common name: in a folder walk, one that has neither
 * Gleam's marks (manifest_sniff) nor a gleam.toml beside it belongs to some
 * other tool and is passed over with a note, not read as a broken Gleam
 * manifest. Given directly, it is read (and its errors reported).
 */
static bool foreign_manifest(struct extract_ctx *ctx, const char *data, size_t len)
{
	struct buf b = BUF_INIT;
	int r;

	if (!extract_root(ctx) || manifest_sniff(data, len))
		return false;
	r = extract_read_relative(ctx, "gleam.toml", &b, NULL);
	buf_release(&b);
	return r < 0;
}

static int manifest_extract(struct extract_ctx *ctx, const char *data, size_t len)
{
	static const char *const marks[] = { "packages", "requirements", NULL };
	struct lk_toml_lock lk = LK_TOML_LOCK_INIT;
	struct glist l = { .byname = LKMAP_INIT };
	const struct toml_value *t, *reqs;
	size_t i;
	int r;

	if (foreign_manifest(ctx, data, len)) {
		extract_note(ctx, 0,
		             "not read: no Gleam header or gleam.toml beside it (another "
		             "tool's manifest.toml)");
		return 0;
	}
	if ((r = lk_toml_lock_open(&lk, ctx, data, len, "packages", marks,
	                           "not a Gleam manifest (no 'packages' or 'requirements')")) < 0)
		return r;
	while ((t = lk_toml_lock_next(&lk, &i)) != NULL) {
		const char *name = toml_str(t, "name");

		if (!name) {
			extract_error(ctx, t->line, "a package has no name");
			continue;
		}
		if (find(&l, name)) {
			extract_error(ctx, t->line, "package '%s' is listed twice", LKQ(name));
			continue;
		}
		ALLOC_GROW(l.v, l.n + 1, l.a);
		l.v[l.n] = (struct gpkg){ name, t, NULL, false, false };
		lkmap_put(&l.byname, name, strlen(name), l.n);
		l.n++;
	}
	for (i = 0; i < l.n; i++)
		if (!(l.v[i].pkg = add_entry(ctx, &l.v[i])) && err_code() == ERR_TOOBIG)
			break;
	for (i = 0; i < l.n; i++)
		if (l.v[i].pkg)
			edges(ctx, &l, &l.v[i]);
	reqs = toml_get(lk.doc, "requirements");
	if (reqs && reqs->kind != TOML_TABLE) {
		extract_error(ctx, reqs->line, "'requirements' is not a table");
		reqs = NULL;
	}
	for (i = 0; reqs && i < toml_table_len(reqs); i++) {
		const struct toml_kv *kv = toml_table_at(reqs, i);
		struct gpkg *g = find(&l, kv->key);

		if (g && g->pkg)
			g->pkg->flags |= PKG_DIRECT;
		else if (!g)
			extract_note(ctx, kv->line, "requirement '%s' is not among the packages",
			             LKQ(kv->key));
	}
	/* the manifest names the direct dependencies: every other package is transitive */
	for (i = 0; reqs && i < l.n; i++)
		if (l.v[i].pkg && !(l.v[i].pkg->flags & PKG_DIRECT))
			l.v[i].pkg->flags |= PKG_TRANSITIVE;
	if (reqs)
		project(ctx, &l, reqs);
	free(l.v);
	lkmap_release(&l.byname);
	lk_toml_lock_release(&lk);
	return 0;
}

static bool manifest_match(const char *rel, const char *name)
{
	(void)rel;
	return !strcmp(name, "manifest.toml");
}

static bool manifest_sniff(const char *data, size_t len)
{
	size_t head = len < 4096 ? len : 4096;

	return memmem(data, head, "# This file was generated by Gleam", 34) ||
	       (memmem(data, head, "build_tools", 11) && memmem(data, head, "packages", 8));
}

const struct extractor gleam_manifest_extractor = {
	"gleam-manifest", HEX_ECOSYSTEM, manifest_match, manifest_sniff, manifest_extract, 0,
};

/* gleam.toml alone */

/* The version a Hex requirement pins ("== 1.2.3" or "1.2.3"), or NULL. */
static char *pinned(const char *req)
{
	const char *s = req, *e;

	while (*s == ' ')
		s++;
	if (s[0] == '=' && s[1] == '=')
		s += 2;
	while (*s == ' ')
		s++;
	e = s + strlen(s);
	while (e > s && e[-1] == ' ')
		e--;
	if (e == s || *s < '0' || *s > '9')
		return NULL;
	for (const char *c = s; c < e; c++)
		if (!((*c >= '0' && *c <= '9') || (*c >= 'a' && *c <= 'z') ||
		      (*c >= 'A' && *c <= 'Z') || *c == '.' || *c == '-' || *c == '+'))
			return NULL; /* a range: ">= 1.0.0 and < 2.0.0", "~> 1.0" */
	return xstrndup(s, (size_t)(e - s));
}

static void add_dep(struct extract_ctx *ctx, struct pkg *root, const struct toml_kv *kv, bool dev)
{
	const struct toml_value *v = kv->value;
	const char *req = toml_strval(v), *path = NULL, *git = NULL;
	char *ver = NULL;
	struct pkg *p;

	if (v->kind == TOML_TABLE) {
		req = toml_str(v, "version");
		path = toml_str(v, "path");
		git = toml_str(v, "git");
	}
	if (!req && !path && !git) {
		extract_error(ctx, kv->line,
		              "dependency '%s' is not a version requirement, a path "
		              "or a git source",
		              LKQ(kv->key));
		return;
	}
	if (git) {
		p = add_git(ctx, kv->key, git, toml_str(v, "ref"), kv->line);
	} else if (path) {
		p = extract_add(ctx, NULL, "generic", NULL, kv->key, NULL, kv->line);
		if (p) {
			p->flags |= PKG_LOCAL;
			pkg_add_prop(p, "vouch:source", path);
		}
	} else {
		ver = pinned(req);
		p = extract_add(ctx, HEX_ECOSYSTEM, "hex", NULL, kv->key, ver, kv->line);
		if (p && !ver) {
			p->flags |= PKG_UNRESOLVED;
			pkg_add_prop(p, "vouch:requirement", req);
		}
	}
	free(ver);
	if (!p)
		return;
	p->flags |= PKG_DIRECT | (dev ? PKG_DEV : 0);
	if (root)
		extract_edge(ctx, root, p);
}

static void add_deps(struct extract_ctx *ctx, struct pkg *root, const struct toml_value *deps,
                     bool dev)
{
	if (!deps)
		return;
	if (deps->kind != TOML_TABLE) {
		extract_error(ctx, deps->line, "the dependencies are not a table");
		return;
	}
	for (size_t i = 0; i < toml_table_len(deps); i++)
		add_dep(ctx, root, toml_table_at(deps, i), dev);
}

static int project_extract(struct extract_ctx *ctx, const char *data, size_t len)
{
	struct toml_value *doc = NULL;
	struct buf lock = BUF_INIT;
	struct pkg *root;

	if (extract_read_relative(ctx, "manifest.toml", &lock, NULL) == 0) {
		/* the lock beside it has the versions and reads this file for what it lacks */
		if (!extract_root(ctx))
			extract_note(ctx, 0,
			             "the versions are in the 'manifest.toml' beside it: "
			             "give that file, or the folder");
		buf_release(&lock);
		return 0;
	}
	buf_release(&lock);
	if (langkit_toml(ctx, data, len, &doc) < 0)
		return ERR_PARSE;
	if (!toml_str(doc, "name"))
		extract_error(ctx, 0, "no project 'name': not a gleam.toml");
	root = add_root(ctx, doc);
	add_deps(ctx, root, toml_get(doc, "dependencies"), false);
	add_deps(ctx, root, dev_deps(doc), true);
	toml_free(doc);
	return 0;
}

static bool project_match(const char *rel, const char *name)
{
	(void)rel;
	return !strcmp(name, "gleam.toml");
}

/*
 * By content: a top-level name before any table, a Gleam dependency table,
 * and none of the tables of Cargo.toml or pyproject.toml.
 */
static bool project_sniff(const char *data, size_t len)
{
	size_t head = len < 4096 ? len : 4096;
	const char *p = data, *end = data + head;

	while (p < end && (*p == '#' || *p == '\n' || *p == ' ' || *p == '\r')) {
		if (*p == '#')
			while (p < end && *p != '\n')
				p++;
		else
			p++;
	}
	if ((size_t)(end - p) < 5 || strncmp(p, "name", 4) || (p[4] != ' ' && p[4] != '='))
		return false;
	if (memmem(data, head, "\n[package]", 10) || memmem(data, head, "\n[project]", 10) ||
	    memmem(data, head, "\n[tool.", 7) || memmem(data, head, "\n[workspace", 11))
		return false;
	return memmem(data, head, "\n[dependencies]", 15) ||
	       memmem(data, head, "\n[dev-dependencies]", 19) ||
	       memmem(data, head, "\n[dev_dependencies]", 19);
}

const struct extractor gleam_toml_extractor = {
	"gleam-toml", HEX_ECOSYSTEM, project_match, project_sniff, project_extract, 0,
};
