/*
 * fuzz_conda: the conda-meta record reader on arbitrary bytes.
 */
#include "extract.h"

static const char *const kinds[] = { "conda-meta" };
static const char *const rels[] = { "conda-meta/x-1.0-0.json" };
FUZZ_EXTRACT(kinds, rels)
