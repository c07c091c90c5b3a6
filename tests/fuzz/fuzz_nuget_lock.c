/*
 * fuzz_nuget_lock.c: the nuget-packages-lock extractor on arbitrary bytes, read as 'packages.lock.json'.
 */
#include "extract.h"

static const char *const kinds[] = { "nuget-packages-lock" };
static const char *const rels[] = { "packages.lock.json" };
FUZZ_EXTRACT(kinds, rels)
