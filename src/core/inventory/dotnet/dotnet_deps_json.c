/*
 * dotnet_deps_json.c: .NET dependency manifests (APP.deps.json), written
 * next to a built or published application.
 *
 *     {"runtimeTarget": {"name": ".NETCoreApp,Version=v6.0"},
 *      "targets": {".NETCoreApp,Version=v6.0": {"App/1.0.0": {"dependencies":
 *                  {"Newtonsoft.Json": "13.0.1"}}, ...}},
 *      "libraries": {"App/1.0.0": {"type": "project"},
 *                    "Newtonsoft.Json/13.0.1": {"type": "package",
 *                                               "sha512": "sha512-BASE64"}}}
 *
 * Libraries of type package (and runtimepack) are NuGet packages with the
 * SHA-512 of their .nupkg; "runtimepack.NAME/VERSION" (the runtime of a
 * self-contained app) is the package NAME. The project named like the file (App for
 * App.deps.json, else the first project) is the application itself
 * (PKG_ROOT); other projects are project references (PKG_LOCAL). Libraries
 * of type reference (framework assemblies) are not packages. Edges come
 * from every target's "dependencies".
 */
#include "util/compat.h"
#include "core/inventory/inventory.h"
#include "core/inventory/lockparse.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/json.h"

struct lib {
	char *name, *version;
	const char *key; /* "Name/Version" */
	struct pkg *p;
};

/* The package of library name/version, or NULL. */
static struct pkg *find(const struct lp_names *t, const char *name, const char *version)
{
	struct buf k = BUF_INIT_MAX(4096);
	struct pkg *p = NULL;

	if (version && buf_addf(&k, "%s/%s", name, version) == 0)
		p = lp_names_get(t, k.ptr);
	buf_release(&k);
	return p;
}

static int deps_extract(struct extract_ctx *ctx, const char *data, size_t len)
{
	struct lp_jsonpos pos;
	json_t *doc = NULL, *libraries, *targets, *e;
	const char *key, *base = strrchr(extract_path(ctx), '/');
	struct lib *libs = NULL;
	size_t nlibs = 0, stem_len;
	bool have_root = false, root_done = false;
	struct lp_names names = { .icase = true };
	int ret = 0;

	base = base ? base + 1 : extract_path(ctx);
	stem_len = strlen(base) > 10 ? strlen(base) - 10 : 0; /* without ".deps.json" */
	if (lp_json_parse(&doc, ctx, data, len) < 0)
		return ERR_PARSE;
	libraries = json_object_get(doc, "libraries");
	targets = json_object_get(doc, "targets");
	if (!json_is_object(doc)) {
		ret = extract_error(ctx, 0, "not a .deps.json file: not a JSON object");
		goto done;
	}
	if (!json_is_object(libraries)) {
		if (json_object_size(doc))
			ret = extract_error(ctx, 0,
			                    "not a .deps.json file: no \"libraries\" object");
		goto done;
	}
	lp_jsonpos_init(&pos, data, len);
	lp_jsonpos_key(&pos, "libraries", 1);
	libs = xcalloc(json_object_size(libraries) + 1, sizeof(*libs));
	/* the application first: the project named like the file, else the first project */
	json_object_foreach(libraries, key, e)
	{
		const char *type = vjson_str(e, "type"), *slash = strchr(key, '/');

		if (type && !strcmp(type, "project") && slash && stem_len &&
		    (size_t)(slash - key) == stem_len && !strncasecmp(key, base, stem_len))
			have_root = true;
	}
	json_object_foreach(libraries, key, e)
	{
		const char *type = vjson_str(e, "type"), *slash = strchr(key, '/');
		size_t line = lp_jsonpos_key(&pos, key, 2);
		bool project = type && !strcmp(type, "project");
		struct lib *l;

		if (!type || !strcmp(type, "reference") || !strcmp(type, "referenceassembly"))
			continue;
		if (!slash || slash == key || !slash[1]) {
			ret = extract_error(ctx, line,
			                    "library '%s' is not NAME/VERSION: not listed", key);
			continue;
		}
		l = &libs[nlibs++];
		l->name = xstrndup(key, (size_t)(slash - key));
		/* a self-contained app's runtime pack: the NuGet package after the prefix */
		if (!project && !strncmp(l->name, "runtimepack.", 12) && l->name[12]) {
			char *real = xstrdup(l->name + 12);

			free(l->name);
			l->name = real;
		}
		l->version = xstrdup(slash + 1);
		l->key = key;
		l->p = extract_add(ctx, project ? NULL : "NuGet", "nuget", NULL, l->name,
		                   l->version, line);
		if (!l->p)
			break;
		if (project) {
			bool is_root = have_root ? (size_t)(slash - key) == stem_len &&
			                                   !strncasecmp(key, base, stem_len)
			                         : !root_done;

			root_done |= is_root;
			l->p->flags |= is_root ? PKG_ROOT : PKG_LOCAL;
		} else {
			const char *h = vjson_str(e, "sha512");

			if (h && *h && !pkg_add_integrity(l->p, h))
				ret = extract_error(ctx, line, "sha512 of '%s' is not a SHA-512",
				                    key);
			if (strcmp(type, "package"))
				pkg_add_prop(l->p, "vouch:dotnet-library-type", type);
		}
	}
	for (size_t i = 0; i < nlibs; i++)
		if (libs[i].p)
			lp_names_add(&names, libs[i].key, libs[i].p);
	lp_names_sort(&names);
	if (json_is_object(targets)) {
		const char *tname;
		json_t *t;

		json_object_foreach(targets, tname, t)
		{
			json_object_foreach(t, key, e)
			{
				const char *dn;
				struct pkg *from = lp_names_get(&names, key);
				json_t *dd = json_object_get(e, "dependencies"), *dv;

				if (!from || !json_is_object(dd))
					continue;
				json_object_foreach(dd, dn, dv)
				{
					struct pkg *to = find(&names, dn, vjson_strval(dv));

					if (to)
						extract_edge(ctx, from, to);
				}
			}
		}
	}
done:
	lp_names_release(&names);
	for (size_t i = 0; i < nlibs; i++) {
		free(libs[i].name);
		free(libs[i].version);
	}
	free(libs);
	json_decref(doc);
	return ret;
}

static bool deps_match(const char *rel, const char *name)
{
	size_t n = strlen(name);

	(void)rel;
	return n > 10 && !strcmp(name + n - 10, ".deps.json");
}

static bool deps_sniff(const char *data, size_t len)
{
	size_t n = len < 4096 ? len : 4096;

	return memmem(data, n, "\"runtimeTarget\"", 15) && memmem(data, len, "\"libraries\"", 11);
}

const struct extractor dotnet_deps_json_extractor = {
	"dotnet-deps-json", "NuGet", deps_match, deps_sniff, deps_extract, 0,
};
