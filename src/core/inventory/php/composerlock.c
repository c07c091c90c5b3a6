/*
 * composerlock.c: Composer's composer.lock (JSON).
 *
 * "packages" are the project's, "packages-dev" development-only (PKG_DEV).
 * The purl is pkg:composer/VENDOR/NAME (the vendor as namespace, both lower
 * case as the purl spec asks), the version as locked ("v1.2.3" kept: it is
 * the tag Packagist and OSV records name). "dist.shasum" (SHA-1 of the
 * archive, often empty) becomes a hash; the "source" reference, a VCS
 * commit, the property vouch:source-reference. "license" arrays become one
 * SPDX expression joined with OR (Composer documents several licences as a
 * choice), single entries as they are. "require" entries that name another
 * locked package become edges; platform requirements (php, ext-*, lib-*,
 * composer-*) are not packages. The lock does not say which packages the
 * project requires directly (composer.json does), so no direct flags.
 */
#include "util/compat.h"
#include "core/inventory/inventory.h"
#include "core/inventory/langkit.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/json.h"

#define COMPOSER_ECOSYSTEM "Packagist"

struct cpkg {
	const char *name; /* owned by the JSON document */
	json_t *obj;
	struct pkg *pkg;
};

static bool valid_name(const char *name)
{
	const char *slash = strchr(name, '/');

	if (!slash || slash == name || !slash[1] || strchr(slash + 1, '/'))
		return false;
	for (const char *c = name; *c; c++)
		if ((unsigned char)*c <= ' ' || *c == '"' || *c == '\\')
			return false;
	return true;
}

static void lower(struct buf *out, const char *s)
{
	for (; *s; s++)
		buf_addch(out, (*s >= 'A' && *s <= 'Z') ? *s - 'A' + 'a' : *s);
}

static void set_license(struct pkg *p, json_t *lic)
{
	struct buf e = BUF_INIT;
	size_t i, n = 0;
	json_t *v;

	if (json_is_string(lic)) {
		pkg_set_license(p, json_string_value(lic));
		return;
	}
	json_array_foreach(lic, i, v)
	{
		const char *s = vjson_strval(v);

		if (!s || !*s)
			continue;
		/* an entry that is itself an expression keeps its meaning in parentheses */
		if (json_array_size(lic) > 1 && strchr(s, ' '))
			buf_addf(&e, "%s(%s)", n ? " OR " : "", s);
		else
			buf_addf(&e, "%s%s", n ? " OR " : "", s);
		n++;
	}
	if (n)
		pkg_set_license(p, e.ptr);
	buf_release(&e);
}

static void read_list(struct extract_ctx *ctx, struct jpos *jp, json_t *root, const char *key,
                      bool dev, struct cpkg **all, size_t *nall, size_t *aall)
{
	json_t *arr = json_object_get(root, key), *v;
	size_t i;

	if (!arr || json_is_null(arr))
		return;
	if (!json_is_array(arr)) {
		extract_error(ctx, jpos_find(jp, key, NULL), "'%s' is not an array", key);
		return;
	}
	jpos_find(jp, key, NULL);
	json_array_foreach(arr, i, v)
	{
		const char *name = vjson_str(v, "name"), *ver = vjson_str(v, "version"), *slash;
		json_t *dist = json_object_get(v, "dist"), *src = json_object_get(v, "source");
		const char *sha = vjson_str(dist, "shasum");
		size_t line = name ? jpos_find(jp, "name", name) : 0;
		char *vendor;
		struct pkg *p;

		if (!json_is_object(v) || !name || !ver) {
			extract_error(ctx, line, "entry %zu of '%s' has no name or version", i,
			              key);
			continue;
		}
		if (!valid_name(name)) {
			extract_error(ctx, line, "'%s' is not a vendor/name package name", name);
			continue;
		}
		slash = strchr(name, '/');
		vendor = xstrndup(name, (size_t)(slash - name));
		p = extract_add(ctx, COMPOSER_ECOSYSTEM, "composer", vendor, slash + 1, ver, line);
		free(vendor);
		if (!p)
			return;
		if (dev)
			p->flags |= PKG_DEV;
		if (sha && *sha) {
			if (strlen(sha) == 40 && langkit_is_hex(sha, 40))
				pkg_add_hash(p, "SHA-1", sha);
			else
				extract_note(ctx, line, "'%s': dist shasum '%s' is not a SHA-1",
				             name, sha);
		}
		pkg_add_prop(p, "vouch:source-reference", vjson_str(src, "reference"));
		if (vjson_str(dist, "type") && !strcmp(vjson_str(dist, "type"), "path"))
			p->flags |= PKG_LOCAL;
		set_license(p, json_object_get(v, "license"));
		ALLOC_GROW(*all, *nall + 1, *aall);
		(*all)[*nall].name = name;
		(*all)[*nall].obj = v;
		(*all)[(*nall)++].pkg = p;
	}
}

static int composer_extract(struct extract_ctx *ctx, const char *data, size_t len)
{
	struct jpos jp = JPOS_INIT(data, len);
	struct cpkg *all = NULL;
	size_t nall = 0, aall = 0;
	struct lkmap byname = LKMAP_INIT;
	json_t *root = NULL;
	int r;

	if ((r = langkit_json(ctx, data, len, &root)) < 0)
		return r;
	if (!json_is_object(root) ||
	    (!json_object_get(root, "packages") && !json_object_get(root, "packages-dev"))) {
		json_decref(root);
		return extract_error(ctx, 0, "not a composer.lock: no 'packages' array");
	}
	read_list(ctx, &jp, root, "packages", false, &all, &nall, &aall);
	read_list(ctx, &jp, root, "packages-dev", true, &all, &nall, &aall);
	for (size_t i = 0; i < nall; i++) {
		struct buf k = BUF_INIT;

		lower(&k, all[i].name);
		lkmap_put(&byname, k.ptr, k.len, i);
		buf_release(&k);
	}
	for (size_t i = 0; i < nall; i++) {
		json_t *req = json_object_get(all[i].obj, "require"), *v;
		const char *dep;

		json_object_foreach(req, dep, v)
		{
			struct buf k = BUF_INIT;

			(void)v;
			if (!strchr(dep, '/'))
				continue; /* php, ext-json, lib-icu, composer-plugin-api */
			lower(&k, dep);
			for (size_t e = lkmap_first(&byname, k.ptr, k.len); e != LKMAP_END;
			     e = lkmap_next(&byname, e))
				extract_edge(ctx, all[i].pkg, all[byname.ents[e].val].pkg);
			buf_release(&k);
		}
	}
	lkmap_release(&byname);
	free(all);
	json_decref(root);
	return 0;
}

static bool composer_match(const char *rel, const char *name)
{
	return !strcmp(name, "composer.lock");
}

static bool composer_sniff(const char *data, size_t len)
{
	size_t head = len < 4096 ? len : 4096;

	return len && memmem(data, head, "\"content-hash\"", 14) != NULL &&
	       memmem(data, len, "\"packages\"", 10) != NULL;
}

const struct extractor composer_lock_extractor = {
	"composer-lock", COMPOSER_ECOSYSTEM, composer_match, composer_sniff, composer_extract, 0,
};
