#include "util/compat.h"
#include "util/fs.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/err.h"

#include <fcntl.h>
#include <sys/vfs.h>
#include <unistd.h>

const char *fs_basename(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

bool fs_exists(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0;
}

int fs_open_regular(const char *path)
{
	struct stat st;
	int fd, fl;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return err_set_errno(ERR_IO, "cannot open '%s'", path);
	if (fstat(fd, &st) < 0) {
		close(fd);
		return err_set_errno(ERR_IO, "cannot read '%s'", path);
	}
	if (S_ISDIR(st.st_mode)) {
		close(fd);
		return err_set(ERR_IO, "cannot read '%s': it is a folder", path);
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		return err_set(ERR_UNSUPPORTED, "'%s' is not a regular file", path);
	}
	fl = fcntl(fd, F_GETFL);
	if (fl >= 0)
		(void)fcntl(fd, F_SETFL, fl & ~O_NONBLOCK);
	return fd;
}

int fs_sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return err_set_errno(ERR_IO, "cannot open folder '%s'", dir);
	if (fsync(fd) < 0 && errno != EINVAL) {
		close(fd);
		return err_set_errno(ERR_IO, "cannot sync folder '%s'", dir);
	}
	close(fd);
	return 0;
}

static int write_all(int fd, const void *data, size_t len)
{
	const char *p = data;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

int fs_final_name(struct buf *out, struct stat *st, const char *path)
{
	char target[PATH_MAX];

	buf_reset(out);
	if (buf_adds(out, path) < 0)
		return err_code();
	for (int hops = 0;; hops++) {
		const char *base;
		ssize_t n;

		if (lstat(out->ptr, st) < 0) {
			if (errno != ENOENT)
				return err_set_errno(ERR_IO, "cannot write '%s'", path);
			memset(st, 0, sizeof(*st));
			return 0;
		}
		if (!S_ISLNK(st->st_mode))
			return 0;
		if (hops == 40)
			return err_set(ERR_IO,
			               "cannot write '%s': too many levels of symbolic links",
			               path);
		n = readlink(out->ptr, target, sizeof(target) - 1);
		if (n < 0)
			return err_set_errno(ERR_IO, "cannot write '%s'", path);
		target[n] = '\0';
		/* a relative target is relative to the link's folder */
		base = fs_basename(out->ptr);
		if (target[0] == '/')
			buf_reset(out);
		else
			buf_truncate(out, (size_t)(base - out->ptr));
		if (buf_adds(out, target) < 0)
			return err_code();
	}
}

bool fs_is_stream(const struct stat *st)
{
	return S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode) || S_ISFIFO(st->st_mode);
}

bool fs_would_clobber(const char *path)
{
	struct buf name = BUF_INIT;
	struct stat st;
	bool r;

	r = fs_final_name(&name, &st, path) < 0 || (st.st_mode && !fs_is_stream(&st));
	err_clear();
	buf_release(&name);
	return r;
}

/*
 * ext4 allocates the blocks of what is written only when it writes it out
 * (delayed allocation), and a rename over an existing file makes it do that
 * for the whole new file at once, in the rename (its auto_da_alloc): 2 to 3
 * ms for a document of a few MiB on the CI virtual machines. Blocks
 * allocated ahead (fallocate, not changing the size) are not delayed, so
 * the rename has nothing to do. Only on ext4, where that is the cost;
 * elsewhere (tmpfs would fill the allocation with zeroed pages) nothing is
 * reserved, and a failure only stops reserving.
 */
#define FS_EXT4_MAGIC       0xEF53
#define FS_RESERVE_FIRST    ((uint64_t)1 << 20)
#define FS_RESERVE_MAX_STEP ((uint64_t)64 << 20)

static void reserve_ahead(struct fs_atomic *a)
{
	struct statfs sf;

	if (fstatfs(a->fd, &sf) == 0 && sf.f_type == FS_EXT4_MAGIC &&
	    fallocate(a->fd, FALLOC_FL_KEEP_SIZE, 0, (off_t)FS_RESERVE_FIRST) == 0)
		a->reserved = FS_RESERVE_FIRST;
}

/* Past the reservation: reserve as much again (at most FS_RESERVE_MAX_STEP) beyond. */
static void reserve_more(struct fs_atomic *a)
{
	uint64_t step = a->reserved < FS_RESERVE_MAX_STEP ? a->reserved : FS_RESERVE_MAX_STEP;

	if (fallocate(a->fd, FALLOC_FL_KEEP_SIZE, (off_t)a->reserved,
	              (off_t)(a->written + step - a->reserved)) == 0)
		a->reserved = a->written + step;
	else
		a->reserved = 0;
}

int fs_atomic_open(struct fs_atomic *a, const char *path, mode_t mode, unsigned flags)
{
	struct stat st;

	a->path = path;
	a->flags = flags;
	/* a link is written through: its target is what gets replaced */
	if (fs_final_name(&a->name, &st, path) < 0)
		return err_code();
	if (fs_is_stream(&st)) {
		/* a device or FIFO is written as it is, as cat or tee would: nothing is replaced */
		a->stream = true;
		a->fd = open(a->name.ptr, O_WRONLY | O_CLOEXEC | O_NOCTTY);
		if (a->fd < 0)
			return err_set_errno(ERR_IO, "cannot open '%s'", path);
		return 0;
	}
	if (st.st_mode && !S_ISREG(st.st_mode))
		return err_set(S_ISDIR(st.st_mode) ? ERR_IO : ERR_UNSUPPORTED,
		               S_ISDIR(st.st_mode)
		                       ? "cannot write '%s': it is a folder"
		                       : "cannot write '%s': not a regular file, device or FIFO",
		               path);
	if ((flags & FS_NO_CLOBBER) && st.st_mode)
		return err_set(ERR_EXISTS, "'%s' already exists", path);
	if (buf_addf(&a->tmp, "%s.tmp-XXXXXX", a->name.ptr) < 0)
		return err_code();
	a->fd = mkstemp(a->tmp.ptr);
	if (a->fd < 0) {
		buf_reset(&a->tmp);
		return err_set_errno(ERR_IO, "cannot create a temporary file next to '%s'",
		                     a->name.ptr);
	}
	if (fchmod(a->fd, mode) < 0)
		return err_set_errno(ERR_IO, "cannot write '%s'", a->tmp.ptr);
	if (flags & FS_NO_SYNC)
		reserve_ahead(a);
	return 0;
}

#define FS_ATOMIC_SYNC_EVERY ((uint64_t)1 << 20)

int fs_atomic_write(struct fs_atomic *a, const void *data, size_t len)
{
	if (a->fd < 0)
		BUG("fs_atomic_write on a file not open");
	if (write_all(a->fd, data, len) < 0)
		return err_set_errno(ERR_IO, "cannot write '%s'", a->stream ? a->path : a->tmp.ptr);
	a->written += len;
	if (a->reserved && a->written > a->reserved)
		reserve_more(a);
	if (!a->stream && !(a->flags & FS_NO_SYNC) &&
	    a->written - a->synced >= FS_ATOMIC_SYNC_EVERY) {
		/* start writing it out now: the fsync at the commit then has less to wait for */
		(void)sync_file_range(a->fd, (off64_t)a->synced, (off64_t)(a->written - a->synced),
		                      SYNC_FILE_RANGE_WRITE);
		a->synced = a->written;
	}
	return 0;
}

int fs_atomic_pwrite(struct fs_atomic *a, const void *data, size_t len, uint64_t off)
{
	const char *p = data;

	if (a->fd < 0 || a->stream)
		return err_set(ERR_UNSUPPORTED, "cannot rewrite part of '%s'", a->path);
	while (len) {
		ssize_t n = pwrite(a->fd, p, len, (off_t)off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return err_set_errno(ERR_IO, "cannot write '%s'", a->tmp.ptr);
		p += n;
		len -= (size_t)n;
		off += (uint64_t)n;
	}
	return 0;
}

int fs_atomic_commit(struct fs_atomic *a)
{
	struct buf dir = BUF_INIT;
	const char *base;
	int fd = a->fd, ret = -1;

	a->fd = -1;
	if (a->stream) {
		if (close(fd) < 0)
			return err_set_errno(ERR_IO, "cannot write '%s'", a->path);
		return 0;
	}
	/* the blocks reserved past the end are given back */
	if (a->reserved > a->written && ftruncate(fd, (off_t)a->written) < 0) {
		close(fd);
		return err_set_errno(ERR_IO, "cannot write '%s'", a->tmp.ptr);
	}
	if (!(a->flags & FS_NO_SYNC) && fsync(fd) < 0) {
		close(fd);
		return err_set_errno(ERR_IO, "cannot write '%s'", a->tmp.ptr);
	}
	if (close(fd) < 0)
		return err_set_errno(ERR_IO, "cannot write '%s'", a->tmp.ptr);
	if (a->flags & FS_NO_CLOBBER) {
		/* link() fails if the name exists: no window where it could be replaced. */
		if (link(a->tmp.ptr, a->name.ptr) < 0) {
			if (errno == EEXIST)
				return err_set(ERR_EXISTS, "'%s' already exists", a->path);
			return err_set_errno(ERR_IO, "cannot create '%s'", a->path);
		}
		unlink(a->tmp.ptr);
	} else if (rename(a->tmp.ptr, a->name.ptr) < 0) {
		return err_set_errno(ERR_IO, "cannot replace '%s'", a->path);
	}
	buf_reset(&a->tmp);
	if (a->flags & FS_NO_SYNC)
		return 0;
	base = fs_basename(a->name.ptr);
	if (buf_add(&dir, a->name.ptr, (size_t)(base - a->name.ptr)) < 0)
		goto done;
	if (!dir.len && buf_adds(&dir, ".") < 0)
		goto done;
	ret = fs_sync_dir(dir.ptr);
done:
	buf_release(&dir);
	return ret < 0 ? err_code() : 0;
}

void fs_atomic_abort(struct fs_atomic *a)
{
	if (a->fd >= 0)
		close(a->fd);
	a->fd = -1;
	if (a->tmp.len)
		unlink(a->tmp.ptr);
	buf_release(&a->tmp);
	buf_release(&a->name);
}

int fs_write_atomic(const char *path, const void *data, size_t len, mode_t mode, unsigned flags)
{
	struct fs_atomic a = FS_ATOMIC_INIT;
	int r;

	r = fs_atomic_open(&a, path, mode, flags);
	if (r == 0)
		r = fs_atomic_write(&a, data, len);
	if (r == 0)
		r = fs_atomic_commit(&a);
	fs_atomic_abort(&a);
	return r;
}

int fs_mkdirs(const char *path, mode_t mode)
{
	char *p;
	int ret = 0;

	if (!*path)
		return err_set(ERR_USAGE, "empty folder name");
	p = xstrdup(path);

	for (char *s = p + 1;; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char c = *s;

		*s = '\0';
		if (mkdir(p, mode) < 0 && errno != EEXIST) {
			ret = err_set_errno(ERR_IO, "cannot create folder '%s'", p);
			break;
		}
		*s = c;
		if (!c)
			break;
	}
	free(p);
	return ret;
}
