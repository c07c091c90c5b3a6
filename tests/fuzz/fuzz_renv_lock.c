/*
 * fuzz_renv_lock.c: the renv-lock extractor on arbitrary bytes, read as 'renv.lock'.
 */
#include "extract.h"

static const char *const kinds[] = { "renv-lock" };
static const char *const rels[] = { "renv.lock" };
FUZZ_EXTRACT(kinds, rels)
