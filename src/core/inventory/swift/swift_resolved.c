/*
 * swift_resolved.c: Swift Package Manager pins (Package.resolved, v1 to v3).
 *
 *     v1: {"object": {"pins": [{"package": "Name", "repositoryURL": "URL",
 *                               "state": {"branch": null, "revision": "SHA",
 *                                         "version": "1.0.0"}}]}, "version": 1}
 *     v2, v3: {"pins": [{"identity": "name", "kind": "remoteSourceControl",
 *                        "location": "URL", "state": {...}}], "version": 2}
 *
 * A pin from a source repository is pkg:swift/HOST/OWNER/NAME@VERSION (the
 * namespace is the repository's host and owner, the name its last path
 * part), in the SwiftURL ecosystem. A pin on a branch or a revision has no
 * version: the commit stands in for it and the branch is kept as a
 * property. Local pins (localSourceControl, fileSystem) are PKG_LOCAL and
 * registry pins (scope.name) use the scope as namespace; neither is
 * SwiftURL. The file records no edges and no direct/transitive split.
 */
#include "util/compat.h"
#include "core/inventory/inventory.h"
#include "core/inventory/lockparse.h"
#include "util/alloc.h"
#include "util/err.h"
#include "util/json.h"

static int resolved_extract(struct extract_ctx *ctx, const char *data, size_t len)
{
	struct lp_jsonpos pos;
	json_t *doc = NULL, *pins, *pin;
	json_int_t version;
	size_t i;
	int ret = 0;

	if (lp_json_parse(&doc, ctx, data, len) < 0)
		return ERR_PARSE;
	lp_jsonpos_init(&pos, data, len);
	if (!json_is_object(doc) || !json_is_integer(json_object_get(doc, "version"))) {
		ret = extract_error(ctx, 0, "not a Package.resolved: no \"version\" number");
		goto done;
	}
	version = json_integer_value(json_object_get(doc, "version"));
	if (version < 1 || version > 3) {
		ret = extract_error(ctx, 0,
		                    "Package.resolved version %" JSON_INTEGER_FORMAT
		                    " is not one of 1, 2, 3: not read",
		                    version);
		goto done;
	}
	pins = json_object_get(version == 1 ? json_object_get(doc, "object") : doc, "pins");
	if (!json_is_array(pins)) {
		ret = extract_error(ctx, 0, "no \"pins\" array");
		goto done;
	}
	json_array_foreach(pins, i, pin)
	{
		const char *url = vjson_str(pin, version == 1 ? "repositoryURL" : "location");
		const char *ident = vjson_str(pin, version == 1 ? "package" : "identity");
		const char *kind = vjson_str(pin, "kind");
		json_t *state = json_object_get(pin, "state");
		const char *ver = vjson_str(state, "version"), *rev = vjson_str(state, "revision");
		const char *branch = vjson_str(state, "branch");
		size_t line = lp_jsonpos_key(&pos, version == 1 ? "package" : "identity",
		                             version == 1 ? 4 : 3);
		bool local = kind &&
		             (!strcmp(kind, "localSourceControl") || !strcmp(kind, "fileSystem"));
		bool registry = kind && !strcmp(kind, "registry");
		char *host = NULL, *path = NULL, *ns = NULL;
		const char *name;
		struct pkg *p;

		if (!url || !ident) {
			ret = extract_error(ctx, line, "pin without %s",
			                    url ? "a name" : "a location");
			continue;
		}
		if (registry) {
			/* identity "scope.name" */
			const char *dot = strchr(ident, '.');

			ns = dot ? xstrndup(ident, (size_t)(dot - ident)) : NULL;
			name = dot ? dot + 1 : ident;
		} else if (!local && lp_split_repo_url(&host, &path, url)) {
			const char *slash = strrchr(path, '/');
			struct buf b = BUF_INIT_MAX(8192);

			buf_adds(&b, host);
			if (slash) {
				buf_addch(&b, '/');
				buf_add(&b, path, (size_t)(slash - path));
			}
			ns = buf_detach(&b, NULL);
			name = slash ? slash + 1 : path;
		} else {
			name = ident;
		}
		p = extract_add(ctx, local || registry || !host ? NULL : "SwiftURL", "swift", ns,
		                name, ver ? ver : rev, line);
		free(host);
		free(path);
		free(ns);
		if (!p) {
			ret = ERR_PARSE;
			break;
		}
		if (local)
			p->flags |= PKG_LOCAL;
		pkg_add_prop(p, "vouch:git-url", local ? NULL : url);
		pkg_add_prop(p, "vouch:git-commit", rev);
		pkg_add_prop(p, "vouch:git-branch", branch);
		if (local)
			pkg_add_prop(p, "vouch:path", url);
	}
done:
	json_decref(doc);
	return ret;
}

static bool resolved_match(const char *rel, const char *name)
{
	(void)rel;
	return !strcmp(name, "Package.resolved") || !strcmp(name, ".package.resolved");
}

static bool resolved_sniff(const char *data, size_t len)
{
	return memmem(data, len < 4096 ? len : 4096, "\"pins\"", 6) != NULL;
}

const struct extractor swift_resolved_extractor = {
	"swift-package-resolved", "SwiftURL", resolved_match, resolved_sniff, resolved_extract, 0,
};
