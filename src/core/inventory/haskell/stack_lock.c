/*
 * stack_lock.c: Stack's lock file, stack.yaml.lock.
 *
 *     packages:
 *     - completed:
 *         hackage: fuzzyset-0.2.4@sha256:f1b6de8b...,1618
 *         pantry-tree:
 *           sha256: cee68e8d...
 *           size: 574
 *       original:
 *         hackage: fuzzyset-0.2.4
 *     snapshots:
 *     - completed:
 *         sha256: 1e32b51d...
 *         size: 720263
 *         url: https://raw.githubusercontent.com/.../lts/22/41.yaml
 *       original: lts-22.41
 *
 * The packages are the extra-deps of stack.yaml, each as Stack resolved it
 * (completed). A Hackage one is pkg:hackage/NAME@VERSION in the OSV ecosystem
 * Hackage; the sha256 after '@' is of the cabal file revision, not of the
 * tarball, so it is a property, not a component hash. One from git or hg (a
 * fork, usually) names its package and version and is matched the same way,
 * its repository and commit kept as vouch:source; so is one from an archive
 * URL, whose sha256 (of the archive) is a component hash; one from a local
 * archive (filepath) is PKG_LOCAL. The snapshot pins
 * most of the project's packages, but the lock does not list them: a note
 * says so, naming the snapshot.
 */
#include "util/compat.h"
#include "core/inventory/inventory.h"
#include "core/inventory/langkit.h"
#include "core/inventory/lockparse.h"
#include "core/inventory/haskell/hackage.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/err.h"

/* "NAME-VERSION@sha256:HEX,SIZE" (the part after '@' optional). */
static void hackage_entry(struct extract_ctx *ctx, const struct ynode *v)
{
	const char *s = ynode_str(v), *at, *dash, *sha = NULL;
	struct pkg *p;
	char *name, *ver;

	if (!s) {
		extract_error(ctx, v->line, "'hackage' is not a string");
		return;
	}
	at = strchr(s, '@');
	if (!at)
		at = s + strlen(s);
	dash = at;
	while (dash > s && dash[-1] != '-')
		dash--;
	if (dash == s || !hackage_name_ok(s, (size_t)(dash - 1 - s)) ||
	    !hackage_version_ok(dash, (size_t)(at - dash))) {
		extract_error(ctx, v->line, "'%s' is not NAME-VERSION", LKQ(s));
		return;
	}
	name = xmemdupz(s, (size_t)(dash - 1 - s));
	ver = xmemdupz(dash, (size_t)(at - dash));
	p = extract_add(ctx, HACKAGE_ECOSYSTEM, "hackage", NULL, name, ver, v->line);
	free(name);
	free(ver);
	if (!p)
		return;
	if (!strncmp(at, "@sha256:", 8))
		sha = at + 8;
	if (sha && strcspn(sha, ",") == 64 && langkit_is_hex(sha, 64)) {
		char hex[65];

		memcpy(hex, sha, 64);
		hex[64] = '\0';
		pkg_add_prop(p, "vouch:hackage-cabal-sha256", hex);
	} else if (*at) {
		extract_note(ctx, v->line, "'%s': the cabal file revision is not @sha256:HEX,SIZE",
		             LKQ(s));
	}
}

/* A package from git, hg or an archive: name and version are keys of completed. */
static void source_entry(struct extract_ctx *ctx, const struct ynode *c)
{
	const char *name = ynode_str(ynode_get(c, "name"));
	const char *ver = ynode_str(ynode_get(c, "version"));
	const char *repo = ynode_str(ynode_get(c, "git")), *scheme = "git+";
	const char *commit = ynode_str(ynode_get(c, "commit"));
	const char *subdir = ynode_str(ynode_get(c, "subdir"));
	const char *url = ynode_str(ynode_get(c, "url"));
	const char *file = ynode_str(ynode_get(c, "filepath"));
	const char *sha = ynode_str(ynode_get(c, "sha256"));
	struct buf b = BUF_INIT;
	struct pkg *p;

	if (!repo && (repo = ynode_str(ynode_get(c, "hg"))))
		scheme = "hg+";
	if (!url)
		url = ynode_str(ynode_get(c, "archive"));
	if (!repo && !url && !file) {
		extract_error(ctx, c->line,
		              "a completed package with no hackage, git, hg, url "
		              "or filepath");
		return;
	}
	if (!name || !hackage_name_ok(name, strlen(name)) || !ver ||
	    !hackage_version_ok(ver, strlen(ver))) {
		extract_error(ctx, c->line, "a completed package with no valid name and version");
		return;
	}
	p = extract_add(ctx, file && !repo && !url ? NULL : HACKAGE_ECOSYSTEM, "hackage", NULL,
	                name, ver, c->line);
	if (!p)
		return;
	if (repo)
		buf_addf(&b, "%s%s%s%s", scheme, repo, commit ? "@" : "", commit ? commit : "");
	else
		buf_adds(&b, url ? url : file);
	if (subdir)
		buf_addf(&b, "#%s", subdir);
	pkg_add_prop(p, "vouch:source", b.ptr);
	buf_release(&b);
	if (!repo && !url)
		p->flags |= PKG_LOCAL;
	/* an archive's sha256 is of the archive itself */
	if (!repo && sha && strlen(sha) == 64 && langkit_is_hex(sha, 64))
		pkg_add_hash(p, "SHA-256", sha);
}

static void package(struct extract_ctx *ctx, const struct ynode *e)
{
	const struct ynode *c = ynode_get(e, "completed");

	if (!c || c->kind != YNODE_MAP) {
		extract_error(ctx, e->line, "a package with no 'completed' mapping");
		return;
	}
	if (ynode_get(c, "hackage"))
		hackage_entry(ctx, ynode_get(c, "hackage"));
	else
		source_entry(ctx, c);
}

static void snapshots(struct extract_ctx *ctx, const struct ynode *s)
{
	if (!s)
		return;
	if (s->kind != YNODE_SEQ) {
		extract_error(ctx, s->line, "'snapshots' is not a list");
		return;
	}
	for (size_t i = 0; i < s->nkids; i++) {
		const struct ynode *e = s->kids[i], *c = ynode_get(e, "completed");
		const char *orig = ynode_str(ynode_get(e, "original"));
		const char *url = ynode_str(ynode_get(c, "url"));

		if (!orig)
			orig = ynode_str(ynode_get(ynode_get(e, "original"), "url"));
		if (!orig && !url)
			continue;
		extract_note(ctx, e->line,
		             "snapshot '%s'%s%s%s: its packages are not listed in the lock file, "
		             "so not in the inventory",
		             LKQ(orig ? orig : url), url && orig ? " (" : "",
		             url && orig ? LKQ(url) : "", url && orig ? ")" : "");
	}
}

static int stack_lock_extract(struct extract_ctx *ctx, const char *data, size_t len)
{
	struct ynode *doc = NULL;
	const struct ynode *pkgs;
	size_t eline;
	int ret = 0;

	if (ynode_parse(&doc, &eline, data, len) < 0)
		return extract_error(ctx, eline, "%s", err_msg());
	if (!doc)
		return 0;
	if (doc->kind != YNODE_MAP) {
		ret = extract_error(ctx, doc->line, "not a stack.yaml.lock: not a YAML mapping");
		goto done;
	}
	pkgs = ynode_get(doc, "packages");
	if (pkgs && pkgs->kind == YNODE_SEQ) {
		for (size_t i = 0; i < pkgs->nkids; i++)
			package(ctx, pkgs->kids[i]);
	} else {
		/* Stack writes "packages: []" when there are none */
		ret = extract_error(ctx, pkgs ? pkgs->line : doc->line,
		                    pkgs ? "'packages' is not a list" : "no 'packages'");
	}
	snapshots(ctx, ynode_get(doc, "snapshots"));
done:
	ynode_free(doc);
	return ret;
}

static bool stack_lock_match(const char *rel, const char *name)
{
	(void)rel;
	return !strcmp(name, "stack.yaml.lock");
}

static bool stack_lock_sniff(const char *data, size_t len)
{
	size_t head = len < 4096 ? len : 4096;

	return memmem(data, head, "autogenerated by Stack", 22) ||
	       (memmem(data, head, "completed:", 10) && memmem(data, head, "hackage: ", 9));
}

const struct extractor stack_lock_extractor = {
	"stack-lock", HACKAGE_ECOSYSTEM, stack_lock_match, stack_lock_sniff, stack_lock_extract, 0,
};
