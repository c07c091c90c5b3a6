/*
 * sha1.h: SHA-1 (FIPS 180-4), streaming.
 *
 * Not for anything that must resist collisions: vouch computes it only
 * because Maven Central and SBOM matchers index artifacts by it (a jar's
 * SHA-1). Signatures and integrity use SHA-256 and up (hash.h).
 */
#ifndef VOUCH_SHA1_H
#define VOUCH_SHA1_H

#include "util/compat.h"

#define SHA1_LEN 20

struct sha1 {
	uint32_t h[5];
	uint64_t len; /* bytes hashed so far */
	uint8_t block[64];
	size_t fill; /* bytes waiting in block */
};

void sha1_init(struct sha1 *s);
void sha1_update(struct sha1 *s, const void *p, size_t n);
/* Writes the digest; s must be initialised again before reuse. */
void sha1_final(struct sha1 *s, uint8_t out[SHA1_LEN]);

#endif
