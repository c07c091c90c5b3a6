/*
 * fuzz_bomdiff.c: `vouch sbom diff` on two arbitrary documents. The first
 * byte chooses how each side is read (bit 0: the old side as SPDX, bit 1:
 * the new side as SPDX, else CycloneDX); the rest is split at its first NUL
 * byte (or in half). The diff is rendered as JSON and Markdown, and purls
 * from it are tried as review entries.
 */
#include "util/compat.h"
#include "core/inventory/inventory.h"
#include "core/release/bomdiff.h"
#include "util/alloc.h"
#include "util/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void read_side(struct inventory *inv, const char *kind, const char *data, size_t len)
{
	char *copy = xmemdupz(data, len);

	inventory_read_as(inv, extractor_find(kind), "bom.json", "bom.json", copy, len, NULL);
	inventory_sort(inv);
	free(copy);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	unsigned sel = size ? data[0] : 0;
	const char *s = size ? (const char *)data + 1 : "";
	size_t n = size ? size - 1 : 0;
	const char *nul = n ? memchr(s, '\0', n) : NULL;
	size_t cut = nul ? (size_t)(nul - s) : n / 2;
	struct inventory a = INVENTORY_INIT, b = INVENTORY_INIT;
	struct bomdiff d = BOMDIFF_INIT;
	struct bomdiff_meta m = { "old", "new", 3 };
	struct buf out = BUF_INIT;

	read_side(&a, sel & 1 ? "spdx" : "cyclonedx", s, cut);
	read_side(&b, sel & 2 ? "spdx" : "cyclonedx", s + cut + (nul != NULL),
	          n - cut - (nul != NULL));
	if (bomdiff_run(&d, &a, &b) == 0) {
		const char *rev[2];

		bomdiff_json(&out, &d, &m);
		buf_reset(&out);
		bomdiff_markdown(&out, &d, &m);
		bomdiff_summary(&out, &d);
		rev[0] = d.n && d.e[0].new_purl ? d.e[0].new_purl : "pkg:npm/x";
		rev[1] = d.n ? d.e[0].key : "pkg:";
		for (size_t i = 0; i < d.n; i++)
			(void)bomdiff_reviewed(&d.e[i], rev, 2);
	}
	buf_release(&out);
	bomdiff_release(&d);
	inventory_release(&a);
	inventory_release(&b);
	return 0;
}
