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

	for (size_t i = 0; i < ARRAY_SIZE(kinds); i++) {
		struct inventory inv = INVENTORY_INIT;
		const struct extractor *ex = extractor_find(kinds[i]);

		(void)ex->sniff(copy, size);
		inventory_read_as(&inv, ex, "bom.json", "bom.json", copy, size, NULL);
		inventory_sort(&inv);
		inventory_release(&inv);
	}
	free(copy);
	return 0;
}
