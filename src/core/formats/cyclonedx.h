/*
 * cyclonedx.h: the inventory as a CycloneDX 1.6 or 1.7 JSON BOM.
 *
 * The document (see docs/cmd/sbom.md for the field-by-field mapping):
 * bomFormat, specVersion, serialNumber (a UUID derived from a BLAKE2b hash of
 * the document itself, so the same inventory gives the same serial),
 * version 1, metadata (timestamp, vouch as the tool, the subject component,
 * and "vouch:*" properties saying whether the inventory is complete and
 * naming every input that could not be read), components sorted by purl
 * (bom-ref = purl), and dependencies (one entry per component, dependsOn
 * sorted).
 */
#ifndef VOUCH_CYCLONEDX_H
#define VOUCH_CYCLONEDX_H

#include "util/compat.h"
#include "util/buf.h"
#include "core/formats/bom.h"
#include "core/inventory/inventory.h"

/*
 * Appends the BOM to out. inv must have been sorted (inventory_sort).
 * Returns 0, ERR_USAGE for an unknown spec version, or ERR_TOOBIG when out's
 * cap is reached.
 */
int cyclonedx_write(struct buf *out, const struct inventory *inv, const struct bom_meta *m);

#endif
