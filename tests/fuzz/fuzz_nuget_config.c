/*
 * fuzz_nuget_config.c: the nuget-packages-config extractor on arbitrary bytes, read as 'packages.config'.
 */
#include "util/compat.h"
#include "core/inventory/inventory.h"
#include "util/alloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct inventory inv = INVENTORY_INIT;
	char *copy = xmemdupz(data, size);

	inventory_read_as(&inv, extractor_find("nuget-packages-config"), "packages.config",
	                  "packages.config", copy, size, NULL);
	inventory_sort(&inv);
	inventory_release(&inv);
	free(copy);
	return 0;
}
