/*
 * bom.h: what the SBOM writers (cyclonedx.h, spdx.h) share: the document's
 * metadata, the choice of its subject, license expression checks and the
 * deterministic identifiers derived from the document's own bytes.
 */
#ifndef VOUCH_BOM_H
#define VOUCH_BOM_H

#include "util/compat.h"
#include "util/buf.h"
#include "util/fs.h"
#include "util/hash.h"
#include "util/json.h"
#include "core/inventory/inventory.h"

#include <time.h>

struct bom_meta {
	const char *spec_version;    /* CycloneDX "1.6" (default when NULL) or "1.7" */
	time_t created;              /* SOURCE_DATE_EPOCH, or now: chosen by the caller */
	const char *tool_version;    /* vouch's version */
	const char *const *subjects; /* the PATH arguments, as given */
	size_t nsubjects;
	bool pretty; /* two-space indents (the default output) */
	/*
	 * When set (a regular file opened with fs_atomic_open), the document is
	 * written there as it is made, in pieces of BOM_PIECE bytes, and out
	 * holds at most a piece at a time: a document of any size takes the
	 * same memory. The caller commits or aborts the file.
	 */
	struct fs_atomic *file;
};

#define BOM_PIECE ((size_t)64 << 10)

/*
 * The package that is the subject of the BOM: the one PKG_ROOT package when
 * there is exactly one, else NULL (the writers then describe a generic
 * subject named after the PATH arguments).
 */
const struct pkg *bom_root(const struct inventory *inv);

/* True when the inventory is of a container image (it is then the subject). */
bool bom_is_image(const struct inventory *inv);

/* The image's name ("docker.io/library/debian:12") when known, else the PATH(s) given. */
void bom_image_name(struct buf *out, const struct inventory *inv, const struct bom_meta *m);

/*
 * The image's purl (pkg:oci/NAME@DIGEST?arch=&repository_url=&tag=) into
 * out: 1 when written, 0 when the name or the manifest digest is not known.
 */
int bom_image_purl(struct buf *out, const struct inventory *inv);

/* The subject's display name when there is no root package: the PATH(s) given. */
void bom_subject_name(struct buf *out, const struct bom_meta *m);

/*
 * True when s is a syntactically valid SPDX license expression
 * (idstring ['+'] [WITH idstring], AND / OR, parentheses; bounded depth).
 * Ids are not checked against the SPDX list: "LicenseRef-x" and unlisted
 * ids pass, free text such as "SEE LICENSE IN x" does not.
 */
bool bom_license_is_expression(const char *s);

/* "2026-11-27T18:00:00Z" */
void bom_time(char out[32], time_t t);

/*
 * Derives a UUID (RFC 4122 layout, version 5 and variant bits set) from the
 * XXH3-128 hash of data and writes its 36-character form and a NUL into out.
 * An identifier of the content, as CycloneDX's serial number is, not a
 * checksum to trust: signatures are for that (vouch sign).
 */
void bom_uuid(char out[37], const void *data, size_t len);

/*
 * The writers put this placeholder where the serial number goes, hash the
 * whole document, then overwrite it with bom_uuid() of the bytes: the
 * identifier is a function of the content and nothing else.
 */
#define BOM_UUID_PLACEHOLDER "00000000-0000-0000-0000-000000000000"

/*
 * The writers' common start and end. bom_begin() sets up w over out (and
 * m->file when set, hashing each piece as it goes there); the writer notes
 * jw_offset() where it has written the placeholder (bom_uuid_at() right
 * after the string ending with it) and bom_end() finishes the document and
 * puts the serial number in its place, in out or in the file. bom_end() must
 * be called once bom_begin() was: with a file, a thread hashes and writes the
 * pieces (bom.c), and bom_end() is where it stops.
 */
struct bom_pipe;
struct bom_sink {
	struct fs_atomic *file;
	struct xxh128 hash;
	uint64_t uuid_at;      /* offset of the placeholder in the document */
	struct bom_pipe *pipe; /* the thread that hashes and writes the pieces, or NULL */
};
void bom_begin(struct jw *w, struct bom_sink *s, struct buf *out, const struct bom_meta *m);
/* Call right after writing a string value that ends with BOM_UUID_PLACEHOLDER. */
void bom_uuid_at(struct bom_sink *s, const struct jw *w);
int bom_end(struct jw *w, struct bom_sink *s);

/* The "vouch:" property each package flag becomes (value "true"), in key order. */
struct bom_flag_prop {
	unsigned flag;
	const char *name;
};
extern const struct bom_flag_prop bom_flag_props[];
extern const size_t bom_nflag_props;

/*
 * What a generic subject (no single root package) depends on: the root
 * packages of each lockfile; else the direct dependencies; else every
 * package that nothing else depends on. Returns an array of purls owned by
 * the inventory (free only the array).
 */
char **bom_subject_deps(const struct inventory *inv, size_t *n_out);

/* Looks up a package by purl (inventory_find). */
const struct pkg *bom_find(const struct inventory *inv, const char *purl);

#endif
