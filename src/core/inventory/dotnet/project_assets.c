/*
 * project_assets.c: NuGet's restore output, obj/project.assets.json (format
 * version 3), written by `dotnet restore` for every PackageReference project.
 *
 *     {"version": 3,
 *      "targets": {"net8.0": {"Serilog/3.1.1": {"type": "package",
 *                                "dependencies": {"System.Memory": "4.5.5"}}}},
 *      "libraries": {"Serilog/3.1.1": {"type": "package", "sha512": "BASE64",
 *                                      "path": "serilog/3.1.1"},
 *                    "Lib/1.0.0": {"type": "project", "path": "../Lib/Lib.csproj"}},
 *      "projectFileDependencyGroups": {"net8.0": ["Serilog >= 3.1.1", "Lib >= 1.0.0"]},
 *      "project": {"version": "1.0.0", "restore": {"projectName": "App"}}}
 *
 * Libraries of type package are NuGet packages with the SHA-512 of their
 * .nupkg; type project is a project reference (PKG_LOCAL). The project
 * itself (project.restore.projectName at project.version) is the root. Names
 * in projectFileDependencyGroups are direct dependencies, every other
 * package transitive. A target's "dependencies" give the lowest version each
 * package asked for; the edge goes to the version resolved in that target
 * (its key), found by name without case, as NuGet does.
 */
#include "util/compat.h"
#include "core/inventory/inventory.h"
#include "core/inventory/lockparse.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/json.h"

/* The name part of a projectFileDependencyGroups entry: "Name >= 1.0" -> "Name". */
static char *group_name(const char *s)
{
	size_t n = strcspn(s, " \t<>=");

	return n ? xstrndup(s, n) : NULL;
}

/* Marks the direct dependencies and links the root to them, within one target. */
static void direct_deps(struct extract_ctx *ctx, struct pkg *root, const struct lp_names *target,
                        json_t *group)
{
	size_t i;
	json_t *v;

	json_array_foreach(group, i, v)
	{
		char *name = json_is_string(v) ? group_name(json_string_value(v)) : NULL;
		struct pkg *to = name ? lp_names_get(target, name) : NULL;

		if (to) {
			to->flags = (to->flags & ~PKG_TRANSITIVE) | PKG_DIRECT;
			if (root)
				extract_edge(ctx, root, to);
		}
		free(name);
	}
}

/* Reads one target: its packages by name, then the edges between them. */
static void read_target(struct extract_ctx *ctx, const struct lp_names *libs, struct pkg *root,
                        const char *tname, json_t *target, json_t *group)
{
	struct lp_names names = { .icase = true };
	char **keep = xcalloc(json_object_size(target) + 1, sizeof(*keep));
	size_t nkeep = 0;
	const char *key;
	json_t *e;

	json_object_foreach(target, key, e)
	{
		const char *slash = strchr(key, '/');
		struct pkg *p = lp_names_get(libs, key);

		if (!p || !slash)
			continue;
		keep[nkeep] = xstrndup(key, (size_t)(slash - key));
		lp_names_add(&names, keep[nkeep++], p);
		pkg_add_prop(p, "vouch:nuget-target", tname);
	}
	lp_names_sort(&names);
	json_object_foreach(target, key, e)
	{
		lp_names_edges(ctx, lp_names_get(libs, key), json_object_get(e, "dependencies"),
		               &names);
	}
	if (json_is_array(group))
		direct_deps(ctx, root, &names, group);
	lp_names_release(&names);
	for (size_t i = 0; i < nkeep; i++)
		free(keep[i]);
	free(keep);
}

/* The project itself, from project.restore.projectName and project.version. */
static struct pkg *add_root(struct extract_ctx *ctx, json_t *doc, struct lp_jsonpos *pos)
{
	json_t *project = json_object_get(doc, "project");
	const char *name = vjson_str(json_object_get(project, "restore"), "projectName");
	struct lp_jsonpos at = *pos;
	struct pkg *p;

	if (!name || !*name)
		return NULL;
	p = extract_add(ctx, NULL, "nuget", NULL, name, vjson_str(project, "version"),
	                lp_jsonpos_key(&at, "project", 1));
	if (p)
		p->flags |= PKG_ROOT;
	return p;
}

static int assets_extract(struct extract_ctx *ctx, const char *data, size_t len)
{
	struct lp_jsonpos pos;
	json_t *doc = NULL, *libraries, *targets, *groups, *e;
	struct lp_names libs = { .icase = true };
	struct pkg *root = NULL;
	const char *key;
	int ret = 0;

	if (lp_json_parse(&doc, ctx, data, len) < 0)
		return ERR_PARSE;
	libraries = json_object_get(doc, "libraries");
	targets = json_object_get(doc, "targets");
	groups = json_object_get(doc, "projectFileDependencyGroups");
	if (!json_is_object(doc) || !json_is_integer(json_object_get(doc, "version")) ||
	    !json_is_object(libraries) || !json_is_object(targets)) {
		ret = extract_error(ctx, 0,
		                    "not a NuGet project.assets.json: no \"version\" number, "
		                    "\"targets\" and \"libraries\" objects");
		goto done;
	}
	if (json_integer_value(json_object_get(doc, "version")) != 3)
		extract_note(ctx, 0,
		             "assets file version %" JSON_INTEGER_FORMAT
		             " is not the version 3 this reader knows",
		             json_integer_value(json_object_get(doc, "version")));
	lp_jsonpos_init(&pos, data, len);
	root = add_root(ctx, doc, &pos);
	lp_jsonpos_key(&pos, "libraries", 1);
	json_object_foreach(libraries, key, e)
	{
		const char *type = vjson_str(e, "type"), *slash = strchr(key, '/');
		size_t line = lp_jsonpos_key(&pos, key, 2);
		bool project = type && !strcmp(type, "project");
		char *name;
		struct pkg *p;

		if (!type || (!project && strcmp(type, "package"))) {
			extract_note(ctx, line,
			             "library '%s' of type '%s' is not a package: not listed", key,
			             type ? type : "(none)");
			continue;
		}
		if (!slash || slash == key || !slash[1]) {
			ret = extract_error(ctx, line,
			                    "library '%s' is not NAME/VERSION: not listed", key);
			continue;
		}
		name = xstrndup(key, (size_t)(slash - key));
		p = extract_add(ctx, project ? NULL : "NuGet", "nuget", NULL, name, slash + 1,
		                line);
		free(name);
		if (!p)
			break;
		lp_names_add(&libs, key, p);
		if (project) {
			p->flags |= PKG_LOCAL;
			pkg_add_prop(p, "vouch:source", vjson_str(e, "path"));
		} else {
			const char *h = vjson_str(e, "sha512");
			struct buf sri = BUF_INIT_MAX(1024);

			p->flags |= PKG_TRANSITIVE; /* until a dependency group names it */
			if (h && *h &&
			    (buf_addf(&sri, "sha512-%s", h) < 0 || !pkg_add_integrity(p, sri.ptr)))
				ret = extract_error(ctx, line,
				                    "sha512 of '%s' is not a base64 SHA-512", key);
			buf_release(&sri);
		}
	}
	lp_names_sort(&libs);
	{
		const char *tname;
		json_t *t;

		json_object_foreach(targets, tname, t)
		{
			/* "net8.0/linux-x64" shares the dependency group of "net8.0" */
			struct buf fw = BUF_INIT;
			const char *slash = strchr(tname, '/');

			buf_add(&fw, tname, slash ? (size_t)(slash - tname) : strlen(tname));
			if (json_is_object(t))
				read_target(ctx, &libs, root, tname, t,
				            json_object_get(groups, fw.ptr));
			buf_release(&fw);
		}
	}
done:
	lp_names_release(&libs);
	json_decref(doc);
	return ret;
}

static bool assets_match(const char *rel, const char *name)
{
	(void)rel;
	return !strcmp(name, "project.assets.json");
}

const struct extractor nuget_project_assets_extractor = {
	"nuget-project-assets", "NuGet", assets_match, NULL, assets_extract, 0,
};
