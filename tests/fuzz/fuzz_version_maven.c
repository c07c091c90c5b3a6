/* fuzz_version_maven.c: the Maven comparator (see fuzz_version.h). */
#include "util/compat.h"
#include "fuzz_version.h"

/*
 * Maven's order is not transitive on every string (before MNG-7644, dotted
 * qualifiers against sub-lists gave 1.0.RC1 < 1 < 1-1 < 1.0.RC1, found by
 * this target), so transitivity is checked on the common shape NUM(.NUM)*
 * optionally followed by -QUALIFIER[NUM] (1.2.3, 1.0-rc1, 2.0-SNAPSHOT).
 */
static bool maven_well_formed(const char *s, size_t n)
{
	size_t i = 0;

	for (;;) {
		size_t st = i;
		while (i < n && s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == st)
			return false;
		if (i < n && s[i] == '.') {
			i++;
			continue;
		}
		break;
	}
	if (i == n)
		return true;
	if (s[i++] != '-')
		return false;
	if (i == n || !((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z')))
		return false;
	while (i < n && ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z')))
		i++;
	while (i < n && s[i] >= '0' && s[i] <= '9')
		i++;
	return i == n;
}

FUZZ_VERSION_TARGET_WF("Maven", maven_well_formed)
