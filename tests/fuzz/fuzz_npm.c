/*
 * fuzz_npm: every npm extractor (package-lock.json, yarn.lock,
 * pnpm-lock.yaml, bun.lock, installed package.json) on the same input,
 * through the inventory as a scan runs them, then both SBOM writers on
 * whatever was found.
 */
#include "util/compat.h"
#include "core/formats/cyclonedx.h"
#include "core/formats/spdx.h"
#include "core/inventory/inventory.h"
#include "util/alloc.h"
#include "util/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const kinds[] = { "npm-package-lock", "npm-yarn-lock", "npm-pnpm-lock",
		                             "npm-bun-lock", "npm-package-json" };
	static const char *const rels[] = { "package-lock.json", "yarn.lock", "pnpm-lock.yaml",
		                            "bun.lock", "node_modules/x/package.json" };
	static const char *const subjects[] = { "fuzz" };
	char *copy = xmemdupz(data, size); /* extractors get NUL-terminated data */

	for (size_t i = 0; i < ARRAY_SIZE(kinds); i++) {
		struct inventory inv = INVENTORY_INIT;
		struct bom_meta meta = { "1.6", 0, "fuzz", subjects, 1, false, NULL };
		struct buf out = BUF_INIT;

		inventory_read_as(&inv, extractor_find(kinds[i]), "fuzz", rels[i], copy, size,
		                  NULL);
		inventory_sort(&inv);
		cyclonedx_write(&out, &inv, &meta);
		buf_reset(&out);
		spdx_write(&out, &inv, &meta);
		buf_release(&out);
		inventory_release(&inv);
	}
	free(copy);
	return 0;
}
