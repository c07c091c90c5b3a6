/*
 * fuzz_gradle_catalog: the Gradle version catalog reader on arbitrary bytes.
 */
#include "extract.h"

static const char *const kinds[] = { "gradle-version-catalog" };
static const char *const rels[] = { "gradle/libs.versions.toml" };
FUZZ_EXTRACT(kinds, rels)
