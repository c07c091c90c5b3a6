/*
 * deno_lock.c: Deno's lock file, deno.lock (versions 3, 4 and 5), and the
 * imports of deno.json / deno.jsonc.
 *
 *     {"version": "4",
 *      "specifiers": {"jsr:@std/path@1": "1.0.8", "npm:chalk@5": "5.3.0"},
 *      "jsr": {"@std/path@1.0.8": {"integrity": "HEX", "dependencies": ["jsr:@std/internal"]}},
 *      "npm": {"chalk@5.3.0": {"integrity": "sha512-...", "dependencies": ["ansi-styles"]}},
 *      "remote": {"https://deno.land/std@0.208.0/path/mod.ts": "SHA256-HEX"},
 *      "workspace": {"dependencies": ["jsr:@std/path@1", "npm:chalk@5"]}}
 *
 * Version 3 keeps specifiers, jsr and npm under "packages", writes the
 * resolution of a specifier as "npm:chalk@5.3.0" and an npm package's
 * dependencies as an object of "name": "name@version"; versions 4 and 5 have
 * them at the top, resolve a specifier to its version alone, and list npm
 * dependencies by name ("name@version" where two versions are locked).
 * Version 5 adds optionalDependencies, tarball, os and cpu to npm packages.
 *
 * An npm package is pkg:npm/NAME@VERSION (OSV npm) with its integrity (of
 * the tarball) as a hash; a peer-dependency suffix after '_' is not part of
 * the version. A JSR package is pkg:jsr/@SCOPE/NAME@VERSION: jsr is not a
 * registered purl type and OSV has no JSR ecosystem, so it is not matched;
 * its integrity hashes the version's metadata, not an archive: a property.
 * A remote module is a file fetched by URL: a PKG_LOCAL pkg:generic with the
 * URL as download_url and its SHA-256 as a hash. The workspace's
 * dependencies (and its members' and package.json's) are PKG_DIRECT, every
 * other npm or JSR package then PKG_TRANSITIVE; a lock without a workspace
 * section takes them from the imports of the deno.json beside it.
 */
#include "util/compat.h"
#include "core/inventory/inventory.h"
#include "core/inventory/langkit.h"
#include "core/inventory/npm/npm.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/jsonr.h"

#define DENO_MAX_SPEC 1024

struct dpkg {
	char kind; /* 'n' npm, 'j' jsr */
	struct pkg *pkg;
	const struct jr_member *m;
};

struct dlock {
	struct extract_ctx *ctx;
	const struct jr_value *specifiers;
	bool v3;
	struct dpkg *v;
	size_t n, a;
	struct lkmap bykey;  /* "n:name@version" -> index */
	struct lkmap byname; /* "n:name" -> index */
	int ret;
};

/*
 * Splits "NAME@VERSION" (NAME may start with '@') at the '@' after the name:
 * the name's length, or 0 when there is none.
 */
static size_t name_len(const char *s, size_t n)
{
	const char *at = n > 1 ? memchr(s + 1, '@', n - 1) : NULL;

	return at ? (size_t)(at - s) : 0;
}

/* The version of "VERSION_PEER@X": up to the first '_' (npm versions have none). */
static size_t version_len(const char *v, size_t n)
{
	const char *u = memchr(v, '_', n);

	return u ? (size_t)(u - v) : n;
}

static void map_key(struct buf *k, char kind, const char *s, size_t n)
{
	buf_reset(k);
	buf_addch(k, kind);
	buf_addch(k, ':');
	buf_add(k, s, n);
}

static struct dpkg *find_key(struct dlock *l, char kind, const char *name, size_t nn,
                             const char *ver, size_t vn)
{
	struct buf k = BUF_INIT;
	size_t e;

	map_key(&k, kind, name, nn);
	buf_addch(&k, '@');
	buf_add(&k, ver, version_len(ver, vn));
	e = lkmap_first(&l->bykey, k.ptr, k.len);
	buf_release(&k);
	return e == LKMAP_END ? NULL : &l->v[l->bykey.ents[e].val];
}

/* The one package of that name, or NULL when none or several. */
static struct dpkg *find_name(struct dlock *l, char kind, const char *name, size_t nn)
{
	struct buf k = BUF_INIT;
	size_t e;

	map_key(&k, kind, name, nn);
	e = lkmap_first(&l->byname, k.ptr, k.len);
	buf_release(&k);
	if (e == LKMAP_END || lkmap_next(&l->byname, e) != LKMAP_END)
		return NULL;
	return &l->v[l->byname.ents[e].val];
}

/*
 * A specifier "npm:NAME[@RANGE]" or "jsr:@SCOPE/NAME[@RANGE]": kind, name
 * and range (n 0 when absent). A path after the name ("npm:preact@10/hooks")
 * is cut. False when it is neither.
 */
static bool parse_spec(const char *s, char *kind, const char **name, size_t *nn, const char **range,
                       size_t *rn)
{
	size_t len = strlen(s), at, slash = 0;

	if (len > DENO_MAX_SPEC || len < 5 || (strncmp(s, "npm:", 4) && strncmp(s, "jsr:", 4)))
		return false;
	*kind = s[0] == 'n' ? 'n' : 'j';
	s += 4;
	len -= 4;
	*name = s;
	at = name_len(s, len);
	if (!at) {
		/* no range: a path may follow the name ("npm:@scope/x/sub", "npm:x/sub") */
		const char *p = s + (s[0] == '@' && strchr(s, '/') ? strchr(s, '/') - s + 1 : 0);

		slash = strcspn(p, "/");
		*nn = (size_t)(p - s) + slash;
		*range = NULL;
		*rn = 0;
		return *nn > 0;
	}
	*nn = at;
	*range = s + at + 1;
	*rn = strcspn(*range, "/");
	return *nn > 0;
}

/* The package a specifier names: through "specifiers", else by exact version or by name. */
static struct dpkg *resolve_spec(struct dlock *l, const char *spec)
{
	const char *name, *range, *v;
	size_t nn, rn;
	char kind;

	if (!parse_spec(spec, &kind, &name, &nn, &range, &rn))
		return NULL;
	v = jr_str(l->specifiers, spec);
	if (v && (!strncmp(v, "npm:", 4) || !strncmp(v, "jsr:", 4))) {
		/* version 3 (and early 4): the resolved specifier "npm:NAME@VERSION" */
		const char *rname, *rver;
		size_t rnn, rvn;
		char rkind;

		if (parse_spec(v, &rkind, &rname, &rnn, &rver, &rvn) && rver)
			return find_key(l, rkind, rname, rnn, rver, strlen(rver));
		return NULL;
	}
	if (v)
		return find_key(l, kind, name, nn, v, strlen(v));
	if (range) {
		struct dpkg *d = find_key(l, kind, name, nn, range, rn);

		if (d)
			return d;
	}
	return find_name(l, kind, name, nn);
}

/* An npm dependency as the lock writes it: "name", "name@version" (v4, v5). */
static struct dpkg *resolve_npm_dep(struct dlock *l, const char *s)
{
	size_t n = strlen(s), at = name_len(s, n);

	if (!strncmp(s, "npm:", 4) || !strncmp(s, "jsr:", 4))
		return resolve_spec(l, s);
	if (at)
		return find_key(l, 'n', s, at, s + at + 1, n - at - 1);
	return find_name(l, 'n', s, n);
}

static void collect(struct dlock *l, char kind, const struct jr_value *obj, const char *what)
{
	struct buf k = BUF_INIT;

	if (!obj)
		return;
	if (!jr_is(obj, JR_OBJECT)) {
		l->ret = extract_error(l->ctx, 0, "'%s' is not an object", what);
		return;
	}
	for (size_t i = 0; i < obj->n; i++) {
		const struct jr_member *m = &obj->u.members[i];
		size_t at = name_len(m->key, m->klen);

		if (!at || at + 1 >= m->klen || strlen(m->key) != m->klen) {
			l->ret = extract_error(l->ctx, m->line,
			                       "%s package '%s' is not NAME@VERSION", what,
			                       langkit_quote(m->key, m->klen));
			continue;
		}
		if (!jr_is(&m->v, JR_OBJECT)) {
			l->ret = extract_error(l->ctx, m->line, "%s package '%s' is not an object",
			                       what, LKQ(m->key));
			continue;
		}
		ALLOC_GROW(l->v, l->n + 1, l->a);
		l->v[l->n] = (struct dpkg){ kind, NULL, m };
		map_key(&k, kind, m->key, at);
		lkmap_put(&l->byname, k.ptr, k.len, l->n);
		map_key(&k, kind, m->key, at);
		buf_addch(&k, '@');
		buf_add(&k, m->key + at + 1, version_len(m->key + at + 1, m->klen - at - 1));
		lkmap_put(&l->bykey, k.ptr, k.len, l->n);
		l->n++;
	}
	buf_release(&k);
}

static int add(struct dlock *l, struct dpkg *d)
{
	const struct jr_member *m = d->m;
	size_t at = name_len(m->key, m->klen);
	const char *ver = m->key + at + 1, *integrity = jr_str(&m->v, "integrity");
	char *v = xmemdupz(ver, version_len(ver, m->klen - at - 1));
	struct pkg *p;

	if (d->kind == 'n') {
		p = npm_add(l->ctx, m->key, at, v, m->line);
		if (p && integrity && !pkg_add_integrity(p, integrity))
			extract_note(l->ctx, m->line, "integrity of '%s' is not a known hash",
			             LKQ(m->key));
		if (p && jr_str(&m->v, "tarball"))
			pkg_add_prop(p, "vouch:resolved", jr_str(&m->v, "tarball"));
	} else {
		/* "@scope/name": the scope is the namespace, as npm's */
		const char *slash = memchr(m->key, '/', at);
		char *ns = slash ? xmemdupz(m->key, (size_t)(slash - m->key)) : NULL;
		char *name = slash ? xmemdupz(slash + 1, (size_t)(m->key + at - slash - 1))
		                   : xmemdupz(m->key, at);

		p = extract_add(l->ctx, NULL, "jsr", ns, name, v, m->line);
		if (p && integrity)
			pkg_add_prop(p, "vouch:jsr-integrity", integrity);
		free(ns);
		free(name);
	}
	free(v);
	d->pkg = p;
	return p ? 0 : err_code() ? err_code() : ERR_TOOBIG;
}

static void edge(struct dlock *l, struct dpkg *from, struct dpkg *to, const char *dep)
{
	if (to && to->pkg)
		extract_edge(l->ctx, from->pkg, to->pkg);
	else if (!to)
		extract_note(l->ctx, from->m->line, "dependency '%s' of '%s' is not in the lock",
		             LKQ(dep), LKQ(from->m->key));
}

static void edges(struct dlock *l, struct dpkg *d)
{
	static const char *const lists[] = { "dependencies", "optionalDependencies" };

	for (size_t k = 0; k < ARRAY_SIZE(lists); k++) {
		const struct jr_value *deps = jr_get(&d->m->v, lists[k]);

		if (jr_is(deps, JR_OBJECT)) {
			/* version 3 npm: "alias": "name@version" */
			for (size_t i = 0; i < deps->n; i++) {
				const char *s = jr_strval(&deps->u.members[i].v);

				if (s)
					edge(l, d, resolve_npm_dep(l, s), s);
			}
		} else if (jr_is(deps, JR_ARRAY)) {
			for (size_t i = 0; i < deps->n; i++) {
				const char *s = jr_strval(&deps->u.items[i]);

				if (!s)
					continue;
				edge(l, d,
				     d->kind == 'j' ? resolve_spec(l, s) : resolve_npm_dep(l, s),
				     s);
			}
		}
	}
}

static void remote(struct dlock *l, const struct jr_value *r)
{
	if (!r)
		return;
	if (!jr_is(r, JR_OBJECT)) {
		l->ret = extract_error(l->ctx, 0, "'remote' is not an object");
		return;
	}
	for (size_t i = 0; i < r->n; i++) {
		const struct jr_member *m = &r->u.members[i];
		const char *hash = jr_strval(&m->v), *url = m->key, *host, *slash;
		char *ns;
		struct pkg *p;

		if (strncmp(url, "https://", 8) && strncmp(url, "http://", 7)) {
			l->ret = extract_error(l->ctx, m->line, "remote '%s' is not an http(s) URL",
			                       LKQ(url));
			continue;
		}
		host = strstr(url, "://") + 3;
		slash = strrchr(host, '/');
		if (!slash || !slash[1]) {
			l->ret = extract_error(l->ctx, m->line, "remote '%s' names no file",
			                       LKQ(url));
			continue;
		}
		ns = xmemdupz(host, (size_t)(slash - host));
		p = extract_add(l->ctx, NULL, "generic", ns, slash + 1, NULL, m->line);
		free(ns);
		if (!p) {
			l->ret = err_code();
			return;
		}
		p->flags |= PKG_LOCAL;
		pkg_add_qualifier(p, "download_url", url);
		pkg_add_prop(p, "vouch:source", url);
		if (hash && strlen(hash) == 64 && langkit_is_hex(hash, 64))
			pkg_add_hash(p, "SHA-256", hash);
		else
			l->ret = extract_error(l->ctx, m->line,
			                       "hash of remote '%s' is not SHA-256 hex", LKQ(url));
	}
}

/* Marks each specifier of a list (workspace dependencies) as direct. */
static void direct_list(struct dlock *l, const struct jr_value *list, bool *any)
{
	if (!jr_is(list, JR_ARRAY))
		return;
	for (size_t i = 0; i < list->n; i++) {
		const char *s = jr_strval(&list->u.items[i]);
		struct dpkg *d = s ? resolve_spec(l, s) : NULL;

		*any = true;
		if (d && d->pkg)
			d->pkg->flags |= PKG_DIRECT;
	}
}

static void direct_ws(struct dlock *l, const struct jr_value *ws, bool *any)
{
	const struct jr_value *pj = jr_get(ws, "packageJson");

	direct_list(l, jr_get(ws, "dependencies"), any);
	direct_list(l, jr_get(pj, "dependencies"), any);
	direct_list(l, jr_get(pj, "devDependencies"), any);
}

/* The imports of the deno.json (or deno.jsonc) beside the lock, as direct. */
static void direct_config(struct dlock *l, bool *any)
{
	static const char *const names[] = { "deno.json", "deno.jsonc" };
	struct buf data = BUF_INIT, json = BUF_INIT;
	struct jr_doc *doc = NULL;
	const struct jr_value *imports;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(names); i++)
		if (extract_read_relative(l->ctx, names[i], &data, NULL) == 0)
			break;
	err_clear();
	if (i == ARRAY_SIZE(names) || npm_jsonc_to_json(&json, data.ptr, data.len) < 0 ||
	    jr_parse(&doc, json.ptr, json.len, names[i]) < 0) {
		err_clear(); /* a deno.json that is not JSON is its own reader's business */
		goto done;
	}
	imports = jr_get(jr_root(doc), "imports");
	if (jr_is(imports, JR_OBJECT))
		for (size_t k = 0; k < imports->n; k++) {
			const char *s = jr_strval(&imports->u.members[k].v);
			struct dpkg *d = s ? resolve_spec(l, s) : NULL;

			if (s && (!strncmp(s, "npm:", 4) || !strncmp(s, "jsr:", 4)))
				*any = true;
			if (d && d->pkg)
				d->pkg->flags |= PKG_DIRECT;
		}
done:
	jr_free(doc);
	buf_release(&json);
	buf_release(&data);
}

static int lock_extract(struct extract_ctx *ctx, const char *data, size_t len)
{
	struct dlock l = { .ctx = ctx, .bykey = LKMAP_INIT, .byname = LKMAP_INIT };
	struct jr_doc *doc = NULL;
	const struct jr_value *root, *pk, *ws;
	const char *ver;
	bool any = false;

	if (jr_parse(&doc, data, len, extract_path(ctx)) < 0)
		return npm_parse_error(ctx, "JSON");
	root = jr_root(doc);
	ver = jr_str(root, "version");
	if (!jr_is(root, JR_OBJECT) || (!ver && root->n)) {
		l.ret = extract_error(ctx, 1, "not a deno.lock: no \"version\"");
		goto done;
	}
	if (!ver)
		goto done; /* {} */
	if (strcmp(ver, "3") && strcmp(ver, "4") && strcmp(ver, "5")) {
		/* version 2 kept npm elsewhere; a later one may change again */
		extract_note(ctx, jr_member(root, "version")->line,
		             "lock version '%s' is not the 3, 4 or 5 this reader knows: only its "
		             "remote modules are read",
		             LKQ(ver));
		remote(&l, jr_get(root, "remote"));
		goto done;
	}
	l.v3 = !strcmp(ver, "3");
	pk = l.v3 ? jr_get(root, "packages") : root;
	l.specifiers = jr_get(pk, "specifiers");
	collect(&l, 'j', jr_get(pk, "jsr"), "jsr");
	collect(&l, 'n', jr_get(pk, "npm"), "npm");
	for (size_t i = 0; i < l.n; i++) {
		int r = add(&l, &l.v[i]);

		if (r < 0)
			l.ret = r;
		if (r == ERR_TOOBIG)
			goto done;
	}
	for (size_t i = 0; i < l.n; i++)
		if (l.v[i].pkg)
			edges(&l, &l.v[i]);
	remote(&l, jr_get(root, "remote"));
	ws = jr_get(root, "workspace");
	if (ws) {
		const struct jr_value *members = jr_get(ws, "members");

		direct_ws(&l, ws, &any);
		if (jr_is(members, JR_OBJECT))
			for (size_t i = 0; i < members->n; i++)
				direct_ws(&l, &members->u.members[i].v, &any);
	} else {
		direct_config(&l, &any);
	}
	if (any)
		for (size_t i = 0; i < l.n; i++)
			if (l.v[i].pkg && !(l.v[i].pkg->flags & PKG_DIRECT))
				l.v[i].pkg->flags |= PKG_TRANSITIVE;
done:
	free(l.v);
	lkmap_release(&l.bykey);
	lkmap_release(&l.byname);
	jr_free(doc);
	return l.ret < 0 ? l.ret : 0;
}

static bool lock_match(const char *rel, const char *name)
{
	(void)rel;
	return !strcmp(name, "deno.lock");
}

static bool lock_sniff(const char *data, size_t len)
{
	size_t head = len < 4096 ? len : 4096;

	return memmem(data, head, "\"version\": \"", 12) &&
	       (memmem(data, head, "\"jsr\": {", 8) ||
	        memmem(data, head, "\"specifiers\": {", 15) ||
	        memmem(data, head, "\"remote\": {", 11));
}

const struct extractor deno_lock_extractor = {
	"deno-lock", "npm", lock_match, lock_sniff, lock_extract, 0,
};

/*
 * deno.json / deno.jsonc: the imports map. Each "npm:" or "jsr:" specifier is
 * a direct requirement: with a deno.lock beside it, the lock's reader marks
 * the package it pins and this reader adds nothing; without one it is a
 * package without a version, PKG_UNRESOLVED, its range as vouch:requirement.
 */
static int config_extract(struct extract_ctx *ctx, const char *data, size_t len)
{
	struct buf json = BUF_INIT, lock = BUF_INIT;
	struct jr_doc *doc = NULL;
	const struct jr_value *imports;
	int ret = 0;

	if ((ret = npm_jsonc_to_json(&json, data, len)) < 0) {
		ret = extract_error(ctx, 0, "%s", err_msg());
		goto done;
	}
	if (jr_parse(&doc, json.ptr, json.len, extract_path(ctx)) < 0) {
		ret = npm_parse_error(ctx, "JSON");
		goto done;
	}
	if (!jr_is(jr_root(doc), JR_OBJECT)) {
		ret = extract_error(ctx, 1, "not a Deno configuration: not a JSON object");
		goto done;
	}
	imports = jr_get(jr_root(doc), "imports");
	if (!imports)
		goto done;
	if (!jr_is(imports, JR_OBJECT)) {
		ret = extract_error(ctx, jr_member(jr_root(doc), "imports")->line,
		                    "'imports' is not an object");
		goto done;
	}
	if (extract_read_relative(ctx, "deno.lock", &lock, NULL) == 0)
		goto done; /* the lock pins them, and its reader marks them direct */
	err_clear();
	for (size_t i = 0; i < imports->n; i++) {
		const struct jr_member *m = &imports->u.members[i];
		const char *s = jr_strval(&m->v), *name, *range;
		size_t nn, rn;
		char kind;
		struct pkg *p;

		if (!s || !parse_spec(s, &kind, &name, &nn, &range, &rn))
			continue; /* URLs and paths are not packages */
		if (kind == 'n') {
			p = npm_add(ctx, name, nn, NULL, m->line);
		} else {
			const char *slash = memchr(name, '/', nn);
			char *ns = slash ? xmemdupz(name, (size_t)(slash - name)) : NULL;
			char *nm = slash ? xmemdupz(slash + 1, (size_t)(name + nn - slash - 1))
			                 : xmemdupz(name, nn);

			p = extract_add(ctx, NULL, "jsr", ns, nm, NULL, m->line);
			free(ns);
			free(nm);
		}
		if (!p) {
			ret = err_code();
			goto done;
		}
		p->flags |= PKG_DIRECT | PKG_UNRESOLVED;
		if (range) {
			char *r = xmemdupz(range, rn);

			pkg_add_prop(p, "vouch:requirement", r);
			free(r);
		}
	}
done:
	jr_free(doc);
	buf_release(&json);
	buf_release(&lock);
	return ret;
}

static bool config_match(const char *rel, const char *name)
{
	(void)rel;
	return !strcmp(name, "deno.json") || !strcmp(name, "deno.jsonc");
}

const struct extractor deno_json_extractor = {
	"deno-json", "npm", config_match, NULL, config_extract, 0,
};
