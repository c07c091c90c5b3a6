/*
 * libFuzzer target: OSV advisory parsing and validation (JSON in, osv_validate), and the
 * lenient validation of import: an advisory it accepts must be valid once its broken GIT
 * ranges are left out.
 */
#include "util/compat.h"
#include "core/vulndb/osv.h"
#include "util/json.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *doc = NULL;
	struct buf b = BUF_INIT;
	struct osv_git_drops drops = OSV_GIT_DROPS_INIT;
	json_t *a, *pkg;
	size_t i;

	if (size > ((size_t)4 << 20))
		return 0;
	if (vjson_parse(&doc, (const char *)data, size, "fuzz") < 0)
		return 0;
	if (osv_validate(doc) == 0) {
		json_array_foreach(json_object_get(doc, "affected"), i, a)
		{
			const char *eco, *name;

			pkg = json_object_get(a, "package");
			eco = vjson_str(pkg, "ecosystem");
			name = vjson_str(pkg, "name");
			if (eco && name) {
				buf_reset(&b);
				osv_normalize_name(&b, eco, osv_ecosystem_base_len(eco), name,
				                   strlen(name));
			}
		}
	}
	if (osv_validate_lenient(&drops, doc) == 0) {
		json_t *copy = osv_without_ranges(doc, &drops);

		if ((drops.n == 0) != (osv_validate(doc) == 0) || osv_validate(copy) < 0)
			abort();
		json_decref(copy);
	}
	osv_git_drops_release(&drops);
	buf_release(&b);
	json_decref(doc);
	return 0;
}
