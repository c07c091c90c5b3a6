/*
 * spec_json.c: Spack's record of an installed package, PREFIX/.spack/spec.json.
 *
 *     {"spec": {"_meta": {"version": 5}, "nodes": [
 *       {"name": "zlib", "version": "1.3.1", "namespace": "builtin",
 *        "arch": {...}, "hash": "u463uoum2lujbc2ug4fpbersp4jev2yl",
 *        "dependencies": [{"name": "gmake", "hash": "os2k...",
 *                          "parameters": {"deptypes": ["build"]}}]},
 *       {"name": "gmake", ..., "hash": "os2k..."}]}}
 *
 * The nodes are the installed package (the first) and every package it was
 * built with. Each is pkg:spack/NAME@VERSION?sha=HASH (purl-spec: the
 * namespace is the Spack repository namespace, the sha qualifier the DAG hash
 * `spack find -l` shows; the hash identifies a build configuration, it is not
 * a file hash). A node with "external" is not built by Spack but found on the
 * system (its path is kept as vouch:spack-external). Edges come from each
 * node's dependencies, by hash. Spack has no OSV ecosystem: nothing is
 * matched.
 */
#include "util/compat.h"
#include "core/inventory/inventory.h"
#include "core/inventory/langkit.h"
#include "core/inventory/lockparse.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/json.h"

#include <jansson.h>

static int spec_extract(struct extract_ctx *ctx, const char *data, size_t len)
{
	json_t *doc = NULL, *nodes, *node;
	struct jpos jp = JPOS_INIT(data, len);
	struct lkmap byhash = LKMAP_INIT;
	struct pkg **pkgs = NULL;
	size_t i;
	int ret = 0;

	if (langkit_json(ctx, data, len, &doc) < 0)
		return ERR_PARSE;
	nodes = json_object_get(json_object_get(doc, "spec"), "nodes");
	if (!json_is_array(nodes)) {
		json_decref(doc);
		return extract_error(ctx, 0,
		                     "no 'spec' with a 'nodes' list: not a Spack spec.json");
	}
	pkgs = xcalloc(json_array_size(nodes) + 1, sizeof(*pkgs));
	json_array_foreach(nodes, i, node)
	{
		const char *name = vjson_str(node, "name"), *ver = vjson_str(node, "version");
		const char *hash = vjson_str(node, "hash"), *ns = vjson_str(node, "namespace");
		const char *ext = vjson_str(json_object_get(node, "external"), "path");
		size_t line, nline;
		struct pkg *p;

		/* the version key is a node's own (dependency entries have none) */
		nline = name ? jpos_find(&jp, "name", name) : 0;
		line = ver ? jpos_find(&jp, "version", ver) : nline;
		if (!name || !ver) {
			ret = extract_error(ctx, line, "node %zu has no %s", i,
			                    name ? "version" : "name");
			continue;
		}
		p = extract_add(ctx, NULL, "spack", ns, name, ver, line);
		if (!p) {
			ret = err_code();
			break;
		}
		p->flags |= PKG_SCOPE_UNKNOWN;
		if (hash) {
			pkg_add_qualifier(p, "sha", hash);
			lkmap_put(&byhash, hash, strlen(hash), i);
		}
		if (ext)
			pkg_add_prop(p, "vouch:spack-external", ext);
		pkgs[i] = p;
	}
	json_array_foreach(nodes, i, node)
	{
		json_t *deps = json_object_get(node, "dependencies"), *d;
		size_t k;

		if (!pkgs[i] || ret == ERR_TOOBIG)
			continue;
		json_array_foreach(deps, k, d)
		{
			const char *h = vjson_str(d, "hash");
			size_t e = h ? lkmap_first(&byhash, h, strlen(h)) : LKMAP_END;

			if (e != LKMAP_END && pkgs[byhash.ents[e].val])
				extract_edge(ctx, pkgs[i], pkgs[byhash.ents[e].val]);
			else if (vjson_str(d, "name"))
				extract_note(
				        ctx, 0, "dependency '%s' of '%s' is not among the nodes",
				        LKQ(vjson_str(d, "name")), LKQ(vjson_str(node, "name")));
		}
	}
	free(pkgs);
	lkmap_release(&byhash);
	json_decref(doc);
	return ret;
}

static bool spec_match(const char *rel, const char *name)
{
	size_t n = strlen(rel);

	return !strcmp(name, "spec.json") && n >= 16 && !strcmp(rel + n - 16, ".spack/spec.json");
}

static bool spec_sniff(const char *data, size_t len)
{
	size_t head = len < 4096 ? len : 4096;

	return memmem(data, head, "\"spec\"", 6) && memmem(data, head, "\"_meta\"", 7) &&
	       memmem(data, head, "\"nodes\"", 7);
}

const struct extractor spack_spec_extractor = {
	"spack-spec", NULL, spec_match, spec_sniff, spec_extract, 0,
};
