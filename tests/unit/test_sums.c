#include "util/compat.h"
#include "harness.h"
#include "core/integrity/sums.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/hash.h"

#include <sys/stat.h>

static void test_roundtrip_with_escapes(void)
{
	struct sums s = SUMS_INIT;
	struct buf out = BUF_INIT;
	uint8_t h[32];

	hash_sha256(h, "", 0);
	CHECK_OK(sums_add_line(&out, h, "plain name"));
	CHECK_OK(sums_add_line(&out, h, "a\\b\nc"));
	CHECK_STR(
	        out.ptr,
	        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  plain name\n"
	        "\\e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  a\\\\b\\nc\n");
	CHECK_OK(sums_parse(&s, out.ptr, out.len, "SUMS"));
	CHECK_INT(s.n, 2);
	CHECK_STR(s.v[0].name, "plain name");
	CHECK_STR(s.v[1].name, "a\\b\nc");
	CHECK_INT(s.v[1].lineno, 2);
	CHECK(!memcmp(s.v[1].sha256, h, 32));
	sums_release(&s);
	buf_release(&out);
}

static void expect_bad(const char *text, const char *needle)
{
	struct sums s = SUMS_INIT;

	CHECK(sums_parse(&s, text, strlen(text), "S") < 0);
	if (!strstr(err_msg(), needle))
		harness_fail(__FILE__, __LINE__, "message '%s' lacks '%s'", err_msg(), needle);
	sums_release(&s);
}

#define H "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

static void test_parse_errors(void)
{
	struct sums s = SUMS_INIT;

	CHECK_OK(sums_parse(&s, H " *binary\n\n", strlen(H) + 10, "S"));
	CHECK_STR(s.v[0].name, "binary");
	sums_release(&s);
	expect_bad(H " x\n", "S:1: expected 'SHA256  NAME'");
	expect_bad("ok\n" H "  ../etc/passwd\n", "S:1:");
	expect_bad(H "  ../etc/passwd\n", "S:1: name '../etc/passwd'");
	expect_bad(H "  /etc/passwd\n", "absolute");
	expect_bad(H "  a/../../b\n", "goes up");
	expect_bad("\\" H "  a\\qb\n", "bad escape");
	expect_bad("E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855  x\n",
	           "upper-case");
}

static int count_error(const char *path, void *payload)
{
	(*(int *)payload)++;
	return 0;
}

static void test_collect_sorted_and_excluding(void)
{
	const char *dir = harness_tmpdir();
	const char *const excl[] = { "SHA256SUMS" };
	struct sums s = SUMS_INIT;
	struct buf p = BUF_INIT;
	size_t nerr;
	int calls = 0;
	static const char *const names[] = { "b", "a-b", "a/x", "SHA256SUMS" };

	for (size_t i = 0; i < ARRAY_SIZE(names); i++) {
		FILE *f;

		buf_reset(&p);
		CHECK_OK(buf_addf(&p, "%s/a", dir));
		mkdir(p.ptr, 0755);
		buf_reset(&p);
		CHECK_OK(buf_addf(&p, "%s/%s", dir, names[i]));
		f = fopen(p.ptr, "w");
		CHECK(f && fputs(names[i], f) >= 0 && fclose(f) == 0);
	}
	CHECK_OK(sums_collect(&s, &nerr, dir, excl, 1, count_error, &calls));
	CHECK_INT(nerr, 0);
	CHECK_INT(s.n, 3);
	/* byte order of the whole path: '-' (0x2d) sorts before '/' (0x2f) */
	CHECK_STR(s.v[0].name, "a-b");
	CHECK_STR(s.v[1].name, "a/x");
	CHECK_STR(s.v[2].name, "b");
	sums_release(&s);
	buf_release(&p);
}

RUN_TESTS("sums", T(test_roundtrip_with_escapes), T(test_parse_errors),
          T(test_collect_sorted_and_excluding))
