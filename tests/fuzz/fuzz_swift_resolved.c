/*
 * fuzz_swift_resolved.c: the swift-package-resolved extractor on arbitrary bytes, read as 'Package.resolved'.
 */
#include "util/compat.h"
#include "core/inventory/inventory.h"
#include "util/alloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct inventory inv = INVENTORY_INIT;
	char *copy = xmemdupz(data, size);

	inventory_read_as(&inv, extractor_find("swift-package-resolved"), "Package.resolved",
	                  "Package.resolved", copy, size, NULL);
	inventory_sort(&inv);
	inventory_release(&inv);
	free(copy);
	return 0;
}
