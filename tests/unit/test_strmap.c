#include "util/compat.h"
#include "harness.h"
#include "util/strmap.h"

static void test_empty(void)
{
	struct strmap m = STRMAP_INIT;

	CHECK(strmap_get(&m, "a") == NULL);
	CHECK(strmap_getn(&m, "", 0) == NULL);
	strmap_release(&m);
}

static void test_put_get_overwrite(void)
{
	struct strmap m = STRMAP_INIT;

	strmap_put(&m, "usr/bin/a", 1);
	strmap_put(&m, "", 7);
	CHECK_INT(*strmap_get(&m, "usr/bin/a"), 1);
	CHECK_INT(*strmap_get(&m, ""), 7);
	*strmap_put(&m, "usr/bin/a", 2) |= 4;
	CHECK_INT(*strmap_get(&m, "usr/bin/a"), 6);
	CHECK_INT(m.n, 2);
	/* a prefix of a key given with a length is not that key */
	CHECK(strmap_getn(&m, "usr/bin/a/b", 9) != NULL);
	CHECK(strmap_getn(&m, "usr/bin/", 8) == NULL);
	CHECK(strmap_get(&m, "usr/bin/a/") == NULL);
	strmap_release(&m);
}

static void test_many_keys_survive_growth(void)
{
	struct strmap m = STRMAP_INIT;
	char key[32];

	for (unsigned i = 0; i < 50000; i++) {
		snprintf(key, sizeof(key), "k%u", i);
		strmap_put(&m, key, i);
	}
	CHECK_INT(m.n, 50000);
	for (unsigned i = 0; i < 50000; i++) {
		unsigned *v;

		snprintf(key, sizeof(key), "k%u", i);
		v = strmap_get(&m, key);
		CHECK(v && *v == i);
	}
	CHECK(strmap_get(&m, "k50000") == NULL);
	CHECK(m.n * 4 < m.cap * 3);
	strmap_release(&m);
}

RUN_TESTS("strmap", T(test_empty), T(test_put_get_overwrite), T(test_many_keys_survive_growth))
