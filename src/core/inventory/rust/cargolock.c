/*
 * cargolock.c: Cargo.lock, versions 1 to 4 (TOML).
 *
 * Every [[package]] is a crate: pkg:cargo/NAME@VERSION, OSV ecosystem
 * "crates.io". The checksum (SHA-256 of the .crate file) is a field of the
 * package from version 2 on, and in version 1 a [metadata] entry
 * "checksum NAME VERSION (SOURCE)" = "HEX"; both become SHA-256 hashes.
 * source: "registry+URL" / "sparse+URL" of crates.io as is, another
 * registry adds the purl qualifier repository_url; "git+URL?...#COMMIT" is
 * kept as vouch:source; no source means a workspace member or a path
 * dependency (PKG_LOCAL). dependencies = ["name", "name version",
 * "name version (source)"] (the longer forms only when the shorter is
 * ambiguous) become edges; the dependencies of local packages are
 * PKG_DIRECT and the other non-local packages PKG_TRANSITIVE, since the
 * lockfile records the workspace members' own dependencies.
 */
#include "util/compat.h"
#include "core/inventory/inventory.h"
#include "core/inventory/langkit.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/toml.h"

#define CARGO_ECOSYSTEM "crates.io"

struct crate {
	const char *name, *version, *source; /* owned by the document */
	const struct toml_value *tab;
	struct pkg *pkg;
};

static bool crates_io(const char *src)
{
	return !strcmp(src, "registry+https://github.com/rust-lang/crates.io-index") ||
	       !strcmp(src, "sparse+https://index.crates.io/");
}

/* Finds the crate a dependency string names. */
static struct crate *resolve(struct crate *c, const struct lkmap *byname, const char *dep,
                             bool *ambiguous)
{
	const char *sp1 = strchr(dep, ' '), *sp2 = sp1 ? strchr(sp1 + 1, ' ') : NULL;
	size_t nl = sp1 ? (size_t)(sp1 - dep) : strlen(dep);
	size_t vl = sp1 ? (sp2 ? (size_t)(sp2 - sp1 - 1) : strlen(sp1 + 1)) : 0;
	const char *src = NULL;
	size_t sl = 0;
	struct crate *found = NULL;

	*ambiguous = false;
	if (sp2) {
		src = sp2 + 1;
		sl = strlen(src);
		if (sl < 2 || src[0] != '(' || src[sl - 1] != ')')
			return NULL;
		src++;
		sl -= 2;
	}
	for (size_t e = lkmap_first(byname, dep, nl); e != LKMAP_END; e = lkmap_next(byname, e)) {
		size_t i = byname->ents[e].val;

		if (sp1 && (strlen(c[i].version) != vl || memcmp(c[i].version, sp1 + 1, vl)))
			continue;
		if (src &&
		    (!c[i].source || strlen(c[i].source) != sl || memcmp(c[i].source, src, sl)))
			continue;
		if (found) {
			*ambiguous = true;
			return NULL;
		}
		found = &c[i];
	}
	return found;
}

static int cargo_extract(struct extract_ctx *ctx, const char *data, size_t len)
{
	static const char *const marks[] = { "package", "version", "metadata", NULL };
	struct lk_toml_lock lk = LK_TOML_LOCK_INIT;
	const struct toml_value *meta, *t;
	struct crate *c = NULL;
	struct lkmap byname = LKMAP_INIT;
	size_t nc = 0, i;
	bool any_local = false;
	int r;

	if ((r = lk_toml_lock_open(&lk, ctx, data, len, "package", marks,
	                           "not a Cargo.lock: no [[package]], version or [metadata]")) < 0)
		return r;
	meta = toml_get(lk.doc, "metadata");
	c = xcalloc(lk_toml_lock_len(&lk) + 1, sizeof(*c));
	while ((t = lk_toml_lock_next(&lk, &i)) != NULL) {
		const struct toml_value *nv = toml_get(t, "name");
		const char *name = toml_str(t, "name"), *ver = toml_str(t, "version");
		const char *src = toml_str(t, "source"), *sum = toml_str(t, "checksum");
		size_t line = nv ? nv->line : t->line;
		struct pkg *p;

		if (!name || !*name || !ver || !*ver) {
			extract_error(ctx, t->line, "[[package]] without a name or version");
			continue;
		}
		p = extract_add(ctx, CARGO_ECOSYSTEM, "cargo", NULL, name, ver, line);
		if (!p)
			break;
		if (!src) {
			p->flags |= PKG_LOCAL;
			any_local = true;
		} else if (!strncmp(src, "git+", 4)) {
			pkg_add_prop(p, "vouch:source", src);
		} else if ((!strncmp(src, "registry+", 9) || !strncmp(src, "sparse+", 7)) &&
		           !crates_io(src)) {
			pkg_add_qualifier(p, "repository_url", strchr(src, '+') + 1);
		} else if (!crates_io(src)) {
			pkg_add_prop(p, "vouch:source", src);
		}
		if (sum) {
			if (strlen(sum) == 64 && langkit_is_hex(sum, 64))
				pkg_add_hash(p, "SHA-256", sum);
			else
				extract_error(ctx, line, "'%s' checksum is not a SHA-256 digest",
				              name);
		}
		c[nc].name = name;
		c[nc].version = ver;
		c[nc].source = src;
		c[nc].tab = t;
		c[nc++].pkg = p;
	}
	for (size_t i = 0; i < nc; i++)
		lkmap_put(&byname, c[i].name, strlen(c[i].name), i);
	/* version 1: [metadata] "checksum NAME VERSION (SOURCE)" = "HEX" */
	for (size_t i = 0; i < toml_table_len(meta); i++) {
		const struct toml_kv *kv = toml_table_at(meta, i);
		const char *hex = toml_strval(kv->value);
		struct crate *cr;
		bool amb;

		if (strncmp(kv->key, "checksum ", 9) || !hex)
			continue;
		cr = resolve(c, &byname, kv->key + 9, &amb);
		if (!cr) {
			extract_note(ctx, kv->line, "'%s' names no [[package]]", kv->key);
			continue;
		}
		if (!strcmp(hex, "<none>"))
			continue;
		if (strlen(hex) == 64 && langkit_is_hex(hex, 64))
			pkg_add_hash(cr->pkg, "SHA-256", hex);
		else
			extract_error(ctx, kv->line, "'%s' is not a SHA-256 digest", kv->key);
	}
	for (size_t i = 0; i < nc; i++) {
		const struct toml_value *deps = toml_get(c[i].tab, "dependencies");

		for (size_t k = 0; k < toml_array_len(deps); k++) {
			const struct toml_value *d = toml_array_at(deps, k);
			const char *ds = toml_strval(d);
			struct crate *to;
			bool amb;

			if (!ds) {
				extract_error(ctx, d ? d->line : 0,
				              "a dependency of '%s' is not a string", c[i].name);
				continue;
			}
			to = resolve(c, &byname, ds, &amb);
			if (!to) {
				if (amb)
					extract_error(ctx, d->line,
					              "dependency '%s' of '%s' is ambiguous", ds,
					              c[i].name);
				else
					extract_note(
					        ctx, d->line,
					        "dependency '%s' of '%s' is not in the lockfile",
					        ds, c[i].name);
				continue;
			}
			extract_edge(ctx, c[i].pkg, to->pkg);
			if (c[i].pkg->flags & PKG_LOCAL && !(to->pkg->flags & PKG_LOCAL))
				to->pkg->flags |= PKG_DIRECT;
		}
	}
	if (any_local)
		for (size_t i = 0; i < nc; i++)
			if (!(c[i].pkg->flags & (PKG_LOCAL | PKG_DIRECT)))
				c[i].pkg->flags |= PKG_TRANSITIVE;
	free(c);
	lkmap_release(&byname);
	lk_toml_lock_release(&lk);
	return 0;
}

static bool cargo_match(const char *rel, const char *name)
{
	return !strcmp(name, "Cargo.lock");
}

static bool cargo_sniff(const char *data, size_t len)
{
	size_t head = len < 4096 ? len : 4096;

	return memmem(data, head, "@generated by Cargo", 19) != NULL ||
	       (memmem(data, head, "[[package]]", 11) != NULL &&
	        memmem(data, head, "source = \"registry+", 19) != NULL);
}

const struct extractor cargo_lock_extractor = {
	"cargo-lock", CARGO_ECOSYSTEM, cargo_match, cargo_sniff, cargo_extract, 0,
};
