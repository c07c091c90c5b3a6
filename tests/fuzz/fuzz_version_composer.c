/* fuzz_version_composer.c: the Packagist comparator (see fuzz_version.h). */
#include "util/compat.h"
#include "fuzz_version.h"

FUZZ_VERSION_TARGET("Packagist")
