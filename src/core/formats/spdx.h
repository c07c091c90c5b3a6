/*
 * spdx.h: the inventory as an SPDX 2.3 JSON document.
 *
 * SPDXRef ids are derived from each package's purl (readable part plus a
 * hash, so they are stable and unique), documentNamespace is a urn:uuid
 * derived from a hash of the document, creationInfo.created comes from the
 * caller (SOURCE_DATE_EPOCH). Packages carry their purl as an externalRef,
 * checksums with SPDX algorithm names, licenseDeclared where known
 * (NOASSERTION otherwise), downloadLocation NOASSERTION, filesAnalyzed
 * false. Relationships: DOCUMENT DESCRIBES the subject; DEPENDS_ON edges.
 */
#ifndef VOUCH_SPDX_H
#define VOUCH_SPDX_H

#include "util/compat.h"
#include "util/buf.h"
#include "core/formats/bom.h"
#include "core/inventory/inventory.h"

/* Appends the document to out. inv must have been sorted. 0 or ERR_TOOBIG. */
int spdx_write(struct buf *out, const struct inventory *inv, const struct bom_meta *m);

/* The SPDX checksum algorithm name for a CycloneDX one ("SHA-256" -> "SHA256"), or NULL. */
const char *spdx_checksum_alg(const char *cyclonedx_alg);

#endif
