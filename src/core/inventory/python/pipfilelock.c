/*
 * pipfilelock.c: Pipfile.lock (pipenv), JSON.
 *
 * "default" holds the packages of the project, "develop" the development
 * ones (PKG_DEV). Each entry has "version": "==V" (the pin), "hashes"
 * ("sha256:HEX"), "markers" (kept as vouch:marker) and for VCS or path
 * entries "git"/"ref" or "path"/"file" (no version: PKG_UNRESOLVED, with
 * the source as vouch:source; paths PKG_LOCAL). The lock records neither
 * direct/transitive nor edges.
 */
#include "util/compat.h"
#include "core/inventory/inventory.h"
#include "core/inventory/langkit.h"
#include "core/inventory/python/pypi.h"
#include "util/buf.h"
#include "util/json.h"

static void read_section(struct extract_ctx *ctx, struct jpos *jp, json_t *root,
                         const char *section, bool dev)
{
	json_t *sec = json_object_get(root, section), *v;
	const char *name;

	if (!sec)
		return;
	if (!json_is_object(sec)) {
		extract_error(ctx, jpos_find(jp, section, NULL), "'%s' is not an object", section);
		return;
	}
	jpos_find(jp, section, NULL);
	json_object_foreach(sec, name, v)
	{
		size_t line = jpos_find(jp, name, NULL);
		const char *ver = vjson_str(v, "version"), *s;
		json_t *hashes = json_object_get(v, "hashes"), *h;
		struct pkg *p;
		size_t i;

		if (!json_is_object(v)) {
			extract_error(ctx, line, "entry '%s' is not an object", name);
			continue;
		}
		if (!pypi_valid_name(name, strlen(name))) {
			extract_error(ctx, line, "'%s' is not a valid package name", name);
			continue;
		}
		if (ver && !strncmp(ver, "===", 3))
			ver += 3;
		else if (ver && !strncmp(ver, "==", 2))
			ver += 2;
		else if (ver) {
			extract_error(ctx, line, "'%s': version '%s' is not a pin (==V)", name,
			              ver);
			ver = NULL;
		}
		p = extract_add(ctx, PYPI_ECOSYSTEM, "pypi", NULL, name, ver, line);
		if (!p)
			return;
		if (dev)
			p->flags |= PKG_DEV;
		if (!ver || !*ver)
			p->flags |= PKG_UNRESOLVED;
		pkg_add_prop(p, "vouch:marker", vjson_str(v, "markers"));
		if ((s = vjson_str(v, "git")) != NULL) {
			struct buf src = BUF_INIT;
			const char *ref = vjson_str(v, "ref");

			buf_addf(&src, "git+%s%s%s", s, ref ? "@" : "", ref ? ref : "");
			pkg_add_prop(p, "vouch:source", src.ptr);
			buf_release(&src);
		} else if ((s = vjson_str(v, "path")) != NULL ||
		           (s = vjson_str(v, "file")) != NULL) {
			pkg_add_prop(p, "vouch:source", s);
			if (!strstr(s, "://"))
				p->flags |= PKG_LOCAL;
		}
		json_array_foreach(hashes, i, h)
		{
			const char *hs = vjson_strval(h);

			if (hs && !pkg_add_integrity(p, hs))
				extract_note(ctx, line, "'%s': hash '%s' not recognised", name, hs);
		}
	}
}

static int pipfile_extract(struct extract_ctx *ctx, const char *data, size_t len)
{
	struct jpos jp = JPOS_INIT(data, len);
	json_t *root = NULL;
	int r;

	if ((r = langkit_json(ctx, data, len, &root)) < 0)
		return r;
	if (!json_is_object(root) ||
	    (!json_object_get(root, "default") && !json_object_get(root, "develop"))) {
		json_decref(root);
		return extract_error(ctx, 0,
		                     "not a Pipfile.lock: no 'default' or 'develop' object");
	}
	read_section(ctx, &jp, root, "default", false);
	read_section(ctx, &jp, root, "develop", true);
	json_decref(root);
	return 0;
}

static bool pipfile_match(const char *rel, const char *name)
{
	return !strcmp(name, "Pipfile.lock");
}

static bool pipfile_sniff(const char *data, size_t len)
{
	size_t head = len < 4096 ? len : 4096;

	return len && data[0] == '{' && memmem(data, head, "\"pipfile-spec\"", 14) != NULL;
}

const struct extractor pypi_pipfilelock_extractor = {
	"pypi-pipfile-lock", PYPI_ECOSYSTEM, pipfile_match, pipfile_sniff, pipfile_extract, 0,
};
