/* fuzz_version_pvp.c: the Hackage comparator (see fuzz_version.h). */
#include "util/compat.h"
#include "fuzz_version.h"

FUZZ_VERSION_TARGET("Hackage")
