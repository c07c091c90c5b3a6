/*
 * fuzz_dpkg_status: the dpkg status parser of `vouch env snapshot`
 * (buildenv_parse_dpkg_status), then the canonical writer on its result.
 */
#include "util/compat.h"
#include "core/buildenv/buildenv.h"
#include "util/buf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	json_t *pkgs = json_object();
	struct buf out = BUF_INIT;

	if (buildenv_parse_dpkg_status(pkgs, (const char *)data, size) < 0)
		abort();
	if (buildenv_write(&out, pkgs) < 0)
		abort();
	json_decref(pkgs);
	buf_release(&out);
	return 0;
}
