/*
 * fuzz_haskell: the Haskell readers (stack.yaml.lock, cabal.project.freeze) on arbitrary bytes.
 */
#include "extract.h"

static const char *const kinds[] = { "stack-lock", "cabal-freeze" };
static const char *const rels[] = { "stack.yaml.lock", "cabal.project.freeze" };
FUZZ_EXTRACT(kinds, rels)
