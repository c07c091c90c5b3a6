/*
 * fuzz_os_release: an os-release file (from an image or a root filesystem)
 * as the OS package readers take it, then the OSV ecosystem named after it
 * and whether advisory entries of other releases apply to it.
 */
#include "util/compat.h"
#include "core/inventory/os/osrelease.h"
#include "core/version/version.h"
#include "util/alloc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const entries[] = {
		"Red Hat:enterprise_linux:9::appstream",
		"SUSE:Linux Enterprise Server 15 SP5-LTSS",
		"openEuler:22.03-LTS-SP3",
		"Ubuntu:22.04:LTS",
		"Alpine:v3.19",
		"Red Hat:",
		"SUSE:",
	};
	static const char *const schemes[] = { "rpm", "apk", "dpkg" };
	struct os_release os = OS_RELEASE_INIT;
	char *copy = xmemdupz(data, size);

	os_release_parse(&os, copy, size);
	for (size_t i = 0; i < ARRAY_SIZE(schemes); i++) {
		char *eco = os_release_ecosystem(&os, schemes[i]);

		for (size_t k = 0; eco && k < ARRAY_SIZE(entries); k++) {
			(void)osv_release_applies(entries[k], eco);
			(void)osv_release_applies(eco, entries[k]);
		}
		free(eco);
	}
	os_release_release(&os);
	free(copy);
	return 0;
}
