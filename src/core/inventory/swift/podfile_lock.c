/*
 * podfile_lock.c: CocoaPods lock files (Podfile.lock, YAML).
 *
 *     PODS:
 *       - PINCache (3.0.3):
 *         - PINCache/Core (= 3.0.3)
 *       - PINCache/Core (3.0.3)
 *     DEPENDENCIES:
 *       - PINCache
 *     EXTERNAL SOURCES: {Name: {:path: "../x"}}
 *     SPEC CHECKSUMS: {PINCache: SHA1}
 *
 * One package per pod: a subspec (PINCache/Core) is part of its pod and is
 * kept as the property "vouch:cocoapods-subspec" (the purl's subpath, which
 * this inventory does not carry). Pods named in DEPENDENCIES are
 * PKG_DIRECT, the others PKG_TRANSITIVE; pods from a :path are PKG_LOCAL.
 * Edges come from each pod's dependency list. SPEC CHECKSUMS hash the
 * podspec, not the pod's files, so they are the property
 * "vouch:podspec-sha1" rather than a component hash. OSV has no CocoaPods
 * ecosystem: the packages have none.
 */
#include "util/compat.h"
#include "core/inventory/inventory.h"
#include "core/inventory/lockparse.h"
#include "util/alloc.h"
#include "util/err.h"

/* Far more than any real project (the lookups are linear) */
#define PODFILE_MAX_PODS 20000

struct pod {
	char *name; /* the pod, without subspec */
	struct pkg *p;
};

struct pods {
	struct pod *v;
	size_t n, a;
};

/* Splits "Name/Sub (1.0)" into the pod "Name", the subspec "Name/Sub" and "1.0". */
static void split_spec(const char *s, char **pod, char **spec, char **paren)
{
	const char *sp = strstr(s, " ("), *end = sp ? sp : s + strlen(s);
	const char *slash = memchr(s, '/', (size_t)(end - s));

	*pod = xstrndup(s, (size_t)((slash ? slash : end) - s));
	*spec = xstrndup(s, (size_t)(end - s));
	*paren = NULL;
	if (sp && s[strlen(s) - 1] == ')')
		*paren = xstrndup(sp + 2, strlen(sp + 2) - 1);
}

static struct pod *find_pod(struct pods *ps, const char *name)
{
	for (size_t i = 0; i < ps->n; i++)
		if (!strcmp(ps->v[i].name, name))
			return &ps->v[i];
	return NULL;
}

static int podfile_extract(struct extract_ctx *ctx, const char *data, size_t len)
{
	struct ynode *doc = NULL, *pods, *deps, *ext, *sums;
	struct pods ps = { 0 };
	struct lp_names names = { 0 };
	size_t eline;
	int ret = 0;

	if (ynode_parse(&doc, &eline, data, len) < 0)
		return extract_error(ctx, eline, "%s", err_msg());
	if (!doc)
		return extract_error(ctx, 0, "empty file: not a Podfile.lock");
	pods = ynode_get(doc, "PODS");
	if (doc->kind != YNODE_MAP || !pods || pods->kind != YNODE_SEQ) {
		ret = extract_error(ctx, doc->line, "not a Podfile.lock: no PODS list");
		goto done;
	}
	if (pods->nkids > PODFILE_MAX_PODS) {
		ret = extract_error(ctx, pods->line, "more than %d PODS entries: not read",
		                    PODFILE_MAX_PODS);
		goto done;
	}
	/* the pods */
	for (size_t i = 0; i < pods->nkids; i++) {
		struct ynode *e = pods->kids[i];
		const char *s = e->kind == YNODE_MAP && e->nkids == 2 ? ynode_str(e->kids[0])
		                                                      : ynode_str(e);
		char *pod, *spec, *ver;
		struct pod *pd;

		if (!s) {
			ret = extract_error(ctx, e->line, "PODS entry is not 'Name (version)'");
			continue;
		}
		split_spec(s, &pod, &spec, &ver);
		if (!ver || !*pod) {
			ret = extract_error(ctx, e->line, "PODS entry '%s' has no version", s);
		} else if (!(pd = find_pod(&ps, pod))) {
			ALLOC_GROW(ps.v, ps.n + 1, ps.a);
			pd = &ps.v[ps.n++];
			pd->name = xstrdup(pod);
			pd->p = extract_add(ctx, NULL, "cocoapods", NULL, pod, ver, e->line);
		} else if (pd->p && pd->p->version && strcmp(pd->p->version, ver)) {
			ret = extract_error(ctx, e->line, "'%s' is locked at %s and at %s", pod,
			                    pd->p->version, ver);
		}
		if (ver && *pod && (pd = find_pod(&ps, pod)) && pd->p && strcmp(spec, pod))
			pkg_add_prop(pd->p, "vouch:cocoapods-subspec", spec);
		free(pod);
		free(spec);
		free(ver);
	}
	for (size_t i = 0; i < ps.n; i++)
		lp_names_add(&names, ps.v[i].name, &ps.v[i]);
	lp_names_sort(&names);
	/* edges */
	for (size_t i = 0; i < pods->nkids; i++) {
		struct ynode *e = pods->kids[i], *list;
		char *pod, *spec, *ver;
		struct pod *from;

		if (e->kind != YNODE_MAP || e->nkids != 2 || !ynode_str(e->kids[0]))
			continue;
		list = e->kids[1];
		split_spec(ynode_str(e->kids[0]), &pod, &spec, &ver);
		from = lp_names_get(&names, pod);
		free(pod);
		free(spec);
		free(ver);
		for (size_t k = 0; from && from->p && list->kind == YNODE_SEQ && k < list->nkids;
		     k++) {
			const char *d = ynode_str(list->kids[k]);
			struct pod *to;

			if (!d)
				continue;
			split_spec(d, &pod, &spec, &ver);
			to = lp_names_get(&names, pod);
			if (to && to->p && to != from)
				extract_edge(ctx, from->p, to->p);
			free(pod);
			free(spec);
			free(ver);
		}
	}
	/* direct: the Podfile's dependencies */
	deps = ynode_get(doc, "DEPENDENCIES");
	for (size_t i = 0; deps && deps->kind == YNODE_SEQ && i < deps->nkids; i++) {
		const char *d = ynode_str(deps->kids[i]);
		char *pod, *spec, *ver;
		struct pod *pd;

		if (!d)
			continue;
		split_spec(d, &pod, &spec, &ver);
		pd = lp_names_get(&names, pod);
		if (pd && pd->p)
			pd->p->flags |= PKG_DIRECT;
		else
			extract_note(ctx, deps->kids[i]->line,
			             "dependency '%s' is not among the PODS: not locked", pod);
		free(pod);
		free(spec);
		free(ver);
	}
	for (size_t i = 0; i < ps.n; i++)
		if (ps.v[i].p && !(ps.v[i].p->flags & PKG_DIRECT) && deps)
			ps.v[i].p->flags |= PKG_TRANSITIVE;
	ext = ynode_get(doc, "EXTERNAL SOURCES");
	for (size_t i = 0; ext && ext->kind == YNODE_MAP && i + 1 < ext->nkids; i += 2) {
		const char *name = ynode_str(ext->kids[i]);
		struct pod *pd = name ? lp_names_get(&names, name) : NULL;
		const char *path = ynode_str(ynode_get(ext->kids[i + 1], ":path"));
		const char *git = ynode_str(ynode_get(ext->kids[i + 1], ":git"));

		if (!pd || !pd->p)
			continue;
		if (path) {
			pd->p->flags |= PKG_LOCAL;
			pkg_add_prop(pd->p, "vouch:path", path);
		}
		pkg_add_prop(pd->p, "vouch:git-url", git);
	}
	sums = ynode_get(doc, "SPEC CHECKSUMS");
	for (size_t i = 0; sums && sums->kind == YNODE_MAP && i + 1 < sums->nkids; i += 2) {
		const char *name = ynode_str(sums->kids[i]);
		struct pod *pd = name ? lp_names_get(&names, name) : NULL;

		if (pd && pd->p)
			pkg_add_prop(pd->p, "vouch:podspec-sha1", ynode_str(sums->kids[i + 1]));
	}
done:
	lp_names_release(&names);
	for (size_t i = 0; i < ps.n; i++)
		free(ps.v[i].name);
	free(ps.v);
	ynode_free(doc);
	return ret;
}

static bool podfile_match(const char *rel, const char *name)
{
	(void)rel;
	return !strcmp(name, "Podfile.lock");
}

static bool podfile_sniff(const char *data, size_t len)
{
	return len > 6 && !memcmp(data, "PODS:", 5) &&
	       memmem(data, len, "\nCOCOAPODS:", 11) != NULL;
}

const struct extractor podfile_lock_extractor = {
	"cocoapods-podfile-lock", NULL, podfile_match, podfile_sniff, podfile_extract,
	(size_t)32 << 20,
};
