/*
 * github_actions.c: the actions a GitHub Actions workflow uses
 * (.yml and .yaml files of .github/workflows) and those of a composite action
 * (action.yml, action.yaml).
 *
 *     jobs:
 *       build:
 *         runs-on: ubuntu-latest
 *         steps:
 *           - uses: actions/checkout@v4
 *           - uses: github/codeql-action/init@1b1aada464948af03b950897e5eb522f92603cc2
 *       call:
 *         uses: octo-org/repo/.github/workflows/reusable.yml@v1.2.3
 *
 * Each `uses: OWNER/REPO[/PATH]@REF` of a step, and of a job that calls a
 * reusable workflow, is pkg:githubactions/OWNER/REPO[%2FPATH]@REF (the
 * purl-spec type githubactions: owner and repository lower-cased, the path
 * kept) in the OSV ecosystem GitHub Actions, whose advisories name
 * OWNER/REPO. The ref is the version: a full 40-hex commit is pinned, a tag
 * or branch can be moved under the workflow by whoever controls the
 * repository: vouch:actions-pinned or vouch:actions-unpinned says which. These
 * are the build environment's dependencies, all direct. `./local` actions
 * are files of the same repository and `docker://` images are not actions
 * from a repository: neither is a package.
 */
#include "util/compat.h"
#include "core/inventory/inventory.h"
#include "core/inventory/langkit.h"
#include "core/inventory/lockparse.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/err.h"

#include <ctype.h>

#define GHA_ECOSYSTEM "GitHub Actions"
#define GHA_MAX_USES  1024 /* GitHub's own limits on refs and paths are far below */

static bool owner_ok(const char *s, size_t n)
{
	if (!n || n > 100)
		return false;
	for (size_t i = 0; i < n; i++)
		if (!isalnum((unsigned char)s[i]) && s[i] != '-' && s[i] != '_' && s[i] != '.')
			return false;
	return true;
}

static bool ref_ok(const char *s, size_t n)
{
	if (!n)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)s[i] <= ' ' || s[i] == 0x7f)
			return false;
	return true;
}

static int uses(struct extract_ctx *ctx, const struct ynode *v, bool workflow)
{
	const char *s = ynode_str(v), *slash, *at;
	size_t n;
	char *owner = NULL, *name = NULL, *ref = NULL;
	struct pkg *p;

	if (!s)
		return extract_error(ctx, v->line, "'uses' is not a string");
	n = strlen(s);
	if (s[0] == '.' || !strncmp(s, "docker://", 9))
		return 0; /* a local action or a container image: not a package */
	slash = strchr(s, '/');
	at = strrchr(s, '@');
	if (n > GHA_MAX_USES || !slash || !at || at < slash || !owner_ok(s, (size_t)(slash - s)) ||
	    !owner_ok(slash + 1, strcspn(slash + 1, "/@")) || !ref_ok(at + 1, strlen(at + 1)) ||
	    memchr(s, ' ', n))
		return extract_error(ctx, v->line, "'%s' is not OWNER/REPO[/PATH]@REF", LKQ(s));
	owner = xmemdupz(s, (size_t)(slash - s));
	name = xmemdupz(slash + 1, (size_t)(at - slash - 1));
	ref = xstrdup(at + 1);
	for (char *c = owner; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	/* the repository part of the name is not case sensitive, the path is */
	for (char *c = name; *c && *c != '/'; c++)
		*c = (char)tolower((unsigned char)*c);
	p = extract_add(ctx, GHA_ECOSYSTEM, "githubactions", owner, name, ref, v->line);
	if (p) {
		bool pinned = strlen(ref) == 40 && langkit_is_hex(ref, 40);

		p->flags |= PKG_DIRECT;
		pkg_add_prop(p, pinned ? "vouch:actions-pinned" : "vouch:actions-unpinned", "true");
		if (workflow)
			pkg_add_prop(p, "vouch:actions-reusable-workflow", "true");
	}
	free(owner);
	free(name);
	free(ref);
	return p ? 0 : ERR_TOOBIG;
}

static int steps(struct extract_ctx *ctx, const struct ynode *st, int *ret)
{
	if (!st)
		return 0;
	if (st->kind != YNODE_SEQ) {
		*ret = extract_error(ctx, st->line, "'steps' is not a list");
		return 0;
	}
	for (size_t i = 0; i < st->nkids; i++) {
		const struct ynode *u = ynode_get(st->kids[i], "uses");
		int r;

		if (st->kids[i]->kind != YNODE_MAP) {
			*ret = extract_error(ctx, st->kids[i]->line, "a step is not a mapping");
			continue;
		}
		if (u && (r = uses(ctx, u, false)) < 0) {
			*ret = r;
			if (r == ERR_TOOBIG)
				return r;
		}
	}
	return 0;
}

static int gha_extract(struct extract_ctx *ctx, const char *data, size_t len)
{
	struct ynode *doc = NULL;
	const struct ynode *jobs, *runs;
	size_t eline;
	int ret = 0, r;

	if (ynode_parse(&doc, &eline, data, len) < 0)
		return extract_error(ctx, eline, "%s", err_msg());
	if (!doc)
		return 0;
	if (doc->kind != YNODE_MAP) {
		ret = extract_error(ctx, doc->line, "not a workflow or action: not a YAML mapping");
		goto done;
	}
	jobs = ynode_get(doc, "jobs");
	runs = ynode_get(doc, "runs");
	if (jobs && jobs->kind != YNODE_MAP) {
		ret = extract_error(ctx, jobs->line, "'jobs' is not a mapping");
	} else if (jobs) {
		for (size_t i = 1; i < jobs->nkids; i += 2) {
			const struct ynode *job = jobs->kids[i], *u;

			if (job->kind != YNODE_MAP) {
				ret = extract_error(ctx, job->line, "job '%s' is not a mapping",
				                    LKQ(jobs->kids[i - 1]->str));
				continue;
			}
			u = ynode_get(job, "uses");
			if (u && (r = uses(ctx, u, true)) < 0) {
				ret = r;
				if (r == ERR_TOOBIG)
					goto done;
			}
			if (steps(ctx, ynode_get(job, "steps"), &ret) < 0)
				goto done;
		}
	}
	/* a composite action's steps */
	if (runs && runs->kind == YNODE_MAP)
		steps(ctx, ynode_get(runs, "steps"), &ret);
done:
	ynode_free(doc);
	return ret;
}

static bool gha_match(const char *rel, const char *name)
{
	size_t n = strlen(name), r = strlen(rel);

	if (!strcmp(name, "action.yml") || !strcmp(name, "action.yaml"))
		return true;
	if (!((n > 4 && !strcmp(name + n - 4, ".yml")) ||
	      (n > 5 && !strcmp(name + n - 5, ".yaml"))))
		return false;
	/* GitHub reads workflows from .github/workflows itself, not its subfolders */
	if (r < n + 18)
		return false;
	r -= n; /* the folder, with its final '/' */
	return !strncmp(rel + r - 18, ".github/workflows/", 18) && (r == 18 || rel[r - 19] == '/');
}

static bool gha_sniff(const char *data, size_t len)
{
	size_t head = len < 4096 ? len : 4096;

	return (memmem(data, head, "\njobs:", 6) || (len >= 5 && !memcmp(data, "jobs:", 5))) &&
	       (memmem(data, head, "runs-on:", 8) || memmem(data, head, "uses:", 5));
}

const struct extractor github_actions_extractor = {
	"github-actions", GHA_ECOSYSTEM, gha_match, gha_sniff, gha_extract, 0,
};
