/* fuzz_version_maven.c: the Maven comparator (see fuzz_version.h). */
#include "util/compat.h"
#include "fuzz_version.h"

/* Well formed: starts with a digit; digits, ASCII letters, '.' and '-' only,
 * no empty item ("1..2", "1-", "1.-a"), as versions on Maven Central are. */
static bool maven_well_formed(const char *s, size_t n)
{
	if (!n || s[0] < '0' || s[0] > '9')
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		bool sep = c == '.' || c == '-';
		if (!sep &&
		    !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
			return false;
		if (sep && (i + 1 == n || s[i + 1] == '.' || s[i + 1] == '-'))
			return false;
	}
	return true;
}

FUZZ_VERSION_TARGET_WF("Maven", maven_well_formed)
