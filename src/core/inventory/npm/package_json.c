/*
 * package_json.c: installed packages, node_modules/NAME/package.json and
 * node_modules/@SCOPE/NAME/package.json.
 *
 * Only the manifest at the top of an installed package is claimed: other
 * package.json files inside packages ("lib/package.json" with just a "type")
 * and the project's own package.json (declared ranges, not what is
 * installed) are not packages. The manifest gives name, version, license and
 * what npm recorded at install time (_integrity, _resolved).
 */
#include "util/compat.h"
#include "core/inventory/npm/npm.h"
#include "util/err.h"
#include "util/json.h"

static int extract(struct extract_ctx *ctx, const char *data, size_t len)
{
	json_t *top = NULL;
	const char *name, *ver, *res;
	struct pkg *p;
	int r = 0;

	if (vjson_parse(&top, data, len, extract_path(ctx)) < 0) {
		r = npm_parse_error(ctx, "JSON");
		goto done;
	}
	if (!json_is_object(top)) {
		r = extract_error(ctx, 1, "not a package.json: the document is not an object");
		goto done;
	}
	name = vjson_str(top, "name");
	ver = vjson_str(top, "version");
	if (!name || !*name) {
		/* npm installs nothing without a name: a stub, not a package */
		extract_note(ctx, 0, "no package name: not an installed package");
		goto done;
	}
	if (json_object_get(json_object_get(top, "engines"), "vscode") &&
	    (json_object_get(top, "publisher") || json_object_get(top, "contributes"))) {
		extract_note(ctx, 0,
		             "a VS Code extension manifest, not an npm package: not listed");
		goto done;
	}
	p = npm_add(ctx, name, strlen(name), ver, 1);
	if (!p) {
		r = err_code();
		goto done;
	}
	if (!ver)
		p->flags |= PKG_UNRESOLVED;
	/* an installed manifest cannot tell dev or optional: a lockfile beside it can */
	p->flags |= PKG_SCOPE_UNKNOWN;
	npm_set_license(p, json_object_get(top, "license"));
	if (!p->license)
		npm_set_license(p, json_object_get(top, "licenses"));
	pkg_add_integrity(p, vjson_str(top, "_integrity"));
	res = vjson_str(top, "_resolved");
	if (res && *res)
		pkg_add_prop(p, "vouch:resolved", res);
done:
	json_decref(top);
	return r;
}

/*
 * Claims PREFIX/node_modules/NAME/package.json where every node_modules
 * after the first sits right inside an installed package
 * (node_modules/a/node_modules/@s/b/package.json): package.json files of a
 * package's own test fixtures (node_modules/a/test/fixtures/node_modules/b/)
 * are not installed packages. NAME is [@SCOPE/]NAME, not a hidden folder;
 * pnpm's node_modules/.pnpm/NAME@VERSION/node_modules/NAME/ is followed.
 */
static bool match(const char *rel, const char *name)
{
	const char *s = NULL;

	if (strcmp(name, "package.json"))
		return false;
	for (const char *t = rel; (t = strstr(t, "node_modules/")); t++)
		if (t == rel || t[-1] == '/') {
			s = t;
			break;
		}
	if (!s)
		return false;
	while (!strncmp(s, "node_modules/", 13)) {
		const char *slash;

		s += 13;
		if (!strncmp(s, ".pnpm/", 6)) {
			/* pnpm's store: .pnpm/NAME@VERSION/node_modules/..., .pnpm/node_modules/... */
			s += 6;
			if (strncmp(s, "node_modules/", 13) && (slash = strchr(s, '/')))
				s = slash + 1;
			continue;
		}
		if (s[0] == '.' || s[0] == '/')
			return false;
		slash = strchr(s, '/');
		if (slash && s[0] == '@')
			slash = slash[1] && slash[1] != '.' ? strchr(slash + 1, '/') : NULL;
		if (!slash)
			return false;
		s = slash + 1;
		if (!strcmp(s, "package.json"))
			return true;
	}
	return false;
}

/*
 * A JSON object with top-level "name" and "version" keys in its first 4 KiB,
 * and no "lockfileVersion": other JSON documents that merely contain such
 * keys deeper down (composer.lock, SBOMs) are not claimed.
 */
static bool sniff(const char *data, size_t len)
{
	size_t n = len < 4096 ? len : 4096, depth = 0;
	bool name = false, version = false;

	if (memmem(data, n, "\"lockfileVersion\"", 17))
		return false;
	for (size_t i = 0; i < n && !(name && version); i++) {
		char c = data[i];

		if (c == '"') {
			size_t start = ++i;

			while (i < n && data[i] != '"')
				i += data[i] == '\\' ? 2 : 1;
			if (i >= n || depth != 1)
				continue;
			{
				size_t k = i + 1;

				while (k < n && (data[k] == ' ' || data[k] == '\t' ||
				                 data[k] == '\r' || data[k] == '\n'))
					k++;
				if (k >= n || data[k] != ':')
					continue;
			}
			name |= i - start == 4 && !memcmp(data + start, "name", 4);
			version |= i - start == 7 && !memcmp(data + start, "version", 7);
		} else if (c == '{' || c == '[') {
			if (!depth && c != '{')
				return false;
			depth++;
		} else if (c == '}' || c == ']') {
			if (!depth)
				return false;
			depth--;
		} else if (!depth && c != ' ' && c != '\t' && c != '\r' && c != '\n') {
			return false;
		}
	}
	return name && version;
}

const struct extractor npm_package_json_extractor = {
	.name = "npm-package-json",
	.ecosystem = "npm",
	.match = match,
	.sniff = sniff,
	.extract = extract,
	.max_size = (size_t)8 << 20,
};
