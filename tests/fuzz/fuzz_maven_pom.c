/*
 * fuzz_maven_pom.c: the maven-pom extractor on arbitrary bytes, read as 'pom.xml'.
 */
#include "extract.h"

static const char *const kinds[] = { "maven-pom" };
static const char *const rels[] = { "pom.xml" };
FUZZ_EXTRACT(kinds, rels)
