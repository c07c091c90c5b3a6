#include "util/compat.h"
#include "harness.h"
#include "core/integrity/merkle.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/hash.h"
#include "util/num.h"
#include "util/fs.h"

#include <dirent.h>
#include <jansson.h>

/*
 * The transparency-dev/merkle test vectors in ../shared/corpus/merkle:
 * inclusion/ and consistency/ (every folder), each a JSON file with
 * wantErr. The subtree* folders are Merkle Tree Certificate proofs, which
 * vouch does not implement.
 */

/* Integers in the vectors reach 2^64 - 1, beyond jansson's int range: read them raw. */
static bool raw_u64(uint64_t *out, const char *text, const char *key)
{
	char pat[64];
	const char *p, *q;

	snprintf(pat, sizeof(pat), "\"%s\":", key);
	p = strstr(text, pat);
	if (!p)
		return false;
	p += strlen(pat);
	while (*p == ' ')
		p++;
	for (q = p; *q >= '0' && *q <= '9'; q++)
		;
	return num_parse_u64(out, p, (size_t)(q - p), UINT64_MAX, 0) == 0;
}

static bool b64(struct buf *out, const json_t *v)
{
	const char *s = json_string_value(v);
	size_t n = 0;

	buf_reset(out);
	if (!s)
		return v == NULL || json_is_null(v);
	if (buf_grow(out, strlen(s)) < 0)
		return false;
	if (sodium_base642bin((unsigned char *)out->ptr, out->alloc, s, strlen(s), NULL, &n, NULL,
	                      sodium_base64_VARIANT_ORIGINAL) != 0)
		return false;
	out->len = n;
	return true;
}

/* Decodes a proof array; false when an element is not a 32-byte hash. */
static bool proof_of(struct merkle_path *p, const json_t *arr)
{
	struct buf h = BUF_INIT;
	bool ok = true;

	p->n = 0;
	if (arr && !json_is_null(arr)) {
		if (!json_is_array(arr) || json_array_size(arr) > MERKLE_MAX_PATH)
			return false;
		for (size_t i = 0; i < json_array_size(arr) && ok; i++) {
			ok = b64(&h, json_array_get(arr, i)) && h.len == MERKLE_HASH_LEN;
			if (ok)
				memcpy(p->h[p->n++].b, h.ptr, MERKLE_HASH_LEN);
		}
	}
	buf_release(&h);
	return ok;
}

static int check_inclusion(const char *text, json_t *v)
{
	uint64_t idx, size;
	struct buf root = BUF_INIT, leaf = BUF_INIT;
	struct merkle_path *p = xmalloc(sizeof(*p));
	struct merkle_hash lh;
	int r = ERR_VERIFY;

	if (!raw_u64(&idx, text, "leafIdx") || !raw_u64(&size, text, "treeSize"))
		goto done;
	if (!b64(&root, json_object_get(v, "root")) || !b64(&leaf, json_object_get(v, "leafHash")))
		goto done;
	if (leaf.len != MERKLE_HASH_LEN || !proof_of(p, json_object_get(v, "proof")))
		goto done;
	memcpy(lh.b, leaf.ptr, MERKLE_HASH_LEN);
	r = merkle_verify_inclusion(idx, size, &lh, p->h, p->n, (const uint8_t *)root.ptr,
	                            root.len);
done:
	free(p);
	buf_release(&root);
	buf_release(&leaf);
	return r;
}

static int check_consistency(const char *text, json_t *v)
{
	uint64_t s1, s2;
	struct buf r1 = BUF_INIT, r2 = BUF_INIT;
	struct merkle_path *p = xmalloc(sizeof(*p));
	int r = ERR_VERIFY;

	if (!raw_u64(&s1, text, "size1") || !raw_u64(&s2, text, "size2"))
		goto done;
	if (!b64(&r1, json_object_get(v, "root1")) || !b64(&r2, json_object_get(v, "root2")))
		goto done;
	if (!proof_of(p, json_object_get(v, "proof")))
		goto done;
	r = merkle_verify_consistency(s1, s2, (const uint8_t *)r1.ptr, r1.len,
	                              (const uint8_t *)r2.ptr, r2.len, p->h, p->n);
done:
	free(p);
	buf_release(&r1);
	buf_release(&r2);
	return r;
}

static void run_dir(const char *dir, bool inclusion_kind, size_t *npass, size_t *nfail,
                    struct buf *bad)
{
	struct buf path = BUF_INIT, data = BUF_INIT;
	struct dirent **names = NULL;
	int n = scandir(dir, &names, NULL, alphasort);

	for (int i = 0; i < n; i++) {
		const char *name = names[i]->d_name;
		json_t *v;
		json_error_t je;
		int r;
		bool want_err;
		size_t len = strlen(name);

		buf_reset(&path);
		buf_addf(&path, "%s/%s", dir, name);
		if (name[0] == '.')
			goto next;
		if (len < 5 || strcmp(name + len - 5, ".json")) {
			run_dir(path.ptr, inclusion_kind, npass, nfail, bad);
			goto next;
		}
		buf_reset(&data);
		CHECK_OK(buf_read_file(&data, path.ptr));
		v = json_loadb(data.ptr, data.len, JSON_DECODE_INT_AS_REAL, &je);
		CHECK(v != NULL);
		want_err = json_is_true(json_object_get(v, "wantErr"));
		r = inclusion_kind ? check_inclusion(data.ptr, v) : check_consistency(data.ptr, v);
		if (want_err && r == 0)
			buf_addf(bad, "  accepted %s\n", path.ptr);
		else if (!want_err && r != 0)
			buf_addf(bad, "  rejected %s: %s\n", path.ptr, err_msg());
		else if (want_err)
			(*nfail)++;
		else
			(*npass)++;
		json_decref(v);
	next:
		free(names[i]);
	}
	free(names);
	buf_release(&path);
	buf_release(&data);
}

static void run_vectors(const char *kind, size_t *npass, size_t *nfail, struct buf *bad)
{
	const char *corpus = need_corpus();
	struct buf top = BUF_INIT;

	buf_addf(&top, "%s/merkle/%s", corpus, kind);
	if (!fs_exists(top.ptr))
		harness_skip("no %s", top.ptr);
	run_dir(top.ptr, !strcmp(kind, "inclusion"), npass, nfail, bad);
	buf_release(&top);
}

static void test_inclusion_vectors(void)
{
	struct buf bad = BUF_INIT;
	size_t np = 0, nf = 0;

	run_vectors("inclusion", &np, &nf, &bad);
	if (bad.len)
		harness_fail(__FILE__, __LINE__, "inclusion vectors:\n%s", bad.ptr);
	printf("# inclusion vectors: %zu accepted as wanted, %zu rejected as wanted\n", np, nf);
	CHECK(np >= 5 && nf >= 50);
	buf_release(&bad);
}

static void test_consistency_vectors(void)
{
	struct buf bad = BUF_INIT;
	size_t np = 0, nf = 0;

	run_vectors("consistency", &np, &nf, &bad);
	if (bad.len)
		harness_fail(__FILE__, __LINE__, "consistency vectors:\n%s", bad.ptr);
	printf("# consistency vectors: %zu accepted as wanted, %zu rejected as wanted\n", np, nf);
	CHECK(np >= 5 && nf >= 50);
	buf_release(&bad);
}

/*
 * A source that keeps every complete subtree, as the log's hash file does:
 * proofs from it must equal proofs from leaves alone.
 */
struct full_tree {
	struct merkle_hash *levels[64];
	uint64_t count[64];
};

static int full_get(struct merkle_hash *out, unsigned level, uint64_t index, void *payload)
{
	struct full_tree *t = payload;

	if (level >= 64 || index >= t->count[level])
		return err_set(ERR_NOTFOUND, "no node %u/%" PRIu64, level, index);
	*out = t->levels[level][index];
	return 0;
}

static void test_proofs_round_trip(void)
{
	enum { N = 70 };
	struct merkle_hash leaves[N];
	struct merkle_hash_array arr = { leaves, N };
	struct merkle_source asrc = { merkle_array_get, &arr };
	struct full_tree t = { { NULL }, { 0 } };
	struct merkle_source fsrc = { full_get, &t };
	struct merkle_path *a = xmalloc(sizeof(*a)), *b = xmalloc(sizeof(*b));
	struct merkle_hash ra, rb, r1;

	for (unsigned i = 0; i < N; i++) {
		uint8_t d[4] = { (uint8_t)i, 1, 2, 3 };

		merkle_leaf_hash(&leaves[i], d, i % 5);
	}
	t.levels[0] = leaves;
	t.count[0] = N;
	for (unsigned l = 1; t.count[l - 1] >= 2; l++) {
		t.count[l] = t.count[l - 1] / 2;
		t.levels[l] = xcalloc(t.count[l], sizeof(struct merkle_hash));
		for (uint64_t i = 0; i < t.count[l]; i++)
			merkle_node_hash(&t.levels[l][i], &t.levels[l - 1][2 * i],
			                 &t.levels[l - 1][2 * i + 1]);
	}
	for (uint64_t n = 1; n <= N; n++) {
		CHECK_OK(merkle_root(&ra, &asrc, 0, n));
		CHECK_OK(merkle_root(&rb, &fsrc, 0, n));
		CHECK(!memcmp(ra.b, rb.b, 32));
		for (uint64_t m = 0; m < n; m++) {
			CHECK_OK(merkle_inclusion_proof(a, &asrc, m, n));
			CHECK_OK(merkle_inclusion_proof(b, &fsrc, m, n));
			CHECK(a->n == b->n && !memcmp(a->h, b->h, a->n * sizeof(a->h[0])));
			CHECK_OK(merkle_verify_inclusion(m, n, &leaves[m], a->h, a->n, ra.b, 32));
			CHECK(merkle_verify_inclusion(m, n, &leaves[(m + 1) % N], a->h, a->n, ra.b,
			                              32) == ERR_VERIFY);
			if (a->n)
				CHECK(merkle_verify_inclusion(m, n, &leaves[m], a->h, a->n - 1,
				                              ra.b, 32) == ERR_VERIFY);
		}
		for (uint64_t m = 1; m <= n; m++) {
			CHECK_OK(merkle_root(&r1, &asrc, 0, m));
			CHECK_OK(merkle_consistency_proof(a, &asrc, m, n));
			CHECK_OK(merkle_consistency_proof(b, &fsrc, m, n));
			CHECK(a->n == b->n && !memcmp(a->h, b->h, a->n * sizeof(a->h[0])));
			CHECK_OK(merkle_verify_consistency(m, n, r1.b, 32, ra.b, 32, a->h, a->n));
			if (m < n)
				CHECK(merkle_verify_consistency(m, n, ra.b, 32, r1.b, 32, a->h,
				                                a->n) == ERR_VERIFY);
		}
	}
	CHECK(merkle_consistency_proof(a, &asrc, 0, 3) == ERR_USAGE);
	CHECK(merkle_inclusion_proof(a, &asrc, 3, 3) == ERR_USAGE);
	for (unsigned l = 1; l < 64; l++)
		free(t.levels[l]);
	free(a);
	free(b);
}

static void test_empty_and_leaf(void)
{
	struct merkle_hash h;
	char hex[65];

	merkle_empty_root(&h);
	hex_encode(hex, h.b, 32);
	/* SHA-256 of no bytes, as the transparency-dev reference tree's size 0 root */
	CHECK_STR(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	CHECK_INT(merkle_split(2), 1);
	CHECK_INT(merkle_split(3), 2);
	CHECK_INT(merkle_split(8), 4);
	CHECK_INT(merkle_split(9), 8);
}

RUN_TESTS("merkle", T(test_empty_and_leaf), T(test_inclusion_vectors), T(test_consistency_vectors),
          T(test_proofs_round_trip))
