/* fuzz_version_rpm.c: the Red Hat comparator (see fuzz_version.h). */
#include "util/compat.h"
#include "fuzz_version.h"

FUZZ_VERSION_TARGET("Red Hat")
