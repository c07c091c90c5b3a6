/* fuzz_version_opam.c: the opam comparator (see fuzz_version.h). */
#include "util/compat.h"
#include "fuzz_version.h"

FUZZ_VERSION_TARGET("opam")
