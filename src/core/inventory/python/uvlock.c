/*
 * uvlock.c: uv's uv.lock (TOML).
 *
 * Each [[package]] is a distribution; its source says where it comes from:
 * registry (PyPI, or another index kept as vouch:source), git (vouch:source,
 * the URL with "#COMMIT"), url, or a local project (virtual, editable,
 * directory, path: PKG_LOCAL). The project itself is the local package at
 * "." (PKG_ROOT). Hashes: the sdist's and every wheel's. Edges: the
 * dependencies, optional-dependencies and dev-dependencies lists (by name,
 * and version when given). Scope, from the root's lists: what its
 * dependencies reach is runtime (PKG_DIRECT for the root's own, else
 * PKG_TRANSITIVE); what only its optional-dependencies (extras) reach is
 * PKG_OPTIONAL, what only its dev-dependencies (dependency groups) reach
 * PKG_DEV. Without a root package no scope is set.
 */
#include "util/compat.h"
#include "core/inventory/inventory.h"
#include "core/inventory/langkit.h"
#include "core/inventory/python/pypi.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/toml.h"

enum { SC_MAIN = 1, SC_OPT = 2, SC_DEV = 4 };

struct upkg {
	const struct toml_value *t;
	struct pkg *pkg;
	unsigned scope;
	bool root, direct;
};

static bool is_local_source(const struct toml_value *src)
{
	return toml_get(src, "virtual") || toml_get(src, "editable") ||
	       toml_get(src, "directory") || toml_get(src, "path");
}

static bool is_root_source(const struct toml_value *src)
{
	const char *v = toml_str(src, "virtual"), *e = toml_str(src, "editable");

	return (v && !strcmp(v, ".")) || (e && !strcmp(e, "."));
}

static void add_hash(struct extract_ctx *ctx, struct pkg *p, const struct toml_value *file)
{
	const char *h = toml_str(file, "hash");

	if (h && !pkg_add_integrity(p, h))
		extract_note(ctx, file->line, "hash '%s' not recognised", h);
}

/* The package a dependency entry {name, version?} names, or -1. */
static ssize_t dep_target(struct extract_ctx *ctx, const struct pyidx *idx,
                          const struct toml_value *d, const char *from)
{
	const char *name = toml_str(d, "name"), *ver = toml_str(d, "version");
	const struct pyidx_entry *e;
	bool amb;

	if (!name) {
		if (ctx)
			extract_error(ctx, d ? d->line : 0, "a dependency of '%s' has no name",
			              from);
		return -1;
	}
	e = pyidx_find(idx, name, strlen(name), ver, &amb);
	if (!e) {
		if (!ctx)
			return -1;
		if (amb)
			extract_error(ctx, d->line, "dependency '%s' of '%s' is ambiguous", name,
			              from);
		else
			extract_note(ctx, d->line, "dependency '%s' of '%s' is not locked", name,
			             from);
		return -1;
	}
	return (ssize_t)e->i;
}

/* Marks what the list reaches through dependencies with scope sc (iteratively: no depth limit). */
static void reach(struct upkg *u, const struct pyidx *idx, const struct toml_value *list,
                  unsigned sc)
{
	size_t *stack = NULL, n = 0, a = 0;

	for (size_t k = 0; k < toml_array_len(list); k++) {
		ssize_t t = dep_target(NULL, idx, toml_array_at(list, k), NULL);

		if (t < 0)
			continue;
		u[t].direct = true;
		if (u[t].scope & sc)
			continue;
		u[t].scope |= sc;
		ALLOC_GROW(stack, n + 1, a);
		stack[n++] = (size_t)t;
	}
	while (n) {
		const struct toml_value *deps = toml_get(u[stack[--n]].t, "dependencies");

		for (size_t k = 0; k < toml_array_len(deps); k++) {
			ssize_t t = dep_target(NULL, idx, toml_array_at(deps, k), NULL);

			if (t < 0 || (u[t].scope & sc))
				continue;
			u[t].scope |= sc;
			ALLOC_GROW(stack, n + 1, a);
			stack[n++] = (size_t)t;
		}
	}
	free(stack);
}

static void edges(struct extract_ctx *ctx, struct upkg *u, size_t i, const struct pyidx *idx,
                  const struct toml_value *list, const char *from)
{
	for (size_t k = 0; k < toml_array_len(list); k++) {
		ssize_t t = dep_target(ctx, idx, toml_array_at(list, k), from);

		if (t >= 0)
			extract_edge(ctx, u[i].pkg, u[t].pkg);
	}
}

static int uv_extract(struct extract_ctx *ctx, const char *data, size_t len)
{
	static const char *const marks[] = { "package", "version", NULL };
	struct lk_toml_lock lk = LK_TOML_LOCK_INIT;
	const struct toml_value *t;
	struct pyidx idx = { 0 };
	struct upkg *u = NULL;
	size_t nu = 0, i;
	bool any_root = false;
	int r;

	if ((r = lk_toml_lock_open(&lk, ctx, data, len, "package", marks,
	                           "not a uv.lock: no version or [[package]]")) < 0)
		return r;
	u = xcalloc(lk_toml_lock_len(&lk) + 1, sizeof(*u));
	while ((t = lk_toml_lock_next(&lk, &i)) != NULL) {
		const struct toml_value *nv = toml_get(t, "name");
		const struct toml_value *src = toml_get(t, "source"),
		                        *wheels = toml_get(t, "wheels");
		const char *name = toml_str(t, "name"), *ver = toml_str(t, "version"), *s;
		struct pkg *p;

		if (!name || !pypi_valid_name(name, strlen(name))) {
			extract_error(ctx, t->line, "[[package]] without a valid name");
			continue;
		}
		p = extract_add(ctx, PYPI_ECOSYSTEM, "pypi", NULL, name, ver, nv->line);
		if (!p)
			break;
		u[nu].t = t;
		u[nu].pkg = p;
		pyidx_add(&idx, name, ver, p, nu);
		if (is_local_source(src))
			p->flags |= PKG_LOCAL;
		if (is_root_source(src)) {
			p->flags |= PKG_ROOT;
			u[nu].root = any_root = true;
		}
		if (!ver && !(p->flags & PKG_LOCAL))
			p->flags |= PKG_UNRESOLVED;
		if ((s = toml_str(src, "git")) != NULL) {
			struct buf b = BUF_INIT;

			buf_addf(&b, "git+%s", s);
			pkg_add_prop(p, "vouch:source", b.ptr);
			buf_release(&b);
		} else if ((s = toml_str(src, "url")) != NULL) {
			pkg_add_prop(p, "vouch:source", s);
		} else if ((s = toml_str(src, "registry")) != NULL &&
		           strcmp(s, "https://pypi.org/simple") &&
		           strcmp(s, "https://pypi.org/simple/")) {
			pkg_add_prop(p, "vouch:source", s);
		} else if ((s = toml_str(src, "directory")) || (s = toml_str(src, "path")) ||
		           (s = toml_str(src, "editable"))) {
			pkg_add_prop(p, "vouch:source", s);
		}
		add_hash(ctx, p, toml_get(t, "sdist"));
		for (size_t k = 0; k < toml_array_len(wheels); k++)
			add_hash(ctx, p, toml_array_at(wheels, k));
		nu++;
	}
	for (size_t i = 0; i < nu; i++) {
		const struct toml_value *opt = toml_get(u[i].t, "optional-dependencies");
		const struct toml_value *dev = toml_get(u[i].t, "dev-dependencies");

		edges(ctx, u, i, &idx, toml_get(u[i].t, "dependencies"), u[i].pkg->name);
		for (size_t k = 0; k < toml_table_len(opt); k++)
			edges(ctx, u, i, &idx, toml_table_at(opt, k)->value, u[i].pkg->name);
		for (size_t k = 0; k < toml_table_len(dev); k++)
			edges(ctx, u, i, &idx, toml_table_at(dev, k)->value, u[i].pkg->name);
	}
	if (any_root) {
		for (size_t i = 0; i < nu; i++) {
			const struct toml_value *opt = toml_get(u[i].t, "optional-dependencies");
			const struct toml_value *dev = toml_get(u[i].t, "dev-dependencies");

			if (!u[i].root)
				continue;
			reach(u, &idx, toml_get(u[i].t, "dependencies"), SC_MAIN);
			for (size_t k = 0; k < toml_table_len(opt); k++)
				reach(u, &idx, toml_table_at(opt, k)->value, SC_OPT);
			for (size_t k = 0; k < toml_table_len(dev); k++)
				reach(u, &idx, toml_table_at(dev, k)->value, SC_DEV);
		}
		for (size_t i = 0; i < nu; i++) {
			struct pkg *p = u[i].pkg;

			if (u[i].root || !u[i].scope)
				continue;
			p->flags |= u[i].direct ? PKG_DIRECT : PKG_TRANSITIVE;
			if (!(u[i].scope & SC_MAIN)) {
				if (u[i].scope & SC_DEV)
					p->flags |= PKG_DEV;
				if (u[i].scope & SC_OPT)
					p->flags |= PKG_OPTIONAL;
			}
		}
	}
	free(u);
	pyidx_release(&idx);
	lk_toml_lock_release(&lk);
	return 0;
}

static bool uv_match(const char *rel, const char *name)
{
	return !strcmp(name, "uv.lock");
}

static bool uv_sniff(const char *data, size_t len)
{
	size_t head = len < 4096 ? len : 4096;

	return !memcmp(data, "version = 1", len < 11 ? len : 11) && len >= 11 &&
	       memmem(data, head, "requires-python", 15) != NULL;
}

const struct extractor pypi_uvlock_extractor = {
	"pypi-uv-lock", PYPI_ECOSYSTEM, uv_match, uv_sniff, uv_extract, 0,
};
