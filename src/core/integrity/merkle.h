/*
 * merkle.h: RFC 9162 (and RFC 6962) Merkle tree hashing and proofs.
 *
 * Hashes are SHA-256. A leaf hashes as SHA-256(0x00 || data), an interior
 * node as SHA-256(0x01 || left || right); the tree over n > 1 leaves splits
 * at k, the largest power of two below n (RFC 9162 section 2.1.1); the empty
 * tree's hash is SHA-256 of no bytes.
 *
 * Proof generation reads hashes through a struct merkle_source: a callback
 * that returns the hash of a complete, aligned subtree (level L, index i
 * covers leaves [i * 2^L, (i + 1) * 2^L)). A source that keeps every such
 * hash (tlog.c's hash file) makes roots and proofs O(log n) reads; a source
 * that only knows leaves returns ERR_UNSUPPORTED for level > 0 and the
 * subtree is computed from its children (O(n), fine for small trees).
 *
 * Verification (merkle_verify_*) follows RFC 9162 sections 2.1.3.2 and
 * 2.1.4.2 exactly, with the edge cases of the transparency-dev test vectors:
 * a consistency proof from size 0 is rejected, equal sizes need an empty
 * proof and equal roots. Roots are passed as (pointer, length) because
 * proofs come from untrusted documents: a root that is not 32 bytes long
 * never matches a computed one.
 */
#ifndef VOUCH_MERKLE_H
#define VOUCH_MERKLE_H

#include "util/compat.h"

#define MERKLE_HASH_LEN 32
/* Tree sizes are below 2^63: sizes and indexes never overflow when doubled. */
#define MERKLE_MAX_SIZE ((uint64_t)1 << 62)
/* Longest proof: 63 inclusion hashes; a consistency proof is shorter than 2 * 63. */
#define MERKLE_MAX_PATH 128

struct merkle_hash {
	uint8_t b[MERKLE_HASH_LEN];
};

struct merkle_path {
	size_t n;
	struct merkle_hash h[MERKLE_MAX_PATH];
};

/*
 * Stores the hash of the complete subtree (level, index) into out and
 * returns 0, or ERR_UNSUPPORTED when the source keeps no such hash (never for
 * level 0), or another negative code on a read error (with a message).
 */
typedef int (*merkle_get_fn)(struct merkle_hash *out, unsigned level, uint64_t index,
                             void *payload);

struct merkle_source {
	merkle_get_fn get;
	void *payload;
};

void merkle_leaf_hash(struct merkle_hash *out, const void *data, size_t len);
void merkle_node_hash(struct merkle_hash *out, const struct merkle_hash *left,
                      const struct merkle_hash *right);
void merkle_empty_root(struct merkle_hash *out);

/* The largest power of two strictly below n (n >= 2). */
uint64_t merkle_split(uint64_t n);

/* MTH(D[begin:end]): the hash of the tree over leaves begin..end-1 (begin <= end). */
int merkle_root(struct merkle_hash *out, const struct merkle_source *src, uint64_t begin,
                uint64_t end);

/*
 * PATH(index, D[0:size]) of RFC 9162 section 2.1.3.1; ERR_USAGE unless
 * index < size <= MERKLE_MAX_SIZE.
 */
int merkle_inclusion_proof(struct merkle_path *out, const struct merkle_source *src, uint64_t index,
                           uint64_t size);

/*
 * PROOF(old, D[0:size]) of RFC 9162 section 2.1.4.1; ERR_USAGE unless
 * 0 < old <= size <= MERKLE_MAX_SIZE. old == size gives an empty proof.
 */
int merkle_consistency_proof(struct merkle_path *out, const struct merkle_source *src, uint64_t old,
                             uint64_t size);

/*
 * Returns 0 when the proof shows leaf at index in the tree of size whose
 * root is (root, rootlen), else ERR_VERIFY with a message saying why.
 */
int merkle_verify_inclusion(uint64_t index, uint64_t size, const struct merkle_hash *leaf,
                            const struct merkle_hash *path, size_t npath, const uint8_t *root,
                            size_t rootlen);

/* Returns 0 when the proof shows the tree (size1, root1) is a prefix of (size2, root2). */
int merkle_verify_consistency(uint64_t size1, uint64_t size2, const uint8_t *root1, size_t root1len,
                              const uint8_t *root2, size_t root2len, const struct merkle_hash *path,
                              size_t npath);

/* A source over an array of leaf hashes (payload: struct merkle_hash_array). */
struct merkle_hash_array {
	const struct merkle_hash *leaves;
	uint64_t n;
};
int merkle_array_get(struct merkle_hash *out, unsigned level, uint64_t index, void *payload);

#endif
