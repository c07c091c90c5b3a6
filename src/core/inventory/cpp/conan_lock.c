/*
 * conan_lock.c: Conan lock files (conan.lock).
 *
 * Conan 1 graph locks (versions 0.1 to 0.4; 0.0 has no "version"):
 *     {"graph_lock": {"nodes": {"0": {"ref": "app/1.0", "path": "conanfile.py",
 *                                     "requires": ["1"], "build_requires": ["2"]},
 *                               "1": {"ref": "zlib/1.2.11#RREV", "prev": "PREV"}, ...}},
 *      "version": "0.4"}
 * (older ones write "pref": "REF:PACKAGE_ID#PREV", and 0.0 "requires" as an
 * object of REF: NODE). Conan 2 lock files (version 0.5):
 *     {"version": "0.5", "requires": ["zlib/1.2.11#RREV%TIMESTAMP"],
 *      "build_requires": [...], "python_requires": [...]}
 *
 * A reference NAME/VERSION[@USER[/CHANNEL]][#RREV] gives
 * pkg:conan/NAME@VERSION with the qualifiers user, channel and rrev, and the
 * ConanCenter ecosystem when it has no user and channel (ConanCenter's
 * packages have none). In a graph lock, the node with a "path" (the
 * conanfile) is the project itself (PKG_ROOT, when it has a reference); its
 * requires are PKG_DIRECT, others PKG_TRANSITIVE; what is reachable only
 * through build_requires (tools) is PKG_DEV; edges follow requires and
 * build_requires. In 0.5 files, build_requires and python_requires are
 * PKG_DEV, and there are no edges.
 */
#include "util/compat.h"
#include "core/inventory/inventory.h"
#include "core/inventory/lockparse.h"
#include "util/alloc.h"
#include "util/err.h"
#include "util/json.h"

/* Adds the package of one reference; NULL (after an error) when it is not one. */
static struct pkg *add_ref(struct extract_ctx *ctx, const char *ref, size_t line, int *ret)
{
	size_t n = strcspn(ref, ":%"); /* drop ":PACKAGE_ID#PREV" and "%TIMESTAMP" */
	char *r = xstrndup(ref, n), *hash = strchr(r, '#'), *at, *slash;
	char *user = NULL, *channel = NULL;
	struct pkg *p = NULL;

	if (hash)
		*hash++ = '\0';
	at = strchr(r, '@');
	if (at) {
		*at++ = '\0';
		user = at;
		channel = strchr(at, '/');
		if (channel)
			*channel++ = '\0';
	}
	slash = strchr(r, '/');
	if (!slash || slash == r || !slash[1] || strchr(slash + 1, '/')) {
		*ret = extract_error(ctx, line, "reference '%s' is not NAME/VERSION: not listed",
		                     ref);
		goto done;
	}
	*slash = '\0';
	/* "_" stands for no user / channel */
	if (user && (!*user || !strcmp(user, "_")))
		user = NULL;
	if (channel && (!*channel || !strcmp(channel, "_")))
		channel = NULL;
	p = extract_add(ctx, user || channel ? NULL : "ConanCenter", "conan", NULL, r, slash + 1,
	                line);
	if (!p)
		goto done;
	pkg_add_qualifier(p, "user", user);
	pkg_add_qualifier(p, "channel", channel);
	if (hash && *hash && strcmp(hash, "0"))
		pkg_add_qualifier(p, "rrev", hash);
done:
	free(r);
	return p;
}

static int read_v2(struct extract_ctx *ctx, json_t *doc, struct lp_jsonpos *pos)
{
	static const char *const lists[] = { "requires", "build_requires", "python_requires" };
	int ret = 0;

	for (size_t l = 0; l < ARRAY_SIZE(lists); l++) {
		json_t *a = json_object_get(doc, lists[l]), *v;
		struct lp_jsonpos lp = *pos;
		size_t i;

		if (!a)
			continue;
		if (!json_is_array(a)) {
			ret = extract_error(ctx, lp_jsonpos_key(&lp, lists[l], 1),
			                    "\"%s\" is not a list", lists[l]);
			continue;
		}
		lp_jsonpos_key(&lp, lists[l], 1);
		json_array_foreach(a, i, v)
		{
			const char *ref = vjson_strval(v);
			struct pkg *p;

			if (!ref) {
				ret = extract_error(ctx, lp.line, "\"%s\" holds a non-string",
				                    lists[l]);
				continue;
			}
			p = add_ref(ctx, ref, lp_jsonpos_string(&lp, ref), &ret);
			if (p && l > 0)
				p->flags |= PKG_DEV;
			if (p && l == 2)
				pkg_add_prop(p, "vouch:conan-python-requires", "true");
		}
	}
	return ret;
}

struct node {
	const char *id;
	json_t *j;
	struct pkg *p;
	bool prod, any; /* reached through requires only / at all */
	bool queued;
};

struct graph {
	struct node *nodes;
	struct node **byid; /* sorted by id, for lookups */
	size_t n;
};

static int byid_cmp(const void *a, const void *b)
{
	return strcmp((*(struct node *const *)a)->id, (*(struct node *const *)b)->id);
}

static struct node *node_find(const struct graph *g, const char *id)
{
	size_t lo = 0, hi = g->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(g->byid[mid]->id, id);

		if (!c)
			return g->byid[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static const char *const dep_kinds[] = { "requires", "build_requires" };

/* Calls fn for each node that node names in requires (k 0) or build_requires (k 1). */
static void each_dep(const struct graph *g, struct node *node,
                     void (*fn)(struct node *from, struct node *to, size_t k, void *arg), void *arg)
{
	for (size_t k = 0; k < ARRAY_SIZE(dep_kinds); k++) {
		json_t *req = json_object_get(node->j, dep_kinds[k]), *v;
		const char *key;
		size_t i;

		/* a list of node ids, or (0.0) an object REF -> node id */
		if (json_is_array(req)) {
			json_array_foreach(req, i, v)
			{
				struct node *to =
				        vjson_strval(v) ? node_find(g, vjson_strval(v)) : NULL;

				if (to)
					fn(node, to, k, arg);
			}
		} else if (json_is_object(req)) {
			json_object_foreach(req, key, v)
			{
				struct node *to =
				        vjson_strval(v) ? node_find(g, vjson_strval(v)) : NULL;

				if (to)
					fn(node, to, k, arg);
			}
		}
	}
}

struct worklist {
	struct node **v;
	size_t n, a;
};

static void visit(struct node *from, struct node *to, size_t k, void *arg)
{
	struct worklist *wl = arg;
	bool prod = from->prod && k == 0;

	if (to->any && (!prod || to->prod))
		return;
	to->any = true;
	to->prod |= prod;
	if (!to->queued) {
		to->queued = true;
		ALLOC_GROW(wl->v, wl->n + 1, wl->a);
		wl->v[wl->n++] = to;
	}
}

/* Marks what root reaches, and whether through requires alone. */
static void reach(const struct graph *g, struct node *root)
{
	struct worklist wl = { 0 };

	root->prod = root->any = root->queued = true;
	ALLOC_GROW(wl.v, 1, wl.a);
	wl.v[wl.n++] = root;
	while (wl.n) {
		struct node *nd = wl.v[--wl.n];

		nd->queued = false;
		each_dep(g, nd, visit, &wl);
	}
	free(wl.v);
}

struct edge_arg {
	struct extract_ctx *ctx;
	struct node *root;
};

static void add_edge(struct node *from, struct node *to, size_t k, void *arg)
{
	struct edge_arg *ea = arg;

	(void)k;
	if (!to->p)
		return;
	if (from == ea->root) {
		to->p->flags |= PKG_DIRECT;
		to->p->flags &= ~(unsigned)PKG_TRANSITIVE;
	}
	if (from->p)
		extract_edge(ea->ctx, from->p, to->p);
}

static int read_graph(struct extract_ctx *ctx, json_t *gl, struct lp_jsonpos *pos)
{
	json_t *jn = json_object_get(gl, "nodes"), *v;
	struct graph g = { 0 };
	struct node *root = NULL;
	struct edge_arg ea;
	const char *id;
	int ret = 0;

	if (!json_is_object(jn))
		return extract_error(ctx, 0, "\"graph_lock\" has no \"nodes\" object");
	g.nodes = xcalloc(json_object_size(jn) + 1, sizeof(*g.nodes));
	g.byid = xcalloc(json_object_size(jn) + 1, sizeof(*g.byid));
	lp_jsonpos_key(pos, "graph_lock", 1);
	lp_jsonpos_key(pos, "nodes", 2);
	json_object_foreach(jn, id, v)
	{
		const char *ref = vjson_str(v, "ref") ? vjson_str(v, "ref") : vjson_str(v, "pref");
		size_t line = lp_jsonpos_key(pos, id, 3);
		struct node *nd = &g.nodes[g.n];

		g.byid[g.n++] = nd;
		nd->id = id;
		nd->j = v;
		if (!json_is_object(v)) {
			ret = extract_error(ctx, line, "node '%s' is not an object", id);
			continue;
		}
		if (json_object_get(v, "path") || (!root && !ref)) {
			/* the conanfile: the project itself, listed when it has a reference */
			if (!root)
				root = nd;
			if (ref && (nd->p = add_ref(ctx, ref, line, &ret))) {
				/* the project, not a ConanCenter package */
				nd->p->ecosystem = NULL;
				nd->p->flags |= PKG_ROOT;
			}
			continue;
		}
		if (!ref) {
			ret = extract_error(ctx, line, "node '%s' has no reference", id);
			continue;
		}
		nd->p = add_ref(ctx, ref, line, &ret);
		if (nd->p) {
			const char *prev = vjson_str(v, "prev");
			const char *ctxname = vjson_str(v, "context");

			if (prev && strcmp(prev, "0"))
				pkg_add_prop(nd->p, "vouch:conan-prev", prev);
			if (ctxname && !strcmp(ctxname, "build"))
				nd->p->flags |= PKG_DEV;
		}
	}
	QSORT(g.byid, g.n, byid_cmp);
	if (root) {
		reach(&g, root);
		for (size_t i = 0; i < g.n; i++) {
			if (!g.nodes[i].p || &g.nodes[i] == root)
				continue;
			if (g.nodes[i].any && !g.nodes[i].prod)
				g.nodes[i].p->flags |= PKG_DEV;
			g.nodes[i].p->flags |= PKG_TRANSITIVE;
		}
	}
	/* edges, and direct dependencies of the root */
	ea.ctx = ctx;
	ea.root = root;
	for (size_t i = 0; i < g.n; i++)
		each_dep(&g, &g.nodes[i], add_edge, &ea);
	free(g.nodes);
	free(g.byid);
	return ret;
}

static int conan_extract(struct extract_ctx *ctx, const char *data, size_t len)
{
	struct lp_jsonpos pos;
	json_t *doc = NULL, *gl;
	const char *version;
	int ret;

	if (lp_json_parse(&doc, ctx, data, len) < 0)
		return ERR_PARSE;
	lp_jsonpos_init(&pos, data, len);
	gl = json_object_get(doc, "graph_lock");
	version = vjson_str(doc, "version");
	if (json_is_object(gl))
		ret = read_graph(ctx, gl, &pos);
	else if (json_is_object(doc) && version && json_object_get(doc, "requires"))
		ret = read_v2(ctx, doc, &pos);
	else
		ret = extract_error(ctx, 0,
		                    "not a conan.lock: neither a \"graph_lock\" nor a \"requires\" "
		                    "list");
	json_decref(doc);
	return ret;
}

static bool conan_match(const char *rel, const char *name)
{
	(void)rel;
	return !strcmp(name, "conan.lock");
}

static bool conan_sniff(const char *data, size_t len)
{
	size_t n = len < 4096 ? len : 4096;

	return memmem(data, n, "\"graph_lock\"", 12) ||
	       (memmem(data, n, "\"version\": \"0.5\"", 16) && memmem(data, n, "\"requires\"", 10));
}

const struct extractor conan_lock_extractor = {
	"conan-lock", "ConanCenter", conan_match, conan_sniff, conan_extract, 0,
};
