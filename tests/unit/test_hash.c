#include "util/compat.h"
#include "harness.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/alloc.h"
#include "util/hash.h"

#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* FIPS 180-2 and RFC 7693 test vectors. */
static void test_sha256_vectors(void)
{
	uint8_t d[SHA256_LEN];
	char hex[2 * SHA256_LEN + 1];

	hash_sha256(d, "abc", 3);
	hex_encode(hex, d, sizeof(d));
	CHECK_STR(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	hash_sha256(d, "", 0);
	hex_encode(hex, d, sizeof(d));
	CHECK_STR(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	hash_sha256(d, "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56);
	hex_encode(hex, d, sizeof(d));
	CHECK_STR(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

static void test_sha256_streaming_equals_oneshot(void)
{
	static char data[200000];
	uint8_t a[SHA256_LEN], b[SHA256_LEN];
	struct sha256 h;

	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (char)(i * 7 + 3);
	hash_sha256(a, data, sizeof(data));
	sha256_init(&h);
	for (size_t off = 0; off < sizeof(data); off += 997) {
		size_t n = sizeof(data) - off < 997 ? sizeof(data) - off : 997;

		sha256_update(&h, data + off, n);
	}
	sha256_final(&h, b);
	CHECK(!memcmp(a, b, SHA256_LEN));
}

static void test_sha256_file(void)
{
	const char *dir = harness_tmpdir();
	struct buf path = BUF_INIT;
	uint8_t d[SHA256_LEN];
	char hex[65];
	int fd;

	CHECK_OK(buf_addf(&path, "%s/abc", dir));
	fd = open(path.ptr, O_WRONLY | O_CREAT, 0644);
	CHECK(fd >= 0 && write(fd, "abc", 3) == 3);
	close(fd);
	CHECK_OK(hash_sha256_file(d, path.ptr));
	hex_encode(hex, d, sizeof(d));
	CHECK_STR(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	CHECK_INT(hash_sha256_file(d, dir), ERR_IO); /* a folder */
	CHECK(strstr(err_msg(), "folder") != NULL);
	/* a FIFO is refused at once, never waited on */
	buf_reset(&path);
	buf_addf(&path, "%s/fifo", dir);
	CHECK(mkfifo(path.ptr, 0600) == 0);
	CHECK_INT(hash_sha256_file(d, path.ptr), ERR_UNSUPPORTED);
	buf_release(&path);
}

static void test_blake2b_vectors(void)
{
	uint8_t d[64];
	char hex[129];

	/* RFC 7693 appendix A: BLAKE2b-512("abc") */
	CHECK_OK(hash_blake2b(d, 64, "abc", 3, NULL, 0));
	hex_encode(hex, d, 64);
	CHECK_STR(hex, "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d1"
	               "7d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923");
	CHECK_INT(hash_blake2b(d, 8, "abc", 3, NULL, 0), ERR_USAGE);
}

/*
 * XXH3-128: the values xxhsum -H2 prints (the xxhash package's own tool),
 * one-shot and streamed in uneven pieces across its 64-byte stripes and
 * 1 KiB blocks.
 */
static void test_xxh128_vectors(void)
{
	static const struct {
		size_t n;
		char c;
		const char *hex;
	} v[] = { { 0, 0, "99aa06d3014798d86001c324468d497f" },
		  { 100000, 'v', "9f4c2edec6dfaecc44b6b5c0a30c4e5d" } };
	uint8_t d[XXH128_LEN];
	char hex[2 * XXH128_LEN + 1];
	struct xxh128 h;

	hash_xxh128(d, "abc", 3);
	hex_encode(hex, d, sizeof(d));
	CHECK_STR(hex, "06b05ab6733a618578af5f94892f3950");
	for (size_t i = 0; i < ARRAY_SIZE(v); i++) {
		char *b = xmalloc(v[i].n + 1);

		memset(b, v[i].c, v[i].n);
		hash_xxh128(d, b, v[i].n);
		hex_encode(hex, d, sizeof(d));
		CHECK_STR(hex, v[i].hex);
		xxh128_init(&h);
		for (size_t at = 0, step = 1; at < v[i].n; at += step, step = step * 3 + 1)
			xxh128_update(&h, b + at, step < v[i].n - at ? step : v[i].n - at);
		xxh128_final(&h, d);
		hex_encode(hex, d, sizeof(d));
		CHECK_STR(hex, v[i].hex);
		CHECK(h.st == NULL);
		xxh128_release(&h); /* after final: nothing left to release */
		free(b);
	}
}

static void test_hex_decode(void)
{
	uint8_t out[3];

	CHECK_OK(hex_decode(out, 3, "00aBfF", 6));
	CHECK(out[0] == 0 && out[1] == 0xab && out[2] == 0xff);
	CHECK_INT(hex_decode(out, 3, "00aBf", 5), ERR_PARSE);
	CHECK_INT(hex_decode(out, 3, "00aBfg", 6), ERR_PARSE);
}

RUN_TESTS("hash", T(test_sha256_vectors), T(test_sha256_streaming_equals_oneshot),
          T(test_sha256_file), T(test_blake2b_vectors), T(test_xxh128_vectors), T(test_hex_decode))
