/*
 * fuzz_cargo: the Cargo.lock reader, through the inventory as a scan
 * would run them (content sniffing included).
 */
#include "util/compat.h"
#include "core/inventory/inventory.h"
#include "util/alloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const kinds[] = { "cargo-lock" };
	static const char *const rels[] = { "Cargo.lock" };
	char *copy = xmemdupz(data, size); /* extractors get NUL-terminated data */

	for (size_t i = 0; i < ARRAY_SIZE(kinds); i++) {
		const struct extractor *e = extractor_find(kinds[i]);
		struct inventory inv = INVENTORY_INIT;

		if (e->sniff)
			(void)e->sniff(copy, size);
		inventory_read_as(&inv, e, "fuzz", rels[i], copy, size, NULL);
		inventory_sort(&inv);
		inventory_release(&inv);
	}
	free(copy);
	return 0;
}
