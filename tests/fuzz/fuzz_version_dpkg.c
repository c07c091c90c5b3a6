/* fuzz_version_dpkg.c: the Debian comparator (see fuzz_version.h). */
#include "util/compat.h"
#include "fuzz_version.h"

FUZZ_VERSION_TARGET("Debian")
