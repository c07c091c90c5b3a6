#include "util/compat.h"
#include "util/hash.h"
#include "util/alloc.h"
#include "util/fs.h"
#include "util/err.h"

#include <fcntl.h>
#include <xxhash.h>
#include <sys/stat.h>
#include <unistd.h>

int hash_init(void)
{
	if (sodium_init() < 0)
		return err_set(ERR_GENERIC, "cannot initialise libsodium");
	return 0;
}

void hash_sha256(uint8_t out[SHA256_LEN], const void *p, size_t n)
{
	crypto_hash_sha256(out, p, n);
}

void hash_sha512(uint8_t out[SHA512_LEN], const void *p, size_t n)
{
	crypto_hash_sha512(out, p, n);
}

void sha256_init(struct sha256 *h)
{
	crypto_hash_sha256_init(&h->st);
}

void sha256_update(struct sha256 *h, const void *p, size_t n)
{
	crypto_hash_sha256_update(&h->st, p, n);
}

void sha256_final(struct sha256 *h, uint8_t out[SHA256_LEN])
{
	crypto_hash_sha256_final(&h->st, out);
}

/* Reads path (a regular file) to its end in pieces, handing each to fn. */
static int read_pieces(const char *path, void (*fn)(void *arg, const void *p, size_t n), void *arg)
{
	unsigned char chunk[65536];
	int fd = fs_open_regular(path), r = 0;

	if (fd < 0)
		return fd;
	for (;;) {
		ssize_t n = read(fd, chunk, sizeof(chunk));

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			r = err_set_errno(ERR_IO, "cannot read '%s'", path);
			break;
		}
		if (n == 0)
			break;
		fn(arg, chunk, (size_t)n);
	}
	close(fd);
	return r;
}

static void sha256_piece(void *h, const void *p, size_t n)
{
	sha256_update(h, p, n);
}

static void blake2b_piece(void *h, const void *p, size_t n)
{
	blake2b_update(h, p, n);
}

int hash_sha256_file(uint8_t out[SHA256_LEN], const char *path)
{
	struct sha256 h;
	int r;

	sha256_init(&h);
	if ((r = read_pieces(path, sha256_piece, &h)) == 0)
		sha256_final(&h, out);
	return r;
}

int hash_blake2b_file(uint8_t *out, size_t outlen, const char *path)
{
	struct blake2b h;
	int r;

	if ((r = blake2b_init(&h, outlen)) < 0)
		return r;
	if ((r = read_pieces(path, blake2b_piece, &h)) == 0)
		blake2b_final(&h, out);
	return r;
}

int hash_blake2b(uint8_t *out, size_t outlen, const void *p, size_t n, const uint8_t *key,
                 size_t keylen)
{
	if (outlen < crypto_generichash_BYTES_MIN || outlen > crypto_generichash_BYTES_MAX)
		return err_set(ERR_USAGE, "BLAKE2b output length %zu out of range", outlen);
	if (keylen > crypto_generichash_KEYBYTES_MAX)
		return err_set(ERR_USAGE, "BLAKE2b key length %zu out of range", keylen);
	if (crypto_generichash(out, outlen, p, n, key, keylen) != 0)
		return err_set(ERR_GENERIC, "BLAKE2b failed");
	return 0;
}

int blake2b_init(struct blake2b *h, size_t outlen)
{
	if (outlen < crypto_generichash_BYTES_MIN || outlen > crypto_generichash_BYTES_MAX)
		return err_set(ERR_USAGE, "BLAKE2b output length %zu out of range", outlen);
	h->outlen = outlen;
	if (crypto_generichash_init(&h->st, NULL, 0, outlen) != 0)
		return err_set(ERR_GENERIC, "BLAKE2b failed");
	return 0;
}

void blake2b_update(struct blake2b *h, const void *p, size_t n)
{
	(void)crypto_generichash_update(&h->st, p, n);
}

void blake2b_final(struct blake2b *h, uint8_t *out)
{
	(void)crypto_generichash_final(&h->st, out, h->outlen);
}

void hex_encode(char *out, const void *p, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *s = p;

	for (size_t i = 0; i < n; i++) {
		out[2 * i] = hex[s[i] >> 4];
		out[2 * i + 1] = hex[s[i] & 15];
	}
	out[2 * n] = '\0';
}

int hex_value(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int hex_decode(uint8_t *out, size_t outlen, const char *hex, size_t hexlen)
{
	if (hexlen != 2 * outlen)
		return err_set(ERR_PARSE, "expected %zu hex digits, got %zu", 2 * outlen, hexlen);
	for (size_t i = 0; i < outlen; i++) {
		int hi = hex_value((unsigned char)hex[2 * i]),
		    lo = hex_value((unsigned char)hex[2 * i + 1]);

		if (hi < 0 || lo < 0)
			return err_set(ERR_PARSE, "invalid hex digit");
		out[i] = (uint8_t)(hi << 4 | lo);
	}
	return 0;
}

int base64_append(struct buf *out, const void *p, size_t n)
{
	size_t enc;
	int r;

	if (!size_mul(&enc, n / 3 + 1, 4) || !size_add(&enc, enc, 1))
		return err_set(ERR_TOOBIG, "%zu bytes are too many to encode", n);
	enc = sodium_base64_encoded_len(n, sodium_base64_VARIANT_ORIGINAL);
	if ((r = buf_grow(out, enc)) < 0)
		return r;
	sodium_bin2base64(out->ptr + out->len, enc, p, n, sodium_base64_VARIANT_ORIGINAL);
	out->len += enc - 1;
	out->ptr[out->len] = '\0';
	return 0;
}

void hash_xxh128(uint8_t out[XXH128_LEN], const void *p, size_t n)
{
	XXH128_canonical_t c;

	XXH128_canonicalFromHash(&c, XXH3_128bits(p, n));
	memcpy(out, c.digest, XXH128_LEN);
}

void xxh128_init(struct xxh128 *h)
{
	h->st = XXH3_createState();
	if (!h->st)
		xalloc_die(1024);        /* its size is private to the library: about 600 bytes */
	(void)XXH3_128bits_reset(h->st); /* fails only without a state */
}

void xxh128_update(struct xxh128 *h, const void *p, size_t n)
{
	(void)XXH3_128bits_update(h->st, p, n); /* fails only without a state */
}

void xxh128_final(struct xxh128 *h, uint8_t out[XXH128_LEN])
{
	XXH128_canonical_t c;

	XXH128_canonicalFromHash(&c, XXH3_128bits_digest(h->st));
	memcpy(out, c.digest, XXH128_LEN);
	xxh128_release(h);
}

void xxh128_release(struct xxh128 *h)
{
	XXH3_freeState(h->st);
	h->st = NULL;
}
