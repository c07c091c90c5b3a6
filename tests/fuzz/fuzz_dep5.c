/*
 * fuzz_dep5: the reader of machine-readable Debian copyright files and the
 * SPDX form of their licences (core/inventory/os/dep5.h); every package
 * licence it gives must be an SPDX expression the BOM writers accept.
 */
#include "util/compat.h"
#include "core/formats/bom.h"
#include "core/inventory/os/dep5.h"
#include "util/alloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct dep5 d = DEP5_INIT;
	char *lic, *synopsis;
	struct buf b = BUF_INIT;

	dep5_parse(&d, (const char *)data, size);
	lic = dep5_package_license(&d);
	if (lic && !bom_license_is_expression(lic))
		abort();
	free(lic);
	dep5_release(&d);
	/* the input as one synopsis too (up to its first NUL) */
	synopsis = xmemdupz(data, size < DEP5_MAX_SYNOPSIS ? size : DEP5_MAX_SYNOPSIS);
	if (dep5_license_spdx(&b, synopsis) && !bom_license_is_expression(b.ptr))
		abort();
	free(synopsis);
	buf_release(&b);
	return 0;
}
