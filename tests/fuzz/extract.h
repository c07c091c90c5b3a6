/*
 * extract.h: the body of the fuzz targets that run extractors on arbitrary
 * bytes, as a scan would (content sniffing included). A target names its
 * extractors and the file name each reads the input as:
 *
 *     #include "extract.h"
 *     static const char *const kinds[] = { "cargo-lock" };
 *     static const char *const rels[] = { "Cargo.lock" };
 *     FUZZ_EXTRACT(kinds, rels)
 */
#ifndef VOUCH_FUZZ_EXTRACT_H
#define VOUCH_FUZZ_EXTRACT_H

#include "util/compat.h"
#include "core/inventory/inventory.h"
#include "util/alloc.h"

static inline int fuzz_extract(const char *const *kinds, const char *const *rels, size_t n,
                               const uint8_t *data, size_t size)
{
	char *copy = xmemdupz(data, size); /* extractors get NUL-terminated data */

	for (size_t i = 0; i < n; i++) {
		const struct extractor *e = extractor_find(kinds[i]);
		struct inventory inv = INVENTORY_INIT;

		if (e->sniff)
			(void)e->sniff(copy, size);
		inventory_read_as(&inv, e, rels[i], rels[i], copy, size, NULL);
		inventory_sort(&inv);
		inventory_release(&inv);
	}
	free(copy);
	return 0;
}

#define FUZZ_EXTRACT(kinds, rels)                                                                  \
	int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);                              \
	int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)                               \
	{                                                                                          \
		return fuzz_extract(kinds, rels, ARRAY_SIZE(kinds), data, size);                   \
	}

#endif
