/*
 * fuzz_spack: the Spack spec.json reader on arbitrary bytes.
 */
#include "extract.h"

static const char *const kinds[] = { "spack-spec" };
static const char *const rels[] = { "opt/x/.spack/spec.json" };
FUZZ_EXTRACT(kinds, rels)
