/*
 * fuzz_podfile_lock.c: the cocoapods-podfile-lock extractor on arbitrary bytes, read as 'Podfile.lock'.
 */
#include "extract.h"

static const char *const kinds[] = { "cocoapods-podfile-lock" };
static const char *const rels[] = { "Podfile.lock" };
FUZZ_EXTRACT(kinds, rels)
