/*
 * nuget_packages_config.c: NuGet packages.config (the pre-PackageReference format).
 *
 *     <packages>
 *       <package id="Name" version="1.0.0" targetFramework="net46"
 *                developmentDependency="true" />
 *
 * Every installed package is listed, direct or not (the file does not
 * say). developmentDependency="true" gives PKG_DEV. A package without an id
 * or a version is an error (NuGet refuses the file too).
 */
#include "util/compat.h"
#include "core/inventory/inventory.h"
#include "core/inventory/lockparse.h"
#include "util/alloc.h"
#include "util/err.h"

static int config_extract(struct extract_ctx *ctx, const char *data, size_t len)
{
	xmlDoc *doc = NULL;
	xmlNode *root;
	int ret = 0;

	if (lp_xml_parse(&doc, ctx, data, len) < 0)
		return ERR_PARSE;
	root = xmlDocGetRootElement(doc);
	if (!lp_xml_is(root, "packages")) {
		ret = extract_error(ctx, lp_xml_line(root),
		                    "not a NuGet packages.config: the root element is <%s>",
		                    (const char *)root->name);
		goto done;
	}
	for (xmlNode *e = lp_xml_child(root, "package"); e; e = lp_xml_next(e, "package")) {
		char *id = lp_xml_attr(e, "id"), *v = lp_xml_attr(e, "version");
		char *dev = lp_xml_attr(e, "developmentDependency");
		char *tf = lp_xml_attr(e, "targetFramework");
		struct pkg *p = NULL;

		if (!id || !*id || !v || !*v)
			ret = extract_error(ctx, lp_xml_line(e), "<package> without %s: not listed",
			                    !id || !*id ? "an id" : "a version");
		else
			p = extract_add(ctx, "NuGet", "nuget", NULL, id, v, lp_xml_line(e));
		if (p && dev && !strcmp(dev, "true"))
			p->flags |= PKG_DEV;
		if (p)
			pkg_add_prop(p, "vouch:nuget-target", tf);
		free(id);
		free(v);
		free(dev);
		free(tf);
	}
done:
	xmlFreeDoc(doc);
	return ret;
}

static bool config_match(const char *rel, const char *name)
{
	size_t n = strlen(name);

	(void)rel;
	/* packages.config, and packages.PROJECT.config */
	return !strcmp(name, "packages.config") ||
	       (n > 16 && !strncmp(name, "packages.", 9) && !strcmp(name + n - 7, ".config"));
}

static bool config_sniff(const char *data, size_t len)
{
	size_t n = len < 1024 ? len : 1024;

	return memmem(data, n, "<packages>", 10) && memmem(data, len, "<package ", 9);
}

const struct extractor nuget_packages_config_extractor = {
	"nuget-packages-config", "NuGet",          config_match, config_sniff,
	config_extract,          (size_t)32 << 20,
};
