/*
 * fuzz_swift_resolved.c: the swift-package-resolved extractor on arbitrary bytes, read as 'Package.resolved'.
 */
#include "extract.h"

static const char *const kinds[] = { "swift-package-resolved" };
static const char *const rels[] = { "Package.resolved" };
FUZZ_EXTRACT(kinds, rels)
