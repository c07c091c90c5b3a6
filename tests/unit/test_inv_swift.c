/*
 * test_inv_swift.c: the Swift Package.resolved and CocoaPods Podfile.lock
 * extractors.
 */
#include "util/compat.h"
#include "harness.h"
#include "invcheck.h"

/* Expectations written from the fixtures. */
static const struct ic_fixture resolved_fixtures[] = {
	{ "Dockerfile.swift-testbed", 0, true }, /* not a Package.resolved at all */
	{ "cve-packages", 3, false },
	{ "empty", 0, true }, /* zero bytes */
	{ "invalid", 0, true },
	{ "valid", 3, false },
};

static const struct ic_fixture podfile_fixtures[] = {
	{ "empty", 0, true },   /* CocoaPods refuses an empty lock file */
	{ "invalid", 0, true }, /* a YAML scalar */
	{ "valid", 2, false },
	{ "valid2", 4, false },
};

static void test_corpus(void)
{
	CHECK_INT(ic_check_folder("swift-package-resolved", "swift-packageresolved",
	                          resolved_fixtures, ARRAY_SIZE(resolved_fixtures)),
	          5);
	CHECK_INT(ic_check_folder("cocoapods-podfile-lock", "swift-podfilelock", podfile_fixtures,
	                          ARRAY_SIZE(podfile_fixtures)),
	          4);
}

static void test_resolved_v2_exact(void)
{
	struct inventory inv = INVENTORY_INIT;
	struct pkg *p;

	ic_read_corpus(&inv, "swift-package-resolved", "swift-packageresolved/valid");
	CHECK_PURLS(&inv, "pkg:swift/github.com/apple/swift-algorithms@1.0.0\n"
	                  "pkg:swift/github.com/apple/swift-async-algorithms@0.1.0\n"
	                  "pkg:swift/github.com/apple/swift-atomics@1.1.0\n");
	p = IC_PKG(&inv, "pkg:swift/github.com/apple/swift-atomics@1.1.0");
	CHECK_STR(p->ecosystem, "SwiftURL");
	CHECK_STR(p->namespace, "github.com/apple");
	CHECK_INT(p->locs[0].line, 22);
	CHECK_STR(ic_prop(p, "vouch:git-commit"), "6c89474e62719ddcc1e9614989fff2f68208fe10");
	CHECK_INT(p->flags, 0);
	inventory_release(&inv);
}

static void test_resolved_v1_v3(void)
{
	struct inventory inv = INVENTORY_INIT;
	struct pkg *p;

	ic_read(&inv, "swift-package-resolved", "Package.resolved",
	        "{\n  \"object\": {\n    \"pins\": [\n      {\n"
	        "        \"package\": \"Alamofire\",\n"
	        "        \"repositoryURL\": \"https://github.com/Alamofire/Alamofire.git\",\n"
	        "        \"state\": {\"branch\": null, \"revision\": \"f96b\", \"version\": "
	        "\"5.4.3\"}\n"
	        "      },\n      {\n"
	        "        \"package\": \"Tip\",\n"
	        "        \"repositoryURL\": \"git@gitlab.example.com:team/tip.git\",\n"
	        "        \"state\": {\"branch\": \"main\", \"revision\": \"abc123\", \"version\": "
	        "null}\n"
	        "      }\n    ]\n  },\n  \"version\": 1\n}\n");
	CHECK_PURLS(&inv, "pkg:swift/github.com/Alamofire/Alamofire@5.4.3\n"
	                  "pkg:swift/gitlab.example.com/team/tip@abc123\n");
	CHECK_INT(IC_PKG(&inv, "pkg:swift/github.com/Alamofire/Alamofire@5.4.3")->locs[0].line, 5);
	p = IC_PKG(&inv, "pkg:swift/gitlab.example.com/team/tip@abc123");
	CHECK_STR(ic_prop(p, "vouch:git-branch"), "main");
	inventory_release(&inv);

	ic_read(&inv, "swift-package-resolved", "Package.resolved",
	        "{\"originHash\": \"x\", \"pins\": [\n"
	        " {\"identity\": \"local\", \"kind\": \"localSourceControl\", \"location\": "
	        "\"/src/local\", \"state\": {\"revision\": \"1\"}},\n"
	        " {\"identity\": \"mona.linked-list\", \"kind\": \"registry\", \"location\": \"\", "
	        "\"state\": {\"version\": \"0.0.1\"}}\n"
	        "], \"version\": 3}\n");
	CHECK_PURLS(&inv, "pkg:swift/local@1\npkg:swift/mona/linked-list@0.0.1\n");
	p = IC_PKG(&inv, "pkg:swift/local@1");
	CHECK_INT(p->flags, PKG_LOCAL);
	CHECK(p->ecosystem == NULL);
	CHECK_INT(p->locs[0].line, 2);
	CHECK(IC_PKG(&inv, "pkg:swift/mona/linked-list@0.0.1")->ecosystem == NULL);
	inventory_release(&inv);

	ic_read(&inv, "swift-package-resolved", "Package.resolved",
	        "{\"pins\": [], \"version\": 4}");
	CHECK_INT(ic_diags(&inv, INV_ERROR, "version 4 is not one of 1, 2, 3"), 1);
	inventory_release(&inv);
}

static void test_podfile_exact(void)
{
	struct inventory inv = INVENTORY_INIT;
	struct pkg *p;

	ic_read_corpus(&inv, "cocoapods-podfile-lock", "swift-podfilelock/valid2");
	CHECK_PURLS(&inv, "pkg:cocoapods/GlossButtonNode@3.1.2\n"
	                  "pkg:cocoapods/PINCache@3.0.3\n"
	                  "pkg:cocoapods/Reveal-SDK@1.5.0\n"
	                  "pkg:cocoapods/SwiftGen@6.0.0\n");
	p = IC_PKG(&inv, "pkg:cocoapods/PINCache@3.0.3");
	CHECK_INT(p->flags, PKG_TRANSITIVE); /* not in DEPENDENCIES */
	CHECK(p->ecosystem == NULL);
	CHECK_INT(p->locs[0].line, 3);
	CHECK_STR(ic_prop(p, "vouch:podspec-sha1"), "7a8fc1a691173d21dbddbf86cd515de6efa55086");
	CHECK_INT(IC_PKG(&inv, "pkg:cocoapods/SwiftGen@6.0.0")->flags, PKG_DIRECT);
	/* Texture and TinyConstraints are dependencies without a locked pod */
	CHECK_INT(ic_diags(&inv, INV_NOTE, "'Texture' is not among the PODS"), 1);
	CHECK_INT(inv.nerrors, 0);
	inventory_release(&inv);
}

static void test_podfile_subspecs_edges(void)
{
	struct inventory inv = INVENTORY_INIT;
	struct pkg *p;

	ic_read(&inv, "cocoapods-podfile-lock", "Podfile.lock",
	        "PODS:\n"
	        "  - Firebase/Core (10.0.0):\n"
	        "    - Firebase/CoreOnly\n"
	        "    - FirebaseAnalytics (~> 10.0.0)\n"
	        "  - Firebase/CoreOnly (10.0.0):\n"
	        "    - FirebaseCore (= 10.0.0)\n"
	        "  - FirebaseAnalytics (10.0.0)\n"
	        "  - FirebaseCore (10.0.0)\n"
	        "  - \"GoogleUtilities/NSData+zlib (7.11.0)\"\n"
	        "  - MyLocal (0.1.0)\n"
	        "\n"
	        "DEPENDENCIES:\n"
	        "  - Firebase/Core\n"
	        "  - \"GoogleUtilities/NSData+zlib\"\n"
	        "  - MyLocal (from `../MyLocal`)\n"
	        "\n"
	        "EXTERNAL SOURCES:\n"
	        "  MyLocal:\n"
	        "    :path: \"../MyLocal\"\n"
	        "\n"
	        "COCOAPODS: 1.12.0\n");
	CHECK_PURLS(&inv, "pkg:cocoapods/Firebase@10.0.0\n"
	                  "pkg:cocoapods/FirebaseAnalytics@10.0.0\n"
	                  "pkg:cocoapods/FirebaseCore@10.0.0\n"
	                  "pkg:cocoapods/GoogleUtilities@7.11.0\n"
	                  "pkg:cocoapods/MyLocal@0.1.0\n");
	p = IC_PKG(&inv, "pkg:cocoapods/Firebase@10.0.0");
	CHECK_INT(p->flags, PKG_DIRECT);
	CHECK_INT(p->nlocs, 1);
	CHECK_INT(p->ndeps, 2);
	CHECK(ic_has_dep(p, "pkg:cocoapods/FirebaseAnalytics@10.0.0"));
	CHECK(ic_has_dep(p, "pkg:cocoapods/FirebaseCore@10.0.0"));
	CHECK_INT(p->nprops, 2);
	CHECK_STR(ic_prop(IC_PKG(&inv, "pkg:cocoapods/GoogleUtilities@7.11.0"),
	                  "vouch:cocoapods-subspec"),
	          "GoogleUtilities/NSData+zlib");
	CHECK_INT(IC_PKG(&inv, "pkg:cocoapods/FirebaseCore@10.0.0")->flags, PKG_TRANSITIVE);
	p = IC_PKG(&inv, "pkg:cocoapods/MyLocal@0.1.0");
	CHECK_INT(p->flags, PKG_DIRECT | PKG_LOCAL);
	CHECK_INT(inv.nerrors, 0);
	inventory_release(&inv);

	ic_read(&inv, "cocoapods-podfile-lock", "Podfile.lock",
	        "PODS:\n  - A (1.0)\n  - A/Sub (2.0)\n  - NoVersion\n");
	CHECK_INT(ic_diag_line(&inv, "locked at 1.0 and at 2.0"), 3);
	CHECK_INT(ic_diag_line(&inv, "has no version"), 4);
	inventory_release(&inv);
}

RUN_TESTS("inv_swift", T(test_corpus), T(test_resolved_v2_exact), T(test_resolved_v1_v3),
          T(test_podfile_exact), T(test_podfile_subspecs_edges))
