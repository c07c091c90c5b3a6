/*
 * fuzz_deno: the Deno readers (deno.lock, deno.json) on arbitrary bytes.
 */
#include "extract.h"

static const char *const kinds[] = { "deno-lock", "deno-json" };
static const char *const rels[] = { "deno.lock", "deno.json" };
FUZZ_EXTRACT(kinds, rels)
