/*
 * fuzz_cargo: the Cargo.lock reader, through the inventory as a scan
 * would run them (content sniffing included).
 */
#include "extract.h"

static const char *const kinds[] = { "cargo-lock" };
static const char *const rels[] = { "Cargo.lock" };
FUZZ_EXTRACT(kinds, rels)
