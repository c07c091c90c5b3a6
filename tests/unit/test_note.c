#include "util/compat.h"
#include "harness.h"
#include "core/integrity/note.h"
#include "util/alloc.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/hash.h"

#include <sodium.h>

/*
 * Vectors: the worked example of c2sp.org/signed-note (verifier key and a
 * note signed by it), and the example of golang.org/x/mod/sumdb/note, whose
 * signer key is published, so signing must reproduce its line byte for byte
 * (Ed25519 is deterministic).
 */
static const char spec_vkey[] =
        "example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k";
static const char spec_note[] =
        "This is an example message.\n\n\xe2\x80\x94 example.com/foo "
        "Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQ"
        "M=\n";
static const char go_skey_b64[] = "AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz"; /* 0x01 || seed */
static const char go_vkey[] = "PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW";
static const char go_text[] = "If you think cryptography is the answer to your problem,\n"
                              "then you don't know what your problem is.\n";
static const char go_note[] =
        "If you think cryptography is the answer to your problem,\n"
        "then you don't know what your problem is.\n\n\xe2\x80\x94 PeterNeumann "
        "x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnA"
        "M=\n";

static void test_spec_example_verifies(void)
{
	char *name = NULL;
	uint32_t id;
	uint8_t pk[32];
	struct note n = NOTE_INIT;
	struct buf again = BUF_INIT;

	CHECK_OK(note_vkey_parse(&name, &id, pk, spec_vkey, strlen(spec_vkey)));
	CHECK_STR(name, "example.com/foo");
	CHECK(id == 0x530d903a);
	CHECK(note_ed25519_keyid(name, pk) == 0x530d903a);
	CHECK_OK(note_vkey_format(&again, name, pk));
	CHECK_STR(again.ptr, spec_vkey);
	CHECK_OK(note_parse(&n, spec_note, strlen(spec_note), "spec"));
	CHECK_STR(n.text, "This is an example message.\n");
	CHECK_INT(n.nsigs, 1);
	CHECK_OK(note_verify_ed25519(&n, name, pk));
	CHECK_INT(note_verify_ed25519(&n, "example.com/bar", pk), ERR_NOTFOUND);
	note_release(&n);
	{
		/* the same bytes in a non-canonical encoding (unused low bits set), and a
		   character outside the alphabet: both refused */
		char *alt = xstrdup(spec_note);
		char *m = strstr(alt, "M=\n");

		m[0] = 'N';
		CHECK(note_parse(&n, alt, strlen(alt), "non-canonical") == ERR_PARSE);
		m[0] = (char)('M' ^ 0xff);
		CHECK(note_parse(&n, alt, strlen(alt), "non-ascii") == ERR_PARSE);
		free(alt);
	}
	free(name);
	buf_release(&again);
}

static void test_go_example_signs_byte_for_byte(void)
{
	uint8_t raw[64], pk[32], sk[64];
	size_t n = 0;
	struct buf out = BUF_INIT, vk = BUF_INIT;
	struct note nt = NOTE_INIT;
	char *changed;

	CHECK(sodium_base642bin(raw, sizeof(raw), go_skey_b64, strlen(go_skey_b64), NULL, &n, NULL,
	                        sodium_base64_VARIANT_ORIGINAL) == 0);
	CHECK(n == 33 && raw[0] == 1);
	crypto_sign_seed_keypair(pk, sk, raw + 1);
	CHECK_OK(note_vkey_format(&vk, "PeterNeumann", pk));
	CHECK_STR(vk.ptr, go_vkey);
	CHECK_OK(note_sign_ed25519(&out, go_text, strlen(go_text), "PeterNeumann", sk));
	CHECK_STR(out.ptr, go_note);
	CHECK_OK(note_parse(&nt, out.ptr, out.len, "go"));
	CHECK_OK(note_verify_ed25519(&nt, "PeterNeumann", pk));
	note_release(&nt);
	/* a changed text fails */
	changed = xstrdup(go_note);
	changed[3] = 'X';
	CHECK_OK(note_parse(&nt, changed, strlen(changed), "changed"));
	CHECK_INT(note_verify_ed25519(&nt, "PeterNeumann", pk), ERR_VERIFY);
	note_release(&nt);
	free(changed);
	sodium_memzero(sk, sizeof(sk));
	buf_release(&out);
	buf_release(&vk);
}

static void test_malformed_notes(void)
{
	static const char *const bad[] = {
		"",
		"no signature\n",
		"text\n\n",
		"text\n\n\xe2\x80\x94 name\n",
		"text\n\n\xe2\x80\x94 name !!!!\n",
		"text\n\n\xe2\x80\x94 na+me AAAAAAA=\n",
		"text\n\n- name AAAAAAA=\n",
		"te\x01xt\n\n\xe2\x80\x94 name AAAAAAA=\n",
		"text\xff\n\n\xe2\x80\x94 name AAAAAAA=\n",
		"text\n\n\xe2\x80\x94 name AAAAAAA=",
		"\n\xe2\x80\x94 name AAAAAAA=\n",
	};
	struct note n = NOTE_INIT;

	for (size_t i = 0; i < ARRAY_SIZE(bad); i++) {
		if (note_parse(&n, bad[i], strlen(bad[i]), "bad") == 0)
			harness_fail(__FILE__, __LINE__, "accepted bad note %zu", i);
	}
	CHECK_OK(note_parse(&n, "a\n\nb\n\n\xe2\x80\x94 name AAAAAAA=\n", 24, "blank lines"));
	CHECK_STR(n.text, "a\n\nb\n");
	note_release(&n);
}

static void test_checkpoint_text(void)
{
	struct checkpoint c = CHECKPOINT_INIT;
	struct buf b = BUF_INIT;
	uint8_t root[32];
	static const char *const bad[] = {
		"o\n01\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n",
		"o\n1\nAAAA\n",
		"o\n1\n",
		"o\n-1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n",
		"o\n1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n\next\n",
		"\n1\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n",
	};

	for (int i = 0; i < 32; i++)
		root[i] = (uint8_t)i;
	CHECK_OK(checkpoint_format(&b, "example.com/log", 20852163, root));
	CHECK_OK(checkpoint_parse(&c, b.ptr, b.len, "cp"));
	CHECK_STR(c.origin, "example.com/log");
	CHECK(c.size == 20852163);
	CHECK(!memcmp(c.root, root, 32));
	checkpoint_release(&c);
	{
		const char *t = "o\n0\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\next\n";

		CHECK_OK(checkpoint_parse(&c, t, strlen(t), "ext"));
	}
	CHECK_INT(c.nextensions, 1);
	checkpoint_release(&c);
	for (size_t i = 0; i < ARRAY_SIZE(bad); i++)
		if (checkpoint_parse(&c, bad[i], strlen(bad[i]), "bad") == 0)
			harness_fail(__FILE__, __LINE__, "accepted bad checkpoint %zu", i);
	buf_release(&b);
}

/*
 * A key that signs two logs: log M's checkpoint, its signature line relabelled with log L's
 * key name and key ID (neither is signed), still carries a valid signature by the key, but
 * checkpoint_verify() refuses it for L because the origin is M.
 */
static void test_checkpoint_origin_binds_the_log(void)
{
	uint8_t pk[32], sk[64], root[32] = { 1 }, sig[4 + 64];
	struct buf text = BUF_INIT, signed_note = BUF_INIT, forged = BUF_INIT;
	struct note n = NOTE_INIT;
	struct checkpoint c = CHECKPOINT_INIT;
	uint32_t id = 0;
	char b64[sodium_base64_ENCODED_LEN(sizeof(sig), sodium_base64_VARIANT_ORIGINAL)];

	crypto_sign_keypair(pk, sk);
	CHECK_OK(checkpoint_format(&text, "example.com/M", 3, root));
	CHECK_OK(note_sign_ed25519(&signed_note, text.ptr, text.len, "example.com/M", sk));
	CHECK_OK(note_parse(&n, signed_note.ptr, signed_note.len, "cpM"));
	CHECK_OK(checkpoint_verify(&c, &n, "example.com/M", pk, "cpM"));
	CHECK_STR(c.origin, "example.com/M");
	checkpoint_release(&c);
	CHECK_INT(checkpoint_verify(&c, &n, "example.com/L", pk, "cpM"), ERR_NOTFOUND);
	/* relabel: same text and signature, L's name and key ID */
	id = note_ed25519_keyid("example.com/L", pk);
	sig[0] = (uint8_t)(id >> 24), sig[1] = (uint8_t)(id >> 16), sig[2] = (uint8_t)(id >> 8);
	sig[3] = (uint8_t)id;
	memcpy(sig + 4, n.sigs[0].sig, 64);
	sodium_bin2base64(b64, sizeof(b64), sig, sizeof(sig), sodium_base64_VARIANT_ORIGINAL);
	CHECK_OK(buf_addf(&forged, "%s\n\xe2\x80\x94 example.com/L %s\n", text.ptr, b64));
	note_release(&n);
	CHECK_OK(note_parse(&n, forged.ptr, forged.len, "forged"));
	CHECK_OK(note_verify_ed25519(&n, "example.com/L", pk)); /* the signature alone passes */
	CHECK_INT(checkpoint_verify(&c, &n, "example.com/L", pk, "forged"), ERR_VERIFY);
	CHECK(strstr(err_msg(), "origin") != NULL);
	CHECK(c.origin == NULL);
	note_release(&n);
	buf_release(&text);
	buf_release(&signed_note);
	buf_release(&forged);
}

RUN_TESTS("note", T(test_spec_example_verifies), T(test_go_example_signs_byte_for_byte),
          T(test_malformed_notes), T(test_checkpoint_text), T(test_checkpoint_origin_binds_the_log))
