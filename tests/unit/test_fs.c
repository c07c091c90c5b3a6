#include "util/compat.h"
#include "harness.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/fs.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

/* tmpdir/name, in a buffer the caller releases. */
static void at(struct buf *b, const char *name)
{
	buf_reset(b);
	buf_addf(b, "%s/%s", harness_tmpdir(), name);
}

static void check_content(const char *path, const char *want)
{
	struct buf got = BUF_INIT;

	CHECK_OK(buf_read_file(&got, path));
	CHECK_STR(got.ptr, want);
	buf_release(&got);
}

static void test_link_written_through(void)
{
	struct buf link = BUF_INIT, real = BUF_INIT, dang = BUF_INIT;
	struct stat st;

	at(&real, "real");
	at(&link, "link");
	at(&dang, "dangling");
	CHECK_OK(fs_write_atomic(real.ptr, "old", 3, 0644, 0));
	CHECK(symlink("real", link.ptr) == 0);
	CHECK_OK(fs_write_atomic(link.ptr, "new", 3, 0644, 0));
	CHECK(lstat(link.ptr, &st) == 0 && S_ISLNK(st.st_mode));
	check_content(real.ptr, "new");
	/* a dangling link: its target is created, the link stays */
	CHECK(symlink("made", dang.ptr) == 0);
	CHECK_OK(fs_write_atomic(dang.ptr, "x", 1, 0644, 0));
	CHECK(lstat(dang.ptr, &st) == 0 && S_ISLNK(st.st_mode));
	at(&real, "made");
	check_content(real.ptr, "x");
	/* no clobber: an existing target is refused, even behind a link */
	CHECK_INT(fs_write_atomic(link.ptr, "y", 1, 0644, FS_NO_CLOBBER), ERR_EXISTS);
	CHECK(fs_would_clobber(link.ptr));
	buf_release(&link);
	buf_release(&real);
	buf_release(&dang);
}

static void test_fifo_written_as_it_is(void)
{
	struct buf fifo = BUF_INIT;
	struct stat st;
	int status;
	pid_t pid;

	at(&fifo, "fifo");
	CHECK(mkfifo(fifo.ptr, 0600) == 0);
	CHECK(!fs_would_clobber(fifo.ptr));
	/* fs_open_regular never blocks on it */
	CHECK_INT(fs_open_regular(fifo.ptr), ERR_UNSUPPORTED);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		char got[16] = { 0 };
		int fd = open(fifo.ptr, O_RDONLY);

		_exit(fd >= 0 && read(fd, got, sizeof(got) - 1) == 5 && !strcmp(got, "hello") ? 0
		                                                                              : 1);
	}
	CHECK_OK(fs_write_atomic(fifo.ptr, "hello", 5, 0644, FS_NO_CLOBBER));
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0);
	CHECK(lstat(fifo.ptr, &st) == 0 && S_ISFIFO(st.st_mode));
	buf_release(&fifo);
}

static void test_folder_refused(void)
{
	struct buf dir = BUF_INIT;

	at(&dir, "d");
	CHECK(mkdir(dir.ptr, 0755) == 0);
	CHECK_INT(fs_write_atomic(dir.ptr, "x", 1, 0644, 0), ERR_IO);
	CHECK(strstr(err_msg(), "it is a folder") != NULL);
	buf_release(&dir);
}

RUN_TESTS("fs", T(test_link_written_through), T(test_fifo_written_as_it_is), T(test_folder_refused))
