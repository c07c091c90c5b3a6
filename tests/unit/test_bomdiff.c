/*
 * test_bomdiff.c: the SBOM diff (src/core/release/bomdiff.c): matching keys,
 * pairing of several versions, ecosystem order, hashes, licences, reviews,
 * and the Markdown's escaping.
 */
#include "util/compat.h"
#include "harness.h"
#include "core/release/bomdiff.h"
#include "util/buf.h"
#include "util/err.h"

/* A CycloneDX document of components "PURL[|LICENSE[|SHA256]]", read into inv. */
static void bom(struct inventory *inv, const char *const *comps, size_t n)
{
	struct buf b = BUF_INIT;

	buf_adds(&b, "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"components\":[");
	for (size_t i = 0; i < n; i++) {
		const char *s = comps[i], *p1 = strchr(s, '|'),
		           *p2 = p1 ? strchr(p1 + 1, '|') : NULL;
		int np = p1 ? (int)(p1 - s) : (int)strlen(s);
		int nl = p1 ? (p2 ? (int)(p2 - p1 - 1) : (int)strlen(p1 + 1)) : 0;

		buf_addf(&b, "%s{\"type\":\"library\",\"name\":\"n\",\"purl\":\"%.*s\"",
		         i ? "," : "", np, s);
		if (nl && strncmp(p1 + 1, "-", (size_t)nl))
			buf_addf(&b, ",\"licenses\":[{\"license\":{\"id\":\"%.*s\"}}]", nl, p1 + 1);
		if (p2)
			buf_addf(&b, ",\"hashes\":[{\"alg\":\"SHA-256\",\"content\":\"%s\"}]",
			         p2 + 1);
		buf_adds(&b, "}");
	}
	buf_adds(&b, "]}");
	CHECK_OK(inventory_read_as(inv, extractor_find("cyclonedx"), "bom.json", "bom.json", b.ptr,
	                           b.len, NULL));
	CHECK_INT(inv->nerrors, 0);
	inventory_sort(inv);
	buf_release(&b);
}

static void diff(struct bomdiff *d, const char *const *o, size_t no, const char *const *n,
                 size_t nn)
{
	struct inventory a = INVENTORY_INIT, b = INVENTORY_INIT;

	bom(&a, o, no);
	bom(&b, n, nn);
	CHECK_OK(bomdiff_run(d, &a, &b));
	inventory_release(&a);
	inventory_release(&b);
}

static const struct bomdiff_entry *find(const struct bomdiff *d, enum bomdiff_kind k, size_t nth)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->e[i].kind == k && !nth--)
			return &d->e[i];
	harness_fail(__FILE__, __LINE__, "no %s entry", bomdiff_kind_name(k));
}

static void test_pairing(void)
{
	/* x@2.0.0 is on both sides; the rest pair oldest with oldest; 10.0.0 is left over */
	static const char *const o[] = { "pkg:npm/x@1.0.0", "pkg:npm/x@2.0.0" };
	static const char *const n[] = { "pkg:npm/x@10.0.0", "pkg:npm/x@2.0.0", "pkg:npm/x@1.5.0" };
	struct bomdiff d = BOMDIFF_INIT;

	diff(&d, o, 2, n, 3);
	CHECK_INT(d.unchanged, 1);
	CHECK_INT(d.count[BD_UPGRADED], 1);
	CHECK_INT(d.count[BD_ADDED], 1);
	CHECK_INT(d.n, 2);
	CHECK_STR(find(&d, BD_UPGRADED, 0)->old_version, "1.0.0");
	CHECK_STR(find(&d, BD_UPGRADED, 0)->new_version, "1.5.0");
	/* semver order, not strcmp: 10.0.0 is the newest, left over, added */
	CHECK_STR(find(&d, BD_ADDED, 0)->new_version, "10.0.0");
	bomdiff_release(&d);
}

static void test_ecosystem_order(void)
{
	static const char *const o[] = {
		"pkg:deb/debian/a@2.0-1?arch=amd64&distro=debian-12",
		"pkg:pypi/b@1.0",
		"pkg:generic/c@beta",
		"pkg:maven/g/m@1.0-SNAPSHOT",
	};
	static const char *const n[] = {
		"pkg:deb/debian/a@1:1.0-1?arch=amd64&distro=debian-12",
		"pkg:pypi/b@1.0rc1",
		"pkg:generic/c@alpha",
		"pkg:maven/g/m@1.0",
	};
	struct bomdiff d = BOMDIFF_INIT;

	diff(&d, o, 4, n, 4);
	/* the epoch wins in dpkg; a release candidate is older in PEP 440; a SNAPSHOT is older */
	CHECK_INT(d.count[BD_UPGRADED], 2);
	CHECK_STR(find(&d, BD_UPGRADED, 0)->name, "a");
	CHECK_STR(find(&d, BD_UPGRADED, 1)->name, "g:m");
	CHECK_INT(d.count[BD_DOWNGRADED], 1);
	CHECK_STR(find(&d, BD_DOWNGRADED, 0)->name, "b");
	/* no order for a generic package: changed, not guessed */
	CHECK_INT(d.count[BD_CHANGED], 1);
	CHECK_STR(find(&d, BD_CHANGED, 0)->key, "pkg:generic/c");
	bomdiff_release(&d);
}

static void test_keys(void)
{
	/* another arch is another component; where it was downloaded from is not */
	static const char *const o[] = {
		"pkg:deb/debian/libc6@2.36-9?arch=amd64&distro=debian-12",
		"pkg:npm/y@1.0.0?repository_url=https://a.example",
	};
	static const char *const n[] = {
		"pkg:deb/debian/libc6@2.36-9?arch=arm64&distro=debian-12",
		"pkg:npm/y@1.0.0?repository_url=https://b.example",
	};
	struct bomdiff d = BOMDIFF_INIT;

	diff(&d, o, 2, n, 2);
	CHECK_INT(d.count[BD_ADDED], 1);
	CHECK_INT(d.count[BD_REMOVED], 1);
	CHECK_STR(find(&d, BD_ADDED, 0)->key, "pkg:deb/debian/libc6?arch=arm64&distro=debian-12");
	CHECK_INT(d.unchanged, 1);
	bomdiff_release(&d);
}

static void test_hash_and_licence(void)
{
	static const char *const o[] = {
		"pkg:cargo/h@1.0.0|MIT|"
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
		"pkg:cargo/l@1.0.0|MIT",
		"pkg:cargo/m@1.0.0|-",
	};
	static const char *const n[] = {
		"pkg:cargo/h@1.0.0|MIT|"
		"bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb",
		"pkg:cargo/l@2.0.0|Apache-2.0",
		"pkg:cargo/m@1.0.0|-",
	};
	struct bomdiff d = BOMDIFF_INIT;
	const struct bomdiff_entry *e;

	diff(&d, o, 3, n, 3);
	/* the red flag sorts first */
	CHECK_INT(d.e[0].kind, BD_HASH);
	CHECK_STR(d.e[0].hash_alg, "SHA-256");
	CHECK(d.e[0].old_hash[0] == 'a' && d.e[0].new_hash[0] == 'b');
	e = find(&d, BD_LICENSE, 0);
	CHECK_STR(e->old_license, "MIT");
	CHECK_STR(e->new_license, "Apache-2.0");
	CHECK_INT(d.count[BD_LICENSE], 1);
	CHECK_INT(d.count[BD_UPGRADED], 1);
	bomdiff_release(&d);
}

static void test_reviewed(void)
{
	static const char *const o[] = { "pkg:npm/a@1.0.0" };
	static const char *const n[] = {
		"pkg:npm/a@1.0.0",
		"pkg:npm/%40s/b@2.0.0",
		"pkg:deb/debian/c@1.0?arch=amd64&distro=debian-12",
	};
	struct bomdiff d = BOMDIFF_INIT;
	const char *any[] = { "pkg:npm/%40s/b" }, *ver[] = { "pkg:npm/%40s/b@2.0.0" },
	           *other[] = { "pkg:npm/%40s/b@2.0.1" }, *bad[] = { "not a purl" },
	           *qual[] = { "pkg:deb/debian/c?arch=amd64&distro=debian-12&repository_url=x" },
	           *arch[] = { "pkg:deb/debian/c?arch=i386&distro=debian-12" };

	diff(&d, o, 1, n, 3);
	CHECK_INT(d.count[BD_ADDED], 2);
	CHECK_STR(find(&d, BD_ADDED, 1)->key, "pkg:npm/%40s/b");
	CHECK(bomdiff_reviewed(find(&d, BD_ADDED, 1), any, 1));
	CHECK(bomdiff_reviewed(find(&d, BD_ADDED, 1), ver, 1));
	CHECK(!bomdiff_reviewed(find(&d, BD_ADDED, 1), other, 1));
	CHECK(!bomdiff_reviewed(find(&d, BD_ADDED, 1), bad, 1));
	CHECK(bomdiff_reviewed(find(&d, BD_ADDED, 0), qual, 1));
	CHECK(!bomdiff_reviewed(find(&d, BD_ADDED, 0), arch, 1));
	bomdiff_release(&d);
}

static void test_markdown_escaping(void)
{
	static const char *const o[] = { "pkg:generic/x@1" };
	static const char *const n[] = { "pkg:generic/x%7C%3Cb%3E@1%60%7C2" };
	struct bomdiff d = BOMDIFF_INIT;
	struct bomdiff_meta m = { "old|<i>", "new", 0 };
	struct buf out = BUF_INIT;

	diff(&d, o, 1, n, 1);
	CHECK_OK(bomdiff_markdown(&out, &d, &m));
	CHECK(!strstr(out.ptr, "<b>") && !strstr(out.ptr, "<i>"));
	CHECK(strstr(out.ptr, "| x&#124;&lt;b&gt; | `1??2` | - |") != NULL);
	CHECK(strstr(out.ptr, "(old&#124;&lt;i&gt; → new") != NULL);
	buf_release(&out);
	bomdiff_release(&d);
}

static void test_empty(void)
{
	struct bomdiff d = BOMDIFF_INIT;
	struct inventory a = INVENTORY_INIT;
	struct bomdiff_meta m = { "a", "b", 0 };
	struct buf out = BUF_INIT;

	CHECK_OK(bomdiff_run(&d, &a, &a));
	CHECK_INT(d.n, 0);
	CHECK_OK(bomdiff_json(&out, &d, &m));
	CHECK(strstr(out.ptr, "\"added\": []") != NULL);
	buf_release(&out);
	bomdiff_release(&d);
}

RUN_TESTS("bomdiff", T(test_pairing), T(test_ecosystem_order), T(test_keys),
          T(test_hash_and_licence), T(test_reviewed), T(test_markdown_escaping), T(test_empty))
