/*
 * fuzz_binary: the executable readers (ELF, PE, Mach-O address mapping;
 * ELF, PE and Mach-O sections), the Go build information and cargo-auditable
 * readers.
 */
#include "util/compat.h"
#include "core/inventory/inventory.h"
#include "core/binfmt/binfmt.h"
#include "util/alloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *copy = xmemdupz(data, size);
	const struct extractor *e = extractor_find("go-binary");
	struct inventory inv = INVENTORY_INIT;
	uint64_t off, n;

	(void)extractor_claim_head(copy, size < INVENTORY_HEAD_LEN ? size : INVENTORY_HEAD_LEN);
	for (uint64_t a = 0; a < 0x500000; a += 0x40000)
		(void)binfmt_addr_to_off(data, size, a, 16, &off);
	(void)binfmt_elf_section(data, size, ".dep-v0", &off, &n);
	(void)binfmt_pe_section(data, size, ".dep-v0", &off, &n);
	(void)binfmt_pe_section(data, size, ".textbss", &off, &n);
	(void)binfmt_macho_section(data, size, "__DATA", ".dep-v0", &off, &n);
	(void)binfmt_macho_section(data, size, "__TEXT", "__text", &off, &n);
	(void)binfmt_writable_data(data, size, &off, &n);
	inventory_read_as(&inv, e, "fuzz", "fuzz", copy, size, NULL);
	inventory_read_as(&inv, extractor_find("rust-cargo-auditable"), "fuzz", "fuzz", copy, size,
	                  NULL);
	inventory_read_as(&inv, extractor_find("executable"), "fuzz", "fuzz", copy, size, NULL);
	inventory_sort(&inv);
	inventory_release(&inv);
	free(copy);
	return 0;
}
