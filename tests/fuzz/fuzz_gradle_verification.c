/*
 * fuzz_gradle_verification.c: the gradle-verification-metadata extractor on arbitrary bytes, read as 'gradle/verification-metadata.xml'.
 */
#include "extract.h"

static const char *const kinds[] = { "gradle-verification-metadata" };
static const char *const rels[] = { "gradle/verification-metadata.xml" };
FUZZ_EXTRACT(kinds, rels)
