/* fuzz_version_nuget.c: the NuGet comparator (see fuzz_version.h). */
#include "util/compat.h"
#include "fuzz_version.h"

FUZZ_VERSION_TARGET("NuGet")
