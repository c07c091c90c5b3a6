/*
 * fuzz_gleam: the Gleam readers (manifest.toml, gleam.toml) on arbitrary bytes.
 */
#include "extract.h"

static const char *const kinds[] = { "gleam-manifest", "gleam-toml" };
static const char *const rels[] = { "manifest.toml", "gleam.toml" };
FUZZ_EXTRACT(kinds, rels)
