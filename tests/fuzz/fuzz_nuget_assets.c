/*
 * fuzz_nuget_assets.c: the nuget-project-assets extractor on arbitrary bytes, read as 'project.assets.json'.
 */
#include "util/compat.h"
#include "core/inventory/inventory.h"
#include "util/alloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct inventory inv = INVENTORY_INIT;
	char *copy = xmemdupz(data, size);

	inventory_read_as(&inv, extractor_find("nuget-project-assets"), "project.assets.json",
	                  "project.assets.json", copy, size, NULL);
	inventory_sort(&inv);
	inventory_release(&inv);
	free(copy);
	return 0;
}
