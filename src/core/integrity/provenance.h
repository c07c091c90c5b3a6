/*
 * provenance.h: in-toto Statement v1 with a SLSA Provenance v1 predicate.
 *
 * Written (provenance_statement()), as compact JSON, keys in this order:
 *   {"_type":"https://in-toto.io/Statement/v1",
 *    "subject":[{"name":NAME,"digest":{"sha256":HEX}}...],
 *    "predicateType":"https://slsa.dev/provenance/v1",
 *    "predicate":{"buildDefinition":{"buildType":URI,"externalParameters":{K:V...},
 *                                    "resolvedDependencies":[ResourceDescriptor...]},
 *                 "runDetails":{"builder":{"id":URI},
 *                               "metadata":{"invocationId":ID?,"startedOn":T,"finishedOn":T}}}}
 * Times are RFC 3339 UTC ("2026-01-02T03:04:05Z"). Resolved dependencies come
 * from an SBOM (provenance_add_sbom()): each component's purl as "uri", its
 * name as "name" and its hashes as "digest" (in-toto DigestSet names).
 *
 * Read (statement_check()): the structure the specs require, with types:
 * Statement `_type`, a non-empty `subject` array of descriptors each with a
 * non-empty `digest` of lower-case hex strings, `predicateType`, an optional
 * object `predicate`; for the SLSA v1 predicate type, `buildDefinition`
 * (`buildType` string, `externalParameters` object, optional
 * `internalParameters` object and `resolvedDependencies` array of resource
 * descriptors) and `runDetails` (`builder.id` string, optional `metadata` with
 * string `invocationId` and RFC 3339 `startedOn`/`finishedOn`). Unknown fields
 * are ignored, as SLSA's parsing rules say.
 */
#ifndef VOUCH_PROVENANCE_H
#define VOUCH_PROVENANCE_H

#include "util/compat.h"
#include "util/buf.h"

#include <jansson.h>

#define INTOTO_STATEMENT_V1 "https://in-toto.io/Statement/v1"
#define SLSA_PROVENANCE_V1  "https://slsa.dev/provenance/v1"
#define INTOTO_PAYLOAD_TYPE "application/vnd.in-toto+json"
#define PROV_MAX_DEPS       1000000

struct prov_digest {
	char *alg; /* DigestSet name: "sha256", "sha512", "sha1", ... */
	char *hex; /* lower case */
};

struct prov_resource {
	char *name; /* may be NULL */
	char *uri;  /* may be NULL */
	struct prov_digest *digests;
	size_t ndigests, alloc;
};

struct provenance {
	struct prov_resource *subjects;
	size_t nsubjects, subjects_alloc;
	struct prov_resource *deps;
	size_t ndeps, deps_alloc;
	const char *builder_id;                              /* borrowed */
	const char *build_type;                              /* borrowed */
	const char *invocation_id;                           /* borrowed, may be NULL */
	const char *const *param_keys, *const *param_values; /* externalParameters, borrowed */
	size_t nparams;
	int64_t started_on, finished_on; /* seconds since 1970 */
};

#define PROVENANCE_INIT                                                                            \
	{                                                                                          \
		NULL, 0, 0, NULL, 0, 0, NULL, NULL, NULL, NULL, NULL, 0, 0, 0                      \
	}

void provenance_release(struct provenance *p);

/* Hashes the file at path (SHA-256, streamed) and adds it as a subject called name. */
int provenance_add_subject(struct provenance *p, const char *name, const char *path);

/*
 * Adds the components of a CycloneDX (any 1.x JSON) or SPDX 2.x JSON SBOM as
 * resolved dependencies, in document order (CycloneDX: `components`, nested
 * ones after their parent; metadata.component, the SBOM's own subject, is not
 * a dependency; SPDX: every package). A component with neither a purl nor a
 * usable hash is left out and counted in *nskipped. ERR_UNSUPPORTED for JSON
 * that is neither.
 */
int provenance_add_sbom(struct provenance *p, const char *path, size_t *nskipped);

/* Appends the Statement as compact JSON (no final newline). */
int provenance_statement(struct buf *out, const struct provenance *p);

/*
 * Parses and checks a Statement (see above). On success *out holds the
 * document (json_decref() it). Errors are ERR_PARSE naming `name` and the
 * JSON path of the problem, e.g. "'x.json': predicate.runDetails.builder.id
 * is missing".
 */
int statement_check(json_t **out, const char *payload, size_t len, const char *name);

/* True when a subject of the checked statement has digest.sha256 equal to sha. */
bool statement_has_sha256(const json_t *st, const uint8_t sha[32]);

/* True when s is an RFC 3339 date-time (fractional seconds and offsets allowed). */
bool rfc3339_valid(const char *s);

#endif
