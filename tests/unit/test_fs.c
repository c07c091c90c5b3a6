#include "util/compat.h"
#include "harness.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/fs.h"

#include <dirent.h>
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

/* Pieces, a patch of what was written, and nothing at the name until the commit. */
static void test_atomic_in_pieces(void)
{
	struct fs_atomic a = FS_ATOMIC_INIT;
	struct buf path = BUF_INIT, dir = BUF_INIT;
	char big[300000];

	at(&path, "pieces");
	CHECK_OK(fs_write_atomic(path.ptr, "old", 3, 0644, 0));
	CHECK_OK(fs_atomic_open(&a, path.ptr, 0644, 0));
	CHECK(!a.stream);
	CHECK_OK(fs_atomic_write(&a, "hello ", 6));
	CHECK_OK(fs_atomic_write(&a, "world", 5));
	CHECK_OK(fs_atomic_pwrite(&a, "HELLO", 5, 0));
	check_content(path.ptr, "old");
	CHECK_OK(fs_atomic_commit(&a));
	fs_atomic_abort(&a); /* after a commit: only memory */
	check_content(path.ptr, "HELLO world");

	/* more than FS_ATOMIC_SYNC_EVERY in pieces, then abandoned: the old file stays, alone */
	memset(big, 'x', sizeof(big));
	CHECK_OK(fs_atomic_open(&a, path.ptr, 0644, 0));
	for (int i = 0; i < 5; i++)
		CHECK_OK(fs_atomic_write(&a, big, sizeof(big)));
	fs_atomic_abort(&a);
	check_content(path.ptr, "HELLO world");
	at(&dir, "");
	{
		DIR *d = opendir(dir.ptr);
		struct dirent *de;
		int left = 0;

		CHECK(d != NULL);
		while (d && (de = readdir(d)) != NULL)
			left += !strncmp(de->d_name, "pieces.tmp-", 11);
		if (d)
			closedir(d);
		CHECK_INT(left, 0);
	}
	CHECK_INT(fs_atomic_open(&a, dir.ptr, 0644, 0), ERR_IO); /* a folder */
	fs_atomic_abort(&a);
	buf_release(&path);
	buf_release(&dir);
}

RUN_TESTS("fs", T(test_link_written_through), T(test_fifo_written_as_it_is), T(test_folder_refused),
          T(test_atomic_in_pieces))
