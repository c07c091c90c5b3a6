/* libFuzzer target: the YAML loader (util/yaml.h). */
#include "util/compat.h"
#include "util/yaml.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *v = NULL;

	if (size > ((size_t)1 << 20))
		return 0;
	if (vyaml_parse(&v, (const char *)data, size, "fuzz") == 0)
		json_decref(v);
	return 0;
}
