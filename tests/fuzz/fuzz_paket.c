/*
 * fuzz_paket: the Paket paket.lock reader on arbitrary bytes.
 */
#include "extract.h"

static const char *const kinds[] = { "paket-lock" };
static const char *const rels[] = { "paket.lock" };
FUZZ_EXTRACT(kinds, rels)
