#include "util/compat.h"
#include "harness.h"
#include "core/integrity/provenance.h"
#include "util/buf.h"
#include "util/epoch.h"
#include "util/err.h"
#include "util/hash.h"
#include "util/json.h"

static const char *write_file(const char *dir, const char *name, const char *text)
{
	static char path[512];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	f = fopen(path, "w");
	if (!f || fputs(text, f) < 0 || fclose(f) != 0)
		harness_fail(__FILE__, __LINE__, "cannot write %s", path);
	return path;
}

static void test_statement_shape(void)
{
	const char *dir = harness_tmpdir();
	static const char *const keys[] = { "ref" }, *const vals[] = { "v1.2" };
	struct provenance p = PROVENANCE_INIT;
	struct buf out = BUF_INIT;
	json_t *st = NULL, *pred, *md;
	uint8_t sha[32];
	size_t skipped;

	CHECK_OK(provenance_add_subject(&p, "app.tar.gz", write_file(dir, "a", "hello\n")));
	CHECK_OK(provenance_add_sbom(
	        &p,
	        write_file(
	                dir, "bom.json",
	                "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\","
	                "\"metadata\":{\"component\":{\"name\":\"self\",\"purl\":\"pkg:x/self\"}},"
	                "\"components\":[{\"name\":\"a\",\"purl\":\"pkg:npm/a@1\",\"hashes\":["
	                "{\"alg\":\"SHA-256\",\"content\":\"ABcd00000000000000000000000000"
	                "0000000000000000000000000000000000\"},{\"alg\":\"SHA-1\",\"content\":"
	                "\"zz\"}],"
	                "\"components\":[{\"name\":\"inner\",\"purl\":\"pkg:npm/inner@2\"}]},"
	                "{\"name\":\"nothing\"}]}"),
	        &skipped));
	CHECK_INT(skipped, 1);
	CHECK_INT(p.ndeps, 2);
	p.builder_id = "https://ci.example/builder";
	p.build_type = "https://example.com/build/v1";
	p.param_keys = keys;
	p.param_values = vals;
	p.nparams = 1;
	p.started_on = 1700000000;
	p.finished_on = 1700000060;
	CHECK_OK(provenance_statement(&out, &p));
	CHECK_OK(statement_check(&st, out.ptr, out.len, "st"));
	CHECK_STR(vjson_str(st, "_type"), "https://in-toto.io/Statement/v1");
	CHECK_STR(vjson_str(st, "predicateType"), "https://slsa.dev/provenance/v1");
	CHECK_STR(vjson_str(json_array_get(json_object_get(st, "subject"), 0), "name"),
	          "app.tar.gz");
	hash_sha256(sha, "hello\n", 6);
	CHECK(statement_has_sha256(st, sha));
	sha[0] ^= 1;
	CHECK(!statement_has_sha256(st, sha));
	pred = json_object_get(st, "predicate");
	md = json_object_get(json_object_get(pred, "runDetails"), "metadata");
	CHECK_STR(vjson_str(md, "startedOn"), "2023-11-14T22:13:20Z");
	CHECK_STR(vjson_str(md, "finishedOn"), "2023-11-14T22:14:20Z");
	CHECK(json_object_get(md, "invocationId") == NULL);
	{
		json_t *bd = json_object_get(pred, "buildDefinition");
		json_t *deps = json_object_get(bd, "resolvedDependencies");
		json_t *d0 = json_array_get(deps, 0);

		CHECK_STR(vjson_str(json_object_get(bd, "externalParameters"), "ref"), "v1.2");
		CHECK_INT(json_array_size(deps), 2);
		CHECK_STR(vjson_str(d0, "uri"), "pkg:npm/a@1");
		/* upper-case hex is lowered; a bad SHA-1 value is dropped */
		CHECK_STR(vjson_str(json_object_get(d0, "digest"), "sha256"),
		          "abcd00000000000000000000000000000000000000000000000000000000"
		          "0000");
		CHECK(json_object_get(json_object_get(d0, "digest"), "sha1") == NULL);
		CHECK_STR(vjson_str(json_array_get(deps, 1), "uri"), "pkg:npm/inner@2");
	}
	json_decref(st);
	provenance_release(&p);
	buf_release(&out);
}

static void test_spdx_packages(void)
{
	const char *dir = harness_tmpdir();
	struct provenance p = PROVENANCE_INIT;
	size_t skipped;

	CHECK_OK(provenance_add_sbom(
	        &p,
	        write_file(dir, "s.json",
	                   "{\"spdxVersion\":\"SPDX-2.3\",\"packages\":[{\"name\":\"x\","
	                   "\"externalRefs\":[{\"referenceCategory\":\"SECURITY\","
	                   "\"referenceType\":\"cpe23Type\",\"referenceLocator\":\"cpe:2.3:a\"},"
	                   "{\"referenceCategory\":\"PACKAGE-MANAGER\",\"referenceType\":\"purl\","
	                   "\"referenceLocator\":\"pkg:deb/debian/x@1\"}],\"checksums\":[{"
	                   "\"algorithm\":\"SHA1\",\"checksumValue\":"
	                   "\"da39a3ee5e6b4b0d3255bfef95601890afd80709\"}]}]}"),
	        &skipped));
	CHECK_INT(skipped, 0);
	CHECK_INT(p.ndeps, 1);
	CHECK_STR(p.deps[0].uri, "pkg:deb/debian/x@1");
	CHECK_STR(p.deps[0].digests[0].alg, "sha1");
	CHECK_INT(provenance_add_sbom(&p, write_file(dir, "n.json", "{\"x\":1}"), &skipped),
	          ERR_UNSUPPORTED);
	provenance_release(&p);
}

static void expect_bad(const char *json, const char *needle)
{
	json_t *st = NULL;

	CHECK(statement_check(&st, json, strlen(json), "s") < 0);
	if (!strstr(err_msg(), needle))
		harness_fail(__FILE__, __LINE__, "message '%s' lacks '%s'", err_msg(), needle);
}

#define SUBJ "\"subject\":[{\"digest\":{\"sha256\":\"ab\"}}]"
#define ST   "{\"_type\":\"https://in-toto.io/Statement/v1\"," SUBJ ","

static void test_statement_check_errors(void)
{
	json_t *st = NULL;
	const char *ok = ST "\"predicateType\":\"https://example.com/other\"}";

	CHECK_OK(statement_check(&st, ok, strlen(ok), "s"));
	json_decref(st);
	expect_bad("{\"subject\":[]}", "_type is missing");
	expect_bad("{\"_type\":\"https://in-toto.io/Statement/v0.1\"}",
	           "is not 'https://in-toto.io/Statement/v1'");
	expect_bad("{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[]}",
	           "subject is missing, empty");
	expect_bad("{\"_type\":\"https://in-toto.io/Statement/v1\",\"subject\":[{\"name\":\"x\"}]}",
	           "subject[0] has no digest");
	expect_bad("{\"_type\":\"https://in-toto.io/Statement/"
	           "v1\",\"subject\":[{\"digest\":{\"sha256\":\"AB\"}}]}",
	           "not lower-case hex");
	expect_bad(ST "\"predicate\":{}}", "predicateType is missing");
	expect_bad(ST "\"predicateType\":\"https://slsa.dev/provenance/v1\"}",
	           "predicate is missing");
	expect_bad(ST "\"predicateType\":\"https://slsa.dev/provenance/v1\",\"predicate\":{"
	              "\"buildDefinition\":{\"externalParameters\":{}}}}",
	           "predicate.buildDefinition.buildType is missing");
	expect_bad(ST "\"predicateType\":\"https://slsa.dev/provenance/v1\",\"predicate\":{"
	              "\"buildDefinition\":{\"buildType\":\"b\"}}}",
	           "externalParameters is missing");
	expect_bad(ST "\"predicateType\":\"https://slsa.dev/provenance/v1\",\"predicate\":{"
	              "\"buildDefinition\":{\"buildType\":\"b\",\"externalParameters\":{}},"
	              "\"runDetails\":{\"builder\":{}}}}",
	           "predicate.runDetails.builder.id is missing");
	expect_bad(ST "\"predicateType\":\"https://slsa.dev/provenance/v1\",\"predicate\":{"
	              "\"buildDefinition\":{\"buildType\":\"b\",\"externalParameters\":{}},"
	              "\"runDetails\":{\"builder\":{\"id\":\"i\"},\"metadata\":{\"startedOn\":"
	              "\"2026-02-30T00:00:00Z\"}}}}",
	           "startedOn is not an RFC 3339 time");
}

static void test_rfc3339(void)
{
	CHECK(rfc3339_valid("2026-11-27T18:54:30Z"));
	CHECK(rfc3339_valid("2024-02-29T23:59:60.123+01:00"));
	CHECK(rfc3339_valid("2026-01-01t00:00:00z"));
	CHECK(!rfc3339_valid("2023-02-29T00:00:00Z"));
	CHECK(!rfc3339_valid("2026-01-01 00:00:00Z"));
	CHECK(!rfc3339_valid("2026-01-01T00:00:00"));
	CHECK(!rfc3339_valid("2026-01-01T24:00:00Z"));
	CHECK(!rfc3339_valid("2026-01-01T00:00:00.Z"));
	CHECK(!rfc3339_valid("2026-01-01T00:00:00+0100"));
}

static void test_epoch(void)
{
	char s[EPOCH_RFC3339_LEN];
	int64_t t;

	setenv("SOURCE_DATE_EPOCH", "0", 1);
	CHECK_OK(epoch_now(&t));
	CHECK_INT(t, 0);
	CHECK_OK(epoch_rfc3339(s, t));
	CHECK_STR(s, "1970-01-01T00:00:00Z");
	setenv("SOURCE_DATE_EPOCH", "12x", 1);
	CHECK_INT(epoch_now(&t), ERR_USAGE);
	CHECK(strstr(err_msg(), "SOURCE_DATE_EPOCH") != NULL);
	unsetenv("SOURCE_DATE_EPOCH");
	CHECK_OK(epoch_now(&t));
	CHECK(t > 1700000000);
}

RUN_TESTS("provenance", T(test_statement_shape), T(test_spdx_packages),
          T(test_statement_check_errors), T(test_rfc3339), T(test_epoch))
