/*
 * libFuzzer target: endoflife.date product files read into the database
 * (core/vulndb/eol.c): the front matter is found, parsed and checked; a
 * product is stored whole or not at all, and a lookup after it never fails.
 */
#include "util/compat.h"
#include "core/vulndb/db.h"
#include "util/err.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct vulndb *db;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct vulndb_eol e;
	bool product = false;
	int r;

	if (!db && vulndb_open(&db, ":memory:", VULNDB_CREATE) < 0)
		__builtin_trap();
	r = vulndb_eol_import_md(db, &product, (const char *)data, size, "fz/product.md");
	if (r < 0 && (r == ERR_IO || !err_msg()[0]))
		__builtin_trap();
	if (r < 0 && !product && r != ERR_PARSE && r != ERR_TOOBIG && r != ERR_UNSUPPORTED)
		__builtin_trap();
	if (vulndb_eol_find(&e, db, "pkg:npm/widget@1.2.3", "1.2.3") < 0)
		__builtin_trap();
	vulndb_eol_release(&e);
	err_clear();
	return 0;
}
