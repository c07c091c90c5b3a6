/*
 * nuget_packages_lock.c: NuGet lock files (packages.lock.json, version 1 and 2).
 *
 *     {"version": 1, "dependencies": {"net6.0": {"Name": {"type": "Direct",
 *       "requested": "[1.0, )", "resolved": "1.0.0", "contentHash": "BASE64",
 *       "dependencies": {"Other": "[2.0, )"}}}}}
 *
 * Each target framework (and runtime, "net6.0/linux-x64") lists its
 * packages; the same package in several targets is one package with one
 * location per target. type Direct / CentralTransitive / Transitive give
 * PKG_DIRECT / PKG_TRANSITIVE; type Project is a project reference
 * (PKG_LOCAL, no NuGet ecosystem). contentHash is the base64 SHA-512 of the
 * .nupkg. Edges: a dependency's name, resolved within the same target.
 */
#include "util/compat.h"
#include "core/inventory/inventory.h"
#include "core/inventory/lockparse.h"
#include "util/alloc.h"
#include "util/err.h"
#include "util/buf.h"
#include "util/json.h"

static int lock_extract(struct extract_ctx *ctx, const char *data, size_t len)
{
	struct lp_jsonpos pos;
	json_t *doc = NULL, *deps, *target;
	const char *tname;
	int ret = 0;

	if (lp_json_parse(&doc, ctx, data, len) < 0)
		return ERR_PARSE;
	lp_jsonpos_init(&pos, data, len);
	lp_jsonpos_key(&pos, "dependencies", 1);
	deps = json_object_get(doc, "dependencies");
	if (!json_is_object(doc) || !json_is_integer(json_object_get(doc, "version")) ||
	    !json_is_object(deps)) {
		ret = extract_error(ctx, 0,
		                    "not a NuGet packages.lock.json: no \"version\" number and "
		                    "\"dependencies\" object");
		goto done;
	}
	if (json_integer_value(json_object_get(doc, "version")) > 2)
		extract_note(ctx, 0,
		             "lock file version %" JSON_INTEGER_FORMAT
		             " is newer than the versions 1 and 2 this reader knows",
		             json_integer_value(json_object_get(doc, "version")));
	json_object_foreach(deps, tname, target)
	{
		const char *name;
		json_t *e;
		struct pkg **pk;
		struct lp_names names = { .icase = true };
		size_t n = json_object_size(target), i = 0;

		lp_jsonpos_key(&pos, tname, 2);
		if (!json_is_object(target)) {
			ret = extract_error(ctx, pos.line, "target '%s' is not an object", tname);
			continue;
		}
		pk = xcalloc(n ? n : 1, sizeof(*pk));
		json_object_foreach(target, name, e)
		{
			const char *type = vjson_str(e, "type"), *ver = vjson_str(e, "resolved");
			const char *hash = vjson_str(e, "contentHash");
			size_t line = lp_jsonpos_key(&pos, name, 3);
			bool project = type && !strcmp(type, "Project");
			struct pkg *p;

			i++;
			if (!json_is_object(e) || (!ver && !project)) {
				ret = extract_error(ctx, line,
				                    "'%s' in '%s' has no \"resolved\" version",
				                    name, tname);
				continue;
			}
			p = extract_add(ctx, project ? NULL : "NuGet", "nuget", NULL, name, ver,
			                line);
			if (!p)
				break;
			pk[i - 1] = p;
			if (project)
				p->flags |= PKG_LOCAL;
			else if (type && (!strcmp(type, "Direct")))
				p->flags |= PKG_DIRECT;
			else if (type && (!strcmp(type, "Transitive") ||
			                  !strcmp(type, "CentralTransitive")))
				p->flags |= PKG_TRANSITIVE;
			if (hash && *hash) {
				struct buf sri = BUF_INIT_MAX(1024);

				if (buf_addf(&sri, "sha512-%s", hash) < 0 ||
				    !pkg_add_integrity(p, sri.ptr))
					ret = extract_error(
					        ctx, line,
					        "contentHash of '%s' is not a base64 SHA-512",
					        name);
				buf_release(&sri);
			}
			pkg_add_prop(p, "vouch:nuget-target", tname);
		}
		/* edges, now that the target's packages are known */
		for (size_t k = 0; k < n; k++)
			if (pk[k])
				lp_names_add(&names, pk[k]->name, pk[k]);
		lp_names_sort(&names);
		i = 0;
		json_object_foreach(target, name, e)
		{
			lp_names_edges(ctx, pk[i++], json_object_get(e, "dependencies"), &names);
		}
		lp_names_release(&names);
		free(pk);
	}
done:
	json_decref(doc);
	return ret;
}

static bool lock_match(const char *rel, const char *name)
{
	size_t n = strlen(name);

	(void)rel;
	/* packages.lock.json, and packages.PROJECT.lock.json (NuGetLockFilePath) */
	return !strcmp(name, "packages.lock.json") ||
	       (n > 20 && !strncmp(name, "packages.", 9) && !strcmp(name + n - 10, ".lock.json"));
}

const struct extractor nuget_packages_lock_extractor = {
	"nuget-packages-lock", "NuGet", lock_match, NULL, lock_extract, 0,
};
