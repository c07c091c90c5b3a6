/*
 * poetrylock.c: Poetry's poetry.lock (TOML), lock versions 1.x and 2.x.
 *
 * Each [[package]] is a distribution. Scope: Poetry 1 writes category =
 * "dev" (PKG_DEV); Poetry 2 writes groups = [...], and a package in no
 * "main" group is PKG_DEV; optional = true (an extra's) is PKG_OPTIONAL.
 * Hashes: files = [{file, hash = "sha256:..."}] (2.x) or the
 * [metadata.files] table (1.x), every file's hash. [package.source]: git
 * gives vouch:source "git+URL@RESOLVED_REFERENCE", a directory or file
 * PKG_LOCAL, another index its URL as vouch:source. markers is kept as
 * vouch:marker. [package.dependencies] names become edges to the locked
 * packages of those names (all of them when a name is locked at several
 * versions for different environments).
 */
#include "util/compat.h"
#include "core/inventory/inventory.h"
#include "core/inventory/langkit.h"
#include "core/inventory/python/pypi.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/toml.h"

static bool has_string(const struct toml_value *arr, const char *s)
{
	for (size_t i = 0; i < toml_array_len(arr); i++) {
		const char *v = toml_strval(toml_array_at(arr, i));

		if (v && !strcmp(v, s))
			return true;
	}
	return false;
}

static void add_file_hashes(struct extract_ctx *ctx, struct pkg *p, const struct toml_value *files)
{
	for (size_t i = 0; i < toml_array_len(files); i++) {
		const char *h = toml_str(toml_array_at(files, i), "hash");

		if (h && !pkg_add_integrity(p, h))
			extract_note(ctx, toml_array_at(files, i)->line, "hash '%s' not recognised",
			             h);
	}
}

static int poetry_extract(struct extract_ctx *ctx, const char *data, size_t len)
{
	struct toml_value *doc = NULL;
	const struct toml_value *pkgs, *files1;
	struct pyidx idx = { 0 };
	struct pkg **made = NULL;
	int r;

	if ((r = langkit_toml(ctx, data, len, &doc)) < 0)
		return r;
	pkgs = toml_get(doc, "package");
	if (!pkgs && !toml_get(doc, "metadata")) {
		toml_free(doc);
		return extract_error(ctx, 0, "not a poetry.lock: no [[package]] or [metadata]");
	}
	if (pkgs && pkgs->kind != TOML_ARRAY) {
		toml_free(doc);
		return extract_error(ctx, pkgs->line, "'package' is not an array of tables");
	}
	files1 = TOML_PATH(doc, "metadata", "files");
	made = xcalloc(toml_array_len(pkgs) + 1, sizeof(*made));
	for (size_t i = 0; i < toml_array_len(pkgs); i++) {
		const struct toml_value *t = toml_array_at(pkgs, i), *nv = toml_get(t, "name");
		const struct toml_value *src = toml_get(t, "source"),
		                        *groups = toml_get(t, "groups");
		const char *name = toml_str(t, "name"), *ver = toml_str(t, "version");
		const char *cat = toml_str(t, "category"), *type = toml_str(src, "type");
		size_t line = nv ? nv->line : t->line;
		bool opt = false;
		struct pkg *p;

		if (t->kind != TOML_TABLE || !name || !ver ||
		    !pypi_valid_name(name, strlen(name))) {
			extract_error(ctx, t->line, "[[package]] without a valid name and version");
			continue;
		}
		p = extract_add(ctx, PYPI_ECOSYSTEM, "pypi", NULL, name, ver, line);
		if (!p)
			break;
		made[i] = p;
		pyidx_add(&idx, name, ver, p, i);
		if ((cat && !strcmp(cat, "dev")) || (groups && !has_string(groups, "main")))
			p->flags |= PKG_DEV;
		if (toml_as_bool(&opt, toml_get(t, "optional"), "optional") == 0 && opt)
			p->flags |= PKG_OPTIONAL;
		pkg_add_prop(p, "vouch:marker", toml_str(t, "markers"));
		add_file_hashes(ctx, p, toml_get(t, "files"));
		add_file_hashes(ctx, p, toml_get(files1, name));
		if (type && !strcmp(type, "git")) {
			struct buf s = BUF_INIT;
			const char *ref = toml_str(src, "resolved_reference");

			buf_addf(&s, "git+%s%s%s", toml_str(src, "url") ? toml_str(src, "url") : "",
			         ref ? "@" : "", ref ? ref : "");
			pkg_add_prop(p, "vouch:source", s.ptr);
			buf_release(&s);
		} else if (type && (!strcmp(type, "directory") || !strcmp(type, "file"))) {
			p->flags |= PKG_LOCAL;
			pkg_add_prop(p, "vouch:source", toml_str(src, "url"));
		} else if (type) {
			pkg_add_prop(p, "vouch:source", toml_str(src, "url"));
		}
	}
	for (size_t i = 0; i < toml_array_len(pkgs); i++) {
		const struct toml_value *deps = toml_get(toml_array_at(pkgs, i), "dependencies");

		if (!made[i])
			continue;
		for (size_t k = 0; k < toml_table_len(deps); k++) {
			const struct toml_kv *kv = toml_table_at(deps, k);
			struct buf n = BUF_INIT;
			size_t found = 0;

			pypi_normalize(&n, kv->key, kv->keylen);
			for (size_t e = lkmap_first(&idx.m, n.ptr, n.len); e != LKMAP_END;
			     e = lkmap_next(&idx.m, e)) {
				extract_edge(ctx, made[i], idx.e[idx.m.ents[e].val].pkg);
				found++;
			}
			if (!found)
				extract_note(ctx, kv->line, "dependency '%s' of '%s' is not locked",
				             kv->key, made[i]->name);
			buf_release(&n);
		}
	}
	free(made);
	pyidx_release(&idx);
	toml_free(doc);
	return 0;
}

static bool poetry_match(const char *rel, const char *name)
{
	return !strcmp(name, "poetry.lock");
}

static bool poetry_sniff(const char *data, size_t len)
{
	size_t head = len < 4096 ? len : 4096;

	return memmem(data, head, "@generated by Poetry", 20) != NULL ||
	       (memmem(data, len, "lock-version", 12) != NULL &&
	        memmem(data, len, "content-hash", 12) != NULL &&
	        memmem(data, len, "python-versions", 15) != NULL);
}

const struct extractor pypi_poetrylock_extractor = {
	"pypi-poetry-lock", PYPI_ECOSYSTEM, poetry_match, poetry_sniff, poetry_extract, 0,
};
