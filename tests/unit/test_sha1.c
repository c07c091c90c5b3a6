#include "util/compat.h"
#include "harness.h"
#include "util/hash.h"
#include "util/sha1.h"

static void digest(char hex[2 * SHA1_LEN + 1], const void *p, size_t n, size_t step)
{
	uint8_t d[SHA1_LEN];
	struct sha1 s;

	sha1_init(&s);
	for (size_t off = 0; off < n; off += step)
		sha1_update(&s, (const char *)p + off, n - off < step ? n - off : step);
	sha1_final(&s, d);
	hex_encode(hex, d, sizeof(d));
}

/* FIPS 180-2 appendix A vectors, and the message of one million 'a'. */
static void test_sha1_vectors(void)
{
	static char million[1000000];
	char hex[2 * SHA1_LEN + 1];

	digest(hex, "abc", 3, 3);
	CHECK_STR(hex, "a9993e364706816aba3e25717850c26c9cd0d89d");
	digest(hex, "", 0, 1);
	CHECK_STR(hex, "da39a3ee5e6b4b0d3255bfef95601890afd80709");
	digest(hex, "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56, 56);
	CHECK_STR(hex, "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
	memset(million, 'a', sizeof(million));
	digest(hex, million, sizeof(million), sizeof(million));
	CHECK_STR(hex, "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
}

/* Pieces of every size around the 64-byte block and the 56-byte padding edge. */
static void test_sha1_pieces(void)
{
	static char data[1000];
	char whole[2 * SHA1_LEN + 1], piecewise[2 * SHA1_LEN + 1];

	for (size_t i = 0; i < sizeof(data); i++)
		data[i] = (char)(i * 13 + 5);
	for (size_t n = 50; n < 140; n++) {
		digest(whole, data, n, n ? n : 1);
		for (size_t step = 1; step < 70; step += 7) {
			digest(piecewise, data, n, step);
			CHECK_STR(piecewise, whole);
		}
	}
}

RUN_TESTS("sha1", T(test_sha1_vectors), T(test_sha1_pieces))
