/*
 * fuzz_nuget_config.c: the nuget-packages-config extractor on arbitrary bytes, read as 'packages.config'.
 */
#include "extract.h"

static const char *const kinds[] = { "nuget-packages-config" };
static const char *const rels[] = { "packages.config" };
FUZZ_EXTRACT(kinds, rels)
