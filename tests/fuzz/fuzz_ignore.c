/*
 * libFuzzer target: scan ignore files (core/match/ignore.c) on top of the
 * TOML parser. Whatever the input, the call returns 0 or an error with a
 * message; every entry kept has an id, a reason, a source and a valid
 * expiry (empty or YYYY-MM-DD); entries refused each have a message.
 */
#include "util/compat.h"
#include "core/match/ignore.h"
#include "util/err.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ignore ig = IGNORE_INIT;
	int r = ignore_parse(&ig, (const char *)data, size, "fz/.vouchignore.toml");

	if (r < 0 && !err_msg()[0])
		__builtin_trap();
	for (size_t i = 0; i < ig.n; i++) {
		const struct ignore_entry *e = &ig.e[i];

		if (!e->id[0] || !e->reason[0] || !e->source ||
		    (e->expires[0] && strlen(e->expires) != 10))
			__builtin_trap();
	}
	for (size_t i = 0; i < ig.nerrors; i++)
		if (strncmp(ig.errors[i], "fz/.vouchignore.toml:", 21))
			__builtin_trap();
	ignore_release(&ig);
	err_clear();
	return 0;
}
