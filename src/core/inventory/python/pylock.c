/*
 * pylock.c: PEP 751 lock files, pylock.toml and pylock.NAME.toml (TOML).
 *
 * Each [[packages]] entry is a distribution (version may be absent for
 * directory and VCS entries: PKG_UNRESOLVED unless local). vcs gives
 * vouch:source "TYPE+URL@COMMIT", directory entries are PKG_LOCAL (the one
 * at "." is the project itself, PKG_ROOT), archive entries keep their URL
 * or path (paths PKG_LOCAL). Hashes: the "hashes" tables of the sdist, every
 * wheel and the archive. marker is kept as vouch:marker. dependencies
 * ([{name, version?}], optional in the PEP) become edges.
 */
#include "util/compat.h"
#include "core/inventory/inventory.h"
#include "core/inventory/langkit.h"
#include "core/inventory/python/pypi.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/toml.h"

static void add_hashes(struct extract_ctx *ctx, struct pkg *p, const struct toml_value *file)
{
	const struct toml_value *h = toml_get(file, "hashes");
	struct buf b = BUF_INIT;

	for (size_t i = 0; i < toml_table_len(h); i++) {
		const struct toml_kv *kv = toml_table_at(h, i);
		const char *hex = toml_strval(kv->value);

		if (!hex)
			continue;
		buf_reset(&b);
		buf_addf(&b, "%s:%s", kv->key, hex);
		if (!pkg_add_integrity(p, b.ptr))
			extract_note(ctx, kv->line, "hash '%s' not recognised", b.ptr);
	}
	buf_release(&b);
}

static int pylock_extract(struct extract_ctx *ctx, const char *data, size_t len)
{
	static const char *const marks[] = { "lock-version", NULL };
	static const char not_this[] = "not a pylock.toml: no lock-version";
	struct lk_toml_lock lk = LK_TOML_LOCK_INIT;
	const struct toml_value *t;
	struct pyidx idx = { 0 };
	struct pkg **made = NULL;
	size_t i;
	int r;

	if ((r = lk_toml_lock_open(&lk, ctx, data, len, "packages", marks, not_this)) < 0)
		return r;
	if (!toml_str(lk.doc, "lock-version")) {
		lk_toml_lock_release(&lk);
		return extract_error(ctx, 0, "%s", not_this);
	}
	made = xcalloc(lk_toml_lock_len(&lk) + 1, sizeof(*made));
	while ((t = lk_toml_lock_next(&lk, &i)) != NULL) {
		const struct toml_value *nv = toml_get(t, "name");
		const struct toml_value *vcs = toml_get(t, "vcs"), *dir = toml_get(t, "directory");
		const struct toml_value *arch = toml_get(t, "archive"),
		                        *wheels = toml_get(t, "wheels");
		const char *name = toml_str(t, "name"), *ver = toml_str(t, "version"), *s;
		struct pkg *p;

		if (!name || !pypi_valid_name(name, strlen(name))) {
			extract_error(ctx, t->line, "[[packages]] entry without a valid name");
			continue;
		}
		p = extract_add(ctx, PYPI_ECOSYSTEM, "pypi", NULL, name, ver, nv->line);
		if (!p)
			break;
		made[i] = p;
		pyidx_add(&idx, name, ver, p, i);
		pkg_add_prop(p, "vouch:marker", toml_str(t, "marker"));
		if (vcs) {
			struct buf b = BUF_INIT;
			const char *type = toml_str(vcs, "type"), *url = toml_str(vcs, "url");
			const char *commit = toml_str(vcs, "commit-id");

			if (!url)
				url = toml_str(vcs, "path");
			buf_addf(&b, "%s+%s%s%s", type ? type : "vcs", url ? url : "",
			         commit ? "@" : "", commit ? commit : "");
			pkg_add_prop(p, "vouch:source", b.ptr);
			buf_release(&b);
		} else if (dir) {
			p->flags |= PKG_LOCAL;
			s = toml_str(dir, "path");
			pkg_add_prop(p, "vouch:source", s);
			if (s && !strcmp(s, "."))
				p->flags |= PKG_ROOT;
		} else if (arch) {
			if ((s = toml_str(arch, "url")) != NULL) {
				pkg_add_prop(p, "vouch:source", s);
			} else if ((s = toml_str(arch, "path")) != NULL) {
				p->flags |= PKG_LOCAL;
				pkg_add_prop(p, "vouch:source", s);
			}
			add_hashes(ctx, p, arch);
		}
		if (!ver && !(p->flags & PKG_LOCAL))
			p->flags |= PKG_UNRESOLVED;
		add_hashes(ctx, p, toml_get(t, "sdist"));
		for (size_t k = 0; k < toml_array_len(wheels); k++)
			add_hashes(ctx, p, toml_array_at(wheels, k));
	}
	for (i = 0; i < lk_toml_lock_len(&lk); i++) {
		const struct toml_value *deps = toml_get(toml_array_at(lk.pkgs, i), "dependencies");

		if (!made[i])
			continue;
		for (size_t k = 0; k < toml_array_len(deps); k++) {
			const struct toml_value *d = toml_array_at(deps, k);
			const char *dn = toml_str(d, "name");
			const struct pyidx_entry *e;
			bool amb;

			if (!dn) {
				extract_error(ctx, d->line, "a dependency of '%s' has no name",
				              made[i]->name);
				continue;
			}
			e = pyidx_find(&idx, dn, strlen(dn), toml_str(d, "version"), &amb);
			if (e)
				extract_edge(ctx, made[i], e->pkg);
			else
				extract_note(ctx, d->line, "dependency '%s' of '%s' is %s", dn,
				             made[i]->name, amb ? "ambiguous" : "not locked");
		}
	}
	free(made);
	pyidx_release(&idx);
	lk_toml_lock_release(&lk);
	return 0;
}

static bool pylock_match(const char *rel, const char *name)
{
	size_t l = strlen(name);

	return !strcmp(name, "pylock.toml") ||
	       (l > 12 && !strncmp(name, "pylock.", 7) && !strcmp(name + l - 5, ".toml"));
}

static bool pylock_sniff(const char *data, size_t len)
{
	size_t head = len < 4096 ? len : 4096;

	return memmem(data, head, "lock-version", 12) != NULL &&
	       memmem(data, len, "packages", 8) != NULL && memmem(data, head, "created-by", 10);
}

const struct extractor pypi_pylock_extractor = {
	"pypi-pylock", PYPI_ECOSYSTEM, pylock_match, pylock_sniff, pylock_extract, 0,
};
