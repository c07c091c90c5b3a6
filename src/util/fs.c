#include "util/compat.h"
#include "util/fs.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/err.h"

#include <fcntl.h>
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

int fs_write_atomic(const char *path, const void *data, size_t len, mode_t mode, unsigned flags)
{
	struct buf tmp = BUF_INIT, dir = BUF_INIT;
	const char *base = fs_basename(path);
	int fd = -1, ret = -1;

	if (buf_add(&dir, path, (size_t)(base - path)) < 0)
		goto done;
	if (!dir.len && buf_adds(&dir, ".") < 0)
		goto done;
	if (buf_addf(&tmp, "%s.tmp-XXXXXX", path) < 0)
		goto done;
	fd = mkstemp(tmp.ptr);
	if (fd < 0) {
		err_set_errno(ERR_IO, "cannot create a temporary file next to '%s'", path);
		goto done;
	}
	if (fchmod(fd, mode) < 0 || write_all(fd, data, len) < 0 || fsync(fd) < 0) {
		err_set_errno(ERR_IO, "cannot write '%s'", tmp.ptr);
		goto done;
	}
	if (close(fd) < 0) {
		fd = -1;
		err_set_errno(ERR_IO, "cannot write '%s'", tmp.ptr);
		goto done;
	}
	fd = -1;
	if (flags & FS_NO_CLOBBER) {
		/* link() fails if path exists: no window where it could be replaced. */
		if (link(tmp.ptr, path) < 0) {
			if (errno == EEXIST)
				err_set(ERR_EXISTS, "'%s' already exists", path);
			else
				err_set_errno(ERR_IO, "cannot create '%s'", path);
			goto done;
		}
		unlink(tmp.ptr);
	} else if (rename(tmp.ptr, path) < 0) {
		err_set_errno(ERR_IO, "cannot replace '%s'", path);
		goto done;
	}
	buf_reset(&tmp);
	if (fs_sync_dir(dir.ptr) < 0)
		goto done;
	ret = 0;
done:
	if (fd >= 0)
		close(fd);
	if (tmp.len)
		unlink(tmp.ptr);
	buf_release(&tmp);
	buf_release(&dir);
	return ret < 0 ? err_code() : 0;
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
