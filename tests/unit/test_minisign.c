#include "util/compat.h"
#include "harness.h"
#include "core/integrity/minisign.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/hash.h"

#include <sodium.h>

static const char *fixture(struct buf *b, const char *name)
{
	const char *top = getenv("VOUCH_TOP");

	buf_reset(b);
	if (buf_addf(b, "%s/tests/fixtures/minisign/%s", top ? top : ".", name) < 0)
		harness_fail(__FILE__, __LINE__, "path");
	return b->ptr;
}

/* The key id shown in the .pub comment by minisign itself is the little-endian reading. */
static void test_keyid_display_matches_minisign(void)
{
	struct buf p = BUF_INIT, text = BUF_INIT;
	struct minisign_pubkey k;
	char hex[17];
	const char *comment;

	CHECK_OK(minisign_pubkey_load(&k, fixture(&p, "minisign.pub")));
	CHECK_OK(buf_read_file(&text, p.ptr));
	minisign_keyid_hex(hex, k.keyid);
	comment = strstr(text.ptr, "public key ");
	CHECK(comment != NULL);
	CHECK(!strncmp(comment + strlen("public key "), hex, 16));
	buf_release(&p);
	buf_release(&text);
}

static void test_pubkey_bare_and_file_forms(void)
{
	struct buf p = BUF_INIT, text = BUF_INIT;
	struct minisign_pubkey a, b;
	const char *nl;

	CHECK_OK(buf_read_file(&text, fixture(&p, "minisign.pub")));
	CHECK_OK(minisign_pubkey_parse(&a, text.ptr, text.len));
	nl = strchr(text.ptr, '\n');
	CHECK_OK(minisign_pubkey_parse(&b, nl + 1, strlen(nl + 1)));
	CHECK(!memcmp(&a, &b, sizeof(a)));
	/* CRLF line ends are fine too */
	buf_reset(&p);
	CHECK_OK(buf_add(&p, text.ptr, (size_t)(nl - text.ptr)));
	CHECK_OK(buf_adds(&p, "\r\n"));
	CHECK_OK(buf_adds(&p, nl + 1));
	CHECK_OK(minisign_pubkey_parse(&b, p.ptr, p.len));
	CHECK(!memcmp(&a, &b, sizeof(a)));
	buf_release(&p);
	buf_release(&text);
}

static void expect_pub_error(const char *text, int code, const char *needle)
{
	struct minisign_pubkey k;

	CHECK_INT(minisign_pubkey_parse_named(&k, text, strlen(text), "k.pub"), code);
	if (!strstr(err_msg(), needle))
		harness_fail(__FILE__, __LINE__, "message '%s' lacks '%s'", err_msg(), needle);
}

static void test_pubkey_errors_name_file_and_line(void)
{
	expect_pub_error("untrusted comment: x\n", ERR_PARSE,
	                 "k.pub:1: public key file is truncated");
	expect_pub_error(
	        "untrusted comment: x\nRWSVHP/4NhqFN1qMXTGs32std4mVoAdgZbltMCiIIQE+YW2Cix\n",
	        ERR_PARSE, "k.pub:2: public key: expected 56 base64 characters");
	expect_pub_error(
	        "untrusted comment: x\nRWSVHP/4NhqFN1qMXTGs32std4mVoAdgZbltMCiIIQE+YW2Cixkx!HZz\n",
	        ERR_PARSE, "k.pub:2: public key: not valid base64");
	/* "Ee" instead of "Ed": the first two bytes name the algorithm */
	expect_pub_error(
	        "untrusted comment: x\nRWWVHP/4NhqFN1qMXTGs32std4mVoAdgZbltMCiIIQE+YW2CixkxmHZz\n",
	        ERR_UNSUPPORTED, "algorithm 'Ee'");
	expect_pub_error("untrusted comment: "
	                 "x\nRWSVHP/4NhqFN1qMXTGs32std4mVoAdgZbltMCiIIQE+YW2CixkxmHZz\nmore\n",
	                 ERR_PARSE, "k.pub:3: unexpected text");
	expect_pub_error("comment: x\nRWSVHP/4NhqFN1qMXTGs32std4mVoAdgZbltMCiIIQE+YW2CixkxmHZz\n",
	                 ERR_PARSE, "k.pub:1:");
}

static void test_minisign_signature_verifies(void)
{
	struct buf p = BUF_INIT, q = BUF_INIT, data = BUF_INIT;
	struct minisign_pubkey k;
	struct minisign_sig s = MINISIGN_SIG_INIT;

	CHECK_OK(minisign_pubkey_load(&k, fixture(&p, "minisign.pub")));
	CHECK_OK(minisign_sig_load(&s, fixture(&p, "message.txt.minisig")));
	CHECK_INT(s.alg, MINISIGN_ALG_PREHASHED);
	CHECK_STR(s.trusted, "trusted: made by minisign 0.11");
	CHECK_STR(s.untrusted, "made by the Debian minisign binary");
	CHECK_OK(minisign_sig_verify_file(&s, &k, fixture(&q, "message.txt"), 0));
	CHECK_OK(buf_read_file(&data, q.ptr));
	CHECK_OK(minisign_sig_verify_buf(&s, &k, data.ptr, data.len, 0));
	data.ptr[0] ^= 1;
	CHECK_INT(minisign_sig_verify_buf(&s, &k, data.ptr, data.len, 0), ERR_VERIFY);
	data.ptr[0] ^= 1;
	/* an edited trusted comment breaks the global signature */
	s.trusted[0] = 'T';
	CHECK_INT(minisign_sig_verify_buf(&s, &k, data.ptr, data.len, 0), ERR_VERIFY);
	CHECK(strstr(err_msg(), "trusted comment") != NULL);
	minisign_sig_release(&s);
	buf_release(&p);
	buf_release(&q);
	buf_release(&data);
}

static void test_legacy_signature_verifies(void)
{
	struct buf p = BUF_INIT, q = BUF_INIT;
	struct minisign_pubkey k;
	struct minisign_sig s = MINISIGN_SIG_INIT;

	CHECK_OK(minisign_pubkey_load(&k, fixture(&p, "minisign.pub")));
	CHECK_OK(minisign_sig_load(&s, fixture(&p, "legacy.txt.minisig")));
	CHECK_INT(s.alg, MINISIGN_ALG_LEGACY);
	/* refused unless asked for */
	CHECK_INT(minisign_sig_verify_file(&s, &k, fixture(&q, "legacy.txt"), 0), ERR_VERIFY);
	CHECK(strstr(err_msg(), "legacy") != NULL);
	CHECK_OK(minisign_sig_verify_file(&s, &k, fixture(&q, "legacy.txt"), MINISIGN_LEGACY_OK));
	/* the legacy signature is not valid for another file */
	CHECK_INT(minisign_sig_verify_file(&s, &k, fixture(&q, "minisign.pub"), MINISIGN_LEGACY_OK),
	          ERR_VERIFY);
	minisign_sig_release(&s);
	buf_release(&p);
	buf_release(&q);
}

/* An ED signature relabelled Ed is a valid legacy signature of the 64-byte prehash. */
static void test_relabelled_prehashed_signature_refused(void)
{
	struct minisign_pubkey pk;
	struct minisign_seckey sk;
	struct minisign_sig s = MINISIGN_SIG_INIT;
	struct buf sig = BUF_INIT;
	uint8_t prehash[64];

	minisign_keygen(&pk, &sk);
	CHECK_OK(minisign_sign_buf(&sig, &sk, "release", 7, "rel", "t", NULL));
	CHECK_OK(minisign_sig_parse(&s, sig.ptr, sig.len, "rel.minisig"));
	crypto_generichash(prehash, 64, (const uint8_t *)"release", 7, NULL, 0);
	s.alg = MINISIGN_ALG_LEGACY;
	CHECK_INT(minisign_sig_verify_buf(&s, &pk, prehash, 64, 0), ERR_VERIFY);
	CHECK_INT(minisign_sig_verify_buf(&s, &pk, "release", 7, 0), ERR_VERIFY);
	/* why legacy signatures are opt-in: with them this forgery verifies */
	CHECK_OK(minisign_sig_verify_buf(&s, &pk, prehash, 64, MINISIGN_LEGACY_OK));
	minisign_seckey_wipe(&sk);
	minisign_sig_release(&s);
	buf_release(&sig);
}

static void test_minisign_secret_key_without_password(void)
{
	struct buf p = BUF_INIT, sig = BUF_INIT, q = BUF_INIT;
	struct minisign_pubkey k, k2;
	struct minisign_seckey sk;
	struct minisign_sig s = MINISIGN_SIG_INIT;

	CHECK(!minisign_seckey_encrypted(fixture(&p, "minisign.key")));
	CHECK_OK(minisign_seckey_load(&sk, p.ptr, NULL));
	CHECK_OK(minisign_pubkey_load(&k, fixture(&p, "minisign.pub")));
	minisign_seckey_public(&k2, &sk);
	CHECK(!memcmp(&k, &k2, sizeof(k)));
	/* signing the same data as minisign with the same comment gives the same bytes */
	CHECK_OK(minisign_sign_file(&sig, &sk, fixture(&p, "message.txt"),
	                            "trusted: made by minisign 0.11",
	                            "made by the Debian minisign binary"));
	CHECK_OK(buf_read_file(&q, fixture(&p, "message.txt.minisig")));
	CHECK_STR(sig.ptr, q.ptr);
	CHECK_OK(minisign_sig_parse(&s, sig.ptr, sig.len, "new"));
	CHECK_OK(minisign_sig_verify_file(&s, &k, fixture(&p, "message.txt"), 0));
	minisign_seckey_wipe(&sk);
	minisign_sig_release(&s);
	buf_release(&p);
	buf_release(&q);
	buf_wipe(&sig);
}

static void test_seckey_roundtrip_with_password(void)
{
	struct minisign_pubkey pk;
	struct minisign_seckey sk, back;
	struct buf text = BUF_INIT;

	minisign_keygen(&pk, &sk);
	CHECK_OK(minisign_seckey_encode(&text, &sk, "correct horse", true));
	CHECK_INT(minisign_seckey_probe(text.ptr, text.len, "k"), 1);
	CHECK_OK(minisign_seckey_parse(&back, text.ptr, text.len, "k", "correct horse"));
	CHECK(!memcmp(&sk, &back, sizeof(sk)));
	CHECK_INT(minisign_seckey_parse(&back, text.ptr, text.len, "k", "wrong"), ERR_VERIFY);
	CHECK(strstr(err_msg(), "wrong password for 'k'") != NULL);
	CHECK_INT(minisign_seckey_parse(&back, text.ptr, text.len, "k", NULL), ERR_USAGE);
	buf_wipe(&text);
	CHECK_OK(minisign_seckey_encode(&text, &sk, NULL, false));
	CHECK_INT(minisign_seckey_probe(text.ptr, text.len, "k"), 0);
	CHECK_OK(minisign_seckey_parse(&back, text.ptr, text.len, "k", NULL));
	CHECK(!memcmp(&sk, &back, sizeof(sk)));
	minisign_seckey_wipe(&sk);
	minisign_seckey_wipe(&back);
	buf_wipe(&text);
}

static void test_seckey_damage_detected(void)
{
	struct minisign_pubkey pk;
	struct minisign_seckey sk, back;
	struct buf text = BUF_INIT;
	char *b64;

	minisign_keygen(&pk, &sk);
	CHECK_OK(minisign_seckey_encode(&text, &sk, NULL, false));
	b64 = strchr(text.ptr, '\n') + 1;
	/* a flipped character in the key bytes (after the 54-byte header: char 100) */
	b64[100] = b64[100] == 'A' ? 'B' : 'A';
	CHECK_INT(minisign_seckey_parse(&back, text.ptr, text.len, "k", NULL), ERR_VERIFY);
	CHECK(strstr(err_msg(), "damaged") != NULL);
	/* a truncated file */
	CHECK_INT(minisign_seckey_parse(&back, text.ptr, 30, "k", NULL), ERR_PARSE);
	CHECK(strstr(err_msg(), "k:1: secret key file is truncated") != NULL);
	minisign_seckey_wipe(&sk);
	buf_wipe(&text);
}

static void test_sign_verify_and_keyid_mismatch(void)
{
	struct minisign_pubkey pk, other;
	struct minisign_seckey sk, osk;
	struct minisign_sig s = MINISIGN_SIG_INIT;
	struct buf sig = BUF_INIT;
	char hex[17];

	setenv("SOURCE_DATE_EPOCH", "1700000000", 1);
	minisign_keygen(&pk, &sk);
	minisign_keygen(&other, &osk);
	CHECK_OK(minisign_sign_buf(&sig, &sk, "abc", 3, "dir/abc.txt", NULL, NULL));
	unsetenv("SOURCE_DATE_EPOCH");
	CHECK_OK(minisign_sig_parse(&s, sig.ptr, sig.len, "abc.txt.minisig"));
	CHECK_STR(s.trusted, "timestamp:1700000000\tfile:abc.txt\thashed");
	CHECK_STR(s.untrusted, "signature from minisign secret key");
	CHECK_OK(minisign_sig_verify_buf(&s, &pk, "abc", 3, 0));
	CHECK_INT(minisign_sig_verify_buf(&s, &other, "abc", 3, 0), ERR_VERIFY);
	minisign_keyid_hex(hex, sk.keyid);
	CHECK(strstr(err_msg(), hex) != NULL);
	minisign_keyid_hex(hex, other.keyid);
	CHECK(strstr(err_msg(), hex) != NULL);
	/* comments must be one line */
	buf_reset(&sig);
	CHECK_INT(minisign_sign_buf(&sig, &sk, "abc", 3, "x", "a\nb", NULL), ERR_USAGE);
	CHECK_INT(minisign_sign_buf(&sig, &sk, "abc", 3, "x", NULL, "a\rb"), ERR_USAGE);
	minisign_seckey_wipe(&sk);
	minisign_seckey_wipe(&osk);
	minisign_sig_release(&s);
	buf_release(&sig);
}

static void test_sig_parse_errors(void)
{
	struct buf p = BUF_INIT, text = BUF_INIT;
	struct minisign_sig s = MINISIGN_SIG_INIT;
	char *line3;

	CHECK_OK(buf_read_file(&text, fixture(&p, "message.txt.minisig")));
	/* truncated to three lines */
	CHECK_INT(minisign_sig_parse(&s, text.ptr,
	                             (size_t)(strrchr(text.ptr, '\n') - text.ptr) - 20,
	                             "x.minisig"),
	          ERR_PARSE);
	CHECK(strstr(err_msg(), "x.minisig:") != NULL);
	/* the trusted comment prefix is required */
	line3 = strstr(text.ptr, "\ntrusted comment: ") + 1;
	line3[0] = 'T';
	CHECK_INT(minisign_sig_parse(&s, text.ptr, text.len, "x.minisig"), ERR_PARSE);
	CHECK(strstr(err_msg(), "x.minisig:3: expected a line starting with 'trusted comment: '") !=
	      NULL);
	minisign_sig_release(&s);
	buf_release(&p);
	buf_release(&text);
}

static void test_hash_file_is_blake2b512(void)
{
	const char *dir = harness_tmpdir();
	struct buf path = BUF_INIT, data = BUF_INIT;
	uint8_t a[64], b[64];
	FILE *f;

	CHECK_OK(buf_addf(&path, "%s/big", dir));
	for (int i = 0; i < 300000; i++)
		CHECK_OK(buf_addch(&data, (char)(i * 7)));
	f = fopen(path.ptr, "wb");
	CHECK(f && fwrite(data.ptr, 1, data.len, f) == data.len && fclose(f) == 0);
	CHECK_OK(minisign_hash_file(a, path.ptr));
	crypto_generichash(b, 64, (const uint8_t *)data.ptr, data.len, NULL, 0);
	CHECK(!memcmp(a, b, 64));
	buf_release(&path);
	buf_release(&data);
}

RUN_TESTS("minisign", T(test_keyid_display_matches_minisign), T(test_pubkey_bare_and_file_forms),
          T(test_pubkey_errors_name_file_and_line), T(test_minisign_signature_verifies),
          T(test_legacy_signature_verifies), T(test_relabelled_prehashed_signature_refused),
          T(test_minisign_secret_key_without_password), T(test_seckey_roundtrip_with_password),
          T(test_seckey_damage_detected), T(test_sign_verify_and_keyid_mismatch),
          T(test_sig_parse_errors), T(test_hash_file_is_blake2b512))
