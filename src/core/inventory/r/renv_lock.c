/*
 * renv_lock.c: R projects locked with renv (renv.lock, JSON).
 *
 *     {"R": {"Version": "4.2.3", "Repositories": [{"Name": "CRAN", "URL": "..."}]},
 *      "Packages": {"mime": {"Package": "mime", "Version": "0.12",
 *                            "Source": "Repository", "Repository": "CRAN",
 *                            "Hash": "MD5", "Requirements": ["tools"]}}}
 *
 * Every package is pkg:cran/NAME@VERSION. The OSV ecosystem follows the
 * Source: Repository (CRAN, or a CRAN-like repository renv records by name)
 * gives CRAN, Bioconductor gives Bioconductor; packages installed from
 * GitHub, GitLab, Bitbucket or git have none (their version need not be a
 * CRAN release) and keep the remote as properties; Local ones are PKG_LOCAL.
 * A package that records no Source has an unknown origin: no ecosystem, and
 * one note for the file. renv's Hash is an MD5 of some DESCRIPTION fields,
 * not of the package's files, so it is the property "vouch:renv-hash", not a
 * component hash. Edges come from Requirements (base packages such as tools
 * are not in the lock file and have none).
 */
#include "util/compat.h"
#include "core/inventory/inventory.h"
#include "core/inventory/lockparse.h"
#include "util/alloc.h"
#include "util/err.h"
#include "util/json.h"

static int renv_extract(struct extract_ctx *ctx, const char *data, size_t len)
{
	struct lp_jsonpos pos;
	json_t *doc = NULL, *pkgs, *e;
	const char *key;
	struct pkg **pk = NULL;
	struct lp_names names = { 0 };
	size_t i = 0, unknown = 0;
	int ret = 0;

	if (lp_json_parse(&doc, ctx, data, len) < 0)
		return ERR_PARSE;
	pkgs = json_object_get(doc, "Packages");
	if (!json_is_object(doc)) {
		ret = extract_error(ctx, 0, "not a renv.lock: not a JSON object");
		goto done;
	}
	if (!pkgs) {
		/* "{}": renv writes nothing shorter, and it locks nothing */
		if (json_object_size(doc))
			ret = extract_error(ctx, 0, "not a renv.lock: no \"Packages\" object");
		goto done;
	}
	if (!json_is_object(pkgs)) {
		ret = extract_error(ctx, 0, "\"Packages\" is not an object");
		goto done;
	}
	lp_jsonpos_init(&pos, data, len);
	lp_jsonpos_key(&pos, "Packages", 1);
	pk = xcalloc(json_object_size(pkgs) + 1, sizeof(*pk));
	json_object_foreach(pkgs, key, e)
	{
		const char *name = vjson_str(e, "Package"), *ver = vjson_str(e, "Version");
		const char *src = vjson_str(e, "Source"), *repo = vjson_str(e, "Repository");
		size_t line = lp_jsonpos_key(&pos, key, 2);
		const char *eco = NULL;
		struct pkg *p;

		i++;
		if (!json_is_object(e) || !ver) {
			ret = extract_error(ctx, line, "package '%s' has no Version: not listed",
			                    key);
			continue;
		}
		if (!src && repo)
			src = "Repository";
		if (!src)
			unknown++;
		else if (!strcmp(src, "Repository"))
			eco = "CRAN";
		else if (!strcmp(src, "Bioconductor"))
			eco = "Bioconductor";
		p = extract_add(ctx, eco, "cran", NULL, name ? name : key, ver, line);
		if (!p) {
			ret = ERR_PARSE;
			break;
		}
		pk[i - 1] = p;
		if (src && !strcmp(src, "Local"))
			p->flags |= PKG_LOCAL;
		pkg_add_prop(p, "vouch:renv-source", src);
		pkg_add_prop(p, "vouch:renv-repository", repo);
		pkg_add_prop(p, "vouch:renv-hash", vjson_str(e, "Hash"));
		if (src && strcmp(src, "Repository") && strcmp(src, "Bioconductor")) {
			const char *user = vjson_str(e, "RemoteUsername");
			const char *rrepo = vjson_str(e, "RemoteRepo");
			const char *host = vjson_str(e, "RemoteHost");
			const char *type = vjson_str(e, "RemoteType");

			pkg_add_prop(p, "vouch:git-commit", vjson_str(e, "RemoteSha"));
			pkg_add_prop(p, "vouch:git-ref", vjson_str(e, "RemoteRef"));
			pkg_add_prop(p, "vouch:git-url", vjson_str(e, "RemoteUrl"));
			if (user && rrepo && !vjson_str(e, "RemoteUrl") && type &&
			    (!strcmp(type, "github") || !strcmp(type, "gitlab") ||
			     !strcmp(type, "bitbucket"))) {
				/* renv records the API host; the repository is on the site */
				struct buf b = BUF_INIT_MAX(4096);

				buf_addf(&b, "https://%s.%s/%s/%s", type,
				         strcmp(type, "bitbucket") ? "com" : "org", user, rrepo);
				pkg_add_prop(p, "vouch:git-url", b.ptr);
				buf_release(&b);
			}
			if (user && rrepo) {
				struct buf b = BUF_INIT_MAX(4096);

				buf_addf(&b, "%s/%s/%s", host ? host : src, user, rrepo);
				pkg_add_prop(p, "vouch:renv-remote", b.ptr);
				buf_release(&b);
			}
		}
	}
	if (unknown)
		extract_note(ctx, 0,
		             "%zu package%s record%s no Source: the origin (CRAN or not) is not "
		             "known, so no ecosystem is given",
		             unknown, unknown == 1 ? "" : "s", unknown == 1 ? "s" : "");
	/* edges */
	for (size_t j = 0; j < i; j++)
		if (pk[j])
			lp_names_add(&names, pk[j]->name, pk[j]);
	lp_names_sort(&names);
	i = 0;
	json_object_foreach(pkgs, key, e)
	{
		json_t *req = json_object_get(e, "Requirements"), *r;
		struct pkg *from = pk[i++], *to;
		size_t k;

		if (!from || !json_is_array(req))
			continue;
		json_array_foreach(req, k, r)
		{
			if (vjson_strval(r) && (to = lp_names_get(&names, vjson_strval(r))))
				extract_edge(ctx, from, to);
		}
	}
done:
	lp_names_release(&names);
	free(pk);
	json_decref(doc);
	return ret;
}

static bool renv_match(const char *rel, const char *name)
{
	(void)rel;
	return !strcmp(name, "renv.lock");
}

static bool renv_sniff(const char *data, size_t len)
{
	size_t n = len < 4096 ? len : 4096;

	return memmem(data, n, "\"Packages\"", 10) && memmem(data, n, "\"R\"", 3);
}

const struct extractor renv_lock_extractor = {
	"renv-lock", "CRAN", renv_match, renv_sniff, renv_extract, 0,
};
