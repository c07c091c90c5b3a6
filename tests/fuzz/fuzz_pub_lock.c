/*
 * fuzz_pub_lock.c: the pub-lock extractor on arbitrary bytes, read as 'pubspec.lock'.
 */
#include "extract.h"

static const char *const kinds[] = { "pub-lock" };
static const char *const rels[] = { "pubspec.lock" };
FUZZ_EXTRACT(kinds, rels)
