/*
 * bun_lock.c: bun.lock, the text lockfile of bun 1.2 and later.
 *
 * JSON with trailing commas. "workspaces" holds the project ("") and its
 * workspace members with their declared dependencies; "packages" maps an
 * install path ("a", "a/b" for b nested under a, "@s/x/@t/y") to a tuple:
 *   registry:  ["name@1.2.3", "REGISTRY-URL or empty", {meta}, "sha512-..."]
 *   git:       ["name@github:u/r#sha", {meta}, "id"]
 *   local:     ["name@file:dir" / "name@workspace:dir" / "name@link:dir", {meta}]
 * A workspace member keeps the version declared for it under "workspaces".
 * where meta lists the package's own dependencies. bun does not record
 * dev or optional flags per package: a package reached only from the
 * project's devDependencies is marked dev, by walking the graph.
 */
#include "util/compat.h"
#include "core/inventory/npm/npm.h"
#include "util/alloc.h"
#include "util/err.h"
#include "util/json.h"

struct bpkg {
	const char *key;
	struct pkg *p;
	json_t *meta;
	size_t *deps; /* indices */
	size_t ndeps, adeps;
	unsigned char reach; /* 1 prod, 2 dev, 4 optional */
};

struct bun {
	struct extract_ctx *ctx;
	struct bpkg *v;
	size_t n;
	json_t *index; /* key -> index */
	struct buf tmp;
	json_t *ws; /* "workspaces": folder -> declared manifest */
};

static size_t lookup(struct bun *b, const char *key)
{
	json_t *v = json_object_get(b->index, key);

	return v ? (size_t)json_integer_value(v) : SIZE_MAX;
}

/* Length of key without its last package name ("a/@s/b" -> 1, "a" -> 0). */
static size_t parent_len(const char *key, size_t len)
{
	size_t last = 0;

	for (size_t i = 0; i < len;) {
		size_t start = i;
		const char *slash = memchr(key + i, '/', len - i);

		i = slash ? (size_t)(slash - key) + 1 : len;
		if (key[start] == '@' && i < len) {
			slash = memchr(key + i, '/', len - i);
			i = slash ? (size_t)(slash - key) + 1 : len;
		}
		if (i < len)
			last = i;
		else
			return start ? start - 1 : 0;
	}
	return last ? last - 1 : 0;
}

static size_t resolve(struct bun *b, const char *from, const char *name)
{
	size_t base = from ? strlen(from) : 0;

	for (int guard = 0; guard < NPM_MAX_DEPTH; guard++) {
		size_t i;

		buf_reset(&b->tmp);
		buf_add(&b->tmp, from ? from : "", base);
		if (base)
			buf_addch(&b->tmp, '/');
		buf_adds(&b->tmp, name);
		i = lookup(b, b->tmp.ptr);
		if (i != SIZE_MAX)
			return i;
		if (!base)
			return SIZE_MAX;
		base = parent_len(from, base);
	}
	return SIZE_MAX;
}

static void mark(struct bun *b, size_t i, unsigned char how)
{
	size_t *stack = xreallocarray(NULL, b->n + 1, sizeof(*stack));
	size_t sp = 0;

	if (b->v[i].reach & how) {
		free(stack);
		return;
	}
	b->v[i].reach |= how;
	stack[sp++] = i;
	while (sp) {
		struct bpkg *x = &b->v[stack[--sp]];

		for (size_t k = 0; k < x->ndeps; k++) {
			struct bpkg *y = &b->v[x->deps[k]];

			if (y->reach & how)
				continue;
			y->reach |= how;
			stack[sp++] = x->deps[k];
		}
	}
	free(stack);
}

static int read_entry(struct bun *b, struct bpkg *e, json_t *tuple, size_t line)
{
	const char *id = vjson_strval(json_array_get(tuple, 0)), *at, *spec, *ver;
	size_t vlen = 0;
	bool local;
	json_t *second;

	if (!json_is_array(tuple) || !id || !*id)
		return extract_error(b->ctx, line, "package '%s': expected [\"name@version\", ...]",
		                     e->key);
	at = strchr(id + 1, '@');
	if (!at || at == id)
		return extract_error(b->ctx, line, "package '%s': '%s' has no version", e->key, id);
	spec = at + 1;
	e->p = npm_add(b->ctx, id, (size_t)(at - id), NULL, line);
	if (!e->p)
		return err_code();
	{
		/* the key's last package name is what the dependent asked for */
		size_t pl = parent_len(e->key, strlen(e->key));
		const char *last = e->key + (pl ? pl + 1 : 0);

		if (strlen(last) != (size_t)(at - id) || memcmp(last, id, (size_t)(at - id)))
			pkg_add_prop(e->p, "vouch:alias", last);
	}
	ver = npm_classify_spec(e->p, spec, &vlen, &local);
	if (ver)
		npm_set_version(b->ctx, e->p, ver, vlen, line);
	if (local)
		e->p->flags |= PKG_LOCAL;
	if (!ver && !strncmp(spec, "workspace:", 10)) {
		/* a workspace member: the version its package.json declares */
		const char *wv = vjson_str(json_object_get(b->ws, spec + 10), "version");

		if (wv && *wv)
			npm_set_version(b->ctx, e->p, wv, strlen(wv), line);
	}
	second = json_array_get(tuple, 1);
	if (json_is_string(second)) {
		e->meta = json_array_get(tuple, 2);
		pkg_add_integrity(e->p, vjson_strval(json_array_get(tuple, 3)));
	} else {
		e->meta = second;
	}
	if (!json_is_object(e->meta))
		e->meta = NULL;
	if (e->meta && json_is_true(json_object_get(e->meta, "optional")))
		e->p->flags |= PKG_OPTIONAL;
	return 0;
}

static int extract(struct extract_ctx *ctx, const char *data, size_t len)
{
	struct bun b = { ctx, NULL, 0, json_object(), BUF_INIT, NULL };
	struct json_lines jl = { data, len, 0, 1 };
	struct buf json = BUF_INIT_MAX(len + 1);
	json_t *top = NULL, *packages, *ws, *root, *v;
	struct pkg *rootp = NULL;
	const char *key;
	size_t i, nerr = 0;
	int r;

	if ((r = npm_jsonc_to_json(&json, data, len)) < 0) {
		r = extract_error(ctx, 0, "%s", err_msg());
		goto done;
	}
	if (vjson_parse(&top, json.ptr, json.len, extract_path(ctx)) < 0) {
		r = npm_parse_error(ctx, "JSON");
		goto done;
	}
	if (!json_is_object(top) ||
	    (!json_object_get(top, "lockfileVersion") && json_object_size(top))) {
		r = extract_error(ctx, 1, "not a bun.lock: no 'lockfileVersion'");
		goto done;
	}
	ws = json_object_get(top, "workspaces");
	b.ws = ws;
	root = json_object_get(ws, "");
	if (json_is_object(root) && vjson_str(root, "name")) {
		const char *n = vjson_str(root, "name");

		rootp = npm_add(ctx, n, strlen(n), vjson_str(root, "version"), 0);
		if (!rootp) {
			r = err_code();
			goto done;
		}
		rootp->flags |= PKG_ROOT;
	}
	packages = json_object_get(top, "packages");
	if (packages && !json_is_object(packages)) {
		r = extract_error(ctx, 0, "'packages' is not an object");
		goto done;
	}
	b.n = json_object_size(packages);
	b.v = xcalloc(b.n ? b.n : 1, sizeof(*b.v));
	if (b.n && json_lines_key(&jl, "packages") == 0)
		jl.pos = 0, jl.line = 1;
	i = 0;
	json_object_foreach(packages, key, v)
	{
		size_t line = json_lines_key(&jl, key);

		b.v[i].key = key;
		json_object_set_new(b.index, key, json_integer((json_int_t)i));
		if (read_entry(&b, &b.v[i], v, line) < 0) {
			if (err_code() == ERR_TOOBIG) {
				r = ERR_TOOBIG;
				goto done;
			}
			nerr++;
		}
		i++;
	}
	/* edges, between entries that were read */
	for (i = 0; i < b.n; i++) {
		struct bpkg *e = &b.v[i];

		if (!e->p || !e->meta)
			continue;
		for (const char *const *sec = npm_all_dep_sections; *sec; sec++) {
			const char *dname;
			json_t *spec;

			if (!strcmp(*sec, "devDependencies"))
				continue;
			json_object_foreach(json_object_get(e->meta, *sec), dname, spec)
			{
				size_t t = resolve(&b, e->key, dname);

				if (t == SIZE_MAX || !b.v[t].p)
					continue;
				extract_edge(ctx, e->p, b.v[t].p);
				ALLOC_GROW(e->deps, e->ndeps + 1, e->adeps);
				e->deps[e->ndeps++] = t;
			}
		}
	}
	/* direct dependencies of the workspaces; dev-only reachability */
	json_object_foreach(ws, key, v)
	{
		for (const char *const *sec = npm_all_dep_sections; *sec; sec++) {
			bool dev = !strcmp(*sec, "devDependencies");
			const char *dname;
			json_t *spec;

			json_object_foreach(json_object_get(v, *sec), dname, spec)
			{
				size_t t = resolve(&b, NULL, dname);

				if (t == SIZE_MAX || !b.v[t].p)
					continue;
				b.v[t].p->flags |= PKG_DIRECT;
				if (rootp && !*key)
					extract_edge(ctx, rootp, b.v[t].p);
				mark(&b, t,
				     dev                                     ? 2
				     : !strcmp(*sec, "optionalDependencies") ? 4
				                                             : 1);
			}
		}
	}
	for (i = 0; i < b.n; i++) {
		struct pkg *p = b.v[i].p;

		if (!p)
			continue;
		if (!(p->flags & PKG_DIRECT) && !(p->flags & PKG_LOCAL))
			p->flags |= PKG_TRANSITIVE;
		/* reached only from dev roots: dev; from optional ones and not required: optional */
		if (b.v[i].reach == 2)
			p->flags |= PKG_DEV;
		else if ((b.v[i].reach & 4) && !(b.v[i].reach & 1))
			p->flags |= PKG_OPTIONAL;
	}
	r = nerr ? ERR_PARSE : 0;
done:
	for (i = 0; i < b.n; i++)
		free(b.v[i].deps);
	free(b.v);
	json_decref(b.index);
	json_decref(top);
	buf_release(&json);
	buf_release(&b.tmp);
	return r;
}

static bool match(const char *rel, const char *name)
{
	return !strcmp(name, "bun.lock") && !strstr(rel, "node_modules/");
}

static bool sniff(const char *data, size_t len)
{
	size_t n = len < 65536 ? len : 65536;
	const char *ws, *pk;

	while (n && (*data == ' ' || *data == '\n' || *data == '\r' || *data == '\t'))
		data++, n--;
	if (!n || *data != '{' || !memmem(data, n, "\"lockfileVersion\"", 17))
		return false;
	ws = memmem(data, n, "\"workspaces\"", 12);
	pk = memmem(data, n, "\"packages\"", 10);
	return ws && (!pk || ws < pk);
}

const struct extractor npm_bun_lock_extractor = {
	.name = "npm-bun-lock",
	.ecosystem = "npm",
	.match = match,
	.sniff = sniff,
	.extract = extract,
};
