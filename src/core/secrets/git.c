/*
 * git.c: every blob of a repository's history, each read once.
 *
 * Commits are walked oldest first (topological, then by time), so the first
 * commit in which a blob appears is the one that brought it in. Trees already
 * walked are skipped whole (a tree id names its whole content), so the cost
 * is one visit per distinct tree and one read per distinct blob, not per
 * commit times files.
 */
#include "util/compat.h"
#include "core/secrets/secrets.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/epoch.h"
#include "util/err.h"
#include "util/strmap.h"
#include "core/secrets/rule.h"

#include <git2.h>

struct git_state {
	struct secrets *s;
	git_repository *repo;
	struct strmap seen; /* hex ids of trees and blobs already visited */
	const char *shown_root;
	char commit[GIT_OID_HEXSZ + 1];
	char *author, *date;
	struct buf shown, rel;
	int err;
};

static int gerr(const char *what)
{
	const git_error *e = git_error_last();

	return err_set(ERR_IO, "%s: %s", what, e && e->message ? e->message : "libgit2 error");
}

static int tree_cb(const char *root, const git_tree_entry *entry, void *payload)
{
	struct git_state *g = payload;
	char hex[GIT_OID_HEXSZ + 1];
	git_object_t type = git_tree_entry_type(entry);
	git_blob *blob = NULL;
	int r;

	if (type != GIT_OBJECT_TREE && type != GIT_OBJECT_BLOB)
		return 0; /* submodule commits */
	git_oid_tostr(hex, sizeof(hex), git_tree_entry_id(entry));
	if (strmap_get(&g->seen, hex))
		return type == GIT_OBJECT_TREE ? 1 : 0;
	strmap_put(&g->seen, hex, 1);
	if (type == GIT_OBJECT_TREE)
		return 0;
	if (git_tree_entry_filemode(entry) == GIT_FILEMODE_LINK)
		return 0; /* a link's blob is its target name */
	buf_reset(&g->rel);
	buf_adds(&g->rel, root);
	buf_adds(&g->rel, git_tree_entry_name(entry));
	buf_reset(&g->shown);
	buf_addf(&g->shown, "%s%s", g->shown_root, g->rel.ptr);
	if (git_blob_lookup(&blob, g->repo, git_tree_entry_id(entry)) < 0) {
		gerr("cannot read blob");
		secrets_add_unread(g->s, g->shown.ptr, err_msg());
		return 0;
	}
	if ((size_t)git_blob_rawsize(blob) > SECRETS_MAX_BLOB) {
		secrets_add_unread(g->s, g->shown.ptr, "blob larger than 64 MiB: not read");
		git_blob_free(blob);
		return 0;
	}
	r = secrets_scan_mem(g->s, g->shown.ptr, g->rel.ptr, git_blob_rawcontent(blob),
	                     (size_t)git_blob_rawsize(blob), g->commit, g->author, g->date);
	git_blob_free(blob);
	if (r < 0) {
		g->err = r;
		return -1;
	}
	return 0;
}

static char *format_date(const git_time *t)
{
	char out[EPOCH_RFC3339_LEN];

	if (epoch_rfc3339(out, (int64_t)t->time) < 0)
		return xstrdup("");
	return xstrdup(out);
}

int secrets_scan_git(struct secrets *s, const char *path)
{
	struct git_state g = { .s = s, .seen = STRMAP_INIT, .shown = BUF_INIT, .rel = BUF_INIT };
	git_revwalk *walk = NULL;
	git_oid oid;
	struct buf root = BUF_INIT;
	size_t first = s->nfindings;
	int r = 0;

	git_libgit2_init();
	if (git_repository_open_ext(&g.repo, path, 0, NULL) < 0) {
		r = gerr(path);
		goto done;
	}
	/* shown paths start with the work tree as the user named it */
	buf_adds(&root, path);
	if (root.len && root.ptr[root.len - 1] != '/')
		buf_addch(&root, '/');
	if (!strcmp(root.ptr, "./"))
		buf_reset(&root);
	g.shown_root = root.ptr;
	if (git_revwalk_new(&walk, g.repo) < 0 ||
	    git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME | GIT_SORT_REVERSE) <
	            0) {
		r = gerr(path);
		goto done;
	}
	if (git_revwalk_push_glob(walk, "refs/*") < 0) {
		r = gerr(path);
		goto done;
	}
	(void)git_revwalk_push_head(walk); /* a detached HEAD; an unborn one has nothing */
	git_error_clear();
	while (git_revwalk_next(&oid, walk) == 0) {
		git_commit *commit = NULL;
		git_tree *tree = NULL;
		const git_signature *sig;

		if (git_commit_lookup(&commit, g.repo, &oid) < 0 ||
		    git_commit_tree(&tree, commit) < 0) {
			char hex[GIT_OID_HEXSZ + 1];
			git_oid_tostr(hex, sizeof(hex), &oid);
			buf_reset(&g.shown);
			buf_addf(&g.shown, "%scommit %s", g.shown_root, hex);
			/* a missing object (shallow or damaged clone): the rest goes on */
			gerr("cannot read commit");
			secrets_add_unread(s, g.shown.ptr, err_msg());
			git_commit_free(commit);
			continue;
		}
		git_oid_tostr(g.commit, sizeof(g.commit), &oid);
		sig = git_commit_author(commit);
		if (sig) {
			struct buf a = BUF_INIT;
			buf_addf(&a, "%s <%s>", sig->name ? sig->name : "",
			         sig->email ? sig->email : "");
			g.author = buf_detach(&a, NULL);
			g.date = format_date(&sig->when);
		} else {
			g.author = xstrdup("");
			g.date = xstrdup("");
		}
		if (git_tree_walk(tree, GIT_TREEWALK_PRE, tree_cb, &g) < 0 && g.err < 0)
			r = g.err;
		free(g.author);
		free(g.date);
		g.author = g.date = NULL;
		git_tree_free(tree);
		git_commit_free(commit);
		if (r < 0)
			goto done;
	}
	/* the same secret in later versions of the same file: keep the first commit's */
	{
		struct strmap fps = STRMAP_INIT;
		size_t out = first;

		for (size_t i = first; i < s->nfindings; i++) {
			struct secrets_finding *f = &s->findings[i];

			if (strmap_get(&fps, f->fingerprint)) {
				secrets_finding_release(f);
				continue;
			}
			strmap_put(&fps, f->fingerprint, 1);
			s->findings[out++] = *f;
		}
		s->nfindings = out;
		strmap_release(&fps);
	}
done:
	git_revwalk_free(walk);
	git_repository_free(g.repo);
	strmap_release(&g.seen);
	buf_release(&g.shown);
	buf_release(&g.rel);
	buf_release(&root);
	git_libgit2_shutdown();
	return r;
}
