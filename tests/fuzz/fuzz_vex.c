/* libFuzzer target: the OpenVEX and CycloneDX VEX readers. */
#include "util/compat.h"
#include "core/match/vex.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vex v = VEX_INIT;

	if (size > ((size_t)1 << 20))
		return 0;
	vex_parse(&v, (const char *)data, size, "fuzz");
	vex_release(&v);
	return 0;
}
