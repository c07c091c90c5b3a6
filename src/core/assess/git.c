/*
 * git.c: the commit a product's work tree is at, read from .git without
 * running git (assess.h).
 *
 * HEAD holds either a commit id or "ref: NAME". A ref is a loose file under
 * the git folder (or, for a linked work tree, under the folder its
 * "commondir" names) or a line of packed-refs. Every file read is capped at
 * GIT_MAX bytes; at most GIT_MAX_HOPS symbolic refs are followed.
 */
#include "util/compat.h"
#include "core/assess/assess.h"
#include "core/assess/collect.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/hash.h"

#include <sys/stat.h>

#define GIT_MAX      ((size_t)4 << 20) /* packed-refs of a large repository */
#define GIT_MAX_HOPS 5

/* The first line of path, trimmed, or NULL. */
static char *first_line(const char *path)
{
	struct buf b = BUF_INIT;
	char *out = NULL;
	size_t n;

	buf_init(&b, GIT_MAX);
	if (buf_read_file(&b, path) < 0)
		goto done;
	n = strcspn(b.ptr, "\r\n");
	out = xstrndup(b.ptr, n);
done:
	buf_release(&b);
	return out;
}

bool ac_git_oid(const char *s, size_t n)
{
	uint8_t b[32];

	return (n == 40 || n == 64) && hex_decode(b, n / 2, s, n) == 0;
}

/* A ref name must stay inside the git folder. */
static bool safe_ref(const char *name)
{
	return !strncmp(name, "refs/", 5) && !strstr(name, "..") && !strchr(name, '\\');
}

char *ac_git_packed(const char *data, size_t len, const char *name)
{
	size_t nl = strlen(name);

	for (const char *p = data, *e; p < data + len; p = e + 1) {
		size_t n;

		e = memchr(p, '\n', (size_t)(data + len - p));
		if (!e)
			e = data + len;
		n = (size_t)(e - p);
		if (n && p[n - 1] == '\r')
			n--;
		for (size_t h = 40; h <= 64; h += 24)
			if (n == h + 1 + nl && p[h] == ' ' && ac_git_oid(p, h) &&
			    !memcmp(p + h + 1, name, nl))
				return xstrndup(p, h);
	}
	return NULL;
}

static char *packed(const char *common, const char *name)
{
	char *path = ac_join(common, "packed-refs"), *out = NULL;
	struct buf b = BUF_INIT;

	buf_init(&b, GIT_MAX);
	if (buf_read_file(&b, path) == 0)
		out = ac_git_packed(b.ptr, b.len, name);
	free(path);
	buf_release(&b);
	return out;
}

int assess_git_commit(char **out, const char *path)
{
	char *git = ac_find_git(path), *gitdir = NULL, *common = NULL, *head = NULL, *line;
	struct stat st;

	*out = NULL;
	if (!git || stat(git, &st) < 0)
		goto done;
	if (S_ISDIR(st.st_mode))
		gitdir = xstrdup(git);
	else if ((line = first_line(git))) {
		/* a linked work tree: "gitdir: PATH", relative to the .git file's folder */
		if (!strncmp(line, "gitdir: ", 8)) {
			const char *g = line + 8;

			if (g[0] == '/')
				gitdir = xstrdup(g);
			else {
				char *slash = strrchr(git, '/');

				*slash = '\0';
				gitdir = ac_join(git, g);
				*slash = '/';
			}
		}
		free(line);
	}
	if (!gitdir)
		goto done;
	{
		char *cd = ac_join(gitdir, "commondir"), *c = first_line(cd);

		common = !c ? xstrdup(gitdir) : c[0] == '/' ? xstrdup(c) : ac_join(gitdir, c);
		free(c);
		free(cd);
	}
	head = ac_join(gitdir, "HEAD");
	line = first_line(head);
	for (int hop = 0; line && hop <= GIT_MAX_HOPS; hop++) {
		char *next = NULL, *f;

		if (ac_git_oid(line, strlen(line))) {
			*out = line;
			line = NULL;
			break;
		}
		if (strncmp(line, "ref: ", 5) || !safe_ref(line + 5))
			break;
		f = ac_join(common, line + 5);
		/* per-worktree refs (bisect, HEAD itself) are under gitdir, branches under common */
		if (!(next = first_line(f)))
			next = packed(common, line + 5);
		free(f);
		free(line);
		line = next;
	}
	free(line);
done:
	free(git);
	free(gitdir);
	free(common);
	free(head);
	return 0;
}
