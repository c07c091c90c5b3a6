/*
 * fuzz_bom_input.c: the cyclonedx and spdx extractors (SBOM documents read
 * as inputs) and their sniffers on arbitrary bytes.
 */
#include "util/compat.h"
#include "core/inventory/inventory.h"
#include "util/alloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const kinds[] = { "cyclonedx", "spdx" };
	char *copy = xmemdupz(data, size);

	/* both ways of locating packages: at the document's lines (vouch sbom) and at the
	 * occurrences (vouch scan) */
	for (size_t i = 0; i < 2 * ARRAY_SIZE(kinds); i++) {
		struct inventory inv = INVENTORY_INIT;
		const struct extractor *ex = extractor_find(kinds[i % ARRAY_SIZE(kinds)]);

		inv.bom_occurrences = i >= ARRAY_SIZE(kinds);
		(void)ex->sniff(copy, size);
		inventory_read_as(&inv, ex, "bom.json", "bom.json", copy, size, NULL);
		inventory_sort(&inv);
		inventory_release(&inv);
	}
	free(copy);
	return 0;
}
