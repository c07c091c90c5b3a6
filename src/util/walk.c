#include "util/compat.h"
#include "util/walk.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/fs.h"

#include <dirent.h>
#include <fnmatch.h>
#include <unistd.h>

struct dev_ino {
	dev_t dev;
	ino_t ino;
};

struct walker {
	const struct walk_opts *opts;
	walk_fn fn;
	void *payload;
	char *real_root; /* realpath of root, for the inside-the-tree test */
	size_t real_root_len;
	size_t root_len; /* length of the root prefix in path buffers */
	size_t rel_off;  /* where the relative part starts in path buffers */
	size_t entries;
	size_t max_depth, max_entries;
	/* folders entered so far (sorted array for binary search) */
	struct dev_ino *seen;
	size_t nseen, aseen;
};

static int dev_ino_cmp(const struct dev_ino *a, const struct dev_ino *b)
{
	if (a->dev != b->dev)
		return a->dev < b->dev ? -1 : 1;
	if (a->ino != b->ino)
		return a->ino < b->ino ? -1 : 1;
	return 0;
}

/* Records a folder; false when it was already there. */
static bool seen_add(struct walker *w, dev_t dev, ino_t ino)
{
	struct dev_ino k = { dev, ino };
	size_t lo = 0, hi = w->nseen;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = dev_ino_cmp(&w->seen[mid], &k);

		if (c == 0)
			return false;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	ALLOC_GROW(w->seen, w->nseen + 1, w->aseen);
	memmove(w->seen + lo + 1, w->seen + lo, (w->nseen - lo) * sizeof(*w->seen));
	w->seen[lo] = k;
	w->nseen++;
	return true;
}

static bool excluded(const struct walker *w, const char *rel, const char *name)
{
	for (size_t i = 0; i < w->opts->nexclude; i++) {
		const char *pat = w->opts->exclude[i];

		if (!fnmatch(pat, name, 0) || !fnmatch(pat, rel, FNM_PATHNAME))
			return true;
	}
	return false;
}

static int report_error(struct walker *w, struct walk_entry *e, int errnum, const char *reason)
{
	e->kind = WALK_ERROR;
	e->err = errnum;
	e->reason = reason;
	memset(&e->st, 0, sizeof(e->st));
	return w->fn(e, w->payload);
}

static int name_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int walk_dir(struct walker *w, struct buf *path, size_t depth);

/* Whether the folder real (length rl) contains the link at path. */
static bool is_ancestor(struct walker *w, const char *real, size_t rl, const struct buf *path)
{
	char *parent;
	const char *slash = strrchr(path->ptr, '/');
	bool r = false;

	if (!slash)
		return false;
	parent = xmemdupz(path->ptr, (size_t)(slash - path->ptr));
	{
		char *rp = realpath(parent, NULL);

		if (rp) {
			r = !strncmp(rp, real, rl) &&
			    (rp[rl] == '/' || rp[rl] == '\0' || (rl == 1 && real[0] == '/'));
			free(rp);
		}
	}
	free(parent);
	return r;
}

/* Visits the entry whose full path is in path (relative part after root_len). */
static int visit(struct walker *w, struct buf *path, const char *name, size_t depth)
{
	struct walk_entry e = { 0 };
	struct stat lst;
	int r;

	e.path = path->ptr;
	e.rel = path->len > w->root_len ? path->ptr + w->rel_off : "";
	e.name = name;
	e.depth = depth;

	if (++w->entries > w->max_entries)
		return report_error(w, &e, 0, "too many entries: walk stopped at the limit");
	if (lstat(path->ptr, &lst) < 0)
		return report_error(w, &e, errno, "cannot stat");
	e.st = lst;
	if (S_ISLNK(lst.st_mode)) {
		char *real = realpath(path->ptr, NULL);
		bool inside;

		e.via_link = true;
		if (!real)
			return report_error(w, &e, errno == ENOENT ? 0 : errno,
			                    errno == ENOENT  ? "dangling symbolic link"
			                    : errno == ELOOP ? "symbolic link loop"
			                                     : "cannot resolve symbolic link");
		inside = !strncmp(real, w->real_root, w->real_root_len) &&
		         (real[w->real_root_len] == '/' || real[w->real_root_len] == '\0' ||
		          (w->real_root_len == 1 && w->real_root[0] == '/'));
		if (!inside) {
			free(real);
			return report_error(
			        w, &e, 0,
			        "symbolic link points outside the scanned tree: not followed");
		}
		r = stat(real, &e.st);
		if (r < 0) {
			free(real);
			return report_error(w, &e, errno, "cannot stat link target");
		}
		if (S_ISDIR(e.st.st_mode) && depth > 0) {
			/*
			 * The target is inside the tree, so it is walked under its own
			 * path; following the link too would report files twice, and
			 * a link to a folder above it would loop.
			 */
			size_t rl = strlen(real);
			bool ancestor = is_ancestor(w, real, rl, path);

			free(real);
			if (ancestor)
				return report_error(w, &e, 0,
				                    "symbolic link loop: points to a folder "
				                    "that contains it");
			e.kind = WALK_LINK;
			return w->fn(&e, w->payload);
		}
		free(real);
	}

	if (S_ISREG(e.st.st_mode)) {
		e.kind = WALK_FILE;
		return w->fn(&e, w->payload);
	}
	if (!S_ISDIR(e.st.st_mode)) {
		e.kind = WALK_OTHER;
		return w->fn(&e, w->payload);
	}
	if (!seen_add(w, e.st.st_dev, e.st.st_ino)) {
		if (e.via_link)
			return report_error(
			        w, &e, 0, "symbolic link to a folder already walked: not followed");
		return 0;
	}
	if (depth >= w->max_depth)
		return report_error(w, &e, 0, "folder nesting deeper than the limit: not walked");
	e.kind = WALK_DIR;
	r = w->fn(&e, w->payload);
	if (r == WALK_SKIP)
		return 0;
	if (r < 0)
		return r;
	return walk_dir(w, path, depth);
}

static int walk_dir(struct walker *w, struct buf *path, size_t depth)
{
	DIR *d;
	struct dirent *de;
	char **names = NULL;
	size_t nnames = 0, anames = 0;
	int ret = 0;

	d = opendir(path->ptr);
	if (!d) {
		struct walk_entry e = { 0 };

		e.path = path->ptr;
		e.rel = path->len > w->root_len ? path->ptr + w->rel_off : "";
		e.name = strrchr(path->ptr, '/') ? strrchr(path->ptr, '/') + 1 : path->ptr;
		e.depth = depth;
		return report_error(w, &e, errno, "cannot open folder");
	}
	errno = 0;
	while ((de = readdir(d)) != NULL) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		ALLOC_GROW(names, nnames + 1, anames);
		names[nnames++] = xstrdup(de->d_name);
	}
	closedir(d);
	QSORT(names, nnames, name_cmp);

	for (size_t i = 0; i < nnames; i++) {
		size_t keep = path->len;
		const char *rel;

		if (ret < 0)
			break;
		if ((path->len && path->ptr[path->len - 1] != '/' && buf_addch(path, '/') < 0) ||
		    buf_adds(path, names[i]) < 0) {
			ret = err_code();
			break;
		}
		rel = path->ptr + w->rel_off;
		if (!excluded(w, rel, names[i]))
			ret = visit(w, path, names[i], depth + 1);
		buf_truncate(path, keep);
	}
	for (size_t i = 0; i < nnames; i++)
		free(names[i]);
	free(names);
	return ret;
}

int walk(const char *root, const struct walk_opts *opts, walk_fn fn, void *payload)
{
	static const struct walk_opts none;
	struct walker w = { 0 };
	struct buf path = BUF_INIT_MAX(PATH_MAX * 4);
	int ret;

	w.opts = opts ? opts : &none;
	w.fn = fn;
	w.payload = payload;
	w.max_depth = w.opts->max_depth ? w.opts->max_depth : WALK_DEFAULT_MAX_DEPTH;
	w.max_entries = w.opts->max_entries ? w.opts->max_entries : WALK_DEFAULT_MAX_ENTRIES;
	w.real_root = realpath(root, NULL);
	if (!w.real_root)
		return err_set_errno(ERR_IO, "cannot open '%s'", root);
	w.real_root_len = strlen(w.real_root);
	ret = buf_adds(&path, root);
	/* "dir/" and "dir" name the same root; keep a lone "/" as it is. */
	while (ret == 0 && path.len > 1 && path.ptr[path.len - 1] == '/')
		buf_truncate(&path, path.len - 1);
	w.root_len = path.len;
	w.rel_off = path.len == 1 && path.ptr[0] == '/' ? 1 : path.len + 1;
	if (ret == 0)
		ret = visit(&w, &path, fs_basename(path.ptr), 0);
	buf_release(&path);
	free(w.real_root);
	free(w.seen);
	return ret;
}
