/*
 * fuzz_mix_lock.c: the mix-lock extractor on arbitrary bytes, read as 'mix.lock'.
 */
#include "extract.h"

static const char *const kinds[] = { "mix-lock" };
static const char *const rels[] = { "mix.lock" };
FUZZ_EXTRACT(kinds, rels)
