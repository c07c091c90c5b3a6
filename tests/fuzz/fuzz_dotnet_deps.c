/*
 * fuzz_dotnet_deps.c: the dotnet-deps-json extractor on arbitrary bytes, read as 'App.deps.json'.
 */
#include "extract.h"

static const char *const kinds[] = { "dotnet-deps-json" };
static const char *const rels[] = { "App.deps.json" };
FUZZ_EXTRACT(kinds, rels)
