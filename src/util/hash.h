/*
 * hash.h: SHA-256, SHA-512 and BLAKE2b through libsodium, and hex helpers.
 *
 * hash_init() must run once before any other call (main() does it); it
 * returns ERR_GENERIC when libsodium cannot initialise.
 */
#ifndef VOUCH_HASH_H
#define VOUCH_HASH_H

#include "util/compat.h"
#include "util/buf.h"

#include <sodium.h>

#define SHA256_LEN     32
#define SHA512_LEN     64
#define BLAKE2B_LEN    32 /* default output length used by vouch */
#define BLAKE2B_MAXLEN 64
#define SHA256_HEX_LEN 64

int hash_init(void);

void hash_sha256(uint8_t out[SHA256_LEN], const void *p, size_t n);
void hash_sha512(uint8_t out[SHA512_LEN], const void *p, size_t n);

/* Streaming SHA-256. */
struct sha256 {
	crypto_hash_sha256_state st;
};
void sha256_init(struct sha256 *h);
void sha256_update(struct sha256 *h, const void *p, size_t n);
void sha256_final(struct sha256 *h, uint8_t out[SHA256_LEN]);

/*
 * Hashes a whole file in 64 KiB reads, so memory stays constant whatever its
 * size. ERR_IO (with the path in the message) when it cannot be read.
 */
int hash_sha256_file(uint8_t out[SHA256_LEN], const char *path);

/* BLAKE2b with outlen in 16..64 and an optional key (NULL, 0 for none). */
int hash_blake2b(uint8_t *out, size_t outlen, const void *p, size_t n, const uint8_t *key,
                 size_t keylen);

/* Streaming BLAKE2b (unkeyed): the same digest as hash_blake2b() of the bytes given in order. */
struct blake2b {
	crypto_generichash_state st;
	size_t outlen;
};
/* outlen in 16..64 (ERR_USAGE otherwise). */
int blake2b_init(struct blake2b *h, size_t outlen);
void blake2b_update(struct blake2b *h, const void *p, size_t n);
/* out holds h->outlen bytes. */
void blake2b_final(struct blake2b *h, uint8_t *out);
/* The BLAKE2b (outlen bytes) of a regular file's content, read in pieces; errors as hash_sha256_file(). */
int hash_blake2b_file(uint8_t *out, size_t outlen, const char *path);

/*
 * XXH3-128 (xxHash 0.8, libxxhash), its 16 bytes in xxHash's canonical
 * order (big-endian, as `xxhsum -H2` prints them). A hash of content for
 * identifiers (the serial number of a BOM), about twenty times as fast as
 * BLAKE2b here; not for anything an attacker may want to collide.
 */
#define XXH128_LEN 16
struct xxh128 {
	struct XXH3_state_s *st;
};
void hash_xxh128(uint8_t out[XXH128_LEN], const void *p, size_t n);
/* Streaming: the same digest as hash_xxh128() of the bytes given in order. */
void xxh128_init(struct xxh128 *h);
void xxh128_update(struct xxh128 *h, const void *p, size_t n);
/* Writes the digest and releases h (xxh128_release() after it does nothing). */
void xxh128_final(struct xxh128 *h, uint8_t out[XXH128_LEN]);
void xxh128_release(struct xxh128 *h);

/* Appends the standard padded base64 of n bytes to out (NUL-terminated); ERR_TOOBIG past out's cap. */
int base64_append(struct buf *out, const void *p, size_t n);

/* Writes 2n lower-case hex digits and a NUL into out (2n + 1 bytes). */
void hex_encode(char *out, const void *p, size_t n);
/* The value of one hex digit (either case), or -1. */
int hex_value(int c);
/* Decodes exactly outlen bytes from 2 * outlen hex digits (either case). */
int hex_decode(uint8_t *out, size_t outlen, const char *hex, size_t hexlen);

#endif
