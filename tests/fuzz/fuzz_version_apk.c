/* fuzz_version_apk.c: the Alpine comparator (see fuzz_version.h). */
#include "util/compat.h"
#include "fuzz_version.h"

FUZZ_VERSION_TARGET("Alpine")
