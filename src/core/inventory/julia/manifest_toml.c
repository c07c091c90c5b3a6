/*
 * manifest_toml.c: Julia's Pkg manifest, Manifest.toml (format 1.0 and 2.0).
 *
 *     julia_version = "1.10.0"
 *     manifest_format = "2.0"
 *     [[deps.JSON]]
 *     deps = ["Dates", "Mmap", "Parsers", "Unicode"]
 *     git-tree-sha1 = "31e996f0a15c7b280ba9f76636b3ff9e2ae58c9a"
 *     uuid = "682c06a0-de6a-54ab-a142-c8b1cf79cde6"
 *     version = "0.21.4"
 *
 * Format 2.0 keeps the packages under [deps], 1.0 at the top level; each name
 * holds an array of tables (two packages may share a name, told apart by
 * uuid). Each is pkg:julia/NAME@VERSION?uuid=UUID in the OSV ecosystem Julia;
 * a standard library (no version: it ships with Julia) is listed without one
 * and not matched; a developed package (path) is PKG_LOCAL; a package from a
 * repository (repo-url, repo-rev) keeps them as vouch:source. deps name the
 * dependencies (a table of name = uuid where names are ambiguous): edges.
 * The Project.toml beside the manifest names the project (the root) and its
 * direct dependencies ([deps]; the others are then transitive); without it,
 * neither is said.
 */
#include "util/compat.h"
#include "core/inventory/inventory.h"
#include "core/inventory/langkit.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/toml.h"

#define JULIA_ECOSYSTEM "Julia"

struct jpkg {
	const char *name, *uuid; /* owned by the document */
	const struct toml_value *tab;
	struct pkg *pkg;
};

struct jlist {
	struct jpkg *v;
	size_t n, a;
	struct lkmap byname, byuuid;
};

static void collect(struct extract_ctx *ctx, struct jlist *l, const struct toml_value *deps)
{
	for (size_t i = 0; i < toml_table_len(deps); i++) {
		const struct toml_kv *kv = toml_table_at(deps, i);

		if (kv->value->kind != TOML_ARRAY) {
			/* format 1.0 also has julia_version and the like at the top level */
			if (kv->value->kind == TOML_TABLE)
				extract_error(ctx, kv->line, "'%s' is not an array of tables",
				              LKQ(kv->key));
			continue;
		}
		for (size_t k = 0; k < toml_array_len(kv->value); k++) {
			const struct toml_value *t = toml_array_at(kv->value, k);

			if (t->kind != TOML_TABLE) {
				extract_error(ctx, t->line, "an entry of '%s' is not a table",
				              LKQ(kv->key));
				continue;
			}
			ALLOC_GROW(l->v, l->n + 1, l->a);
			l->v[l->n] = (struct jpkg){ kv->key, toml_str(t, "uuid"), t, NULL };
			lkmap_put(&l->byname, kv->key, strlen(kv->key), l->n);
			if (l->v[l->n].uuid)
				lkmap_put(&l->byuuid, l->v[l->n].uuid, strlen(l->v[l->n].uuid),
				          l->n);
			l->n++;
		}
	}
}

static struct pkg *add(struct extract_ctx *ctx, struct jpkg *j)
{
	const char *ver = toml_str(j->tab, "version"), *path = toml_str(j->tab, "path");
	const char *repo = toml_str(j->tab, "repo-url"), *rev = toml_str(j->tab, "repo-rev");
	const char *tree = toml_str(j->tab, "git-tree-sha1");
	struct pkg *p;

	if (!j->uuid) {
		extract_error(ctx, j->tab->line, "'%s' has no uuid", LKQ(j->name));
		return NULL;
	}
	p = extract_add(ctx, ver && !path ? JULIA_ECOSYSTEM : NULL, "julia", NULL, j->name, ver,
	                j->tab->line);
	if (!p)
		return NULL;
	pkg_add_qualifier(p, "uuid", j->uuid);
	if (path) {
		p->flags |= PKG_LOCAL;
		pkg_add_prop(p, "vouch:source", path);
	} else if (repo) {
		struct buf b = BUF_INIT;

		buf_addf(&b, "git+%s%s%s", repo, rev ? "@" : "", rev ? rev : "");
		pkg_add_prop(p, "vouch:source", b.ptr);
		buf_release(&b);
	}
	if (tree)
		pkg_add_prop(p, "vouch:julia-git-tree-sha1", tree);
	if (!ver && !path)
		pkg_add_prop(p, "vouch:julia-stdlib", "true");
	return p;
}

/* The package a dependency names: by uuid when given, else by name (when only one has it). */
static struct pkg *resolve(const struct jlist *l, const char *name, const char *uuid)
{
	size_t e;

	if (uuid) {
		e = lkmap_first(&l->byuuid, uuid, strlen(uuid));
		return e == LKMAP_END ? NULL : l->v[l->byuuid.ents[e].val].pkg;
	}
	e = lkmap_first(&l->byname, name, strlen(name));
	if (e == LKMAP_END || lkmap_next(&l->byname, e) != LKMAP_END)
		return NULL; /* absent, or two of that name and no uuid to choose */
	return l->v[l->byname.ents[e].val].pkg;
}

static void edges(struct extract_ctx *ctx, const struct jlist *l, struct jpkg *j)
{
	const struct toml_value *deps = toml_get(j->tab, "deps");
	size_t n = deps && deps->kind == TOML_ARRAY ? toml_array_len(deps) : toml_table_len(deps);

	for (size_t i = 0; i < n; i++) {
		const char *name, *uuid = NULL;
		struct pkg *to;
		uint32_t line;

		if (deps->kind == TOML_ARRAY) {
			name = toml_strval(toml_array_at(deps, i));
			line = toml_array_at(deps, i)->line;
		} else {
			name = toml_table_at(deps, i)->key;
			uuid = toml_strval(toml_table_at(deps, i)->value);
			line = toml_table_at(deps, i)->line;
		}
		if (!name)
			continue;
		to = resolve(l, name, uuid);
		if (to)
			extract_edge(ctx, j->pkg, to);
		else
			extract_note(ctx, line, "dependency '%s' of '%s' is not in the manifest",
			             LKQ(name), LKQ(j->name));
	}
}

/* Project.toml beside the manifest: the project as root, its [deps] as direct. */
static void project(struct extract_ctx *ctx, const struct jlist *l)
{
	static const char *const names[] = { "JuliaProject.toml", "Project.toml" };
	struct buf data = BUF_INIT;
	struct toml_value *doc = NULL;
	const struct toml_value *deps;
	struct pkg *root = NULL;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (extract_read_relative(ctx, names[i], &data, NULL) == 0)
			break;
	if (i == ARRAY_SIZE(names) || toml_parse(&doc, data.ptr, data.len, names[i]) < 0) {
		buf_release(&data);
		return; /* a Project.toml that is not TOML is its own file's business */
	}
	if (toml_str(doc, "name")) {
		root = extract_add(ctx, NULL, "julia", NULL, toml_str(doc, "name"),
		                   toml_str(doc, "version"), 0);
		if (root) {
			root->flags |= PKG_ROOT;
			if (toml_str(doc, "uuid"))
				pkg_add_qualifier(root, "uuid", toml_str(doc, "uuid"));
		}
	}
	deps = toml_get(doc, "deps");
	for (size_t k = 0; k < toml_table_len(deps); k++) {
		const struct toml_kv *kv = toml_table_at(deps, k);
		struct pkg *p = resolve(l, kv->key, toml_strval(kv->value));

		if (!p)
			continue;
		p->flags |= PKG_DIRECT;
		if (root)
			extract_edge(ctx, root, p);
	}
	/* the project names its direct dependencies: every other registered package is transitive */
	for (i = 0; i < l->n; i++)
		if (l->v[i].pkg && !(l->v[i].pkg->flags & (PKG_DIRECT | PKG_LOCAL)))
			l->v[i].pkg->flags |= PKG_TRANSITIVE;
	toml_free(doc);
	buf_release(&data);
}

static int manifest_extract(struct extract_ctx *ctx, const char *data, size_t len)
{
	struct toml_value *doc = NULL;
	const struct toml_value *deps;
	struct jlist l = { .byname = LKMAP_INIT, .byuuid = LKMAP_INIT };
	const char *format;

	if (langkit_toml(ctx, data, len, &doc) < 0)
		return ERR_PARSE;
	format = toml_str(doc, "manifest_format");
	deps = format ? toml_get(doc, "deps") : doc;
	if (format && strncmp(format, "2.", 2))
		extract_note(ctx, toml_get(doc, "manifest_format")->line,
		             "manifest format '%s' is not the 1.0 or 2.0 this reader knows",
		             LKQ(format));
	if (format && deps && deps->kind != TOML_TABLE) {
		extract_error(ctx, deps->line, "'deps' is not a table");
		deps = NULL;
	}
	collect(ctx, &l, deps);
	for (size_t i = 0; i < l.n; i++)
		l.v[i].pkg = add(ctx, &l.v[i]);
	for (size_t i = 0; i < l.n; i++)
		if (l.v[i].pkg)
			edges(ctx, &l, &l.v[i]);
	project(ctx, &l);
	free(l.v);
	lkmap_release(&l.byname);
	lkmap_release(&l.byuuid);
	toml_free(doc);
	return 0;
}

static bool manifest_match(const char *rel, const char *name)
{
	size_t n = strlen(name);

	(void)rel;
	if (!strcmp(name, "Manifest.toml") || !strcmp(name, "JuliaManifest.toml"))
		return true;
	/* Manifest-v1.11.toml: a manifest per Julia version (Julia 1.11) */
	return n > 16 && n < 64 && !strcmp(name + n - 5, ".toml") &&
	       (!strncmp(name, "Manifest-v", 10) || !strncmp(name, "JuliaManifest-v", 15));
}

static bool manifest_sniff(const char *data, size_t len)
{
	size_t head = len < 4096 ? len : 4096;

	return memmem(data, head, "manifest_format", 15) || memmem(data, head, "julia_version", 13);
}

const struct extractor julia_manifest_extractor = {
	"julia-manifest", JULIA_ECOSYSTEM, manifest_match, manifest_sniff, manifest_extract, 0,
};
