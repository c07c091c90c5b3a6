/*
 * fuzz_composer: the composer.lock reader, through the inventory as a scan
 * would run them (content sniffing included).
 */
#include "extract.h"

static const char *const kinds[] = { "composer-lock" };
static const char *const rels[] = { "composer.lock" };
FUZZ_EXTRACT(kinds, rels)
