/* fuzz_version_maven.c: the Maven comparator (see fuzz_version.h). */
#include "util/compat.h"
#include "fuzz_version.h"

FUZZ_VERSION_TARGET("Maven")
