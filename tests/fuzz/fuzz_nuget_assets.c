/*
 * fuzz_nuget_assets.c: the nuget-project-assets extractor on arbitrary bytes, read as 'project.assets.json'.
 */
#include "extract.h"

static const char *const kinds[] = { "nuget-project-assets" };
static const char *const rels[] = { "project.assets.json" };
FUZZ_EXTRACT(kinds, rels)
