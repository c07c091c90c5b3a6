/*
 * fuzz_gem: the Gemfile.lock reader, through the inventory as a scan
 * would run them (content sniffing included).
 */
#include "extract.h"

static const char *const kinds[] = { "gem-gemfile-lock" };
static const char *const rels[] = { "Gemfile.lock" };
FUZZ_EXTRACT(kinds, rels)
