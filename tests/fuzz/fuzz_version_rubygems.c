/* fuzz_version_rubygems.c: the RubyGems comparator (see fuzz_version.h). */
#include "util/compat.h"
#include "fuzz_version.h"

FUZZ_VERSION_TARGET("RubyGems")
