/*
 * fuzz_golang: the Go readers (go.mod, vendor/modules.txt), through the inventory as a scan
 * would run them (content sniffing included).
 */
#include "extract.h"

static const char *const kinds[] = { "go-mod", "go-vendor-modules" };
static const char *const rels[] = { "go.mod", "vendor/modules.txt" };
FUZZ_EXTRACT(kinds, rels)
