#include "util/compat.h"
#include "harness.h"
#include "core/inventory/inventory.h"
#include "util/err.h"
#include "util/hash.h"

/*
 * A test extractor reading lines "name version [dep...]"; a line "!" reports
 * an error and goes on, so partial reads can be checked.
 */
static int lines_extract(struct extract_ctx *ctx, const char *data, size_t len)
{
	struct pkg *pk[16];
	size_t n = 0, line = 0;
	const char *p = data, *end = data + len;

	while (p < end && n < 16) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t l = nl ? (size_t)(nl - p) : (size_t)(end - p);
		char name[64], ver[64];
		const char *sp;

		line++;
		if (l == 1 && *p == '!') {
			extract_error(ctx, line, "bad line");
		} else if ((sp = memchr(p, ' ', l)) && (size_t)(sp - p) < 64 &&
		           l - (size_t)(sp - p) - 1 < 64) {
			memcpy(name, p, (size_t)(sp - p));
			name[sp - p] = '\0';
			memcpy(ver, sp + 1, l - (size_t)(sp - p) - 1);
			ver[l - (size_t)(sp - p) - 1] = '\0';
			pk[n] = extract_add(ctx, "npm", "npm", name[0] == '@' ? "@scope" : NULL,
			                    name[0] == '@' ? name + 1 : name, ver, line);
			CHECK(pk[n] != NULL);
			if (n)
				extract_edge(ctx, pk[0], pk[n]);
			n++;
		}
		p += l + 1;
	}
	return 0;
}

static const struct extractor lines_ex = { "test-lines", "npm", NULL, NULL, lines_extract, 0 };

static void test_merge_same_package_two_files(void)
{
	struct inventory inv = INVENTORY_INIT;
	const char *a = "root 1.0\nleft-pad 1.3.0\n@x 2.0\n", *b = "other 1\nleft-pad 1.3.0\n";

	CHECK_OK(inventory_read_as(&inv, &lines_ex, "a/lock", "a/lock", a, strlen(a), NULL));
	CHECK_OK(inventory_read_as(&inv, &lines_ex, "b/lock", "b/lock", b, strlen(b), NULL));
	inventory_sort(&inv);
	CHECK_INT(inv.npkgs, 4);
	CHECK_STR(inv.pkgs[0]->purl, "pkg:npm/%40scope/x@2.0");
	CHECK_STR(inv.pkgs[1]->purl, "pkg:npm/left-pad@1.3.0");
	CHECK_INT(inv.pkgs[1]->nlocs, 2);
	CHECK_STR(inv.pkgs[1]->locs[0].path, "a/lock");
	CHECK_INT(inv.pkgs[1]->locs[0].line, 2);
	CHECK_STR(inv.pkgs[1]->locs[1].path, "b/lock");
	CHECK_STR(inv.pkgs[1]->locs[1].extractor, "test-lines");
	CHECK_STR(inv.pkgs[3]->purl, "pkg:npm/root@1.0");
	CHECK_INT(inv.pkgs[3]->ndeps, 2);
	CHECK_STR(inv.pkgs[3]->deps[0], "pkg:npm/%40scope/x@2.0");
	CHECK_INT(inv.nfiles, 2);
	CHECK_INT(inv.nerrors, 0);
	inventory_release(&inv);
}

static void test_errors_are_recorded_and_work_goes_on(void)
{
	struct inventory inv = INVENTORY_INIT;
	const char *a = "one 1\n!\ntwo 2\n";

	CHECK_OK(inventory_read_as(&inv, &lines_ex, "x.lock", "x.lock", a, strlen(a), NULL));
	CHECK_INT(inv.npkgs, 2);
	CHECK_INT(inv.nerrors, 1);
	CHECK_INT(inv.ndiags, 1);
	CHECK_STR(inv.diags[0].path, "x.lock");
	CHECK_INT(inv.diags[0].line, 2);
	CHECK_STR(inv.diags[0].msg, "bad line");
	CHECK(inv.files[0].partial);
	inventory_release(&inv);
}

static int hash_extract(struct extract_ctx *ctx, const char *data, size_t len)
{
	struct pkg *p = extract_add(ctx, "npm", "npm", NULL, "h", "1", 1);

	CHECK(pkg_add_integrity(p, data));
	CHECK(!pkg_add_integrity(p, "sha512-notbase64!!"));
	CHECK(!pkg_add_integrity(p, "crc32-AAAA"));
	return 0;
}

static void test_integrity_forms(void)
{
	static const struct extractor ex = { "test-hash", "npm", NULL, NULL, hash_extract, 0 };
	struct inventory inv = INVENTORY_INIT;
	/* SHA-512 of "" in SRI form, and SHA-1 of "" in hex form */
	const char *sri = "sha512-z4PhNX7vuL3xVChQ1m2AB9Yg5AULVxXcg/"
	                  "SpIdNs6c5H0NE8XYXysP+DGNKHfuwvY7kxvUdBeoGlODJ6+SfaPg== "
	                  "sha1:da39a3ee5e6b4b0d3255bfef95601890afd80709";

	CHECK_OK(inventory_read_as(&inv, &ex, "f", "f", sri, strlen(sri), NULL));
	CHECK_INT(inv.pkgs[0]->nhashes, 2);
	inventory_sort(&inv);
	CHECK_STR(inv.pkgs[0]->hashes[0].alg, "SHA-1");
	CHECK_STR(inv.pkgs[0]->hashes[0].hex, "da39a3ee5e6b4b0d3255bfef95601890afd80709");
	CHECK_STR(inv.pkgs[0]->hashes[1].alg, "SHA-512");
	CHECK_STR(inv.pkgs[0]->hashes[1].hex,
	          "cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce"
	          "47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e");
	inventory_release(&inv);
}

/*
 * The SRI decoder against libsodium's (the one it replaced): random digests
 * of each length, with and without padding, and the same with one byte
 * changed, must be taken exactly when sodium_base642bin() takes them, with
 * the same bytes.
 */
static const char *sri_cases[600];
static bool sri_taken[600];
static size_t sri_n;

static int sri_extract(struct extract_ctx *ctx, const char *data, size_t len)
{
	(void)data;
	(void)len;
	for (size_t i = 0; i < sri_n; i++) {
		struct pkg *p = extract_add(ctx, "npm", "npm", NULL, "h", "1", i + 1);

		sri_taken[i] = pkg_add_integrity(p, sri_cases[i]);
	}
	return 0;
}

static void test_integrity_matches_sodium(void)
{
	static const struct extractor ex = { "test-sri", "npm", NULL, NULL, sri_extract, 0 };
	static const struct {
		const char *prefix;
		size_t bytes;
	} algs[] = {
		{ "md5", 16 }, { "sha1", 20 }, { "sha256", 32 }, { "sha384", 48 }, { "sha512", 64 }
	};
	static char text[600][200];
	static char want[600][129];
	struct inventory inv = INVENTORY_INIT;

	sri_n = 0;
	for (size_t round = 0; round < 60; round++) {
		for (size_t a = 0; a < ARRAY_SIZE(algs); a++) {
			unsigned char bin[64], back[96];
			char b64[100];
			size_t pl = strlen(algs[a].prefix), blen = 0;
			int variant = round & 1 ? sodium_base64_VARIANT_ORIGINAL_NO_PADDING
			                        : sodium_base64_VARIANT_ORIGINAL;
			char *t = text[sri_n];

			randombytes_buf(bin, algs[a].bytes);
			sodium_bin2base64(b64, sizeof(b64), bin, algs[a].bytes, variant);
			memcpy(t, algs[a].prefix, pl);
			t[pl] = '-';
			snprintf(t + pl + 1, sizeof(text[0]) - pl - 1, "%s", b64);
			if (round >= 20) {
				/* one byte of the digest changed to anything printable */
				size_t at = randombytes_uniform((uint32_t)strlen(b64));

				t[pl + 1 + at] = (char)(33 + randombytes_uniform(94));
			}
			if (sodium_base642bin(back, sizeof(back), t + pl + 1, strlen(t + pl + 1),
			                      NULL, &blen, NULL,
			                      sodium_base64_VARIANT_ORIGINAL) != 0 &&
			    sodium_base642bin(back, sizeof(back), t + pl + 1, strlen(t + pl + 1),
			                      NULL, &blen, NULL,
			                      sodium_base64_VARIANT_ORIGINAL_NO_PADDING) != 0)
				blen = 0;
			if (blen == algs[a].bytes)
				hex_encode(want[sri_n], back, blen);
			else
				want[sri_n][0] = '\0';
			sri_cases[sri_n++] = t;
		}
	}
	CHECK_OK(inventory_read_as(&inv, &ex, "f", "f", "", 0, NULL));
	CHECK_INT(inv.npkgs, 1); /* one purl: every case merged, each hash kept */
	for (size_t i = 0; i < sri_n; i++) {
		bool found = false;

		CHECK(sri_taken[i] == (want[i][0] != '\0'));
		for (size_t k = 0; want[i][0] && k < inv.pkgs[0]->nhashes; k++)
			found |= !strcmp(inv.pkgs[0]->hashes[k].hex, want[i]);
		CHECK(found == (want[i][0] != '\0'));
	}
	inventory_release(&inv);
}

static void test_scan_missing_path(void)
{
	struct inventory inv = INVENTORY_INIT;

	CHECK_INT(inventory_scan(&inv, "/nonexistent/vouch", NULL), ERR_IO);
	CHECK(strstr(err_msg(), "/nonexistent/vouch") != NULL);
	inventory_release(&inv);
}

/* A test extractor: package "root" depending on d<first> .. d<first+count-1>, all version 1. */
static size_t wide_first, wide_count;

static void dep_name(char out[16], size_t k)
{
	/* zero-padded, so that the order of the purls is the order of k */
	out[0] = 'd';
	for (int i = 7; i >= 1; i--, k /= 10)
		out[i] = (char)('0' + k % 10);
	out[8] = '\0';
}

static int wide_extract(struct extract_ctx *ctx, const char *data, size_t len)
{
	struct pkg *root = extract_add(ctx, "npm", "npm", NULL, "root", "1", 1);
	char name[16];

	(void)data;
	(void)len;
	CHECK(root != NULL);
	for (size_t k = wide_first; k < wide_first + wide_count; k++) {
		struct pkg *d;

		dep_name(name, k);
		d = extract_add(ctx, "npm", "npm", NULL, name, "1", k - wide_first + 2);
		CHECK(d != NULL);
		extract_edge(ctx, root, d);
	}
	return 0;
}

/*
 * One package found in many files with many dependencies: the files' lists overlap (each
 * starts STEP past the last and holds WIDTH), then many small files add one each. Merging
 * by a scan per dependency took seconds here; the result must be the union, once each.
 */
static void test_merge_many_deps(void)
{
	static const struct extractor ex = { "test-wide", "npm", NULL, NULL, wide_extract, 0 };
	enum { FILES = 8, WIDTH = 12000, STEP = 3000, SMALL = 3000 };
	const size_t big = (FILES - 1) * STEP + WIDTH, all = big + SMALL;
	struct inventory inv = INVENTORY_INIT;
	struct pkg *root = NULL;
	char path[32], name[16], want[32];

	for (size_t f = 0; f < FILES; f++) {
		wide_first = f * STEP;
		wide_count = WIDTH;
		snprintf(path, sizeof(path), "big%zu/lock", f);
		CHECK_OK(inventory_read_as(&inv, &ex, path, path, "x", 1, NULL));
	}
	/* then the other way round: a long list merged with many short ones */
	for (size_t f = 0; f < SMALL; f++) {
		wide_first = big + f;
		wide_count = f % 2 ? 1 : 0;
		snprintf(path, sizeof(path), "small%zu/lock", f);
		CHECK_OK(inventory_read_as(&inv, &ex, path, path, "x", 1, NULL));
		/* and one already there, from the middle of the long list */
		wide_first = (f * 7919) % big;
		wide_count = 1;
		snprintf(path, sizeof(path), "again%zu/lock", f);
		CHECK_OK(inventory_read_as(&inv, &ex, path, path, "x", 1, NULL));
	}
	inventory_sort(&inv);
	CHECK_INT(inv.npkgs, big + SMALL / 2 + 1);
	for (size_t i = 0; i < inv.npkgs; i++)
		if (!strcmp(inv.pkgs[i]->name, "root"))
			root = inv.pkgs[i];
	CHECK(root != NULL);
	CHECK_INT(root->nlocs, FILES + 2 * SMALL);
	CHECK_INT(root->ndeps, all - SMALL / 2);
	for (size_t k = 0, i = 0; k < all; k++) {
		if (k >= big && (k - big) % 2 == 0)
			continue; /* the small files of even number add none */
		dep_name(name, k);
		snprintf(want, sizeof(want), "pkg:npm/%s@1", name);
		if (strcmp(root->deps[i], want))
			harness_fail(__FILE__, __LINE__, "deps[%zu] is %s, want %s", i,
			             root->deps[i], want);
		i++;
	}
	inventory_release(&inv);
}

static size_t sets_file;

/*
 * One package whose lists pass the size at which they get hash sets: 40
 * hashes added, then again in upper case (the same digests); properties and
 * deps by purl that repeat across files.
 */
static int sets_extract(struct extract_ctx *ctx, const char *data, size_t len)
{
	struct pkg *p = extract_add(ctx, "npm", "npm", NULL, "one", "1", 1);
	char hex[41], v[32];

	for (int pass = 0; pass < 2; pass++)
		for (size_t i = 0; i < 40; i++) {
			snprintf(hex, sizeof(hex), "%s%038zx", pass ? "AB" : "ab", i);
			pkg_add_hash(p, "SHA-1", hex);
		}
	for (size_t i = 0; i < 30; i++) {
		snprintf(v, sizeof(v), "v%zu", (i + sets_file) % 30);
		pkg_add_prop(p, "k", v);
		snprintf(v, sizeof(v), "pkg:npm/d%zu@1", (i * 7 + sets_file) % 50);
		pkg_add_dep_purl(p, v);
		pkg_add_dep_purl(p, v);
	}
	return 0;
}

static void test_long_lists_dedup(void)
{
	static const struct extractor ex = { "test-sets", "npm", NULL, NULL, sets_extract, 0 };
	struct inventory inv = INVENTORY_INIT;
	char path[32];

	for (sets_file = 0; sets_file < 100; sets_file++) {
		snprintf(path, sizeof(path), "f%zu/lock", sets_file);
		CHECK_OK(inventory_read_as(&inv, &ex, path, path, "x", 1, NULL));
		CHECK_OK(inventory_read_as(&inv, &ex, path, path, "x", 1, NULL)); /* same place */
	}
	inventory_sort(&inv);
	CHECK_INT(inv.npkgs, 1);
	CHECK_INT(inv.pkgs[0]->nhashes, 40);
	CHECK_INT(inv.pkgs[0]->nprops, 30);
	CHECK_INT(inv.pkgs[0]->ndeps, 50);
	CHECK_INT(inv.pkgs[0]->nlocs, 100);
	CHECK_STR(inv.pkgs[0]->hashes[39].hex, "ab00000000000000000000000000000000000027");
	inventory_release(&inv);
}

/*
 * Adds "pkgN" 1.0.0 for N below the number the file holds, each with a
 * property and an edge from the first; stops when the budget refuses.
 */
static int many_extract(struct extract_ctx *ctx, const char *data, size_t len)
{
	size_t n = strtoul(data, NULL, 10);
	struct pkg *first = NULL;

	(void)len;
	for (size_t i = 0; i < n; i++) {
		char name[32];
		struct pkg *p;

		snprintf(name, sizeof(name), "pkg%zu", i);
		p = extract_add(ctx, "npm", "npm", NULL, name, "1.0.0", i + 1);
		if (!p)
			return err_code();
		pkg_add_prop(p, "vouch:test", "a value");
		if (first)
			extract_edge(ctx, first, p);
		else
			first = p;
	}
	return 0;
}

static const struct extractor many_ex = { "test-many", "npm", NULL, NULL, many_extract, 0 };

static void test_budget_counts_places_not_copies(void)
{
	struct inventory inv = INVENTORY_INIT;
	size_t one, two;

	CHECK_OK(inventory_read_as(&inv, &many_ex, "a/lock", "a/lock", "1000", 4, NULL));
	one = inv.bytes;
	/* each package holds at least its struct, name, version, purl and property */
	CHECK(one > 1000 * (sizeof(struct pkg) + 40));
	CHECK(one < 1000 * 1024);
	/* found again elsewhere: a location each (and the file's path, once), not a copy */
	CHECK_OK(inventory_read_as(&inv, &many_ex, "b/lock", "b/lock", "1000", 4, NULL));
	two = inv.bytes;
	CHECK_INT(inv.npkgs, 1000);
	CHECK(two > one);
	CHECK(two - one < 1000 * 2 * sizeof(struct pkg_loc) + 1024);
	inventory_release(&inv);
}

static void test_budget_refuses_and_keeps(void)
{
	struct inventory inv = INVENTORY_INIT;
	size_t kept;

	inv.max_bytes = 200000;
	CHECK_OK(inventory_read_as(&inv, &many_ex, "a/lock", "a/lock", "5000", 4, NULL));
	kept = inv.npkgs;
	CHECK(kept > 100);
	CHECK(kept < 5000);
	CHECK_INT(inv.nerrors, 1);
	CHECK_STR(inv.diags[0].path, "a/lock");
	CHECK(strstr(inv.diags[0].msg, "limit of 200000 bytes") != NULL);
	CHECK(inv.files[0].partial);
	/* a later file is refused and named too; what was recorded stays */
	CHECK_OK(inventory_read_as(&inv, &many_ex, "b/lock", "b/lock", "10", 2, NULL));
	CHECK_INT(inv.nerrors, 2);
	CHECK_STR(inv.diags[1].path, "b/lock");
	CHECK_INT(inv.npkgs, kept);
	inventory_sort(&inv);
	CHECK_STR(inv.pkgs[0]->purl, "pkg:npm/pkg0@1.0.0");
	CHECK(inv.pkgs[0]->ndeps > 0);
	inventory_release(&inv);
}

RUN_TESTS("inventory", T(test_merge_same_package_two_files),
          T(test_errors_are_recorded_and_work_goes_on), T(test_integrity_forms),
          T(test_integrity_matches_sodium), T(test_scan_missing_path), T(test_merge_many_deps),
          T(test_long_lists_dedup), T(test_budget_counts_places_not_copies),
          T(test_budget_refuses_and_keeps))
