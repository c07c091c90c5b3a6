/*
 * fuzz_ghactions: the GitHub Actions workflow reader on arbitrary bytes.
 */
#include "extract.h"

static const char *const kinds[] = { "github-actions" };
static const char *const rels[] = { ".github/workflows/ci.yml" };
FUZZ_EXTRACT(kinds, rels)
