/*
 * fuzz_conan_lock.c: the conan-lock extractor on arbitrary bytes, read as 'conan.lock'.
 */
#include "extract.h"

static const char *const kinds[] = { "conan-lock" };
static const char *const rels[] = { "conan.lock" };
FUZZ_EXTRACT(kinds, rels)
