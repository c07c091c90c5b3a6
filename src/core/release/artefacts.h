/*
 * artefacts.h: a release folder's artefacts and the checks a customer can
 * make on them: signatures with the release key and provenance. Shared by
 * the assessment's 3.1.1 (collectors/releases.c) and `vouch release check`
 * (require_signed, require_provenance), so that both judge alike.
 *
 * An artefact is a regular file of the folder that is not hidden, not a
 * signature (*.minisig) and not SHA256SUMS. It is signed when SHA256SUMS
 * lists it with its hash and SHA256SUMS.minisig verifies with the key, or
 * when its own NAME.minisig does. A name SHA256SUMS lists but the folder
 * lacks, a hash that differs, a SHA256SUMS signature missing or by another
 * key are problems. A provenance envelope (DSSE, in-toto statement) must
 * verify with the key and name only artefacts of the folder (by sha256).
 *
 * Problems are described in one "; "-separated text for the reader.
 * Nothing here prints.
 */
#ifndef VOUCH_RELEASE_ARTEFACTS_H
#define VOUCH_RELEASE_ARTEFACTS_H

#include "util/compat.h"
#include "util/buf.h"
#include "core/integrity/minisign.h"

#define ARTEFACTS_MAX_SHOWN 10 /* names listed in one problem before "and more" */

struct artefact {
	char *name;
	char sha256[65]; /* "" when it could not be read */
	bool signed_by_sums, signed_alone;
	bool in_provenance; /* a subject of a provenance statement that verified */
};

/* A file the checks read and relied on, in the order read: evidence for a report. */
struct artefacts_file {
	char *path;
	const char *kind; /* "sha256sums", "minisign", "provenance" */
};

struct artefacts {
	char *dir;
	struct artefact *v; /* sorted by name */
	size_t n;
	size_t nlisted;            /* names SHA256SUMS lists */
	size_t nsigned;            /* artefacts signed one way or the other */
	size_t nsums;              /* of which through SHA256SUMS */
	struct buf unsigned_names; /* the first ARTEFACTS_MAX_SHOWN without a valid signature */
	size_t nunsigned;
	struct buf problems;
	struct artefacts_file *files;
	size_t nfiles;
};

#define ARTEFACTS_INIT                                                                             \
	{                                                                                          \
		.unsigned_names = BUF_INIT, .problems = BUF_INIT                                   \
	}

/* Lists dir's artefacts with their sha256. ERR_IO when dir cannot be read. */
int artefacts_read(struct artefacts *out, const char *dir);

/* Checks SHA256SUMS and every artefact's own signature against pub. */
void artefacts_check_signatures(struct artefacts *a, const struct minisign_pubkey *pub);

/*
 * Checks one provenance envelope at path (shown as name in problems) against
 * pub and the artefacts. Returns true when it verifies and names only them.
 */
bool artefacts_check_provenance(struct artefacts *a, const char *path, const char *name,
                                const struct minisign_pubkey *pub);

void artefacts_release(struct artefacts *a);

#endif
