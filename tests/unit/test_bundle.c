#include "util/compat.h"
#include "harness.h"
#include "core/bundle/bundle.h"
#include "util/buf.h"
#include "util/err.h"

/* A name longer than ustar's 100 bytes: written with a pax header, read back whole. */
#define LONG_NAME                                                                                  \
	"provenance/a-very-long-provenance-envelope-name-that-does-not-fit-in-a-ustar-header-"     \
	"of-one-hundred-bytes.intoto.jsonl"

static void fill(struct bundle_archive *a)
{
	CHECK_OK(bundle_archive_add(a, "b.txt", "bee\n", 4, "text/plain"));
	CHECK_OK(bundle_archive_add(a, "a/x.json", "{}", 2, "application/json"));
	CHECK_OK(bundle_archive_add(a, LONG_NAME, "long", 4, NULL));
	CHECK_OK(bundle_archive_add(a, "empty", "", 0, NULL));
}

static void test_roundtrip_sorted_and_deterministic(void)
{
	struct bundle_archive a = BUNDLE_ARCHIVE_INIT, b = BUNDLE_ARCHIVE_INIT,
	                      r = BUNDLE_ARCHIVE_INIT;
	struct buf t1 = BUF_INIT, t2 = BUF_INIT;

	fill(&a);
	fill(&b);
	CHECK_OK(bundle_tar_write(&t1, &a, 1700000000));
	CHECK_OK(bundle_tar_write(&t2, &b, 1700000000));
	CHECK_INT(t1.len, t2.len);
	CHECK(!memcmp(t1.ptr, t2.ptr, t1.len));
	CHECK_INT(t1.len % 512, 0);
	CHECK_OK(bundle_tar_read(&r, t1.ptr, t1.len));
	CHECK(r.damage == NULL);
	CHECK_INT(r.n, 4);
	CHECK_STR(r.v[0].path, "a/x.json");
	CHECK_STR(r.v[1].path, "b.txt");
	CHECK_STR(r.v[2].path, "empty");
	CHECK_STR(r.v[3].path, LONG_NAME);
	for (size_t i = 0; i < r.n; i++)
		CHECK(r.v[i].problem == NULL);
	CHECK(bundle_archive_get(&r, "b.txt") && !memcmp(r.v[1].data.ptr, "bee\n", 4));
	CHECK_INT(bundle_archive_get(&r, "empty")->data.len, 0);
	CHECK(bundle_archive_get(&r, "missing") == NULL);
	bundle_archive_release(&a);
	bundle_archive_release(&b);
	bundle_archive_release(&r);
	buf_release(&t1);
	buf_release(&t2);
}

static void expect_refused(const char *name)
{
	struct bundle_archive a = BUNDLE_ARCHIVE_INIT;
	struct buf t = BUF_INIT;

	CHECK_OK(bundle_archive_add(&a, name, "x", 1, NULL));
	if (bundle_tar_write(&t, &a, 0) != ERR_USAGE)
		harness_fail(__FILE__, __LINE__, "'%s' was not refused", name);
	bundle_archive_release(&a);
	buf_release(&t);
}

static void test_unsafe_names_refused_on_writing(void)
{
	struct bundle_archive a = BUNDLE_ARCHIVE_INIT;
	struct buf t = BUF_INIT;

	expect_refused("/abs");
	expect_refused("../up");
	expect_refused("a/../b");
	expect_refused("a//b");
	expect_refused("./a");
	expect_refused("a/");
	expect_refused("");
	expect_refused("a\\b");
	expect_refused("a\nb");
	CHECK_OK(bundle_archive_add(&a, "same", "1", 1, NULL));
	CHECK_OK(bundle_archive_add(&a, "same", "2", 1, NULL));
	CHECK(bundle_tar_write(&t, &a, 0) == ERR_USAGE);
	CHECK(strstr(err_msg(), "twice") != NULL);
	bundle_archive_release(&a);
	buf_release(&t);
}

static void test_garbage_and_limits(void)
{
	struct bundle_archive r = BUNDLE_ARCHIVE_INIT;
	char junk[1024];

	memset(junk, 'A', sizeof(junk));
	CHECK_OK(bundle_tar_read(&r, junk, sizeof(junk)));
	CHECK(r.damage != NULL);
	bundle_archive_release(&r);
	CHECK(bundle_tar_read(&r, junk, BUNDLE_MAX_SIZE + 1) == ERR_TOOBIG);
	bundle_archive_release(&r);
	CHECK(bundle_archive_add(&r, "big", junk, BUNDLE_MAX_MEMBER + 1, NULL) == ERR_TOOBIG);
	bundle_archive_release(&r);
}

static void test_verify_of_nothing_names_the_manifest(void)
{
	struct bundle_archive a = BUNDLE_ARCHIVE_INIT;
	struct bundle_result res = BUNDLE_RESULT_INIT;
	struct minisign_pubkey pk;
	struct buf t = BUF_INIT;
	bool named = false;

	memset(&pk, 0x42, sizeof(pk));
	CHECK_OK(bundle_archive_add(&a, "security.txt", "Contact: x\n", 11, NULL));
	CHECK_OK(bundle_tar_write(&t, &a, 0));
	CHECK_OK(bundle_verify(&res, NULL, t.ptr, t.len, &pk, NULL));
	CHECK(res.nfailed >= 1);
	for (size_t i = 0; i < res.n; i++)
		named |= !strcmp(res.v[i].member, "manifest.json") &&
		         !strcmp(res.v[i].check, "present") && !res.v[i].ok;
	CHECK(named);
	bundle_result_release(&res);
	bundle_archive_release(&a);
	buf_release(&t);
}

RUN_TESTS("bundle", T(test_roundtrip_sorted_and_deterministic),
          T(test_unsafe_names_refused_on_writing), T(test_garbage_and_limits),
          T(test_verify_of_nothing_names_the_manifest))
