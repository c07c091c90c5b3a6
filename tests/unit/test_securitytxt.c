#include "util/compat.h"
#include "harness.h"
#include "core/disclose/securitytxt.h"
#include "util/err.h"

/* 2026-11-27T00:00:00Z, the "now" of these tests. */
#define NOW ((int64_t)1795737600)

static struct securitytxt parse(const char *text)
{
	struct securitytxt s;

	if (securitytxt_parse(&s, text, strlen(text), "security.txt", NOW) < 0)
		harness_fail(__FILE__, __LINE__, "parse failed: %s", err_msg());
	return s;
}

/* True when some problem at the level asked is on line and mentions needle. */
static bool has(const struct securitytxt *s, size_t line, bool error, const char *needle)
{
	for (size_t i = 0; i < s->nproblems; i++)
		if (s->problems[i].line == line && s->problems[i].error == error &&
		    strstr(s->problems[i].msg, needle))
			return true;
	return false;
}

static void test_time(void)
{
	int64_t t;

	CHECK_OK(securitytxt_parse_time(&t, "2026-11-27T00:00:00Z", 20));
	CHECK_INT(t, NOW);
	CHECK_OK(securitytxt_parse_time(&t, "1970-01-01T00:00:00.000Z", 24));
	CHECK_INT(t, 0);
	CHECK_OK(securitytxt_parse_time(&t, "1970-01-01T01:00:00+01:00", 25));
	CHECK_INT(t, 0);
	CHECK_OK(securitytxt_parse_time(&t, "2024-02-29t12:00:00z", 20));
	CHECK(securitytxt_parse_time(&t, "2023-02-29T12:00:00Z", 20) < 0);
	CHECK(securitytxt_parse_time(&t, "2027-06-30", 10) < 0);
	CHECK(securitytxt_parse_time(&t, "2027-06-30T10:00:00", 19) < 0);
	CHECK(securitytxt_parse_time(&t, "Wed, 30 Jun 2027 10:00:00 GMT", 29) < 0);
}

/* The fields of RFC 9116's section 2.5 examples, with an Expires in range. */
static void test_rfc_examples(void)
{
	struct securitytxt s =
	        parse("# Our security address\r\n"
	              "Contact: mailto:security@example.com\r\n"
	              "Contact: tel:+1-201-555-0123\r\n"
	              "Contact: https://example.com/security-contact.html\r\n"
	              "Expires: 2027-06-30T18:37:07.000Z\r\n"
	              "Encryption: https://example.com/pgp-key.txt\r\n"
	              "Encryption: dns:5d2d37ab76d47d36._openpgpkey.example.com?type=OPENPGPKEY\r\n"
	              "Encryption: openpgp4fpr:5f2de5521c63a801ab59ccb603d49de44b29100f\r\n"
	              "Acknowledgments: https://example.com/hall-of-fame.html\r\n"
	              "Preferred-Languages: en, es, fr\r\n"
	              "Canonical: https://www.example.com/.well-known/security.txt\r\n"
	              "Policy: https://example.com/disclosure.html\r\n"
	              "Hiring: https://example.com/jobs.html\r\n"
	              "X-Custom-Field: anything\r\n");

	CHECK_INT(s.nproblems, 0);
	CHECK(securitytxt_valid(&s));
	CHECK_INT(s.ncontact, 3);
	CHECK_STR(s.contact[1], "tel:+1-201-555-0123");
	CHECK_INT(s.nencryption, 3);
	CHECK_INT(s.npolicy, 1);
	CHECK_INT(s.ncanonical, 1);
	CHECK(s.has_expires);
	CHECK_STR(s.expires_text, "2027-06-30T18:37:07.000Z");
	CHECK(!s.signed_pgp);
	CHECK(securitytxt_confidential(&s));
	securitytxt_release(&s);
}

static void test_case_insensitive_names(void)
{
	struct securitytxt s = parse("CONTACT: mailto:a@example.org\nexpires:2027-01-01T00:00:00Z\n"
	                             "pOlIcY:  https://example.org/p  \n");

	CHECK(securitytxt_valid(&s));
	CHECK_INT(s.ncontact, 1);
	CHECK_STR(s.policy[0], "https://example.org/p");
	/* mailto: alone is not a confidential channel. */
	CHECK(!securitytxt_confidential(&s));
	securitytxt_release(&s);
}

static void test_missing_required(void)
{
	struct securitytxt s = parse("# nothing but a comment\n\nPolicy: https://example.org/p\n");

	CHECK(!securitytxt_valid(&s));
	CHECK(has(&s, 0, true, "no Contact"));
	CHECK(has(&s, 0, true, "no Expires"));
	securitytxt_release(&s);
}

static void test_bad_fields(void)
{
	struct securitytxt s = parse("Contact: http://example.org/report\n"     /* 1 */
	                             "Contact: security@example.org\n"          /* 2 */
	                             "Contact: xmpp:sec@example.org\n"          /* 3 */
	                             "Expires: 2025-01-01T00:00:00Z\n"          /* 4 */
	                             "Expires: 2027-01-01T00:00:00Z\n"          /* 5 */
	                             "Encryption: http://example.org/key.asc\n" /* 6 */
	                             "this line is nonsense\n"                  /* 7 */
	                             "Preferred-Languages: en\n"                /* 8 */
	                             "Preferred-Languages: fr\n"                /* 9 */
	                             "Policy:\n"                                /* 10 */
	                             "Hiring: http://example.org/jobs\n");      /* 11 */

	CHECK(!securitytxt_valid(&s));
	CHECK(has(&s, 1, true, "https"));
	CHECK(has(&s, 2, true, "mailto:"));
	CHECK(has(&s, 3, false, "unusual"));
	CHECK(has(&s, 4, true, "in the past"));
	CHECK(has(&s, 5, true, "more than once"));
	CHECK(has(&s, 6, true, "https"));
	CHECK(has(&s, 7, true, "not a field"));
	CHECK(has(&s, 9, true, "more than once"));
	CHECK(has(&s, 10, true, "no value"));
	CHECK(has(&s, 11, true, "https"));
	CHECK_INT(s.ncontact, 1); /* only xmpp: kept */
	CHECK_INT(s.nencryption, 0);
	CHECK(s.has_expires);
	securitytxt_release(&s);
}

static void test_expires_far_and_garbled(void)
{
	struct securitytxt s = parse("Contact: https://example.org/form\n"
	                             "Expires: 2030-01-01T00:00:00Z\n");

	CHECK(securitytxt_valid(&s)); /* a warning only */
	CHECK(has(&s, 2, false, "more than a year"));
	CHECK(securitytxt_confidential(&s));
	securitytxt_release(&s);

	s = parse("Contact: https://example.org/form\nExpires: 31 December 2027\n");
	CHECK(!securitytxt_valid(&s));
	CHECK(has(&s, 2, true, "RFC 3339"));
	CHECK(!s.has_expires);
	securitytxt_release(&s);
}

static void test_pgp_signed(void)
{
	struct securitytxt s = parse("-----BEGIN PGP SIGNED MESSAGE-----\n"
	                             "Hash: SHA256\n"
	                             "\n"
	                             "Contact: mailto:security@example.com\n"
	                             "- Encryption: https://example.com/pgp-key.txt\n"
	                             "Expires: 2027-06-30T00:00:00Z\n"
	                             "-----BEGIN PGP SIGNATURE-----\n"
	                             "\n"
	                             "iHUEARYIAB0WIQQ=\n"
	                             "=abcd\n"
	                             "-----END PGP SIGNATURE-----\n");

	CHECK(s.signed_pgp);
	CHECK(securitytxt_valid(&s));
	CHECK_INT(s.nencryption, 1);
	CHECK(has(&s, 0, false, "not verified"));
	CHECK(securitytxt_confidential(&s));
	securitytxt_release(&s);

	s = parse("-----BEGIN PGP SIGNED MESSAGE-----\nHash: SHA256\n\n"
	          "Contact: mailto:a@example.com\nExpires: 2027-06-30T00:00:00Z\n");
	CHECK(!securitytxt_valid(&s));
	CHECK(has(&s, 0, true, "without its signature"));
	securitytxt_release(&s);
}

static void test_limits(void)
{
	static char big[SECURITYTXT_MAX_SIZE + 1];
	struct securitytxt s;
	char line[SECURITYTXT_MAX_LINE + 64];

	memset(big, 'a', sizeof(big));
	CHECK_INT(securitytxt_parse(&s, big, sizeof(big), "big.txt", NOW), ERR_TOOBIG);
	securitytxt_release(&s);

	memcpy(line, "Contact: https://", 17);
	memset(line + 17, 'x', sizeof(line) - 18);
	line[sizeof(line) - 1] = '\0';
	s = parse(line);
	CHECK(has(&s, 1, true, "longer than"));
	CHECK_INT(s.ncontact, 0);
	securitytxt_release(&s);

	CHECK_INT(securitytxt_parse(&s, "Contact: mailto:a@b\0x\n", 22, "nul", NOW), 0);
	CHECK(has(&s, 1, true, "NUL"));
	securitytxt_release(&s);
	securitytxt_release(NULL);
}

RUN_TESTS("securitytxt", T(test_time), T(test_rfc_examples), T(test_case_insensitive_names),
          T(test_missing_required), T(test_bad_fields), T(test_expires_far_and_garbled),
          T(test_pgp_signed), T(test_limits))
