#include "util/compat.h"
#include "harness.h"
#include "core/integrity/dsse.h"
#include "core/integrity/minisign.h"
#include "util/buf.h"
#include "util/err.h"
#include "util/json.h"

/* secure-systems-lab/dsse protocol.md, "Test Vectors". */
static void test_pae_spec_example(void)
{
	struct buf b = BUF_INIT;
	const char *type = "http://example.com/HelloWorld";

	CHECK_OK(dsse_pae(&b, type, strlen(type), "hello world", 11));
	CHECK_STR(b.ptr, "DSSEv1 29 http://example.com/HelloWorld 11 hello world");
	buf_release(&b);
}

static void test_pae_lengths_are_bytes(void)
{
	struct buf b = BUF_INIT;

	CHECK_OK(dsse_pae(&b, "", 0, "", 0));
	CHECK_STR(b.ptr, "DSSEv1 0  0 ");
	buf_reset(&b);
	/* "é" is two bytes of UTF-8: LEN counts bytes, not characters */
	CHECK_OK(dsse_pae(&b, "t\xc3\xa9", 3, "\0x", 2));
	CHECK_INT(b.len, strlen("DSSEv1 3 t\xc3\xa9 2 ") + 2);
	CHECK(!memcmp(b.ptr, "DSSEv1 3 t\xc3\xa9 2 \0x", b.len));
	buf_release(&b);
}

static void test_sign_parse_verify(void)
{
	struct minisign_pubkey pk, other;
	struct minisign_seckey sk, osk;
	struct dsse_envelope e = DSSE_ENVELOPE_INIT;
	struct buf env = BUF_INIT;
	json_t *j = NULL;
	char hex[17];

	minisign_keygen(&pk, &sk);
	minisign_keygen(&other, &osk);
	CHECK_OK(dsse_sign(&env, &sk, "application/vnd.in-toto+json", "{\"a\":1}", 7));
	CHECK(env.ptr[env.len - 1] == '\n');
	CHECK(memchr(env.ptr, '\n', env.len - 1) == NULL);
	/* the members and their order */
	CHECK_OK(vjson_parse(&j, env.ptr, env.len, "env"));
	CHECK_STR(vjson_str(j, "payload"), "eyJhIjoxfQ==");
	CHECK_STR(vjson_str(j, "payloadType"), "application/vnd.in-toto+json");
	minisign_keyid_hex(hex, sk.keyid);
	CHECK_STR(vjson_str(json_array_get(json_object_get(j, "signatures"), 0), "keyid"), hex);
	CHECK(!strncmp(env.ptr, "{\"payload\":", 11));
	json_decref(j);
	CHECK_OK(dsse_parse(&e, env.ptr, env.len, "env"));
	CHECK_INT(e.payload_len, 7);
	CHECK(!memcmp(e.payload, "{\"a\":1}", 7));
	CHECK_OK(dsse_verify(&e, &pk));
	CHECK_INT(dsse_verify(&e, &other), ERR_VERIFY);
	/* a changed payload or payload type no longer verifies */
	e.payload[1] = 'b';
	CHECK_INT(dsse_verify(&e, &pk), ERR_VERIFY);
	e.payload[1] = 'a';
	e.payload_type[0] = 'A';
	CHECK_INT(dsse_verify(&e, &pk), ERR_VERIFY);
	minisign_seckey_wipe(&sk);
	minisign_seckey_wipe(&osk);
	dsse_envelope_release(&e);
	buf_release(&env);
}

static void test_base64_variants_accepted(void)
{
	struct buf b = BUF_INIT;

	CHECK_OK(dsse_b64_decode(&b, "-_8=", 4));
	CHECK(b.len == 2 && (uint8_t)b.ptr[0] == 0xfb && (uint8_t)b.ptr[1] == 0xff);
	buf_reset(&b);
	CHECK_OK(dsse_b64_decode(&b, "+/8", 3));
	CHECK(b.len == 2 && (uint8_t)b.ptr[0] == 0xfb && (uint8_t)b.ptr[1] == 0xff);
	buf_reset(&b);
	CHECK_INT(dsse_b64_decode(&b, "+_8=", 4), ERR_PARSE);
	buf_reset(&b);
	CHECK_INT(dsse_b64_decode(&b, "ab=c", 4), ERR_PARSE);
	buf_release(&b);
}

static void expect_parse_error(const char *json, const char *needle)
{
	struct dsse_envelope e = DSSE_ENVELOPE_INIT;

	CHECK(dsse_parse(&e, json, strlen(json), "e.json") < 0);
	if (!strstr(err_msg(), needle))
		harness_fail(__FILE__, __LINE__, "message '%s' lacks '%s'", err_msg(), needle);
	dsse_envelope_release(&e);
}

static void test_parse_errors(void)
{
	expect_parse_error("[]", "e.json: a DSSE envelope is a JSON object");
	expect_parse_error("{\"payloadType\":\"t\",\"signatures\":[{\"sig\":\"AA==\"}]}",
	                   "lacks a string 'payload'");
	expect_parse_error("{\"payload\":\"\",\"signatures\":[{\"sig\":\"AA==\"}]}",
	                   "lacks a string 'payloadType'");
	expect_parse_error("{\"payload\":\"\",\"payloadType\":\"t\",\"signatures\":[]}",
	                   "non-empty 'signatures'");
	expect_parse_error(
	        "{\"payload\":\"!!\",\"payloadType\":\"t\",\"signatures\":[{\"sig\":\"\"}]}",
	        "'payload' is not valid base64");
	expect_parse_error("{\"payload\":\"\",\"payloadType\":\"t\",\"signatures\":[{\"keyid\":1,"
	                   "\"sig\":\"\"}]}",
	                   "'keyid' is not a string");
	expect_parse_error("{\"payload\":", "e.json:1:");
}

RUN_TESTS("dsse", T(test_pae_spec_example), T(test_pae_lengths_are_bytes),
          T(test_sign_parse_verify), T(test_base64_variants_accepted), T(test_parse_errors))
