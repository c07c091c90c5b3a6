/*
 * bundle.h: the assurance pack of one release (`vouch bundle`), one tar file
 * a customer verifies offline.
 *
 * Layout (docs/cmd/bundle.md has the full list and the checks):
 *
 *   manifest.json            format, product, version, commit, created, tool,
 *                            public key id, every member's path, size, sha256,
 *                            media type, and the members left out with why
 *   manifest.json.minisig    minisign signature of manifest.json (minisign -V reads it)
 *   assessment.{json,html,md}, assessment.html.minisig, sbom.cdx.json,
 *   sbom.spdx.json, scan.json, release/SHA256SUMS(.minisig), provenance/NAME,
 *   log/checkpoint, log/checkpoint.vkey, log/proofs.json, security.txt,
 *   lifecycle.json
 *
 * The archive is POSIX ustar (pax where a name needs it), uncompressed,
 * members sorted by name, every member a regular file with mode 0644, uid and
 * gid 0, no user or group names and one fixed mtime: the same members give
 * the same bytes.
 *
 * Reading treats the bundle as hostile: it is read from memory (at most
 * BUNDLE_MAX_SIZE bytes, never extracted to disk), compressed archives are
 * refused, at most BUNDLE_MAX_MEMBERS members of at most BUNDLE_MAX_MEMBER
 * bytes each; anything that is not a regular file, a name that is absolute,
 * holds "..", "." or an empty component, or a name given twice is a problem
 * named with the member, and the member's data is not kept.
 */
#ifndef VOUCH_BUNDLE_H
#define VOUCH_BUNDLE_H

#include "util/compat.h"
#include "util/buf.h"
#include "core/integrity/minisign.h"

#define BUNDLE_MAX_SIZE        ((size_t)256 << 20) /* a whole bundle */
#define BUNDLE_MAX_MEMBER      ((size_t)64 << 20)  /* one member */
#define BUNDLE_MAX_MEMBERS     4096
#define BUNDLE_MAX_NAME        1024
#define BUNDLE_MAX_PROOFS      65536 /* inclusion proofs in log/proofs.json */
#define BUNDLE_MAX_PROOFS_TEXT "65536"
#define BUNDLE_MANIFEST        "manifest.json"
#define BUNDLE_MANIFEST_SIG    "manifest.json.minisig"
#define BUNDLE_FORMAT          "vouch-bundle"
#define BUNDLE_FORMAT_V        1

/* ---- the archive ---- */

struct bundle_member {
	char *path;
	struct buf data;   /* empty when the member was refused (see problem) */
	size_t size;       /* the size the archive declares */
	char *problem;     /* why the member was refused, or NULL */
	const char *check; /* the check it failed ("type", "path", "duplicate", "limit"), or NULL */
	const char *media_type; /* writing only */
};

struct bundle_archive {
	struct bundle_member *v;
	size_t n, alloc;
	char *damage; /* the archive itself could not be read past some point, or NULL */
};
#define BUNDLE_ARCHIVE_INIT                                                                        \
	{                                                                                          \
		NULL, 0, 0, NULL                                                                   \
	}

/* Adds a member to write (copies data). */
int bundle_archive_add(struct bundle_archive *a, const char *path, const void *data, size_t len,
                       const char *media_type);
/* The member called path that was read intact, or NULL. */
const struct bundle_member *bundle_archive_get(const struct bundle_archive *a, const char *path);
void bundle_archive_release(struct bundle_archive *a);

/*
 * Writes the members, sorted by path, as a deterministic tar into out (see
 * above) with every mtime set to mtime (seconds since 1970). ERR_USAGE on a
 * duplicate or unsafe path.
 */
int bundle_tar_write(struct buf *out, struct bundle_archive *a, int64_t mtime);

/*
 * Reads a tar from memory into out. Problems with members are recorded in
 * each member (problem, check) and problems with the archive in out->damage;
 * the return is 0 then. ERR_TOOBIG when len exceeds BUNDLE_MAX_SIZE.
 */
int bundle_tar_read(struct bundle_archive *out, const void *data, size_t len);

/* ---- creating ---- */

struct assess_config;

struct bundle_create_opts {
	const struct assess_config *cfg; /* the loaded vouch.toml (products[0] is bundled) */
	const char *db;                  /* vulnerability database, or NULL for cfg's */
	const struct minisign_seckey *key;
	int64_t now;     /* seconds since 1970: the created time and every mtime */
	bool fixed_time; /* now is SOURCE_DATE_EPOCH */
	const char *tool_version;
	/* absolute folders whose names must not appear in the bundle (besides the product's) */
	const char *const *scrub;
	size_t nscrub;
};

/* What bundle_create() did, for the command to show. */
struct bundle_created {
	struct buf tar;      /* the bundle's bytes */
	struct buf warnings; /* one line each: inputs not read or left out, and why */
	bool partial;        /* an input named in vouch.toml could not be read */
	size_t nmembers;
	size_t nproofs; /* log entries cited with an inclusion proof */
	char keyid[2 * MINISIGN_KEYID_LEN + 1];
};
#define BUNDLE_CREATED_INIT                                                                        \
	{                                                                                          \
		BUF_INIT, BUF_INIT, false, 0, 0,                                                   \
		{                                                                                  \
			0                                                                          \
		}                                                                                  \
	}
void bundle_created_release(struct bundle_created *c);

/*
 * Builds the bundle of the first product of o->cfg: runs the assessment,
 * writes the SBOMs, scans them when a database opens, copies the signed
 * SHA256SUMS and provenance of [evidence], proves the log entries whose bytes
 * are members or released artefacts against the latest signed checkpoint,
 * adds security.txt and the lifecycle, and signs the manifest with o->key.
 * Absolute paths of the vendor's machine are replaced in every member (the
 * product folder becomes "."); a member that still holds one is an error
 * (ERR_VERIFY naming it). Inputs that are missing are left out and said so
 * in the manifest; those that cannot be read set out->partial.
 */
int bundle_create(struct bundle_created *out, const struct bundle_create_opts *o);

/* ---- verifying ---- */

struct vulndb;

struct bundle_verify_opts {
	const char *artifacts;   /* a folder of the release's artefacts, or NULL */
	struct vulndb *db;       /* the customer's database for a rescan, or NULL */
	unsigned minisign_flags; /* 0: legacy signatures are refused */
};

struct bundle_check {
	char *member; /* the member (or "artifacts/NAME", or "bundle") the check is about */
	char *check;  /* "signature", "sha256", "size", "listed", "present", "inclusion", ... */
	bool ok;
	char *detail; /* what was found, for a reader */
};

/* A vulnerability a rescan found that the bundle's own scan did not list. */
struct bundle_newvuln {
	char *id, *purl, *severity;
};

struct bundle_result {
	struct bundle_check *v;
	size_t n, alloc;
	size_t nfailed;
	/* from the manifest, when it parsed (untrusted unless the signature verified) */
	char *product, *version, *commit, *created, *keyid;
	bool manifest_verified;
	struct bundle_newvuln *newvulns; /* with opts->db */
	size_t nnewvulns;
	bool rescanned;
};
#define BUNDLE_RESULT_INIT                                                                         \
	{                                                                                          \
		0                                                                                  \
	}
void bundle_result_release(struct bundle_result *r);

/*
 * Verifies a bundle, offline, against the vendor's public key pk: the
 * manifest's signature, every member against the manifest (sha256, size,
 * members not listed, entries missing), the archive's own problems, the
 * assessment report's signature, the release's signed sums, the provenance
 * envelopes, the log checkpoint's signature and every inclusion proof; with
 * o->artifacts the artefacts against the sums and the provenance subjects;
 * with o->db a rescan of the CycloneDX SBOM (news, not failures). The bundle
 * is path's bytes when path is not NULL (read with a cap), else (data, len).
 *
 * Returns 0 when every check ran (out->nfailed says how many failed), or a
 * negative code when the bundle could not be read at all (ERR_IO,
 * ERR_TOOBIG). Every check, passed or failed, is in out->v.
 */
int bundle_verify(struct bundle_result *out, const char *path, const void *data, size_t len,
                  const struct minisign_pubkey *pk, const struct bundle_verify_opts *o);

/* Reads path (at most BUNDLE_MAX_SIZE bytes, a regular file) into out. */
int bundle_read_file(struct buf *out, const char *path);

#endif
