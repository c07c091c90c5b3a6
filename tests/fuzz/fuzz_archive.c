/*
 * fuzz_archive: the archive walker (zip, tar and their compressions through
 * libarchive, nested archives, pom.properties, members handed on).
 */
#include "util/compat.h"
#include "core/inventory/inventory.h"
#include "util/alloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy = xmemdupz(data, size);
	struct inventory inv = INVENTORY_INIT;

	inventory_read_as(&inv, extractor_find("archive"), "fuzz.zip", "fuzz.zip", copy, size,
	                  NULL);
	inventory_sort(&inv);
	inventory_release(&inv);
	free(copy);
	return 0;
}
