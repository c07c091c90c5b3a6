/*
 * libFuzzer target: vouch.toml reading (core/assess/config.c) on top of the
 * TOML parser. Whatever the input, the call returns 0 or an error with a
 * message, and a configuration read is released without leaks.
 */
#include "util/compat.h"
#include "core/assess/assess.h"
#include "util/err.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct assess_config c = ASSESS_CONFIG_INIT;
	int r = assess_config_parse(&c, (const char *)data, size, "fz/vouch.toml");

	if (r < 0 && !err_msg()[0])
		__builtin_trap();
	if (r == 0 && (!c.nproducts || !c.products[0].path))
		__builtin_trap();
	assess_config_release(&c);
	err_clear();
	return 0;
}
