/*
 * fuzz_version.h: the body shared by the fuzz_version_SCHEME targets.
 *
 * The input is cut at its first two newlines into three strings a, b, c.
 * Each comparator must not crash, and on strings it accepts must give a
 * total order: cmp(x, x) = 0, cmp(x, y) = -cmp(y, x), and transitivity over
 * every ordering of the triple. A violation aborts, so libFuzzer reports it.
 *
 * Two real algorithms are not transitive, and vouch follows them: Maven's
 * ComparableVersion (a number always beats a sub-list, while a missing item
 * only looks at the sub-list's first element: 1.0.RC1 < 1 < 1-1 < 1.0.RC1)
 * and PHP's version_compare (a '#' word equals every number, unknown words all
 * weigh the same: "vv" < "L#0*pl" < ".#.bv" < "vv"). Their targets pass a
 * predicate of well-formed versions; transitivity is checked when all three
 * strings satisfy it.
 */
#ifndef VOUCH_FUZZ_VERSION_H
#define VOUCH_FUZZ_VERSION_H

#include "util/compat.h"
#include "core/version/version.h"
#include "util/err.h"

static int fuzz_cmp(const struct ecosystem *e, const char *x, size_t xn, const char *y, size_t yn,
                    bool *ok)
{
	int c = 0;

	*ok = version_compare(e, x, xn, y, yn, &c) == 0;
	return c;
}

static void fuzz_version_check(const char *eco, const uint8_t *data, size_t size,
                               bool (*well_formed)(const char *, size_t))
{
	const struct ecosystem *e = ecosystem_find(eco);
	const char *s[3];
	size_t n[3];
	const char *p = (const char *)data, *end = p + size;
	int m[3][3];
	bool valid[3], well[3];

	if (!e)
		abort();
	for (int i = 0; i < 3; i++) {
		const char *nl = i < 2 ? memchr(p, '\n', (size_t)(end - p)) : NULL;
		s[i] = p;
		n[i] = nl ? (size_t)(nl - p) : (size_t)(end - p);
		p = nl ? nl + 1 : end;
	}
	for (int i = 0; i < 3; i++) {
		valid[i] = version_validate(e, s[i], n[i]) == 0;
		if (!valid[i] && err_msg()[0] == 0)
			abort(); /* an error must say why */
	}
	for (int i = 0; i < 3; i++)
		well[i] = valid[i] && (!well_formed || well_formed(s[i], n[i]));
	for (int i = 0; i < 3; i++)
		for (int j = 0; j < 3; j++) {
			bool ok;
			m[i][j] = fuzz_cmp(e, s[i], n[i], s[j], n[j], &ok);
			if (ok != (valid[i] && valid[j]))
				abort(); /* compare and validate must agree */
		}
	for (int i = 0; i < 3; i++) {
		if (!valid[i])
			continue;
		if (m[i][i] != 0)
			abort();
		for (int j = 0; j < 3; j++) {
			if (!valid[j])
				continue;
			if (m[i][j] != -m[j][i])
				abort();
			for (int k = 0; k < 3; k++) {
				if (!well[i] || !well[j] || !well[k])
					continue;
				if (m[i][j] <= 0 && m[j][k] <= 0 && m[i][k] > 0)
					abort();
				if (m[i][j] == 0 && m[j][k] == 0 && m[i][k] != 0)
					abort();
			}
		}
	}
}

#define FUZZ_VERSION_TARGET_WF(eco, wf)                                                            \
	int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);                              \
	int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)                               \
	{                                                                                          \
		fuzz_version_check(eco, data, size, wf);                                           \
		return 0;                                                                          \
	}
#define FUZZ_VERSION_TARGET(eco) FUZZ_VERSION_TARGET_WF(eco, NULL)

#endif
