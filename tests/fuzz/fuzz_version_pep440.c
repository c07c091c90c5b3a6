/* fuzz_version_pep440.c: the PyPI comparator (see fuzz_version.h). */
#include "util/compat.h"
#include "fuzz_version.h"

FUZZ_VERSION_TARGET("PyPI")
