/*
 * yarn_lock.c: yarn.lock, classic (v1, "# yarn lockfile v1") and berry
 * (v2+, with a "__metadata:" block).
 *
 * Both are indentation-structured text; entries start at column 0 with a
 * comma-separated list of descriptors ("name@range") and a colon, fields
 * follow at two spaces, dependency lists at four:
 *
 *   v1:    "@babel/code-frame@^7.0.0", "@babel/code-frame@^7.10.4":
 *            version "7.12.13"
 *            integrity sha512-...
 *            dependencies:
 *              "@babel/highlight" "^7.12.13"
 *   berry: "@babel/code-frame@npm:^7.0.0":
 *            version: 7.12.13
 *            resolution: "@babel/code-frame@npm:7.12.13"
 *            dependencies:
 *              "@babel/highlight": ^7.12.13
 *
 * Both are read directly, line by line (berry's files are a small, fixed
 * subset of YAML). An edge "name range" resolves to the entry listing the
 * descriptor name@range (berry: name@npm:range when no protocol is given).
 * Berry's "checksum" hashes yarn's own cache archive, not the registry
 * tarball, so it is not reported as the package's hash.
 */
#include "util/compat.h"
#include "core/inventory/npm/npm.h"
#include "util/alloc.h"
#include "util/err.h"
#include "util/json.h"
#include "util/lines.h"

struct ydep {
	char *name, *range;
	int section; /* 0 dependencies, 1 optional, 2 peer */
};

struct yentry {
	size_t line;
	char **descs;
	size_t ndescs;
	char *version, *resolved, *integrity, *resolution;
	struct ydep *deps;
	size_t ndeps, adeps;
	struct pkg *p;
	unsigned char reach;
	size_t *adj;
	size_t nadj, aadj;
};

struct yarn {
	struct extract_ctx *ctx;
	struct yentry *e;
	size_t n, alloc;
	bool berry;
	json_t *index; /* descriptor -> entry index */
	size_t nerr;
};

/* Unquotes (s, n) ("..." with \" escapes, or bare) into a new string. */
static char *unquote(const char *s, size_t n)
{
	struct buf b = BUF_INIT;

	str_trim(&s, &n);
	if (n >= 2 && s[0] == '"' && s[n - 1] == '"') {
		for (size_t i = 1; i + 1 < n; i++) {
			if (s[i] == '\\' && i + 2 < n)
				i++;
			buf_addch(&b, s[i]);
		}
		return buf_detach(&b, NULL);
	}
	if (n >= 2 && s[0] == '\'' && s[n - 1] == '\'')
		return xmemdupz(s + 1, n - 2);
	return xmemdupz(s, n);
}

/* Splits a token at the start of (s, n): quoted string or bare word up to sep. */
static size_t token(const char *s, size_t n, const char *seps)
{
	size_t i = 0;

	if (n && s[0] == '"') {
		for (i = 1; i < n && s[i] != '"'; i++)
			if (s[i] == '\\')
				i++;
		return i < n ? i + 1 : n;
	}
	while (i < n && !strchr(seps, s[i]))
		i++;
	return i;
}

static void entry_free(struct yentry *e)
{
	for (size_t i = 0; i < e->ndescs; i++)
		free(e->descs[i]);
	free(e->descs);
	free(e->version);
	free(e->resolved);
	free(e->integrity);
	free(e->resolution);
	for (size_t i = 0; i < e->ndeps; i++) {
		free(e->deps[i].name);
		free(e->deps[i].range);
	}
	free(e->deps);
	free(e->adj);
}

static int parse_header(struct yarn *y, struct yentry *e, const char *s, size_t n)
{
	/* drop the final ':' */
	str_trim(&s, &n);
	if (!n || s[n - 1] != ':')
		return -1;
	n--;
	while (n) {
		size_t t;

		while (n && (*s == ' ' || *s == ','))
			s++, n--;
		if (!n)
			break;
		t = token(s, n, ",");
		{
			/* berry quotes the whole list: "a@npm:^1, a@npm:^1.2" */
			char *all = unquote(s, t), *p = all;

			for (;;) {
				char *comma = strstr(p, ", ");

				if (e->ndescs >= 4096) {
					free(all);
					return -1;
				}
				e->descs =
				        xreallocarray(e->descs, e->ndescs + 1, sizeof(*e->descs));
				e->descs[e->ndescs++] =
				        comma ? xmemdupz(p, (size_t)(comma - p)) : xstrdup(p);
				if (!comma)
					break;
				p = comma + 2;
			}
			free(all);
		}
		s += t;
		n -= t;
	}
	(void)y;
	return e->ndescs ? 0 : -1;
}

/* A field line "key value" (v1) or "key: value" (berry); value NULL for a section. */
static bool parse_field(const char *s, size_t n, char **key, char **value)
{
	size_t t = token(s, n, " :");
	const char *v;
	size_t vn;

	if (!t)
		return false;
	*key = unquote(s, t);
	v = s + t;
	vn = n - t;
	if (vn && *v == ':') {
		v++;
		vn--;
	}
	str_trim(&v, &vn);
	*value = vn ? unquote(v, vn) : NULL;
	return true;
}

static int parse(struct yarn *y, const char *data, size_t len)
{
	struct lines it = LINES_INIT(data, len);
	struct yentry *cur = NULL;
	int section = -1; /* -1 none, 0..2 dependency lists, 3 other (skipped) */
	const char *s;
	size_t n;

	while (lines_next(&it, &s, &n)) {
		size_t indent = 0;

		while (indent < n && s[indent] == ' ')
			indent++;
		if (indent == n || s[indent] == '#')
			continue;
		if (indent == 0) {
			section = -1;
			cur = NULL;
			if (str_starts(s, n, "__metadata:")) {
				y->berry = true;
				continue;
			}
			if (y->n >= INVENTORY_MAX_PACKAGES)
				return extract_error(y->ctx, it.lineno, "too many entries");
			ALLOC_GROW(y->e, y->n + 1, y->alloc);
			cur = &y->e[y->n];
			memset(cur, 0, sizeof(*cur));
			cur->line = it.lineno;
			if (parse_header(y, cur, s, n) < 0) {
				entry_free(cur);
				cur = NULL;
				extract_error(y->ctx, it.lineno,
				              "expected 'name@range:' at column 1");
				y->nerr++;
				continue;
			}
			y->n++;
			continue;
		}
		if (!cur)
			continue; /* inside __metadata or a broken entry */
		if (indent == 2) {
			char *key = NULL, *value = NULL;

			if (!parse_field(s + 2, n - 2, &key, &value)) {
				extract_error(y->ctx, it.lineno, "cannot read this field");
				y->nerr++;
				continue;
			}
			section = -1;
			if (!value) {
				section = !strcmp(key, "dependencies")           ? 0
				          : !strcmp(key, "optionalDependencies") ? 1
				          : !strcmp(key, "peerDependencies")     ? 2
				                                                 : 3;
			} else if (!strcmp(key, "version") && !cur->version) {
				cur->version = value, value = NULL;
			} else if (!strcmp(key, "resolved") && !cur->resolved) {
				cur->resolved = value, value = NULL;
			} else if (!strcmp(key, "integrity") && !cur->integrity) {
				cur->integrity = value, value = NULL;
			} else if (!strcmp(key, "resolution") && !cur->resolution) {
				cur->resolution = value, value = NULL;
			}
			free(key);
			free(value);
			continue;
		}
		if (indent == 4 && section >= 0 && section <= 2) {
			char *key = NULL, *value = NULL;
			struct ydep *d;

			if (!parse_field(s + 4, n - 4, &key, &value) || !value) {
				free(key);
				free(value);
				extract_error(y->ctx, it.lineno, "expected 'name range'");
				y->nerr++;
				continue;
			}
			ALLOC_GROW(cur->deps, cur->ndeps + 1, cur->adeps);
			d = &cur->deps[cur->ndeps++];
			d->name = key;
			d->range = value;
			d->section = section;
		}
	}
	return 0;
}

/* The name part of "name@range" (a scope's '@' is not the separator). */
static size_t name_len(const char *desc)
{
	const char *at = strchr(desc + (desc[0] == '@'), '@');

	return at ? (size_t)(at - desc) : strlen(desc);
}

static void add_pkg(struct yarn *y, struct yentry *e)
{
	const char *d0 = e->descs[0], *name = d0, *range;
	size_t nlen = name_len(d0), vlen = 0;
	const char *ver = e->version;
	bool local = false;

	range = d0[nlen] ? d0 + nlen + 1 : "";
	if (y->berry && e->resolution) {
		/* "name@npm:1.2.3", "name@workspace:.", "name@patch:name@npm%3A1.0#..." */
		const char *res = e->resolution;
		size_t rl = name_len(res);
		const char *proto = res[rl] ? res + rl + 1 : "";

		name = res;
		e->p = npm_add(y->ctx, name, rl, NULL, e->line);
		if (!e->p)
			return;
		if (nlen != rl || memcmp(d0, res, rl)) {
			char *alias = xmemdupz(d0, nlen);

			pkg_add_prop(e->p, "vouch:alias", alias);
			free(alias);
		}
		if (!strncmp(proto, "workspace:", 10)) {
			e->p->flags |= PKG_LOCAL;
			if (!strcmp(proto, "workspace:."))
				e->p->flags |= PKG_ROOT;
			ver = NULL;
		} else if (!strncmp(proto, "link:", 5) || !strncmp(proto, "portal:", 7) ||
		           !strncmp(proto, "file:", 5)) {
			e->p->flags |= PKG_LOCAL;
			pkg_add_prop(e->p, "vouch:resolved", proto);
		} else if (strncmp(proto, "npm:", 4)) {
			if (!strncmp(proto, "patch:", 6))
				pkg_add_prop(e->p, "vouch:patched", "true");
			else
				pkg_add_prop(e->p, "vouch:resolved", proto);
		}
		if (ver)
			npm_set_version(y->ctx, e->p, ver, strlen(ver), e->line);
		else if (!(e->p->flags & PKG_LOCAL))
			e->p->flags |= PKG_UNRESOLVED;
		return;
	}
	if (!strncmp(range, "npm:", 4)) {
		/* alias: "alias@npm:real@^1" */
		const char *real = range + 4;

		name = real;
		nlen = name_len(real);
	}
	e->p = npm_add(y->ctx, name, nlen, NULL, e->line);
	if (!e->p)
		return;
	if (name != d0) {
		char *alias = xmemdupz(d0, name_len(d0));

		pkg_add_prop(e->p, "vouch:alias", alias);
		free(alias);
	}
	if (ver && *ver)
		npm_set_version(y->ctx, e->p, ver, strlen(ver), e->line);
	else
		e->p->flags |= PKG_UNRESOLVED;
	if (!strncmp(range, "file:", 5) || !strncmp(range, "link:", 5)) {
		e->p->flags |= PKG_LOCAL;
		pkg_add_prop(e->p, "vouch:resolved", range);
	} else if (e->resolved && strncmp(e->resolved, "http", 4)) {
		npm_classify_spec(e->p, e->resolved, &vlen, &local);
	} else if (e->resolved && !strstr(e->resolved, "/-/")) {
		/* a tarball URL that is not a registry's ("/-/name-1.0.0.tgz") */
		pkg_add_prop(e->p, "vouch:resolved", e->resolved);
	}
	if (local)
		e->p->flags |= PKG_LOCAL;
	if (e->integrity)
		pkg_add_integrity(e->p, e->integrity);
}

static size_t find(struct yarn *y, const char *name, const char *range)
{
	struct buf b = BUF_INIT;
	json_t *v;

	buf_addf(&b, "%s@%s", name, range);
	v = json_object_get(y->index, b.ptr);
	if (!v && y->berry && !strchr(range, ':')) {
		buf_reset(&b);
		buf_addf(&b, "%s@npm:%s", name, range);
		v = json_object_get(y->index, b.ptr);
	}
	buf_release(&b);
	return v ? (size_t)json_integer_value(v) : SIZE_MAX;
}

static void mark(struct yarn *y, size_t i, unsigned char how)
{
	size_t *stack, sp = 0;

	if (y->e[i].reach & how)
		return;
	stack = xreallocarray(NULL, y->n + 1, sizeof(*stack));
	y->e[i].reach |= how;
	stack[sp++] = i;
	while (sp) {
		struct yentry *x = &y->e[stack[--sp]];

		for (size_t k = 0; k < x->nadj; k++) {
			if (y->e[x->adj[k]].reach & how)
				continue;
			y->e[x->adj[k]].reach |= how;
			stack[sp++] = x->adj[k];
		}
	}
	free(stack);
}

static int extract(struct extract_ctx *ctx, const char *data, size_t len)
{
	struct yarn y = { ctx, NULL, 0, 0, false, json_object(), 0 };
	json_t *manifest = NULL;
	struct pkg *root = NULL;
	bool any_root = false;
	int r;

	if (memchr(data, '\0', len)) {
		r = extract_error(ctx, 0, "not a yarn.lock: binary content");
		goto done;
	}
	r = parse(&y, data, len);
	if (r < 0)
		goto done;
	for (size_t i = 0; i < y.n; i++) {
		add_pkg(&y, &y.e[i]);
		if (!y.e[i].p) {
			r = err_code();
			goto done;
		}
		any_root |= (y.e[i].p->flags & PKG_ROOT) != 0;
		for (size_t k = 0; k < y.e[i].ndescs; k++)
			json_object_set_new(y.index, y.e[i].descs[k], json_integer((json_int_t)i));
	}
	for (size_t i = 0; i < y.n; i++) {
		struct yentry *e = &y.e[i];

		for (size_t k = 0; k < e->ndeps; k++) {
			size_t t = find(&y, e->deps[k].name, e->deps[k].range);

			if (t == SIZE_MAX || t == i)
				continue;
			extract_edge(ctx, e->p, y.e[t].p);
			ALLOC_GROW(e->adj, e->nadj + 1, e->aadj);
			e->adj[e->nadj++] = t;
			/* dependencies of a workspace are direct dependencies of the project */
			if (e->p->flags & PKG_LOCAL && !(y.e[t].p->flags & PKG_ROOT))
				y.e[t].p->flags |= PKG_DIRECT;
		}
	}
	if (!any_root && (manifest = npm_sibling_manifest(ctx))) {
		/* classic yarn.lock: the project's package.json says what is direct and dev */
		const char *name = vjson_str(manifest, "name");

		if (name) {
			root = npm_add(ctx, name, strlen(name), vjson_str(manifest, "version"), 0);
			if (!root) {
				r = err_code();
				goto done;
			}
			root->flags |= PKG_ROOT;
			npm_set_license(root, json_object_get(manifest, "license"));
		}
		for (const char *const *sec = npm_all_dep_sections; *sec; sec++) {
			bool dev = !strcmp(*sec, "devDependencies");
			const char *dname;
			json_t *spec;

			json_object_foreach(json_object_get(manifest, *sec), dname, spec)
			{
				size_t t = vjson_strval(spec) ? find(&y, dname, vjson_strval(spec))
				                              : SIZE_MAX;

				if (t == SIZE_MAX)
					continue;
				y.e[t].p->flags |= PKG_DIRECT;
				if (root)
					extract_edge(ctx, root, y.e[t].p);
				mark(&y, t, dev ? 2 : 1);
			}
		}
		for (size_t i = 0; i < y.n; i++)
			if (y.e[i].reach == 2)
				y.e[i].p->flags |= PKG_DEV;
	}
	if (any_root || manifest)
		for (size_t i = 0; i < y.n; i++)
			if (!(y.e[i].p->flags & (PKG_DIRECT | PKG_LOCAL)))
				y.e[i].p->flags |= PKG_TRANSITIVE;
	r = y.nerr ? ERR_PARSE : 0;
done:
	for (size_t i = 0; i < y.n; i++)
		entry_free(&y.e[i]);
	free(y.e);
	json_decref(y.index);
	json_decref(manifest);
	return r;
}

static bool match(const char *rel, const char *name)
{
	return !strcmp(name, "yarn.lock") && !strstr(rel, "node_modules/");
}

static bool sniff(const char *data, size_t len)
{
	size_t n = len < 4096 ? len : 4096;

	return memmem(data, n, "# yarn lockfile v1", 18) ||
	       memmem(data, n, "# This file is generated by running \"yarn install\"", 50) ||
	       (memmem(data, n, "\n__metadata:\n", 13) && memmem(data, n, "  version: ", 11)) ||
	       (n >= 12 && !memcmp(data, "__metadata:\n", 12));
}

const struct extractor npm_yarn_lock_extractor = {
	.name = "npm-yarn-lock",
	.ecosystem = "npm",
	.match = match,
	.sniff = sniff,
	.extract = extract,
};
