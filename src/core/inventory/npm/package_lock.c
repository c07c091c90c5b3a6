/*
 * package_lock.c: package-lock.json and npm-shrinkwrap.json, lockfile
 * versions 1, 2 and 3.
 *
 * v2 and v3 list every installed package in "packages", keyed by its install
 * path ("node_modules/a/node_modules/b"; "" is the project; workspace folders
 * appear under their own path and as "link": true entries in node_modules).
 * Edges follow node's module lookup: a dependency "x" of the package at P is
 * P/node_modules/x, else the same from each enclosing install path up to the
 * project's node_modules/x. v1 nests packages under "dependencies" and names
 * their edges in "requires", resolved the same way up the nesting.
 *
 * The lockfile is read with util/jsonr.h (one arena, no allocation per value:
 * the large lockfiles of real projects are the hot path of `vouch sbom`); the
 * sibling package.json that v1 consults is read with util/json.h as elsewhere.
 */
#include "util/compat.h"
#include "core/inventory/npm/npm.h"
#include "util/alloc.h"
#include "util/err.h"
#include "util/json.h"
#include "util/jsonr.h"

/*
 * What the reader takes from one entry of "packages", found in one pass over
 * its members (a lookup per key cost a hash or a scan each, twenty times a
 * package).
 */
enum { SEC_DEPS, SEC_DEV, SEC_OPTIONAL, SEC_PEER, SEC_COUNT }; /* npm_all_dep_sections */

struct fields {
	const char *name, *version, *resolved, *integrity; /* NULL when absent or not a string */
	const struct jr_value *license;
	const struct jr_value *sec[SEC_COUNT]; /* objects, or NULL */
	bool link, dev, optional, dev_optional, peer, bundled;
};

struct entry {
	const char *key;
	const struct jr_value *v;
	const char *pname; /* the package name the install path ends with, or NULL */
	size_t line;
	struct pkg *p;
	size_t target; /* link entries: index of the entry they point to, or SIZE_MAX */
	bool folder;   /* a workspace or file: folder outside node_modules (or the root) */
	bool link;
	bool nested; /* packages are installed under this one's path (mark_nested) */
	const char *resolved;
	const struct jr_value *sec[SEC_COUNT];
};

struct lock {
	struct extract_ctx *ctx;
	struct entry *e;
	size_t n;
	const struct jr_value *packages; /* entry i is member i of packages */
	struct buf tmp;
};

#define KEY_IS(m, lit) ((m)->klen == sizeof(lit) - 1 && !memcmp((m)->key, lit, sizeof(lit) - 1))

static const struct jr_value *object_or_null(const struct jr_value *v)
{
	return jr_is(v, JR_OBJECT) ? v : NULL;
}

/* The members of obj that the reader uses, as jr_str(), jr_get() and is_true() would give them. */
static void read_fields(struct fields *f, const struct jr_value *obj)
{
	memset(f, 0, sizeof(*f));
	if (!jr_is(obj, JR_OBJECT))
		return;
	for (size_t i = 0; i < obj->n; i++) {
		const struct jr_member *m = &obj->u.members[i];
		const struct jr_value *v = &m->v;
		bool t = v->type == JR_TRUE;

		switch (m->klen) {
		case 3:
			if (KEY_IS(m, "dev"))
				f->dev = t;
			break;
		case 4:
			if (KEY_IS(m, "name"))
				f->name = jr_strval(v);
			else if (KEY_IS(m, "link"))
				f->link = t;
			else if (KEY_IS(m, "peer"))
				f->peer = t;
			break;
		case 7:
			if (KEY_IS(m, "version"))
				f->version = jr_strval(v);
			else if (KEY_IS(m, "license"))
				f->license = v;
			else if (KEY_IS(m, "bundled"))
				f->bundled |= t;
			break;
		case 8:
			if (KEY_IS(m, "resolved"))
				f->resolved = jr_strval(v);
			else if (KEY_IS(m, "optional"))
				f->optional = t;
			else if (KEY_IS(m, "inBundle"))
				f->bundled |= t;
			break;
		case 9:
			if (KEY_IS(m, "integrity"))
				f->integrity = jr_strval(v);
			break;
		case 11:
			if (KEY_IS(m, "devOptional"))
				f->dev_optional = t;
			break;
		case 12:
			if (KEY_IS(m, "dependencies"))
				f->sec[SEC_DEPS] = object_or_null(v);
			break;
		case 15:
			if (KEY_IS(m, "devDependencies"))
				f->sec[SEC_DEV] = object_or_null(v);
			break;
		case 16:
			if (KEY_IS(m, "peerDependencies"))
				f->sec[SEC_PEER] = object_or_null(v);
			break;
		case 20:
			if (KEY_IS(m, "optionalDependencies"))
				f->sec[SEC_OPTIONAL] = object_or_null(v);
			break;
		default:
			break;
		}
	}
}

static size_t lookup(struct lock *l, const char *key)
{
	const struct jr_member *m = jr_member(l->packages, key);

	return m ? (size_t)(m - l->packages->u.members) : SIZE_MAX;
}

/* The license as npm_set_license() reads it: "MIT", {"type": "MIT"}, [{"type"}...]. */
static void set_license(struct pkg *p, const struct jr_value *lic)
{
	struct buf b = BUF_INIT_MAX(4096);
	const char *s;

	if ((s = jr_strval(lic))) {
		pkg_set_license(p, s);
	} else if ((s = jr_str(lic, "type"))) {
		pkg_set_license(p, s);
	} else if (jr_is(lic, JR_ARRAY)) {
		/* the old "licenses": [{"type": "MIT"}, ...] form: any of them applies */
		for (size_t i = 0; i < lic->n; i++) {
			const struct jr_value *v = &lic->u.items[i];
			const char *t = jr_is(v, JR_OBJECT) ? jr_str(v, "type") : jr_strval(v);

			if (!t || !*t)
				continue;
			if (b.len)
				buf_adds(&b, " OR ");
			buf_adds(&b, t);
		}
		if (b.len)
			pkg_set_license(p, b.ptr);
	}
	buf_release(&b);
}

/* The package name an install path ends with: "node_modules/@s/a" -> "@s/a". */
static const char *name_from_path(const char *key)
{
	const char *nm = NULL;

	for (const char *s = key; (s = strstr(s, "node_modules/")); s++)
		if (s == key || s[-1] == '/')
			nm = s;
	return nm ? nm + strlen("node_modules/") : NULL;
}

/*
 * Marks each entry under whose path another is installed (some key begins
 * with its key and "/node_modules/"; the project's, "", for "node_modules/"):
 * resolve() skips the lookups that cannot succeed at the others, most of the
 * packages of a flat install.
 */
static void mark_nested(struct lock *l, size_t root)
{
	for (size_t i = 0; i < l->n; i++) {
		const char *key = l->e[i].key;

		for (const char *s = key; (s = strstr(s, "node_modules/")) != NULL; s++) {
			size_t k = (size_t)(s - key), t;

			if (k && key[k - 1] != '/')
				continue;
			if (!k) {
				if (root != SIZE_MAX)
					l->e[root].nested = true;
				continue;
			}
			buf_reset(&l->tmp);
			buf_add(&l->tmp, key, k - 1);
			t = lookup(l, l->tmp.ptr);
			if (t != SIZE_MAX)
				l->e[t].nested = true;
		}
	}
}

/* node's lookup: the entry that "name" resolves to from the package of entry at. */
static size_t resolve(struct lock *l, size_t at, const char *name)
{
	const char *from = l->e[at].key;
	size_t base = strlen(from);

	for (int guard = 0; guard < NPM_MAX_DEPTH; guard++) {
		size_t i;

		/* nothing is installed under the package itself: the lookup there would fail */
		if (guard > 0 || l->e[at].nested) {
			buf_reset(&l->tmp);
			buf_add(&l->tmp, from, base);
			if (base)
				buf_addch(&l->tmp, '/');
			buf_adds(&l->tmp, "node_modules/");
			buf_adds(&l->tmp, name);
			i = lookup(l, l->tmp.ptr);
			if (i != SIZE_MAX)
				return l->e[i].target != SIZE_MAX ? l->e[i].target : i;
		}
		if (!base)
			return SIZE_MAX;
		/* drop the last "node_modules/<name>" of from: the last match, searched from the end */
		{
			size_t cut = SIZE_MAX;

			for (size_t k = base >= 13 ? base - 13 + 1 : 0; k-- > 0 && cut == SIZE_MAX;)
				if (from[k] == 'n' && !memcmp(from + k, "node_modules/", 13) &&
				    (k == 0 || from[k - 1] == '/'))
					cut = k;
			if (cut == SIZE_MAX)
				base = 0;
			else
				base = cut ? cut - 1 : 0;
		}
	}
	return SIZE_MAX;
}

static void set_flags(struct pkg *p, const struct fields *f)
{
	if (f->dev)
		p->flags |= PKG_DEV;
	if (f->optional)
		p->flags |= PKG_OPTIONAL;
	if (f->dev_optional) {
		/* needed by dev or by optional dependencies: neither is required at run time */
		p->flags |= PKG_OPTIONAL;
		pkg_add_prop(p, "vouch:devOptional", "true");
	}
	if (f->peer)
		p->flags |= PKG_PEER;
	if (f->bundled)
		p->flags |= PKG_BUNDLED;
	pkg_add_integrity(p, f->integrity);
	set_license(p, f->license);
}

static struct pkg *add_versioned(struct lock *l, const char *name, const char *spec, size_t line)
{
	struct pkg *p;
	const char *ver;
	size_t vlen = 0;
	bool local;

	/* aliases: "npm:real@1.2.3" is package real */
	if (spec && !strncmp(spec, "npm:", 4)) {
		const char *at = strrchr(spec + 5, '@');

		if (at) {
			p = npm_add(l->ctx, spec + 4, (size_t)(at - spec - 4), at + 1, line);
			if (p)
				pkg_add_prop(p, "vouch:alias", name);
			return p;
		}
	}
	p = npm_add(l->ctx, name, strlen(name), NULL, line);
	if (!p)
		return NULL;
	ver = npm_classify_spec(p, spec, &vlen, &local);
	if (ver)
		npm_set_version(l->ctx, p, ver, vlen, line);
	if (local)
		p->flags |= PKG_LOCAL;
	return p;
}

static int read_packages(struct lock *l, const struct jr_value *top,
                         const struct jr_value *packages)
{
	size_t i, nerr = 0, root;

	l->packages = packages;
	l->n = packages->n;
	l->e = xcalloc(l->n ? l->n : 1, sizeof(*l->e));
	for (i = 0; i < l->n; i++) {
		l->e[i].key = packages->u.members[i].key;
		l->e[i].v = &packages->u.members[i].v;
		l->e[i].line = packages->u.members[i].line;
		l->e[i].target = SIZE_MAX;
		l->e[i].pname = name_from_path(l->e[i].key);
	}
	mark_nested(l, lookup(l, ""));
	/* packages, in file order */
	for (i = 0; i < l->n; i++) {
		struct entry *e = &l->e[i];
		size_t line = e->line;
		const char *name, *ver;
		struct fields f;

		if (!jr_is(e->v, JR_OBJECT)) {
			extract_error(l->ctx, line, "package '%s' is not an object", e->key);
			nerr++;
			continue;
		}
		read_fields(&f, e->v);
		e->link = f.link;
		e->resolved = f.resolved;
		memcpy(e->sec, f.sec, sizeof(e->sec));
		if (f.link)
			continue; /* resolved below, once every target exists */
		name = f.name;
		ver = f.version;
		if (!*e->key) {
			e->folder = true;
			if (!name)
				name = jr_str(top, "name");
			if (!ver)
				ver = jr_str(top, "version");
			if (!name)
				continue; /* the project has no name: the BOM's subject stands for it */
			e->p = npm_add(l->ctx, name, strlen(name), ver, line);
			if (!e->p)
				return err_code();
			e->p->flags |= PKG_ROOT;
			set_license(e->p, f.license);
			continue;
		}
		if (!e->pname) {
			/* a workspace or file: dependency folder ("packages/a", "deps/etag") */
			const char *base = strrchr(e->key, '/');

			e->folder = true;
			if (!name)
				name = base ? base + 1 : e->key;
			e->p = npm_add(l->ctx, name, strlen(name), ver, line);
			if (!e->p)
				return err_code();
			e->p->flags |= PKG_LOCAL;
			set_flags(e->p, &f);
			continue;
		}
		if (!name)
			name = e->pname;
		if (!*name) {
			extract_error(l->ctx, line, "install path '%s' names no package", e->key);
			nerr++;
			continue;
		}
		e->p = add_versioned(l, name, ver, line);
		if (!e->p)
			return err_code();
		if (name != e->pname && strcmp(name, e->pname))
			pkg_add_prop(e->p, "vouch:alias", e->pname);
		if (!ver)
			e->p->flags |= PKG_UNRESOLVED;
		set_flags(e->p, &f);
		if (f.resolved &&
		    (!strncmp(f.resolved, "git", 3) || !strncmp(f.resolved, "file:", 5)))
			pkg_add_prop(e->p, "vouch:resolved", f.resolved);
	}
	/* links point at folders listed under their own path */
	root = lookup(l, "");
	for (i = 0; i < l->n; i++) {
		struct entry *e = &l->e[i];
		const char *res = e->resolved;
		size_t t;

		if (!e->link)
			continue;
		t = res ? lookup(l, res) : SIZE_MAX;
		if (t == SIZE_MAX || !l->e[t].p) {
			/* a link to a folder the lockfile does not describe: still a package */
			const char *name = e->pname ? e->pname : e->key;

			e->p = npm_add(l->ctx, name, strlen(name), NULL, 0);
			if (!e->p)
				return err_code();
			e->p->flags |= PKG_LOCAL;
			if (res)
				pkg_add_prop(e->p, "vouch:resolved", res);
			continue;
		}
		e->target = t;
		l->e[t].p->flags |= PKG_LOCAL;
		/* a workspace member linked at the top: the project depends on it */
		if (e->pname == e->key + 13 && root < l->n && l->e[root].p) {
			l->e[t].p->flags |= PKG_DIRECT;
			extract_edge(l->ctx, l->e[root].p, l->e[t].p);
		}
	}
	/* direct dependencies: of the project and of its workspace folders */
	for (i = 0; i < l->n; i++) {
		struct entry *e = &l->e[i];

		if (!e->folder)
			continue;
		for (size_t sec = 0; sec < SEC_COUNT; sec++) {
			const struct jr_value *deps = e->sec[sec];

			for (size_t k = 0; deps && k < deps->n; k++) {
				size_t t = resolve(l, i, deps->u.members[k].key);

				if (t != SIZE_MAX && l->e[t].p && !(l->e[t].p->flags & PKG_ROOT))
					l->e[t].p->flags |= PKG_DIRECT;
			}
		}
	}
	/* edges */
	for (i = 0; i < l->n; i++) {
		struct entry *e = &l->e[i];

		if (!e->p || e->target != SIZE_MAX || !jr_is(e->v, JR_OBJECT))
			continue;
		if (!(e->p->flags & (PKG_DIRECT | PKG_ROOT | PKG_LOCAL)))
			e->p->flags |= PKG_TRANSITIVE;
		for (size_t sec = 0; sec < SEC_COUNT; sec++) {
			const struct jr_value *deps = e->sec[sec];

			/* a package's own devDependencies are not installed; the project's are */
			if (sec == SEC_DEV && !e->folder)
				continue;
			for (size_t k = 0; deps && k < deps->n; k++) {
				size_t t = resolve(l, i, deps->u.members[k].key);

				if (t != SIZE_MAX && l->e[t].p)
					extract_edge(l->ctx, e->p, l->e[t].p);
			}
		}
	}
	return nerr ? ERR_PARSE : 0;
}

/* v1 */

struct v1node {
	const struct jr_value *v;
	struct pkg *p;
};

struct v1 {
	struct lock *l;
	struct v1node *nodes; /* sorted by v for lookups */
	size_t n, alloc;
	json_t *direct; /* names the manifest lists, or NULL */
	size_t nerr;
};

static int v1_cmp(const void *a, const void *b)
{
	uintptr_t x = (uintptr_t)((const struct v1node *)a)->v;
	uintptr_t y = (uintptr_t)((const struct v1node *)b)->v;

	return x < y ? -1 : x > y;
}

static struct pkg *v1_pkg(struct v1 *s, const struct jr_value *v)
{
	struct v1node key = { v, NULL }, *hit;

	hit = s->n ? bsearch(&key, s->nodes, s->n, sizeof(*s->nodes), v1_cmp) : NULL;
	return hit ? hit->p : NULL;
}

static int v1_collect(struct v1 *s, const struct jr_value *deps, int depth, bool top)
{
	if (depth > NPM_MAX_DEPTH)
		return extract_error(s->l->ctx, 0, "dependencies nested more than %d deep",
		                     NPM_MAX_DEPTH);
	for (size_t i = 0; i < deps->n; i++) {
		const char *name = deps->u.members[i].key;
		const struct jr_value *v = &deps->u.members[i].v, *nested;
		size_t line = deps->u.members[i].line;
		struct fields f;
		struct pkg *p;
		int r;

		if (!jr_is(v, JR_OBJECT)) {
			extract_error(s->l->ctx, line, "dependency '%s' is not an object", name);
			s->nerr++;
			continue;
		}
		read_fields(&f, v);
		p = add_versioned(s->l, name, f.version, line);
		if (!p)
			return err_code();
		if (!f.version)
			p->flags |= PKG_UNRESOLVED;
		set_flags(p, &f);
		if (s->direct)
			p->flags |= top && json_object_get(s->direct, name) ? PKG_DIRECT
			                                                    : PKG_TRANSITIVE;
		ALLOC_GROW(s->nodes, s->n + 1, s->alloc);
		s->nodes[s->n].v = v;
		s->nodes[s->n++].p = p;
		nested = f.sec[SEC_DEPS];
		if (nested && (r = v1_collect(s, nested, depth + 1, false)) < 0)
			return r;
	}
	return 0;
}

/* requires: names resolved in the entry's own dependencies, then each enclosing level. */
static void v1_edges(struct v1 *s, const struct jr_value *deps, const struct jr_value **chain,
                     int depth)
{
	if (depth >= NPM_MAX_DEPTH)
		return;
	for (size_t i = 0; i < deps->n; i++) {
		const struct jr_value *v = &deps->u.members[i].v, *req, *nested;
		struct pkg *p;

		if (!jr_is(v, JR_OBJECT) || !(p = v1_pkg(s, v)))
			continue;
		nested = jr_get(v, "dependencies");
		chain[depth + 1] = jr_is(nested, JR_OBJECT) ? nested : NULL;
		req = jr_get(v, "requires");
		for (size_t k = 0; jr_is(req, JR_OBJECT) && k < req->n; k++) {
			const char *dname = req->u.members[k].key;

			for (int d = depth + 1; d >= 0; d--) {
				const struct jr_value *hit =
				        chain[d] ? jr_get(chain[d], dname) : NULL;
				struct pkg *t = hit ? v1_pkg(s, hit) : NULL;

				if (t) {
					extract_edge(s->l->ctx, p, t);
					break;
				}
			}
		}
		if (chain[depth + 1])
			v1_edges(s, chain[depth + 1], chain, depth + 1);
	}
}

static int read_v1(struct lock *l, const struct jr_value *top, const struct jr_value *deps)
{
	struct v1 s = { l, NULL, 0, 0, NULL, 0 };
	json_t *manifest = npm_sibling_manifest(l->ctx);
	const struct jr_value **chain = NULL;
	struct pkg *root = NULL;
	const char *name = jr_str(top, "name"), *ver = jr_str(top, "version");
	int r;

	if (manifest) {
		/* the manifest says which packages are direct dependencies (v1 does not) */
		s.direct = json_object();
		for (const char *const *sec = npm_all_dep_sections; *sec; sec++) {
			const char *k;
			json_t *x;

			json_object_foreach(json_object_get(manifest, *sec), k, x)
			        json_object_set(s.direct, k, json_true());
		}
		if (!name)
			name = vjson_str(manifest, "name");
		if (!ver)
			ver = vjson_str(manifest, "version");
	}
	if (name) {
		root = npm_add(l->ctx, name, strlen(name), ver, 1);
		if (!root) {
			r = err_code();
			goto done;
		}
		root->flags |= PKG_ROOT;
		if (manifest)
			npm_set_license(root, json_object_get(manifest, "license"));
	}
	r = v1_collect(&s, deps, 0, true);
	if (r < 0)
		goto done;
	QSORT(s.nodes, s.n, v1_cmp);
	chain = xcalloc(NPM_MAX_DEPTH + 2, sizeof(*chain));
	chain[0] = deps;
	v1_edges(&s, deps, chain, 0);
	if (root && s.direct) {
		const char *k;
		json_t *x;

		json_object_foreach(s.direct, k, x)
		{
			struct pkg *t = v1_pkg(&s, jr_get(deps, k));

			if (t)
				extract_edge(l->ctx, root, t);
		}
	}
	r = s.nerr ? ERR_PARSE : 0;
done:
	free(chain);
	free(s.nodes);
	json_decref(s.direct);
	json_decref(manifest);
	return r;
}

static int extract(struct extract_ctx *ctx, const char *data, size_t len)
{
	struct lock l = { ctx, NULL, 0, NULL, BUF_INIT };
	const struct jr_value *top, *packages, *deps;
	struct jr_doc *doc = NULL;
	char *mut = extract_data_mut(ctx);
	int r;

	/* in place when the inventory lets it (no copy of a lockfile that may be megabytes) */
	if ((mut ? jr_parse_inplace(&doc, mut, len, extract_path(ctx))
	         : jr_parse(&doc, data, len, extract_path(ctx))) < 0) {
		r = npm_parse_error(ctx, "JSON");
		goto done;
	}
	top = jr_root(doc);
	if (!jr_is(top, JR_OBJECT)) {
		r = extract_error(ctx, 1, "not a package-lock.json: the document is not an object");
		goto done;
	}
	packages = jr_get(top, "packages");
	deps = jr_get(top, "dependencies");
	if (jr_is(packages, JR_OBJECT)) {
		r = read_packages(&l, top, packages);
	} else if (jr_is(deps, JR_OBJECT)) {
		r = read_v1(&l, top, deps);
	} else if (jr_get(top, "lockfileVersion") || !top->n) {
		r = 0; /* a lockfile of a project without dependencies */
	} else {
		r = extract_error(ctx, 1,
		                  "not a package-lock.json: no 'lockfileVersion', 'packages' or "
		                  "'dependencies'");
	}
done:
	free(l.e);
	jr_free(doc);
	buf_release(&l.tmp);
	return r;
}

static bool match(const char *rel, const char *name)
{
	if (strcmp(name, "package-lock.json") && strcmp(name, "npm-shrinkwrap.json"))
		return false;
	/* lockfiles inside installed packages are not what was installed */
	return !strstr(rel, "node_modules/");
}

/* Content test for oddly named files: a JSON object with npm's lockfile keys. */
static bool sniff(const char *data, size_t len)
{
	size_t n = len < 65536 ? len : 65536;
	const char *ws, *pk;

	while (n && (*data == ' ' || *data == '\n' || *data == '\r' || *data == '\t'))
		data++, n--;
	if (!n || *data != '{' || !memmem(data, n, "\"lockfileVersion\"", 17))
		return false;
	/* bun.lock has "lockfileVersion" too, with a top-level "workspaces" before "packages" */
	ws = memmem(data, n, "\"workspaces\"", 12);
	pk = memmem(data, n, "\"packages\"", 10);
	return !(ws && (!pk || ws < pk));
}

const struct extractor npm_package_lock_extractor = {
	.name = "npm-package-lock",
	.ecosystem = "npm",
	.match = match,
	.sniff = sniff,
	.extract = extract,
};
