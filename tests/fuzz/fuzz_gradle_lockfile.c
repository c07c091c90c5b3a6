/*
 * fuzz_gradle_lockfile.c: the gradle-lockfile extractor on arbitrary bytes, read as 'gradle.lockfile'.
 */
#include "extract.h"

static const char *const kinds[] = { "gradle-lockfile" };
static const char *const rels[] = { "gradle.lockfile" };
FUZZ_EXTRACT(kinds, rels)
