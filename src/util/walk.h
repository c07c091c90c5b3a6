/*
 * walk.h: a recursive folder walker for scanning untrusted trees.
 *
 * walk() visits root and everything below it in a fixed order (entries of a
 * folder sorted by byte value of their names), calling fn once per entry.
 *
 * Guarantees:
 * - A symbolic link is followed only when its target, fully resolved, lies
 *   inside root. A link that points out of root, a dangling link, a chain of
 *   links that loops and a link to a folder that contains it are reported as
 *   WALK_ERROR entries with a reason and not_followed set, never followed and
 *   never dropped.
 * - With in_root (for a root file system), links resolve as if root were "/":
 *   an absolute target names a place under root, ".." stops at root. Links
 *   are resolved by walk() itself, one component at a time; open e->target,
 *   never e->path, to read what a link names.
 * - A link to a file inside root is reported as that file (via_link set).
 *   A link to any other folder inside root is reported as WALK_LINK and not
 *   followed: that folder is walked under its own path, so every file is
 *   seen once. A folder reached twice otherwise (bind mounts) is walked once.
 * - Entries that cannot be read (permission denied, depth or count limit
 *   reached) are reported as WALK_ERROR entries with errno and reason. An
 *   entry listed in its folder and gone when looked at (a live tree changes)
 *   is WALK_ERROR with not_followed set: there was nothing left to read.
 * - FIFOs, sockets and devices are reported as WALK_OTHER and never opened.
 * - Folders that hold no files of installed software are not entered and are
 *   reported as WALK_ERROR with not_followed set: virtual file systems
 *   mounted anywhere (proc, sysfs, cgroup, debugfs...), and when root is the
 *   running system's "/", its /proc, /sys, /dev and /run; with
 *   one_file_system, every folder on another file system than root's.
 * - Entries whose path relative to root, or whose name, matches an exclude
 *   pattern (fnmatch(3), e.g. ".git" or "node_modules/.cache") are skipped
 *   without a callback.
 *
 * fn returns 0 to go on, WALK_SKIP on a folder to not descend into it, or a
 * negative error code to stop the walk; walk() then returns that code.
 * walk() itself returns 0, or a negative code when root cannot be walked.
 */
#ifndef VOUCH_WALK_H
#define VOUCH_WALK_H

#include "util/compat.h"

#include <sys/stat.h>

enum walk_kind {
	WALK_FILE,  /* a regular file (possibly reached through a link) */
	WALK_DIR,   /* a folder, reported before its content */
	WALK_OTHER, /* FIFO, socket, device: not opened */
	WALK_ERROR, /* could not be read or followed: see err and reason */
	WALK_LINK,  /* a link to a folder inside the tree: not followed, walked as itself */
};

struct walk_entry {
	enum walk_kind kind;
	const char *path;   /* root joined with rel: for messages */
	const char *target; /* what to open(): path, or for a followed link the
	                       root joined with the resolved target (no links) */
	const char *rel;    /* path relative to root, "" for root itself */
	const char *name;   /* last part of path */
	size_t depth;       /* 0 for root */
	bool via_link;      /* reached through a symbolic link */
	bool not_followed;  /* WALK_ERROR for a link walk() chose not to follow
	                      (outside, dangling, loop, folder already walked)
	                      or a folder it chose not to enter, or an entry
	                      removed after its folder was listed (see above):
	                      nothing failed to read */
	struct stat st;     /* of the target; zeroed for WALK_ERROR */
	int err;            /* errno for WALK_ERROR, 0 when not an OS error */
	const char
	        *reason; /* WALK_ERROR: what went wrong, e.g. "symlink points outside the tree" */
};

#define WALK_SKIP 1

typedef int (*walk_fn)(const struct walk_entry *e, void *payload);

struct walk_opts {
	const char *const *exclude; /* patterns, may be NULL */
	size_t nexclude;
	size_t max_depth;     /* 0 means WALK_DEFAULT_MAX_DEPTH */
	size_t max_entries;   /* 0 means WALK_DEFAULT_MAX_ENTRIES */
	bool in_root;         /* root is a root file system: resolve links inside it */
	bool one_file_system; /* folders on another file system than root's are not entered */
};

#define WALK_DEFAULT_MAX_DEPTH   256
#define WALK_DEFAULT_MAX_ENTRIES 10000000

int walk(const char *root, const struct walk_opts *opts, walk_fn fn, void *payload);

#endif
