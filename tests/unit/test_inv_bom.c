/*
 * test_inv_bom.c: CycloneDX and SPDX JSON documents read as inputs
 * (src/core/inventory/sbom/bom_input.c).
 */
#include "util/compat.h"
#include "harness.h"
#include "invcheck.h"

#include <unistd.h>

static void scan_path(struct inventory *inv, const char *path, const char *kind)
{
	struct inventory_opts o = { 0 };

	o.force_kind = kind;
	CHECK_OK(inventory_scan(inv, path, &o));
	inventory_sort(inv);
}

static const char cdx_doc[] =
        "{\n"
        "  \"bomFormat\": \"CycloneDX\",\n"
        "  \"specVersion\": \"1.5\",\n"
        "  \"metadata\": {\"component\": {\"type\": \"application\", \"bom-ref\": \"app\",\n"
        "    \"name\": \"app\", \"purl\": \"pkg:npm/app@1.0.0\"}},\n"
        "  \"components\": [\n"
        "    {\"type\": \"library\", \"bom-ref\": \"a\", \"name\": \"core\",\n"
        "     \"group\": \"@babel\", \"version\": \"7.0.0\",\n"
        "     \"purl\": \"pkg:npm/%40babel/core@7.0.0\",\n"
        "     \"hashes\": [{\"alg\": \"SHA-1\", \"content\": "
        "\"0123456789ABCDEF0123456789abcdef01234567\"}],\n"
        "     \"licenses\": [{\"license\": {\"id\": \"MIT\"}}, {\"license\": {\"id\": "
        "\"Apache-2.0\"}}],\n"
        "     \"scope\": \"optional\",\n"
        "     \"properties\": [{\"name\": \"vouch:direct\", \"value\": \"true\"},\n"
        "                      {\"name\": \"cdx:npm:x\", \"value\": \"y\"}],\n"
        "     \"components\": [{\"type\": \"library\", \"bom-ref\": \"n\", \"name\": \"inner\",\n"
        "       \"purl\": \"pkg:deb/debian/libssl3@3.0.11-1?arch=amd64&distro=debian-12"
        "&upstream=openssl\"}]},\n"
        "    {\"type\": \"library\", \"bom-ref\": \"b\", \"name\": \"tool\", \"scope\": "
        "\"excluded\",\n"
        "     \"purl\": \"pkg:pypi/tool@2.0\",\n"
        "     \"licenses\": [{\"expression\": \"MIT OR GPL-2.0-only\"}]},\n"
        "    {\"type\": \"library\", \"name\": \"nopurl\", \"version\": \"3\"},\n"
        "    {\"type\": \"file\", \"name\": \"README\"},\n"
        "    {\"type\": \"library\", \"bom-ref\": \"bad\", \"name\": \"x\", \"purl\": \"npm/x\"},\n"
        "    {\"type\": \"library\", \"name\": \"h\", \"purl\": \"pkg:cargo/h@1\",\n"
        "     \"hashes\": [{\"alg\": \"SHA-256\", \"content\": \"abc\"}]}\n"
        "  ],\n"
        "  \"dependencies\": [\n"
        "    {\"ref\": \"app\", \"dependsOn\": [\"a\", \"b\"]},\n"
        "    {\"ref\": \"a\", \"dependsOn\": [\"n\", \"ghost\"]}\n"
        "  ]\n"
        "}\n";

static void test_cyclonedx(void)
{
	struct inventory inv = INVENTORY_INIT;
	struct pkg *app, *core, *tool, *ssl, *gen;

	ic_read(&inv, "cyclonedx", "bom.json", cdx_doc);
	CHECK_PURLS(&inv, "pkg:cargo/h@1\n"
	                  "pkg:deb/debian/libssl3@3.0.11-1?arch=amd64&distro=debian-12&upstream="
	                  "openssl\n"
	                  "pkg:generic/nopurl@3\n"
	                  "pkg:npm/%40babel/core@7.0.0\n"
	                  "pkg:npm/app@1.0.0\n"
	                  "pkg:pypi/tool@2.0\n");
	app = IC_PKG(&inv, "pkg:npm/app@1.0.0");
	CHECK_INT(app->flags, PKG_ROOT);
	CHECK(ic_has_dep(app, "pkg:npm/%40babel/core@7.0.0"));
	CHECK(ic_has_dep(app, "pkg:pypi/tool@2.0"));
	CHECK_INT(app->locs[0].line, 5);
	CHECK_STR(app->locs[0].extractor, "cyclonedx");

	core = IC_PKG(&inv, "pkg:npm/%40babel/core@7.0.0");
	CHECK_STR(core->ecosystem, "npm");
	CHECK_STR(core->namespace, "@babel");
	CHECK_INT(core->flags, PKG_OPTIONAL | PKG_DIRECT);
	CHECK_STR(core->license, "MIT AND Apache-2.0");
	CHECK_STR(ic_hash(core, "SHA-1"), "0123456789abcdef0123456789abcdef01234567");
	CHECK_STR(ic_prop(core, "cdx:npm:x"), "y");
	CHECK(ic_prop(core, "vouch:direct") == NULL);
	CHECK_INT(core->locs[0].line, 9);
	/* a sub-component is listed, and is not a dependency of its parent unless stated */
	ssl = IC_PKG(&inv, "pkg:deb/debian/libssl3@3.0.11-1?arch=amd64&distro=debian-12&upstream="
	                   "openssl");
	CHECK_STR(ssl->ecosystem, "Debian:12");
	CHECK(ic_has_dep(core, ssl->purl));
	CHECK_INT(core->ndeps, 1);

	tool = IC_PKG(&inv, "pkg:pypi/tool@2.0");
	CHECK_INT(tool->flags, PKG_DEV);
	CHECK_STR(tool->ecosystem, "PyPI");
	CHECK_STR(tool->license, "MIT OR GPL-2.0-only");

	gen = IC_PKG(&inv, "pkg:generic/nopurl@3");
	CHECK(gen->ecosystem == NULL);

	/* the bad purl, the bad hash: errors naming the component; the rest is read */
	CHECK_INT(ic_diags(&inv, INV_ERROR, NULL), 2);
	CHECK_INT(ic_diags(&inv, INV_ERROR,
	                   "components[4] (bom-ref 'bad'): 'npm/x' is not a "
	                   "valid purl"),
	          1);
	CHECK_INT(ic_diags(&inv, INV_ERROR, "components[5]: SHA-256 hash 'abc' is not 64 hex"), 1);
	CHECK_INT(IC_PKG(&inv, "pkg:cargo/h@1")->nhashes, 0);
	CHECK_INT(ic_diags(&inv, INV_NOTE, "1 components without a purl listed as pkg:generic"), 1);
	CHECK_INT(ic_diags(&inv, INV_NOTE, "1 file components"), 1);
	CHECK_INT(ic_diags(&inv, INV_NOTE, "1 dependency references name no package"), 1);
	CHECK_INT(inv.nfiles, 1);
	CHECK(inv.files[0].partial);
	inventory_release(&inv);
}

static void test_cyclonedx_subject_without_purl(void)
{
	struct inventory inv = INVENTORY_INIT;
	static const char fmt[] = "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\","
	                          "\"metadata\":{\"component\":{\"type\":\"application\","
	                          "\"bom-ref\":\"%s\",\"name\":\"tree\"}},"
	                          "\"components\":[{\"type\":\"library\",\"bom-ref\":\"x\","
	                          "\"name\":\"x\",\"purl\":\"pkg:gem/x@1\"}],"
	                          "\"dependencies\":[{\"ref\":\"%s\",\"dependsOn\":[\"x\"]}]}";
	struct buf doc = BUF_INIT;

	/* a named subject is the root package, generic when it has no purl */
	buf_addf(&doc, fmt, "s", "s");
	ic_read(&inv, "cyclonedx", "bom.json", doc.ptr);
	CHECK_PURLS(&inv, "pkg:gem/x@1\npkg:generic/tree\n");
	CHECK_INT(IC_PKG(&inv, "pkg:generic/tree")->flags, PKG_ROOT);
	CHECK(ic_has_dep(IC_PKG(&inv, "pkg:generic/tree"), "pkg:gem/x@1"));
	inventory_release(&inv);
	/* vouch's own stand-in subject (a folder given) is no package */
	buf_reset(&doc);
	buf_addf(&doc, fmt, "vouch:subject", "vouch:subject");
	ic_read(&inv, "cyclonedx", "bom.json", doc.ptr);
	CHECK_PURLS(&inv, "pkg:gem/x@1\n");
	CHECK_INT(inv.pkgs[0]->flags, 0);
	CHECK_INT(inv.ndiags, 0);
	inventory_release(&inv);
	buf_release(&doc);
}

static void test_cyclonedx_refused(void)
{
	struct inventory inv = INVENTORY_INIT;

	ic_read(&inv, "cyclonedx", "bom.xml",
	        "<?xml version=\"1.0\"?>\n<bom xmlns=\"http://cyclonedx.org/schema/bom/1.5\">"
	        "</bom>\n");
	CHECK_INT(ic_diags(&inv, INV_ERROR,
	                   "CycloneDX XML is not read by vouch; convert it to "
	                   "JSON"),
	          1);
	inventory_release(&inv);

	ic_read(&inv, "cyclonedx", "old.json",
	        "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.1\"}");
	CHECK_INT(ic_diags(&inv, INV_ERROR, "specVersion '1.1' is not read (1.2 to 1.7)"), 1);
	inventory_release(&inv);

	ic_read(&inv, "cyclonedx", "x.json", "{\"spdxVersion\":\"SPDX-2.3\"}");
	CHECK_INT(ic_diags(&inv, INV_ERROR, "not a CycloneDX document"), 1);
	inventory_release(&inv);

	ic_read(&inv, "cyclonedx", "x.json", "{\"bomFormat\":\"CycloneDX\",");
	CHECK_INT(ic_diags(&inv, INV_ERROR, "not valid JSON"), 1);
	inventory_release(&inv);

	ic_read(&inv, "cyclonedx", "new.json",
	        "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.9\",\"components\":[]}");
	CHECK_INT(inv.nerrors, 0);
	CHECK_INT(ic_diags(&inv, INV_NOTE, "newer than 1.7"), 1);
	inventory_release(&inv);
}

static void test_cyclonedx_depth(void)
{
	struct inventory inv = INVENTORY_INIT;
	struct buf doc = BUF_INIT;

	buf_adds(&doc, "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"components\":");
	for (int i = 0; i < 70; i++)
		buf_addf(&doc,
		         "[{\"type\":\"library\",\"name\":\"c%d\",\"purl\":\"pkg:npm/c%d@1\","
		         "\"components\":",
		         i, i);
	buf_adds(&doc, "[]");
	for (int i = 0; i < 70; i++)
		buf_adds(&doc, "}]");
	buf_adds(&doc, "}");
	ic_read(&inv, "cyclonedx", "deep.json", doc.ptr);
	CHECK_INT(inv.npkgs, 65);
	CHECK_INT(ic_diags(&inv, INV_ERROR, "nested deeper than 64 levels"), 1);
	inventory_release(&inv);
	buf_release(&doc);
}

/* A storm of bad entries: the first 100 named, the rest counted in one error; good ones kept. */
static void test_error_cap(void)
{
	struct inventory inv = INVENTORY_INIT;
	struct buf doc = BUF_INIT;

	buf_adds(&doc, "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"components\":[");
	for (int i = 0; i < 250; i++)
		buf_addf(&doc, "%s{\"type\":\"library\",\"name\":\"c\",\"purl\":\"%s%d@1\"}",
		         i ? "," : "", i % 2 ? "pkg:npm/c" : "bad", i);
	buf_adds(&doc, "]}");
	ic_read(&inv, "cyclonedx", "storm.json", doc.ptr);
	CHECK_INT(inv.npkgs, 125);
	CHECK_INT(inv.nerrors, 101);
	CHECK_INT(ic_diags(&inv, INV_ERROR, "25 more errors in this document not listed"), 1);
	inventory_release(&inv);
	buf_release(&doc);
}

static const char spdx_doc[] =
        "{\n"
        "  \"spdxVersion\": \"SPDX-2.3\",\n"
        "  \"SPDXID\": \"SPDXRef-DOCUMENT\",\n"
        "  \"packages\": [\n"
        "    {\"SPDXID\": \"SPDXRef-app\", \"name\": \"app\",\n"
        "     \"externalRefs\": [{\"referenceCategory\": \"PACKAGE-MANAGER\",\n"
        "       \"referenceType\": \"purl\", \"referenceLocator\": "
        "\"pkg:golang/example.com/app@v1.0.0\"}]},\n"
        "    {\"SPDXID\": \"SPDXRef-a\", \"name\": \"a\", \"versionInfo\": \"1.2.3\",\n"
        "     \"externalRefs\": [{\"referenceCategory\": \"PACKAGE_MANAGER\",\n"
        "       \"referenceType\": \"purl\", \"referenceLocator\": \"pkg:maven/org.x/a@1.2.3\"}],\n"
        "     \"checksums\": [{\"algorithm\": \"SHA256\", \"checksumValue\": "
        "\"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\"},\n"
        "                   {\"algorithm\": \"SHA224\", \"checksumValue\": \"00\"}],\n"
        "     \"licenseConcluded\": \"NOASSERTION\", \"licenseDeclared\": \"Apache-2.0\"},\n"
        "    {\"SPDXID\": \"SPDXRef-b\", \"name\": \"b\",\n"
        "     \"externalRefs\": [{\"referenceCategory\": \"PACKAGE-MANAGER\",\n"
        "       \"referenceType\": \"purl\", \"referenceLocator\": \"pkg:maven/org.x/b@2\"}],\n"
        "     \"licenseConcluded\": \"MIT\", \"licenseDeclared\": \"BSD-3-Clause\"},\n"
        "    {\"SPDXID\": \"SPDXRef-c\", \"name\": \"c\", \"versionInfo\": \"9\",\n"
        "     \"licenseConcluded\": \"NONE\"}\n"
        "  ],\n"
        "  \"relationships\": [\n"
        "    {\"spdxElementId\": \"SPDXRef-DOCUMENT\", \"relationshipType\": \"DESCRIBES\",\n"
        "     \"relatedSpdxElement\": \"SPDXRef-app\"},\n"
        "    {\"spdxElementId\": \"SPDXRef-app\", \"relationshipType\": \"DEPENDS_ON\",\n"
        "     \"relatedSpdxElement\": \"SPDXRef-a\"},\n"
        "    {\"spdxElementId\": \"SPDXRef-b\", \"relationshipType\": \"DEV_DEPENDENCY_OF\",\n"
        "     \"relatedSpdxElement\": \"SPDXRef-a\"},\n"
        "    {\"spdxElementId\": \"SPDXRef-a\", \"relationshipType\": \"CONTAINS\",\n"
        "     \"relatedSpdxElement\": \"SPDXRef-c\"},\n"
        "    {\"spdxElementId\": \"SPDXRef-a\", \"relationshipType\": \"DEPENDS_ON\",\n"
        "     \"relatedSpdxElement\": \"DocumentRef-other:SPDXRef-z\"}\n"
        "  ]\n"
        "}\n";

static void test_spdx(void)
{
	struct inventory inv = INVENTORY_INIT;
	struct pkg *app, *a, *b;

	ic_read(&inv, "spdx", "bom.spdx.json", spdx_doc);
	CHECK_PURLS(&inv, "pkg:generic/c@9\n"
	                  "pkg:golang/example.com/app@v1.0.0\n"
	                  "pkg:maven/org.x/a@1.2.3\n"
	                  "pkg:maven/org.x/b@2\n");
	app = IC_PKG(&inv, "pkg:golang/example.com/app@v1.0.0");
	CHECK_INT(app->flags, PKG_ROOT);
	CHECK_STR(app->ecosystem, "Go");
	CHECK(ic_has_dep(app, "pkg:maven/org.x/a@1.2.3"));
	CHECK_INT(app->locs[0].line, 7);
	a = IC_PKG(&inv, "pkg:maven/org.x/a@1.2.3");
	CHECK_STR(a->ecosystem, "Maven");
	CHECK_STR(a->license, "Apache-2.0");
	CHECK_STR(ic_hash(a, "SHA-256"),
	          "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	CHECK_INT(a->nhashes, 1);
	CHECK(ic_has_dep(a, "pkg:maven/org.x/b@2")); /* b DEV_DEPENDENCY_OF a */
	CHECK_INT(a->ndeps, 1);                      /* CONTAINS is not a dependency */
	b = IC_PKG(&inv, "pkg:maven/org.x/b@2");
	CHECK_STR(b->license, "MIT"); /* concluded before declared */
	CHECK(IC_PKG(&inv, "pkg:generic/c@9")->license == NULL);
	CHECK_INT(inv.nerrors, 0);
	CHECK_INT(ic_diags(&inv, INV_NOTE, "1 checksums with an algorithm CycloneDX cannot name"),
	          1);
	CHECK_INT(ic_diags(&inv, INV_NOTE, "1 packages without a purl"), 1);
	CHECK_INT(ic_diags(&inv, INV_NOTE, "1 dependency references"), 1);
	inventory_release(&inv);
}

static void test_spdx_refused(void)
{
	struct inventory inv = INVENTORY_INIT;

	ic_read(&inv, "spdx", "bom.spdx", "SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\n");
	CHECK_INT(ic_diags(&inv, INV_ERROR, "SPDX tag-value is not read by vouch"), 1);
	inventory_release(&inv);
	ic_read(&inv, "spdx", "bom.jsonld",
	        "{\"@context\": \"https://spdx.org/rdf/3.0.1/spdx-context.jsonld\", "
	        "\"@graph\": []}");
	CHECK_INT(ic_diags(&inv, INV_ERROR, "SPDX 3 JSON-LD is not read by vouch"), 1);
	inventory_release(&inv);
	ic_read(&inv, "spdx", "x.json", "{\"spdxVersion\": \"SPDX-3.0\"}");
	CHECK_INT(ic_diags(&inv, INV_ERROR, "not an SPDX 2 document"), 1);
	inventory_release(&inv);
	ic_read(&inv, "spdx", "x.json", "{\"spdxVersion\": \"SPDX-2.3\", \"packages\": {}}");
	CHECK_INT(ic_diags(&inv, INV_ERROR, "\"packages\" is not an array"), 1);
	inventory_release(&inv);
}

static void test_sniff(void)
{
	const struct extractor *cdx = ic_ex("cyclonedx"), *spdx = ic_ex("spdx");
	static const char a[] = "\xEF\xBB\xBF  {\"bomFormat\" : \"CycloneDX\"}";
	static const char b[] = "{\"$schema\":\"x\",\"bomFormat\":\"CycloneDXX\"}";
	static const char c[] = "{\"name\":\"x\",\"spdxVersion\":\"SPDX-2.3\"}";
	static const char d[] = "{\"name\":\"bomFormat\",\"version\":\"1\"}";

	CHECK(cdx->sniff(a, strlen(a)));
	CHECK(!cdx->sniff(b, strlen(b)));
	CHECK(!cdx->sniff(c, strlen(c)));
	CHECK(!cdx->sniff(d, strlen(d)));
	CHECK(spdx->sniff(c, strlen(c)));
	CHECK(!spdx->sniff(a, strlen(a)));
	/* claimed by no name: never read in a walk or an archive */
	CHECK(cdx->match == NULL && spdx->match == NULL);
	CHECK(!inventory_claims("bom.cdx.json"));
	CHECK(!inventory_claims("sbom/app.spdx.json"));
}

/* A BOM given directly is read; the same BOM in a folder is not. */
static void test_given_directly_only(void)
{
	struct inventory inv = INVENTORY_INIT;
	char dir[] = "/tmp/vouch-test-inv-bom.XXXXXX";
	struct buf path = BUF_INIT;
	FILE *f;

	CHECK(mkdtemp(dir) != NULL);
	buf_addf(&path, "%s/bom.json", dir);
	f = fopen(path.ptr, "w");
	CHECK(f != NULL);
	fputs(cdx_doc, f);
	fclose(f);
	scan_path(&inv, path.ptr, NULL);
	CHECK_INT(inv.nfiles, 1);
	CHECK_STR(inv.files[0].extractor, "cyclonedx");
	CHECK_INT(inv.npkgs, 6);
	inventory_release(&inv);
	scan_path(&inv, dir, NULL);
	CHECK_INT(inv.nfiles, 0);
	CHECK_INT(inv.npkgs, 0);
	inventory_release(&inv);
	/* --type spdx on a CycloneDX file: an error, not a guess */
	scan_path(&inv, path.ptr, "spdx");
	CHECK_INT(ic_diags(&inv, INV_ERROR, "not an SPDX 2 document"), 1);
	inventory_release(&inv);
	unlink(path.ptr);
	rmdir(dir);
	buf_release(&path);
}

RUN_TESTS("inv_bom", T(test_cyclonedx), T(test_cyclonedx_subject_without_purl),
          T(test_cyclonedx_refused), T(test_cyclonedx_depth), T(test_error_cap), T(test_spdx),
          T(test_spdx_refused), T(test_sniff), T(test_given_directly_only))
