/*
 * fuzz_pacman: the pacman local database reader (desc files) on arbitrary bytes.
 */
#include "extract.h"

static const char *const kinds[] = { "pacman-desc" };
static const char *const rels[] = { "var/lib/pacman/local/x-1-1/desc" };
FUZZ_EXTRACT(kinds, rels)
