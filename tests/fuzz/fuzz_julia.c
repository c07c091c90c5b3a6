/*
 * fuzz_julia: the Julia Manifest.toml reader on arbitrary bytes.
 */
#include "extract.h"

static const char *const kinds[] = { "julia-manifest" };
static const char *const rels[] = { "Manifest.toml" };
FUZZ_EXTRACT(kinds, rels)
