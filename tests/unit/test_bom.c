#include "util/compat.h"
#include "harness.h"
#include "util/err.h"
#include "core/formats/bom.h"
#include "core/formats/cyclonedx.h"
#include "core/formats/spdx.h"
#include "core/inventory/inventory.h"
#include "util/json.h"

static void test_license_expressions(void)
{
	CHECK(bom_license_is_expression("MIT"));
	CHECK(bom_license_is_expression("Apache-2.0 OR MIT"));
	CHECK(bom_license_is_expression("(MIT OR Apache-2.0) AND BSD-3-Clause"));
	CHECK(bom_license_is_expression("GPL-2.0+ WITH Classpath-exception-2.0"));
	CHECK(bom_license_is_expression("LicenseRef-my-own"));
	CHECK(!bom_license_is_expression("SEE LICENSE IN LICENSE.md"));
	CHECK(!bom_license_is_expression("MIT OR"));
	CHECK(!bom_license_is_expression("(MIT"));
	CHECK(!bom_license_is_expression(""));
	CHECK(!bom_license_is_expression("AND"));
	CHECK(!bom_license_is_expression("MIT/X11"));
}

static void test_uuid_is_rfc4122_and_stable(void)
{
	char a[37], b[37];

	bom_uuid(a, "abc", 3);
	bom_uuid(b, "abc", 3);
	CHECK_STR(a, b);
	CHECK_INT(strlen(a), 36);
	CHECK(a[14] == '5');
	CHECK(a[19] == '8' || a[19] == '9' || a[19] == 'a' || a[19] == 'b');
	bom_uuid(b, "abd", 3);
	CHECK(strcmp(a, b) != 0);
}

static void test_time(void)
{
	char t[32];

	bom_time(t, 0);
	CHECK_STR(t, "1970-01-01T00:00:00Z");
	bom_time(t, 1700000000);
	CHECK_STR(t, "2023-11-14T22:13:20Z");
}

static int two_extract(struct extract_ctx *ctx, const char *data, size_t len)
{
	struct pkg *a = extract_add(ctx, "npm", "npm", NULL, "app", "1.0.0", 1);
	struct pkg *b = extract_add(ctx, "npm", "npm", "@s", "lib", "2.0.0", 2);

	(void)data;
	(void)len;
	a->flags |= PKG_ROOT;
	b->flags |= PKG_DEV | PKG_DIRECT;
	pkg_set_license(b, "SEE LICENSE IN x");
	pkg_add_prop(b, "vouch:alias", "lib2");
	extract_edge(ctx, a, b);
	return 0;
}

static void test_writers_map_fields(void)
{
	static const struct extractor ex = { "test-two", "npm", NULL, NULL, two_extract, 0 };
	static const char *const subj[] = { "dir/" };
	struct inventory inv = INVENTORY_INIT;
	struct bom_meta m = { NULL, 0, "1.2.3", subj, 1, false, NULL };
	struct buf out = BUF_INIT, out2 = BUF_INIT;
	json_t *doc = NULL, *c;

	CHECK_OK(inventory_read_as(&inv, &ex, "dir/lock", "lock", "", 0, NULL));
	inventory_sort(&inv);
	CHECK_OK(cyclonedx_write(&out, &inv, &m));
	CHECK_OK(cyclonedx_write(&out2, &inv, &m));
	CHECK_STR(out.ptr, out2.ptr);
	CHECK_OK(vjson_parse(&doc, out.ptr, out.len, "bom"));
	CHECK_STR(vjson_str(doc, "specVersion"), "1.6");
	CHECK_STR(vjson_str(json_object_get(json_object_get(doc, "metadata"), "component"), "purl"),
	          "pkg:npm/app@1.0.0");
	c = json_array_get(json_object_get(doc, "components"), 0);
	CHECK_INT(json_array_size(json_object_get(doc, "components")), 1);
	CHECK_STR(vjson_str(c, "group"), "@s");
	CHECK_STR(vjson_str(c, "scope"), "excluded");
	CHECK_STR(vjson_str(json_object_get(json_array_get(json_object_get(c, "licenses"), 0),
	                                    "license"),
	                    "name"),
	          "SEE LICENSE IN x");
	/* properties sorted: vouch:alias, vouch:dev, vouch:direct */
	CHECK_STR(vjson_str(json_array_get(json_object_get(c, "properties"), 0), "name"),
	          "vouch:alias");
	CHECK_STR(vjson_str(json_array_get(json_object_get(c, "properties"), 2), "name"),
	          "vouch:direct");
	json_decref(doc);
	m.spec_version = "1.5";
	buf_reset(&out);
	CHECK(cyclonedx_write(&out, &inv, &m) < 0);
	buf_reset(&out);
	CHECK_OK(spdx_write(&out, &inv, &m));
	CHECK_OK(vjson_parse(&doc, out.ptr, out.len, "spdx"));
	CHECK_STR(vjson_str(doc, "name"), "app");
	CHECK_INT(json_array_size(json_object_get(doc, "relationships")), 2);
	CHECK_STR(vjson_str(json_array_get(json_object_get(doc, "packages"), 0), "licenseDeclared"),
	          "NOASSERTION");
	json_decref(doc);
	CHECK_STR(spdx_checksum_alg("SHA-256"), "SHA256");
	CHECK(spdx_checksum_alg("CRC") == NULL);
	buf_release(&out);
	buf_release(&out2);
	inventory_release(&inv);
}

RUN_TESTS("bom", T(test_license_expressions), T(test_uuid_is_rfc4122_and_stable), T(test_time),
          T(test_writers_map_fields))
