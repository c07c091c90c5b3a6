#include "util/compat.h"
#include "harness.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/fmap.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

/* A file of npages pages of 'A' in the case's folder, opened read-write. */
static int pages_of_a(const char *name, size_t npages)
{
	struct buf path = BUF_INIT;
	size_t pg = (size_t)sysconf(_SC_PAGESIZE);
	char *page = malloc(pg);
	int fd;

	buf_addf(&path, "%s/%s", harness_tmpdir(), name);
	fd = open(path.ptr, O_RDWR | O_CREAT | O_TRUNC, 0644);
	memset(page, 'A', pg);
	for (size_t i = 0; fd >= 0 && i < npages; i++)
		if (write(fd, page, pg) != (ssize_t)pg)
			harness_fail(__FILE__, __LINE__, "cannot write %s", path.ptr);
	free(page);
	buf_release(&path);
	return fd;
}

static void test_unchanged_file(void)
{
	size_t pg = (size_t)sysconf(_SC_PAGESIZE);
	int fd = pages_of_a("f", 3);
	struct fmap m;
	const char *p;
	bool shrank;
	char first, last;

	CHECK(fd >= 0);
	CHECK_OK(fmap_open(&m, fd, 3 * pg - 7));
	close(fd);
	p = m.ptr;
	first = p[0];
	last = p[3 * pg - 8];
	shrank = fmap_close(&m);
	CHECK(!shrank);
	CHECK_INT(first, 'A');
	CHECK_INT(last, 'A');
}

/* The file loses its last two pages after it was mapped: they read as zeros, and it is said. */
static void test_truncated_while_mapped(void)
{
	size_t pg = (size_t)sysconf(_SC_PAGESIZE);
	int fd = pages_of_a("f", 3);
	struct fmap m;
	const volatile char *p;
	char before, gone, tail;
	bool shrank;

	CHECK(fd >= 0);
	CHECK_OK(fmap_open(&m, fd, 3 * pg));
	CHECK(ftruncate(fd, (off_t)pg) == 0);
	close(fd);
	p = m.ptr;
	before = p[pg - 1];
	gone = p[pg + 5];
	tail = p[3 * pg - 1];
	shrank = fmap_close(&m);
	CHECK(shrank);
	CHECK_INT(before, 'A');
	CHECK_INT(gone, 0);
	CHECK_INT(tail, 0);
}

/* Only the mapping that was cut is marked, with an untouched one open around it. */
static void test_nested(void)
{
	size_t pg = (size_t)sysconf(_SC_PAGESIZE);
	int outer_fd = pages_of_a("outer", 2), inner_fd = pages_of_a("inner", 2);
	struct fmap outer, inner;
	bool inner_shrank, outer_shrank;
	char c;

	CHECK(outer_fd >= 0 && inner_fd >= 0);
	CHECK_OK(fmap_open(&outer, outer_fd, 2 * pg));
	CHECK_OK(fmap_open(&inner, inner_fd, 2 * pg));
	CHECK(ftruncate(inner_fd, 0) == 0);
	c = ((const volatile char *)inner.ptr)[pg];
	inner_shrank = fmap_close(&inner);
	c |= ((const volatile char *)outer.ptr)[pg];
	outer_shrank = fmap_close(&outer);
	close(outer_fd);
	close(inner_fd);
	CHECK(inner_shrank);
	CHECK(!outer_shrank);
	CHECK_INT(c, 'A');
}

/* A SIGBUS outside every open mapping still ends the process, as it would without fmap. */
static void test_foreign_sigbus_kept(void)
{
	size_t pg = (size_t)sysconf(_SC_PAGESIZE);
	int fd = pages_of_a("f", 2), st = 0;
	struct fmap m;
	pid_t pid;

	CHECK(fd >= 0);
	CHECK_OK(fmap_open(&m, fd, pg)); /* the handler is installed from here on */
	fmap_close(&m);
	pid = fork();
	CHECK(pid >= 0);
	if (pid == 0) {
		volatile char *raw = mmap(NULL, 2 * pg, PROT_READ, MAP_PRIVATE, fd, 0);

		if (raw == MAP_FAILED || ftruncate(fd, 0) < 0)
			_exit(2);
		(void)raw[pg];
		_exit(0);
	}
	CHECK(waitpid(pid, &st, 0) == pid);
	close(fd);
	CHECK(WIFSIGNALED(st));
	CHECK_INT(WTERMSIG(st), SIGBUS);
}

RUN_TESTS("fmap", T(test_unchanged_file), T(test_truncated_while_mapped), T(test_nested),
          T(test_foreign_sigbus_kept))
