/* fuzz_version_cran.c: the CRAN comparator (see fuzz_version.h). */
#include "util/compat.h"
#include "fuzz_version.h"

FUZZ_VERSION_TARGET("CRAN")
