#include "util/compat.h"
#include "core/integrity/merkle.h"
#include "util/err.h"
#include "util/hash.h"

void merkle_leaf_hash(struct merkle_hash *out, const void *data, size_t len)
{
	struct sha256 h;
	const uint8_t prefix = 0x00;

	sha256_init(&h);
	sha256_update(&h, &prefix, 1);
	sha256_update(&h, data, len);
	sha256_final(&h, out->b);
}

void merkle_node_hash(struct merkle_hash *out, const struct merkle_hash *left,
                      const struct merkle_hash *right)
{
	uint8_t in[1 + 2 * MERKLE_HASH_LEN];

	in[0] = 0x01;
	memcpy(in + 1, left->b, MERKLE_HASH_LEN);
	memcpy(in + 1 + MERKLE_HASH_LEN, right->b, MERKLE_HASH_LEN);
	hash_sha256(out->b, in, sizeof(in));
}

void merkle_empty_root(struct merkle_hash *out)
{
	hash_sha256(out->b, "", 0);
}

uint64_t merkle_split(uint64_t n)
{
	uint64_t k = 1;

	while (k << 1 < n)
		k <<= 1;
	return k;
}

static bool is_pow2(uint64_t n)
{
	return n && !(n & (n - 1));
}

static unsigned log2u(uint64_t n)
{
	return (unsigned)(63 - __builtin_clzll(n));
}

int merkle_root(struct merkle_hash *out, const struct merkle_source *src, uint64_t begin,
                uint64_t end)
{
	uint64_t n, k;
	struct merkle_hash l, r;
	int ret;

	if (end < begin || end > MERKLE_MAX_SIZE)
		return err_set(ERR_USAGE, "bad tree range %" PRIu64 "..%" PRIu64, begin, end);
	n = end - begin;
	if (n == 0) {
		merkle_empty_root(out);
		return 0;
	}
	if (n == 1)
		return src->get(out, 0, begin, src->payload);
	if (is_pow2(n) && begin % n == 0) {
		unsigned level = log2u(n);

		ret = src->get(out, level, begin >> level, src->payload);
		if (ret != ERR_UNSUPPORTED)
			return ret;
	}
	/* RFC 9162 2.1.1: split at the largest power of two below n. */
	k = merkle_split(n);
	if ((ret = merkle_root(&l, src, begin, begin + k)) < 0 ||
	    (ret = merkle_root(&r, src, begin + k, end)) < 0)
		return ret;
	merkle_node_hash(out, &l, &r);
	return 0;
}

static int path_push(struct merkle_path *p, const struct merkle_hash *h)
{
	if (p->n >= MERKLE_MAX_PATH)
		return err_set(ERR_TOOBIG, "merkle proof longer than %d hashes", MERKLE_MAX_PATH);
	p->h[p->n++] = *h;
	return 0;
}

/* PATH(m, D[begin:end]), appending to out. */
static int inclusion(struct merkle_path *out, const struct merkle_source *src, uint64_t m,
                     uint64_t begin, uint64_t end)
{
	uint64_t k;
	struct merkle_hash h;
	int ret;

	if (end - begin <= 1)
		return 0;
	k = merkle_split(end - begin);
	if (m < begin + k) {
		if ((ret = inclusion(out, src, m, begin, begin + k)) < 0 ||
		    (ret = merkle_root(&h, src, begin + k, end)) < 0)
			return ret;
	} else {
		if ((ret = inclusion(out, src, m, begin + k, end)) < 0 ||
		    (ret = merkle_root(&h, src, begin, begin + k)) < 0)
			return ret;
	}
	return path_push(out, &h);
}

int merkle_inclusion_proof(struct merkle_path *out, const struct merkle_source *src, uint64_t index,
                           uint64_t size)
{
	out->n = 0;
	if (size > MERKLE_MAX_SIZE)
		return err_set(ERR_USAGE, "tree size %" PRIu64 " is too large", size);
	if (index >= size)
		return err_set(ERR_USAGE, "index %" PRIu64 " is not in a tree of size %" PRIu64,
		               index, size);
	return inclusion(out, src, index, 0, size);
}

/* SUBPROOF(m, D[begin:end], b), appending to out. */
static int subproof(struct merkle_path *out, const struct merkle_source *src, uint64_t m,
                    uint64_t begin, uint64_t end, bool b)
{
	uint64_t n = end - begin, k;
	struct merkle_hash h;
	int ret;

	if (m == n) {
		if (b)
			return 0;
		if ((ret = merkle_root(&h, src, begin, end)) < 0)
			return ret;
		return path_push(out, &h);
	}
	k = merkle_split(n);
	if (m <= k) {
		if ((ret = subproof(out, src, m, begin, begin + k, b)) < 0 ||
		    (ret = merkle_root(&h, src, begin + k, end)) < 0)
			return ret;
	} else {
		if ((ret = subproof(out, src, m - k, begin + k, end, false)) < 0 ||
		    (ret = merkle_root(&h, src, begin, begin + k)) < 0)
			return ret;
	}
	return path_push(out, &h);
}

int merkle_consistency_proof(struct merkle_path *out, const struct merkle_source *src, uint64_t old,
                             uint64_t size)
{
	out->n = 0;
	if (size > MERKLE_MAX_SIZE)
		return err_set(ERR_USAGE, "tree size %" PRIu64 " is too large", size);
	if (old == 0 || old > size)
		return err_set(ERR_USAGE,
		               "no consistency proof from size %" PRIu64 " to size %" PRIu64, old,
		               size);
	return subproof(out, src, old, 0, size, true);
}

static bool root_eq(const struct merkle_hash *h, const uint8_t *root, size_t rootlen)
{
	return rootlen == MERKLE_HASH_LEN && sodium_memcmp(h->b, root, MERKLE_HASH_LEN) == 0;
}

int merkle_verify_inclusion(uint64_t index, uint64_t size, const struct merkle_hash *leaf,
                            const struct merkle_hash *path, size_t npath, const uint8_t *root,
                            size_t rootlen)
{
	uint64_t fn, sn;
	struct merkle_hash r = *leaf;

	if (index >= size)
		return err_set(ERR_VERIFY, "index %" PRIu64 " is not in a tree of size %" PRIu64,
		               index, size);
	fn = index;
	sn = size - 1;
	for (size_t i = 0; i < npath; i++) {
		if (sn == 0)
			return err_set(ERR_VERIFY, "inclusion proof has too many hashes");
		if ((fn & 1) || fn == sn) {
			merkle_node_hash(&r, &path[i], &r);
			if (!(fn & 1)) {
				while (!(fn & 1) && fn != 0) {
					fn >>= 1;
					sn >>= 1;
				}
			}
		} else {
			merkle_node_hash(&r, &r, &path[i]);
		}
		fn >>= 1;
		sn >>= 1;
	}
	if (sn != 0)
		return err_set(ERR_VERIFY, "inclusion proof has too few hashes");
	if (!root_eq(&r, root, rootlen))
		return err_set(ERR_VERIFY, "inclusion proof does not lead to the root");
	return 0;
}

int merkle_verify_consistency(uint64_t size1, uint64_t size2, const uint8_t *root1, size_t root1len,
                              const uint8_t *root2, size_t root2len, const struct merkle_hash *path,
                              size_t npath)
{
	uint64_t fn, sn;
	struct merkle_hash fr, sr;
	size_t i = 0;

	if (size1 > size2)
		return err_set(ERR_VERIFY, "old size %" PRIu64 " is larger than new size %" PRIu64,
		               size1, size2);
	if (size1 == 0)
		return err_set(ERR_VERIFY,
		               "a consistency proof from the empty tree proves nothing");
	if (size1 == size2) {
		if (npath)
			return err_set(ERR_VERIFY,
			               "consistency proof between equal sizes must be empty");
		if (root1len != root2len || sodium_memcmp(root1, root2, root1len) != 0)
			return err_set(ERR_VERIFY, "equal sizes but different roots");
		return 0;
	}
	if (npath == 0)
		return err_set(ERR_VERIFY, "consistency proof is empty");
	if (root1len != MERKLE_HASH_LEN)
		return err_set(ERR_VERIFY, "old root is not %d bytes", MERKLE_HASH_LEN);
	/* RFC 9162 2.1.4.2: a power-of-two old tree is itself the first node. */
	if (is_pow2(size1)) {
		memcpy(fr.b, root1, MERKLE_HASH_LEN);
	} else {
		fr = path[0];
		i = 1;
	}
	sr = fr;
	fn = size1 - 1;
	sn = size2 - 1;
	while (fn & 1) {
		fn >>= 1;
		sn >>= 1;
	}
	for (; i < npath; i++) {
		if (sn == 0)
			return err_set(ERR_VERIFY, "consistency proof has too many hashes");
		if ((fn & 1) || fn == sn) {
			merkle_node_hash(&fr, &path[i], &fr);
			merkle_node_hash(&sr, &path[i], &sr);
			if (!(fn & 1)) {
				while (!(fn & 1) && fn != 0) {
					fn >>= 1;
					sn >>= 1;
				}
			}
		} else {
			merkle_node_hash(&sr, &sr, &path[i]);
		}
		fn >>= 1;
		sn >>= 1;
	}
	if (sn != 0)
		return err_set(ERR_VERIFY, "consistency proof has too few hashes");
	if (!root_eq(&fr, root1, root1len))
		return err_set(ERR_VERIFY, "consistency proof does not lead to the old root");
	if (!root_eq(&sr, root2, root2len))
		return err_set(ERR_VERIFY, "consistency proof does not lead to the new root");
	return 0;
}

int merkle_array_get(struct merkle_hash *out, unsigned level, uint64_t index, void *payload)
{
	const struct merkle_hash_array *a = payload;

	if (level > 0)
		return ERR_UNSUPPORTED;
	if (index >= a->n)
		return err_set(ERR_NOTFOUND, "no leaf %" PRIu64, index);
	*out = a->leaves[index];
	return 0;
}
