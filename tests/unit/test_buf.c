#include "util/compat.h"
#include "harness.h"
#include "util/buf.h"
#include "util/alloc.h"
#include "util/err.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

static void test_empty_is_c_string(void)
{
	struct buf b = BUF_INIT;

	CHECK_INT(b.len, 0);
	CHECK_STR(b.ptr, "");
	buf_release(&b);
	CHECK_STR(b.ptr, "");
}

static void test_add_and_format(void)
{
	struct buf b = BUF_INIT;

	CHECK_OK(buf_adds(&b, "abc"));
	CHECK_OK(buf_addch(&b, '-'));
	CHECK_OK(buf_addf(&b, "%d/%s", 42, "x"));
	CHECK_STR(b.ptr, "abc-42/x");
	CHECK_INT(b.len, 8);
	CHECK_OK(buf_add(&b, "\0z", 2));
	CHECK_INT(b.len, 10);
	CHECK(b.ptr[8] == '\0' && b.ptr[9] == 'z' && b.ptr[10] == '\0');
	buf_truncate(&b, 3);
	CHECK_STR(b.ptr, "abc");
	buf_release(&b);
}

static void test_cap_is_enforced_and_state_kept(void)
{
	struct buf b = BUF_INIT_MAX(8);

	CHECK_OK(buf_adds(&b, "12345678"));
	CHECK_INT(buf_addch(&b, '9'), ERR_TOOBIG);
	CHECK_STR(b.ptr, "12345678");
	CHECK_INT(buf_addf(&b, "%s", "x"), ERR_TOOBIG);
	CHECK_INT(b.len, 8);
	buf_release(&b);
}

static void test_growth_many_appends(void)
{
	struct buf b = BUF_INIT;

	for (int i = 0; i < 100000; i++)
		CHECK_OK(buf_addch(&b, 'a' + i % 26));
	CHECK_INT(b.len, 100000);
	CHECK(b.ptr[99999] == 'a' + 99999 % 26);
	CHECK(b.ptr[100000] == '\0');
	buf_release(&b);
}

static void test_hex_and_trim(void)
{
	struct buf b = BUF_INIT;
	unsigned char bytes[] = { 0x00, 0xab, 0xff, 0x10 };

	CHECK_OK(buf_addhex(&b, bytes, sizeof(bytes)));
	CHECK_STR(b.ptr, "00abff10");
	buf_reset(&b);
	CHECK_OK(buf_adds(&b, " \t x y \n"));
	buf_trim(&b);
	CHECK_STR(b.ptr, "x y");
	buf_release(&b);
}

static void test_detach(void)
{
	struct buf b = BUF_INIT;
	size_t n;
	char *s;

	CHECK_OK(buf_adds(&b, "hello"));
	s = buf_detach(&b, &n);
	CHECK_STR(s, "hello");
	CHECK_INT(n, 5);
	CHECK_INT(b.len, 0);
	free(s);
	s = buf_detach(&b, &n); /* an empty buffer still gives freeable memory */
	CHECK_STR(s, "");
	free(s);
}

static void write_file(const char *path, const char *data, size_t n)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);

	CHECK(fd >= 0);
	CHECK(write(fd, data, n) == (ssize_t)n);
	close(fd);
}

static void test_read_file_and_caps(void)
{
	const char *dir = harness_tmpdir();
	struct buf path = BUF_INIT, b = BUF_INIT_MAX(10);

	CHECK_OK(buf_addf(&path, "%s/f", dir));
	write_file(path.ptr, "0123456789", 10);
	CHECK_OK(buf_read_file(&b, path.ptr));
	CHECK_STR(b.ptr, "0123456789");
	buf_reset(&b);
	write_file(path.ptr, "0123456789A", 11);
	CHECK_INT(buf_read_file(&b, path.ptr), ERR_TOOBIG);
	CHECK(strstr(err_msg(), path.ptr) != NULL);
	CHECK_INT(b.len, 0);
	CHECK_INT(buf_read_file(&b, dir), ERR_IO);
	CHECK(strstr(err_msg(), "folder") != NULL);
	buf_reset(&path);
	CHECK_OK(buf_addf(&path, "%s/missing", dir));
	CHECK_INT(buf_read_file(&b, path.ptr), ERR_IO);
	CHECK(strstr(err_msg(), "missing") != NULL);
	buf_release(&b);
	buf_release(&path);
}

static void test_read_refuses_fifo(void)
{
	const char *dir = harness_tmpdir();
	struct buf path = BUF_INIT, b = BUF_INIT;

	CHECK_OK(buf_addf(&path, "%s/fifo", dir));
	CHECK(mkfifo(path.ptr, 0600) == 0);
	/* Must return at once, not block waiting for a writer. */
	CHECK_INT(buf_read_file(&b, path.ptr), ERR_UNSUPPORTED);
	buf_release(&b);
	buf_release(&path);
}

static void test_read_fd_stream_at_cap(void)
{
	int p[2];
	struct buf b = BUF_INIT_MAX(4);

	CHECK(pipe(p) == 0);
	CHECK(write(p[1], "abcd", 4) == 4);
	close(p[1]);
	CHECK_OK(buf_read_fd(&b, p[0], "pipe"));
	CHECK_STR(b.ptr, "abcd");
	close(p[0]);
	buf_release(&b);

	CHECK(pipe(p) == 0);
	CHECK(write(p[1], "abcde", 5) == 5);
	close(p[1]);
	CHECK_INT(buf_read_fd(&b, p[0], "pipe"), ERR_TOOBIG);
	close(p[0]);
	buf_release(&b);
}

static void test_overflow_helpers(void)
{
	size_t r = 0;

	CHECK(size_add(&r, 1, 2) && r == 3);
	CHECK(!size_add(&r, SIZE_MAX, 1));
	CHECK(size_mul(&r, 1u << 20, 1u << 10) && r == (size_t)1 << 30);
	CHECK(!size_mul(&r, SIZE_MAX / 2 + 1, 2));
	CHECK_INT(st_add(40, 2), 42);
}

static void test_xml_text(void)
{
	struct buf b = BUF_INIT;

	CHECK_OK(buf_add_xml(&b, "a<b>&\"'\x01\tc\xef\xbf\xbe\xef\xbf\xbd"));
	CHECK_STR(b.ptr, "a&lt;b&gt;&amp;&quot;&#39;\tc\xef\xbf\xbd");
	CHECK_OK(buf_add_xml(&b, NULL));
	buf_release(&b);
}

RUN_TESTS("buf", T(test_empty_is_c_string), T(test_add_and_format),
          T(test_cap_is_enforced_and_state_kept), T(test_growth_many_appends), T(test_hex_and_trim),
          T(test_detach), T(test_read_file_and_caps), T(test_read_refuses_fifo),
          T(test_read_fd_stream_at_cap), T(test_overflow_helpers), T(test_xml_text))
