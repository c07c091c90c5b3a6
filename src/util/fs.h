/*
 * fs.h: small file-system helpers.
 */
#ifndef VOUCH_FS_H
#define VOUCH_FS_H

#include "util/compat.h"
#include "util/buf.h"

#include <sys/stat.h>

/*
 * Writes data to path as every Unix tool would, without replacing what is
 * not a file:
 * - a regular file or a new name: atomically, a temporary file in the same
 *   folder, fsync, rename over it, fsync of the folder. mode is the new
 *   file's mode (e.g. 0644, or 0600 for secrets);
 * - a symbolic link (or a chain of them, dangling or not): written through,
 *   the same way, at its target's place; the link stays;
 * - a character or block device or a FIFO: opened O_WRONLY (no O_CREAT, no
 *   O_TRUNC) and written (a FIFO waits for its reader, as with cat);
 * - a folder or a socket: an error naming path.
 * With FS_NO_CLOBBER an existing file (after links) is left alone and
 * ERR_EXISTS returned; a device or FIFO is still written.
 * With FS_NO_SYNC neither the file nor the folder is synced: the replacement
 * is still atomic (a reader, or a run that stops, sees the old file or the
 * whole new one), but a crash of the system may lose it. For documents made
 * from their inputs, that running the command again makes again (an SBOM, a
 * scan report), as compilers write theirs: the syncs were a third of the
 * time of `vouch sbom` on a large lockfile (bench/sbom/README.md). Keys,
 * logs, databases and what a person wrote are never written with it. On
 * ext4 the file's blocks are then allocated ahead as it grows (fallocate,
 * the excess given back at the commit), so that the rename over an old
 * file does not have to allocate them all (see reserve_ahead() in fs.c).
 */
enum fs_flags {
	FS_NO_CLOBBER = 1 << 0,
	FS_NO_SYNC = 1 << 1,
};
int fs_write_atomic(const char *path, const void *data, size_t len, mode_t mode, unsigned flags);

/*
 * The same written piece by piece, for output too large to hold whole:
 *
 *     struct fs_atomic a = FS_ATOMIC_INIT;
 *     if (fs_atomic_open(&a, path, 0644, 0) < 0 || fs_atomic_write(&a, p, n) < 0 ||
 *         fs_atomic_commit(&a) < 0)
 *             ...;                        // err_msg() says why
 *     fs_atomic_abort(&a);                // always: removes an uncommitted temporary file
 *
 * fs_atomic_open() resolves path as fs_write_atomic() does. A regular file or
 * a new name gets a temporary file beside it (a.stream false), which
 * fs_atomic_pwrite() may patch and fs_atomic_commit() syncs and renames over
 * the final name (with FS_NO_CLOBBER links it, refusing an existing name).
 * A device or FIFO (a.stream true) is opened and written directly; nothing is
 * replaced and pwrite is refused. Until fs_atomic_commit() nothing at path
 * has changed (but for a device or FIFO), and fs_atomic_abort() removes the
 * temporary file; after it, fs_atomic_abort() only releases memory.
 */
struct fs_atomic {
	int fd;
	bool stream;      /* writing a device or FIFO directly */
	const char *path; /* as given, for messages */
	struct buf tmp;   /* the temporary file (empty once committed or for a stream) */
	struct buf name;  /* the final name (links followed) */
	unsigned flags;
	uint64_t written;  /* bytes written by fs_atomic_write() */
	uint64_t synced;   /* of which written out early (sync_file_range) */
	uint64_t reserved; /* FS_NO_SYNC on ext4: bytes allocated ahead (fallocate), 0 when not */
};
#define FS_ATOMIC_INIT                                                                             \
	{                                                                                          \
		-1, false, NULL, BUF_INIT, BUF_INIT, 0, 0, 0, 0                                    \
	}
int fs_atomic_open(struct fs_atomic *a, const char *path, mode_t mode, unsigned flags);
int fs_atomic_write(struct fs_atomic *a, const void *data, size_t len);
/* Overwrites len bytes at off of what was written (a regular file only). */
int fs_atomic_pwrite(struct fs_atomic *a, const void *data, size_t len, uint64_t off);
int fs_atomic_commit(struct fs_atomic *a);
void fs_atomic_abort(struct fs_atomic *a);

/*
 * Follows the symbolic links at path (at most 40, as the kernel) to the name
 * that is finally written: out gets it, *st its lstat (st_mode 0 when it does
 * not exist yet, as the target of a dangling link or a new path). Code that
 * replaces a file by renaming over it renames over this name, so a link
 * stays a link.
 */
int fs_final_name(struct buf *out, struct stat *st, const char *path);

/* Whether st is of a character or block device or a FIFO. */
bool fs_is_stream(const struct stat *st);

/*
 * Whether fs_write_atomic(path, ...) with FS_NO_CLOBBER would refuse: path,
 * after its links, names something that exists and is not a device or FIFO
 * (or cannot be looked at).
 */
bool fs_would_clobber(const char *path);

/*
 * Opens path for reading without ever blocking: O_NONBLOCK at open (a FIFO or
 * a device cannot hang the caller), then fstat on the descriptor (no window
 * between a check and the open) and refusal of anything but a regular file:
 * ERR_IO for a folder or a failed open, ERR_UNSUPPORTED for a FIFO, socket or
 * device, each with a message naming path. O_NONBLOCK is cleared again before
 * returning. Returns the descriptor (the caller closes it) or a negative code.
 * Use it for every open of a path that comes from input.
 */
int fs_open_regular(const char *path);

/* Creates path and its missing parents with mode (like mkdir -p). */
int fs_mkdirs(const char *path, mode_t mode);

/* True when path exists (lstat), of any kind. */
bool fs_exists(const char *path);

/* The part after the last '/', without copying. */
const char *fs_basename(const char *path);

/* fsync of a folder, so a rename or create in it is durable. */
int fs_sync_dir(const char *dir);

#endif
