/*
 * gradle_catalog.c: Gradle version catalogs (gradle/libs.versions.toml).
 *
 *     [versions]
 *     groovy = "3.0.5"
 *     [libraries]
 *     guava = "com.google.guava:guava:30.1.1-jre"
 *     groovy-core = { module = "org.codehaus.groovy:groovy", version.ref = "groovy" }
 *     lang3 = { group = "org.apache.commons", name = "commons-lang3", version = { strictly = "3.12.0" } }
 *     [plugins]
 *     versions = { id = "com.github.ben-manes.versions", version = "0.45.0" }
 *
 * A catalog declares what the build scripts may use; it pins versions but
 * does not say which entries a build uses, nor resolve them. Each library is
 * pkg:maven/GROUP/NAME@VERSION in the OSV ecosystem Maven; a plugin is the
 * Maven artifact through which Gradle resolves plugin requests, its marker
 * ID:ID.gradle.plugin. A version is a plain string, a version.ref to
 * [versions], or a rich version (strictly, require, prefer): the first of
 * those that is one version is the version; a range or a dynamic version
 * ("[1.0,2.0)", "1.+", "latest.release") is not, and the package is then
 * PKG_UNRESOLVED with the declaration as vouch:requirement. A library
 * without a version (a platform or BOM gives it) is unresolved too.
 */
#include "util/compat.h"
#include "core/inventory/inventory.h"
#include "core/inventory/langkit.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/toml.h"

#define CAT_ECOSYSTEM "Maven"

/* A version Gradle treats as a range or dynamic selector, not one version. */
static bool is_range(const char *v)
{
	size_t n = strlen(v);

	return !n || strpbrk(v, "[](),") || (n >= 1 && v[n - 1] == '+') ||
	       !strncmp(v, "latest.", 7);
}

/*
 * The version of a version value (a string, or a rich table) into *ver (NULL
 * when not one version) and its declaration into req ("strictly [1.0,2.0)").
 * False (with an error reported) when the value is neither.
 */
static bool rich_version(struct extract_ctx *ctx, const struct toml_value *v, const char *sv,
                         const char **ver, struct buf *req, const char *alias)
{
	static const char *const keys[] = { "strictly", "require", "prefer" };

	*ver = NULL;
	buf_reset(req);
	if (!sv && v->kind == TOML_STRING)
		sv = toml_strval(v);
	if (sv) {
		buf_adds(req, sv);
		if (!is_range(sv))
			*ver = sv;
		return true;
	}
	if (v->kind != TOML_TABLE) {
		extract_error(ctx, v->line, "version of '%s' is not a string or a table",
		              LKQ(alias));
		return false;
	}
	for (size_t i = 0; i < toml_table_len(v); i++) {
		const struct toml_kv *kv = toml_table_at(v, i);

		if (kv->value->kind == TOML_STRING)
			buf_addf(req, "%s%s %s", req->len ? ", " : "", kv->key,
			         toml_strval(kv->value));
	}
	for (size_t i = 0; i < ARRAY_SIZE(keys); i++) {
		const char *s = toml_str(v, keys[i]);

		if (s && !is_range(s)) {
			*ver = s;
			break;
		}
		if (s)
			break; /* a stricter range: a softer preference does not pin it */
	}
	return true;
}

/* The version value of an entry: "version" (string or rich) or version.ref / version = { ref }. */
static const struct toml_value *version_of(struct extract_ctx *ctx, const struct toml_value *e,
                                           const struct toml_value *versions, const char *alias,
                                           bool *bad)
{
	const struct toml_value *v = toml_get(e, "version");
	const char *ref;

	*bad = false;
	if (!v)
		return NULL;
	ref = v->kind == TOML_TABLE ? toml_str(v, "ref") : NULL;
	if (!ref)
		return v;
	v = toml_get(versions, ref);
	if (!v) {
		extract_error(ctx, toml_get(toml_get(e, "version"), "ref")->line,
		              "version.ref '%s' of '%s' is not in [versions]", LKQ(ref),
		              LKQ(alias));
		*bad = true;
	}
	return v;
}

/* ver: a version value of the catalog, or sver: one written in a "g:n:v" string. */
static int add(struct extract_ctx *ctx, const char *group, const char *name,
               const struct toml_value *ver, const char *sver, const char *alias, const char *kind,
               size_t line)
{
	struct buf req = BUF_INIT;
	const char *v = NULL;
	struct pkg *p;

	if ((ver || sver) && !rich_version(ctx, ver, sver, &v, &req, alias)) {
		buf_release(&req);
		return 0;
	}
	p = extract_add(ctx, CAT_ECOSYSTEM, "maven", group, name, v, line);
	if (p) {
		pkg_add_prop(p, kind, alias);
		if (v && ver && ver->kind == TOML_TABLE)
			pkg_add_prop(p, "vouch:gradle-rich-version", req.ptr);
		if (!v) {
			p->flags |= PKG_UNRESOLVED;
			if (req.len)
				pkg_add_prop(p, "vouch:requirement", req.ptr);
		}
	}
	buf_release(&req);
	return p ? 0 : ERR_TOOBIG;
}

static bool coord_ok(const char *s, size_t n)
{
	if (!n)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] <= ' ' || s[i] == ':' || s[i] == 0x7f)
			return false;
	return true;
}

static int library(struct extract_ctx *ctx, const struct toml_kv *kv,
                   const struct toml_value *versions)
{
	const struct toml_value *e = kv->value, *ver = NULL;
	const char *module, *group = NULL, *name = NULL;
	char *g = NULL, *n = NULL;
	bool bad = false;
	int r = 0;

	if (e->kind == TOML_STRING) {
		/* "group:name:version" (or "group:name") */
		const char *s = toml_strval(e), *c1 = strchr(s, ':'),
		           *c2 = c1 ? strchr(c1 + 1, ':') : NULL;

		if (!c1 || !coord_ok(s, (size_t)(c1 - s)) ||
		    !coord_ok(c1 + 1, c2 ? (size_t)(c2 - c1 - 1) : strlen(c1 + 1)) ||
		    (c2 && (!c2[1] || strchr(c2 + 1, ':'))))
			return extract_error(ctx, kv->line, "'%s' is not GROUP:NAME:VERSION",
			                     LKQ(s));
		g = xmemdupz(s, (size_t)(c1 - s));
		n = c2 ? xmemdupz(c1 + 1, (size_t)(c2 - c1 - 1)) : xstrdup(c1 + 1);
		r = add(ctx, g, n, NULL, c2 ? c2 + 1 : NULL, kv->key,
		        "vouch:gradle-catalog-library", kv->line);
		goto done;
	}
	if (e->kind != TOML_TABLE)
		return extract_error(ctx, kv->line, "library '%s' is not a string or a table",
		                     LKQ(kv->key));
	module = toml_str(e, "module");
	if (module) {
		const char *c = strchr(module, ':');

		if (!c || !coord_ok(module, (size_t)(c - module)) ||
		    !coord_ok(c + 1, strlen(c + 1)))
			return extract_error(ctx, kv->line, "module '%s' of '%s' is not GROUP:NAME",
			                     LKQ(module), LKQ(kv->key));
		g = xmemdupz(module, (size_t)(c - module));
		n = xstrdup(c + 1);
	} else {
		group = toml_str(e, "group");
		name = toml_str(e, "name");
		if (!group || !name || !coord_ok(group, strlen(group)) ||
		    !coord_ok(name, strlen(name)))
			return extract_error(ctx, kv->line,
			                     "library '%s' has no module or group and name",
			                     LKQ(kv->key));
		g = xstrdup(group);
		n = xstrdup(name);
	}
	ver = version_of(ctx, e, versions, kv->key, &bad);
	if (!bad)
		r = add(ctx, g, n, ver, NULL, kv->key, "vouch:gradle-catalog-library", kv->line);
	else
		r = ERR_PARSE;
done:
	free(g);
	free(n);
	return r;
}

static int plugin(struct extract_ctx *ctx, const struct toml_kv *kv,
                  const struct toml_value *versions)
{
	const struct toml_value *e = kv->value, *ver = NULL;
	const char *sver = NULL;
	char *id = NULL;
	struct buf marker = BUF_INIT;
	bool bad = false;
	int r;

	if (e->kind == TOML_STRING) {
		/* "ID:VERSION" */
		const char *s = toml_strval(e), *c = strchr(s, ':');

		if (!c || !coord_ok(s, (size_t)(c - s)) || !c[1])
			return extract_error(ctx, kv->line, "plugin '%s' is not ID:VERSION",
			                     LKQ(s));
		id = xmemdupz(s, (size_t)(c - s));
		sver = c + 1;
	} else if (e->kind == TOML_TABLE && toml_str(e, "id") &&
	           coord_ok(toml_str(e, "id"), strlen(toml_str(e, "id")))) {
		id = xstrdup(toml_str(e, "id"));
		ver = version_of(ctx, e, versions, kv->key, &bad);
		if (bad) {
			free(id);
			return ERR_PARSE;
		}
	} else {
		return extract_error(ctx, kv->line, "plugin '%s' has no id", LKQ(kv->key));
	}
	/* Gradle finds a plugin by its marker artifact ID:ID.gradle.plugin */
	buf_addf(&marker, "%s.gradle.plugin", id);
	r = add(ctx, id, marker.ptr, ver, sver, kv->key, "vouch:gradle-plugin", kv->line);
	buf_release(&marker);
	free(id);
	return r;
}

static int catalog_extract(struct extract_ctx *ctx, const char *data, size_t len)
{
	struct toml_value *doc = NULL;
	const struct toml_value *versions, *libs, *plugins;
	int ret = 0, r;

	if (langkit_toml(ctx, data, len, &doc) < 0)
		return ERR_PARSE;
	versions = toml_get(doc, "versions");
	libs = toml_get(doc, "libraries");
	plugins = toml_get(doc, "plugins");
	if (versions && versions->kind != TOML_TABLE) {
		ret = extract_error(ctx, versions->line, "'versions' is not a table");
		versions = NULL;
	}
	if (libs && libs->kind != TOML_TABLE) {
		ret = extract_error(ctx, libs->line, "'libraries' is not a table");
		libs = NULL;
	}
	if (plugins && plugins->kind != TOML_TABLE) {
		ret = extract_error(ctx, plugins->line, "'plugins' is not a table");
		plugins = NULL;
	}
	for (size_t i = 0; i < toml_table_len(libs); i++)
		if ((r = library(ctx, toml_table_at(libs, i), versions)) < 0) {
			ret = r;
			if (r == ERR_TOOBIG)
				goto done;
		}
	for (size_t i = 0; i < toml_table_len(plugins); i++)
		if ((r = plugin(ctx, toml_table_at(plugins, i), versions)) < 0) {
			ret = r;
			if (r == ERR_TOOBIG)
				goto done;
		}
done:
	toml_free(doc);
	return ret;
}

static bool catalog_match(const char *rel, const char *name)
{
	size_t n = strlen(name);

	(void)rel;
	return n > 14 && !strcmp(name + n - 14, ".versions.toml");
}

static bool catalog_sniff(const char *data, size_t len)
{
	size_t head = len < 4096 ? len : 4096;

	return memmem(data, head, "[libraries]", 11) ||
	       (memmem(data, head, "[versions]", 10) && memmem(data, head, "[plugins]", 9));
}

const struct extractor gradle_catalog_extractor = {
	"gradle-version-catalog", CAT_ECOSYSTEM, catalog_match, catalog_sniff, catalog_extract, 0,
};
