/* fuzz_version_composer.c: the Packagist comparator (see fuzz_version.h). */
#include "util/compat.h"
#include "fuzz_version.h"

/* Well formed, as Composer's own version parser would accept: numbers and the
 * stability words, separated by '.', '-' or '_' (no '#', no unknown word). */
static bool composer_well_formed(const char *s, size_t n)
{
	static const char *const words[] = { "dev", "alpha", "a",  "beta", "b",
		                             "RC",  "rc",    "pl", "p",    "patch" };
	size_t i = 0;

	if (n && (s[0] == 'v' || s[0] == 'V'))
		i++;
	if (i == n || s[i] < '0' || s[i] > '9')
		return false;
	while (i < n) {
		size_t st = i;
		bool known = false;
		if (s[i] >= '0' && s[i] <= '9') {
			while (i < n && s[i] >= '0' && s[i] <= '9')
				i++;
		} else if ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z')) {
			while (i < n &&
			       ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z')))
				i++;
			for (size_t k = 0; k < ARRAY_SIZE(words); k++)
				if (strlen(words[k]) == i - st && !memcmp(words[k], s + st, i - st))
					known = true;
			if (!known)
				return false;
		} else {
			return false;
		}
		if (i < n && (s[i] == '.' || s[i] == '-' || s[i] == '_')) {
			i++;
			if (i == n)
				return false;
		}
	}
	return true;
}

FUZZ_VERSION_TARGET_WF("Packagist", composer_well_formed)
