#include "util/compat.h"
#include "harness.h"
#include "core/secrets/secrets.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/hash.h"

#include <zlib.h>

/* CRC-32 against zlib's, on lengths around the table's edges */
static void test_crc32_matches_zlib(void)
{
	unsigned char b[300];

	for (size_t i = 0; i < sizeof(b); i++)
		b[i] = (unsigned char)(i * 131 + 7);
	for (size_t n = 0; n <= sizeof(b); n += 37)
		CHECK_INT(secrets_crc32(b, n), (uint32_t)crc32(0, b, (uInt)n));
	CHECK_INT(secrets_crc32("123456789", 9), 0xcbf43926u);
}

static void test_base62_padding(void)
{
	char out[7];

	secrets_base62_6(out, 0);
	CHECK_STR(out, "000000");
	secrets_base62_6(out, 61);
	CHECK_STR(out, "00000z");
	secrets_base62_6(out, 62);
	CHECK_STR(out, "000010");
	secrets_base62_6(out, 0xffffffffu); /* 4294967295 = 4 * 62^5 + ... */
	CHECK_STR(out, "4gfFC3");
}

static void test_entropy(void)
{
	CHECK(secrets_entropy("aaaaaaaa", 8) == 0);
	CHECK(secrets_entropy("abababab", 8) == 1);
	CHECK(secrets_entropy("0123456789abcdef", 16) == 4);
}

static void test_redaction_never_whole(void)
{
	const char *s = "ghp_abcdefghijklmnopqrstuvwxyz0123456789";
	char *r = secrets_redact(s, strlen(s));

	CHECK_STR(r, "ghp_\xe2\x80\xa6"
	             "6789");
	free(r);
	for (size_t n = 0; n < 30; n++) {
		r = secrets_redact(s, n);
		/* at most a fifth at each end */
		CHECK(strlen(r) - 3 <= 2 * (n / 5));
		free(r);
	}
}

static void test_placeholders(void)
{
	CHECK(secrets_placeholder("AKIAIOSFODNN7EXAMPLE", 20));
	CHECK(secrets_placeholder("ghp_xxxxxxxxxxxx", 16));
	CHECK(secrets_placeholder("sk_live_000000000000", 20));
	CHECK(secrets_placeholder("${TOKEN}", 8));
	CHECK(!secrets_placeholder("Zk3q9LmPw2Rt", 12));
}

static int scan(struct secrets *s, const char *text)
{
	return secrets_scan_mem(s, "t.txt", "t.txt", text, strlen(text), NULL, NULL, NULL);
}

/* A classic token: found with a valid checksum, not with a wrong one */
static void test_checksum_decides(void)
{
	struct secrets s = SECRETS_INIT;
	const char *body = "zQWBuTSOoRi4A9spHcVY5ncnsDkxkJ";
	char sum[7], tok[64], text[128];

	secrets_base62_6(sum, (uint32_t)crc32(0, (const unsigned char *)body, 30));
	snprintf(tok, sizeof(tok), "ghp_%s%s", body, sum);
	CHECK_OK(secrets_init(&s));
	snprintf(text, sizeof(text), "x\n  token: %s\n", tok);
	CHECK_OK(scan(&s, text));
	CHECK_INT(s.nfindings, 1);
	CHECK_STR(s.findings[0].rule, "github-pat");
	CHECK_INT(s.findings[0].line, 2);
	CHECK_INT(s.findings[0].column, 10);
	CHECK(!strstr(s.findings[0].redacted, body));
	tok[39] = tok[39] == 'A' ? 'B' : 'A';
	snprintf(text, sizeof(text), "token: %s\n", tok);
	CHECK_OK(scan(&s, text));
	CHECK_INT(s.nfindings, 1);
	/* inside a longer word: not a token */
	snprintf(text, sizeof(text), "xghp_%s%s\n", body, sum);
	CHECK_OK(scan(&s, text));
	CHECK_INT(s.nfindings, 1);
	secrets_release(&s);
}

/* A secret cut by a window boundary is found once, in the window that holds its start */
static void test_window_boundary(void)
{
	struct secrets s = SECRETS_INIT;
	const char *body = "Ab3dEf6hIj9kLm2oPq5sTu8wXy1zA4";
	char sum[7], tok[41];
	struct buf b = BUF_INIT;
	size_t lines = 0;

	secrets_base62_6(sum, (uint32_t)crc32(0, (const unsigned char *)body, 30));
	snprintf(tok, sizeof(tok), "npm_%s%s", body, sum);
	CHECK_OK(secrets_init(&s));
	/* the token straddles the end of the first window's own part */
	while (b.len < SECRETS_WINDOW - SECRETS_OVERLAP - 20) {
		buf_adds(&b, "filler line of text\n");
		lines++;
	}
	buf_adds(&b, tok);
	buf_adds(&b, "\n");
	while (b.len < 3 * SECRETS_WINDOW)
		buf_adds(&b, "more filler text\n");
	buf_adds(&b, "again ");
	buf_adds(&b, tok);
	buf_adds(&b, "\n");
	CHECK_OK(secrets_scan_mem(&s, "big", "big", b.ptr, b.len, NULL, NULL, NULL));
	CHECK_INT(s.nfindings, 2);
	CHECK_INT(s.findings[0].line, lines + 1);
	CHECK_INT(s.findings[0].column, 1);
	CHECK_STR(s.findings[0].fingerprint, s.findings[1].fingerprint);
	CHECK_INT(s.findings[1].column, 7);
	buf_release(&b);
	secrets_release(&s);
}

static void test_baseline_errors_name_the_line(void)
{
	struct secrets s = SECRETS_INIT;
	struct buf p = BUF_INIT;
	FILE *f;

	buf_addf(&p, "%s/b", harness_tmpdir());
	f = fopen(p.ptr, "w");
	CHECK(f != NULL);
	fputs("# c\n\n", f);
	for (int i = 0; i < 64; i++)
		fputc('a', f);
	fputs(" rule x:1\nnot-a-fingerprint\n", f);
	fclose(f);
	CHECK_INT(secrets_load_baseline(&s, p.ptr), ERR_PARSE);
	CHECK(strstr(err_msg(), ":4: ") != NULL);
	secrets_release(&s);
	buf_release(&p);
}

/* The generic rule: the keyword must be a word of the name; values must look random */
static void test_generic_assignments(void)
{
	static const struct {
		const char *text;
		int found;
	} cases[] = {
		{ "clientSecret = \"q8Zr2LmXw9Tb4Kc7Vn1P\"\n", 1 },
		{ "DB_PASSWORD: 'q8Zr2LmXw9Tb4Kc7Vn1P'\n", 1 },
		{ "\"api_key\" => \"q8Zr2LmXw9Tb4Kc7Vn1P\"\n", 1 },
		{ "tokens := \"q8Zr2LmXw9Tb4Kc7Vn1P\"\n", 1 },
		{ "secretlabs = \"q8Zr2LmXw9Tb4Kc7Vn1P\"\n", 0 },
		{ "opentokenlicense = \"q8Zr2LmXw9Tb4Kc7Vn1P\"\n", 0 },
		{ "token_type = \"q8Zr2LmXw9Tb4Kc7Vn1P\"\n", 0 },
		{ "password = \"aaaaaaaaaaaaaaaaaaaa\"\n", 0 },
		{ "password = \"${DB_PASSWORD_FROM_ENV1}\"\n", 0 },
		{ "secret = \"LicenseRef-scancode-secret-2011\"\n", 0 },
		{ "password = \"bm90IG15IHJlYWwgcGFzc3dvcmQ=\"\n", 0 },
		{ "# For example:\npassword = \"q8Zr2LmXw9Tb4Kc7Vn1P\"\n", 0 },
	};
	struct secrets s = SECRETS_INIT;

	CHECK_OK(secrets_init(&s));
	for (size_t i = 0; i < ARRAY_SIZE(cases); i++) {
		CHECK_OK(scan(&s, cases[i].text));
		if ((int)s.nfindings != cases[i].found)
			harness_fail(__FILE__, __LINE__, "%s: %zu findings", cases[i].text,
			             s.nfindings);
		secrets_reset(&s);
	}
	secrets_release(&s);
}

RUN_TESTS("secrets", T(test_crc32_matches_zlib), T(test_base62_padding), T(test_entropy),
          T(test_redaction_never_whole), T(test_placeholders), T(test_checksum_decides),
          T(test_window_boundary), T(test_baseline_errors_name_the_line),
          T(test_generic_assignments))
