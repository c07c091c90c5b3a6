/*
 * hackage.c: Hackage's package names and versions (see hackage.h).
 */
#include "core/inventory/haskell/hackage.h"

bool hackage_name_ok(const char *s, size_t n)
{
	bool letter = false;

	if (!n || s[0] == '-' || s[n - 1] == '-')
		return false;
	for (size_t i = 0; i < n; i++) {
		if (s[i] == '-') {
			if (!letter)
				return false;
			letter = false;
		} else if ((s[i] | 0x20) >= 'a' && (s[i] | 0x20) <= 'z') {
			letter = true;
		} else if (s[i] < '0' || s[i] > '9') {
			return false;
		}
	}
	return letter;
}

bool hackage_version_ok(const char *s, size_t n)
{
	if (!n || s[0] == '.' || s[n - 1] == '.')
		return false;
	for (size_t i = 0; i < n; i++)
		if ((s[i] < '0' || s[i] > '9') && (s[i] != '.' || s[i + 1] == '.'))
			return false;
	return true;
}
