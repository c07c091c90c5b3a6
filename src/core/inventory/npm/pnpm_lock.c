/*
 * pnpm_lock.c: pnpm-lock.yaml, lockfile versions 5.x, 6.x and 9.x.
 *
 * The YAML is loaded with util/yaml.h (libyaml, no aliases, bounded). A file
 * may hold several documents separated by "---" lines (pnpm 9 puts an
 * environment lockfile first): each is read as a lockfile.
 *
 * Package keys name the package and version, with peer suffixes that are
 * dropped (peer variants of one version are one component):
 *   v5:  /name/1.0.0, /@scope/name/1.0.0_peer@2.0.0, host.example/name/1.0.0
 *   v6:  /name@1.0.0, /@scope/name@1.0.0(peer@2.0.0)
 *   v9:  name@1.0.0 in "packages" (metadata) and "snapshots" (edges)
 * A peer suffix is one or more balanced groups at the end of the key, which
 * may nest and name scoped packages: "a@1.0.0(b@2.0.0(@types/node@24.0.7))(c@3.0.0)".
 * Each peer variant is a node of its own in the dependency graph (variants
 * of one version can depend on different packages), so that dev-only
 * marking follows the paths pnpm installs; the BOM merges them.
 * Entries with "name" and "version" fields (tarballs, file: and git
 * dependencies) use those. Dependency values are versions of the same name
 * ("1.0.0_peer", "1.0.0(peer)"), or keys for aliases ("/real/1.0.0",
 * "/real@1.0.0", "real@1.0.0"), or "link:" to a workspace folder.
 * v5 and v6 say "dev: true"; v9 does not, so a package reached only from
 * devDependencies of the importers is marked dev by walking the graph.
 */
#include "util/compat.h"
#include "core/inventory/npm/npm.h"
#include "util/alloc.h"
#include "util/err.h"
#include "util/json.h"
#include "util/yaml.h"

struct ppkg {
	struct pkg *p;
	size_t canon; /* the first node of the same name and version */
	size_t *adj;
	size_t nadj, aadj;
	unsigned char reach;
};

struct pnpm {
	struct extract_ctx *ctx;
	int major;
	struct ppkg *v;
	size_t n, alloc;
	json_t *base; /* "name@version" -> index */
	size_t line0; /* line of this document's first line in the file */
	struct json_lines yl;
	size_t nerr;
};

/* Forward search for a YAML mapping key at the start of a line ('quoted' or bare). */
static size_t yaml_key_line(struct json_lines *jl, const char *key)
{
	size_t klen = strlen(key), pos = jl->pos;

	while (klen && pos + klen < jl->len) {
		const char *hit = memmem(jl->data + pos, jl->len - pos, key, klen), *b, *a;

		if (!hit)
			return 0;
		pos = (size_t)(hit - jl->data) + 1;
		b = hit;
		if (b > jl->data && (b[-1] == '\'' || b[-1] == '"'))
			b--;
		while (b > jl->data && b[-1] == ' ')
			b--;
		if (b > jl->data && b[-1] != '\n')
			continue;
		a = hit + klen;
		if (a < jl->data + jl->len && (*a == '\'' || *a == '"'))
			a++;
		if (a >= jl->data + jl->len || *a != ':')
			continue;
		for (const char *c = jl->data + jl->pos; c < hit;) {
			const char *nl = memchr(c, '\n', (size_t)(hit - c));

			if (!nl)
				break;
			jl->line++;
			c = nl + 1;
		}
		jl->pos = (size_t)(hit - jl->data) + klen;
		return jl->line;
	}
	return 0;
}

/*
 * The length of key k without its peer suffix: the balanced "(...)" groups
 * at its end, nested or several. An unbalanced tail is kept as it is.
 */
static size_t peer_base_len(const char *k, size_t len)
{
	size_t end = len;

	while (end > 1 && k[end - 1] == ')') {
		size_t depth = 0, i = end;

		while (i > 0) {
			i--;
			if (k[i] == ')')
				depth++;
			else if (k[i] == '(' && --depth == 0)
				break;
		}
		if (depth || i == 0)
			break;
		end = i;
	}
	return end;
}

/* Whether the first n bytes of k start with a registry host ("host.example/name/1.0.0"). */
static bool has_host(const char *k, size_t n)
{
	const char *slash = memchr(k, '/', n), *dot = memchr(k, '.', n);

	return slash && dot && dot < slash && k[0] != '@';
}

/*
 * Splits a package key (or alias value) into name and version; false when it
 * names no package. Peer suffixes are dropped.
 */
static bool split_key(int major, const char *key, struct buf *name, struct buf *ver)
{
	const char *k = key, *end, *sep;
	bool slash = *k == '/';

	buf_reset(name);
	buf_reset(ver);
	if (slash)
		k++;
	if (!slash && has_host(k, peer_base_len(k, strlen(k)))) {
		/* a git host names a repository, not a registry package */
		if (!strncmp(k, "github.com/", 11) || !strncmp(k, "gitlab.com/", 11) ||
		    !strncmp(k, "bitbucket.org/", 14))
			return false;
		k = strchr(k, '/') + 1;
	}
	if (major < 6 && (slash || k != key)) {
		const char *s = strchr(k + (*k == '@'), '/');

		if (*k == '@' && s)
			s = strchr(s + 1, '/');
		if (!s || s == k || !s[1])
			return false;
		buf_add(name, k, (size_t)(s - k));
		end = s + 1 + strcspn(s + 1, "_(");
		buf_add(ver, s + 1, (size_t)(end - s - 1));
		return ver->len && !strchr(ver->ptr, '/');
	}
	end = k + peer_base_len(k, strlen(k));
	sep = k + 1 < end ? memchr(k + 1, '@', (size_t)(end - k - 1)) : NULL;
	if (!sep || sep == k)
		return false;
	buf_add(name, k, (size_t)(sep - k));
	buf_add(ver, sep + 1, (size_t)(end - sep - 1));
	if (major < 6)
		buf_truncate(ver, strcspn(ver->ptr, "_"));
	return name->len && ver->len;
}

static size_t find_base(struct pnpm *s, const char *name, const char *ver)
{
	struct buf b = BUF_INIT;
	json_t *v;

	buf_addf(&b, "%s@%s", name, ver);
	v = json_object_get(s->base, b.ptr);
	buf_release(&b);
	return v ? (size_t)json_integer_value(v) : SIZE_MAX;
}

/*
 * The node a dependency "name: value" points at, or SIZE_MAX: the peer
 * variant the value names when the lockfile has it, else the package of
 * that name and version.
 */
static size_t resolve(struct pnpm *s, const char *dname, const char *value)
{
	struct buf n = BUF_INIT, v = BUF_INIT;
	size_t r = SIZE_MAX, cut;
	bool alias;
	json_t *x;

	if (!value || !strncmp(value, "link:", 5))
		return SIZE_MAX;
	cut = peer_base_len(value, strlen(value));
	alias = value[0] == '/' ||
	        (s->major >= 9 && memchr(value + 1, '@', cut > 1 ? cut - 1 : 0) != NULL);
	/* the variant's key as the lockfile writes it */
	if (alias)
		buf_adds(&n, value);
	else if (*dname)
		buf_addf(&n,
		         s->major < 6   ? "/%s/%s"
		         : s->major < 9 ? "/%s@%s"
		                        : "%s@%s",
		         dname, value);
	if (n.len && (x = json_object_get(s->base, n.ptr))) {
		r = (size_t)json_integer_value(x);
		goto done;
	}
	if (alias) {
		if (split_key(s->major, value, &n, &v))
			r = find_base(s, n.ptr, v.ptr);
	} else {
		buf_add(&v, value, s->major < 6 ? strcspn(value, "_(") : cut);
		r = find_base(s, dname, v.ptr);
	}
	if (r == SIZE_MAX && !alias && strchr(value, ':')) {
		/* file:, tarball and git keys are their own keys */
		x = json_object_get(s->base, value);
		r = x ? (size_t)json_integer_value(x) : SIZE_MAX;
	}
done:
	buf_release(&n);
	buf_release(&v);
	return r;
}

/* Adds key as a peer variant of node i: the same package, edges of its own. */
static size_t add_variant(struct pnpm *s, const char *key, size_t i)
{
	ALLOC_GROW(s->v, s->n + 1, s->alloc);
	memset(&s->v[s->n], 0, sizeof(s->v[s->n]));
	s->v[s->n].p = s->v[i].p;
	s->v[s->n].canon = s->v[i].canon;
	json_object_set_new(s->base, key, json_integer((json_int_t)s->n));
	return s->n++;
}

static int add_entry(struct pnpm *s, const char *key, json_t *e, size_t line, bool v9meta)
{
	struct buf name = BUF_INIT, ver = BUF_INIT, b = BUF_INIT;
	const char *fname = vjson_str(e, "name"), *fver = vjson_str(e, "version");
	json_t *res = json_object_get(e, "resolution"), *x;
	struct pkg *p;
	bool ok;
	int r = 0;

	ok = split_key(s->major, key, &name, &ver);
	if (fname) {
		buf_reset(&name);
		buf_adds(&name, fname);
		buf_reset(&ver);
		if (fver)
			buf_adds(&ver, fver);
		ok = true;
	}
	if (!ok && !strncmp(key, "file:", 5)) {
		extract_note(s->ctx, line, "local package '%s' has no name: not listed", key);
		goto done;
	}
	if (!ok && (has_host(key, peer_base_len(key, strlen(key))) || strstr(key, "://"))) {
		/* a git host key without a name field: "github.com/user/repo[/sha]" */
		const char *last = strrchr(key, '/');

		buf_reset(&name);
		buf_adds(&name, last ? last + 1 : key);
		buf_reset(&ver);
		ok = name.len > 0;
	}
	if (!ok) {
		r = extract_error(s->ctx, line, "'%s' is not a package key (name and version)",
		                  key);
		s->nerr++;
		goto done;
	}
	if (s->n >= INVENTORY_MAX_PACKAGES) {
		r = err_set(ERR_TOOBIG, "too many packages");
		goto done;
	}
	p = npm_add(s->ctx, name.ptr, name.len, NULL, line);
	if (!p) {
		r = err_code();
		goto done;
	}
	{
		size_t vlen = 0;
		bool local = false;
		const char *v = ver.len ? npm_classify_spec(p, ver.ptr, &vlen, &local) : NULL;

		/* a tarball or git key: the entry's own version field says which release */
		if (fver && !fname && ver.len && strpbrk(ver.ptr, ":/")) {
			v = fver;
			vlen = strlen(fver);
		}

		if (v)
			npm_set_version(s->ctx, p, v, vlen, line);
		if (local || !strncmp(key, "file:", 5) || !strncmp(key, "link:", 5))
			p->flags |= PKG_LOCAL;
		if (!p->version && !(p->flags & PKG_LOCAL))
			p->flags |= PKG_UNRESOLVED;
	}
	if (json_is_true(json_object_get(e, "dev")))
		p->flags |= PKG_DEV;
	if (json_is_true(json_object_get(e, "optional")))
		p->flags |= PKG_OPTIONAL;
	if (json_is_object(res)) {
		const char *t;

		pkg_add_integrity(p, vjson_str(res, "integrity"));
		if ((t = vjson_str(res, "tarball")) && strncmp(t, "file:", 5))
			pkg_add_prop(p, "vouch:resolved", t);
		if ((t = vjson_str(res, "repo")) && vjson_str(res, "commit")) {
			buf_addf(&b, "%s#%s", t, vjson_str(res, "commit"));
			pkg_add_prop(p, "vouch:resolved", b.ptr);
			if (!p->version) {
				npm_set_version(s->ctx, p, vjson_str(res, "commit"),
				                strlen(vjson_str(res, "commit")), line);
				p->flags &= ~(unsigned)PKG_UNRESOLVED;
			}
		}
	}
	npm_set_license(p, json_object_get(e, "license"));
	ALLOC_GROW(s->v, s->n + 1, s->alloc);
	memset(&s->v[s->n], 0, sizeof(s->v[s->n]));
	s->v[s->n].p = p;
	s->v[s->n].canon = s->n;
	buf_reset(&b);
	buf_addf(&b, "%s@%s", name.ptr, ver.ptr);
	if ((x = json_object_get(s->base, b.ptr)))
		s->v[s->n].canon = (size_t)json_integer_value(x);
	else
		json_object_set_new(s->base, b.ptr, json_integer((json_int_t)s->n));
	json_object_set_new(s->base, key, json_integer((json_int_t)s->n));
	s->n++;
	(void)v9meta;
done:
	buf_release(&name);
	buf_release(&ver);
	buf_release(&b);
	return r;
}

static void edges_of(struct pnpm *s, size_t from, json_t *e)
{
	static const char *const secs[] = { "dependencies", "optionalDependencies", NULL };

	for (const char *const *sec = secs; *sec; sec++) {
		const char *dname;
		json_t *val;

		json_object_foreach(json_object_get(e, *sec), dname, val)
		{
			size_t t = resolve(s, dname, vjson_strval(val));

			if (t == SIZE_MAX || t == from)
				continue;
			extract_edge(s->ctx, s->v[from].p, s->v[t].p);
			ALLOC_GROW(s->v[from].adj, s->v[from].nadj + 1, s->v[from].aadj);
			s->v[from].adj[s->v[from].nadj++] = t;
		}
	}
}

static void mark(struct pnpm *s, size_t i, unsigned char how)
{
	size_t *stack, sp = 0;

	if (s->v[i].reach & how)
		return;
	stack = xreallocarray(NULL, s->n + 1, sizeof(*stack));
	s->v[i].reach |= how;
	stack[sp++] = i;
	while (sp) {
		struct ppkg *x = &s->v[stack[--sp]];

		for (size_t k = 0; k < x->nadj; k++) {
			if (s->v[x->adj[k]].reach & how)
				continue;
			s->v[x->adj[k]].reach |= how;
			stack[sp++] = x->adj[k];
		}
	}
	free(stack);
}

/* Importer dependency values: "1.0.0" (v5), or {specifier, version} (v6, v9). */
static const char *importer_version(json_t *v)
{
	return json_is_object(v) ? vjson_str(v, "version") : vjson_strval(v);
}

static int read_doc(struct extract_ctx *ctx, json_t *doc, const char *text, size_t len,
                    size_t line0)
{
	struct pnpm s = { ctx, 5, NULL, 0, 0, json_object(), line0, { text, len, 0, line0 }, 0 };
	json_t *lv, *packages, *snapshots, *importers, *e, *single = NULL;
	json_t *manifest = NULL;
	struct pkg *root = NULL;
	const char *key;
	int r = 0;

	if (json_is_null(doc) || (json_is_object(doc) && !json_object_size(doc)))
		goto done; /* an empty document */
	if (!json_is_object(doc)) {
		r = extract_error(ctx, line0,
		                  "not a pnpm-lock.yaml: the document is not a mapping");
		goto done;
	}
	lv = json_object_get(doc, "lockfileVersion");
	if (json_is_number(lv)) {
		s.major = (int)json_number_value(lv);
	} else if (vjson_strval(lv)) {
		const char *t = vjson_strval(lv);

		s.major = t[0] >= '0' && t[0] <= '9' ? (int)(t[0] - '0') : 0;
		if (t[0] >= '1' && t[1] >= '0' && t[1] <= '9')
			s.major = 10 + (t[1] - '0');
	} else {
		r = extract_error(ctx, line0, "not a pnpm-lock.yaml: no 'lockfileVersion'");
		goto done;
	}
	if (s.major < 5) {
		r = extract_error(ctx, line0, "pnpm lockfile version %d is not supported (5 to 9)",
		                  s.major);
		goto done;
	}
	packages = json_object_get(doc, "packages");
	snapshots = json_object_get(doc, "snapshots");
	if ((packages && !json_is_object(packages) && !json_is_null(packages)) ||
	    (snapshots && !json_is_object(snapshots) && !json_is_null(snapshots))) {
		r = extract_error(ctx, line0, "'packages' is not a mapping");
		goto done;
	}
	if (json_is_object(packages) && json_object_size(packages))
		yaml_key_line(&s.yl, "packages");
	json_object_foreach(packages, key, e)
	{
		size_t line = yaml_key_line(&s.yl, key);

		if (!json_is_object(e) && !json_is_null(e)) {
			extract_error(ctx, line, "package '%s' is not a mapping", key);
			s.nerr++;
			continue;
		}
		if ((r = add_entry(&s, key, e, line, false)) < 0 && err_code() == ERR_TOOBIG)
			goto done;
		r = 0;
	}
	/* v9: snapshots hold the edges (and peer variants); add any not in packages */
	if (json_is_object(snapshots) && json_object_size(snapshots))
		yaml_key_line(&s.yl, "snapshots");
	json_object_foreach(snapshots, key, e)
	{
		size_t line = yaml_key_line(&s.yl, key), i;

		if (!json_is_object(e) && !json_is_null(e)) {
			extract_error(ctx, line, "snapshot '%s' is not a mapping", key);
			s.nerr++;
			continue;
		}
		i = resolve(&s, "", key);
		if (i == SIZE_MAX) {
			if (add_entry(&s, key, e, line, false) < 0)
				continue;
		} else {
			if (!json_object_get(s.base, key))
				add_variant(&s, key, i);
			if (json_is_true(json_object_get(e, "optional")))
				s.v[i].p->flags |= PKG_OPTIONAL;
		}
	}
	/* edges */
	{
		json_t *src = json_is_object(snapshots) ? snapshots : packages;

		json_object_foreach(src, key, e)
		{
			size_t i = json_is_object(s.base) ? resolve(&s, "", key) : SIZE_MAX;
			json_t *x = json_object_get(s.base, key);

			if (x)
				i = (size_t)json_integer_value(x);
			if (i != SIZE_MAX && json_is_object(e))
				edges_of(&s, i, e);
		}
	}
	/* importers (workspaces); without them the top level is the one importer */
	importers = json_object_get(doc, "importers");
	if (!json_is_object(importers)) {
		single = json_object();
		json_object_set(single, ".", doc);
		importers = single;
	}
	manifest = npm_sibling_manifest(ctx);
	if (manifest && vjson_str(manifest, "name")) {
		const char *n = vjson_str(manifest, "name");

		root = npm_add(ctx, n, strlen(n), vjson_str(manifest, "version"), 0);
		if (!root) {
			r = err_code();
			goto done;
		}
		root->flags |= PKG_ROOT;
		npm_set_license(root, json_object_get(manifest, "license"));
	}
	json_object_foreach(importers, key, e)
	{
		static const char *const secs[] = { "dependencies", "optionalDependencies",
			                            "devDependencies", NULL };

		for (const char *const *sec = secs; *sec; sec++) {
			bool dev = !strcmp(*sec, "devDependencies");
			const char *dname;
			json_t *val;

			json_object_foreach(json_object_get(e, *sec), dname, val)
			{
				size_t t = resolve(&s, dname, importer_version(val));

				if (t == SIZE_MAX)
					continue;
				s.v[t].p->flags |= PKG_DIRECT;
				if (root && !strcmp(key, "."))
					extract_edge(ctx, root, s.v[t].p);
				mark(&s, t, dev ? 2 : 1);
			}
		}
	}
	/* dev only when no variant of the same name and version is reached otherwise */
	for (size_t i = 0; i < s.n; i++)
		s.v[s.v[i].canon].reach |= s.v[i].reach;
	for (size_t i = 0; i < s.n; i++) {
		struct pkg *p = s.v[i].p;

		if (!(p->flags & (PKG_DIRECT | PKG_LOCAL)))
			p->flags |= PKG_TRANSITIVE;
		if (s.major >= 9 && s.v[s.v[i].canon].reach == 2)
			p->flags |= PKG_DEV;
	}
	r = s.nerr ? ERR_PARSE : 0;
done:
	for (size_t i = 0; i < s.n; i++)
		free(s.v[i].adj);
	free(s.v);
	json_decref(s.base);
	json_decref(single);
	json_decref(manifest);
	return r;
}

static int extract(struct extract_ctx *ctx, const char *data, size_t len)
{
	const char *doc = data, *end = data + len;
	size_t line = 1;
	int ret = 0;

	if (memchr(data, '\0', len))
		return extract_error(ctx, 0, "not a pnpm-lock.yaml: binary content");
	/* one document at a time: vyaml reads single documents */
	while (doc < end) {
		const char *p = doc, *next = end;
		size_t lines = 0, nextline = line;
		json_t *v = NULL;
		int r;

		while (p < end) {
			const char *nl = memchr(p, '\n', (size_t)(end - p));
			const char *le = nl ? nl : end;

			if (p != doc && le - p >= 3 && !memcmp(p, "---", 3) &&
			    (le - p == 3 || p[3] == ' ' || p[3] == '\r')) {
				next = p;
				break;
			}
			lines++;
			p = nl ? nl + 1 : end;
		}
		nextline = line + lines;
		if (vyaml_parse(&v, doc, (size_t)(next - doc), extract_path(ctx)) < 0) {
			/* lines count from this document's start */
			size_t before = extract_inventory(ctx)->ndiags;

			ret = npm_parse_error(ctx, "YAML");
			if (line > 1 && extract_inventory(ctx)->ndiags > before &&
			    extract_inventory(ctx)->diags[before].line)
				extract_inventory(ctx)->diags[before].line += line - 1;
		} else {
			r = read_doc(ctx, v, doc, (size_t)(next - doc), line);
			if (r < 0)
				ret = r;
			json_decref(v);
			if (r == ERR_TOOBIG)
				return r;
		}
		if (next == end)
			break;
		/* skip the "---" line itself */
		{
			const char *nl = memchr(next, '\n', (size_t)(end - next));

			doc = nl ? nl + 1 : end;
			line = nextline + 1;
		}
	}
	return ret;
}

static bool match(const char *rel, const char *name)
{
	return !strcmp(name, "pnpm-lock.yaml") && !strstr(rel, "node_modules/");
}

static bool sniff(const char *data, size_t len)
{
	size_t n = len < 4096 ? len : 4096;

	return (n >= 16 && !memcmp(data, "lockfileVersion:", 16)) ||
	       memmem(data, n, "\nlockfileVersion:", 17);
}

const struct extractor npm_pnpm_lock_extractor = {
	.name = "npm-pnpm-lock",
	.ecosystem = "npm",
	.match = match,
	.sniff = sniff,
	.extract = extract,
	.max_size = VYAML_MAX_SIZE,
};
