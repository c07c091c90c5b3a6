/*
 * fuzz_rpm: the RPM header blob parser (one row of rpmdb.sqlite's Packages
 * table), and the rpm-db extractor on arbitrary bytes (SQLite's own reader
 * behind it).
 */
#include "util/compat.h"
#include "core/inventory/inventory.h"
#include "core/inventory/os/rpm.h"
#include "util/alloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rpmhdr h;
	char *copy = xmemdupz(data, size);
	struct inventory inv = INVENTORY_INIT;

	(void)rpm_header_parse(&h, data, size);
	inventory_read_as(&inv, extractor_find("rpm-db"), "fuzz", "var/lib/rpm/rpmdb.sqlite", copy,
	                  size, NULL);
	inventory_release(&inv);
	free(copy);
	return 0;
}
