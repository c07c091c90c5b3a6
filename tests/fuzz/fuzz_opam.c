/*
 * fuzz_opam: the opam readers (NAME.opam.locked, .opam-switch/switch-state) on arbitrary
 * bytes.
 */
#include "extract.h"

static const char *const kinds[] = { "opam-locked", "opam-switch-state" };
static const char *const rels[] = { "app.opam.locked", ".opam-switch/switch-state" };
FUZZ_EXTRACT(kinds, rels)
