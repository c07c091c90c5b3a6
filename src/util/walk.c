#include "util/compat.h"
#include "util/walk.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/fs.h"

#include <dirent.h>
#include <sys/vfs.h>
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
	char *root;      /* as given, without trailing '/' */
	char *real_root; /* realpath of root, for the inside-the-tree test */
	size_t real_root_len;
	size_t root_len; /* length of the root prefix in path buffers */
	size_t rel_off;  /* where the relative part starts in path buffers */
	size_t entries;
	struct buf target, target_path; /* of the link being visited */
	size_t max_depth, max_entries;
	dev_t root_dev;
	bool live_root; /* root is this machine's "/" */
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

/* Whether the folder at rel (relative to root, "" for root) contains the link at link_rel. */
static bool contains(const char *rel, const char *link_rel)
{
	size_t n = strlen(rel);

	return !n || (!strncmp(link_rel, rel, n) && link_rel[n] == '/');
}

/* out = root joined with rel. */
static int join_root(struct walker *w, struct buf *out, const char *rel)
{
	buf_reset(out);
	if (buf_add(out, w->root, strlen(w->root)) < 0)
		return err_code();
	if (*rel && out->len && out->ptr[out->len - 1] != '/' && buf_addch(out, '/') < 0)
		return err_code();
	return buf_adds(out, rel);
}

enum resolve_result {
	RESOLVED,
	RESOLVE_OUTSIDE,
	RESOLVE_DANGLING,
	RESOLVE_LOOP,
	RESOLVE_ERRNO, /* errno says why */
};

#define MAX_LINK_HOPS 40 /* as the kernel's limit */

/*
 * Resolves the link at rel (relative to root) one component at a time, like
 * the kernel would if root were "/": out gets the target relative to root,
 * made of real folders only. With in_root, an absolute target and ".." at the
 * top stay inside root (a root file system's "/usr/x" is root's own usr/x);
 * otherwise they are outside unless an absolute target names a place under
 * the real root.
 */
static enum resolve_result resolve(struct walker *w, const char *rel, struct buf *out)
{
	struct buf todo = BUF_INIT, path = BUF_INIT, tmp = BUF_INIT;
	enum resolve_result r = RESOLVED;
	size_t hops = 0;

	buf_reset(out);
	buf_adds(&todo, rel);
	while (todo.len) {
		size_t n = strcspn(todo.ptr, "/"), keep = out->len;
		char *comp = xmemdupz(todo.ptr, n);
		struct stat st;

		/* drop the component (and its '/') from todo */
		if (todo.ptr[n] == '/')
			n++;
		memmove(todo.ptr, todo.ptr + n, todo.len - n + 1);
		todo.len -= n;
		if (!*comp || !strcmp(comp, ".")) {
			free(comp);
			continue;
		}
		if (!strcmp(comp, "..")) {
			char *slash;

			free(comp);
			if (!out->len) {
				if (w->opts->in_root)
					continue;
				r = RESOLVE_OUTSIDE;
				break;
			}
			slash = strrchr(out->ptr, '/');
			buf_truncate(out, slash ? (size_t)(slash - out->ptr) : 0);
			continue;
		}
		if (out->len)
			buf_addch(out, '/');
		buf_adds(out, comp);
		free(comp);
		if (join_root(w, &path, out->ptr) < 0) {
			r = RESOLVE_ERRNO;
			errno = ENAMETOOLONG;
			break;
		}
		if (lstat(path.ptr, &st) < 0) {
			r = errno == ENOENT || errno == ENOTDIR ? RESOLVE_DANGLING : RESOLVE_ERRNO;
			break;
		}
		if (!S_ISLNK(st.st_mode)) {
			if (todo.len && !S_ISDIR(st.st_mode)) {
				r = RESOLVE_DANGLING;
				break;
			}
			continue;
		}
		if (++hops > MAX_LINK_HOPS) {
			r = RESOLVE_LOOP;
			break;
		}
		buf_reset(&tmp);
		{
			char target[PATH_MAX];
			ssize_t got = readlink(path.ptr, target, sizeof(target) - 1);

			if (got < 0) {
				r = RESOLVE_ERRNO;
				break;
			}
			target[got] = '\0';
			buf_truncate(out, keep);
			if (target[0] == '/') {
				const char *in = target;

				if (!w->opts->in_root) {
					/* an absolute name for a place under the real root */
					if (strncmp(target, w->real_root, w->real_root_len) ||
					    (target[w->real_root_len] != '/' &&
					     target[w->real_root_len] != '\0' &&
					     strcmp(w->real_root, "/"))) {
						r = RESOLVE_OUTSIDE;
						break;
					}
					in = target + w->real_root_len;
				}
				buf_reset(out);
				buf_adds(&tmp, in);
			} else {
				buf_adds(&tmp, target);
			}
		}
		if (todo.len) {
			buf_addch(&tmp, '/');
			buf_adds(&tmp, todo.ptr);
		}
		buf_reset(&todo);
		buf_adds(&todo, tmp.ptr);
	}
	buf_release(&todo);
	buf_release(&path);
	buf_release(&tmp);
	return r;
}

/*
 * Outside in_root mode, a link may leave the tree and come back ("../root/x"):
 * realpath() settles it; out gets the target relative to the real root.
 */
static enum resolve_result resolve_by_realpath(struct walker *w, const char *path, struct buf *out)
{
	char *real = realpath(path, NULL);
	enum resolve_result r = RESOLVE_OUTSIDE;
	size_t rl = w->real_root_len;

	if (!real)
		return errno == ENOENT || errno == ENOTDIR ? RESOLVE_DANGLING
		       : errno == ELOOP                    ? RESOLVE_LOOP
		                                           : RESOLVE_ERRNO;
	if (!strcmp(w->real_root, "/")) {
		buf_reset(out);
		buf_adds(out, real + 1);
		r = RESOLVED;
	} else if (!strncmp(real, w->real_root, rl) && (real[rl] == '/' || real[rl] == '\0')) {
		buf_reset(out);
		buf_adds(out, real + rl + (real[rl] == '/'));
		r = RESOLVED;
	}
	free(real);
	return r;
}

/*
 * Why the folder at path (not root, on device st_dev) is not entered, or
 * NULL. Virtual file systems are told by their statfs magic (linux/magic.h),
 * asked only of mount points (another device than root's).
 */
static const char *not_entered(struct walker *w, const char *path, const char *rel, size_t depth,
                               dev_t dev)
{
	static const struct {
		unsigned long magic;
		const char *name;
	} virt[] = {
		{ 0x9fa0, "proc" },
		{ 0x62656572, "sysfs" },
		{ 0x1cd1, "devpts" },
		{ 0x27e0eb, "cgroup" },
		{ 0x63677270, "cgroup2" },
		{ 0x64626720, "debugfs" },
		{ 0x74726163, "tracefs" },
		{ 0x73636673, "securityfs" },
		{ 0x6165676c, "pstore" },
		{ 0xcafe4a11, "bpf" },
		{ 0x62656570, "configfs" },
		{ 0xde5e81e4, "efivarfs" },
		{ 0x19800202, "mqueue" },
		{ 0x65735543, "fusectl" },
		{ 0x42494e4d, "binfmt_misc" },
		{ 0x958458f6, "hugetlbfs" },
	};
	static const char *const live[] = { "proc", "sys", "dev", "run" };
	struct statfs sf;

	if (w->live_root && depth == 1)
		for (size_t i = 0; i < ARRAY_SIZE(live); i++)
			if (!strcmp(rel, live[i]))
				return "the running system's state, not installed software: not "
				       "walked";
	if (dev == w->root_dev)
		return NULL;
	if (w->opts->one_file_system)
		return "on another file system: not walked (--one-file-system)";
	if (statfs(path, &sf) == 0)
		for (size_t i = 0; i < ARRAY_SIZE(virt); i++)
			if ((unsigned long)sf.f_type == virt[i].magic)
				return "a virtual file system: not walked";
	return NULL;
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
	e.target = path->ptr;
	e.depth = depth;

	if (++w->entries > w->max_entries)
		return report_error(w, &e, 0, "too many entries: walk stopped at the limit");
	if (lstat(path->ptr, &lst) < 0) {
		/* listed, then gone: a live tree changes while it is walked */
		e.not_followed = errno == ENOENT && depth > 0;
		return report_error(w, &e, e.not_followed ? 0 : errno,
		                    e.not_followed ? "removed while the folder was walked"
		                                   : "cannot stat");
	}
	e.st = lst;
	if (S_ISLNK(lst.st_mode) && depth > 0) {
		enum resolve_result rr;

		e.via_link = true;
		rr = resolve(w, e.rel, &w->target);
		if (rr == RESOLVE_OUTSIDE && !w->opts->in_root)
			rr = resolve_by_realpath(w, path->ptr, &w->target);
		if (rr != RESOLVED) {
			int errnum = errno;

			e.not_followed = rr != RESOLVE_ERRNO;
			return report_error(w, &e, rr == RESOLVE_ERRNO ? errnum : 0,
			                    rr == RESOLVE_OUTSIDE ? "symbolic link points outside "
			                                            "the scanned tree: not followed"
			                    : rr == RESOLVE_DANGLING ? "dangling symbolic link"
			                    : rr == RESOLVE_LOOP     ? "symbolic link loop"
			                                         : "cannot resolve symbolic link");
		}
		if (join_root(w, &w->target_path, w->target.ptr) < 0)
			return err_code();
		e.target = w->target_path.ptr;
		if (stat(e.target, &e.st) < 0)
			return report_error(w, &e, errno, "cannot stat link target");
		if (S_ISDIR(e.st.st_mode)) {
			/*
			 * The target is inside the tree, so it is walked under its own
			 * path; following the link too would report files twice, and
			 * a link to a folder above it would loop.
			 */
			e.not_followed = true;
			if (contains(w->target.ptr, e.rel))
				return report_error(w, &e, 0,
				                    "symbolic link loop: points to a folder "
				                    "that contains it");
			e.not_followed = false;
			e.kind = WALK_LINK;
			return w->fn(&e, w->payload);
		}
	} else if (S_ISLNK(lst.st_mode) && stat(path->ptr, &e.st) < 0) {
		return report_error(w, &e, errno, "cannot stat");
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
		if (e.via_link) {
			e.not_followed = true;
			return report_error(
			        w, &e, 0, "symbolic link to a folder already walked: not followed");
		}
		return 0;
	}
	if (depth >= w->max_depth)
		return report_error(w, &e, 0, "folder nesting deeper than the limit: not walked");
	if (depth > 0) {
		const char *why = not_entered(w, e.target, e.rel, depth, e.st.st_dev);

		if (why) {
			e.not_followed = true;
			return report_error(w, &e, 0, why);
		}
	}
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
	w.live_root = !strcmp(w.real_root, "/");
	{
		struct stat rs;

		if (stat(w.real_root, &rs) == 0)
			w.root_dev = rs.st_dev;
	}
	ret = buf_adds(&path, root);
	/* "dir/" and "dir" name the same root; keep a lone "/" as it is. */
	while (ret == 0 && path.len > 1 && path.ptr[path.len - 1] == '/')
		buf_truncate(&path, path.len - 1);
	w.root_len = path.len;
	w.root = xmemdupz(path.ptr, path.len);
	buf_init(&w.target, PATH_MAX * 4);
	buf_init(&w.target_path, PATH_MAX * 4);
	w.rel_off = path.len == 1 && path.ptr[0] == '/' ? 1 : path.len + 1;
	if (ret == 0)
		ret = visit(&w, &path, fs_basename(path.ptr), 0);
	buf_release(&path);
	buf_release(&w.target);
	buf_release(&w.target_path);
	free(w.root);
	free(w.real_root);
	free(w.seen);
	return ret;
}
