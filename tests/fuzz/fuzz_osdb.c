/*
 * fuzz_osdb: the OS package database readers (dpkg status, apk installed),
 * through the inventory as a scan would run them.
 */
#include "util/compat.h"
#include "core/inventory/inventory.h"
#include "util/alloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const kinds[] = { "dpkg-status", "apk-installed" };
	static const char *const rels[] = { "var/lib/dpkg/status", "lib/apk/db/installed" };
	char *copy = xmemdupz(data, size); /* extractors get NUL-terminated data */

	for (size_t i = 0; i < ARRAY_SIZE(kinds); i++) {
		struct inventory inv = INVENTORY_INIT;

		inventory_read_as(&inv, extractor_find(kinds[i]), "fuzz", rels[i], copy, size,
		                  NULL);
		inventory_sort(&inv);
		inventory_release(&inv);
	}
	free(copy);
	return 0;
}
